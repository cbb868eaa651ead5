import Foundation
import MLGOCompile
import MLGOCore

/// Runs extraction jobs in parallel into a corpus folder in ml-compiler-opt's layout.
/// Modules are ordered by name; a module whose bitcode is byte-identical to an earlier one is
/// left out (and reported); a module that fails is reported and the rest are kept. A re-run
/// into the same folder reuses every module finished before (see ExtractionProgress).
public struct CorpusExtractor: Sendable {
    public var jobs: Int

    public init(jobs: Int = WorkerPool.defaultJobCount) {
        self.jobs = jobs
    }

    public func run(_ work: [ExtractionJob], output: URL, skipped: [SkippedEntry] = [],
                    progress: (@Sendable (Int, Int) -> Void)? = nil) throws -> (Corpus, ExtractionReport) {
        let sorted = work.sorted { $0.module < $1.module }
        for (previous, next) in zip(sorted, sorted.dropFirst()) where previous.module == next.module {
            throw MLGOError.invalidArgument("two inputs would both become module \(next.module)")
        }
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        let state = ExtractionProgress(corpus: output)
        let corpus = Corpus(root: output, description: .init(modules: []))

        // Finished before: a marker whose bitcode is still there, or a duplicate whose files
        // were removed on purpose (its hash belongs to an earlier finished module).
        var finished: [String: ExtractionProgress.Marker] = [:]
        var finishedHashes: Set<String> = []
        for job in sorted {
            guard let marker = state.marker(for: job.module) else { continue }
            let size = (try? FileManager.default.attributesOfItem(atPath: corpus.bitcodeURL(job.module).path)[.size]) as? Int
            if size == marker.bytes || (size == nil && finishedHashes.contains(marker.sha256)) {
                finished[job.module] = marker
                finishedHashes.insert(marker.sha256)
            }
        }
        let pending = sorted.filter { finished[$0.module] == nil }
        let results = WorkerPool.map(pending, jobs: jobs, progress: progress) { job in
            try Self.extract(job, corpus: corpus, state: state)
        }

        var report = ExtractionReport(skipped: skipped)
        var markers = finished
        report.reused = sorted.map(\.module).filter { finished[$0] != nil }
        for (job, result) in zip(pending, results) {
            switch result {
            case .success(let marker):
                markers[job.module] = marker
                report.extracted.append(job.module)
            case .failure(let error):
                report.failures.append(.init(module: job.module, reason: "\(error)"))
            }
        }
        var firstWithHash: [String: String] = [:]
        for job in sorted {
            guard let marker = markers[job.module] else { continue }
            if let original = firstWithHash[marker.sha256] {
                report.duplicates.append(.init(module: job.module, duplicateOf: original))
                try? FileManager.default.removeItem(at: corpus.bitcodeURL(job.module))
                try? FileManager.default.removeItem(at: corpus.commandURL(job.module))
            } else {
                firstWithHash[marker.sha256] = job.module
                report.kept.append(job.module)
            }
        }
        var result = corpus
        result.description.modules = report.kept
        try result.writeDescription()
        try report.write(to: output)
        return (result, report)
    }

    /// Produces one module into temporary files, then moves them into place and marks it done.
    static func extract(_ job: ExtractionJob, corpus: Corpus, state: ExtractionProgress) throws -> ExtractionProgress.Marker {
        state.clear(job.module)
        let bitcode = corpus.bitcodeURL(job.module)
        let command = corpus.commandURL(job.module)
        try FileManager.default.createDirectory(at: bitcode.deletingLastPathComponent(), withIntermediateDirectories: true)
        let partialBitcode = URL(fileURLWithPath: bitcode.path + ".partial")
        let partialCommand = URL(fileURLWithPath: command.path + ".partial")
        // Left over from an interrupted run, or removed after this one.
        try? FileManager.default.removeItem(at: partialBitcode)
        try? FileManager.default.removeItem(at: partialCommand)
        defer {
            try? FileManager.default.removeItem(at: partialBitcode)
            try? FileManager.default.removeItem(at: partialCommand)
        }
        do {
            try job.produce(partialBitcode, partialCommand)
        } catch {
            try? FileManager.default.removeItem(at: bitcode)
            try? FileManager.default.removeItem(at: command)
            throw error
        }
        guard let data = FileManager.default.contents(atPath: partialBitcode.path), !data.isEmpty else {
            throw MLGOError.malformed(job.module, "no bitcode was produced")
        }
        guard data.starts(with: [0x42, 0x43, 0xC0, 0xDE]) || data.starts(with: [0xDE, 0xC0, 0x17, 0x0B]) else {
            throw MLGOError.malformed(job.module, "the output is not LLVM bitcode")
        }
        try moveReplacing(partialBitcode, to: bitcode)
        if FileManager.default.fileExists(atPath: partialCommand.path) {
            try moveReplacing(partialCommand, to: command)
        } else {
            try? FileManager.default.removeItem(at: command)
        }
        let marker = ExtractionProgress.Marker(sha256: SHA256.hexDigest(data), bytes: data.count)
        try state.markDone(job.module, marker)
        return marker
    }

    /// rename(2): atomic, and replaces an existing file (FileManager.moveItem does not).
    static func moveReplacing(_ source: URL, to destination: URL) throws {
        guard rename(source.path, destination.path) == 0 else {
            throw MLGOError.unavailable(destination.path, "cannot move \(source.lastPathComponent) into place (errno \(errno))")
        }
    }
}

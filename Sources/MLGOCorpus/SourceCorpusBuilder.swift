import Foundation
import MLGOCompile
import MLGOCore

/// Builds a corpus from a folder of C sources (the bundled corpus): each `.c` file becomes one
/// module of pre-optimisation bitcode, captured as `clang-22 -Oz -Xclang -disable-llvm-passes`
/// so the inliner still has every decision to make.
public struct SourceCorpusBuilder: Sendable {
    public var toolchain: Toolchain
    public var flags: [String]
    public var jobs: Int

    public init(toolchain: Toolchain, flags: [String] = ["-std=c11", "-Oz"], jobs: Int = WorkerPool.defaultJobCount) {
        self.toolchain = toolchain
        self.flags = flags
        self.jobs = jobs
    }

    public struct Failure: Sendable {
        public var source: String
        public var reason: String
    }

    /// Builds the corpus into `output`; a source that does not compile is reported and left
    /// out, the others are kept. Returns the corpus and the failures.
    public func build(sources: URL, output: URL) throws -> (Corpus, [Failure]) {
        let files = try FileManager.default.contentsOfDirectory(atPath: sources.path)
            .filter { $0.hasSuffix(".c") }.sorted()
        guard !files.isEmpty else {
            throw MLGOError.unavailable(sources.path, "no .c files to build a corpus from")
        }
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        let toolchain = self.toolchain
        let flags = self.flags
        let results = WorkerPool.map(files, jobs: jobs) { file -> String in
            let module = String(file.dropLast(2))
            let bitcode = output.appendingPathComponent(module + ".bc")
            let arguments = flags + ["-Xclang", "-disable-llvm-passes", "-emit-llvm", "-c",
                                     sources.appendingPathComponent(file).path, "-o", bitcode.path]
            let result = try ProcessRunner.run(toolchain.clang, arguments, timeout: 120)
            guard result.succeeded else {
                try? FileManager.default.removeItem(at: bitcode)
                throw MLGOError.commandFailed("clang-22 \(file)", result.timedOut ? "timed out" :
                    result.standardError.split(separator: "\n").prefix(3).joined(separator: " | "))
            }
            let command = (flags + ["-c"]).joined(separator: "\0")
            try Data(command.utf8).write(to: output.appendingPathComponent(module + ".cmd"))
            return module
        }
        var modules: [String] = []
        var failures: [Failure] = []
        for (file, result) in zip(files, results) {
            switch result {
            case .success(let module): modules.append(module)
            case .failure(let error): failures.append(Failure(source: file, reason: "\(error)"))
            }
        }
        let corpus = Corpus(root: output, description: .init(modules: modules))
        try corpus.writeDescription()
        return (corpus, failures)
    }
}

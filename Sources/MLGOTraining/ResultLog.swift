import Foundation
import Logging
import MLGOCompile
import MLGOCore

/// A run's `results.jsonl`, appended to by the workers one finished module at a time, so that
/// a killed run keeps what it finished and resumes with the rest.
final class ResultLog: @unchecked Sendable {
    private let lock = NSLock()
    private let file: URL
    private var done: Int
    private var compiles = 0

    init(file: URL, done: Int) {
        self.file = file
        self.done = done
    }

    func append<Record: Encodable>(_ record: Record) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let line = try encoder.encode(record) + Data("\n".utf8)
        lock.lock()
        defer { lock.unlock() }
        if !FileManager.default.fileExists(atPath: file.path) { _ = FileManager.default.createFile(atPath: file.path, contents: nil) }
        let handle = try FileHandle(forWritingTo: file)
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: line)
    }

    /// Counts a finished module and its compiles; the totals so far.
    func progress(adding moduleCompiles: Int) -> (done: Int, compiles: Int) {
        lock.lock()
        defer { lock.unlock() }
        done += 1
        compiles += moduleCompiles
        return (done, compiles)
    }

    /// The records in `file`, in order. A line cut off by a kill is dropped: its module is done
    /// again on resume.
    static func records<Record: Decodable>(_ type: Record.Type, in file: URL) -> [Record] {
        guard let data = FileManager.default.contents(atPath: file.path) else { return [] }
        return data.split(separator: UInt8(ascii: "\n")).compactMap { try? JSONDecoder().decode(Record.self, from: Data($0)) }
    }
}

/// A search run's `settings.json`: written when the run starts, and when it resumes checked to
/// be what the run was started with.
enum RunSettingsFile {
    static func prepare<Settings: Codable & Equatable>(_ settings: Settings, in folder: URL, resume: Bool) throws {
        let file = folder.appendingPathComponent("settings.json")
        if let saved = FileManager.default.contents(atPath: file.path) {
            guard resume else {
                throw MLGOError.invalidArgument("\(folder.path) already holds a search; pass --resume to continue it or choose another --output")
            }
            guard (try? JSONDecoder().decode(Settings.self, from: saved)) == settings else {
                throw MLGOError.invalidArgument("\(file.path) was made with other settings; resume with the same options")
            }
        } else {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
            try encoder.encode(settings).write(to: file, options: .atomic)
        }
    }
}

/// A record of one finished module in a run's `results.jsonl`.
protocol ModuleRunRecord: Codable, Sendable {
    /// `<corpus>/<module>`.
    var name: String { get }
    /// The compiles the module took.
    var compileCount: Int { get }
}

/// What every per-module run (a search of each module in turn) does around the work on one
/// module: settings.json checked or written, the finished modules of results.jsonl skipped on
/// resume, the rest on the worker pool, each appended when done, a progress line each, and a
/// cluster that went away stopping the run before its failures could be recorded as modules'.
enum PerModuleRun {
    /// Every module's record, finished earlier or now, in `modules` order; failed modules are
    /// logged and left out (and tried again on resume).
    static func run<Settings: Codable & Equatable, Record: ModuleRunRecord>(
        _ settings: Settings, modules: [TrainingModule], folder: URL, resume: Bool, jobs: Int, backend: CompileBackend,
        logger: Logger, describe: @escaping @Sendable (Record) -> String,
        work: @escaping @Sendable (TrainingModule) throws -> Record
    ) throws -> [Record] {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try RunSettingsFile.prepare(settings, in: folder, resume: resume)
        let resultsFile = folder.appendingPathComponent("results.jsonl")
        let finished = Dictionary(ResultLog.records(Record.self, in: resultsFile).map { ($0.name, $0) }) { _, last in last }
        let pending = modules.filter { finished[$0.name] == nil }
        if !finished.isEmpty { logger.info("resuming: \(finished.count) modules done, \(pending.count) to search") }
        let results = ResultLog(file: resultsFile, done: finished.count)
        let started = Date()
        let outcomes = WorkerPool.map(pending, jobs: jobs) { module -> Record in
            let record = try work(module)
            try backend.checkAvailable()  // else the cluster's failures would be the module's
            try results.append(record)
            let (done, compiles) = results.progress(adding: record.compileCount)
            logger.info(Logger.Message(stringLiteral: String(format: "[%d/%d] %@: %@; %.1f compiles/s", done, modules.count,
                       module.name, describe(record), Double(compiles) / max(Date().timeIntervalSince(started), 1e-9))))
            return record
        }
        try backend.checkAvailable()
        for (module, outcome) in zip(pending, outcomes) {
            if case .failure(let error) = outcome { logger.warning("\(module.name) left out: \(error)") }
        }
        var byName = finished
        for case .success(let record) in outcomes { byName[record.name] = record }
        return modules.compactMap { byName[$0.name] }
    }
}

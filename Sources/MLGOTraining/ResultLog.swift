import Foundation
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

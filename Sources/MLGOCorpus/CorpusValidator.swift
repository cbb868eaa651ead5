import Foundation
import MLGOCompile
import MLGOCore

/// Checks that every module of a corpus compiles to an object with its recorded command
/// (`clang-22 <command> -x ir <module>.bc -o <object>`), as ml-compiler-opt will compile it.
public struct CorpusValidator: Sendable {
    public var clang: String
    public var jobs: Int
    public var timeout: Double

    public init(clang: String, jobs: Int = WorkerPool.defaultJobCount, timeout: Double = 300) {
        self.clang = clang
        self.jobs = jobs
        self.timeout = timeout
    }

    /// The failures (empty if every module compiled).
    public func validate(_ corpus: Corpus, scratch: URL,
                         progress: (@Sendable (Int, Int) -> Void)? = nil) throws -> [ExtractionReport.Failure] {
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        let clang = self.clang
        let timeout = self.timeout
        let results = WorkerPool.map(corpus.modules, jobs: jobs, progress: progress) { module in
            guard let command = corpus.command(for: module) else {
                throw MLGOError.unavailable(corpus.commandURL(module).path, "the module has no recorded command")
            }
            let object = scratch.appendingPathComponent(UUID().uuidString + ".o")
            defer { try? FileManager.default.removeItem(at: object) }
            let arguments = Self.arguments(command: command, bitcode: corpus.bitcodeURL(module).path, object: object.path)
            let result = try ProcessRunner.run(clang, arguments, timeout: timeout)
            guard result.succeeded, FileManager.default.fileExists(atPath: object.path) else {
                throw MLGOError.commandFailed("clang-22 on \(module)", result.timedOut ? "timed out after \(Int(timeout)) s"
                    : "exit \(result.exitCode): " + CompileCommandSource.firstErrors(result.standardError))
            }
        }
        return zip(corpus.modules, results).compactMap { module, result in
            if case .failure(let error) = result { return .init(module: module, reason: "\(error)") }
            return nil
        }
    }

    /// The recorded command with our input and output. A driver command (not `-cc1`) gets
    /// -Wno-unused-command-line-argument: its preprocessor flags mean nothing for IR input,
    /// and -Werror would turn that warning into a failure.
    static func arguments(command: [String], bitcode: String, object: String) -> [String] {
        var recorded: [String] = []
        var index = 0
        while index < command.count {
            if command[index] == "-o" { index += 2; continue }
            recorded.append(command[index])
            index += 1
        }
        let quiet = recorded.first == "-cc1" ? [] : ["-Wno-unused-command-line-argument"]
        return recorded + quiet + ["-x", "ir", bitcode, "-o", object]
    }
}

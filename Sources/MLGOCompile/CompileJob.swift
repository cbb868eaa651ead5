import Foundation
import MLGOCore

/// One module's compile as data: the commands to run, the files they read (by content hash)
/// and the files to bring back. A job runs the same on this machine (`run(files:scratch:)`) and
/// on a cluster worker (ClusterClient), so both give the same bytes. Arguments may hold
/// `@in:NAME@`, `@out:NAME@` and `@tmp:NAME@`: files in the job's own temporary folder.
public struct CompileJob: Codable, Sendable, Equatable {
    public struct Command: Codable, Sendable, Equatable {
        /// The program (an absolute path, the same on every machine of a cluster) and its arguments.
        public var arguments: [String]
        public var timeout: Double
        public init(_ arguments: [String], timeout: Double) {
            self.arguments = arguments
            self.timeout = timeout
        }
    }

    /// Input name → SHA-256 of its content.
    public var inputs: [String: String] = [:]
    public var outputs: [String] = []
    public var commands: [Command] = []
    public init() {}

    /// Adds `file` as input `name`; returns its placeholder. `files` collects hash → path.
    public mutating func input(_ name: String, _ file: URL, files: inout [String: URL]) throws -> String {
        let digest = try FileDigests.shared.digest(of: file)
        inputs[name] = digest
        files[digest] = file
        return "@in:\(name)@"
    }

    /// Declares output `name`; returns its placeholder.
    public mutating func output(_ name: String) -> String {
        outputs.append(name)
        return "@out:\(name)@"
    }

    /// What one command did.
    public struct Step: Codable, Sendable, Equatable {
        public var status: Int32
        public var seconds: Double
        public var timedOut: Bool
        public var stderr: String
    }

    public struct Result: Codable, Sendable, Equatable {
        /// One a command run; a failing command is the last.
        public var steps: [Step]
        /// Output name → content, for the outputs the commands wrote.
        public var outputs: [String: Data]

        public var seconds: Double { steps.map(\.seconds).reduce(0, +) }

        /// Throws the first failed command's error, named by `what` (its module).
        public func check(_ what: String, commands: [Command]) throws {
            for (index, step) in steps.enumerated() where step.status != 0 || step.timedOut {
                let program = URL(fileURLWithPath: commands[index].arguments[0]).lastPathComponent
                try ProcessResult(exitCode: step.status, standardError: step.stderr, timedOut: step.timedOut,
                                  seconds: step.seconds).check("\(program) on \(what)", timeout: commands[index].timeout)
            }
            if steps.count < commands.count {
                throw MLGOError.unavailable(what, "ran \(steps.count) of its \(commands.count) commands")
            }
        }

        /// Writes output `name` to `destination` (replacing it); false when the job did not write it.
        @discardableResult
        public func write(_ name: String, to destination: URL) throws -> Bool {
            guard let data = outputs[name] else { return false }
            try FileManager.default.createDirectory(at: destination.deletingLastPathComponent(), withIntermediateDirectories: true)
            try data.write(to: destination, options: .atomic)
            return true
        }
    }

    /// Runs the job here, in a temporary folder under `scratch`; `files` maps the inputs'
    /// hashes to files (from `input(_:_:files:)`).
    public func run(files: [String: URL], scratch: URL) throws -> Result {
        let work = scratch.appendingPathComponent("job-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        var paths: [String: String] = [:]
        for (name, digest) in inputs {
            guard let file = files[digest] else { throw MLGOError.invalidArgument("job input \(name): no file with hash \(digest)") }
            paths["in:\(name)"] = file.path
        }
        for name in outputs { paths["out:\(name)"] = work.appendingPathComponent("out-\(name)").path }
        func substitute(_ argument: String) -> String {
            var result = argument
            while let start = result.firstIndex(of: "@"),
                  let end = result[result.index(after: start)...].firstIndex(of: "@") {
                let key = String(result[result.index(after: start)..<end])
                if key.hasPrefix("tmp:") && paths[key] == nil { paths[key] = work.appendingPathComponent("tmp-\(key.dropFirst(4))").path }
                guard let path = paths[key] else { break }
                result.replaceSubrange(start...end, with: path)
            }
            return result
        }
        var steps: [Step] = []
        for command in commands {
            let arguments = command.arguments.map(substitute)
            let result = try ProcessRunner.run(arguments[0], Array(arguments.dropFirst()), timeout: command.timeout, workingDirectory: work)
            steps.append(Step(status: result.exitCode, seconds: result.seconds, timedOut: result.timedOut, stderr: result.standardError))
            if !result.succeeded { break }
        }
        var written: [String: Data] = [:]
        for name in outputs {
            if let data = FileManager.default.contents(atPath: paths["out:\(name)"]!) { written[name] = data }
        }
        return Result(steps: steps, outputs: written)
    }
}

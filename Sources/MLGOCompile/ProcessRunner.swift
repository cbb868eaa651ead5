import Foundation
import MLGOCore

/// Runs a program with a time limit and captures what it prints.
public struct ProcessResult: Sendable {
    public var exitCode: Int32
    /// What the program printed on standard output, if `run` was asked to capture it.
    public var standardOutput: String = ""
    public var standardError: String
    public var timedOut: Bool
    public var seconds: Double
    public var succeeded: Bool { exitCode == 0 && !timedOut }

    /// Throws unless the command succeeded: `what` names it ("llc on x.bc"); the error keeps
    /// the first lines of standard error.
    public func check(_ what: String, timeout: Double) throws {
        if timedOut { throw MLGOError.commandFailed(what, "timed out after \(Int(timeout)) s") }
        if exitCode != 0 {
            let message = standardError.split(separator: "\n").prefix(5).joined(separator: " | ")
            throw MLGOError.commandFailed(what, "exit \(exitCode): \(message)")
        }
    }
}

/// Foundation's `Process`, not swift-subprocess: every caller is a synchronous worker thread
/// (WorkerPool), and swift-subprocess 1.0.2 is async only; docs/dependencies.md has the
/// measurements behind the choice.
public enum ProcessRunner {
    /// Where a program's standard output goes.
    public enum Output: Sendable {
        case discarded
        /// Into `ProcessResult.standardOutput` (the last 16 MiB).
        case captured
        /// Into this file, created or truncated (for outputs that are files, such as llc's).
        case file(URL)
    }

    /// Runs `executable` with `arguments`; kills it (and reports `timedOut`) after `timeout`
    /// seconds. Standard error is kept (last 64 KiB). `environment` adds to (or replaces entries
    /// of) this process's environment, or is the whole environment when `inheritingEnvironment`
    /// is false (benchmarks run in a fixed one).
    public static func run(_ executable: String, _ arguments: [String], timeout: Double = 600,
                           workingDirectory: URL? = nil, standardOutput: Output = .discarded,
                           environment: [String: String] = [:], inheritingEnvironment: Bool = true) throws -> ProcessResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let workingDirectory { process.currentDirectoryURL = workingDirectory }
        if !inheritingEnvironment {
            process.environment = environment
        } else if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        let errorPipe = Pipe()
        process.standardError = errorPipe
        var outputFile: FileHandle?
        var outputPipe: Pipe?
        switch standardOutput {
        case .discarded:
            process.standardOutput = FileHandle.nullDevice
        case .captured:
            let pipe = Pipe()
            process.standardOutput = pipe
            outputPipe = pipe
        case .file(let url):
            guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
                throw MLGOError.unavailable(url.path, "cannot create the file for standard output")
            }
            let handle = try FileHandle(forWritingTo: url)
            process.standardOutput = handle
            outputFile = handle
        }
        defer { try? outputFile?.close() }
        process.standardInput = FileHandle.nullDevice

        // Before run(): a program that exits at once may end before a handler set afterwards
        // exists, and its end would never be signalled (seen with /bin/true: the wait below
        // then lasted the whole timeout, and the one after terminate() forever).
        let finished = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in finished.signal() }
        let start = Date()
        do {
            try process.run()
        } catch {
            throw MLGOError.unavailable(executable, "cannot start: \(error.localizedDescription)")
        }
        // Started only once the child holds the pipes' write ends (run() closes ours), so each
        // reader ends at the end of its stream.
        let errors = PipeReader(errorPipe.fileHandleForReading, limit: 64 << 10)
        let output = outputPipe.map { PipeReader($0.fileHandleForReading, limit: 16 << 20) }
        var timedOut = false
        // Foundation signals the end only when every holder of the descriptors it gave the
        // child has closed them: a background process the child left (a daemon) holds the
        // run until it exits. After the kill, give up waiting rather than hang.
        var ended = true
        if finished.wait(timeout: .now() + timeout) == .timedOut {
            timedOut = true
            process.terminate()
            if finished.wait(timeout: .now() + 5) == .timedOut {
                kill(process.processIdentifier, SIGKILL)
                ended = finished.wait(timeout: .now() + 5) == .success
            }
        }
        // Once the process has ended its streams end too, unless a process it left behind still
        // holds them: then what arrived within a few seconds is kept.
        if ended { process.waitUntilExit() }
        let readingTime: Double = ended ? 5 : 0
        return ProcessResult(exitCode: ended ? process.terminationStatus : -9,
                             standardOutput: output?.text(waitingAtMost: readingTime) ?? "",
                             standardError: errors.text(waitingAtMost: readingTime), timedOut: timedOut,
                             seconds: Date().timeIntervalSince(start))
    }
}

/// Reads a pipe to the end of its stream on a thread of its own, keeping the last `limit`
/// bytes. (Foundation's readability handlers, used before, could fire while being removed,
/// and rarely crashed libdispatch: a trap in a dispatch worker thread.)
private final class PipeReader: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()
    private let limit: Int
    private let finished = DispatchSemaphore(value: 0)

    init(_ handle: FileHandle, limit: Int) {
        self.limit = limit
        let thread = Thread { [self] in
            while true {
                let chunk = handle.availableData  // blocks; empty at the end of the stream
                if chunk.isEmpty { break }
                lock.lock()
                data.append(chunk)
                if data.count > limit { data = data.suffix(limit) }
                lock.unlock()
            }
            finished.signal()
        }
        thread.stackSize = 1 << 20
        thread.start()
    }

    /// What was read, once the stream has ended or `seconds` have passed.
    func text(waitingAtMost seconds: Double) -> String {
        _ = finished.wait(timeout: .now() + seconds)
        lock.lock()
        defer { lock.unlock() }
        return String(decoding: data, as: UTF8.self)
    }
}

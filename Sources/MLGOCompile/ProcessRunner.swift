import Foundation
import MLGOCore

/// Runs a program with a time limit and captures what it prints.
public struct ProcessResult: Sendable {
    public var exitCode: Int32
    public var standardError: String
    public var timedOut: Bool
    public var seconds: Double
    public var succeeded: Bool { exitCode == 0 && !timedOut }
}

public enum ProcessRunner {
    /// Runs `executable` with `arguments`; kills it (and reports `timedOut`) after `timeout`
    /// seconds. Standard output is discarded, or written to the file `standardOutput`; standard
    /// error is kept (last 64 KiB). `environment` adds to (or replaces entries of) this
    /// process's environment, or is the whole environment when `inheritingEnvironment` is false
    /// (benchmarks run in a fixed one).
    public static func run(_ executable: String, _ arguments: [String], timeout: Double = 600,
                           workingDirectory: URL? = nil, standardOutput: URL? = nil,
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
        if let standardOutput {
            guard FileManager.default.createFile(atPath: standardOutput.path, contents: nil) else {
                throw MLGOError.unavailable(standardOutput.path, "cannot create the file for standard output")
            }
            outputFile = try FileHandle(forWritingTo: standardOutput)
        }
        defer { try? outputFile?.close() }
        process.standardOutput = outputFile ?? FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice

        let collected = ErrorCollector()
        errorPipe.fileHandleForReading.readabilityHandler = { handle in
            collected.append(handle.availableData)
        }
        // Set before run(): a handler set after a quick program has exited may never be called,
        // and the wait below would then last the whole timeout.
        let finished = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in finished.signal() }
        let start = Date()
        do {
            try process.run()
        } catch {
            errorPipe.fileHandleForReading.readabilityHandler = nil
            throw MLGOError.unavailable(executable, "cannot start: \(error.localizedDescription)")
        }
        var timedOut = false
        if finished.wait(timeout: .now() + timeout) == .timedOut {
            timedOut = true
            process.terminate()
            if finished.wait(timeout: .now() + 5) == .timedOut {
                kill(process.processIdentifier, SIGKILL)
                finished.wait()
            }
        }
        process.waitUntilExit()
        errorPipe.fileHandleForReading.readabilityHandler = nil
        collected.append(errorPipe.fileHandleForReading.readDataToEndOfFile())
        return ProcessResult(exitCode: process.terminationStatus, standardError: collected.text,
                             timedOut: timedOut, seconds: Date().timeIntervalSince(start))
    }
}

private final class ErrorCollector: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()
    private let limit = 64 * 1024

    func append(_ chunk: Data) {
        lock.lock()
        data.append(chunk)
        if data.count > limit { data = data.suffix(limit) }
        lock.unlock()
    }

    var text: String {
        lock.lock()
        defer { lock.unlock() }
        return String(decoding: data, as: UTF8.self)
    }
}

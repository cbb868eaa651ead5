import Foundation
import MLGOCore

/// Runs batches of compile jobs on a Dask cluster through `tools/cluster/mlgo_dask_bridge.py`
/// (docs/scale-out.md), a thin Python process that speaks JSON lines: this side decides every
/// command and parses every result, the bridge only moves files and tasks. One bridge per
/// client, shared by every thread: each `run` is one Dask task and waits for its own answer.
public final class ClusterClient: @unchecked Sendable {
    public let address: String
    /// Workers connected when the bridge started.
    public let workers: Int
    private let process: Process
    private let input: FileHandle
    private let lock = NSLock()
    private var nextID = 0
    private let answers: Answers
    private let bridgeErrors = Box()
    private let llvmVersion: String
    private let llvmProgram: String
    /// Bytes sent as job inputs (each distinct file once) and received as outputs.
    public private(set) var bytesSent = 0, bytesReceived = 0
    private var sent = Set<String>()
    /// Jobs a task: `run(_:files:)` gathers jobs submitted together into tasks this size.
    public var batchSize: Int {
        get { gathering.withLock { gathering.batchSize } }
        set { gathering.withLock { gathering.batchSize = max(1, newValue) } }
    }
    /// How long a job waits for others to fill its task before the task goes as it is.
    public var gatherDelay = 0.02
    private let gathering = Gathering()

    /// Single jobs waiting to travel together.
    private final class Gathering: @unchecked Sendable {
        let lock = NSLock()
        var batchSize = 8
        var waiting: [WaitingJob] = []
        /// Counts the tasks sent, so that a timer knows whether its batch already went.
        var generation = 0
        func withLock<T>(_ body: () throws -> T) rethrows -> T {
            lock.lock()
            defer { lock.unlock() }
            return try body()
        }
    }

    private typealias WaitingJob = (job: CompileJob, files: [String: URL], done: DispatchSemaphore, result: ResultBox)

    private final class ResultBox: @unchecked Sendable {
        var result: Result<CompileJob.Result, Error>?
    }

    private final class Box: @unchecked Sendable {
        var line: [String: Any]?
        var text = ""
    }

    /// The runs waiting for their answers, filled by the thread reading the bridge's output.
    private final class Answers: @unchecked Sendable {
        let lock = NSLock()
        var waiting: [Int: (DispatchSemaphore, Box)] = [:]
        var failure: String?
    }

    /// Connects to the scheduler at `address` (tcp://HOST:PORT or a scheduler file) with the
    /// bridge run by `python`; `llc` is the client's, whose version every worker must have.
    public init(address: String, python: String, bridge: String, llc: String, timeout: Double = 60) throws {
        self.address = address
        llvmProgram = URL(fileURLWithPath: llc).resolvingSymlinksInPath().path
        let version = try ProcessRunner.run(llvmProgram, ["--version"], timeout: 60, standardOutput: .captured)
        // An empty version would make every task fail as "another LLVM".
        guard version.exitCode == 0, !version.standardOutput.isEmpty else {
            throw MLGOError.unavailable(llvmProgram, "`--version` failed or printed nothing (exit \(version.exitCode)): \(version.standardError)")
        }
        llvmVersion = version.standardOutput
        process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["-u", bridge, address]
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        input = stdin.fileHandleForWriting
        let errors = bridgeErrors
        let errorLock = NSLock()
        stderr.fileHandleForReading.readabilityHandler = { handle in
            let text = String(decoding: handle.availableData, as: UTF8.self)
            errorLock.lock()
            errors.text = String((errors.text + text).suffix(8 << 10))
            errorLock.unlock()
        }
        let ready = DispatchSemaphore(value: 0)
        let greeting = Box()
        // A bridge that dies (its scheduler killed) closes the pipe the tasks are written to:
        // the write must fail with EPIPE and be reported, not end this process silently with
        // SIGPIPE's default action.
        signal(SIGPIPE, SIG_IGN)
        do {
            try process.run()
        } catch {
            throw MLGOError.unavailable(python, "cannot start the Dask bridge: \(error) (run tools/cluster/setup-dask.sh)")
        }
        let answers = Answers()
        self.answers = answers
        let process = self.process
        let reader = Thread {
            Self.readLines(stdout.fileHandleForReading, process: process, answers: answers, errors: errors, greeting: greeting, ready: ready)
        }
        reader.start()
        guard ready.wait(timeout: .now() + timeout) == .success, let line = greeting.line else {
            process.terminate()
            throw MLGOError.unavailable(address, "the Dask bridge did not connect within \(Int(timeout)) s: \(bridgeErrors.text.suffix(2000))")
        }
        guard line["op"] as? String == "ready", let workers = line["workers"] as? Int else {
            process.waitUntilExit()
            throw MLGOError.unavailable(address, (line["error"] as? String) ?? "the Dask bridge failed: \(bridgeErrors.text.suffix(2000))")
        }
        guard workers > 0 else {
            try? input.write(contentsOf: Data("{\"op\":\"close\"}\n".utf8))
            throw MLGOError.unavailable(address, "the Dask scheduler has no workers")
        }
        self.workers = workers
    }

    deinit { close() }

    /// Why the bridge ended, once it has (the scheduler went away, a worker has another LLVM,
    /// or the bridge died): every later run fails at once.
    public var lostReason: String? {
        answers.lock.lock()
        defer { answers.lock.unlock() }
        return answers.failure
    }

    /// Ends the bridge (it disconnects from the scheduler).
    public func close() {
        lock.lock()
        defer { lock.unlock() }
        guard process.isRunning else { return }
        try? input.write(contentsOf: Data("{\"op\":\"close\"}\n".utf8))
        try? input.close()
    }

    /// Runs one job. Jobs that other threads submit meanwhile go in the same task, up to
    /// `batchSize`; a task that is not full goes after `gatherDelay`. Errors are those of
    /// `run(_:files:)` for its whole task.
    public func run(_ job: CompileJob, files: [String: URL]) throws -> CompileJob.Result {
        let done = DispatchSemaphore(value: 0), box = ResultBox()
        let (full, timer) = gathering.withLock { () -> ([WaitingJob]?, Int?) in
            gathering.waiting.append((job, files, done, box))
            if gathering.waiting.count >= gathering.batchSize { return (takeBatch(), nil) }
            return (nil, gathering.waiting.count == 1 ? gathering.generation : nil)
        }
        if let full {
            send(full)
        } else if let timer {
            DispatchQueue.global().asyncAfter(deadline: .now() + gatherDelay) { [self] in
                let batch = gathering.withLock { gathering.generation == timer ? takeBatch() : nil }
                // The task blocks until its answer: on a thread of its own, not the queue's.
                if let batch { Thread { self.send(batch) }.start() }
            }
        }
        done.wait()
        return try box.result!.get()
    }

    /// Empties the waiting jobs (with `gathering`'s lock held).
    private func takeBatch() -> [WaitingJob] {
        let batch = gathering.waiting
        gathering.waiting = []
        gathering.generation += 1
        return batch
    }

    private func send(_ batch: [WaitingJob]) {
        var files: [String: URL] = [:]
        for entry in batch { files.merge(entry.files) { first, _ in first } }
        let results = Result { try run(batch.map(\.job), files: files) }
        for (index, entry) in batch.enumerated() {
            entry.result.result = results.map { $0[index] }
            entry.done.signal()
        }
    }

    /// Runs `jobs` as one task on some worker; `files` maps their inputs' hashes to files here.
    /// Returns one result a job, in order. Throws if the cluster cannot run the task (after the
    /// bridge's retries), if a worker's LLVM differs, or if the scheduler or bridge went away.
    public func run(_ jobs: [CompileJob], files: [String: URL]) throws -> [CompileJob.Result] {
        let semaphore = DispatchSemaphore(value: 0)
        let box = Box()
        let wanted = Set(jobs.flatMap { $0.inputs.values })
        var blobs: [String: String] = [:]
        for digest in wanted {
            guard let file = files[digest] else { throw MLGOError.invalidArgument("job input with hash \(digest) has no file") }
            blobs[digest] = file.path
        }
        let id: Int
        lock.lock()
        answers.lock.lock()
        if let failure = answers.failure {
            answers.lock.unlock()
            lock.unlock()
            throw MLGOError.unavailable(address, failure)
        }
        nextID += 1
        id = nextID
        answers.waiting[id] = (semaphore, box)
        answers.lock.unlock()
        for digest in wanted where sent.insert(digest).inserted {
            bytesSent += (try? FileManager.default.attributesOfItem(atPath: blobs[digest]!)[.size] as? Int) ?? 0
        }
        lock.unlock()
        let request: [String: Any] = ["op": "batch", "id": id, "llvm": llvmVersion, "llvmProgram": llvmProgram, "blobs": blobs,
                                      "jobs": try JSONSerialization.jsonObject(with: JSONEncoder().encode(jobs))]
        var line = try JSONSerialization.data(withJSONObject: request)
        line.append(UInt8(ascii: "\n"))
        lock.lock()
        do { try input.write(contentsOf: line) } catch {
            answers.lock.lock()
            answers.waiting[id] = nil
            answers.lock.unlock()
            lock.unlock()
            throw MLGOError.unavailable(address, "the Dask bridge is gone: \(bridgeErrors.text.suffix(2000))")
        }
        lock.unlock()
        semaphore.wait()
        guard let answer = box.line else { throw MLGOError.unavailable(address, box.text) }
        if let error = answer["error"] as? String { throw MLGOError.unavailable(address, error) }
        guard let results = answer["results"] as? [[String: Any]], results.count == jobs.count else {
            throw MLGOError.malformed("Dask bridge answer", "expected \(jobs.count) results")
        }
        return try results.map { result in
            let steps = try JSONDecoder().decode([CompileJob.Step].self,
                                                 from: JSONSerialization.data(withJSONObject: result["steps"] ?? []))
            var outputs: [String: Data] = [:]
            for (name, value) in (result["outputs"] as? [String: String]) ?? [:] {
                guard let data = Data(base64Encoded: value) else { throw MLGOError.malformed("Dask bridge answer", "output \(name) is not base64") }
                outputs[name] = data
            }
            lock.lock()
            bytesReceived += outputs.values.map(\.count).reduce(0, +)
            lock.unlock()
            return CompileJob.Result(steps: steps, outputs: outputs)
        }
    }

    /// The bridge's standard output: the greeting, then answers, each to its waiting `run`.
    private static func readLines(_ handle: FileHandle, process: Process, answers: Answers, errors: Box, greeting: Box,
                                  ready: DispatchSemaphore) {
        var buffer = Data()
        var greeted = false
        var lost: String?
        while true {
            let chunk = handle.availableData
            if chunk.isEmpty { break }
            // Answers carry whole traces (megabytes): look for the line's end only in the new
            // bytes, not again in all of the line so far.
            let searchFrom = buffer.count
            buffer.append(chunk)
            var from = buffer.startIndex + searchFrom
            while let newline = buffer[from...].firstIndex(of: UInt8(ascii: "\n")) {
                let lineData = buffer[buffer.startIndex..<newline]
                buffer = Data(buffer[buffer.index(after: newline)...])
                from = buffer.startIndex
                guard let line = (try? JSONSerialization.jsonObject(with: lineData)) as? [String: Any] else { continue }
                if !greeted {
                    greeted = true
                    greeting.line = line
                    ready.signal()
                    continue
                }
                if line["op"] as? String == "lost" {
                    lost = (line["error"] as? String) ?? "lost the connection to the Dask scheduler"
                    continue
                }
                guard let id = line["id"] as? Int else { continue }
                answers.lock.lock()
                let waiter = answers.waiting.removeValue(forKey: id)
                answers.lock.unlock()
                waiter?.1.line = line
                waiter?.0.signal()
            }
        }
        // The bridge ended: every waiting run fails, and so does every later one.
        process.waitUntilExit()
        let why = lost ?? "the Dask bridge exited (status \(process.terminationStatus)); the scheduler may be gone: \(errors.text.suffix(2000))"
        answers.lock.lock()
        answers.failure = why
        let waiters = answers.waiting
        answers.waiting = [:]
        answers.lock.unlock()
        if !greeted { ready.signal() }
        for (_, (semaphore, box)) in waiters {
            box.text = why
            semaphore.signal()
        }
    }
}

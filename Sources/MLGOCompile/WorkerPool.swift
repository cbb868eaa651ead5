import Foundation
import MLGOCore

/// Runs independent jobs on a fixed number of threads; each job's result or error is kept,
/// so one failing module never loses the others.
public enum WorkerPool {
    public static var defaultJobCount: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }

    /// Calls `body` on every item with at most `jobs` running at once. Results keep the
    /// order of `items`. `progress` is called after each finished item (from worker threads).
    public static func map<Item: Sendable, Output: Sendable>(
        _ items: [Item], jobs: Int = defaultJobCount,
        progress: (@Sendable (Int, Int) -> Void)? = nil,
        _ body: @escaping @Sendable (Item) throws -> Output
    ) -> [Result<Output, Error>] {
        let state = PoolState<Output>(count: items.count)
        let group = DispatchGroup()
        let workers = max(1, min(jobs, items.count))
        for _ in 0..<workers {
            group.enter()
            let thread = Thread {
                while let index = state.claim() {
                    let result = Result { try body(items[index]) }
                    let done = state.store(result, at: index)
                    progress?(done, items.count)
                }
                group.leave()
            }
            thread.stackSize = 8 << 20
            thread.start()
        }
        group.wait()
        return state.results.map { $0! }
    }
}

private final class PoolState<Output>: @unchecked Sendable {
    private let lock = NSLock()
    private var next = 0
    private var finished = 0
    private(set) var results: [Result<Output, Error>?]

    init(count: Int) { results = Array(repeating: nil, count: count) }

    func claim() -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard next < results.count else { return nil }
        next += 1
        return next - 1
    }

    func store(_ result: Result<Output, Error>, at index: Int) -> Int {
        lock.lock()
        defer { lock.unlock() }
        results[index] = result
        finished += 1
        return finished
    }
}

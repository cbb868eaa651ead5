import Foundation
import MLGOCore

/// `.text` sizes of objects already built, keyed by the SHA-256 of the optimized bitcode llc
/// was given. Training compiles the same module under many policies, and most of them make the
/// same decisions on it: the optimized bitcode is then byte-identical, and llc (about half of a
/// compile) can be skipped. In memory only; one per training run.
public final class ObjectSizeCache: @unchecked Sendable {
    private let lock = NSLock()
    private var sizes: [String: Int] = [:]
    private(set) public var hits = 0
    private(set) public var misses = 0

    public init() {}

    public func textSize(forOptimizedBitcode digest: String) -> Int? {
        lock.lock()
        defer { lock.unlock() }
        let size = sizes[digest]
        if size == nil { misses += 1 } else { hits += 1 }
        return size
    }

    public func store(_ size: Int, forOptimizedBitcode digest: String) {
        lock.lock()
        sizes[digest] = size
        lock.unlock()
    }
}

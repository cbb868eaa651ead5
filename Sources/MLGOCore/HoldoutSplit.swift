/// A deterministic split of modules (or projects) into training and held-out sets, by a
/// stable hash of the name: the same name lands on the same side on every machine and run.
public struct HoldoutSplit: Sendable {
    public var fraction: Double
    public var seed: UInt64

    public init(fraction: Double, seed: UInt64 = 0) {
        self.fraction = fraction
        self.seed = seed
    }

    public func isHeldOut(_ name: String) -> Bool {
        guard fraction > 0 else { return false }
        // FNV-1a, then a SplitMix64 step to spread it.
        var generator = SplitMix64(seed: stableHash(name, seed: seed))
        return Double(generator.next() >> 11) / Double(1 << 53) < fraction
    }
}

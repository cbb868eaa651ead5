import MLGOCore

/// Rows of raw features to evaluate a policy on: the values the plugin passes (int64 features
/// converted to float, up to ±9.2e18), the extremes of Float, and non-finite values no
/// compiler passes but an evaluator must survive.
public enum ProbeRows {
    public static let extremes: [Float] = [
        0, -0.0, 1, -1, .leastNormalMagnitude, .leastNonzeroMagnitude, 9.223372e18, -9.223372e18,
        .greatestFiniteMagnitude, -.greatestFiniteMagnitude, .infinity, -.infinity, .nan,
    ]

    /// Each extreme in every feature; the extremes side by side (so differences overflow);
    /// and `randomCount` rows of typical inliner values drawn from `seed`.
    public static func rows(featureCount: Int, seed: UInt64, randomCount: Int = 8) -> [[Float]] {
        var rows = extremes.map { [Float](repeating: $0, count: featureCount) }
        rows.append((0..<featureCount).map { extremes[$0 % extremes.count] })
        rows.append((0..<featureCount).map { extremes[($0 + 7) % extremes.count] })
        var generator = SplitMix64(seed: seed)
        for _ in 0..<randomCount {
            rows.append((0..<featureCount).map { _ in
                switch Int.random(in: 0..<4, using: &generator) {
                case 0: return Float(Int.random(in: -20...20, using: &generator))
                case 1: return Float(Int.random(in: -500...5000, using: &generator))
                case 2: return Float(Int.random(in: -100_000...100_000, using: &generator)) * 5
                default: return extremes.randomElement(using: &generator)!
                }
            })
        }
        return rows
    }

    /// A row read from raw bytes, four per float (any bit pattern), repeated to fill every
    /// feature; nil with fewer than four bytes.
    public static func row(featureCount: Int, bytes: ArraySlice<UInt8>) -> [Float]? {
        let floats = bytes.count / 4
        guard floats > 0 else { return nil }
        let base = bytes.startIndex
        return (0..<featureCount).map { index in
            let start = base + (index % floats) * 4
            let bits = bytes[start..<(start + 4)].reversed().reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
            return Float(bitPattern: bits)
        }
    }
}

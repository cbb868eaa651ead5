/// Descriptive statistics of a sample, shared by the benchmarks and the reports.
public enum Statistics {
    /// The arithmetic mean; NaN for no values.
    public static func mean(_ values: [Double]) -> Double {
        values.isEmpty ? .nan : values.reduce(0, +) / Double(values.count)
    }

    /// The sample variance (n − 1 in the denominator: unbiased); NaN for fewer than two values.
    public static func sampleVariance(_ values: [Double]) -> Double {
        guard values.count > 1 else { return .nan }
        let mean = mean(values)
        return values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count - 1)
    }

    /// The sample standard deviation; NaN for fewer than two values.
    public static func sampleStandardDeviation(_ values: [Double]) -> Double {
        sampleVariance(values).squareRoot()
    }

    /// The p-th percentile (0...100), nearest-rank; 0 for no values.
    public static func percentile(_ values: [Double], _ p: Double) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return 0 }
        let rank = Int((p / 100 * Double(sorted.count)).rounded(.up)) - 1
        return sorted[min(max(rank, 0), sorted.count - 1)]
    }
}

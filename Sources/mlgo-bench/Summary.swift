import Foundation
import MLGOCore

/// A sample's mean and its 95% confidence half-width (Student's t, n − 1 degrees of freedom:
/// with 5 repetitions, 2.776 standard errors, not the normal's 1.96), as the benchmarks print it.
struct Summary: CustomStringConvertible {
    let mean: Double
    /// Nil for fewer than two values.
    let interval: ConfidenceInterval?
    let count: Int

    init(_ values: [Double]) {
        mean = Statistics.mean(values)
        interval = ConfidenceInterval(meanOf: values)
        count = values.count
    }

    /// "mean ± half-width", both multiplied by `scale` and printed with `format` (the mean signed
    /// if `format` says so), each followed by `unit`.
    func formatted(_ format: String, scale: Double = 1, unit: String = "") -> String {
        let mean = String(format: format, self.mean * scale) + unit
        guard let interval else { return mean + ", no interval" }
        return mean + " ± " + String(format: format.replacingOccurrences(of: "+", with: ""), interval.halfWidth * scale) + unit
    }

    var description: String { formatted("%.4f") + " (n=\(count))" }
}

/// JSON results of the benchmarks, so numbers in docs/ come from files.
enum BenchmarkResults {
    /// Per variant: every sample, their mean and minimum, and for each variant after the first
    /// its overhead against the first: the mean of the per-repetition ratios − 1 (the runs are
    /// interleaved, so repetition i of every variant ran back to back) with its 95% half-width.
    static func variants(_ names: [String], seconds: [[Double]]) -> [String: Any] {
        var results: [String: Any] = [:]
        for (index, name) in names.enumerated() {
            let summary = Summary(seconds[index])
            var result: [String: Any] = ["cpuSeconds": seconds[index], "mean": summary.mean, "min": seconds[index].min() ?? 0]
            if index > 0 {
                let overhead = Summary(zip(seconds[index], seconds[0]).map { $0 / $1 - 1 })
                result["overheadPercent"] = overhead.mean * 100
                if let interval = overhead.interval { result["overheadHalfWidthPercent"] = interval.halfWidth * 100 }
            }
            results[name] = result
        }
        return results
    }

    /// Writes `object` as pretty JSON with sorted keys to `path`, or to standard output.
    static func write(_ object: [String: Any], to path: String?) throws {
        let json = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
        if let path { try json.write(to: URL(fileURLWithPath: path)) } else { print(String(decoding: json, as: UTF8.self)) }
    }
}

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

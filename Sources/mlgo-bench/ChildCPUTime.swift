import Foundation
import MLGOCompile
import MLGOCore

/// CPU seconds (user + system) of a child process, measured by running it alone: the
/// difference of this process's RUSAGE_CHILDREN before and after.
enum ChildCPUTime {
    static func measure(_ executable: String, _ arguments: [String]) throws -> Double {
        let before = total()
        let result = try ProcessRunner.run(executable, arguments)
        guard result.succeeded else {
            throw MLGOError.commandFailed(([executable] + arguments).joined(separator: " "), result.standardError)
        }
        return total() - before
    }

    private static func total() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_CHILDREN.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
            + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
    }
}

/// Mean and a 95% confidence half-width of a sample.
struct Summary: CustomStringConvertible {
    let mean: Double
    let halfWidth: Double
    let count: Int

    init(_ values: [Double]) {
        count = values.count
        let mean = values.reduce(0, +) / Double(max(values.count, 1))
        self.mean = mean
        let variance = values.count > 1
            ? values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count - 1) : 0
        halfWidth = 1.96 * (variance / Double(max(values.count, 1))).squareRoot()
    }

    var description: String { String(format: "%.4f ± %.4f (n=%d)", mean, halfWidth, count) }
}

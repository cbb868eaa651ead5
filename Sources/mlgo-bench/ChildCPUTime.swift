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

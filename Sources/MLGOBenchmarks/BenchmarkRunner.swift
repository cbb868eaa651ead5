import Foundation
import MLGOCompile
import MLGOCore

/// What one run of a benchmark's command left behind.
public struct BenchmarkRunOutcome: Codable, Sendable, Equatable {
    public var exitCode: Int32
    /// Wall seconds of the programs the command started (the `bench` calls), not of the driver.
    public var seconds: Double
    /// SHA-256 of the normalised standard output ("stdout") and of every file the command left
    /// in its folder (by path relative to it).
    public var outputs: [String: String]
    /// Callgrind's counts, when the run was under callgrind.
    public var counts: CallgrindCounts?
    /// Why the run failed (its exit code and last lines of standard error), if it did.
    public var failure: String?
}

/// Runs a benchmark's command the same way under every configuration: the programs are copied
/// to one fixed folder, the command runs in one fixed, emptied folder with a fixed environment,
/// so paths, `argv[0]`, the environment and hence the stack layout are the same for every build
/// (callgrind counts depend on them).
public struct BenchmarkRunner: Sendable {
    /// `<folder>/bin`, `<folder>/work` (the command's folder), `<folder>/callgrind`, ...
    public var folder: URL
    public var driver: BenchmarkDriver
    /// The valgrind executable, for runs under callgrind.
    public var valgrind: String
    public var timeout: Double

    public init(folder: URL, driver: BenchmarkDriver, valgrind: String, timeout: Double) throws {
        guard !folder.path.contains(" ") else {
            throw MLGOError.invalidArgument("\(folder.path): the benchmark work folder must not contain spaces (build systems split CFLAGS and paths at them)")
        }
        self.folder = folder
        self.driver = driver
        self.valgrind = valgrind
        self.timeout = timeout
    }

    /// Runs `recipe`'s command once with `build`'s programs, under callgrind if `callgrind`.
    public func run(_ recipe: BenchmarkRecipe, build: BenchmarkBuild, inputs: URL, callgrind: Bool) throws -> BenchmarkRunOutcome {
        let fileManager = FileManager.default
        let work = folder.appendingPathComponent("work")
        let profiles = folder.appendingPathComponent("callgrind")
        let temporary = folder.appendingPathComponent("tmp")
        let times = folder.appendingPathComponent("times")
        let standardOutput = folder.appendingPathComponent("stdout")
        for emptied in [work, profiles, temporary] {
            try? fileManager.removeItem(at: emptied)
            try fileManager.createDirectory(at: emptied, withIntermediateDirectories: true)
        }
        try? fileManager.removeItem(at: times)
        let programs = try install(build)
        var environment = [
            "PATH": "/usr/local/bin:/usr/bin:/bin", "LC_ALL": "C", "TZ": "UTC",
            "HOME": folder.path, "TMPDIR": temporary.path, "BENCH_TIMES": times.path,
        ]
        if callgrind {
            environment["BENCH_WRAPPER"] = ([valgrind] + CallgrindCounts.valgrindArguments(outputFolder: profiles)).joined(separator: " ")
        }
        let result = try driver.run(recipe, programs: programs, inputs: inputs, in: work, environment: environment,
                                    standardOutput: standardOutput, timeout: timeout)
        // Kept per configuration, so a mismatch can be looked at.
        let kept = folder.appendingPathComponent("stdout.\(build.configuration.replacingOccurrences(of: "/", with: "_"))")
        try? fileManager.removeItem(at: kept)
        try? fileManager.copyItem(at: standardOutput, to: kept)
        var failure: String?
        if result.exitCode == 124 || result.timedOut {
            failure = "timed out after \(Int(timeout)) s"
        } else if result.exitCode != 0 {
            failure = "exit \(result.exitCode): " + result.standardError.split(separator: "\n").suffix(4).joined(separator: " | ")
        }
        var outputs = ["stdout": try BenchmarkBuilds.digest(of: standardOutput)]
        for path in try fileManager.subpathsOfDirectory(atPath: work.path).sorted() {
            var isFolder: ObjCBool = false
            let file = work.appendingPathComponent(path)
            if fileManager.fileExists(atPath: file.path, isDirectory: &isFolder), !isFolder.boolValue {
                outputs[path] = try BenchmarkBuilds.digest(of: file)
            }
        }
        let counts = callgrind && failure == nil ? try CallgrindCounts(readingOutputsIn: profiles) : nil
        if callgrind {
            // Kept per configuration too, for per-function counts (callgrind_annotate,
            // tools/experiments/eviction/callgrind-tuned.py).
            let keptProfiles = folder.appendingPathComponent("callgrind.\(recipe.project).\(build.configuration.replacingOccurrences(of: "/", with: "_"))")
            try? fileManager.removeItem(at: keptProfiles)
            try? fileManager.copyItem(at: profiles, to: keptProfiles)
        }
        return BenchmarkRunOutcome(exitCode: result.exitCode, seconds: try Self.seconds(in: times), outputs: outputs,
                                   counts: counts, failure: failure)
    }

    /// Copies `build`'s programs to `<folder>/bin` unless they are already there.
    private func install(_ build: BenchmarkBuild) throws -> URL {
        let fileManager = FileManager.default
        let programs = folder.appendingPathComponent("bin")
        let marker = folder.appendingPathComponent("bin.key")
        if (try? String(contentsOf: marker, encoding: .utf8)) == build.key { return programs }
        try? fileManager.removeItem(at: marker)
        try? fileManager.removeItem(at: programs)
        try fileManager.copyItem(at: build.programs, to: programs)
        try Data(build.key.utf8).write(to: marker)
        return programs
    }

    /// The summed `end − start` of the `bench` lines in `times`.
    static func seconds(in times: URL) throws -> Double {
        guard let text = try? String(contentsOf: times, encoding: .utf8) else { return 0 }
        return text.split(separator: "\n").reduce(0) { total, line in
            let fields = line.split(separator: " ").compactMap { Double($0) }
            return fields.count == 2 ? total + fields[1] - fields[0] : total
        }
    }
}

import Foundation
import MLGOCompile
import MLGOCore

/// Runs the steps of a recipe through `tools/speed/benchmark.sh` (describe, fetch, inputs,
/// build, run). Builds and runs go through coreutils' `timeout`, which kills the whole process
/// group (make and its compilers, valgrind and its program) when the time is up.
public struct BenchmarkDriver: Sendable {
    /// tools/speed/benchmark.sh.
    public var script: URL

    public init(script: URL) throws {
        guard FileManager.default.isExecutableFile(atPath: script.path) else {
            throw MLGOError.unavailable(script.path, "the benchmark driver is missing or not executable")
        }
        self.script = script
    }

    /// The driver of the repository that holds `folder` (or one of its parents).
    public init(repositoryContaining folder: URL) throws {
        var candidate = folder.standardizedFileURL
        for _ in 0..<6 {
            let script = candidate.appendingPathComponent("tools/speed/benchmark.sh")
            if FileManager.default.fileExists(atPath: script.path) {
                try self.init(script: script)
                return
            }
            candidate = candidate.deletingLastPathComponent()
        }
        throw MLGOError.unavailable(folder.path, "no tools/speed/benchmark.sh in this folder or its parents")
    }

    /// The recipe's `key=value` fields.
    func describe(_ recipe: URL) throws -> [String: String] {
        let text = try output(of: ["describe", recipe.path], what: "describe \(recipe.lastPathComponent)", timeout: 60)
        var fields: [String: String] = [:]
        for line in text.split(separator: "\n") {
            guard let equals = line.firstIndex(of: "=") else { continue }
            fields[String(line[..<equals])] = String(line[line.index(after: equals)...])
        }
        return fields
    }

    /// The recipe's source files: the Debian source tarball (downloaded into `cache` once) or
    /// its listed files.
    public func fetch(_ recipe: BenchmarkRecipe, cache: URL, log: URL) throws -> [URL] {
        let text = try output(of: ["fetch", recipe.folder.path, cache.path], what: "fetch of \(recipe.project)", timeout: 1800, log: log)
        let files = text.split(separator: "\n").map { URL(fileURLWithPath: String($0)) }
        guard !files.isEmpty else { throw MLGOError.commandFailed("fetch of \(recipe.project)", "no source files") }
        return files
    }

    /// Makes the recipe's fixed inputs in `folder`.
    public func makeInputs(_ recipe: BenchmarkRecipe, sources: [URL], into folder: URL, log: URL, timeout: Double) throws {
        try step(["inputs", recipe.folder.path, folder.path] + sources.map(\.path), what: "inputs of \(recipe.project)",
                 environment: [:], timeout: timeout, log: log)
    }

    /// Unpacks the sources into `tree` and builds the recipe's programs there into `programs`,
    /// with `environment` (CC, CFLAGS, ...); `tree` is removed afterwards.
    public func build(_ recipe: BenchmarkRecipe, sources: [URL], in tree: URL, into programs: URL,
                      environment: [String: String], log: URL, timeout: Double) throws {
        try step(["build", recipe.folder.path, tree.path, programs.path] + sources.map(\.path), what: "build of \(recipe.project)",
                 environment: environment, timeout: timeout, log: log)
    }

    /// Runs the recipe's command in `folder` with exactly `environment`; standard output goes to
    /// `standardOutput`. Returns the driver's result (its exit code is the command's).
    public func run(_ recipe: BenchmarkRecipe, programs: URL, inputs: URL, in folder: URL, environment: [String: String],
                    standardOutput: URL, timeout: Double) throws -> ProcessResult {
        try ProcessRunner.run(Self.timeoutTool, Self.timeoutArguments(timeout) + ["/bin/bash", script.path, "run", recipe.folder.path,
                                                                                  programs.path, inputs.path],
                              timeout: timeout + 30, workingDirectory: folder, standardOutput: .file(standardOutput),
                              environment: environment, inheritingEnvironment: false)
    }

    /// A step whose standard output and error go to `log`; fails with the log's last lines.
    private func step(_ arguments: [String], what: String, environment: [String: String], timeout: Double, log: URL) throws {
        try FileManager.default.createDirectory(at: log.deletingLastPathComponent(), withIntermediateDirectories: true)
        // bash writes both streams into the log; ProcessRunner keeps only the tail of stderr.
        let command = ["/bin/bash", "-c", "exec \"$0\" \"$@\" >\"$MLGO_BENCH_LOG\" 2>&1", Self.timeoutTool]
            + Self.timeoutArguments(timeout) + ["/bin/bash", script.path] + arguments
        let result = try ProcessRunner.run(command[0], Array(command.dropFirst()), timeout: timeout + 30,
                                           environment: environment.merging(["MLGO_BENCH_LOG": log.path]) { $1 })
        guard result.succeeded else {
            let tail = (try? String(contentsOf: log, encoding: .utf8))?.split(separator: "\n").suffix(6).joined(separator: " | ") ?? ""
            let reason = result.exitCode == 124 ? "timed out after \(Int(timeout)) s" : "exit \(result.exitCode)"
            throw MLGOError.commandFailed(what, "\(reason) (log \(log.path)): \(tail)")
        }
    }

    /// A step's standard output (its standard error goes to `log`, or is kept for the error).
    private func output(of arguments: [String], what: String, timeout: Double, log: URL? = nil) throws -> String {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("mlgo-driver-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: file) }
        let result = try ProcessRunner.run("/bin/bash", [script.path] + arguments, timeout: timeout, standardOutput: .file(file))
        if let log { try? Data(result.standardError.utf8).write(to: log) }
        guard result.succeeded else {
            throw MLGOError.commandFailed(what, "exit \(result.exitCode): "
                                          + result.standardError.split(separator: "\n").suffix(4).joined(separator: " | "))
        }
        return (try? String(contentsOf: file, encoding: .utf8)) ?? ""
    }

    static let timeoutTool = "/usr/bin/timeout"

    static func timeoutArguments(_ seconds: Double) -> [String] { ["--kill-after=10", String(Int(seconds.rounded(.up)))] }
}

import ArgumentParser
import Foundation
import MLGOCompile
import MLGOCore

/// The plugin's file size and the CPU cost of loading it into opt (an empty module through an
/// empty pipeline, with and without the plugin, interleaved).
struct PluginLoadBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "plugin-load", abstract: "Plugin size and load time.")

    @Option(help: "Interleaved repetitions.") var repetitions = 30
    @Option(help: "The plugin library (default: next to this program).") var plugin: String?
    @Option(help: "Also write the results as JSON here.") var output: String?

    func run() throws {
        let toolchain = try Toolchain.locate(pluginPath: plugin)
        let size = (try FileManager.default.attributesOfItem(atPath: toolchain.plugin)[.size] as? Int) ?? 0
        print("plugin \(toolchain.plugin): \(size) bytes")
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("mlgo-load-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let source = scratch.appendingPathComponent("empty.c")
        try Data("int f(void) { return 0; }\n".utf8).write(to: source)
        let bitcode = scratch.appendingPathComponent("empty.bc")
        _ = try ProcessRunner.run(toolchain.clang, ["-O0", "-emit-llvm", "-c", source.path, "-o", bitcode.path])
        let optimized = scratch.appendingPathComponent("out.bc").path
        var without: [Double] = []
        var with: [Double] = []
        for _ in 0..<repetitions {
            without.append(try ChildCPUTime.measure(toolchain.opt, ["-passes=no-op-module", bitcode.path, "-o", optimized]))
            with.append(try ChildCPUTime.measure(toolchain.opt, ["-load-pass-plugin=\(toolchain.plugin)", "-passes=no-op-module", bitcode.path, "-o", optimized]))
        }
        // Interleaved runs: the load cost is the mean of the paired differences.
        let cost = Summary(zip(with, without).map { $0 - $1 })
        print("opt CPU s without plugin \(Summary(without)), with plugin \(Summary(with)); load cost \(cost.formatted("%.2f", scale: 1000, unit: " ms"))")
        if let output {
            var result: [String: Any] = ["benchmark": "plugin-load", "plugin": toolchain.plugin, "pluginBytes": size,
                                         "repetitions": repetitions, "withoutPluginCPUSeconds": without, "withPluginCPUSeconds": with,
                                         "loadCostMilliseconds": cost.mean * 1000]
            if let interval = cost.interval { result["loadCostHalfWidthMilliseconds"] = interval.halfWidth * 1000 }
            try BenchmarkResults.write(result, to: output)
        }
    }
}

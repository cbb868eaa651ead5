import ArgumentParser
import Foundation
import MLGOCompile
import MLGOCore

/// CPU time of `opt-22 -passes='default<Oz>'` with and without the plugin in release mode, runs
/// interleaved so that machine noise hits both alike.
struct CompileTimeBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compile-time",
        abstract: "Compile-time overhead against stock opt: LLVM's ML advisor alone, and release mode.")

    @Option(name: .customLong("corpus"), help: "A corpus folder; repeat for several.") var corpora: [String] = []
    @Option(help: "Also measure one generated module with this many functions (0: none).") var generatedFunctions = 3000
    @Option(name: .customLong("policy"), help: "Also measure release mode with this policy file instead of the embedded one; repeat for several.")
    var policies: [String] = []
    @Option(help: "Interleaved repetitions.") var repetitions = 5
    @Option(help: "The plugin library (default: next to this program).") var plugin: String?
    @Option(help: "Also write the results as JSON here (every sample, means, overheads).") var output: String?

    func run() throws {
        let toolchain = try Toolchain.locate(pluginPath: plugin)
        var modules: [(String, [URL])] = []
        for path in corpora {
            let corpus = try Corpus(loadingFrom: URL(fileURLWithPath: path))
            modules.append((corpus.name, corpus.modules.map(corpus.bitcodeURL)))
        }
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("mlgo-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        if generatedFunctions > 0 {
            let source = scratch.appendingPathComponent("generated.c")
            try Data(GeneratedModule.source(functions: generatedFunctions).utf8).write(to: source)
            let bitcode = scratch.appendingPathComponent("generated.bc")
            let result = try ProcessRunner.run(toolchain.clang, ["-Oz", "-Xclang", "-disable-llvm-passes", "-emit-llvm", "-c", source.path, "-o", bitcode.path])
            guard result.succeeded else { throw MLGOError.commandFailed("clang-22 generated.c", result.standardError) }
            modules.append(("generated (\(generatedFunctions) functions)", [bitcode]))
        }
        let optimized = scratch.appendingPathComponent("out.bc").path
        // stock: no plugin; advisor: LLVM's MLInlineAdvisor extracting features with the
        // heuristic deciding (same output as stock, so the difference is pure advisor cost);
        // release: the embedded policy deciding.
        // release:FILE: that policy deciding (it may read the plugin's own features).
        let variants: [(String, [String])] = [
            ("stock", []),
            ("advisor", ["-load-pass-plugin=\(toolchain.plugin)", "-mlgo-inline-mode=train"]),
            ("release", ["-load-pass-plugin=\(toolchain.plugin)"]),
        ] + policies.map { ("release:\($0)", ["-load-pass-plugin=\(toolchain.plugin)", "-mlgo-inline-policy=\(URL(fileURLWithPath: $0).path)"]) }
        var report: [[String: Any]] = []
        for (name, files) in modules {
            var seconds = [[Double]](repeating: [], count: variants.count)
            for _ in 0..<repetitions {
                for (index, variant) in variants.enumerated() {
                    var total = 0.0
                    for file in files {
                        total += try ChildCPUTime.measure(toolchain.opt, variant.1 + ["-passes=default<Oz>", file.path, "-o", optimized])
                    }
                    seconds[index].append(total)
                }
            }
            var line = "\(name): \(files.count) modules; CPU s per pass:"
            for (index, variant) in variants.enumerated() {
                line += " \(variant.0) \(Summary(seconds[index]))"
                if index > 0 {
                    // Each repetition ran every variant back to back: one paired ratio per repetition.
                    let overhead = Summary(zip(seconds[index], seconds[0]).map { $0 / $1 - 1 })
                    line += " (" + overhead.formatted("%+.2f", scale: 100, unit: "%") + ")"
                }
                line += index + 1 < variants.count ? ";" : ""
            }
            print(line)
            report.append(["input": name, "modules": files.count, "repetitions": repetitions,
                           "variants": BenchmarkResults.variants(variants.map(\.0), seconds: seconds)])
        }
        if let output {
            try BenchmarkResults.write(["benchmark": "compile-time", "command": "opt-22 -passes=default<Oz>", "results": report], to: output)
        }
    }
}

/// A large C module with many small static helpers and call chains, so the inliner has
/// thousands of decisions to make.
enum GeneratedModule {
    static func source(functions: Int) -> String {
        var out = "#include <stddef.h>\n"
        for index in 0..<functions {
            let callee1 = index > 0 ? "f\(index - 1)(x + \(index % 7))" : "x"
            let callee2 = index > 3 ? "f\(index / 2)(x ^ \(index % 13))" : "1"
            let linkage = index % 5 == 0 ? "" : "static "
            out += """
            \(linkage)int f\(index)(int x) {
              int acc = x * \(index % 11 + 1);
              for (int i = 0; i < (x & \(index % 3 + 1)); ++i) acc += i * \(index % 5 + 2);
              switch (x % \(index % 4 + 2)) { case 0: acc ^= \(index); break; case 1: acc += \(callee1); break; default: acc -= \(callee2); }
              return acc;
            }

            """
            if index == 0 { out += "int f\(functions)(int);\n" }
        }
        return out
    }
}

// swift-tools-version: 6.0
// The MLGO framework: an LLVM 22 pass plugin (C++/C) whose inlining decisions come from an
// embedded policy network, and the Swift tools that build corpora, train and export policies.
import PackageDescription

// Debian's LLVM 22 lives here; set LLVM_PREFIX to build against another copy.
let llvmPrefix = Context.environment["LLVM_PREFIX"] ?? "/usr/lib/llvm-22"

let package = Package(
    name: "MLGO",
    platforms: [.macOS(.v13)],
    products: [
        // libMLGOPlugin.so: load with `opt-22 -load-pass-plugin=` or `clang-22 -fpass-plugin=`.
        .library(name: "MLGOPlugin", type: .dynamic, targets: ["MLGOPlugin"]),
        .executable(name: "mlgo-train", targets: ["mlgo-train"]),
        .executable(name: "mlgo-bench", targets: ["mlgo-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        // Diagnostics of the Swift tools and libraries (docs/dependencies.md).
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        // C: parses and evaluates policy files. Used by the plugin (train mode) and by tests.
        .target(name: "PolicyRuntime", linkerSettings: [.linkedLibrary("m")]),
        // C: policies exported by `mlgo-train export`, compiled in with constant weights.
        .target(name: "EmbeddedPolicies", dependencies: ["PolicyRuntime"]),
        // C++: the pass plugin. A leaf: nothing may depend on it (its linker flags would leak).
        .target(
            name: "MLGOPlugin",
            dependencies: ["PolicyRuntime", "EmbeddedPolicies"],
            cxxSettings: [
                .unsafeFlags([
                    "-isystem", "\(llvmPrefix)/include",
                    "-fno-rtti", "-fno-exceptions", "-funwind-tables",
                    "-D_GNU_SOURCE", "-D__STDC_CONSTANT_MACROS", "-D__STDC_FORMAT_MACROS",
                    "-D__STDC_LIMIT_MACROS", "-fvisibility=hidden", "-fvisibility-inlines-hidden",
                ]),
            ],
            linkerSettings: [
                .unsafeFlags([
                    "-L\(llvmPrefix)/lib", "-lLLVM", "-Xlinker", "--no-undefined",
                    // Never unmapped: the eviction hook leaves libLLVM's vtable pointing into
                    // this library, and llc dlclose()s plugins on its exit path.
                    "-Xlinker", "-z", "-Xlinker", "nodelete",
                    // Keep the Swift runtime out of the compiler that loads us.
                    "-nostartfiles", "-static-stdlib",
                ]),
            ]
        ),
        // Swift: the shared vocabulary — tensor specs, training logs, policies, corpora, statistics.
        .target(name: "MLGOCore"),
        // Swift: runs LLVM tools over modules, measures objects, runs workers.
        .target(name: "MLGOCompile", dependencies: ["MLGOCore", .product(name: "Logging", package: "swift-log")]),
        // Swift: builds corpora of modules to train and evaluate on.
        .target(name: "MLGOCorpus", dependencies: ["MLGOCore", "MLGOCompile"]),
        // Swift: turns traces into policies.
        .target(
            name: "MLGOTraining",
            dependencies: ["MLGOCore", "MLGOCompile", .product(name: "Logging", package: "swift-log")]
        ),
        // Swift: turns a policy into C source for the plugin.
        .target(name: "MLGOExport", dependencies: ["MLGOCore"]),
        // Swift: builds real programs under compiler configurations and measures them running
        // (callgrind, wall time); the recipes are corpus/projects/*/benchmark.sh.
        .target(name: "MLGOBenchmarks", dependencies: ["MLGOCore", "MLGOCompile"]),
        // Swift: compares policies with LLVM's heuristic (size, agreement, speed).
        .target(name: "MLGOReports", dependencies: ["MLGOCore", "MLGOCompile", "MLGOTraining", "MLGOBenchmarks"]),
        .executableTarget(
            name: "mlgo-train",
            dependencies: [
                "MLGOCore", "MLGOCompile", "MLGOCorpus", "MLGOTraining", "MLGOExport", "MLGOReports", "MLGOBenchmarks",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Swift: benchmarks of the plugin and the evaluators (docs/benchmarks.md).
        .executableTarget(
            name: "mlgo-bench",
            dependencies: [
                "MLGOCore", "MLGOCompile", "MLGOBenchmarks", "PolicyRuntime", "EmbeddedPolicies",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Swift: checks a policy file against both readers and the format's promises; used by
        // the equivalence tests and the policy-agreement fuzz target (Fuzz/).
        .target(name: "PolicyConformance", dependencies: ["MLGOCore", "PolicyRuntime"]),
        // Swift: paths and fixtures shared by the tests.
        .target(
            name: "MLGOTestSupport",
            dependencies: [
                "MLGOCore", "MLGOCompile",
                .product(name: "Logging", package: "swift-log"), .product(name: "InMemoryLogging", package: "swift-log"),
            ]
        ),
        .testTarget(name: "MLGOCoreTests", dependencies: ["MLGOCore"]),
        .testTarget(name: "MLGOTrainingTests", dependencies: ["MLGOCore", "MLGOTraining"]),
        .testTarget(name: "MLGOCorpusTests", dependencies: ["MLGOCore", "MLGOCompile", "MLGOCorpus", "MLGOTestSupport"]),
        .testTarget(
            name: "PolicyEquivalenceTests",
            dependencies: [
                "MLGOCore", "MLGOCompile", "MLGOExport", "MLGOTestSupport", "PolicyRuntime", "EmbeddedPolicies",
                "PolicyConformance",
            ]
        ),
        // End to end: the built mlgo-train and mlgo-bench, and the repository's scripts.
        .testTarget(
            name: "CommandLineTests",
            dependencies: ["MLGOCore", "MLGOCompile", "MLGOReports", "MLGOBenchmarks", "MLGOTestSupport", "MLGOTraining"]
        ),
        .testTarget(
            name: "PluginTests",
            dependencies: [
                "MLGOCore", "MLGOCompile", "MLGOCorpus", "MLGOExport", "MLGOTestSupport", "MLGOTraining", "MLGOReports",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
    ],
    cxxLanguageStandard: .cxx17
)

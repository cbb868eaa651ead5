import ArgumentParser

/// Benchmarks of the plugin and the policy evaluators: numbers for docs/benchmarks.md, not tests.
@main
struct MLGOBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mlgo-bench",
        abstract: "Measure policy evaluation cost, compile-time overhead (inlining, eviction) and plugin load cost.",
        subcommands: [PolicyEvaluationBenchmark.self, CompileTimeBenchmark.self, PluginLoadBenchmark.self, EvictionBenchmark.self])
}

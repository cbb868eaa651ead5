import ArgumentParser
import EmbeddedPolicies
import Foundation
import MLGOCore
import PolicyRuntime

/// Nanoseconds per decision of the embedded (generated) policy and of the policy-file runtime,
/// on feature rows read from real traces.
struct PolicyEvaluationBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policy-eval", abstract: "Nanoseconds per decision of the generated code and the runtime.")

    @Option(help: "The policy file the embedded policy was exported from.") var policy = "policies/inline-oz/policy.mlgo"
    @Option(name: .customLong("traces"), help: "A folder of traces whose rows to evaluate.") var traces: String
    @Option(help: "Evaluations per measurement.") var evaluations = 2_000_000
    @Option(help: "Also write the results as JSON here.") var output: String?

    func run() throws {
        guard let embedded = mlgo_embedded_inline_policy()?.pointee else {
            throw ValidationError("the plugin was built without an embedded policy")
        }
        let parsed = try Policy(contentsOf: URL(fileURLWithPath: policy))
        var error = [CChar](repeating: 0, count: 512)
        guard let runtime = mlgo_policy_load(policy, &error, error.count) else {
            throw ValidationError("cannot load \(policy)")
        }
        defer { mlgo_policy_free(runtime) }

        var rows: [Float] = []
        let files = (FileManager.default.enumerator(atPath: traces)?.compactMap { $0 as? String } ?? []).filter { $0.hasSuffix(".log") }
        for file in files {
            let log = try TrainingLog(contentsOf: URL(fileURLWithPath: traces).appendingPathComponent(file))
            let columns = parsed.features.map { log.featureIndex(named: $0)! }
            for context in log.contexts {
                for row in 0..<context.observationCount {
                    rows += columns.map { Float(log.scalar($0, observation: row, in: context)) }
                }
            }
        }
        let width = parsed.features.count
        let rowCount = rows.count / width
        guard rowCount > 0 else { throw ValidationError("no decisions in \(traces)") }

        var results: [[String: Any]] = []
        func time(_ label: String, _ evaluate: (UnsafePointer<Float>, UnsafeMutablePointer<Float>) -> Void) {
            var sink: Float = 0
            var output: Float = 0
            rows.withUnsafeBufferPointer { buffer in
                for index in 0..<min(rowCount, 1000) { evaluate(buffer.baseAddress! + index * width, &output) }  // warm up
                let start = DispatchTime.now().uptimeNanoseconds
                for index in 0..<evaluations {
                    evaluate(buffer.baseAddress! + (index % rowCount) * width, &output)
                    sink += output
                }
                let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start)
                print(String(format: "%@: %.1f ns per decision (%d evaluations over %d real rows; checksum %g)",
                             label, elapsed / Double(evaluations), evaluations, rowCount, Double(sink)))
                results.append(["evaluator": label, "nanosecondsPerDecision": elapsed / Double(evaluations),
                                "evaluations": evaluations, "rows": rowCount, "checksum": Double(sink)])
            }
        }
        print("policy \(parsed.name): \(width) features, \(parsed.inputs.count) inputs, \(parsed.parameterCount) parameters")
        time("generated C (embedded)") { embedded.evaluate($0, $1) }
        time("policy-file runtime") { mlgo_policy_evaluate(runtime, $0, $1) }
        if let output {
            try BenchmarkResults.write(["benchmark": "policy-eval", "policy": parsed.name, "features": width,
                                        "parameters": parsed.parameterCount, "results": results], to: output)
        }
    }
}

import Foundation
import MLGOCompile
import MLGOCore
import MLGOTestSupport
import XCTest

/// Train mode: traces in LLVM's format, seeded sampling, exploration.
final class TrainModeTests: PluginTestCase {
    func testHeuristicTraceRecordsEveryDecisionAsLLVMMadeIt() throws {
        let bitcode = try bundledBitcode("bytecode_vm")
        let trace = scratch.appendingPathComponent("t.log")
        let (traced, tracedOut) = try opt(bitcode, plugin("-mlgo-inline-mode=train", "-mlgo-inline-trace=\(trace.path)"))
        XCTAssertTrue(traced.succeeded, traced.standardError)
        let (_, stockOut) = try opt(bitcode, [])
        XCTAssertEqual(contents(tracedOut), contents(stockOut), "tracing the heuristic must not change its decisions")

        let log = try TrainingLog(contentsOf: trace)
        XCTAssertEqual(log.features.count, 38 + InliningTrace.pluginFeatures.count + 3)
        XCTAssertEqual(Array(log.features.suffix(3).map(\.name)),
                       [InliningTrace.defaultDecision, InliningTrace.decision, InliningTrace.decisionProbability])
        XCTAssertEqual(log.contexts.count, 1)
        XCTAssertTrue(log.contexts[0].name.hasSuffix("bytecode_vm.bc"))
        let decision = log.featureIndex(named: InliningTrace.decision)!
        let heuristic = log.featureIndex(named: InliningTrace.defaultDecision)!
        let probability = log.featureIndex(named: InliningTrace.decisionProbability)!
        let context = log.contexts[0]
        XCTAssertGreaterThan(context.observationCount, 50)
        for row in 0..<context.observationCount {
            XCTAssertEqual(log.scalar(decision, observation: row, in: context), log.scalar(heuristic, observation: row, in: context))
            XCTAssertEqual(log.scalar(probability, observation: row, in: context), 1)
        }
    }

    /// A policy whose logit is always 0: every decision is a fair coin under sampling.
    private func coinPolicy() throws -> URL {
        let policy = Policy(name: "coin", decision: InliningTrace.decision, features: ["callee_users"],
                            inputs: [.init(feature: 0, normalization: .signedLog)],
                            layers: [.init(inputCount: 1, outputCount: 1, activation: .linear, weights: [0], bias: [0])])
        let url = scratch.appendingPathComponent("coin.mlgo")
        try policy.write(to: url)
        return url
    }

    private func decisions(_ trace: URL) throws -> [Double] {
        let log = try TrainingLog(contentsOf: trace)
        let column = log.featureIndex(named: InliningTrace.decision)!
        return log.contexts.flatMap { context in
            (0..<context.observationCount).map { log.scalar(column, observation: $0, in: context) }
        }
    }

    func testSamplingRepeatsWithItsSeedAndChangesWithAnother() throws {
        let bitcode = try bundledBitcode("json_lexer")
        let policy = try coinPolicy()
        var traces: [[Double]] = []
        var outputs: [Data?] = []
        for (index, seed) in [7, 7, 8].enumerated() {
            let trace = scratch.appendingPathComponent("s\(index).log")
            let (result, out) = try opt(bitcode, plugin("-mlgo-inline-mode=train", "-mlgo-inline-policy=\(policy.path)",
                                                        "-mlgo-inline-sample", "-mlgo-inline-seed=\(seed)",
                                                        "-mlgo-inline-trace=\(trace.path)"))
            XCTAssertTrue(result.succeeded, result.standardError)
            traces.append(try decisions(trace))
            outputs.append(contents(out))
        }
        XCTAssertEqual(traces[0], traces[1])
        XCTAssertEqual(outputs[0], outputs[1])
        XCTAssertNotEqual(traces[0], traces[2])
        let inlined = traces[0].filter { $0 == 1 }.count
        XCTAssertGreaterThan(inlined, traces[0].count / 5)
        XCTAssertLessThan(inlined, traces[0].count * 4 / 5)
    }

    func testExplorationMixesCoinFlipsIntoTheHeuristic() throws {
        let bitcode = try bundledBitcode("expr_parser")
        let trace = scratch.appendingPathComponent("e.log")
        let (result, _) = try opt(bitcode, plugin("-mlgo-inline-mode=train", "-mlgo-inline-exploration=1",
                                                  "-mlgo-inline-seed=3", "-mlgo-inline-trace=\(trace.path)"))
        XCTAssertTrue(result.succeeded, result.standardError)
        let log = try TrainingLog(contentsOf: trace)
        let probability = log.featureIndex(named: InliningTrace.decisionProbability)!
        let decision = log.featureIndex(named: InliningTrace.decision)!
        let heuristic = log.featureIndex(named: InliningTrace.defaultDecision)!
        let context = log.contexts[0]
        var differing = 0
        for row in 0..<context.observationCount {
            XCTAssertEqual(log.scalar(probability, observation: row, in: context), 0.5)
            if log.scalar(decision, observation: row, in: context) != log.scalar(heuristic, observation: row, in: context) { differing += 1 }
        }
        XCTAssertGreaterThan(differing, context.observationCount / 10)
    }
}

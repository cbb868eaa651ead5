import Foundation
import MLGOCore
import MLGOTestSupport
import MLGOTraining
import XCTest

/// The plugin's own inlining features (issue 8, item 5): in traces after LLVM's 38, with the
/// values the source says, and read by name by a policy in release mode.
final class PluginFeatureTests: PluginTestCase {
    /// `once` is static and called once, `sq` static and called twice (once in a nested loop),
    /// `twice` external; `f` has 26 instructions before inlining.
    private let source = """
    static int sq(int x) { return x * x; }
    static int once(int x) { return x + 7; }
    int twice(int x) { return x - 3; }
    int f(int n, int *a) {
      int s = once(n);
      for (int i = 0; i < n; ++i)
        for (int j = 0; j < n; ++j)
          s += sq(a[i * n + j]) + twice(j);
      return s + sq(n);
    }
    """

    private func features(of trace: URL) throws -> [[String: Double]] {
        let log = try TrainingLog(contentsOf: trace)
        let context = try XCTUnwrap(log.contexts.first)
        let names = InliningTrace.pluginFeatures + ["callee_users"]
        return (0..<context.observationCount).map { row in
            Dictionary(uniqueKeysWithValues: names.map { ($0, log.scalar(log.featureIndex(named: $0)!, observation: row, in: context)) })
        }
    }

    func testTracesCarryThePluginsFeaturesAfterLLVMs() throws {
        let bitcode = try TestEnvironment.bitcode(fromC: source, named: "features", in: scratch, toolchain: toolchain)
        let trace = scratch.appendingPathComponent("t.log")
        let record = scratch.appendingPathComponent("t.decisions")
        let (traced, tracedOut) = try opt(bitcode, plugin("-mlgo-inline-mode=train", "-mlgo-inline-trace=\(trace.path)",
                                                          "-mlgo-inline-record=\(record.path)"))
        XCTAssertTrue(traced.succeeded, traced.standardError)
        let (_, stockOut) = try opt(bitcode, [])
        XCTAssertEqual(contents(tracedOut), contents(stockOut), "computing the plugin's features must not change the compile")

        let log = try TrainingLog(contentsOf: trace)
        XCTAssertEqual(Array(log.features.map(\.name)[38..<(38 + InliningTrace.pluginFeatures.count)]), InliningTrace.pluginFeatures)
        let callees = try XCTUnwrap(InliningDecisions(contentsOf: record).onlyModule).decisions.map(\.key.callee)
        XCTAssertEqual(callees, ["once", "sq", "sq", "twice"], "LLVM's order of decisions in f")
        let rows = try features(of: trace)
        XCTAssertEqual(rows.count, 4)
        for row in rows {
            XCTAssertEqual(row["caller_instruction_count"], 26)
            XCTAssertEqual(row["module_local_functions"], 2)
            XCTAssertEqual(row["thinlto_backend"], 0, "a per-module compile")
            XCTAssertEqual(row["full_lto_link"], 0)
            XCTAssertGreaterThan(row["module_instruction_count"]!, 26)
            XCTAssertGreaterThan(row["callee_instruction_count"]!, 0)
        }
        // once(n): static, its only call, outside loops.
        XCTAssertEqual(rows[0]["callee_local_linkage"], 1)
        XCTAssertEqual(rows[0]["callee_deleted_if_inlined"], 1)
        XCTAssertEqual(rows[0]["callsite_loop_depth"], 0)
        // sq is called twice: inlining the first call (sq(n), outside loops) leaves the other.
        XCTAssertEqual(rows[1]["callee_deleted_if_inlined"], 0)
        XCTAssertEqual(rows[1]["callsite_loop_depth"], 0)
        // ... then the call in the nested loop is its last.
        XCTAssertEqual(rows[2]["callee_deleted_if_inlined"], 1)
        XCTAssertEqual(rows[2]["callsite_loop_depth"], 2)
        // twice is external: never deleted by inlining.
        XCTAssertEqual(rows[3]["callee_local_linkage"], 0)
        XCTAssertEqual(rows[3]["callee_discardable"], 0)
        XCTAssertEqual(rows[3]["callee_deleted_if_inlined"], 0)
        XCTAssertEqual(rows[3]["callsite_loop_depth"], 2)
    }

    /// A release-mode policy that inlines exactly the calls inside loops: the plugin computes
    /// the feature for it without a trace.
    func testAReleasePolicyDecidesByAPluginFeature() throws {
        let bitcode = try TestEnvironment.bitcode(fromC: source, named: "features", in: scratch, toolchain: toolchain)
        let policy = scratch.appendingPathComponent("loops.mlgo")
        try Data("mlgo-policy 1\nname loops\ndecision inlining_decision\nfeatures 1\nfeature callsite_loop_depth\ninputs 1\ninput 0 linear 0 1\nlayers 1\nlayer 1 1 linear\nweights 20\nbias -10\nend\n".utf8).write(to: policy)
        let record = scratch.appendingPathComponent("r.decisions")
        let (result, _) = try opt(bitcode, plugin("-mlgo-inline-mode=release", "-mlgo-inline-policy=\(policy.path)",
                                                  "-mlgo-inline-record=\(record.path)"))
        XCTAssertTrue(result.succeeded, result.standardError)
        XCTAssertFalse(result.standardError.contains("fell back"), result.standardError)
        let decisions = try XCTUnwrap(InliningDecisions(contentsOf: record).onlyModule).decisions
        XCTAssertEqual(decisions.map(\.key.callee), ["once", "sq", "sq", "twice"])
        XCTAssertEqual(decisions.map(\.taken), [false, false, true, true])
    }

    /// Training reads the plugin's features only when asked to, and says so when a trace
    /// predates them.
    func testDatasetsReadThePluginsFeaturesOnlyWhenAsked() throws {
        let bitcode = try TestEnvironment.bitcode(fromC: source, named: "features", in: scratch, toolchain: toolchain)
        let trace = scratch.appendingPathComponent("t.log")
        XCTAssertTrue(try opt(bitcode, plugin("-mlgo-inline-mode=train", "-mlgo-inline-trace=\(trace.path)")).0.succeeded)
        let log = try TrainingLog(contentsOf: trace)
        let llvmOnly = try DecisionDataset(logs: [log])
        XCTAssertEqual(llvmOnly.featureNames.count, 38)
        XCTAssertTrue(Set(llvmOnly.featureNames).isDisjoint(with: InliningTrace.pluginFeatures))
        let withPlugin = try DecisionDataset(logs: [log], includingPluginFeatures: true, includingHeuristicDecision: true)
        XCTAssertEqual(withPlugin.featureNames, llvmOnly.featureNames + InliningTrace.pluginFeatures + [InliningTrace.defaultDecision])
        XCTAssertEqual(withPlugin.count, 4)

        let older = TrainingLog(features: log.features.filter { !InliningTrace.pluginFeatures.contains($0.name) })
        XCTAssertThrowsError(try DecisionDataset(logs: [older], includingPluginFeatures: true)) { error in
            XCTAssertTrue("\(error)".contains("older plugin"), "\(error)")
        }
    }
}

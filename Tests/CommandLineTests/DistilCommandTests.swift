import Foundation
import MLGOCore
import MLGOTestSupport
import XCTest

/// `search` then `train distil` as a user runs them: an ensemble policy reading the plugin's
/// own features, which the plugin then evaluates in `report size` without falling back.
final class DistilCommandTests: CommandLineTestCase {
    func testAnEnsembleDistilledWithThePluginsFeaturesDecidesInThePlugin() throws {
        let corpus = try makeCorpus(["treap", "json_lexer", "bytecode_vm", "trie"], level: "Oz")
        let plugin = ["--plugin", toolchain.plugin]
        let search = scratch.appendingPathComponent("search")
        var output = try run("mlgo-train", ["search", "--corpus", corpus.path, "--output", search.path, "--budget", "12",
                                            "--thresholds", "", "--jobs", "2"] + plugin, timeout: 300)
        XCTAssertEqual(output.exitCode, 0, output.standardError)

        let policy = scratch.appendingPathComponent("distilled/policy.mlgo")
        output = try run("mlgo-train", ["train", "distil", "--search", search.path, "--corpus", corpus.path, "--output", policy.path,
                                        "--epochs", "4", "--hidden", "8", "--ensemble", "2", "--plugin-features", "--heuristic-input"] + plugin,
                         timeout: 300)
        XCTAssertEqual(output.exitCode, 0, output.standardError)
        let distilled = try Policy(contentsOf: policy)
        XCTAssertEqual(distilled.layers.map(\.outputCount), [16, 1], "two members of 8 hidden units side by side")
        XCTAssertTrue(distilled.features.contains(InliningTrace.defaultDecision))
        XCTAssertFalse(Set(distilled.features).isDisjoint(with: InliningTrace.pluginFeatures), "\(distilled.features)")
        let provenance = try JSONSerialization.jsonObject(with: Data(contentsOf: policy.deletingLastPathComponent().appendingPathComponent("provenance.json"))) as? [String: Any]
        XCTAssertEqual(provenance?["ensemble"] as? Int, 2)
        XCTAssertEqual(provenance?["plugin_features"] as? Bool, true)

        output = try run("mlgo-train", ["report", "size", "--corpus", corpus.path, "--policy", policy.path,
                                        "--output", scratch.appendingPathComponent("report").path, "--jobs", "2"] + plugin, timeout: 300)
        XCTAssertEqual(output.exitCode, 0, output.standardError)
        XCTAssertFalse(output.standardError.contains("fell back"), output.standardError)
        XCTAssertTrue(output.standardOutput.contains("agreement"), output.standardOutput)

        // Without the flag the same labels give a policy of LLVM's features alone.
        let llvmOnly = scratch.appendingPathComponent("llvm/policy.mlgo")
        output = try run("mlgo-train", ["train", "distil", "--search", search.path, "--corpus", corpus.path, "--output", llvmOnly.path,
                                        "--epochs", "2", "--hidden", "4"] + plugin, timeout: 300)
        XCTAssertEqual(output.exitCode, 0, output.standardError)
        XCTAssertTrue(Set(try Policy(contentsOf: llvmOnly).features).isDisjoint(with: InliningTrace.pluginFeatures))
    }
}

import Foundation
import MLGOCore
import MLGOTestSupport
import XCTest

/// LTO end to end as a user runs it: `corpus lto` from a per-module corpus and its links.json,
/// then `search` and `report size` on the link-time corpus, and the refusals that keep phases
/// apart.
final class LTOCommandTests: CommandLineTestCase {
    func testAFullLTOCorpusIsSearchedAndReportedAsLinkedPrograms() throws {
        let perModule = try makeCorpus(["prog_calc", "prog_wordfreq"], level: "Oz")
        let links = LinkTargetList(project: "oz", targets: [
            LinkTarget(name: "calc", kind: .executable, modules: ["prog_calc"], libraries: ["-lm"]),
            LinkTarget(name: "wordfreq", kind: .executable, modules: ["prog_wordfreq"]),
        ])
        let linksURL = scratch.appendingPathComponent("links.json")
        try JSONEncoder().encode(links).write(to: linksURL)
        let plugin = ["--plugin", toolchain.plugin]

        let lto = scratch.appendingPathComponent("lto/oz")
        var output = try run("mlgo-train", ["corpus", "lto", "--corpus", perModule.path, "--links", linksURL.path, "--kind", "full",
                                            "--output", lto.path, "--jobs", "2"], timeout: 300)
        XCTAssertEqual(output.exitCode, 0, output.standardError)
        XCTAssertTrue(output.standardOutput.contains("2 full-lto modules of 2 targets"), output.standardOutput)
        let checks = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: lto.appendingPathComponent("stand-in-check.json"))) as? [[String: Any]])
        XCTAssertEqual(checks.count, 2)
        for check in checks {
            let lld = try XCTUnwrap(check["lld_text"] as? Int), standIn = try XCTUnwrap(check["stand_in_text"] as? Int, "\(check)")
            XCTAssertLessThanOrEqual(abs(lld - standIn), 16, "\(check)")
        }

        let search = scratch.appendingPathComponent("search")
        output = try run("mlgo-train", ["search", "--corpus", lto.path, "--output", search.path, "--budget", "8", "--thresholds", "",
                                        "--jobs", "2"] + plugin, timeout: 300)
        XCTAssertEqual(output.exitCode, 0, output.standardError)
        let summary = try String(contentsOf: search.appendingPathComponent("summary.md"), encoding: .utf8)
        XCTAssertTrue(summary.contains("oz"), summary)

        output = try run("mlgo-train", ["report", "size", "--corpus", lto.path, "--output", scratch.appendingPathComponent("report").path,
                                        "--jobs", "2"] + plugin, timeout: 300)
        XCTAssertEqual(output.exitCode, 0, output.standardError)
        XCTAssertTrue(output.standardOutput.contains("over 2 of 2 targets"), "the corpus's own links.json: \(output.standardOutput)")

        // The same policy end to end: the plugin in the pre-link compiles and in lld's link.
        let decided = scratch.appendingPathComponent("lto-policy/oz")
        output = try run("mlgo-train", ["corpus", "lto", "--corpus", perModule.path, "--links", linksURL.path, "--kind", "full",
                                        "--output", decided.path, "--policy", "embedded", "--jobs", "2"] + plugin, timeout: 300)
        XCTAssertEqual(output.exitCode, 0, output.standardError)
        XCTAssertFalse(output.standardError.contains("stand-in not measured"), output.standardError)

        // A search (and a distillation) may take corpora of both phases, each module compiling in
        // its own; training by module reward may not, and eviction refuses link-time corpora.
        output = try run("mlgo-train", ["search", "--corpus", perModule.path, "--corpus", lto.path, "--budget", "3",
                                        "--thresholds", "", "--output", scratch.appendingPathComponent("mixed").path] + plugin,
                         timeout: 300)
        XCTAssertEqual(output.exitCode, 0, output.standardError)
        let mixed = try String(contentsOf: scratch.appendingPathComponent("mixed/results.jsonl"), encoding: .utf8)
        let searched = try String(contentsOf: search.appendingPathComponent("results.jsonl"), encoding: .utf8)
        let startSize = { (line: Substring) -> Int? in
            let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            return object?["heuristicSize"] as? Int
        }
        XCTAssertEqual(Set(mixed.split(separator: "\n").filter { $0.contains("\"calc\"") }.compactMap(startSize)),
                       Set(searched.split(separator: "\n").filter { $0.contains("\"calc\"") }.compactMap(startSize)),
                       "the LTO program's heuristic size is the same in a mixed run")
        output = try run("mlgo-train", ["baselines", "--corpus", perModule.path, "--corpus", lto.path,
                                        "--cache", scratch.appendingPathComponent("baselines.json").path] + plugin)
        XCTAssertNotEqual(output.exitCode, 0)
        XCTAssertTrue(output.standardError.contains("mix compile phases"), output.standardError)
        output = try run("mlgo-train", ["collect", "--problem", "eviction", "--corpus", lto.path,
                                        "--output", scratch.appendingPathComponent("evict").path] + plugin)
        XCTAssertNotEqual(output.exitCode, 0)
        XCTAssertTrue(output.standardError.contains("per-module corpora only"), output.standardError)
    }
}

import Foundation
import MLGOBenchmarks
import MLGOCore
import MLGOReports
import XCTest

/// The speed report's pieces that need no build: configuration names, baselines, the wall-time
/// interval and callgrind's output format.
final class SpeedConfigurationTests: XCTestCase {
    private let plugin = "/opt/libMLGOPlugin.so"
    private let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    private func parse(_ spec: String) throws -> SpeedConfiguration {
        try SpeedConfiguration(parsing: spec, plugin: plugin, relativeTo: repository)
    }

    func testBuiltInConfigurationsAndTheirBaselines() throws {
        XCTAssertEqual(try parse("stock"), SpeedConfiguration(name: "stock", flags: ["-O2"], level: "2", baseline: "stock"))
        XCTAssertEqual(try parse("stock-oz"), SpeedConfiguration(name: "stock-oz", flags: ["-Oz"], level: "z", baseline: "stock-oz"))
        XCTAssertEqual(try parse("inline-oz").flags, ["-Oz", "-fpass-plugin=\(plugin)"])
        XCTAssertEqual(try parse("inline-oz").baseline, "stock-oz")
        XCTAssertEqual(try parse("inline-o2").baseline, "stock")
        let evict = try parse("evict-o2:policies/evict-prior/policy.mlgo")
        XCTAssertEqual(evict.name, "evict-o2:prior")
        let policy = repository.appendingPathComponent("policies/evict-prior/policy.mlgo").path
        XCTAssertEqual(evict.flags, ["-O2", "-fpass-plugin=\(plugin)"])
        XCTAssertEqual(evict.pluginOptions, ["-mlgo-inline-mode=heuristic", "-mlgo-evict-mode=release", "-mlgo-evict-policy=\(policy)"],
                       "eviction only: LLVM inlines")
        XCTAssertEqual(evict.environment,
                       ["MLGO_OPTIONS": "-mlgo-inline-mode=heuristic -mlgo-evict-mode=release -mlgo-evict-policy=\(policy)"])
        XCTAssertEqual(evict.referencedFiles, [policy], "the plugin does not exist here; the policy does")
        let inline = try parse("inline-os:policies/inline-oz/policy.mlgo")
        XCTAssertEqual(inline.name, "inline-os:oz")
        XCTAssertEqual(inline.level, "s")
        let both = try parse("inline-evict-oz:policies/evict-prior/policy.mlgo")
        XCTAssertEqual(both.flags, ["-Oz", "-fpass-plugin=\(plugin)"])
        XCTAssertEqual(both.pluginOptions, ["-mlgo-evict-mode=release", "-mlgo-evict-policy=\(policy)"], "the size policy inlines")
    }

    func testCustomConfigurationsNeedALevel() throws {
        let custom = try parse("mine=-O3 -fpass-plugin={plugin} -mllvm -mlgo-inline-scope=all -mllvm -inline-threshold=10")
        XCTAssertEqual(custom.flags, ["-O3", "-fpass-plugin=\(plugin)", "-mllvm", "-inline-threshold=10"],
                       "only the plugin's options move to MLGO_OPTIONS")
        XCTAssertEqual(custom.pluginOptions, ["-mlgo-inline-scope=all"])
        XCTAssertEqual(custom.baseline, "stock-o3")
        XCTAssertFalse(custom.isStock)
        XCTAssertThrowsError(try parse("mine=-fno-inline"))
        XCTAssertThrowsError(try parse("stock-mine=-O2"), "stock names are the baselines")
        XCTAssertThrowsError(try parse("a b=-O2"))
    }

    func testUnknownOrIncompleteConfigurationsAreErrors() {
        for spec in ["fast", "inline-o4", "stock-oz:x.mlgo", "inline-oz:/nonexistent.mlgo"] {
            XCTAssertThrowsError(try parse(spec), spec)
        }
        XCTAssertThrowsError(try parse("evict-o2")) { error in
            XCTAssertTrue("\(error)".contains("eviction policy file"), "\(error)")
        }
    }

    func testBaselinesAreAddedBeforeTheirConfigurations() throws {
        let ordered = try SpeedComparison.withBaselines([try parse("stock"), try parse("inline-oz"), try parse("stock-oz"),
                                                          try parse("inline-o2")])
        XCTAssertEqual(ordered.map(\.name), ["stock", "stock-oz", "inline-oz", "inline-o2"])
        XCTAssertThrowsError(try SpeedComparison.withBaselines([try parse("stock"), try parse("stock")]))
    }

    /// Paired repetitions: a steady 10% slowdown is significant even on noisy times; noise alone
    /// is not.
    func testWallTimeChangeIsSignificantOnlyWhenTheIntervalExcludesZero() throws {
        let baseline = [1.0, 1.4, 0.9, 1.2, 1.1]
        let slower = try XCTUnwrap(WallTimeChange(configuration: baseline.map { $0 * 1.1 }, baseline: baseline))
        XCTAssertEqual(slower.change, 0.1, accuracy: 1e-12)
        XCTAssertEqual(slower.medianChange, 0.1, accuracy: 1e-12)
        XCTAssertTrue(slower.significant)
        XCTAssertEqual(slower.repetitions, 5)
        let noise = try XCTUnwrap(WallTimeChange(configuration: [1.2, 1.0, 1.1, 1.0, 1.3], baseline: baseline))
        XCTAssertFalse(noise.significant, "\(noise)")
        XCTAssertLessThan(noise.lower, 0)
        XCTAssertGreaterThan(noise.upper, 0)
        XCTAssertNil(WallTimeChange(configuration: [1.0], baseline: [1.0]), "one repetition gives no interval")
    }

    func testCallgrindOutputsOfEveryProcessAreSummed() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mlgo-callgrind-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data("# callgrind format\nevents: Ir Dr Dw I1mr\nfn=main\n1 5 2 1\nsummary: 100 40 20 3\ntotals: 100 40 20 3\n".utf8)
            .write(to: folder.appendingPathComponent("callgrind.out.11"))
        try Data("events: Ir Dr Dw I1mr\ntotals: 50 10 5\n".utf8).write(to: folder.appendingPathComponent("callgrind.out.12"))
        let counts = try CallgrindCounts(readingOutputsIn: folder)
        XCTAssertEqual(counts.instructions, 150)
        XCTAssertEqual(counts.dataReads, 50)
        XCTAssertEqual(counts.dataWrites, 25)
        XCTAssertEqual(counts.events["I1mr"], 3)
        XCTAssertEqual(counts.processes, 2)
        try Data("not callgrind\n".utf8).write(to: folder.appendingPathComponent("callgrind.out.13"))
        XCTAssertThrowsError(try CallgrindCounts(readingOutputsIn: folder))
    }
}

import Foundation
import MLGOCompile
import MLGOCore
import MLGOTestSupport
import XCTest

/// The plugin in lld's link-time pipelines: ThinLTO back ends run on several threads of one
/// process, each with its own advisor, and all write one trace.
final class LinkTimeTests: PluginTestCase {
    /// `count` modules; module i calls module i+1's function, so every ThinLTO back end imports
    /// a function and has inlining decisions of its own to make.
    private func writeChainOfModules(_ count: Int) throws -> [URL] {
        try (0..<count).map { index in
            let next = (index + 1) % count
            let source = """
            int f\(next)(int x);
            static int local\(index)(int x) { return x * \(index + 3) + (x >> 2); }
            int f\(index)(int x) { return x > 1000 ? x : local\(index)(x) + (x > 0 ? f\(next)(x - 1) : 0); }
            \(index == 0 ? "int main(int argc, char **argv) { (void)argv; return f0(argc) & 1; }" : "")
            """
            let url = scratch.appendingPathComponent("m\(index).c")
            try Data(source.utf8).write(to: url)
            return url
        }
    }

    /// LTO objects of `sources`, compiled with `-flto[=thin] -Oz`.
    private func compile(_ sources: [URL], lto: String) throws -> [String] {
        try sources.map { source in
            let object = source.deletingPathExtension().appendingPathExtension("o").path
            let result = try ProcessRunner.run(toolchain.clang, [lto, "-Oz", "-c", source.path, "-o", object])
            XCTAssertTrue(result.succeeded, result.standardError)
            return object
        }
    }

    func testThinLTOBackEndsOnTwoThreadsWriteOneWellFormedTrace() throws {
        let objects = try compile(try writeChainOfModules(6), lto: "-flto=thin")
        let trace = scratch.appendingPathComponent("lto.log")
        let program = scratch.appendingPathComponent("program")
        let link = try ProcessRunner.run(
            toolchain.clang,
            ["-flto=thin", "-Oz", "-fuse-ld=lld", "-Wl,--load-pass-plugin=\(toolchain.plugin)", "-Wl,--thinlto-jobs=2"]
                + objects + ["-o", program.path],
            environment: ["MLGO_OPTIONS": "-mlgo-inline-mode=train -mlgo-inline-trace=\(trace.path)"])
        XCTAssertTrue(link.succeeded, link.standardError)
        let log = try TrainingLog(contentsOf: trace)
        XCTAssertEqual(Set(log.contexts.map(\.name)), Set(objects),
                       "one context per back end")
        for context in log.contexts { XCTAssertGreaterThan(context.observationCount, 0, context.name) }
    }

    /// In a full-LTO link lld runs its pipeline at -O2, but the functions carry the minsize
    /// marks of their -Oz compiles: the size policy decides there.
    func testTheEmbeddedPolicyDecidesInAFullLTOLink() throws {
        let sources = try writeChainOfModules(4)
        let objects = try compile(sources, lto: "-flto")
        let record = scratch.appendingPathComponent("lto.decisions")
        let link = try ProcessRunner.run(
            toolchain.clang, ["-flto", "-Oz", "-fuse-ld=lld", "-Wl,--load-pass-plugin=\(toolchain.plugin)"] + objects
                + ["-o", scratch.appendingPathComponent("p").path],
            environment: ["MLGO_OPTIONS": "-mlgo-inline-record=\(record.path)"])
        XCTAssertTrue(link.succeeded, link.standardError)
        let decisions = try XCTUnwrap(InliningDecisions(contentsOf: record).onlyModule).decisions
        XCTAssertFalse(decisions.isEmpty)
        XCTAssertTrue(decisions.allSatisfy { $0.decidedBy == "policy" })
        XCTAssertTrue(decisions.contains { $0.key.caller != $0.key.callee && $0.key.callee.hasPrefix("f") },
                      "cross-module calls are decided in the link")
    }

    func testABadEnvironmentOptionFailsTheLinkWithAClearError() throws {
        let sources = try writeChainOfModules(2)
        let objects = try compile(sources, lto: "-flto")
        let link = try ProcessRunner.run(
            toolchain.clang, ["-flto", "-Oz", "-fuse-ld=lld", "-Wl,--load-pass-plugin=\(toolchain.plugin)"] + objects
                + ["-o", scratch.appendingPathComponent("p").path],
            environment: ["MLGO_OPTIONS": "-mlgo-inline-mode=sometimes"])
        XCTAssertFalse(link.succeeded)
        XCTAssertTrue(link.standardError.contains("MLGO_OPTIONS: bad value for -mlgo-inline-mode"), link.standardError)
        XCTAssertFalse(link.standardError.contains("Stack dump"), link.standardError)
    }
}

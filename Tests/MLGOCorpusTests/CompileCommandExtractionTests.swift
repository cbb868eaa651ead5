import Foundation
import MLGOCore
@testable import MLGOCorpus
import XCTest

final class CompileCommandExtractionTests: CorpusTestCase {
    func testExtractionKeepsGoodModulesDeduplicatesAndReportsFailures() throws {
        let output = folder.appendingPathComponent("corpus")
        let (corpus, report) = try extractProject(into: output)

        // Modules are taken in name order, so shared/a.o is the first of the two identical ones.
        XCTAssertEqual(corpus.modules, ["shared/a.o", "src/b.o"])
        XCTAssertEqual(report.duplicates, [.init(module: "src/a.o", duplicateOf: "shared/a.o")])
        XCTAssertEqual(report.failures.map(\.module), ["src/bad.o"])
        XCTAssertTrue(report.failures[0].reason.contains("error"), report.failures[0].reason)
        XCTAssertEqual(report.skipped.count, 2, "the repeated entry and the cc1 entry")

        // Reloading gives the same corpus; the duplicate's files are gone.
        let reloaded = try Corpus(loadingFrom: output)
        XCTAssertEqual(reloaded.modules, ["shared/a.o", "src/b.o"])
        XCTAssertFalse(FileManager.default.fileExists(atPath: output.appendingPathComponent("src/a.o.bc").path))
        XCTAssertFalse(FileManager.default.fileExists(atPath: output.appendingPathComponent("src/bad.o.bc").path))

        // The recorded command: the build's flags at the requested level, NUL-separated.
        let command = try XCTUnwrap(reloaded.command(for: "src/b.o"))
        XCTAssertEqual(command, ["-DNAME=\"x y\"", "-Oz", "-c"])
    }

    func testPlannerNamesModulesByObjectAndSkipsNonCompiles() {
        let entries = [
            CompileCommandEntry(directory: "/b/build", file: "../src/x.c", arguments: ["cc", "-c", "../src/x.c", "-o", "obj/x.o"]),
            CompileCommandEntry(directory: "/b/build", file: "y.S", arguments: ["cc", "-c", "y.S", "-o", "y.o"]),
            CompileCommandEntry(directory: "/b/build", file: "z.c", arguments: ["cc", "z.c", "-o", "z"]),
            CompileCommandEntry(directory: "/b/build/sub", file: "w.cc", command: "c++ -O2 -c w.cc"),
            // bear's entries for `cc -o prog p.c q.c`: one per source, same output.
            CompileCommandEntry(directory: "/b/build", file: "p.c", arguments: ["cc", "-c", "p.c", "q.c", "-o", "bin/prog"]),
            CompileCommandEntry(directory: "/b/build", file: "q.c", arguments: ["cc", "-c", "p.c", "q.c", "-o", "bin/prog"]),
        ]
        let (compiles, skipped) = CompilePlanner.plan(entries, buildDirectory: "/b/build")
        XCTAssertEqual(compiles.map(\.module), ["obj/x.o", "sub/w.o", "bin/prog.dir/p.c.o", "bin/prog.dir/q.c.o"])
        XCTAssertEqual(compiles[2].flags, [], "the other source of the link is a linker input, not kept")
        XCTAssertEqual(compiles[0].source, "/b/src/x.c")
        XCTAssertEqual(compiles[0].flags, [])
        XCTAssertTrue(compiles[1].cxxDriver)
        XCTAssertEqual(skipped.map(\.reason), ["not a C or C++ source", "not a compile-only (-c) command"])
    }

    func testArgumentRewriting() {
        XCTAssertEqual(ShellWords.split(#"cc -DA="b c" -I'x y' a\ b.c"#), ["cc", "-DA=b c", "-Ix y", "a b.c"])
        XCTAssertEqual(ClangArguments.strip(["-O0", "-Wp,-MD,x.d", "-MT", "t", "-c", "a.c", "-ox.o", "-Iinc"],
                                            source: "a.c", directory: "/d"), ["-O0", "-Iinc"])
        // A compile-and-link entry as bear records it: linker inputs and flags are not kept.
        XCTAssertEqual(ClangArguments.strip(["-O0", "-c", "tool/t.c", ".libs/s.o", "libz.a", "-lm", "-L.", "-Wl,-E",
                                             "-include", "x.o", "-o", "t"], source: "tool/t.c", directory: "/d"),
                       ["-O0", "-include", "x.o"])
        XCTAssertEqual(ClangArguments.withOptimizationLevel(["-O0", "-g", "-O2"], "Oz"), ["-g", "-Oz"])
        XCTAssertEqual(ClangArguments.withOptimizationLevel(["-O0"], nil), ["-O0"])
        XCTAssertEqual(ClangArguments.withoutLanguage(["-x", "c", "-xc++", "-Wall"]), ["-Wall"])
    }
}

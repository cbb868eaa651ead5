import Foundation
import MLGOCore
@testable import MLGOCorpus
import XCTest

final class OtherSourcesTests: CorpusTestCase {
    func testEmbeddedBitcodeObjects() throws {
        let source = try write(Self.squareSource, to: "src/a.c")
        let objects = folder.appendingPathComponent("objects")
        try FileManager.default.createDirectory(at: objects.appendingPathComponent("sub"), withIntermediateDirectories: true)
        try run(tools.clang, ["-O2", "-Xclang", "-fembed-bitcode=all", "-c", source.path,
                              "-o", objects.appendingPathComponent("sub/a.o").path])
        try run(tools.clang, ["-O2", "-c", source.path, "-o", objects.appendingPathComponent("plain.o").path])

        let output = folder.appendingPathComponent("corpus")
        let jobs = try EmbeddedBitcodeSource(objcopy: tools.objcopy).jobs(objectsIn: objects)
        let (corpus, report) = try CorpusExtractor(jobs: 2).run(jobs, output: output)
        XCTAssertEqual(corpus.modules, ["sub/a.o"])
        XCTAssertEqual(report.failures.map(\.module), ["plain.o"])
        XCTAssertTrue(report.failures[0].reason.contains("-fembed-bitcode=all"), report.failures[0].reason)
        let command = try XCTUnwrap(corpus.command(for: "sub/a.o"))
        XCTAssertEqual(command.first, "-cc1")
        XCTAssertTrue(command.contains("-O2"))
        // The embedded IR is unoptimised: square is still called.
        let counts = try ModuleCounts.count(bitcode: corpus.bitcodeURL("sub/a.o"), dis: tools.dis, scratch: folder)
        XCTAssertEqual(counts, ModuleCounts(functions: 2, callsites: 1))
        XCTAssertEqual(try CorpusValidator(clang: tools.clang, jobs: 2).validate(corpus, scratch: folder), [])
    }

    func testFolderOfBitcode() throws {
        let input = folder.appendingPathComponent("bitcode")
        let a = try write(Self.squareSource, to: "a.c")
        let b = try write(Self.mainSource, to: "b.c")
        try FileManager.default.createDirectory(at: input.appendingPathComponent("lib"), withIntermediateDirectories: true)
        let flags = ["-Oz", "-Xclang", "-disable-llvm-passes", "-emit-llvm", "-c"]
        try run(tools.clang, flags + [a.path, "-o", input.appendingPathComponent("lib/a.bc").path])
        try run(tools.clang, flags + [b.path, "-o", input.appendingPathComponent("b.bc").path])
        try run(tools.clang, flags + [a.path, "-o", input.appendingPathComponent("copy.bc").path])
        try Data("-Oz\0-c".utf8).write(to: input.appendingPathComponent("b.cmd"))

        let output = folder.appendingPathComponent("corpus")
        let (corpus, report) = try CorpusExtractor(jobs: 2).run(try BitcodeFolderSource.jobs(bitcodeIn: input), output: output)
        XCTAssertEqual(corpus.modules, ["b", "copy"])
        XCTAssertEqual(report.duplicates.map(\.module), ["lib/a"])
        XCTAssertEqual(corpus.command(for: "b"), ["-Oz", "-c"])
        XCTAssertNil(corpus.command(for: "copy"))
    }
}

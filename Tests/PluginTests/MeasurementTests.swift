import Foundation
import MLGOCompile
import MLGOCore
import MLGOTestSupport
import XCTest

final class MeasurementTests: PluginTestCase {
    /// .text read from the ELF section table equals the bytes llvm-objcopy-22 extracts.
    func testTextSizeMatchesTheSectionLLVMExtracts() throws {
        let outcome = try ModuleCompiler(toolchain: toolchain).compile(
            bitcode: try bundledBitcode("sort_algorithms"), setup: .stock, scratch: scratch)
        XCTAssertGreaterThan(outcome.textSize, 500)

        let source = TestEnvironment.bundledSources.appendingPathComponent("sort_algorithms.c").path
        let object = scratch.appendingPathComponent("s.o")
        XCTAssertTrue(try ProcessRunner.run(toolchain.clang, ["-Oz", "-c", source, "-o", object.path]).succeeded)
        let dumped = scratch.appendingPathComponent("text.bin")
        let objcopy = URL(fileURLWithPath: toolchain.opt).deletingLastPathComponent().appendingPathComponent("llvm-objcopy").path
        let result = try ProcessRunner.run(objcopy, ["--dump-section", ".text=\(dumped.path)", object.path, scratch.appendingPathComponent("ignored.o").path])
        XCTAssertTrue(result.succeeded, result.standardError)
        XCTAssertEqual(try ELFSections.textSize(ofObjectAt: object), contents(dumped)?.count)
    }

    /// A second compile with the same decisions skips llc and measures the same `.text`; one with
    /// other decisions (another policy) is compiled in full.
    func testObjectSizeCacheSkipsLLCOnlyForIdenticalBitcode() throws {
        let cache = ObjectSizeCache()
        let compiler = ModuleCompiler(toolchain: toolchain, objectSizes: cache)
        let bitcode = try bundledBitcode("sort_algorithms")
        let first = try compiler.compile(bitcode: bitcode, setup: .stock, scratch: scratch)
        let second = try compiler.compile(bitcode: bitcode, setup: .stock, scratch: scratch)
        XCTAssertEqual(first.textSize, second.textSize)
        XCTAssertEqual(cache.hits, 1)
        // A one-weight policy that declines every inlining LLVM leaves to it.
        let neverInline = scratch.appendingPathComponent("never.mlgo")
        try Data("mlgo-policy 1\nname never\ndecision inlining_decision\nfeatures 1\nfeature threshold\ninputs 1\ninput 0 signed-log\nlayers 1\nlayer 1 1 linear\nweights 0\nbias -20\nend\n".utf8).write(to: neverInline)
        let other = try compiler.compile(bitcode: bitcode, setup: InliningSetup(mode: .release, policy: neverInline),
                                         scratch: scratch)
        XCTAssertEqual(cache.hits, 1)
        XCTAssertEqual(cache.misses, 2)
        XCTAssertEqual(other.textSize, try ModuleCompiler(toolchain: toolchain).compile(
            bitcode: bitcode, setup: InliningSetup(mode: .release, policy: neverInline), scratch: scratch).textSize)
    }

    func testNonELFInputIsMalformed() {
        XCTAssertThrowsError(try ELFSections.sizes(of: Array("hello".utf8), source: "x.o")) { error in
            XCTAssertTrue("\(error)".contains("x.o"))
        }
        var header = [UInt8](repeating: 0, count: 64)
        header[0...5] = [0x7f, 0x45, 0x4c, 0x46, 2, 1]
        header[0x28] = 0xff; header[0x3a] = 64; header[0x3c] = 3  // section table past the end
        XCTAssertThrowsError(try ELFSections.sizes(of: header, source: "y.o"))
    }
}

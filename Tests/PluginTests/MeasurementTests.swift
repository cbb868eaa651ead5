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

import Foundation
import MLGOCompile
import MLGOTestSupport
import XCTest

/// The plugin is loaded into clang and opt: it must not drag the Swift runtime in, and it must
/// export LLVM's plugin entry point.
final class PluginLibraryTests: PluginTestCase {
    func testPluginLinksNoSwiftRuntime() throws {
        let listing = scratch.appendingPathComponent("ldd.txt")
        let result = try ProcessRunner.run("/bin/sh", ["-c", "ldd '\(toolchain.plugin)' > '\(listing.path)'"])
        XCTAssertTrue(result.succeeded, result.standardError)
        let libraries = try String(contentsOf: listing, encoding: .utf8)
        XCTAssertTrue(libraries.contains("libLLVM.so.22"), libraries)
        XCTAssertFalse(libraries.contains("swift"), "the plugin links the Swift runtime:\n\(libraries)")
        XCTAssertFalse(libraries.contains("not found"), libraries)
    }

    func testOptListsThePluginOptions() throws {
        let help = scratch.appendingPathComponent("help.txt")
        let result = try ProcessRunner.run("/bin/sh", ["-c", "'\(toolchain.opt)' -load-pass-plugin='\(toolchain.plugin)' --help-hidden > '\(help.path)'"])
        XCTAssertTrue(result.succeeded, result.standardError)
        let text = try String(contentsOf: help, encoding: .utf8)
        for option in ["-mlgo-inline-mode", "-mlgo-inline-policy", "-mlgo-inline-trace", "-mlgo-inline-seed",
                       "-mlgo-inline-sample", "-mlgo-inline-exploration"] {
            XCTAssertTrue(text.contains(option), option)
        }
    }
}

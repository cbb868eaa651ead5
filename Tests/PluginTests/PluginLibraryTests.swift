import Foundation
import MLGOCompile
import MLGOTestSupport
import XCTest

/// The plugin is loaded into clang and opt: it must not drag the Swift runtime in, and it must
/// export LLVM's plugin entry point.
final class PluginLibraryTests: PluginTestCase {
    func testPluginLinksNoSwiftRuntime() throws {
        let result = try ProcessRunner.run("/usr/bin/ldd", [toolchain.plugin], standardOutput: .captured)
        XCTAssertTrue(result.succeeded, result.standardError)
        let libraries = result.standardOutput
        XCTAssertTrue(libraries.contains("libLLVM.so.22"), libraries)
        XCTAssertFalse(libraries.contains("swift"), "the plugin links the Swift runtime:\n\(libraries)")
        XCTAssertFalse(libraries.contains("not found"), libraries)
    }

    func testOptListsThePluginOptions() throws {
        let result = try ProcessRunner.run(toolchain.opt, ["-load-pass-plugin=\(toolchain.plugin)", "--help-hidden"],
                                           standardOutput: .captured)
        XCTAssertTrue(result.succeeded, result.standardError)
        let text = result.standardOutput
        for option in ["-mlgo-inline-mode", "-mlgo-inline-policy", "-mlgo-inline-trace", "-mlgo-inline-seed",
                       "-mlgo-inline-sample", "-mlgo-inline-exploration"] {
            XCTAssertTrue(text.contains(option), option)
        }
    }
}

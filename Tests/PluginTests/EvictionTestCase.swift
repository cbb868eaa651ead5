import Foundation
import MLGOCompile
import MLGOCore
import MLGOTestSupport
import XCTest

/// Shared set-up for tests of the plugin's eviction advisor: optimised bitcode for llc-22, the
/// prior policy, and a private temporary folder for the channel files of each child compile.
class EvictionTestCase: PluginTestCase {
    var channelFolder: URL!

    override func setUpWithError() throws {
        try super.setUpWithError()
        channelFolder = scratch.appendingPathComponent("tmp")
        try FileManager.default.createDirectory(at: channelFolder, withIntermediateDirectories: true)
    }

    /// The children's TMPDIR: channel files land in `channelFolder`, where tests can see them.
    var childEnvironment: [String: String] { ["TMPDIR": channelFolder.path] }


    var priorPolicy: URL { TestEnvironment.repositoryRoot.appendingPathComponent("policies/evict-prior/policy.mlgo") }

    var releaseWithPrior: [String] { ["-mlgo-evict-mode=release", "-mlgo-evict-policy=\(priorPolicy.path)"] }

    /// Bitcode of a bundled module optimised at -O2, what llc-22 compiles.
    func optimizedBitcode(_ name: String) throws -> URL {
        let output = scratch.appendingPathComponent("\(name)-O2.bc")
        if exists(output) { return output }
        let source = TestEnvironment.bundledSources.appendingPathComponent(name + ".c").path
        let result = try ProcessRunner.run(toolchain.clang, ["-O2", "-emit-llvm", "-c", source, "-o", output.path])
        guard result.succeeded else { throw MLGOError.commandFailed("clang-22 \(name).c", result.standardError) }
        return output
    }

    /// Runs llc-22 -O2 on `input` with `arguments` first; returns the result and the assembly.
    func runLLC(_ input: URL, _ arguments: [String], output: String? = nil, timeout: Double = 120) throws -> (ProcessResult, Data?) {
        try compiler.llc(input, arguments, output: output, timeout: timeout)
    }

    /// What worker threads need to compile (the test case itself is not Sendable).
    var compiler: EvictionCompiler { EvictionCompiler(toolchain: toolchain, scratch: scratch, environment: childEnvironment) }

    func loadPlugin(_ options: [String]) -> [String] { ["-load-pass-plugin=\(toolchain.plugin)"] + options }

    /// Channel files left in the children's temporary folder.
    func leftoverChannelFiles() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: channelFolder.path)) ?? []).filter { $0.hasPrefix("mlgo-evict-") }
    }

    func expectCleanError(_ result: ProcessResult, mentioning expected: String..., file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(result.exitCode, 1, "expected exit 1 (not a crash): \(result.standardError)", file: file, line: line)
        XCTAssertFalse(result.standardError.contains("Stack dump"), result.standardError, file: file, line: line)
        for text in expected {
            XCTAssertTrue(result.standardError.contains(text), "'\(result.standardError)' should mention '\(text)'", file: file, line: line)
        }
    }

    /// An eviction policy file: a per-candidate linear score over `features` with `weights`.
    func linearEvictionPolicy(_ name: String, features: [String], weights: [Float], decision: String = EvictionTrace.decision) throws -> URL {
        let policy = Policy(name: name, decision: decision, features: features,
                            inputs: features.indices.map { .init(feature: $0, normalization: .linear(offset: 0, scale: 1)) },
                            layers: [.init(inputCount: features.count, outputCount: 1, activation: .linear, weights: weights, bias: [0])])
        let url = scratch.appendingPathComponent("\(name).mlgo")
        try policy.write(to: url)
        return url
    }
}

/// Runs llc-22 and clang-22 for eviction tests, from any thread.
struct EvictionCompiler: Sendable {
    let toolchain: Toolchain
    let scratch: URL
    let environment: [String: String]

    func llc(_ input: URL, _ arguments: [String], output: String? = nil, timeout: Double = 120) throws -> (ProcessResult, Data?) {
        let out = scratch.appendingPathComponent(output ?? "\(UUID().uuidString).s")
        let result = try ProcessRunner.run(toolchain.llc, arguments + ["-O2", input.path, "-o", out.path], timeout: timeout,
                                           environment: environment)
        return (result, FileManager.default.contents(atPath: out.path))
    }

    /// clang-22 -O2 -c of a bundled module with `arguments`; the object, or an error.
    func clangObject(_ name: String, _ arguments: [String], suffix: String) throws -> Data? {
        let source = TestEnvironment.bundledSources.appendingPathComponent(name + ".c").path
        let object = scratch.appendingPathComponent("\(name)-\(suffix).o")
        let result = try ProcessRunner.run(toolchain.clang, ["-O2"] + arguments + ["-c", source, "-o", object.path], environment: environment)
        guard result.succeeded else { throw MLGOError.commandFailed("clang-22 \(name)", result.standardError) }
        return FileManager.default.contents(atPath: object.path)
    }
}

import Foundation
import MLGOCompile
import MLGOCore
import MLGOTestSupport
import MLGOTraining
import XCTest

/// Shared set-up for tests that run opt-22 / clang-22 with the plugin.
class PluginTestCase: XCTestCase {
    var toolchain: Toolchain!
    var scratch: URL!

    override func setUpWithError() throws {
        toolchain = try TestEnvironment.toolchain()
        scratch = try TestEnvironment.makeScratchFolder(String(describing: type(of: self)))
    }

    override func tearDownWithError() throws {
        if let scratch { try? FileManager.default.removeItem(at: scratch) }
    }

    /// Pre-optimisation bitcode of a bundled corpus module.
    func bundledBitcode(_ name: String) throws -> URL {
        let source = try String(contentsOf: TestEnvironment.bundledSources.appendingPathComponent(name + ".c"), encoding: .utf8)
        return try TestEnvironment.bitcode(fromC: source, named: name, in: scratch, toolchain: toolchain)
    }

    var bundledModuleNames: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: TestEnvironment.bundledSources.path)) ?? [])
            .filter { $0.hasSuffix(".c") }.map { String($0.dropLast(2)) }.sorted()
    }

    /// Runs opt-22 over `input` with `arguments` before the pipeline; returns the result and the
    /// output path.
    @discardableResult
    func opt(_ input: URL, _ arguments: [String], level: String = "Oz", output: String? = nil) throws -> (ProcessResult, URL) {
        let out = scratch.appendingPathComponent(output ?? "\(UUID().uuidString).bc")
        let result = try ProcessRunner.run(toolchain.opt, arguments + ["-passes=default<\(level)>", input.path, "-o", out.path], timeout: 120)
        return (result, out)
    }

    func plugin(_ options: String...) -> [String] { ["-load-pass-plugin=\(toolchain.plugin)"] + options }

    /// A policy that reads only LLVM's own decision (`inlining_default`) and copies it, or
    /// inverts it: the second really differs from the heuristic at every callsite.
    func heuristicReadingPolicy(inverted: Bool) throws -> URL {
        let name = inverted ? "invert" : "copy"
        let (weight, bias) = inverted ? (-20, 10) : (20, -10)
        let policy = scratch.appendingPathComponent("\(name).mlgo")
        try Data("mlgo-policy 1\nname \(name)\ndecision inlining_decision\nfeatures 1\nfeature inlining_default\ninputs 1\ninput 0 linear 0 1\nlayers 1\nlayer 1 1 linear\nweights \(weight)\nbias \(bias)\nend\n".utf8).write(to: policy)
        return policy
    }

    func exists(_ url: URL) -> Bool { FileManager.default.fileExists(atPath: url.path) }

    func contents(_ url: URL) -> Data? { FileManager.default.contents(atPath: url.path) }

    /// A training run in `scratch/<folder>` that trains on all modules but the last and is judged on it.
    func sizeTrainingSetup(_ folder: String, evaluator: SizeRewardEvaluator, modules: [TrainingModule]) -> SizeTrainingSetup {
        SizeTrainingSetup(folder: TrainingRunFolder(root: scratch.appendingPathComponent(folder)), evaluator: evaluator,
                          training: Array(modules.dropLast()), heldOut: [modules.last!])
    }
}

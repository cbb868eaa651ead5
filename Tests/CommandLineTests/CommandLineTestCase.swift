import Foundation
import MLGOCompile
import MLGOCore
import MLGOTestSupport
import XCTest

/// What a program printed and how it ended.
struct CommandOutput {
    var exitCode: Int32
    var standardOutput: String
    var standardError: String
}

/// Runs the programs SwiftPM built (and the repository's scripts) as a user would, in a scratch
/// folder per test.
class CommandLineTestCase: XCTestCase {
    var toolchain: Toolchain!
    var scratch: URL!

    override func setUpWithError() throws {
        toolchain = try TestEnvironment.toolchain()
        scratch = try TestEnvironment.makeScratchFolder(String(describing: type(of: self)))
    }

    override func tearDownWithError() throws {
        if let scratch { try? FileManager.default.removeItem(at: scratch) }
    }

    /// An -O2 corpus of bundled modules (`scratch/o2`), built by `corpus build`.
    func makeO2Corpus(_ names: [String]) throws -> URL {
        try makeCorpus(names, level: "O2")
    }

    /// A corpus of bundled modules built by `corpus build --opt-level LEVEL` (`scratch/<level, lowercased>`).
    func makeCorpus(_ names: [String], level: String) throws -> URL {
        let sources = scratch.appendingPathComponent("sources-\(level)")
        try FileManager.default.createDirectory(at: sources, withIntermediateDirectories: true)
        for name in names {
            try FileManager.default.copyItem(at: TestEnvironment.bundledSources.appendingPathComponent("\(name).c"),
                                             to: sources.appendingPathComponent("\(name).c"))
        }
        let corpus = scratch.appendingPathComponent(level.lowercased())
        let output = try run("mlgo-train", ["corpus", "build", "--sources", sources.path, "--output", corpus.path, "--opt-level", level,
                                            "--plugin", toolchain.plugin, "--jobs", "2"])
        XCTAssertEqual(output.exitCode, 0, output.standardError)
        XCTAssertTrue(try String(contentsOf: corpus.appendingPathComponent("\(names[0]).cmd"), encoding: .utf8).contains("-\(level)"))
        return corpus
    }

    /// Runs `mlgo-train`, `mlgo-bench` or a script (a path) from the scratch folder.
    func run(_ program: String, _ arguments: [String], timeout: Double = 120,
             environment: [String: String] = [:]) throws -> CommandOutput {
        let executable = program.contains("/") ? program : try TestEnvironment.builtProduct(program)
        let result = try ProcessRunner.run(executable, arguments, timeout: timeout, workingDirectory: scratch,
                                           standardOutput: .captured, environment: environment)
        XCTAssertFalse(result.timedOut, "\(program) \(arguments.joined(separator: " ")) took over \(Int(timeout)) s")
        return CommandOutput(exitCode: result.exitCode,
                             standardOutput: result.standardOutput,
                             standardError: result.standardError)
    }
}

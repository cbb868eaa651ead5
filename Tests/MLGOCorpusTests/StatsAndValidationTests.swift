import Foundation
import MLGOCore
@testable import MLGOCorpus
import XCTest

final class StatsAndValidationTests: CorpusTestCase {
    func testStatisticsOfExtractedCorpus() throws {
        let (corpus, _) = try extractProject(into: folder.appendingPathComponent("corpus"))
        let statistics = CorpusStatistics.measure(corpus, tools: tools, jobs: 2, scratch: folder)
        XCTAssertEqual(statistics.failures, [])
        XCTAssertEqual(statistics.modules.map(\.module), ["shared/a.o", "src/b.o"])
        // a.c: f and square, f calls square. b.c: g and main; g calls f, main calls g and f.
        XCTAssertEqual(statistics.functions, 4)
        XCTAssertEqual(statistics.callsites, 4)
        XCTAssertGreaterThan(statistics.bitcodeBytes, 1000)
        XCTAssertGreaterThan(try XCTUnwrap(statistics.textBytesOz), 0)
    }

    func testValidateReportsModulesThatDoNotCompile() throws {
        let (corpus, _) = try extractProject(into: folder.appendingPathComponent("corpus"))
        let validator = CorpusValidator(clang: tools.clang, jobs: 2)
        XCTAssertEqual(try validator.validate(corpus, scratch: folder), [])

        try Data("-c\0-fno-such-flag".utf8).write(to: corpus.commandURL("src/b.o"))
        let failures = try validator.validate(corpus, scratch: folder)
        XCTAssertEqual(failures.map(\.module), ["src/b.o"])
        XCTAssertTrue(failures[0].reason.contains("-fno-such-flag"), failures[0].reason)
    }

    func testManifestIsStable() throws {
        let (corpus, _) = try extractProject(into: folder.appendingPathComponent("corpus"))
        let first = try CorpusManifest(corpus: corpus, project: "test", source: nil).encoded()
        let (again, _) = try extractProject(into: folder.appendingPathComponent("corpus2"))
        XCTAssertEqual(try CorpusManifest(corpus: again, project: "test", source: nil).encoded(), first)
        let text = String(decoding: first, as: UTF8.self)
        XCTAssertTrue(text.contains("\"name\" : \"shared/a.o\""), text)
    }

    func testMissingToolGivesClearError() throws {
        let empty = folder.appendingPathComponent("no-llvm")
        try FileManager.default.createDirectory(at: empty.appendingPathComponent("bin"), withIntermediateDirectories: true)
        XCTAssertThrowsError(try CorpusTools.locate(prefix: empty.path)) { error in
            let message = "\(error)"
            XCTAssertTrue(message.contains("no-llvm/bin/clang"), message)
            XCTAssertTrue(message.contains("LLVM 22") && message.contains("tools/setup.sh"), message)
        }
        // A tool that cannot start is reported with its path, not as a crash.
        let source = CompileCommandSource(clang: empty.appendingPathComponent("bin/clang").path)
        let project = try makeProject()
        let (jobs, _) = try source.jobs(database: project.appendingPathComponent("compile_commands.json"))
        let report = try CorpusExtractor(jobs: 2).run(jobs, output: folder.appendingPathComponent("corpus")).1
        XCTAssertEqual(report.kept, [])
        XCTAssertTrue(report.failures.allSatisfy { $0.reason.contains("no-llvm/bin/clang") }, "\(report.failures)")
    }
}

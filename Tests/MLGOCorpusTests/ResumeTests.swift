import Foundation
import MLGOCore
@testable import MLGOCorpus
import XCTest

final class ResumeTests: CorpusTestCase {
    /// An interrupted run (one module's output deleted, a half-written file left behind, no
    /// corpus description) resumes: only the unfinished module is redone.
    func testResumeRedoesOnlyUnfinishedModules() throws {
        let output = folder.appendingPathComponent("corpus")
        _ = try extractProject(into: output)
        let kept = output.appendingPathComponent("shared/a.o.bc")
        let keptDate = try modificationDate(kept)
        try FileManager.default.removeItem(at: output.appendingPathComponent("src/b.o.bc"))
        try FileManager.default.removeItem(at: output.appendingPathComponent(Corpus.descriptionFileName))
        try Data("half".utf8).write(to: output.appendingPathComponent("src/b.o.bc.partial"))
        Thread.sleep(forTimeInterval: 0.01)

        let (corpus, report) = try extractProject(into: output)
        XCTAssertEqual(corpus.modules, ["shared/a.o", "src/b.o"])
        XCTAssertEqual(report.reused, ["shared/a.o", "src/a.o"])
        XCTAssertEqual(report.extracted, ["src/b.o"])
        XCTAssertEqual(report.failures.map(\.module), ["src/bad.o"], "failures are retried and reported again")
        XCTAssertEqual(try modificationDate(kept), keptDate, "a finished module is not rewritten")
        XCTAssertFalse(FileManager.default.fileExists(atPath: output.appendingPathComponent("src/b.o.bc.partial").path))
        XCTAssertNoThrow(try Corpus(loadingFrom: output))
    }

    /// Jobs that count their runs: a run interrupted by a crash in the middle, then resumed,
    /// runs each finished job exactly once.
    func testInterruptedRunDoesNotRepeatFinishedJobs() throws {
        let bitcode = folder.appendingPathComponent("x.bc")
        let source = try write(Self.squareSource, to: "x.c")
        try run(tools.clang, ["-O1", "-Xclang", "-disable-llvm-passes", "-emit-llvm", "-c", source.path, "-o", bitcode.path])
        let counter = RunCounter()
        let interrupt = Flag(true)
        let jobs = (0..<4).map { index in
            ExtractionJob(module: "m\(index)") { out, command in
                counter.count("m\(index)")
                if index == 2, interrupt.value { throw MLGOError.commandFailed("job", "interrupted") }
                var data = try Data(contentsOf: bitcode)
                data.append(UInt8(index))  // distinct modules
                try data.write(to: out)
                try Data("-c".utf8).write(to: command)
            }
        }
        let output = folder.appendingPathComponent("corpus")
        let first = try CorpusExtractor(jobs: 2).run(jobs, output: output).1
        XCTAssertEqual(first.failures.map(\.module), ["m2"])
        interrupt.value = false
        let second = try CorpusExtractor(jobs: 2).run(jobs, output: output).1
        XCTAssertEqual(second.extracted, ["m2"])
        XCTAssertEqual(counter.counts, ["m0": 1, "m1": 1, "m2": 2, "m3": 1])
        XCTAssertEqual(try Corpus(loadingFrom: output).modules, ["m0", "m1", "m2", "m3"])
    }
}

final class RunCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [String: Int] = [:]
    func count(_ key: String) { lock.lock(); storage[key, default: 0] += 1; lock.unlock() }
    var counts: [String: Int] { lock.lock(); defer { lock.unlock() }; return storage }
}

final class Flag: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: Bool
    init(_ value: Bool) { storage = value }
    var value: Bool {
        get { lock.lock(); defer { lock.unlock() }; return storage }
        set { lock.lock(); storage = newValue; lock.unlock() }
    }
}

import Foundation
import MLGOCompile
import MLGOCore
@testable import MLGOCorpus
import XCTest

/// A scratch folder per test, removed afterwards, and small C projects to extract from.
class CorpusTestCase: XCTestCase {
    var folder: URL!
    var tools: CorpusTools!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("mlgo-corpus-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        tools = try CorpusTools.locate()
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    func write(_ text: String, to path: String) throws -> URL {
        let url = folder.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
        return url
    }

    static let squareSource = "static int square(int x) { return x * x; }\nint f(int a) { return square(a) + 1; }\n"
    static let mainSource = "int f(int);\nint g(int a) { return f(a) * 2; }\nint main(void) { return g(3) + f(1); }\n"

    /// A project with two good sources, one that does not compile, a source compiled to two
    /// objects (identical bitcode), a repeated entry and a clang -cc1 entry.
    func makeProject() throws -> URL {
        let project = folder.appendingPathComponent("project")
        _ = try write(Self.squareSource, to: "project/src/a.c")
        _ = try write(Self.mainSource, to: "project/src/b.c")
        _ = try write("int broken( {\n", to: "project/src/bad.c")
        let dir = project.path
        func entry(_ file: String, _ arguments: [String]) -> String {
            let quoted = arguments.map { "\"\($0)\"" }.joined(separator: ", ")
            return "{\"directory\": \"\(dir)\", \"file\": \"\(file)\", \"arguments\": [\(quoted)]}"
        }
        let entries = [
            entry("src/a.c", ["cc", "-O0", "-MD", "-MF", "src/a.d", "-c", "src/a.c", "-o", "src/a.o"]),
            entry("src/a.c", ["cc", "-O0", "-c", "src/a.c", "-o", "src/a.o"]),
            entry("src/a.c", ["cc", "-O0", "-c", "src/a.c", "-o", "shared/a.o"]),
            "{\"directory\": \"\(dir)\", \"file\": \"src/b.c\", \"command\": \"cc -O0 -DNAME='\\\"x y\\\"' -c src/b.c -o src/b.o\"}",
            entry("src/bad.c", ["cc", "-O0", "-c", "src/bad.c", "-o", "src/bad.o"]),
            entry("src/a.c", ["/usr/bin/clang", "-cc1", "-emit-obj", "-o", "src/a.o", "src/a.c"]),
        ]
        try Data(("[\n" + entries.joined(separator: ",\n") + "\n]\n").utf8)
            .write(to: project.appendingPathComponent("compile_commands.json"))
        return project
    }

    func extractProject(into output: URL) throws -> (Corpus, ExtractionReport) {
        let project = try makeProject()
        let source = CompileCommandSource(clang: tools.clang, optimizationLevel: "Oz")
        let (jobs, skipped) = try source.jobs(database: project.appendingPathComponent("compile_commands.json"))
        return try CorpusExtractor(jobs: 2).run(jobs, output: output, skipped: skipped)
    }

    func run(_ executable: String, _ arguments: [String], in directory: URL? = nil) throws {
        let result = try ProcessRunner.run(executable, arguments, timeout: 120, workingDirectory: directory)
        XCTAssertTrue(result.succeeded, "\(executable) \(arguments.joined(separator: " ")): \(result.standardError)")
    }

    func modificationDate(_ url: URL) throws -> Date {
        try FileManager.default.attributesOfItem(atPath: url.path)[.modificationDate] as! Date
    }
}

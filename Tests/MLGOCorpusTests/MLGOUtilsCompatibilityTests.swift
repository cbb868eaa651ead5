import Foundation
import MLGOCore
@testable import MLGOCorpus
import MLGOTestSupport
import XCTest

/// Compatibility with LLVM's own corpus tools from the PyPI package `mlgo-utils`, which
/// tools/corpus/install-test-tools.sh installs into a virtual environment. A missing tool fails
/// the test with what to run: the set-up must install it.
final class MLGOUtilsCompatibilityTests: CorpusTestCase {
    func program(_ name: String) throws -> String { try TestEnvironment.corpusTool(name) }

    /// extract_ir and our embedded-bitcode extraction make the same corpus from the same objects.
    func testSameCorpusAsExtractIR() throws {
        let extractIR = try program("extract_ir")
        let objects = folder.appendingPathComponent("objects")
        try FileManager.default.createDirectory(at: objects.appendingPathComponent("lib"), withIntermediateDirectories: true)
        for (name, text) in [("lib/a", Self.squareSource), ("b", Self.mainSource)] {
            let source = try write(text, to: "src/\(name).c")
            try run(tools.clang, ["-Oz", "-Xclang", "-fembed-bitcode=all", "-c", source.path,
                                  "-o", objects.appendingPathComponent("\(name).o").path])
        }
        let theirs = folder.appendingPathComponent("theirs")
        try run(extractIR, ["--input=\(objects.path)", "--input_type=directory", "--output_dir=\(theirs.path)",
                            "--llvm_objcopy_path=\(tools.objcopy)", "--num_workers=1"])
        let ours = try CorpusExtractor(jobs: 2).run(
            try EmbeddedBitcodeSource(objcopy: tools.objcopy).jobs(objectsIn: objects),
            output: folder.appendingPathComponent("ours")).0

        let loaded = try Corpus(loadingFrom: theirs)
        XCTAssertEqual(loaded.modules.sorted(), ours.modules)
        XCTAssertEqual(loaded.description.hasThinLTO, ours.description.hasThinLTO)
        for module in ours.modules {
            XCTAssertEqual(try Data(contentsOf: loaded.bitcodeURL(module)), try Data(contentsOf: ours.bitcodeURL(module)))
            XCTAssertEqual(loaded.command(for: module), ours.command(for: module))
        }
    }

    /// make_corpus's output loads here; combine_training_corpus accepts our corpora.
    func testMakeCorpusAndCombineTrainingCorpus() throws {
        let makeCorpus = try program("make_corpus")
        let combine = try program("combine_training_corpus")
        let bitcode = folder.appendingPathComponent("bitcode")
        try FileManager.default.createDirectory(at: bitcode, withIntermediateDirectories: true)
        let source = try write(Self.squareSource, to: "a.c")
        try run(tools.clang, ["-Oz", "-Xclang", "-disable-llvm-passes", "-emit-llvm", "-c", source.path,
                              "-o", bitcode.appendingPathComponent("a.bc").path])
        let made = folder.appendingPathComponent("made")
        try run(makeCorpus, ["--input_dir=\(bitcode.path)", "--output_dir=\(made.path)", "--default_args=-Oz -c"])
        let loaded = try Corpus(loadingFrom: made)
        XCTAssertEqual(loaded.modules, ["a"])
        XCTAssertEqual(loaded.command(for: "a"), ["-Oz", "-c"])

        let root = folder.appendingPathComponent("combined")
        _ = try extractProject(into: root.appendingPathComponent("one"))
        _ = try CorpusExtractor(jobs: 1).run(try BitcodeFolderSource.jobs(bitcodeIn: bitcode),
                                             output: root.appendingPathComponent("two"))
        try run(combine, ["--root_dir=\(root.path)"])
        XCTAssertEqual(try Corpus(loadingFrom: root).modules.sorted(), ["one/shared/a.o", "one/src/b.o", "two/a"])
    }
}

import XCTest

@testable import MLGOCore

final class UtilityTests: XCTestCase {
    func testSHA256KnownVectors() {
        XCTAssertEqual(SHA256.hexDigest(Array("".utf8)), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        XCTAssertEqual(SHA256.hexDigest(Array("abc".utf8)), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        let long = Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)
        XCTAssertEqual(SHA256.hexDigest(long), "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    func testHoldoutSplitIsStableAndRoughlyProportional() {
        let split = HoldoutSplit(fraction: 0.25, seed: 7)
        let names = (0..<2000).map { "project/module\($0)" }
        let heldOut = names.filter(split.isHeldOut)
        XCTAssertEqual(heldOut, names.filter(HoldoutSplit(fraction: 0.25, seed: 7).isHeldOut))
        XCTAssertEqual(Double(heldOut.count) / 2000, 0.25, accuracy: 0.04)
        XCTAssertTrue(names.filter(HoldoutSplit(fraction: 0, seed: 7).isHeldOut).isEmpty)
    }

    func testSeededGeneratorRepeats() {
        var a = SplitMix64(seed: 42)
        var b = SplitMix64(seed: 42)
        XCTAssertEqual((0..<5).map { _ in a.next() }, (0..<5).map { _ in b.next() })
    }

    func testCorpusDescriptionUsesMLCompilerOptKeys() throws {
        let description = Corpus.Description(modules: ["a", "dir/b"], hasThinLTO: false)
        let json = String(decoding: try JSONEncoder().encode(description), as: UTF8.self)
        XCTAssertTrue(json.contains("\"has_thinlto\":false"), json)
        XCTAssertTrue(json.contains("\"modules\""), json)
        let decoded = try JSONDecoder().decode(
            Corpus.Description.self,
            from: Data(#"{"modules":["m"],"has_thinlto":false,"global_command_override":["-O2"]}"#.utf8))
        XCTAssertEqual(decoded.globalCommandOverride, ["-O2"])
    }
}

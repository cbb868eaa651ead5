import Foundation
import XCTest

@testable import MLGOCore

final class TrainingLogTests: XCTestCase {
    private func sampleLog() -> TrainingLog {
        var log = TrainingLog(
            features: [TensorSpec(name: "callee_users", type: .int64), TensorSpec(name: "weight", type: .float32),
                       TensorSpec(name: "inlining_decision", type: .int64)],
            score: TensorSpec(name: "reward", type: .float32),
            contexts: [.init(name: "a.bc"), .init(name: "b.bc")])
        log.appendObservation([3, 0.5, 1], toContext: 0)
        log.appendObservation([-7, 2.25, 0], toContext: 0)
        log.appendObservation([10, 10, 1], toContext: 1)
        log.contexts[1].outcomes[0] = withUnsafeBytes(of: Float(1.5).bitPattern.littleEndian) { Array($0) }
        return log
    }

    func testRoundTripKeepsEveryValue() throws {
        let log = sampleLog()
        let read = try TrainingLog(bytes: log.serialized(), source: "memory")
        XCTAssertEqual(read.features, log.features)
        XCTAssertEqual(read.score, log.score)
        XCTAssertEqual(read.contexts.map(\.name), ["a.bc", "b.bc"])
        XCTAssertEqual(read.observationCount, 3)
        XCTAssertEqual(read.scalar(0, observation: 1, in: read.contexts[0]), -7)
        XCTAssertEqual(read.scalar(1, observation: 1, in: read.contexts[0]), 2.25)
        XCTAssertEqual(read.scalar(2, observation: 0, in: read.contexts[1]), 1)
        XCTAssertNotNil(read.contexts[1].outcomes[0])
        XCTAssertEqual(read.serialized(), log.serialized())
    }

    func testHeaderUsesLLVMKeyOrder() {
        let header = String(decoding: sampleLog().serialized().prefix { $0 != UInt8(ascii: "\n") }, as: UTF8.self)
        XCTAssertTrue(header.hasPrefix("{\"features\":[{\"name\":\"callee_users\",\"type\":\"int64_t\",\"port\":0,\"shape\":[1]}"))
        XCTAssertTrue(header.hasSuffix(",\"score\":{\"name\":\"reward\",\"type\":\"float\",\"port\":0,\"shape\":[1]}}"))
    }

    func testObservationBytesContainingNewlinesAreRead() throws {
        var log = TrainingLog(features: [TensorSpec(name: "x", type: .int64)], contexts: [.init(name: "m")])
        log.appendObservation([10], toContext: 0)  // 10 is '\n'
        log.appendObservation([0x0a0a], toContext: 0)
        let read = try TrainingLog(bytes: log.serialized(), source: "memory")
        XCTAssertEqual(read.scalar(0, observation: 1, in: read.contexts[0]), Double(0x0a0a))
    }

    func testTruncatedTraceIsMalformed() {
        let bytes = sampleLog().serialized()
        XCTAssertThrowsError(try TrainingLog(bytes: Array(bytes.dropLast(6)), source: "cut.log")) { error in
            XCTAssertTrue("\(error)".contains("cut.log"), "\(error)")
            XCTAssertTrue("\(error)".contains("cut off"), "\(error)")
        }
    }

    func testMalformedInputsAreReportedWithTheirPlace() {
        let cases: [(String, String)] = [
            ("", "empty trace"),
            ("not json\n", "line 1"),
            ("{\"features\":[{\"name\":\"x\",\"type\":\"int64_t\",\"shape\":[1]}]}\n{\"observation\":0}\n12345678\n", "before any context"),
            ("{\"features\":[{\"name\":\"x\",\"type\":\"int64_t\",\"shape\":[1]}]}\n{\"context\":\"m\"}\n{\"observation\":1}\n12345678\n", "observation 1 where 0"),
            ("{\"features\":[{\"name\":\"x\",\"type\":\"complex\",\"shape\":[1]}]}\n", "unknown \"type\""),
        ]
        for (text, expected) in cases {
            XCTAssertThrowsError(try TrainingLog(bytes: Array(text.utf8), source: "t.log"), expected) { error in
                XCTAssertTrue("\(error)".contains(expected), "\(error) should mention \(expected)")
            }
        }
    }

    func testResumedContextIsMerged() throws {
        var log = TrainingLog(features: [TensorSpec(name: "x", type: .int64)], contexts: [.init(name: "m")])
        log.appendObservation([1], toContext: 0)
        var bytes = log.serialized()
        bytes += Array("{\"context\":\"m\"}\n{\"observation\":1}\n".utf8)
        bytes += withUnsafeBytes(of: Int64(2).littleEndian) { Array($0) } + [10]
        let read = try TrainingLog(bytes: bytes, source: "memory")
        XCTAssertEqual(read.contexts.count, 1)
        XCTAssertEqual(read.contexts[0].observationCount, 2)
    }

    /// Found by the training-log fuzz target: names were written with only quote and backslash
    /// escaped, so a name with a newline or another control character broke its JSON line.
    func testNamesWithControlCharactersReadBackOnceWritten() throws {
        let name = "a\nb\u{0}c\td\u{1f}\"\\"
        var log = TrainingLog(features: [TensorSpec(name: name, type: .int64)], contexts: [.init(name: name)])
        log.appendObservation([5], toContext: 0)
        let read = try TrainingLog(bytes: log.serialized(), source: "memory")
        XCTAssertEqual(read.features.map(\.name), [name])
        XCTAssertEqual(read.contexts.map(\.name), [name])
        XCTAssertEqual(read.serialized(), log.serialized())
        XCTAssertTrue(String(decoding: log.serialized(), as: UTF8.self).contains("\"a\\nb\\u0000c\\td\\u001f\\\"\\\\\""))
    }

    /// A shape whose byte size overflows Int trapped in `byteSize` instead of being malformed.
    func testShapesTooLargeToAddressAreMalformed() {
        for shape in ["[4611686018427387904,4]", "[4294967296,2]", "[9223372036854775807]"] {
            let text = "{\"features\":[{\"name\":\"x\",\"type\":\"int64_t\",\"port\":0,\"shape\":\(shape)}]}\n"
            XCTAssertThrowsError(try TrainingLog(bytes: Array(text.utf8), source: "t.log"), shape) { error in
                XCTAssertTrue("\(error)".contains("larger than"), "\(error)")
            }
        }
        let largest = "{\"features\":[{\"name\":\"x\",\"type\":\"int8_t\",\"port\":0,\"shape\":[65536,65536]}]}\n"
        XCTAssertEqual(try TrainingLog(bytes: Array(largest.utf8), source: "t.log").observationSize, 1 << 32)
    }
}

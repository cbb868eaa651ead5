import Foundation
import XCTest

@testable import MLGOCore

final class EvictionTraceTests: XCTestCase {
    /// One observation in the plugin's layout: `mask` valid at `valid`, `use_def_density`
    /// = slot/10 (NaN at slot 3), progress 0.5, the decision and its probability.
    private func observation(valid: [Int], chosen: Int, probability: Float) -> [UInt8] {
        var bytes: [UInt8] = []
        for spec in EvictionTrace.traceSpecs {
            for element in 0..<spec.elementCount {
                switch spec.name {
                case "mask": withUnsafeBytes(of: Int64(valid.contains(element) ? 1 : 0).littleEndian) { bytes += $0 }
                case "use_def_density":
                    let value: Float = element == 3 ? .nan : Float(element) / 10
                    withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes += $0 }
                case "progress": withUnsafeBytes(of: Float(0.5).bitPattern.littleEndian) { bytes += $0 }
                case EvictionTrace.decision: withUnsafeBytes(of: Int64(chosen).littleEndian) { bytes += $0 }
                case EvictionTrace.decisionProbability: withUnsafeBytes(of: probability.bitPattern.littleEndian) { bytes += $0 }
                default: bytes += [UInt8](repeating: 0, count: spec.type.byteSize)
                }
            }
        }
        return bytes
    }

    func testTheVocabularyIsLLVMs() {
        XCTAssertEqual(EvictionTrace.features.count, 21)
        XCTAssertEqual(EvictionTrace.features.first?.name, "mask")
        XCTAssertEqual(EvictionTrace.features.last, TensorSpec(name: "progress", type: .float32, shape: [1]))
        // LLVM's observation payload: 3,436 bytes (notes/llvm-interfaces.md).
        XCTAssertEqual(EvictionTrace.features.reduce(0) { $0 + $1.byteSize }, 3436)
    }

    func testDecisionsAndCandidateRowsReadBack() throws {
        var context = TrainingLog.Context(name: "f")
        context.payload = observation(valid: [1, 3, 32], chosen: 3, probability: 0.25)
            + observation(valid: [0, 7], chosen: 7, probability: 1)
        context.observationCount = 2
        let log = try TrainingLog(bytes: TrainingLog(features: EvictionTrace.traceSpecs, contexts: [context]).serialized(), source: "memory")
        let reader = try EvictionTrace.Reader(log)
        let first = reader.decision(0, in: log.contexts[0])
        XCTAssertEqual(first, .init(validSlots: [1, 3, 32], chosenSlot: 3, probability: 0.25))
        XCTAssertTrue(first.mayEvictNothing)
        XCTAssertFalse(reader.decision(1, in: log.contexts[0]).mayEvictNothing, "must evict: slot 32 masked")
        let rows = try reader.candidateRows(features: ["use_def_density", "progress"], slots: first.validSlots, observation: 0, in: log.contexts[0])
        XCTAssertEqual(rows, [[0.1, 0.5], [1, 0.5], [3.2, 0.5]], "per slot; NaN read as 1; progress broadcast")
        XCTAssertThrowsError(try reader.candidateRows(features: [EvictionTrace.decision], slots: [1], observation: 0, in: log.contexts[0]))
    }

    func testAnInliningTraceIsNotAnEvictionTrace() {
        let log = TrainingLog(features: [TensorSpec(name: "sroa_savings", type: .int64), TensorSpec(name: InliningTrace.decision, type: .int64)])
        XCTAssertThrowsError(try EvictionTrace.Reader(log))
    }
}

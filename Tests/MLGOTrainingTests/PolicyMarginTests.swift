import MLGOCore
import MLGOTraining
import XCTest

/// `PolicyParameters.addingMargin`: rows whose marker is 1 score exactly `margin` more, every
/// other row keeps its score to the bit, whatever the network's depth.
final class PolicyMarginTests: XCTestCase {
    func randomScorer(depth: Int, readsMarker: Bool, _ generator: inout SplitMix64,
                      marker: String = EvictionTrace.llvmChoice, decision: String = EvictionTrace.decision) -> Policy {
        let features = ["a", "b", "c"] + (readsMarker ? [marker] : [])
        let inputs: [Policy.Input] = features.indices.flatMap { index in
            [Policy.Input(feature: index, normalization: .signedLog),
             Policy.Input(feature: index, normalization: .quantiles([-1, 0, 2, 10]))]
        }
        var layers: [Policy.Layer] = [], width = inputs.count
        for index in 0..<depth {
            let outputs = index == depth - 1 ? 1 : Int.random(in: 2...9, using: &generator)
            layers.append(.init(inputCount: width, outputCount: outputs, activation: index == depth - 1 ? .linear : .relu,
                                weights: (0..<(width * outputs)).map { _ in Float(generator.nextGaussian()) },
                                bias: (0..<outputs).map { _ in Float(generator.nextGaussian() * 0.1) }))
            width = outputs
        }
        return Policy(name: "scorer", decision: decision, features: features, inputs: inputs, layers: layers)
    }

    func testMarkedRowsGainTheMarginAndOthersKeepTheirBits() throws {
        var generator = SplitMix64(seed: 5)
        var marked = 0, unmarked = 0
        for depth in 1...3 {
            for readsMarker in [false, true] {
                let policy = randomScorer(depth: depth, readsMarker: readsMarker, &generator)
                let margin: Float = 1.5
                let margined = PolicyParameters.addingMargin(margin, toRowsMarkedBy: EvictionTrace.llvmChoice, in: policy)
                XCTAssertEqual(margined.features.count, policy.features.count + (readsMarker ? 0 : 1))
                XCTAssertEqual(margined.features.last, EvictionTrace.llvmChoice)
                // The file format reads it back as it is.
                XCTAssertEqual(try Policy(text: margined.serialized()), margined)
                for _ in 0..<200 {
                    let values = (0..<3).map { _ in Float(Int.random(in: -3...12, using: &generator)) }
                    let marker: Float = Bool.random(using: &generator) ? 1 : 0
                    let original = policy.logits(raw: values + (readsMarker ? [marker] : []))[0]
                    let shifted = margined.logits(raw: values + [marker])[0]
                    if marker == 1 {
                        XCTAssertEqual(shifted, original + margin, "depth \(depth)")
                        marked += 1
                    } else {
                        XCTAssertEqual(shifted.bitPattern, original.bitPattern, "depth \(depth): \(shifted) vs \(original)")
                        unmarked += 1
                    }
                }
            }
        }
        XCTAssertGreaterThan(marked, 100)
        XCTAssertGreaterThan(unmarked, 100)
    }

    /// The inlining margin: each logit moves `margin` towards LLVM's decision, so the decision
    /// departs from LLVM's only where the policy's own logit is beyond the margin.
    func testAnInliningMarginDepartsFromLLVMOnlyBeyondIt() throws {
        var generator = SplitMix64(seed: 8)
        var departures = 0, withinMargin = 0
        for depth in 1...3 {
            for readsDefault in [false, true] {
                let policy = randomScorer(depth: depth, readsMarker: readsDefault, &generator,
                                          marker: InliningTrace.defaultDecision, decision: InliningTrace.decision)
                let margin: Float = 0.75
                let margined = PolicyParameters.favouringDefaultDecision(by: margin, in: policy)
                XCTAssertEqual(margined.features.last, InliningTrace.defaultDecision)
                XCTAssertEqual(try Policy(text: margined.serialized()), margined)
                XCTAssertEqual(PolicyParameters.favouringDefaultDecision(by: 0, in: policy), policy)
                for _ in 0..<300 {
                    let values = (0..<3).map { _ in Float(Int.random(in: -3...12, using: &generator)) }
                    let llvmInlines = Bool.random(using: &generator)
                    let marker: Float = llvmInlines ? 1 : 0
                    let original = policy.logits(raw: values + (readsDefault ? [marker] : []))[0]
                    let moved = margined.logits(raw: values + [marker])[0]
                    XCTAssertEqual(moved, original + (llvmInlines ? margin : -margin), accuracy: 1e-4, "depth \(depth)")
                    // Away from the margin's edge, where rounding could decide, the decision is exact.
                    guard abs(abs(original) - margin) > 1e-3 else { continue }
                    let policyDeparts = (original > 0) != llvmInlines && abs(original) > margin
                    XCTAssertEqual(moved > 0, policyDeparts ? !llvmInlines : llvmInlines, "depth \(depth): logit \(original)")
                    if policyDeparts { departures += 1 } else if (original > 0) != llvmInlines { withinMargin += 1 }
                }
            }
        }
        // Both cases occur: departures beyond the margin stay, those within it go back to LLVM's.
        XCTAssertGreaterThan(departures, 50)
        XCTAssertGreaterThan(withinMargin, 10)
    }

    /// A margin on one side of LLVM's decision moves only the logits of that side: where LLVM
    /// declines, a large one means the policy never inlines what LLVM declines, and its own
    /// declines of LLVM's inlines keep their logits.
    func testAOneSidedInliningMarginMovesOnlyThatSide() throws {
        var generator = SplitMix64(seed: 9)
        for depth in 1...2 {
            let policy = randomScorer(depth: depth, readsMarker: true, &generator,
                                      marker: InliningTrace.defaultDecision, decision: InliningTrace.decision)
            let declines = PolicyParameters.favouringDefaultDecision(whereLLVMInlines: 0, whereLLVMDeclines: 1000, in: policy)
            let inlines = PolicyParameters.favouringDefaultDecision(whereLLVMInlines: 0.5, whereLLVMDeclines: 0, in: policy)
            XCTAssertEqual(PolicyParameters.favouringDefaultDecision(whereLLVMInlines: 0, whereLLVMDeclines: 0, in: policy), policy)
            XCTAssertEqual(PolicyParameters.favouringDefaultDecision(whereLLVMInlines: 0.75, whereLLVMDeclines: 0.75, in: policy),
                           PolicyParameters.favouringDefaultDecision(by: 0.75, in: policy))
            for _ in 0..<200 {
                let values = (0..<3).map { _ in Float(Int.random(in: -3...12, using: &generator)) }
                for marker: Float in [0, 1] {
                    let original = policy.logits(raw: values + [marker])[0]
                    let llvmInlines = marker == 1
                    XCTAssertEqual(declines.logits(raw: values + [marker])[0], original - (llvmInlines ? 0 : 1000), accuracy: 1e-2)
                    XCTAssertEqual(inlines.logits(raw: values + [marker])[0], original + (llvmInlines ? 0.5 : 0), accuracy: 1e-4)
                    if !llvmInlines { XCTAssertLessThan(declines.logits(raw: values + [marker])[0], 0, "never inlines what LLVM declines") }
                }
            }
        }
    }
}

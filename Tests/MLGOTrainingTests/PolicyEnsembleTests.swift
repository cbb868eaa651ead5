import MLGOCore
import MLGOTraining
import XCTest

/// An ensemble is one MLP whose logit is the mean of its members' logits.
final class PolicyEnsembleTests: XCTestCase {
    /// A policy over three features with hidden layers `hidden` and random weights.
    private func member(hidden: [Int], _ generator: inout SplitMix64) -> Policy {
        let inputs: [Policy.Input] = [
            .init(feature: 0, normalization: .signedLog),
            .init(feature: 1, normalization: .quantiles([0, 1, 5, 20])),
            .init(feature: 2, minus: 0, normalization: .linear(offset: 1, scale: 0.1)),
        ]
        var layers: [Policy.Layer] = []
        var width = inputs.count
        for outputs in hidden + [1] {
            layers.append(.init(inputCount: width, outputCount: outputs, activation: outputs == 1 ? .linear : .relu,
                                weights: (0..<(width * outputs)).map { _ in Float(generator.nextGaussian()) },
                                bias: (0..<outputs).map { _ in Float(generator.nextGaussian() * 0.3) }))
            width = outputs
        }
        return Policy(name: "member", decision: "inlining_decision", features: ["a", "b", "c"], inputs: inputs, layers: layers)
    }

    func testTheEnsemblesLogitIsTheMeanOfItsMembers() throws {
        var generator = SplitMix64(seed: 11)
        for hidden in [[], [5], [6, 4]] {
            let members = (0..<3).map { _ in member(hidden: hidden, &generator) }
            let ensemble = try PolicyEnsemble.averaging(members, name: "three")
            XCTAssertEqual(ensemble.name, "three")
            XCTAssertEqual(ensemble.layers.map(\.outputCount), hidden.map { $0 * 3 } + [1])
            // It is an ordinary policy file: it reads back as itself.
            XCTAssertEqual(try Policy(text: ensemble.serialized()), ensemble)
            for _ in 0..<200 {
                let raw = (0..<3).map { _ in Float(generator.nextGaussian() * 10) }
                let mean = members.map { $0.logits(raw: raw)[0] }.reduce(0, +) / 3
                XCTAssertEqual(ensemble.logits(raw: raw)[0], mean, accuracy: 1e-4 * max(1, abs(mean)))
            }
        }
    }

    func testMembersOfDifferentShapesAreRefused() throws {
        var generator = SplitMix64(seed: 3)
        XCTAssertThrowsError(try PolicyEnsemble.averaging([member(hidden: [4], &generator), member(hidden: [5], &generator)]))
        var other = member(hidden: [4], &generator)
        other.features = ["a", "b", "d"]
        XCTAssertThrowsError(try PolicyEnsemble.averaging([member(hidden: [4], &generator), other]))
        XCTAssertThrowsError(try PolicyEnsemble.averaging([]))
    }
}

import XCTest

@testable import MLGOCore

final class PolicyFormatTests: XCTestCase {
    static let small = Policy(
        name: "tiny", decision: "inlining_decision", features: ["cost_estimate", "threshold"],
        inputs: [
            .init(feature: 0, normalization: .quantiles([-10, 0, 5, 100])),
            .init(feature: 1, minus: 0, normalization: .signedLog),
            .init(feature: 1, normalization: .linear(offset: 5, scale: 0.1)),
        ],
        layers: [
            .init(inputCount: 3, outputCount: 2, activation: .relu, weights: [0.5, -1, 2, 0.25, 1e-5, -3.5], bias: [0.1, -0.2]),
            .init(inputCount: 2, outputCount: 1, activation: .linear, weights: [1.5, -0.75], bias: [0.3]),
        ])

    func testRoundTripIsExact() throws {
        let text = PolicyFormatTests.small.serialized(comment: "a comment\nover two lines")
        XCTAssertEqual(try Policy(text: text), PolicyFormatTests.small)
    }

    func testForwardPassByHand() {
        // cost 5, threshold 15: inputs (2/3, log2~(11) = 3 + 3/8, 1) -> hidden relu -> logit.
        let logits = PolicyFormatTests.small.logits(raw: [5, 15])
        let x: [Float] = [2.0 / 3.0, 3.375, 1]
        let h0 = max(0, 0.1 + 0.5 * x[0] + 2 * x[1] + 1e-5 * x[2])
        let h1 = max(0, -0.2 + -1 * x[0] + 0.25 * x[1] + -3.5 * x[2])
        XCTAssertEqual(logits[0], 0.3 + 1.5 * h0 - 0.75 * h1, accuracy: 1e-5)
    }

    func testSignedLogIsExactAtPowersOfTwoAndMonotone() {
        XCTAssertEqual(Policy.signedLog(0), 0)
        XCTAssertEqual(Policy.signedLog(1), 1)
        XCTAssertEqual(Policy.signedLog(3), 2)
        XCTAssertEqual(Policy.signedLog(-7), -3)
        XCTAssertEqual(Policy.signedLog(5), 2.5)
        let values = (-3000...3000).map { Float($0) * 7 }
        let mapped = values.map(Policy.signedLog)
        XCTAssertTrue(zip(mapped, mapped.dropFirst()).allSatisfy { $0 < $1 })
    }

    func testQuantileNormalisationSaturatesAndInterpolates() {
        let q: [Float] = [0, 10, 20]
        XCTAssertEqual(Policy.normalize(-5, quantiles: q), 0)
        XCTAssertEqual(Policy.normalize(25, quantiles: q), 1)
        XCTAssertEqual(Policy.normalize(5, quantiles: q), 0.25)
        XCTAssertEqual(Policy.normalize(10, quantiles: q), 0.5)
        XCTAssertEqual(Policy.normalize(3, quantiles: []), 0)
    }

    /// Found by the conformance checks: NaN passed both saturation tests and, with one boundary,
    /// read past the end (a heap overflow in the C runtime); boundaries more than
    /// Float.greatestFiniteMagnitude apart gave inf / inf = NaN.
    func testQuantileNormalisationStaysInRangeOnNaNAndHugeSpans() {
        XCTAssertEqual(Policy.normalize(.nan, quantiles: [5]), 0)
        XCTAssertEqual(Policy.normalize(.nan, quantiles: [0, 10, 20]), 0)
        let huge: [Float] = [-3e38, 3e38]
        XCTAssertEqual(Policy.normalize(0, quantiles: huge), 0.5)
        XCTAssertEqual(Policy.normalize(2.9e38, quantiles: huge), 2.95 / 3, accuracy: 1e-6)
        XCTAssertEqual(Policy.normalize(-.greatestFiniteMagnitude, quantiles: huge), 0)
    }

    /// Found by the policy-agreement fuzz target and review: the Swift reader split lines by
    /// Character ("\r\n" and "#" + a combining mark are single Characters) and took "-0",
    /// numbers with a NUL inside and tokens over 255 bytes, which the C runtime refuses.
    func testTokensAreBytesAsInTheCRuntime() throws {
        let good = PolicyFormatTests.small.serialized()
        XCTAssertEqual(try Policy(text: good.replacingOccurrences(of: "\n", with: "\r\n")), PolicyFormatTests.small)
        XCTAssertEqual(try Policy(text: "#\u{20E3} a comment\n" + good), PolicyFormatTests.small)
        let refused: [(String, String)] = [
            (good.replacingOccurrences(of: "layers 2", with: "layers +2"), "whole number"),
            (good.replacingOccurrences(of: "features 2", with: "features -0"), "whole number"),
            (good.replacingOccurrences(of: "bias\n0.3", with: "bias\n0.3\u{0}1"), "NUL"),
            (good.replacingOccurrences(of: "name tiny", with: "name " + String(repeating: "t", count: 256)), "longer than 255"),
        ]
        for (text, expected) in refused {
            XCTAssertThrowsError(try Policy(text: text), expected) { error in
                XCTAssertTrue("\(error)".contains(expected), "\(error) should mention \(expected)")
            }
        }
        let longest = good.replacingOccurrences(of: "name tiny", with: "name " + String(repeating: "t", count: 255))
        XCTAssertEqual(try Policy(text: longest).name.count, 255)
    }

    func testMalformedPoliciesNameTheLineAndProblem() {
        let good = PolicyFormatTests.small.serialized()
        let cases: [(String, String)] = [
            (good.replacingOccurrences(of: "mlgo-policy 1", with: "mlgo-policy 2"), "version 2 is not supported"),
            (good.replacingOccurrences(of: "bias\n0.3", with: "bias\nnan"), "finite"),
            (good.replacingOccurrences(of: "quantiles 4 -10.0 0.0 5.0 100.0", with: "quantiles 4 -10.0 5.0 0.0 100.0"), "strictly increasing"),
            (good.replacingOccurrences(of: "layer 2 1 linear", with: "layer 3 1 linear"), "previous stage produces 2"),
            (good.replacingOccurrences(of: "end\n", with: ""), "end of the file"),
            (good + "extra\n", "after 'end'"),
            (good.replacingOccurrences(of: "feature threshold", with: "feature cost_estimate"), "listed twice"),
            (good.replacingOccurrences(of: "relu", with: "tanh"), "activation"),
            (good.replacingOccurrences(of: "input 1 minus 0", with: "input 1 minus 7"), "subtracted feature index"),
        ]
        for (text, expected) in cases {
            XCTAssertThrowsError(try Policy(text: text), expected) { error in
                XCTAssertTrue("\(error)".contains(expected), "\(error) should mention \(expected)")
                XCTAssertTrue("\(error)".contains("line "), "\(error) should name a line")
            }
        }
    }
}

import Foundation
import MLGOCore
import MLGOTestSupport
import PolicyConformance
import XCTest

/// Mutated and hostile policy files must keep the format's promises (PolicyConformance): the
/// Swift reader and the C runtime accept the same files and compute the same logits, normalised
/// inputs stay in range, logits are finite where nothing can overflow. Memory and UB errors are
/// the libFuzzer targets' job (Fuzz/, run by tools/fuzz.sh under ASan and UBSan).
final class PolicyConformanceTests: XCTestCase {
    /// Tokens that found disagreements or broke a promise (docs/fuzzing.md), and extremes.
    static let hazards = [
        "3.4028235e38", "-3.4028235e38", "1e-45", "0x1p127", "-0x1p127", "1e39", "nan", "inf",
        "-0", "+1", "\u{0B}1", "\u{0C}0", "1\u{0}x", "0", "1", "1024", "1025", "4097",
        "#\u{20E3}", "\u{301}", String(repeating: "1", count: 255), String(repeating: "1", count: 256),
    ]

    /// A random policy whose numbers are often extreme: boundaries and weights near Float's
    /// largest, so that spans and sums overflow.
    static func extremePolicy(_ generator: inout SplitMix64) -> Policy {
        var policy = PolicyEquivalenceTests.randomPolicy(&generator)
        let extremes: [Float] = [.greatestFiniteMagnitude, 1e38, 3e37, .leastNonzeroMagnitude, 1]
        func extreme() -> Float {
            let value = extremes.randomElement(using: &generator)!
            return Bool.random(using: &generator) ? value : -value
        }
        for index in policy.inputs.indices where Bool.random(using: &generator) {
            switch policy.inputs[index].normalization {
            case .quantiles:
                let count = Int.random(in: 1...6, using: &generator)
                policy.inputs[index].normalization = .quantiles(Set((0..<count).map { _ in extreme() }).sorted())
            case .linear:
                policy.inputs[index].normalization = .linear(offset: extreme(), scale: extreme())
            case .signedLog:
                break
            }
        }
        for layer in policy.layers.indices {
            for weight in policy.layers[layer].weights.indices where Int.random(in: 0..<8, using: &generator) == 0 {
                policy.layers[layer].weights[weight] = extreme()
            }
        }
        return policy
    }

    /// One of: a few random bytes, one token replaced by a hazard, or CRLF line ends.
    static func mutate(_ text: String, _ generator: inout SplitMix64) -> [UInt8] {
        switch Int.random(in: 0..<4, using: &generator) {
        case 0:
            var bytes = Array(text.utf8)
            for _ in 0..<Int.random(in: 1...8, using: &generator) {
                bytes[Int.random(in: 0..<bytes.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
            }
            return bytes
        case 1:
            return Array(text.replacingOccurrences(of: "\n", with: "\r\n").utf8)
        default:
            var tokens = text.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
            let index = Int.random(in: 0..<tokens.count, using: &generator)
            let hazard = hazards.randomElement(using: &generator)!
            tokens[index] = tokens[index].hasSuffix("\n") ? hazard + "\n" : hazard
            return Array(tokens.joined(separator: " ").utf8)
        }
    }

    func testMutatedAndExtremePoliciesConform() {
        var generator = SplitMix64(seed: 5)
        var read = 0
        for round in 0..<200 {
            let policy = round % 2 == 0 ? PolicyEquivalenceTests.randomPolicy(&generator)
                                        : PolicyConformanceTests.extremePolicy(&generator)
            let text = policy.serialized()
            // The unmutated file too: extreme policies must keep their promises as written.
            for bytes in [Array(text.utf8), PolicyConformanceTests.mutate(text, &generator)] {
                let problems = PolicyConformance.problems(in: bytes)
                XCTAssertEqual(problems, [], String(decoding: bytes.prefix(300), as: UTF8.self))
                if (try? Policy(text: String(decoding: bytes, as: UTF8.self))) != nil { read += 1 }
            }
        }
        // Both verdicts were exercised: every unmutated file reads, most mutated ones do not.
        XCTAssertGreaterThan(read, 200)
        XCTAssertLessThan(read, 400)
    }

    /// What the fuzzers and the checks above found (docs/fuzzing.md), each with the verdict both
    /// readers now give.
    func testInputsTheFuzzersFoundConform() throws {
        let tiny = String(decoding: try Data(contentsOf: TestEnvironment.repositoryRoot
            .appendingPathComponent("Fuzz/corpus/policy-runtime/tiny.mlgo")), as: UTF8.self)
        let oneQuantile = String(decoding: try Data(contentsOf: TestEnvironment.repositoryRoot
            .appendingPathComponent("Fuzz/corpus/policy-runtime/one-quantile.mlgo")), as: UTF8.self)
        let cases: [(String, String, Bool)] = [
            ("CRLF line ends", tiny.replacingOccurrences(of: "\n", with: "\r\n"), true),
            ("one CR before a line end", tiny.replacingOccurrences(of: "0.1 -0.2\n", with: "0.1 -0.2\r\n"), true),
            ("'#' with a combining mark", tiny.replacingOccurrences(of: "# Every", with: "#\u{20E3} Every"), true),
            ("one boundary, NaN rows", oneQuantile, true),
            ("boundaries FLT_MAX apart", tiny.replacingOccurrences(of: "4 -10.0 0.0 5.0 100.0", with: "2 -3e38 3e38"), true),
            ("'-0' as a count", tiny.replacingOccurrences(of: "layers 2", with: "layers -0"), false),
            ("'+2' as a count", tiny.replacingOccurrences(of: "layers 2", with: "layers +2"), false),
            ("vertical tab before a number", tiny.replacingOccurrences(of: "bias\n0.3", with: "bias\n\u{0B}0.3"), false),
            ("form feed before a count", tiny.replacingOccurrences(of: "features 2", with: "features \u{0C}2"), false),
            ("NUL inside a number", tiny.replacingOccurrences(of: "bias\n0.3", with: "bias\n0.3\u{0}9"), false),
            ("256-byte token", tiny.replacingOccurrences(of: "name tiny", with: "name " + String(repeating: "t", count: 256)), false),
        ]
        for (what, text, reads) in cases {
            let bytes = Array(text.utf8)
            XCTAssertEqual(PolicyConformance.problems(in: bytes), [], what)
            XCTAssertEqual((try? Policy(text: text)) != nil, reads, what)
        }
    }

    func testShippedPoliciesConform() throws {
        for name in ["inline-oz/policy", "inline-oz/ppo", "inline-oz-clone/policy", "inline-lto/policy", "evict-prior/policy"] {
            let url = TestEnvironment.repositoryRoot.appendingPathComponent("policies/\(name).mlgo")
            let policy = try Policy(contentsOf: url)
            let rows = ProbeRows.rows(featureCount: policy.features.count, seed: 1, randomCount: 500)
            XCTAssertEqual(PolicyConformance.problems(in: Array(try Data(contentsOf: url)), rows: rows), [], name)
        }
    }
}

import EmbeddedPolicies
import Foundation
import MLGOCompile
import MLGOCore
import MLGOExport
import MLGOTestSupport
import PolicyRuntime
import XCTest

/// The Swift forward pass, the C policy-file runtime and exported C code must compute the same
/// logits (within 1e-5) on every input: real trace rows and random values.
final class PolicyEquivalenceTests: XCTestCase {
    private var scratch: URL!

    override func setUpWithError() throws { scratch = try TestEnvironment.makeScratchFolder("equivalence") }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: scratch) }

    // MARK: Inputs

    static func randomPolicy(_ generator: inout SplitMix64, outputs lastOutputs: Int = 1) -> Policy {
        let featureCount = Int.random(in: 1...40, using: &generator)
        let features = (0..<featureCount).map { "feature_\($0)" }
        var inputs: [Policy.Input] = []
        for _ in 0..<Int.random(in: 1...80, using: &generator) {
            let feature = Int.random(in: 0..<featureCount, using: &generator)
            let minus: Int? = Bool.random(using: &generator) ? Int.random(in: 0..<featureCount, using: &generator) : nil
            let normalization: Policy.Normalization
            switch Int.random(in: 0..<3, using: &generator) {
            case 0:
                var boundaries = Set<Float>()
                for _ in 0..<Int.random(in: 0...64, using: &generator) {
                    boundaries.insert(Float(Int.random(in: -2000...20000, using: &generator)) / 4)
                }
                normalization = .quantiles(boundaries.sorted())
            case 1:
                normalization = .linear(offset: Float(generator.nextGaussian() * 50),
                                        scale: Float(generator.nextGaussian() * 0.1))
            default:
                normalization = .signedLog
            }
            inputs.append(.init(feature: feature, minus: minus, normalization: normalization))
        }
        var layers: [Policy.Layer] = []
        var width = inputs.count
        let depth = Int.random(in: 1...3, using: &generator)
        for index in 0..<depth {
            let outputs = index == depth - 1 ? lastOutputs : Int.random(in: 1...48, using: &generator)
            layers.append(.init(inputCount: width, outputCount: outputs, activation: index == depth - 1 ? .linear : .relu,
                                weights: (0..<(width * outputs)).map { _ in Float(generator.nextGaussian() * 0.5) },
                                bias: (0..<outputs).map { _ in Float(generator.nextGaussian() * 0.1) }))
            width = outputs
        }
        return Policy(name: "random", decision: "inlining_decision", features: features, inputs: inputs, layers: layers)
    }

    static func randomRow(count: Int, _ generator: inout SplitMix64) -> [Float] {
        (0..<count).map { _ in
            switch Int.random(in: 0..<4, using: &generator) {
            case 0: return Float(Int.random(in: -20...20, using: &generator))
            case 1: return Float(Int.random(in: -500...5000, using: &generator))
            case 2: return Float(Int.random(in: -100_000...100_000, using: &generator)) * 5
            default: return Float(generator.nextGaussian() * 1000)
            }
        }
    }

    // MARK: Evaluators

    /// The NUL-terminated message a runtime call wrote into `buffer`.
    static func message(_ buffer: [CChar]) -> String {
        String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    static func runtimeLogits(_ runtime: OpaquePointer, _ raw: [Float]) -> Float {
        var output: Float = .nan
        raw.withUnsafeBufferPointer { mlgo_policy_evaluate(runtime, $0.baseAddress, &output) }
        return output
    }

    static func parseWithRuntime(_ text: String) throws -> OpaquePointer {
        var error = [CChar](repeating: 0, count: 512)
        let parsed = text.withCString { mlgo_policy_parse($0, strlen($0), &error, error.count) }
        guard let parsed else { throw MLGOError.malformed("runtime", PolicyEquivalenceTests.message(error)) }
        return parsed
    }

    /// Exports `policies` as C, builds them into one shared library with clang-22 (and
    /// `flags`) and returns each policy's evaluate function.
    func exportedEvaluators(_ policies: [Policy], flags: [String] = [], library name: String = "libexported.so")
        throws -> [@convention(c) (UnsafePointer<Float>?, UnsafeMutablePointer<Float>?) -> Void]
    {
        try exportedPolicies(policies, flags: flags, library: name).map(\.evaluate)
    }

    /// The exported policies' descriptions (with both evaluate functions), built as above.
    func exportedPolicies(_ policies: [Policy], flags: [String] = [], library name: String = "libexported.so")
        throws -> [MLGOEmbeddedPolicy]
    {
        let toolchain = try TestEnvironment.toolchain()
        var sources: [String] = []
        for (index, policy) in policies.enumerated() {
            let file = scratch.appendingPathComponent("policy\(index).c")
            try Data(CExporter.source(for: policy, provenance: "test", accessor: "accessor\(index)").utf8).write(to: file)
            sources.append(file.path)
        }
        let library = scratch.appendingPathComponent(name)
        let root = TestEnvironment.repositoryRoot.path
        let result = try ProcessRunner.run(toolchain.clang, [
            "-O2", "-shared", "-fPIC", "-I", "\(root)/Sources/PolicyRuntime/include",
            "-I", "\(root)/Sources/EmbeddedPolicies/include", "-o", library.path,
        ] + flags + sources + ["-lm"])
        XCTAssertTrue(result.succeeded, result.standardError)
        guard let handle = dlopen(library.path, RTLD_NOW) else {
            throw MLGOError.unavailable(library.path, String(cString: dlerror()))
        }
        return try policies.indices.map { index in
            guard let symbol = dlsym(handle, "accessor\(index)") else {
                throw MLGOError.unavailable("accessor\(index)", "missing from exported library")
            }
            typealias Accessor = @convention(c) () -> UnsafePointer<MLGOEmbeddedPolicy>
            return unsafeBitCast(symbol, to: Accessor.self)().pointee
        }
    }

    // MARK: Tests

    func testRandomPoliciesAgreeInSwiftRuntimeAndExportedC() throws {
        var generator = SplitMix64(seed: 2024)
        let policies = (0..<24).map { _ in PolicyEquivalenceTests.randomPolicy(&generator) }
        let exported = try exportedEvaluators(policies)
        var compared = 0
        for (policy, evaluate) in zip(policies, exported) {
            let runtime = try PolicyEquivalenceTests.parseWithRuntime(policy.serialized())
            defer { mlgo_policy_free(runtime) }
            for _ in 0..<400 {
                let raw = PolicyEquivalenceTests.randomRow(count: policy.features.count, &generator)
                let swiftLogit = policy.logits(raw: raw)[0]
                let runtimeLogit = PolicyEquivalenceTests.runtimeLogits(runtime, raw)
                var exportedLogit: Float = .nan
                raw.withUnsafeBufferPointer { evaluate($0.baseAddress, &exportedLogit) }
                XCTAssertEqual(swiftLogit, runtimeLogit, accuracy: 1e-5 * max(1, abs(swiftLogit)))
                XCTAssertEqual(swiftLogit, exportedLogit, accuracy: 1e-5 * max(1, abs(swiftLogit)))
                compared += 1
            }
        }
        XCTAssertEqual(compared, 24 * 400)
    }

    /// Exported code is compiled for AVX2 and for the x86-64 baseline (MLGO_VECTOR_CLONES);
    /// whichever the CPU runs, the logits are the same bits: wider vectors, the same operations.
    func testVectorClonesGiveTheBaselinesBits() throws {
        var generator = SplitMix64(seed: 77)
        let policies = (0..<12).map { _ in PolicyEquivalenceTests.randomPolicy(&generator) }
        let cloned = try exportedEvaluators(policies, library: "libcloned.so")
        let baseline = try exportedEvaluators(policies, flags: ["-DMLGO_VECTOR_CLONES="], library: "libbaseline.so")
        // The comparison means something only if the clones exist (this is an x86-64 ELF host).
        let toolchain = try TestEnvironment.toolchain()
        let nm = URL(fileURLWithPath: toolchain.llc).deletingLastPathComponent().appendingPathComponent("llvm-nm").path
        let symbols = try ProcessRunner.run(nm, [scratch.appendingPathComponent("libcloned.so").path], standardOutput: .captured)
        XCTAssertTrue(symbols.succeeded, symbols.standardError)
        XCTAssertTrue(symbols.standardOutput.contains("evaluate_rows.avx2"), "no AVX2 clone of the exported evaluate_rows")
        var compared = 0
        for (index, policy) in policies.enumerated() {
            for _ in 0..<300 {
                let raw = PolicyEquivalenceTests.randomRow(count: policy.features.count, &generator)
                var fromClones: Float = .nan, fromBaseline: Float = .nan
                raw.withUnsafeBufferPointer {
                    cloned[index]($0.baseAddress, &fromClones)
                    baseline[index]($0.baseAddress, &fromBaseline)
                }
                XCTAssertEqual(fromClones.bitPattern, fromBaseline.bitPattern, "policy \(index) on \(raw): \(fromClones) vs \(fromBaseline)")
                compared += 1
            }
        }
        XCTAssertEqual(compared, 12 * 300)
    }

    /// evaluate_rows (the last layer MLGO_LANES rows at a time, idle lanes zero) gives each row
    /// evaluate's bits, for any number of rows and outputs, and so does the file runtime.
    func testEvaluatingRowsTogetherGivesEachRowsBits() throws {
        var generator = SplitMix64(seed: 31)
        let policies = (0..<12).map { PolicyEquivalenceTests.randomPolicy(&generator, outputs: 1 + $0 % 3) }
        let exported = try exportedPolicies(policies, library: "librows.so")
        var compared = 0
        for (index, policy) in policies.enumerated() {
            let runtime = try PolicyEquivalenceTests.parseWithRuntime(policy.serialized())
            defer { mlgo_policy_free(runtime) }
            let features = policy.features.count, outputs = policy.outputCount
            XCTAssertEqual(exported[index].output_count, outputs)
            for rows in [1, 2, 7, 8, 9, 13, 16, 17, 33] {
                // Rows with many zeros too, the inputs the lanes skip in different places.
                let raw = (0..<rows).flatMap { row in
                    PolicyEquivalenceTests.randomRow(count: features, &generator).map { row % 3 == 0 && $0 < 0 ? 0 : $0 }
                }
                var together = [Float](repeating: .nan, count: rows * outputs)
                var fromFile = together
                raw.withUnsafeBufferPointer { exported[index].evaluate_rows($0.baseAddress, rows, &together) }
                raw.withUnsafeBufferPointer { mlgo_policy_evaluate_rows(runtime, $0.baseAddress, rows, &fromFile) }
                for row in 0..<rows {
                    var alone = [Float](repeating: .nan, count: outputs)
                    raw.withUnsafeBufferPointer { exported[index].evaluate($0.baseAddress! + row * features, &alone) }
                    for output in 0..<outputs {
                        let bits = alone[output].bitPattern
                        XCTAssertEqual(together[row * outputs + output].bitPattern, bits, "policy \(index), \(rows) rows, row \(row)")
                        XCTAssertEqual(fromFile[row * outputs + output].bitPattern, bits, "runtime: policy \(index), row \(row)")
                    }
                    compared += 1
                }
            }
        }
        XCTAssertEqual(compared, 12 * [1, 2, 7, 8, 9, 13, 16, 17, 33].reduce(0, +))
    }

    /// The shipped policy: its file, read by Swift and by the C runtime, and the copy compiled
    /// into the plugin give the same logits on real inlining decisions and random ones.
    func testShippedPolicyAgreesOnRealTracesAndRandomInputs() throws {
        let policyURL = TestEnvironment.repositoryRoot.appendingPathComponent("policies/inline-oz/policy.mlgo")
        let policy = try Policy(contentsOf: policyURL)
        guard let embedded = mlgo_embedded_inline_policy()?.pointee else {
            return XCTFail("the plugin has no embedded policy; run mlgo-train export")
        }
        let embeddedFeatures = (0..<embedded.feature_count).map { String(cString: embedded.feature_names[$0]!) }
        XCTAssertEqual(embeddedFeatures, policy.features, "Sources/EmbeddedPolicies is stale: export policies/inline-oz again")
        let runtime = try PolicyEquivalenceTests.parseWithRuntime(String(decoding: try Data(contentsOf: policyURL), as: UTF8.self))
        defer { mlgo_policy_free(runtime) }

        // Real rows: trace LLVM's decisions on a few bundled modules.
        let toolchain = try TestEnvironment.toolchain()
        var rows: [[Float]] = []
        for name in ["bytecode_vm", "json_lexer", "treap", "expr_parser", "sort_algorithms"] {
            let source = TestEnvironment.bundledSources.appendingPathComponent(name + ".c")
            let bitcode = scratch.appendingPathComponent(name + ".bc")
            let trace = scratch.appendingPathComponent(name + ".log")
            var result = try ProcessRunner.run(toolchain.clang, ["-Oz", "-Xclang", "-disable-llvm-passes", "-emit-llvm", "-c", source.path, "-o", bitcode.path])
            XCTAssertTrue(result.succeeded, result.standardError)
            result = try ProcessRunner.run(toolchain.opt, InliningSetup(mode: .train, trace: trace).pluginArguments(plugin: toolchain.plugin)
                + ["-passes=default<Oz>", bitcode.path, "-o", "/dev/null"])
            XCTAssertTrue(result.succeeded, result.standardError)
            let log = try TrainingLog(contentsOf: trace)
            let columns = policy.features.map { log.featureIndex(named: $0)! }
            for context in log.contexts {
                for row in 0..<context.observationCount {
                    rows.append(columns.map { Float(log.scalar($0, observation: row, in: context)) })
                }
            }
        }
        XCTAssertGreaterThan(rows.count, 300)
        var generator = SplitMix64(seed: 99)
        rows += (0..<5000).map { _ in PolicyEquivalenceTests.randomRow(count: policy.features.count, &generator) }

        var decisionsDiffering = 0
        for raw in rows {
            let swiftLogit = policy.logits(raw: raw)[0]
            let runtimeLogit = PolicyEquivalenceTests.runtimeLogits(runtime, raw)
            var embeddedLogit: Float = .nan
            raw.withUnsafeBufferPointer { embedded.evaluate($0.baseAddress, &embeddedLogit) }
            XCTAssertEqual(swiftLogit, runtimeLogit, accuracy: 1e-5 * max(1, abs(swiftLogit)))
            XCTAssertEqual(swiftLogit, embeddedLogit, accuracy: 1e-5 * max(1, abs(swiftLogit)))
            if (swiftLogit > 0) != (embeddedLogit > 0) || (swiftLogit > 0) != (runtimeLogit > 0) { decisionsDiffering += 1 }
        }
        XCTAssertEqual(decisionsDiffering, 0)
    }

    func testRuntimeRejectsBadFilesWithTheirNameAndLine() throws {
        var error = [CChar](repeating: 0, count: 512)
        XCTAssertNil(mlgo_policy_load("/nonexistent/policy.mlgo", &error, error.count))
        let missing = PolicyEquivalenceTests.message(error)
        XCTAssertTrue(missing.contains("/nonexistent/policy.mlgo: cannot open policy file"), missing)

        let file = scratch.appendingPathComponent("bad.mlgo")
        let good = PolicyEquivalenceTests.randomPolicy(&generatorForBadFiles).serialized()
        let broken: [(String, String)] = [
            ("mlgo-policy 1\nname x\n", "end of the file"),
            (good.replacingOccurrences(of: "layers ", with: "layers x"), "layer count"),
            (good.replacingOccurrences(of: "decision inlining_decision", with: "decision inlining decision"), "expected 'features'"),
            ("mlgo-policy 9\n", "format version 9 is not supported"),
            (String(repeating: "x", count: 300), "longer than"),
            ("", "expected 'mlgo-policy'"),
        ]
        for (text, expected) in broken {
            try Data(text.utf8).write(to: file)
            let loaded = mlgo_policy_load(file.path, &error, error.count)
            XCTAssertNil(loaded, expected)
            if let loaded { mlgo_policy_free(loaded) }
            let message = PolicyEquivalenceTests.message(error)
            XCTAssertTrue(message.contains(file.path) && message.contains(expected), "\(message) should mention \(expected)")
        }
    }

    private var generatorForBadFiles = SplitMix64(seed: 11)
}

import PolicyRuntime

/// A policy parsed by the C runtime (PolicyRuntime), freed with it.
final class RuntimePolicy {
    struct ParseError: Error, CustomStringConvertible {
        var description: String
    }

    private let handle: OpaquePointer

    /// The runtime's verdict on `text`: the policy, or the runtime's error message.
    static func parse(_ text: [UInt8]) -> Result<RuntimePolicy, ParseError> {
        var error = [CChar](repeating: 0, count: 512)
        let parsed = text.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { mlgo_policy_parse($0.baseAddress, $0.count, &error, error.count) }
        }
        guard let parsed else {
            return .failure(ParseError(description: String(decoding: error.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)))
        }
        return .success(RuntimePolicy(handle: parsed))
    }

    private init(handle: OpaquePointer) { self.handle = handle }
    deinit { mlgo_policy_free(handle) }

    var name: String { String(cString: mlgo_policy_name(handle)) }
    var decision: String { String(cString: mlgo_policy_decision(handle)) }
    var features: [String] {
        (0..<mlgo_policy_feature_count(handle)).map { String(cString: mlgo_policy_feature_name(handle, $0)) }
    }
    var outputCount: Int { mlgo_policy_output_count(handle) }

    func logits(raw: [Float]) -> [Float] {
        precondition(raw.count == mlgo_policy_feature_count(handle))
        var outputs = [Float](repeating: .nan, count: outputCount)
        mlgo_policy_evaluate(handle, raw, &outputs)
        return outputs
    }
}

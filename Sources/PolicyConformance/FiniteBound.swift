import MLGOCore

/// Whether a policy's logits must be finite on a row: the format promises finite quantile and
/// signed-log inputs, but a linear input or a layer can overflow Float on extreme values, so
/// finiteness is promised only where a bound on every intermediate magnitude, computed in
/// Double, stays below half of Float's largest value (the half absorbs float rounding).
enum FiniteBound {
    static let limit = Double(Float.greatestFiniteMagnitude) / 2

    static func cannotOverflow(_ policy: Policy, raw: [Float]) -> Bool {
        var bounds: [Double] = []
        for input in policy.inputs {
            var value = Double(raw[input.feature])
            if let minus = input.minus { value -= Double(raw[minus]) }
            switch input.normalization {
            case .quantiles: bounds.append(1)
            case .signedLog: bounds.append(129)  // |log2(1 + |x|)| < 129 for any float x
            case .linear(let offset, let scale):
                // The float difference, then value − offset, then the product.
                let shifted = value - Double(offset)
                let scaled = abs(shifted * Double(scale))
                guard abs(value) <= limit, abs(shifted) <= limit, scaled <= limit else { return false }
                bounds.append(scaled)
            }
        }
        for layer in policy.layers {
            var next = layer.bias.map { abs(Double($0)) }
            for i in 0..<layer.inputCount where bounds[i] != 0 {
                for j in 0..<layer.outputCount {
                    next[j] += abs(Double(layer.weights[i * layer.outputCount + j])) * bounds[i]
                }
            }
            guard next.allSatisfy({ $0 <= limit }) else { return false }
            bounds = next
        }
        return true
    }
}

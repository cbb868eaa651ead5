import MLGOCore

/// A policy's trainable numbers — every layer's weights then biases — as one flat vector, the
/// space evolution strategies search in. Normalisers stay fixed.
public enum PolicyParameters {
    public static func flatten(_ policy: Policy) -> [Float] { flatten(policy.layers) }

    public static func flatten(_ layers: [Policy.Layer]) -> [Float] { layers.flatMap { $0.weights + $0.bias } }

    /// `template` with its layers' numbers replaced by `parameters`.
    public static func policy(_ template: Policy, with parameters: [Float]) -> Policy {
        var policy = template
        policy.layers = layers(template.layers, with: parameters)
        return policy
    }

    /// `template` layers with their numbers replaced by `parameters` (flatten's order).
    public static func layers(_ template: [Policy.Layer], with parameters: [Float]) -> [Policy.Layer] {
        precondition(parameters.count == template.reduce(0) { $0 + $1.weights.count + $1.bias.count },
                     "parameter vector does not fit the policy")
        var layers = template
        var offset = 0
        for index in layers.indices {
            let weights = layers[index].weights.count
            let bias = layers[index].bias.count
            layers[index].weights = Array(parameters[offset..<(offset + weights)])
            offset += weights
            layers[index].bias = Array(parameters[offset..<(offset + bias)])
            offset += bias
        }
        return layers
    }

    /// `policy` with its output layer (weights and bias) multiplied by `factor`: the same greedy
    /// decisions, with logits `factor` times as large. A behaviour clone's logits are in the tens,
    /// so sampling and small perturbations never depart from it; a factor < 1 lets PPO explore and
    /// ES perturbations flip decisions.
    public static func scalingOutput(of policy: Policy, by factor: Float) -> Policy {
        var policy = policy
        guard let last = policy.layers.indices.last else { return policy }
        policy.layers[last].weights = policy.layers[last].weights.map { $0 * factor }
        policy.layers[last].bias = policy.layers[last].bias.map { $0 * factor }
        return policy
    }

    /// `policy` with `amount` added to its output bias: every logit moves by `amount`.
    public static func shiftingOutput(of policy: Policy, by amount: Float) -> Policy {
        var policy = policy
        guard let last = policy.layers.indices.last else { return policy }
        policy.layers[last].bias = policy.layers[last].bias.map { $0 + amount }
        return policy
    }

    /// `policy` with `margin` added to the score of every row whose 0/1 feature `marker` is 1,
    /// and every other row's score unchanged to the bit. For an eviction scorer and
    /// `llvm_choice`: a departure from LLVM's slot needs a score more than `margin` above it,
    /// so 0 gives the policy's own decisions and a large margin LLVM's.
    ///
    /// The marker (added as a feature if the policy does not read it) becomes a last input, linear
    /// with scale 1; each hidden layer gains a last unit that passes it through (weight 1 from
    /// it, 0 from the rest: ReLU of 0 or 1 is itself), and the output layer weighs that unit by
    /// `margin`. Every existing unit gets weight 0 from the new input. Where the marker is 0 the
    /// new terms are zero inputs, which the network skips, so the other rows keep their bits.
    public static func addingMargin(_ margin: Float, toRowsMarkedBy marker: String, in policy: Policy) -> Policy {
        var policy = policy
        let feature: Int
        if let existing = policy.features.firstIndex(of: marker) {
            feature = existing
        } else {
            policy.features.append(marker)
            feature = policy.features.count - 1
        }
        policy.inputs.append(.init(feature: feature, normalization: .linear(offset: 0, scale: 1)))
        for index in policy.layers.indices {
            let layer = policy.layers[index]
            let isLast = index == policy.layers.count - 1
            let inputs = layer.inputCount + 1, outputs = layer.outputCount + (isLast ? 0 : 1)
            var weights = [Float](repeating: 0, count: inputs * outputs)
            // Input-major: weights[i * outputs + j]; the old weights keep their places.
            for i in 0..<layer.inputCount {
                for j in 0..<layer.outputCount { weights[i * outputs + j] = layer.weights[i * layer.outputCount + j] }
            }
            let marked = layer.inputCount // the new input: the marker, or the unit passing it on
            if isLast {
                for j in 0..<layer.outputCount { weights[marked * outputs + j] = margin }
            } else {
                weights[marked * outputs + layer.outputCount] = 1
            }
            policy.layers[index] = Policy.Layer(inputCount: inputs, outputCount: outputs, activation: layer.activation,
                                                weights: weights, bias: layer.bias + (isLast ? [] : [0]))
        }
        return policy
    }

    /// An inlining policy that departs from LLVM's decision only when its logit is more than
    /// `margin` on the other side of 0: every logit moves `margin` towards LLVM's decision
    /// (`inlining_default`, 1 = inline), +margin where LLVM inlines and −margin where it does
    /// not. 0 keeps the policy's decisions; a margin above every |logit| gives LLVM's. Built
    /// from `addingMargin` (2 × margin on the rows LLVM inlines) and an output shift of −margin.
    public static func favouringDefaultDecision(by margin: Float, in policy: Policy) -> Policy {
        favouringDefaultDecision(whereLLVMInlines: margin, whereLLVMDeclines: margin, in: policy)
    }

    /// The same with a margin per side: `inlines` where LLVM inlines (the policy declines such a
    /// call only with a logit below −inlines), `declines` where it does not (the policy inlines
    /// such a call only with a logit above +declines). A side at 0 keeps the policy's decisions
    /// there; a side above every |logit| gives LLVM's there. The logit becomes
    /// logit + (inlines + declines) · inlining_default − declines.
    public static func favouringDefaultDecision(whereLLVMInlines inlines: Float, whereLLVMDeclines declines: Float,
                                                in policy: Policy) -> Policy {
        guard inlines > 0 || declines > 0 else { return policy }
        let marked = addingMargin(inlines + declines, toRowsMarkedBy: InliningTrace.defaultDecision, in: policy)
        return shiftingOutput(of: marked, by: -declines)
    }
}

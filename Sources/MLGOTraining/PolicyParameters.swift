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
}

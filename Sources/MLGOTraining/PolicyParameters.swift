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
}

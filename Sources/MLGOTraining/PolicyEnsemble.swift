import MLGOCore

/// Several policies fitted to the same data from different seeds, as one policy whose logit is
/// the mean of theirs. Distillation fits vary a lot from seed to seed (a few wrong decisions
/// cost whole functions), and the mean of several fits votes out the errors each makes alone.
///
/// The members must read the same features through the same inputs (the normalisation is
/// fitted to the data, not the seed) and have layers of the same shapes and activations. The
/// ensemble is then an ordinary MLP in the same file format: its hidden layers place the
/// members side by side (block-diagonal weights) and its output layer averages theirs, so the
/// plugin, the runtime and the exporter need nothing new; evaluation costs K times as much.
public enum PolicyEnsemble {
    public static func averaging(_ members: [Policy], name: String? = nil) throws -> Policy {
        guard let first = members.first else { throw MLGOError.invalidArgument("an ensemble needs at least one policy") }
        for member in members.dropFirst() {
            guard member.features == first.features, member.inputs == first.inputs, member.decision == first.decision,
                  member.layers.map({ [$0.inputCount, $0.outputCount] }) == first.layers.map({ [$0.inputCount, $0.outputCount] }),
                  member.layers.map(\.activation) == first.layers.map(\.activation) else {
                throw MLGOError.invalidArgument("policies '\(first.name)' and '\(member.name)' differ in features, inputs or layer shapes: they cannot be averaged")
            }
        }
        let count = members.count
        var layers: [Policy.Layer] = []
        for (depth, shape) in first.layers.enumerated() {
            let isFirst = depth == 0, isLast = depth == first.layers.count - 1
            // The first layer reads the shared inputs; later ones read only their member's block.
            let inputCount = isFirst ? shape.inputCount : shape.inputCount * count
            let outputCount = isLast ? shape.outputCount : shape.outputCount * count
            var weights = [Float](repeating: 0, count: inputCount * outputCount)
            var bias = [Float](repeating: 0, count: outputCount)
            for (k, member) in members.enumerated() {
                let layer = member.layers[depth]
                let inputOffset = isFirst ? 0 : k * layer.inputCount
                let outputOffset = isLast ? 0 : k * layer.outputCount
                let scale: Float = isLast ? 1 / Float(count) : 1
                for i in 0..<layer.inputCount {
                    for j in 0..<layer.outputCount {
                        weights[(inputOffset + i) * outputCount + outputOffset + j] += scale * layer.weights[i * layer.outputCount + j]
                    }
                }
                for j in 0..<layer.outputCount { bias[outputOffset + j] += scale * layer.bias[j] }
            }
            layers.append(Policy.Layer(inputCount: inputCount, outputCount: outputCount, activation: shape.activation,
                                       weights: weights, bias: bias))
        }
        var ensemble = first
        ensemble.name = name ?? first.name
        ensemble.layers = layers
        return ensemble
    }
}

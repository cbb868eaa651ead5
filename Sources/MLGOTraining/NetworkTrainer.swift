import Foundation
import MLGOCore

/// Gradient training of a policy's MLP with Adam. The loss stays with the caller: it gets the
/// logits of each sample and returns d(loss)/d(logits), so behaviour cloning and policy
/// gradient share this code.
public struct NetworkTrainer: Sendable {
    public private(set) var layers: [Policy.Layer]
    /// Decoupled weight decay (AdamW) applied to weights, not biases.
    public var weightDecay: Float
    /// Adam's state, kept by checkpoints so a resumed run continues with the same moments.
    public private(set) var optimizer: AdamOptimizer
    /// Per flat parameter: is it a weight (decayed) rather than a bias?
    private let isWeight: [Bool]

    public init(layers: [Policy.Layer], learningRate: Float, weightDecay: Float = 0) {
        self.init(layers: layers,
                  optimizer: AdamOptimizer(parameterCount: layers.reduce(0) { $0 + $1.weights.count + $1.bias.count },
                                           learningRate: learningRate),
                  weightDecay: weightDecay)
    }

    public init(layers: [Policy.Layer], optimizer: AdamOptimizer, weightDecay: Float = 0) {
        self.layers = layers
        self.optimizer = optimizer
        self.weightDecay = weightDecay
        isWeight = layers.flatMap {
            [Bool](repeating: true, count: $0.weights.count) + [Bool](repeating: false, count: $0.bias.count)
        }
    }

    /// Fresh layers: He-initialised ReLU hidden layers and a linear output layer.
    public static func initialLayers(inputCount: Int, hidden: [Int], outputCount: Int,
                                     generator: inout SplitMix64) -> [Policy.Layer] {
        var layers: [Policy.Layer] = []
        var width = inputCount
        for (index, size) in (hidden + [outputCount]).enumerated() {
            let isOutput = index == hidden.count
            let scale = (2.0 / Double(width)).squareRoot() * (isOutput ? 0.1 : 1.0)
            let weights = (0..<(width * size)).map { _ in Float(generator.nextGaussian() * scale) }
            layers.append(Policy.Layer(inputCount: width, outputCount: size,
                                       activation: isOutput ? .linear : .relu,
                                       weights: weights, bias: [Float](repeating: 0, count: size)))
            width = size
        }
        return layers
    }

    /// One Adam step on a batch of normalised inputs. `lossGradient(sample, logits)` returns
    /// d(loss)/d(logits) for that sample; gradients are averaged over the batch.
    public mutating func step(inputs batch: [[Float]],
                              lossGradient: (_ sample: Int, _ logits: [Float]) -> [Float]) {
        guard !batch.isEmpty else { return }
        var parameters = PolicyParameters.flatten(layers)
        let isWeight = self.isWeight
        optimizer.descend(&parameters, gradient: gradient(inputs: batch, lossGradient: lossGradient),
                          weightDecay: weightDecay) { isWeight[$0] }
        layers = PolicyParameters.layers(layers, with: parameters)
    }

    /// d(mean loss)/d(parameters) over `batch` by backpropagation, in `PolicyParameters.flatten`'s order.
    func gradient(inputs batch: [[Float]], lossGradient: (_ sample: Int, _ logits: [Float]) -> [Float]) -> [Float] {
        var gradients = layers.map { [Float](repeating: 0, count: $0.weights.count + $0.bias.count) }
        for (sample, input) in batch.enumerated() {
            // Forward, keeping every layer's output.
            var activations: [[Float]] = [input]
            for layer in layers { activations.append(Policy.dense(activations.last!, layer)) }
            var delta = lossGradient(sample, activations.last!)
            // Backward. Each layer applies its own activation's derivative: any layer may be
            // ReLU or linear, the output layer included.
            for l in stride(from: layers.count - 1, through: 0, by: -1) {
                let layer = layers[l]
                let input = activations[l]
                let out = layer.outputCount
                if layer.activation == .relu {
                    for j in 0..<out where !(activations[l + 1][j] > 0) { delta[j] = 0 }
                }
                for i in 0..<layer.inputCount where input[i] != 0 {
                    let x = input[i]
                    let row = i * out
                    for j in 0..<out { gradients[l][row + j] += x * delta[j] }
                }
                let biasOffset = layer.weights.count
                for j in 0..<out { gradients[l][biasOffset + j] += delta[j] }
                if l > 0 {
                    // Where the layer below is an inactive ReLU its mask would zero the sum anyway.
                    let belowIsReLU = layers[l - 1].activation == .relu
                    var previous = [Float](repeating: 0, count: layer.inputCount)
                    for i in 0..<layer.inputCount where !belowIsReLU || input[i] > 0 {
                        let row = i * out
                        var sum: Float = 0
                        for j in 0..<out { sum += layer.weights[row + j] * delta[j] }
                        previous[i] = sum
                    }
                    delta = previous
                }
            }
        }
        let scale = 1 / Float(max(batch.count, 1))
        return gradients.flatMap { $0.map { $0 * scale } }
    }
}

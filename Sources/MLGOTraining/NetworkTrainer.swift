import Foundation
import MLGOCore

/// Gradient training of a policy's MLP with Adam. The loss stays with the caller: it gets the
/// logits of each sample and returns d(loss)/d(logits), so behaviour cloning and policy
/// gradient share this code.
public struct NetworkTrainer: Sendable {
    public private(set) var layers: [Policy.Layer]
    public var learningRate: Float
    /// Decoupled weight decay (AdamW) applied to weights, not biases.
    public var weightDecay: Float
    public let beta1: Float = 0.9
    public let beta2: Float = 0.999
    public let epsilon: Float = 1e-8
    private var firstMoments: [[Float]]
    private var secondMoments: [[Float]]
    private var stepCount = 0

    public init(layers: [Policy.Layer], learningRate: Float, weightDecay: Float = 0) {
        self.layers = layers
        self.learningRate = learningRate
        self.weightDecay = weightDecay
        firstMoments = layers.map { [Float](repeating: 0, count: $0.weights.count + $0.bias.count) }
        secondMoments = firstMoments
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
        var gradients = layers.map { [Float](repeating: 0, count: $0.weights.count + $0.bias.count) }
        for (sample, input) in batch.enumerated() {
            // Forward, keeping every layer's output.
            var activations: [[Float]] = [input]
            for layer in layers { activations.append(Policy.dense(activations.last!, layer)) }
            var delta = lossGradient(sample, activations.last!)
            // Backward.
            for l in stride(from: layers.count - 1, through: 0, by: -1) {
                let layer = layers[l]
                let input = activations[l]
                let out = layer.outputCount
                for i in 0..<layer.inputCount where input[i] != 0 {
                    let x = input[i]
                    let row = i * out
                    for j in 0..<out { gradients[l][row + j] += x * delta[j] }
                }
                let biasOffset = layer.weights.count
                for j in 0..<out { gradients[l][biasOffset + j] += delta[j] }
                if l > 0 {
                    var previous = [Float](repeating: 0, count: layer.inputCount)
                    for i in 0..<layer.inputCount where input[i] > 0 {  // ReLU derivative
                        let row = i * out
                        var sum: Float = 0
                        for j in 0..<out { sum += layer.weights[row + j] * delta[j] }
                        previous[i] = sum
                    }
                    delta = previous
                }
            }
        }
        applyAdam(gradients, scale: 1 / Float(batch.count))
    }

    private mutating func applyAdam(_ gradients: [[Float]], scale: Float) {
        stepCount += 1
        let correction1 = 1 - pow(beta1, Float(stepCount))
        let correction2 = 1 - pow(beta2, Float(stepCount))
        for l in layers.indices {
            let weightCount = layers[l].weights.count
            for k in gradients[l].indices {
                let g = gradients[l][k] * scale
                firstMoments[l][k] = beta1 * firstMoments[l][k] + (1 - beta1) * g
                secondMoments[l][k] = beta2 * secondMoments[l][k] + (1 - beta2) * g * g
                let update = learningRate * (firstMoments[l][k] / correction1)
                    / ((secondMoments[l][k] / correction2).squareRoot() + epsilon)
                if k < weightCount {
                    layers[l].weights[k] -= update + learningRate * weightDecay * layers[l].weights[k]
                } else {
                    layers[l].bias[k - weightCount] -= update
                }
            }
        }
    }
}

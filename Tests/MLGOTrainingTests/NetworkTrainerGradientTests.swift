import MLGOCore
import XCTest

@testable import MLGOTraining

/// NetworkTrainer's hand-written backpropagation against central finite differences of the
/// network's loss, computed in Double, for every parameter.
final class NetworkTrainerGradientTests: XCTestCase {
    /// The shape behaviour cloning trains: ReLU hidden layers, a linear output layer.
    func testGradientOfTheTrainedShapeMatchesFiniteDifferences() throws {
        var generator = SplitMix64(seed: 11)
        var layers = NetworkTrainer.initialLayers(inputCount: 5, hidden: [8, 6], outputCount: 2, generator: &generator)
        // Fresh biases are zero; random ones make their gradients (and the ReLU pattern) less special.
        for index in layers.indices { layers[index].bias = layers[index].bias.map { _ in Float(generator.nextGaussian() * 0.3) } }
        try checkAgainstFiniteDifferences(layers, generator: &generator)
    }

    /// The policy format allows either activation on any layer: a linear hidden layer passes
    /// negative values back, and a ReLU output layer cuts the loss's gradient where it is off.
    func testGradientWithMixedActivationsMatchesFiniteDifferences() throws {
        var generator = SplitMix64(seed: 12)
        let shape: [(Int, Int, Policy.Activation)] = [(5, 7, .relu), (7, 6, .linear), (6, 3, .relu)]
        let layers = shape.map { inputs, outputs, activation in
            Policy.Layer(inputCount: inputs, outputCount: outputs, activation: activation,
                         weights: (0..<(inputs * outputs)).map { _ in Float(generator.nextGaussian() * 0.6) },
                         bias: (0..<outputs).map { _ in Float(generator.nextGaussian() * 0.3) })
        }
        try checkAgainstFiniteDifferences(layers, generator: &generator)
    }

    // MARK: - The check

    /// Logistic loss per output, log(1 + e^(−t·z)) with targets t = ±1, averaged over samples:
    /// smooth in the logits, so the finite differences see only the network's own kinks.
    private func checkAgainstFiniteDifferences(_ layers: [Policy.Layer], generator: inout SplitMix64,
                                               file: StaticString = #filePath, line: UInt = #line) throws {
        let inputCount = layers[0].inputCount
        let outputCount = layers.last!.outputCount
        let inputs = (0..<4).map { _ in (0..<inputCount).map { _ in Float(generator.nextGaussian()) } }
        let targets = (0..<4).map { _ in (0..<outputCount).map { _ in generator.nextGaussian() > 0 ? 1.0 : -1.0 } }
        let parameters = PolicyParameters.flatten(layers).map(Double.init)

        // The Double reference computes what the Float network computes.
        for input in inputs {
            let reference = forward(input.map(Double.init), parameters, layers).logits
            for (value, expected) in zip(layers.reduce(input) { Policy.dense($0, $1) }, reference) {
                XCTAssertEqual(Double(value), expected, accuracy: 1e-5, file: file, line: line)
            }
        }
        // No ReLU input may sit on its kink, where the derivative is undefined and a step of h
        // could cross it.
        let h = 1e-5
        let margin = inputs.flatMap { forward($0.map(Double.init), parameters, layers).reluInputs }.map(abs).min() ?? .infinity
        XCTAssertGreaterThan(margin, 1e-3, "pick another seed", file: file, line: line)

        let trainer = NetworkTrainer(layers: layers, learningRate: 0.01)
        let analytic = trainer.gradient(inputs: inputs) { sample, logits in
            zip(logits, targets[sample]).map { z, t in Float(-t / (1 + exp(t * Double(z)))) }
        }
        func loss(_ parameters: [Double]) -> Double {
            zip(inputs, targets).reduce(0) { total, sample in
                let logits = forward(sample.0.map(Double.init), parameters, layers).logits
                return total + zip(logits, sample.1).reduce(0) { $0 + log1p(exp(-$1.1 * $1.0)) }
            } / Double(inputs.count)
        }
        XCTAssertEqual(analytic.count, parameters.count, file: file, line: line)
        var nonZero = 0
        for k in parameters.indices {
            var up = parameters, down = parameters
            up[k] += h
            down[k] -= h
            let numeric = (loss(up) - loss(down)) / (2 * h)
            // Float backpropagation: ~1e-7 relative per operation over a few dozen terms; the
            // Double differences are good to ~1e-10. 1e-4 of the gradient's scale is loose for
            // rounding and tight for any wrong term.
            let error = abs(Double(analytic[k]) - numeric) / max(abs(numeric), 1e-2)
            if abs(numeric) > 1e-6 { nonZero += 1 }
            XCTAssertLessThan(error, 1e-4, "parameter \(k): backprop \(analytic[k]), finite differences \(numeric)",
                              file: file, line: line)
        }
        // The check means something only if most parameters have a gradient at all.
        XCTAssertGreaterThan(nonZero, parameters.count / 2, file: file, line: line)
    }

    /// The network in Double from flat parameters (`PolicyParameters.flatten`'s order), with
    /// the input of every ReLU.
    private func forward(_ input: [Double], _ parameters: [Double], _ layers: [Policy.Layer])
        -> (logits: [Double], reluInputs: [Double])
    {
        var values = input
        var reluInputs: [Double] = []
        var offset = 0
        for layer in layers {
            let weights = offset
            let bias = offset + layer.weights.count
            offset = bias + layer.bias.count
            var outputs = (0..<layer.outputCount).map { parameters[bias + $0] }
            for i in 0..<layer.inputCount {
                for j in 0..<layer.outputCount { outputs[j] += values[i] * parameters[weights + i * layer.outputCount + j] }
            }
            if layer.activation == .relu {
                reluInputs += outputs
                outputs = outputs.map { max($0, 0) }
            }
            values = outputs
        }
        return (values, reluInputs)
    }
}

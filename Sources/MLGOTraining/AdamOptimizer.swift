/// Adam over a flat parameter vector (with optional decoupled weight decay). Codable, so a
/// checkpoint resumes with the same moments.
public struct AdamOptimizer: Codable, Sendable {
    public var learningRate: Float
    public var beta1: Float = 0.9
    public var beta2: Float = 0.999
    public var epsilon: Float = 1e-8
    public private(set) var firstMoments: [Float]
    public private(set) var secondMoments: [Float]
    public private(set) var stepCount = 0

    public init(parameterCount: Int, learningRate: Float) {
        self.learningRate = learningRate
        firstMoments = [Float](repeating: 0, count: parameterCount)
        secondMoments = firstMoments
    }

    /// One descent step: parameters −= update(gradient). `decay[k]` > 0 applies decoupled
    /// weight decay to parameter k.
    public mutating func descend(_ parameters: inout [Float], gradient: [Float], weightDecay: Float = 0,
                                 decays: (Int) -> Bool = { _ in false }) {
        precondition(parameters.count == gradient.count && gradient.count == firstMoments.count)
        stepCount += 1
        let correction1 = 1 - pow(beta1, Float(stepCount))
        let correction2 = 1 - pow(beta2, Float(stepCount))
        for k in parameters.indices {
            let g = gradient[k]
            firstMoments[k] = beta1 * firstMoments[k] + (1 - beta1) * g
            secondMoments[k] = beta2 * secondMoments[k] + (1 - beta2) * g * g
            var update = learningRate * (firstMoments[k] / correction1) / ((secondMoments[k] / correction2).squareRoot() + epsilon)
            if weightDecay > 0, decays(k) { update += learningRate * weightDecay * parameters[k] }
            parameters[k] -= update
        }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A two-sided confidence interval `estimate ± halfWidth` from Student's t.
public struct ConfidenceInterval: Sendable, Equatable {
    public var estimate: Double
    public var halfWidth: Double
    public var degreesOfFreedom: Double
    /// 0.95 for a 95% interval.
    public var confidence: Double

    public var lower: Double { estimate - halfWidth }
    public var upper: Double { estimate + halfWidth }

    /// `estimate` ± the t quantile for `confidence` times `standardError`.
    public init(estimate: Double, standardError: Double, degreesOfFreedom: Double, confidence: Double = 0.95) {
        self.estimate = estimate
        self.degreesOfFreedom = degreesOfFreedom
        self.confidence = confidence
        halfWidth = standardError == 0 ? 0
            : StudentT.quantile(0.5 + confidence / 2, degreesOfFreedom: degreesOfFreedom) * standardError
    }

    /// The mean of `values`, n − 1 degrees of freedom; nil for fewer than two values (no spread
    /// to judge by).
    public init?(meanOf values: [Double], confidence: Double = 0.95) {
        guard values.count > 1 else { return nil }
        let n = Double(values.count)
        self.init(estimate: Statistics.mean(values), standardError: Statistics.sampleStandardDeviation(values) / n.squareRoot(),
                  degreesOfFreedom: n - 1, confidence: confidence)
    }

    /// mean(numerator) / mean(denominator), by the delta method. `paired`: numerator[i] and
    /// denominator[i] were measured together (interleaved runs), so their covariance counts —
    /// the standard error comes from xᵢ − R·yᵢ, with n − 1 degrees of freedom. Otherwise the
    /// samples are independent and the degrees of freedom are Welch–Satterthwaite's. Nil with
    /// fewer than two values on a side or a zero denominator mean.
    public init?(ratioOfMeans numerator: [Double], to denominator: [Double], paired: Bool, confidence: Double = 0.95) {
        guard numerator.count > 1, denominator.count > 1 else { return nil }
        let meanX = Statistics.mean(numerator)
        let meanY = Statistics.mean(denominator)
        guard meanY != 0 else { return nil }
        let ratio = meanX / meanY
        if paired {
            precondition(numerator.count == denominator.count, "paired samples need equal counts")
            let residuals = zip(numerator, denominator).map { $0 - ratio * $1 }
            let n = Double(numerator.count)
            self.init(estimate: ratio,
                      standardError: Statistics.sampleStandardDeviation(residuals) / (n.squareRoot() * abs(meanY)),
                      degreesOfFreedom: n - 1, confidence: confidence)
        } else {
            let nX = Double(numerator.count)
            let nY = Double(denominator.count)
            let partX = Statistics.sampleVariance(numerator) / nX
            let partY = ratio * ratio * Statistics.sampleVariance(denominator) / nY
            let denominatorOfWelch = partX * partX / (nX - 1) + partY * partY / (nY - 1)
            self.init(estimate: ratio, standardError: (partX + partY).squareRoot() / abs(meanY),
                      degreesOfFreedom: denominatorOfWelch > 0 ? (partX + partY) * (partX + partY) / denominatorOfWelch : nX + nY - 2,
                      confidence: confidence)
        }
    }
}

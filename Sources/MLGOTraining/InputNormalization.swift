import MLGOCore

/// Fits how each raw feature becomes network inputs. By default every feature that varies in
/// the training data gets two inputs:
/// - its quantile CDF (the scheme ml-compiler-opt's vocab files use): heavy-tailed counts and
///   costs spread evenly over [0, 1], and unseen extremes saturate instead of exploding;
/// - its signed logarithm, sign(x)·log(1+|x|): full resolution near zero, where the inliner's
///   cost-versus-threshold margin decides (0 means "no", 5 means "yes"), with long tails
///   compressed. A CDF over a few dozen buckets blurs exactly that region.
/// `linear` (affine, median-centred) is there for features whose scale is known to be tame.
public enum InputNormalization {
    /// Which inputs each feature gets.
    public enum Scheme: String, Codable, Sendable, CaseIterable {
        case quantilesAndSignedLog = "both", quantiles, signedLog = "signed-log", linear
    }

    /// At most `maximumCount` strictly increasing boundaries: every distinct value if there
    /// are few, else evenly spaced order statistics.
    public static func quantiles(of values: [Float], maximumCount: Int = 64) -> [Float] {
        let sorted = values.sorted()
        return quantiles(ofSorted: sorted, maximumCount: maximumCount)
    }

    static func quantiles(ofSorted sorted: [Float], maximumCount: Int) -> [Float] {
        var distinct: [Float] = []
        for value in sorted where distinct.last != value { distinct.append(value) }
        if distinct.count <= maximumCount { return distinct }
        var boundaries: [Float] = []
        for k in 0..<maximumCount {
            let position = Int((Double(k) * Double(sorted.count - 1) / Double(maximumCount - 1)).rounded())
            let value = sorted[position]
            if boundaries.last.map({ $0 < value }) ?? true { boundaries.append(value) }
        }
        return boundaries
    }

    /// The features that vary in `dataset` and their inputs, plus inputs for the given
    /// differences of features (`(a, b)` reads a − b). A constant column carries no
    /// information and is left out of the policy.
    public static func fit(_ dataset: DecisionDataset, scheme: Scheme = .quantilesAndSignedLog,
                           differences: [(String, String)] = [],
                           maximumQuantiles: Int = 64) -> (features: [String], inputs: [Policy.Input])
    {
        var features: [String] = []
        var inputs: [Policy.Input] = []
        func featureIndex(_ name: String) -> Int {
            if let index = features.firstIndex(of: name) { return index }
            features.append(name)
            return features.count - 1
        }
        func addInputs(values: [Float], feature: () -> Int, minus: (() -> Int)?) {
            let sorted = values.sorted()
            let boundaries = quantiles(ofSorted: sorted, maximumCount: maximumQuantiles)
            guard boundaries.count >= 2 else { return }
            let featureIndex = feature()
            let minusIndex = minus?()
            if scheme == .quantiles || scheme == .quantilesAndSignedLog {
                inputs.append(Policy.Input(feature: featureIndex, minus: minusIndex, normalization: .quantiles(boundaries)))
            }
            guard scheme != .quantiles else { return }
            if scheme != .linear {
                inputs.append(Policy.Input(feature: featureIndex, minus: minusIndex, normalization: .signedLog))
                return
            }
            let median = sorted[sorted.count / 2]
            let low = sorted[Int(Double(sorted.count - 1) * 0.05)]
            let high = sorted[Int(Double(sorted.count - 1) * 0.95)]
            let scale = high > low ? 1 / (high - low) : 1 / (boundaries.last! - boundaries.first!)
            inputs.append(Policy.Input(feature: featureIndex, minus: minusIndex,
                                       normalization: .linear(offset: median, scale: scale)))
        }
        for (index, name) in dataset.featureNames.enumerated() {
            addInputs(values: dataset.column(index), feature: { featureIndex(name) }, minus: nil)
        }
        for (a, b) in differences {
            guard let left = dataset.featureNames.firstIndex(of: a),
                  let right = dataset.featureNames.firstIndex(of: b) else { continue }
            let values = zip(dataset.column(left), dataset.column(right)).map { $0 - $1 }
            addInputs(values: values, feature: { featureIndex(a) }, minus: { featureIndex(b) })
        }
        return (features, inputs)
    }
}

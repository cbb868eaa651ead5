import Foundation

/// A decision policy: which raw features it reads, how it normalises them, and the MLP that
/// turns them into logits. docs/policy-format.md describes the file format; the C runtime
/// (Sources/PolicyRuntime) and exported C code compute the same logits as `logits(raw:)`.
public struct Policy: Equatable, Sendable {
    public static let formatVersion = 1

    /// How one network input is computed from one raw feature.
    public enum Normalization: Equatable, Sendable {
        /// Piecewise-linear empirical CDF over strictly increasing quantile boundaries, in [0, 1].
        case quantiles([Float])
        /// (value − offset) × scale.
        case linear(offset: Float, scale: Float)
        /// sign(value) × log2(1 + |value|), log2 piecewise linear between powers of two.
        case signedLog
    }

    /// One input of the network: a feature, or the difference of two, normalised.
    public struct Input: Equatable, Sendable {
        /// Index into `features`.
        public var feature: Int
        /// If set, the input reads features[feature] − features[minus].
        public var minus: Int?
        public var normalization: Normalization
        public init(feature: Int, minus: Int? = nil, normalization: Normalization) {
            self.feature = feature
            self.minus = minus
            self.normalization = normalization
        }
    }

    public enum Activation: String, Sendable { case relu, linear }

    public struct Layer: Equatable, Sendable {
        public var inputCount: Int
        public var outputCount: Int
        public var activation: Activation
        /// inputCount × outputCount, input-major: weights[i * outputCount + j].
        public var weights: [Float]
        public var bias: [Float]

        public init(inputCount: Int, outputCount: Int, activation: Activation, weights: [Float], bias: [Float]) {
            precondition(weights.count == inputCount * outputCount && bias.count == outputCount)
            self.inputCount = inputCount
            self.outputCount = outputCount
            self.activation = activation
            self.weights = weights
            self.bias = bias
        }
    }

    public var name: String
    /// The advice tensor this policy produces, e.g. `inlining_decision`.
    public var decision: String
    /// The raw features the policy reads (LLVM's names), in the order callers pass values.
    public var features: [String]
    /// The network's inputs; several may read the same feature.
    public var inputs: [Input]
    public var layers: [Layer]

    public init(name: String, decision: String, features: [String], inputs: [Input], layers: [Layer]) {
        self.name = name
        self.decision = decision
        self.features = features
        self.inputs = inputs
        self.layers = layers
    }

    public var outputCount: Int { layers.last?.outputCount ?? 0 }
    public var parameterCount: Int { layers.reduce(0) { $0 + $1.weights.count + $1.bias.count } }
}

// MARK: - Forward pass

extension Policy {
    /// Same float operations, in the same order, as `mlgo_quantile_normalize` in policy_math.h.
    public static func normalize(_ value: Float, quantiles: [Float]) -> Float {
        let count = quantiles.count
        // !(value > …) maps NaN to 0 too: with one boundary NaN would pass both tests.
        if count == 0 || !(value > quantiles[0]) { return 0 }
        if value >= quantiles[count - 1] { return 1 }
        var low = 0
        var high = count - 1
        while high - low > 1 {
            let middle = low + (high - low) / 2
            if quantiles[middle] <= value { low = middle } else { high = middle }
        }
        var span = quantiles[low + 1] - quantiles[low]
        var offset = value - quantiles[low]
        // Boundaries more than Float.greatestFiniteMagnitude apart overflow the span (and
        // inf / inf is NaN); halved, both differences are finite and the result stays in [0, 1].
        if span > .greatestFiniteMagnitude {
            span = quantiles[low + 1] * 0.5 - quantiles[low] * 0.5
            offset = value * 0.5 - quantiles[low] * 0.5
        }
        return (Float(low) + offset / span) / Float(count - 1)
    }

    /// Same float operations as `mlgo_linear_normalize` in policy_math.h.
    public static func normalize(_ value: Float, offset: Float, scale: Float) -> Float {
        (value - offset) * scale
    }

    /// sign(value) × log2(1 + |value|), log2 interpolated linearly between powers of two: the
    /// same bit and float operations as `mlgo_signed_log_normalize` in policy_math.h.
    public static func signedLog(_ value: Float) -> Float {
        let magnitude = abs(value) + 1
        let bits = magnitude.bitPattern
        let exponent = Float(Int32(bitPattern: bits >> 23) - 127)
        let mantissa = Float(bitPattern: (bits & 0x007f_ffff) | 0x3f80_0000)
        let result = exponent + (mantissa - 1)
        return value < 0 ? -result : result
    }

    public func normalizedInputs(raw: [Float]) -> [Float] {
        precondition(raw.count == features.count)
        return inputs.map { input in
            let value = input.minus.map { raw[input.feature] - raw[$0] } ?? raw[input.feature]
            switch input.normalization {
            case .quantiles(let boundaries): return Policy.normalize(value, quantiles: boundaries)
            case .linear(let offset, let scale): return Policy.normalize(value, offset: offset, scale: scale)
            case .signedLog: return Policy.signedLog(value)
            }
        }
    }

    /// Same float operations, in the same order, as `mlgo_dense_layer` in policy_math.h.
    public static func dense(_ inputs: [Float], _ layer: Layer) -> [Float] {
        var outputs = layer.bias
        for i in 0..<layer.inputCount where inputs[i] != 0 {
            let x = inputs[i]
            let row = i * layer.outputCount
            for j in 0..<layer.outputCount {
                outputs[j] += layer.weights[row + j] * x
            }
        }
        if layer.activation == .relu {
            for j in 0..<outputs.count where !(outputs[j] > 0) { outputs[j] = 0 }
        }
        return outputs
    }

    /// The logits for raw feature values given in `features` order.
    public func logits(raw: [Float]) -> [Float] {
        logits(normalized: normalizedInputs(raw: raw))
    }

    /// The logits for inputs already normalised (`normalizedInputs(raw:)`).
    public func logits(normalized: [Float]) -> [Float] {
        var values = normalized
        for layer in layers { values = Policy.dense(values, layer) }
        return values
    }
}

// MARK: - File format

extension Policy {
    public init(contentsOf url: URL) throws {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw MLGOError.unavailable(url.path, "cannot read policy file")
        }
        do {
            try self.init(text: String(decoding: data, as: UTF8.self))
        } catch let MLGOError.malformed(place, problem) {
            throw MLGOError.malformed("\(url.path): \(place)", problem)
        }
    }

    /// The longest token the format allows (the C runtime's token buffer).
    public static let maximumTokenLength = 255

    /// Splits policy text into tokens and their line numbers byte by byte, as the C runtime
    /// does: whitespace is space, tab, CR and LF, `#` comments to the end of the line. (Swift's
    /// Characters would not do: "\r\n" is one Character, and so is "#" with a combining mark.)
    static func tokens(of text: String) throws -> [(String, Int)] {
        var tokens: [(String, Int)] = []
        var token: [UInt8] = []
        var line = 1
        var inComment = false
        func endToken() throws {
            guard !token.isEmpty else { return }
            guard token.count <= maximumTokenLength else {
                throw MLGOError.malformed("line \(line)", "token longer than \(maximumTokenLength) characters")
            }
            tokens.append((String(decoding: token, as: UTF8.self), line))
            token.removeAll(keepingCapacity: true)
        }
        for byte in text.utf8 {
            if inComment {
                if byte == UInt8(ascii: "\n") {
                    inComment = false
                    line += 1
                }
                continue
            }
            switch byte {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"):
                try endToken()
            case UInt8(ascii: "\n"):
                try endToken()
                line += 1
            case UInt8(ascii: "#"):
                try endToken()
                inComment = true
            case 0:
                // Float("1\0x") would read 1: the C runtime refuses NUL bytes, so do we.
                throw MLGOError.malformed("line \(line)", "unexpected NUL byte")
            default:
                token.append(byte)
            }
        }
        try endToken()
        return tokens
    }

    /// Parses the text format; errors name the line, as the C runtime's do.
    public init(text: String) throws {
        let tokens = try Policy.tokens(of: text)
        var cursor = 0
        var lastLine = 1
        func next(_ what: String) throws -> String {
            guard cursor < tokens.count else {
                throw MLGOError.malformed("line \(lastLine)", "expected \(what), found the end of the file")
            }
            let (token, line) = tokens[cursor]
            cursor += 1
            lastLine = line
            return token
        }
        func keyword(_ word: String) throws {
            let token = try next("'\(word)'")
            guard token == word else {
                throw MLGOError.malformed("line \(lastLine)", "expected '\(word)', found '\(token)'")
            }
        }
        func count(_ what: String, _ range: ClosedRange<Int>) throws -> Int {
            let token = try next(what)
            // Digits only: Int() would also take "+1" and "-0".
            guard token.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
                  let value = Int(token), range.contains(value) else {
                throw MLGOError.malformed("line \(lastLine)", "\(what) must be a whole number in \(range.lowerBound)...\(range.upperBound), found '\(token)'")
            }
            return value
        }
        func number(_ what: String) throws -> Float {
            let token = try next(what)
            guard let value = Float(token), value.isFinite else {
                throw MLGOError.malformed("line \(lastLine)", "expected \(what) (a finite number), found '\(token)'")
            }
            return value
        }
        func name(_ what: String) throws -> String {
            let token = try next(what)
            let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "_-."))
            guard token.unicodeScalars.allSatisfy({ $0.isASCII && allowed.contains($0) }) else {
                throw MLGOError.malformed("line \(lastLine)", "\(what) '\(token)' may only contain letters, digits, '_', '-' and '.'")
            }
            return token
        }

        try keyword("mlgo-policy")
        let version = try count("format version", 0...1_000_000)
        guard version == Policy.formatVersion else {
            throw MLGOError.malformed("line \(lastLine)", "format version \(version) is not supported (this tool reads version \(Policy.formatVersion))")
        }
        try keyword("name")
        let policyName = try name("policy name")
        try keyword("decision")
        let decision = try name("decision name")
        try keyword("features")
        let featureCount = try count("feature count", 1...4096)
        var features: [String] = []
        for _ in 0..<featureCount {
            try keyword("feature")
            let featureName = try name("feature name")
            guard !features.contains(featureName) else {
                throw MLGOError.malformed("line \(lastLine)", "feature '\(featureName)' is listed twice")
            }
            features.append(featureName)
        }
        try keyword("inputs")
        let inputCount = try count("input count", 1...1024)
        var inputs: [Input] = []
        for _ in 0..<inputCount {
            try keyword("input")
            let feature = try count("input feature index", 0...(featureCount - 1))
            var kind = try next("a normalisation ('quantiles', 'linear' or 'signed-log')")
            var minus: Int?
            if kind == "minus" {
                minus = try count("subtracted feature index", 0...(featureCount - 1))
                kind = try next("a normalisation ('quantiles', 'linear' or 'signed-log')")
            }
            switch kind {
            case "quantiles":
                let quantileCount = try count("quantile count", 0...4096)
                let quantiles = try (0..<quantileCount).map { _ in try number("quantile boundary") }
                guard zip(quantiles, quantiles.dropFirst()).allSatisfy({ $0 < $1 }) else {
                    throw MLGOError.malformed("line \(lastLine)", "quantile boundaries of feature '\(features[feature])' must be strictly increasing")
                }
                inputs.append(Input(feature: feature, minus: minus, normalization: .quantiles(quantiles)))
            case "linear":
                let offset = try number("linear offset")
                let scale = try number("linear scale")
                inputs.append(Input(feature: feature, minus: minus, normalization: .linear(offset: offset, scale: scale)))
            case "signed-log":
                inputs.append(Input(feature: feature, minus: minus, normalization: .signedLog))
            default:
                throw MLGOError.malformed("line \(lastLine)", "expected a normalisation ('quantiles', 'linear' or 'signed-log'), found '\(kind)'")
            }
        }
        try keyword("layers")
        let layerCount = try count("layer count", 1...16)
        var layers: [Layer] = []
        var width = inputCount
        for _ in 0..<layerCount {
            try keyword("layer")
            let inputs = try count("layer input count", 1...1024)
            let outputs = try count("layer output count", 1...1024)
            guard inputs == width else {
                throw MLGOError.malformed("line \(lastLine)", "layer takes \(inputs) inputs but the previous stage produces \(width)")
            }
            let activationName = try next("an activation ('relu' or 'linear')")
            guard let activation = Activation(rawValue: activationName) else {
                throw MLGOError.malformed("line \(lastLine)", "expected an activation ('relu' or 'linear'), found '\(activationName)'")
            }
            try keyword("weights")
            let weights = try (0..<(inputs * outputs)).map { _ in try number("weight") }
            try keyword("bias")
            let bias = try (0..<outputs).map { _ in try number("bias") }
            layers.append(Layer(inputCount: inputs, outputCount: outputs, activation: activation, weights: weights, bias: bias))
            width = outputs
        }
        try keyword("end")
        if cursor < tokens.count {
            throw MLGOError.malformed("line \(tokens[cursor].1)", "unexpected '\(tokens[cursor].0)' after 'end'")
        }
        self.init(name: policyName, decision: decision, features: features, inputs: inputs, layers: layers)
    }

    /// The text format. Floats are written in their shortest form that reads back exactly.
    public func serialized(comment: String? = nil) -> String {
        var out = ""
        if let comment {
            for line in comment.split(separator: "\n", omittingEmptySubsequences: false) { out += "# \(line)\n" }
        }
        out += "mlgo-policy \(Policy.formatVersion)\nname \(name)\ndecision \(decision)\n"
        out += "features \(features.count)\n"
        for feature in features { out += "feature \(feature)\n" }
        out += "inputs \(inputs.count)\n"
        for input in inputs {
            out += "input \(input.feature)"
            if let minus = input.minus { out += " minus \(minus)" }
            switch input.normalization {
            case .quantiles(let boundaries):
                out += " quantiles \(boundaries.count)"
                for q in boundaries { out += " \(q)" }
            case .linear(let offset, let scale):
                out += " linear \(offset) \(scale)"
            case .signedLog:
                out += " signed-log"
            }
            out += "  # \(features[input.feature])" + (input.minus.map { " - \(features[$0])" } ?? "") + "\n"
        }
        out += "layers \(layers.count)\n"
        for layer in layers {
            out += "layer \(layer.inputCount) \(layer.outputCount) \(layer.activation.rawValue)\nweights\n"
            for i in 0..<layer.inputCount {
                let row = layer.weights[(i * layer.outputCount)..<((i + 1) * layer.outputCount)]
                out += row.map { "\($0)" }.joined(separator: " ") + "\n"
            }
            out += "bias\n" + layer.bias.map { "\($0)" }.joined(separator: " ") + "\n"
        }
        out += "end\n"
        return out
    }

    public func write(to url: URL, comment: String? = nil) throws {
        try Data(serialized(comment: comment).utf8).write(to: url, options: .atomic)
    }
}

import Foundation

/// A trace in LLVM's training-log format (the format of LLVM's `TrainingLogger`, read by
/// `llvm/lib/Analysis/models/log_reader.py`):
///
///     {"features":[<tensor spec>...],"score":<tensor spec>}      header; "score" optional
///     {"context":"<name>"}                                        one per module (or function)
///     {"observation":N}\n<raw bytes of every feature, in header order>\n
///     {"outcome":N}\n<raw bytes of the score>\n                   optional, after observation N
///
/// Values are little-endian. docs/trace-format.md lists the tensors the plugin logs.
public struct TrainingLog: Sendable {
    public struct Context: Sendable {
        public var name: String
        /// Observation payloads back to back, `observationSize` bytes each.
        public var payload: [UInt8]
        public var observationCount: Int
        /// Raw score bytes by observation index, for observations that have an outcome.
        public var outcomes: [Int: [UInt8]]

        public init(name: String, payload: [UInt8] = [], observationCount: Int = 0,
                    outcomes: [Int: [UInt8]] = [:]) {
            self.name = name
            self.payload = payload
            self.observationCount = observationCount
            self.outcomes = outcomes
        }
    }

    public var features: [TensorSpec]
    public var score: TensorSpec?
    public var contexts: [Context]
    /// Byte offset of each feature inside an observation payload.
    public let featureOffsets: [Int]
    public let observationSize: Int

    public init(features: [TensorSpec], score: TensorSpec? = nil, contexts: [Context] = []) {
        self.features = features
        self.score = score
        self.contexts = contexts
        var offsets: [Int] = []
        var offset = 0
        for spec in features {
            offsets.append(offset)
            offset += spec.byteSize
        }
        featureOffsets = offsets
        observationSize = offset
    }

    public func featureIndex(named name: String) -> Int? {
        features.firstIndex { $0.name == name }
    }

    /// The first element of feature `feature` in observation `observation` of `context`, as a
    /// Double whatever its element type.
    public func scalar(_ feature: Int, observation: Int, in context: Context) -> Double {
        let base = observation * observationSize + featureOffsets[feature]
        return context.payload.withUnsafeBytes { bytes in
            TrainingLog.readScalar(features[feature].type, from: bytes, at: base)
        }
    }

    /// Element `element` of feature `feature` (a [1,33] eviction tensor has 33) in
    /// observation `observation` of `context`, as a Double whatever its element type.
    public func value(_ feature: Int, element: Int, observation: Int, in context: Context) -> Double {
        precondition(element >= 0 && element < features[feature].elementCount)
        let base = observation * observationSize + featureOffsets[feature] + element * features[feature].type.byteSize
        return context.payload.withUnsafeBytes { bytes in
            TrainingLog.readScalar(features[feature].type, from: bytes, at: base)
        }
    }

    static func readScalar(_ type: TensorSpec.ElementType, from bytes: UnsafeRawBufferPointer,
                           at offset: Int) -> Double {
        switch type {
        case .int8: return Double(bytes.loadUnaligned(fromByteOffset: offset, as: Int8.self))
        case .uint8: return Double(bytes.loadUnaligned(fromByteOffset: offset, as: UInt8.self))
        case .int16: return Double(Int16(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: Int16.self)))
        case .uint16: return Double(UInt16(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt16.self)))
        case .int32: return Double(Int32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: Int32.self)))
        case .uint32: return Double(UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self)))
        case .int64: return Double(Int64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: Int64.self)))
        case .uint64: return Double(UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)))
        case .float32: return Double(Float(bitPattern: UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self))))
        case .float64: return Double(bitPattern: UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)))
        }
    }

    public var observationCount: Int { contexts.reduce(0) { $0 + $1.observationCount } }
}

// MARK: - Reading

extension TrainingLog {
    public init(contentsOf url: URL) throws {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw MLGOError.unavailable(url.path, "cannot read trace: \(error.localizedDescription)")
        }
        try self.init(bytes: [UInt8](data), source: url.path)
    }

    /// Parses a whole trace; `source` names it in error messages. A trace cut off in the
    /// middle of an observation is malformed: traces are written whole or not at all.
    public init(bytes: [UInt8], source: String) throws {
        var position = 0
        var lineNumber = 0

        func nextLine() -> ArraySlice<UInt8>? {
            guard position < bytes.count else { return nil }
            let start = position
            while position < bytes.count, bytes[position] != UInt8(ascii: "\n") { position += 1 }
            let line = bytes[start..<position]
            if position < bytes.count { position += 1 }
            lineNumber += 1
            return line
        }
        func jsonObject(_ line: ArraySlice<UInt8>) throws -> [String: Any] {
            guard let object = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any]
            else {
                throw MLGOError.malformed("\(source) line \(lineNumber)", "expected a JSON object")
            }
            return object
        }
        /// Reads `{"<key>":N}` quickly; nil if the line is something else.
        func integerLine(_ line: ArraySlice<UInt8>, key: String) -> Int? {
            let prefix = Array("{\"\(key)\":".utf8)
            guard line.count > prefix.count + 1, line.starts(with: prefix),
                  line.last == UInt8(ascii: "}") else { return nil }
            return Int(String(decoding: line.dropFirst(prefix.count).dropLast(), as: UTF8.self))
        }

        guard let headerLine = nextLine() else {
            throw MLGOError.malformed(source, "empty trace: no header line")
        }
        let header = try jsonObject(headerLine)
        guard let featureList = header["features"] as? [Any] else {
            throw MLGOError.malformed("\(source) line 1", "header without a \"features\" list")
        }
        let features = try featureList.map { try TensorSpec(json: $0, context: "\(source) line 1") }
        let score = try header["score"].map { try TensorSpec(json: $0, context: "\(source) line 1") }
        self.init(features: features, score: score)

        var current: Context?
        while let line = nextLine() {
            if let index = integerLine(line, key: "observation") {
                guard var context = current else {
                    throw MLGOError.malformed("\(source) line \(lineNumber)", "observation before any context")
                }
                guard index == context.observationCount else {
                    throw MLGOError.malformed("\(source) line \(lineNumber)",
                                              "observation \(index) where \(context.observationCount) was expected")
                }
                guard position + observationSize + 1 <= bytes.count,
                      bytes[position + observationSize] == UInt8(ascii: "\n") else {
                    throw MLGOError.malformed("\(source) line \(lineNumber)",
                                              "observation \(index) is cut off or has the wrong size (expected \(observationSize) bytes)")
                }
                context.payload.append(contentsOf: bytes[position..<(position + observationSize)])
                context.observationCount += 1
                position += observationSize + 1
                current = context
            } else if let index = integerLine(line, key: "outcome") {
                guard var context = current, let score else {
                    throw MLGOError.malformed("\(source) line \(lineNumber)", "outcome without a score spec or context")
                }
                guard index >= 0, index < context.observationCount else {
                    throw MLGOError.malformed("\(source) line \(lineNumber)", "outcome for unknown observation \(index)")
                }
                guard position + score.byteSize + 1 <= bytes.count,
                      bytes[position + score.byteSize] == UInt8(ascii: "\n") else {
                    throw MLGOError.malformed("\(source) line \(lineNumber)", "outcome \(index) is cut off")
                }
                context.outcomes[index] = Array(bytes[position..<(position + score.byteSize)])
                position += score.byteSize + 1
                current = context
            } else if line.isEmpty {
                continue
            } else {
                let object = try jsonObject(line)
                guard let name = object["context"] as? String else {
                    throw MLGOError.malformed("\(source) line \(lineNumber)",
                                              "expected a context, observation or outcome line")
                }
                if let finished = current { contexts.append(finished) }
                // A context may be resumed (several advisors for one module): merge it.
                if let existing = contexts.firstIndex(where: { $0.name == name }) {
                    current = contexts.remove(at: existing)
                } else {
                    current = Context(name: name)
                }
            }
        }
        if let finished = current { contexts.append(finished) }
    }
}

// MARK: - Writing

extension TrainingLog {
    /// The trace in LLVM's format, byte for byte as LLVM's TrainingLogger would write it.
    public func serialized() -> [UInt8] {
        var out: [UInt8] = []
        var header = "{\"features\":[" + features.map(\.json).joined(separator: ",") + "]"
        if let score { header += ",\"score\":" + score.json }
        header += "}\n"
        out.append(contentsOf: header.utf8)
        for context in contexts {
            out.append(contentsOf: "{\"context\":\(JSONString.quoted(context.name))}\n".utf8)
            for index in 0..<context.observationCount {
                out.append(contentsOf: "{\"observation\":\(index)}\n".utf8)
                let start = index * observationSize
                out.append(contentsOf: context.payload[start..<(start + observationSize)])
                out.append(UInt8(ascii: "\n"))
                if let outcome = context.outcomes[index] {
                    out.append(contentsOf: "{\"outcome\":\(index)}\n".utf8)
                    out.append(contentsOf: outcome)
                    out.append(UInt8(ascii: "\n"))
                }
            }
        }
        return out
    }

    /// Appends one observation given as one Double per feature (every feature of shape [1]).
    public mutating func appendObservation(_ values: [Double], toContext contextIndex: Int) {
        precondition(values.count == features.count)
        var bytes: [UInt8] = []
        for (spec, value) in zip(features, values) {
            precondition(spec.elementCount == 1, "appendObservation takes scalar features only")
            switch spec.type {
            case .int64: withUnsafeBytes(of: Int64(value).littleEndian) { bytes.append(contentsOf: $0) }
            case .int32: withUnsafeBytes(of: Int32(value).littleEndian) { bytes.append(contentsOf: $0) }
            case .float32: withUnsafeBytes(of: Float(value).bitPattern.littleEndian) { bytes.append(contentsOf: $0) }
            case .float64: withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes.append(contentsOf: $0) }
            default: preconditionFailure("appendObservation does not write \(spec.type)")
            }
        }
        contexts[contextIndex].payload.append(contentsOf: bytes)
        contexts[contextIndex].observationCount += 1
    }
}

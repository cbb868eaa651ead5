import Foundation

/// What a machine function looked like when register allocation started on it, as the plugin
/// reports it (EvictionFunctionShape.cpp: the `MLGOFunctionShape` remarks of pass
/// `mlgo-evict`, in the same remarks file as LLVM's `SpillReloadCopies`): instructions,
/// blocks, virtual registers, calls, copies, loops, the deepest loop, the hottest block's and
/// the frequency-weighted instruction count (frequencies relative to the entry block). The
/// inputs of a per-function choice between LLVM's eviction advisor and a policy.
public struct FunctionShape: Codable, Sendable, Equatable {
    /// The features by their names in the remark, which are also a gate policy's feature names.
    public var features: [String: Double]

    public init(features: [String: Double]) { self.features = features }

    /// The features the plugin reports, in its order (EvictionFunctionShape.cpp).
    public static let featureNames = ["instructions", "blocks", "virtual_registers", "calls", "copies", "loops",
                                      "max_loop_depth", "max_block_frequency", "weighted_instructions"]

    /// What a gate policy over these features decides (`-mlgo-evict-gate`): positive gives the
    /// function to the eviction policy, else LLVM's advisor allocates it.
    public static let gateDecision = "eviction_gate"

    /// The remark's pass and name.
    public static let remarkPass = "mlgo-evict", remarkName = "MLGOFunctionShape"

    /// The shapes a remarks file reports, by function name; a file without them (LLVM alone,
    /// or an older plugin) gives none.
    public static func byFunction(remarks text: String) throws -> [String: FunctionShape] {
        var shapes: [String: FunctionShape] = [:]
        for remark in try RemarkText.remarks(named: remarkName, in: text) {
            var features: [String: Double] = [:]
            for (key, value) in remark.arguments where key != "String" {
                guard let number = Double(value), number.isFinite else {
                    throw MLGOError.malformed("regalloc remarks", "\(remarkName) of '\(remark.function)' has '\(key)' = '\(value)', not a number")
                }
                features[key] = number
            }
            shapes[remark.function] = FunctionShape(features: features)
        }
        return shapes
    }
}

/// LLVM's YAML remarks files (`-pass-remarks-output`), read as far as the eviction problem
/// needs: each remark's name, function and arguments, in order.
enum RemarkText {
    struct Remark {
        var function: String
        var arguments: [(key: String, value: String)]
    }

    /// The remarks named `name` (documents with `Name: name`); one without a function is an error.
    static func remarks(named name: String, in text: String) throws -> [Remark] {
        try text.components(separatedBy: "\n...").filter { $0.contains("Name:            \(name)") }.map { document in
            var function: String?
            var arguments: [(key: String, value: String)] = []
            for rawLine in document.split(separator: "\n") {
                let line = rawLine.trimmingCharacters(in: .whitespaces)
                if line.hasPrefix("Function:") && function == nil {
                    function = unquote(String(line.dropFirst("Function:".count)))
                    continue
                }
                guard line.hasPrefix("- "), let colon = line.firstIndex(of: ":") else { continue }
                arguments.append((String(line[line.index(line.startIndex, offsetBy: 2)..<colon]),
                                  unquote(String(line[line.index(after: colon)...]))))
            }
            guard let function, !function.isEmpty else {
                throw MLGOError.malformed("regalloc remarks", "a \(name) remark names no function")
            }
            return Remark(function: function, arguments: arguments)
        }
    }

    static func unquote(_ text: String) -> String {
        var value = text.trimmingCharacters(in: .whitespaces)
        if value.count >= 2, let first = value.first, first == "'" || first == "\"", value.last == first {
            value = String(value.dropFirst().dropLast())
        }
        return value
    }
}

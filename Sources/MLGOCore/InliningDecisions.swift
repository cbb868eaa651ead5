import Foundation

/// The plugin's decisions format (docs/inline-decisions.md): what `-mlgo-inline-decisions`
/// forces and what `-mlgo-inline-record` writes. A record replays as it is.
public struct InliningDecisions: Sendable, Equatable {
    public static let header = "mlgo-inline-decisions 1"
    /// The section name that applies to any module.
    public static let anyModule = "*"

    /// A callsite as the plugin names it: the occurrence counts earlier decisions of the same
    /// caller and callee in the compile, so edits elsewhere leave the key alone.
    public struct CallsiteKey: Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
        public var caller: String
        public var callee: String
        public var occurrence: Int

        public init(caller: String, callee: String, occurrence: Int) {
            self.caller = caller
            self.callee = callee
            self.occurrence = occurrence
        }

        public var description: String { "\(caller) → \(callee) #\(occurrence)" }

        public static func < (a: CallsiteKey, b: CallsiteKey) -> Bool {
            (a.caller, a.callee, a.occurrence) < (b.caller, b.callee, b.occurrence)
        }
    }

    /// One decision. A record also says where it came in the compile, what LLVM's heuristic
    /// would have done, and who decided ("policy", "heuristic", "forced").
    public struct Decision: Sendable, Equatable, Codable {
        public var key: CallsiteKey
        public var taken: Bool
        public var index: Int?
        public var heuristic: Bool?
        public var decidedBy: String?

        public init(key: CallsiteKey, taken: Bool, index: Int? = nil, heuristic: Bool? = nil, decidedBy: String? = nil) {
            self.key = key
            self.taken = taken
            self.index = index
            self.heuristic = heuristic
            self.decidedBy = decidedBy
        }
    }

    public struct Module: Sendable, Equatable {
        /// The module's source file name as LLVM knows it, or `*`.
        public var name: String
        /// Decisions by callsite key, in file order.
        public var decisions: [Decision]
        /// Decisions by position in the advisor's order.
        public var positions: [Int: Bool]

        public init(name: String, decisions: [Decision] = [], positions: [Int: Bool] = [:]) {
            self.name = name
            self.decisions = decisions
            self.positions = positions
        }
    }

    public var modules: [Module]

    public init(modules: [Module] = []) { self.modules = modules }

    public init(contentsOf url: URL) throws {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw MLGOError.unavailable(url.path, "cannot read the decisions file")
        }
        try self.init(parsing: String(decoding: data, as: UTF8.self), source: url.path)
    }

    public init(parsing text: String, source: String = "decisions") throws {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        guard lines.first == Self.header else {
            throw MLGOError.malformed("\(source) line 1", "expected '\(Self.header)'")
        }
        modules = []
        for (offset, line) in lines.enumerated().dropFirst() where !line.isEmpty && !line.hasPrefix("#") {
            let place = "\(source) line \(offset + 1)"
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            switch fields[0] {
            case "module":
                guard fields.count == 2, !fields[1].isEmpty else { throw MLGOError.malformed(place, "expected 'module<TAB>NAME'") }
                modules.append(Module(name: Self.unescaped(fields[1])))
            case "at":
                guard fields.count == 3, let index = Int(fields[1]), index >= 0, let taken = Self.taken(fields[2]) else {
                    throw MLGOError.malformed(place, "expected 'at<TAB>INDEX<TAB>0|1'")
                }
                guard !modules.isEmpty else { throw MLGOError.malformed(place, "a decision before any 'module' line") }
                modules[modules.count - 1].positions[index] = taken
            case "call":
                guard fields.count >= 5, let taken = Self.taken(fields[1]), !fields[2].isEmpty, !fields[3].isEmpty,
                      let occurrence = Int(fields[4]), occurrence >= 0 else {
                    throw MLGOError.malformed(place, "expected 'call<TAB>0|1<TAB>CALLER<TAB>CALLEE<TAB>OCCURRENCE'")
                }
                guard !modules.isEmpty else { throw MLGOError.malformed(place, "a decision before any 'module' line") }
                var decision = Decision(key: CallsiteKey(caller: Self.unescaped(fields[2]), callee: Self.unescaped(fields[3]),
                                                         occurrence: occurrence), taken: taken)
                for extra in fields.dropFirst(5) {
                    let parts = extra.split(separator: "=", maxSplits: 1).map(String.init)
                    guard parts.count == 2 else { continue }
                    switch parts[0] {
                    case "index": decision.index = Int(parts[1])
                    case "default": decision.heuristic = Self.taken(parts[1])
                    case "by": decision.decidedBy = parts[1]
                    default: continue
                    }
                }
                modules[modules.count - 1].decisions.append(decision)
            default:
                throw MLGOError.malformed(place, "expected a 'module', 'at' or 'call' line")
            }
        }
    }

    /// The file's text; records' extra fields are kept.
    public func serialized() -> String {
        var out = Self.header + "\n"
        for module in modules {
            out += "module\t\(Self.escaped(module.name))\n"
            for (index, taken) in module.positions.sorted(by: { $0.key < $1.key }) { out += "at\t\(index)\t\(taken ? 1 : 0)\n" }
            for decision in module.decisions {
                out += "call\t\(decision.taken ? 1 : 0)\t\(Self.escaped(decision.key.caller))\t\(Self.escaped(decision.key.callee))\t\(decision.key.occurrence)"
                if let index = decision.index { out += "\tindex=\(index)" }
                if let heuristic = decision.heuristic { out += "\tdefault=\(heuristic ? 1 : 0)" }
                if let decidedBy = decision.decidedBy { out += "\tby=\(decidedBy)" }
                out += "\n"
            }
        }
        return out
    }

    public func write(to url: URL) throws { try Data(serialized().utf8).write(to: url, options: .atomic) }

    /// The one module of a single-module record (what a compile of one module writes).
    public var onlyModule: Module? { modules.count == 1 ? modules[0] : nil }

    /// Forced decisions for any module compiled with them: `*` applies to whatever module it is.
    public static func forAnyModule(_ decisions: [CallsiteKey: Bool]) -> InliningDecisions {
        InliningDecisions(modules: [Module(name: anyModule, decisions: decisions.sorted { $0.key < $1.key }
            .map { Decision(key: $0.key, taken: $0.value) })])
    }

    private static func taken(_ field: String) -> Bool? { field == "1" ? true : field == "0" ? false : nil }

    static func escaped(_ name: String) -> String {
        var out = ""
        for character in name {
            switch character {
            case "\\": out += "\\\\"
            case "\t": out += "\\t"
            case "\n": out += "\\n"
            default: out.append(character)
            }
        }
        return out
    }

    static func unescaped(_ name: String) -> String {
        var out = ""
        var escaping = false
        for character in name {
            if escaping {
                out.append(character == "t" ? "\t" : character == "n" ? "\n" : character)
                escaping = false
            } else if character == "\\" {
                escaping = true
            } else {
                out.append(character)
            }
        }
        return out
    }
}

import Foundation
import MLGOCore

/// Who decides register-allocation evictions in a compile, and what the plugin records. Each
/// case maps to the plugin's `-mlgo-evict-*` options (docs/eviction.md), as `InliningSetup`
/// does for inlining.
public struct EvictionSetup: Sendable, Equatable {
    public enum Mode: String, Sendable, Codable {
        /// llc without the plugin: the reference every comparison is made against.
        case stock
        /// The plugin loaded, LLVM's default advisor untouched.
        case heuristic
        /// The embedded eviction policy, or `policy` if given; greedy; optional trace.
        case release
        /// `policy` or, without one, LLVM's default advisor; LLVM's choice traced next to the
        /// decision; sampling and exploration.
        case train
    }

    public var mode: Mode
    public var policy: URL?
    public var trace: URL?
    /// A `-mlgo-evict-decisions` file: decisions forced to chosen slots (release and train).
    public var decisions: URL?
    /// A `-mlgo-evict-gate` policy: which functions the policy allocates and which LLVM does
    /// (release and train, with a policy).
    public var gate: URL?
    public var seed: UInt64
    public var sample: Bool
    public var exploration: Double

    public init(mode: Mode, policy: URL? = nil, trace: URL? = nil, decisions: URL? = nil, gate: URL? = nil, seed: UInt64 = 0,
                sample: Bool = false, exploration: Double = 0) {
        self.mode = mode
        self.policy = policy
        self.trace = trace
        self.decisions = decisions
        self.gate = gate
        self.seed = seed
        self.sample = sample
        self.exploration = exploration
    }

    public static let stock = EvictionSetup(mode: .stock)

    /// llc arguments that load and configure the plugin.
    public func pluginArguments(plugin: String) -> [String] {
        pluginArguments(plugin: plugin, policy: policy?.path, trace: trace?.path, decisions: decisions?.path, gate: gate?.path)
    }

    /// The same with the files named as given (a compile job's placeholders).
    public func pluginArguments(plugin: String, policy: String?, trace: String?, decisions: String?, gate: String?) -> [String] {
        guard mode != .stock else { return [] }
        var arguments = ["-load-pass-plugin=\(plugin)", "-mlgo-evict-mode=\(mode.rawValue)"]
        if let policy, mode != .heuristic { arguments.append("-mlgo-evict-policy=\(policy)") }
        if let trace, mode != .heuristic { arguments.append("-mlgo-evict-trace=\(trace)") }
        if let decisions, mode != .heuristic { arguments.append("-mlgo-evict-decisions=\(decisions)") }
        if let gate, mode != .heuristic { arguments.append("-mlgo-evict-gate=\(gate)") }
        if mode == .train {
            arguments.append("-mlgo-evict-seed=\(seed)")
            if sample { arguments.append("-mlgo-evict-sample") }
            if exploration > 0 { arguments.append("-mlgo-evict-exploration=\(exploration)") }
        }
        return arguments
    }
}

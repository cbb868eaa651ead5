import Foundation
import MLGOCore

/// Who decides inlining in a compile, and what the plugin records. Each case maps to the
/// plugin options documented in docs/plugin.md.
public struct InliningSetup: Sendable, Equatable {
    public enum Mode: String, Sendable {
        /// opt without the plugin: the reference every comparison is made against.
        case stock
        /// The plugin passing LLVM's own decisions through.
        case heuristic
        /// The embedded policy, or `policy` if given; greedy; optional trace.
        case release
        /// `policy` or, without one, the heuristic; sampling, exploration and trace output.
        case train
    }

    public var mode: Mode
    public var policy: URL?
    public var trace: URL?
    public var seed: UInt64
    public var sample: Bool
    public var exploration: Double
    /// Forced decisions (`-mlgo-inline-decisions`, docs/inline-decisions.md).
    public var decisions: URL?
    /// Where the plugin records every decision with its callsite key (`-mlgo-inline-record`).
    public var record: URL?
    /// More opt options, for any mode (e.g. `-inline-threshold=N` for a stock compile).
    public var optArguments: [String] = []

    public init(mode: Mode, policy: URL? = nil, trace: URL? = nil, seed: UInt64 = 0,
                sample: Bool = false, exploration: Double = 0, decisions: URL? = nil, record: URL? = nil) {
        self.mode = mode
        self.policy = policy
        self.trace = trace
        self.seed = seed
        self.sample = sample
        self.exploration = exploration
        self.decisions = decisions
        self.record = record
    }

    public static let stock = InliningSetup(mode: .stock)

    /// opt/llc arguments (before the pipeline) that load and configure the plugin.
    public func pluginArguments(plugin: String) -> [String] {
        pluginArguments(plugin: plugin, policy: policy?.path, trace: trace?.path, decisions: decisions?.path, record: record?.path)
    }

    /// The same with the files named as given (a compile job's placeholders).
    public func pluginArguments(plugin: String, policy: String?, trace: String?, decisions: String?, record: String?) -> [String] {
        guard mode != .stock else { return optArguments }
        var arguments = ["-load-pass-plugin=\(plugin)", "-mlgo-inline-mode=\(mode.rawValue)"]
        if let policy { arguments.append("-mlgo-inline-policy=\(policy)") }
        if let trace, mode != .heuristic { arguments.append("-mlgo-inline-trace=\(trace)") }
        if let decisions, mode != .heuristic { arguments.append("-mlgo-inline-decisions=\(decisions)") }
        if let record, mode != .heuristic { arguments.append("-mlgo-inline-record=\(record)") }
        if mode == .train {
            arguments.append("-mlgo-inline-seed=\(seed)")
            if sample { arguments.append("-mlgo-inline-sample") }
            if exploration > 0 { arguments.append("-mlgo-inline-exploration=\(exploration)") }
        }
        return arguments + optArguments
    }
}

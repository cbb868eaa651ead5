/// The names of the tensors the plugin logs for each inlining decision beyond LLVM's
/// features (docs/trace-format.md), in one place for every reader.
public enum InliningTrace {
    /// LLVM's heuristic decision (int64 0/1).
    public static let defaultDecision = "inlining_default"
    /// The decision taken (int64 0/1), LLVM's advice tensor name.
    public static let decision = "inlining_decision"
    /// Probability of the decision taken under the policy that took it (float).
    public static let decisionProbability = "inlining_decision_probability"

    public static let nonFeatureTensors: Set<String> = [defaultDecision, decision, decisionProbability]

    /// Features the plugin computes after LLVM's 38 (Sources/MLGOPlugin/PluginInlineFeatures.cpp),
    /// in trace order. Training reads them only when asked to: policies trained without them
    /// read LLVM's features alone.
    public static let pluginFeatures = [
        "callee_instruction_count", "caller_instruction_count", "callee_local_linkage",
        "callee_discardable", "callee_deleted_if_inlined", "callsite_loop_depth",
        "module_instruction_count", "module_local_functions", "thinlto_backend", "full_lto_link",
    ]
}

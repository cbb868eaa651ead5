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
}

import ArgumentParser
import Foundation
import MLGOCore
import MLGOTraining

/// A policy that departs from LLVM's decision only when it is confident.
/// - Eviction scorer: the score of LLVM's slot gets a margin (PolicyParameters.addingMargin),
///   so the policy's best slot wins only if it scores more than the margin above it. The plugin
///   observes LLVM's choice for such a policy (it reads `llvm_choice`), in release mode too.
/// - Inlining: every logit moves the margin towards LLVM's decision
///   (PolicyParameters.favouringDefaultDecision), so the policy overrides LLVM only with a logit
///   beyond the margin. The plugin computes LLVM's decision for it (`inlining_default`).
///   `--only-where-llvm declines` moves only the logits of calls LLVM declines: with a large
///   margin the policy never inlines a call LLVM would not, and still declines LLVM's inlines.
/// 0 keeps the policy's decisions; a large margin gives LLVM's.
struct MarginCommand: ParsableCommand {
    /// For inlining: the side of LLVM's decision a margin applies to.
    enum LLVMSide: String, ExpressibleByArgument {
        case inlines, declines
    }

    static let configuration = CommandConfiguration(
        commandName: "margin",
        abstract: "Make a policy depart from LLVM's decision only by more than a margin (eviction: of score; inlining: of logit).")

    @Option(help: "The eviction or inlining policy file.") var policy: String
    @Option(help: "Eviction: added to the score of LLVM's slot; inlining: moves each logit towards LLVM's decision (≥ 0).") var margin: Float
    @Option(help: "Policy file to write.") var output: String
    @Option(help: "Inlining: apply the margin only to calls LLVM inlines, or only to calls it declines (with a large margin: the policy never inlines what LLVM declines).")
    var onlyWhereLlvm: LLVMSide?
    @Option(help: "Policy name recorded in the file (default: the input's, with the margin).") var name: String?

    func validate() throws {
        guard margin.isFinite, margin >= 0 else { throw ValidationError("--margin must be a finite number ≥ 0") }
    }

    func run() throws {
        let input = URL(commandLinePath: policy)
        let original = try Policy(contentsOf: input)
        var margined: Policy
        let what: String
        switch (original.decision, original.outputCount) {
        case (EvictionTrace.decision, 1):
            guard onlyWhereLlvm == nil else { throw ValidationError("--only-where-llvm is for inlining policies; an eviction margin applies to LLVM's slot") }
            margined = PolicyParameters.addingMargin(margin, toRowsMarkedBy: EvictionTrace.llvmChoice, in: original)
            what = "\(margin) added to the score of LLVM's slot"
        case (InliningTrace.decision, 1):
            margined = PolicyParameters.favouringDefaultDecision(whereLLVMInlines: onlyWhereLlvm == .declines ? 0 : margin,
                                                                 whereLLVMDeclines: onlyWhereLlvm == .inlines ? 0 : margin, in: original)
            what = "each logit moved \(margin) towards LLVM's inlining decision"
                + (onlyWhereLlvm.map { " where LLVM \($0.rawValue)" } ?? "")
        default:
            throw ValidationError("\(policy) decides '\(original.decision)' with \(original.outputCount) outputs; "
                + "a margin applies to an eviction scorer ('\(EvictionTrace.decision)', 1 output) "
                + "or an inlining policy ('\(InliningTrace.decision)', 1 output)")
        }
        margined.name = name ?? "\(original.name)-margin-\(margin)" + (onlyWhereLlvm.map { "-where-llvm-\($0.rawValue)" } ?? "")
        let digest = SHA256.hexDigest(FileManager.default.contents(atPath: input.path) ?? Data())
        try margined.write(to: URL(commandLinePath: output),
                           comment: "\(original.name) (\(policy), sha256 \(digest)) with \(what)")
        print("wrote '\(margined.name)' to \(output): \(original.name) departing from LLVM's decision only by more than \(margin)")
    }
}

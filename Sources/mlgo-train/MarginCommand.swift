import ArgumentParser
import Foundation
import MLGOCore
import MLGOTraining

/// An eviction policy that departs from LLVM's choice only when it is confident: the score of
/// LLVM's slot gets a margin (PolicyParameters.addingMargin), so the policy's best slot wins
/// only if it scores more than the margin above it. 0 keeps the policy's decisions; a large
/// margin gives LLVM's. The plugin observes LLVM's choice for such a policy (it reads
/// `llvm_choice`), in release mode too.
struct MarginCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "margin",
        abstract: "Make an eviction policy depart from LLVM's slot only by more than a margin of score.")

    @Option(help: "The eviction policy file.") var policy: String
    @Option(help: "Added to the score of LLVM's slot (≥ 0).") var margin: Float
    @Option(help: "Policy file to write.") var output: String
    @Option(help: "Policy name recorded in the file (default: the input's, with the margin).") var name: String?

    func validate() throws {
        guard margin.isFinite, margin >= 0 else { throw ValidationError("--margin must be a finite number ≥ 0") }
    }

    func run() throws {
        let input = URL(commandLinePath: policy)
        let original = try Policy(contentsOf: input)
        guard original.decision == EvictionTrace.decision, original.outputCount == 1 else {
            throw ValidationError("\(policy) decides '\(original.decision)' with \(original.outputCount) outputs; "
                + "a margin applies to an eviction scorer ('\(EvictionTrace.decision)', 1 output)")
        }
        var margined = PolicyParameters.addingMargin(margin, toRowsMarkedBy: EvictionTrace.llvmChoice, in: original)
        margined.name = name ?? "\(original.name)-margin-\(margin)"
        let digest = SHA256.hexDigest(FileManager.default.contents(atPath: input.path) ?? Data())
        try margined.write(to: URL(commandLinePath: output),
                           comment: "\(original.name) (\(policy), sha256 \(digest)) with \(margin) added to the score of LLVM's slot")
        print("wrote '\(margined.name)' to \(output): \(original.name) departing from LLVM's slot only by more than \(margin)")
    }
}

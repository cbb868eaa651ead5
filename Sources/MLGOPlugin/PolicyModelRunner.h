//===- PolicyModelRunner.h - an MLModelRunner backed by an MLGO policy ---===//
//
// LLVM's MLInlineAdvisor fills this runner's first input buffers with its standard inlining
// features, and the plugin's advisor the rest with the plugin's own (PluginInlineFeatures);
// evaluating it returns the decision (int64 0/1). The runner owns everything about
// how the decision is made: the policy's logit, or LLVM's heuristic when there is no policy
// or the policy cannot be evaluated; greedy choice, sampling or exploration; trace logging.
//
//===----------------------------------------------------------------------===//
#ifndef MLGO_POLICY_MODEL_RUNNER_H
#define MLGO_POLICY_MODEL_RUNNER_H

#include "InlinePolicy.h"
#include "TraceWriter.h"

#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/Analysis/MLModelRunner.h"
#include "llvm/Analysis/TensorSpec.h"

#include <cstdint>
#include <optional>
#include <vector>

namespace mlgo {

/// How a decision is drawn from the policy's probability of inlining.
struct DecisionSettings {
  /// Sample from the probability instead of taking the likelier decision.
  bool Sample = false;
  /// Probability of replacing the decision by a fair coin flip.
  double Exploration = 0.0;
  /// Mixed with the module name, so each module's draws do not depend on compile order.
  uint64_t Seed = 0;
};

/// The tensors of one trace observation: the runner's features, then these.
std::vector<llvm::TensorSpec> traceSpecs(const std::vector<llvm::TensorSpec> &Features);

class PolicyModelRunner final : public llvm::MLModelRunner {
public:
  /// `Features` are the advisor's inputs. `Policy` may be null: decide as LLVM's heuristic.
  /// `Trace` may be null: log nothing.
  PolicyModelRunner(llvm::LLVMContext &Ctx, const std::vector<llvm::TensorSpec> &Features,
                    const PolicyNetwork *Policy, DecisionSettings Settings, TraceBuffer *Trace);

  /// LLVM's heuristic answer for the callsite being evaluated; asked only when needed.
  void setDefaultDecision(llvm::function_ref<bool()> GetDefault) { DefaultDecision = GetDefault; }
  /// A decision forced on the callsite being evaluated (-mlgo-inline-decisions): it is taken
  /// and logged as it is, without asking the policy.
  void setForcedDecision(std::optional<bool> Forced) { ForcedDecision = Forced; }
  void switchContext(llvm::StringRef Name) override;

  /// Whether the policy reads any input at position `First` or later.
  bool policyReadsInputsFrom(size_t First) const;

  /// Decisions the policy could not make (missing feature, non-finite logit).
  uint64_t fallbackCount() const { return Fallbacks; }

private:
  void *evaluateUntyped() override;
  bool policyProbability(double &ProbabilityOfInlining, llvm::function_ref<bool()> GetDefault);
  /// The policy's (or, without one, the heuristic's) decision, greedy or drawn as Settings say.
  bool drawDecision(llvm::function_ref<bool()> GetDefault, double &ProbabilityOfChoice);
  /// PolicyFeatureInputs entry of the `inlining_default` feature: the heuristic's decision.
  static constexpr int HeuristicDecisionInput = -2;
  double nextUniform();

  std::vector<llvm::TensorSpec> Features;
  const PolicyNetwork *Policy;
  DecisionSettings Settings;
  TraceBuffer *Trace;
  /// For each policy feature, the index of the runner input that holds it (-1: not offered).
  std::vector<int> PolicyFeatureInputs;
  std::vector<float> RawFeatures;
  llvm::function_ref<bool()> DefaultDecision;
  std::optional<bool> ForcedDecision;
  uint64_t RandomState = 0;
  uint64_t Fallbacks = 0;
  int64_t Decision = 0;
};

} // namespace mlgo

#endif // MLGO_POLICY_MODEL_RUNNER_H

//===- PolicyModelRunner.cpp - an MLModelRunner backed by an MLGO policy -===//
#include "PolicyModelRunner.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/xxhash.h"

#include <cmath>

using namespace llvm;

namespace mlgo {

std::vector<TensorSpec> traceSpecs(const std::vector<TensorSpec> &Features) {
  std::vector<TensorSpec> Specs = Features;
  Specs.push_back(TensorSpec::createSpec<int64_t>("inlining_default", {1}));
  Specs.push_back(TensorSpec::createSpec<int64_t>("inlining_decision", {1}));
  Specs.push_back(TensorSpec::createSpec<float>("inlining_decision_probability", {1}));
  return Specs;
}

PolicyModelRunner::PolicyModelRunner(LLVMContext &Ctx, const std::vector<TensorSpec> &Features,
                                     const PolicyNetwork *Policy, DecisionSettings Settings,
                                     TraceBuffer *Trace)
    : MLModelRunner(Ctx, Kind::Release, Features.size()), Features(Features), Policy(Policy),
      Settings(Settings), Trace(Trace) {
  for (size_t I = 0; I < Features.size(); ++I)
    setUpBufferForTensor(I, Features[I], nullptr);
  if (!Policy)
    return;
  // A policy may read fewer features than LLVM offers; it reads them by name. It may also read
  // the heuristic's own decision, which is no LLVM feature: the runner asks for it.
  for (const std::string &Name : Policy->featureNames()) {
    int Input = Name == "inlining_default" ? HeuristicDecisionInput : -1;
    for (size_t I = 0; I < Features.size(); ++I)
      if (Features[I].name() == Name && Features[I].getElementCount() == 1 &&
          (Features[I].isElementType<int64_t>() || Features[I].isElementType<float>()))
        Input = static_cast<int>(I);
    PolicyFeatureInputs.push_back(Input);
  }
  RawFeatures.resize(PolicyFeatureInputs.size());
}

bool PolicyModelRunner::policyReadsInputsFrom(size_t First) const {
  return any_of(PolicyFeatureInputs, [First](int Input) { return Input >= 0 && size_t(Input) >= First; });
}

void PolicyModelRunner::switchContext(StringRef Name) {
  // MLInlineAdvisor first switches to an unnamed context; the advisor then names the module.
  if (Name.empty())
    return;
  // Per-module stream of random numbers: the same module draws the same decisions whatever
  // else the process compiles.
  RandomState = Settings.Seed ^ xxh3_64bits(Name);
  if (Trace)
    Trace->switchContext(Name);
}

double PolicyModelRunner::nextUniform() {
  // splitmix64: tiny, fast and good enough for exploration.
  uint64_t Z = (RandomState += 0x9e3779b97f4a7c15ULL);
  Z = (Z ^ (Z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  Z = (Z ^ (Z >> 27)) * 0x94d049bb133111ebULL;
  Z ^= Z >> 31;
  return static_cast<double>(Z >> 11) * 0x1.0p-53;
}

bool PolicyModelRunner::policyProbability(double &ProbabilityOfInlining,
                                          function_ref<bool()> GetDefault) {
  for (size_t K = 0; K < PolicyFeatureInputs.size(); ++K) {
    int Input = PolicyFeatureInputs[K];
    if (Input == HeuristicDecisionInput) {
      RawFeatures[K] = GetDefault() ? 1.0f : 0.0f;
      continue;
    }
    if (Input < 0)
      return false;
    const TensorSpec &Spec = Features[Input];
    RawFeatures[K] = Spec.isElementType<int64_t>()
                         ? static_cast<float>(*getTensor<int64_t>(Input))
                         : *getTensor<float>(Input);
  }
  float Logit = inliningLogit(*Policy, RawFeatures.data());
  if (!std::isfinite(Logit))
    return false;
  ProbabilityOfInlining = 1.0 / (1.0 + std::exp(-static_cast<double>(Logit)));
  return true;
}

bool PolicyModelRunner::drawDecision(function_ref<bool()> GetDefault,
                                     double &ProbabilityOfChoice) {
  double ProbabilityOfInlining = 0.0;
  if (!Policy || !policyProbability(ProbabilityOfInlining, GetDefault)) {
    if (Policy)
      ++Fallbacks;
    ProbabilityOfInlining = GetDefault() ? 1.0 : 0.0;
  }

  bool Inline;
  if (Settings.Sample) {
    Inline = nextUniform() < ProbabilityOfInlining;
    ProbabilityOfChoice = Inline ? ProbabilityOfInlining : 1.0 - ProbabilityOfInlining;
  } else {
    Inline = ProbabilityOfInlining > 0.5;
    ProbabilityOfChoice = 1.0;
  }
  if (Settings.Exploration > 0.0) {
    if (nextUniform() < Settings.Exploration)
      Inline = nextUniform() < 0.5;
    // The probability of the decision under the whole behaviour: policy mixed with coin.
    double PolicyProbability = Settings.Sample
                                   ? (Inline ? ProbabilityOfInlining : 1.0 - ProbabilityOfInlining)
                                   : (Inline == (ProbabilityOfInlining > 0.5) ? 1.0 : 0.0);
    ProbabilityOfChoice =
        (1.0 - Settings.Exploration) * PolicyProbability + Settings.Exploration * 0.5;
  }
  return Inline;
}

void *PolicyModelRunner::evaluateUntyped() {
  // The heuristic's answer is computed only when the policy reads it, it is logged, or it is
  // needed as a fallback: it costs a full inline-cost analysis of the callsite.
  int64_t Default = -1;
  auto GetDefault = [&] {
    if (Default < 0)
      Default = DefaultDecision ? DefaultDecision() : 0;
    return Default != 0;
  };

  bool Inline;
  double ProbabilityOfChoice = 1.0;
  if (ForcedDecision)
    Inline = *ForcedDecision;
  else
    Inline = drawDecision(GetDefault, ProbabilityOfChoice);
  Decision = Inline ? 1 : 0;

  if (Trace) {
    int64_t DefaultValue = GetDefault() ? 1 : 0;
    float Probability = static_cast<float>(ProbabilityOfChoice);
    std::vector<const void *> Tensors;
    Tensors.reserve(Features.size() + 3);
    for (size_t I = 0; I < Features.size(); ++I)
      Tensors.push_back(getTensorUntyped(I));
    Tensors.push_back(&DefaultValue);
    Tensors.push_back(&Decision);
    Tensors.push_back(&Probability);
    Trace->logObservation(Tensors);
  }
  return &Decision;
}

} // namespace mlgo

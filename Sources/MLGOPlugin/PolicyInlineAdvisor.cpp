//===- PolicyInlineAdvisor.cpp - LLVM's ML inline advisor, our runner ----===//
#include "PolicyInlineAdvisor.h"

#include "InlinePolicy.h"
#include "PluginOptions.h"
#include "PolicyModelRunner.h"
#include "TraceWriter.h"

#include "llvm/Analysis/AssumptionCache.h"
#include "llvm/Analysis/BlockFrequencyInfo.h"
#include "llvm/Analysis/EphemeralValuesCache.h"
#include "llvm/Analysis/InlineCost.h"
#include "llvm/Analysis/MLInlineAdvisor.h"
#include "llvm/Analysis/OptimizationRemarkEmitter.h"
#include "llvm/Analysis/ProfileSummaryInfo.h"
#include "llvm/Analysis/TargetLibraryInfo.h"
#include "llvm/Analysis/TargetTransformInfo.h"
#include "llvm/IR/DiagnosticInfo.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"

using namespace llvm;

namespace mlgo {
namespace {

thread_local ModuleAnalysisManager *CurrentMAM = nullptr;

/// LLVM's `-inline-deferral` (off by default), read from the option registry because the
/// heuristic's helper that reads it is not public.
bool inlineDeferralEnabled() {
  auto &Options = cl::getRegisteredOptions();
  auto Found = Options.find("inline-deferral");
  if (Found == Options.end())
    return false;
  return static_cast<cl::opt<bool> *>(Found->second)->getValue();
}

/// The heuristic's decision for `CB`, computed as LLVM's DefaultInlineAdvisor does.
bool getDefaultDecision(CallBase &CB, FunctionAnalysisManager &FAM, const InlineParams &Params) {
  Function &Caller = *CB.getCaller();
  Function &Callee = *CB.getCalledFunction();
  ProfileSummaryInfo *PSI = FAM.getResult<ModuleAnalysisManagerFunctionProxy>(Caller)
                                .getCachedResult<ProfileSummaryAnalysis>(*Caller.getParent());
  auto &ORE = FAM.getResult<OptimizationRemarkEmitterAnalysis>(Caller);
  auto GetAssumptionCache = [&](Function &F) -> AssumptionCache & {
    return FAM.getResult<AssumptionAnalysis>(F);
  };
  auto GetBFI = [&](Function &F) -> BlockFrequencyInfo & {
    return FAM.getResult<BlockFrequencyAnalysis>(F);
  };
  auto GetTLI = [&](Function &F) -> const TargetLibraryInfo & {
    return FAM.getResult<TargetLibraryAnalysis>(F);
  };
  auto GetEphValuesCache = [&](Function &F) -> EphemeralValuesAnalysis::Result & {
    return FAM.getResult<EphemeralValuesAnalysis>(F);
  };
  auto &CalleeTTI = FAM.getResult<TargetIRAnalysis>(Callee);
  auto GetInlineCost = [&](CallBase &Call) {
    return getInlineCost(Call, Params, CalleeTTI, GetAssumptionCache, GetTLI, GetBFI, PSI,
                         nullptr, GetEphValuesCache);
  };
  static const bool Deferral = inlineDeferralEnabled();
  return shouldInline(CB, CalleeTTI, GetInlineCost, ORE, Params.EnableDeferral.value_or(Deferral))
      .has_value();
}

class PolicyInlineAdvisor final : public MLInlineAdvisor {
public:
  PolicyInlineAdvisor(Module &M, ModuleAnalysisManager &MAM, const InlinePolicy *Policy,
                      DecisionSettings Settings, TraceWriter *Trace, InlineParams Params)
      : MLInlineAdvisor(
            M, MAM,
            [&M, Policy, Settings, Trace](const std::vector<TensorSpec> &Features) {
              return std::make_unique<PolicyModelRunner>(M.getContext(), Features, Policy,
                                                         Settings, Trace);
            },
            [this](CallBase &CB) { return getDefaultDecision(CB, FAM, this->Params); }),
        Params(Params), Trace(Trace) {
    // MLInlineAdvisor switched the runner to an unnamed context; name it after the module.
    ModelRunner->switchContext(M.getModuleIdentifier());
  }

  ~PolicyInlineAdvisor() override {
    auto &Runner = static_cast<PolicyModelRunner &>(*ModelRunner);
    if (Runner.fallbackCount() > 0)
      M.getContext().diagnose(DiagnosticInfoGeneric(
          Twine("MLGO: ") + Twine(Runner.fallbackCount()) +
              " inlining decisions fell back to LLVM's heuristic (the policy could not be "
              "evaluated)",
          DS_Warning));
    if (Trace)
      if (Error E = Trace->flush())
        M.getContext().emitError(toString(std::move(E)));
  }

protected:
  std::unique_ptr<MLInlineAdvice> getAdviceFromModel(CallBase &CB,
                                                     OptimizationRemarkEmitter &ORE) override {
    auto &Runner = static_cast<PolicyModelRunner &>(*ModelRunner);
    // function_ref does not own its callee: keep the lambda alive for the whole evaluation.
    auto AskHeuristic = [&] { return GetDefaultAdvice(CB); };
    Runner.setDefaultDecision(AskHeuristic);
    bool Decision = Runner.evaluate<int64_t>() != 0;
    Runner.setDefaultDecision({});
    return std::make_unique<MLInlineAdvice>(this, CB, ORE, Decision);
  }

private:
  InlineParams Params;
  TraceWriter *Trace;
};

} // namespace

void setModuleAnalysisManager(ModuleAnalysisManager &MAM) { CurrentMAM = &MAM; }

InlineAdvisor *createInlineAdvisor(Module &M, FunctionAnalysisManager &FAM, InlineParams Params,
                                   InlineContext IC) {
  auto Heuristic = [&] { return new DefaultInlineAdvisor(M, FAM, Params, IC); };
  // On any setup error: report it (the compile fails cleanly) and let the heuristic finish
  // the pipeline rather than leave the inliner without an advisor.
  auto Fail = [&](const Twine &Message) {
    M.getContext().emitError("MLGO plugin: " + Message);
    return Heuristic();
  };

  InlineMode Mode = InlineModeOption;
  if (Mode == InlineMode::Heuristic) {
    if (!InlineTracePath.empty())
      return Fail("heuristic mode writes no trace; to trace LLVM's decisions use "
                  "-mlgo-inline-mode=train without -mlgo-inline-policy");
    return Heuristic();
  }
  if (!CurrentMAM)
    return Fail("no module analysis manager was registered for this pass builder");
  if (InlineExploration < 0.0 || InlineExploration > 1.0)
    return Fail("-mlgo-inline-exploration must be between 0 and 1");

  const InlinePolicy *Policy = nullptr;
  if (!InlinePolicyPath.empty()) {
    auto Loaded = getInlinePolicyFile(InlinePolicyPath);
    if (!Loaded)
      return Fail(toString(Loaded.takeError()));
    Policy = &*Loaded;
  } else if (Mode == InlineMode::Release) {
    auto Embedded = getEmbeddedInlinePolicy();
    if (!Embedded)
      return Fail(toString(Embedded.takeError()));
    Policy = &*Embedded;
  }

  DecisionSettings Settings;
  TraceWriter *Trace = nullptr;
  if (Mode == InlineMode::Train) {
    Settings.Sample = InlineSample;
    Settings.Exploration = InlineExploration;
    Settings.Seed = InlineSeed;
  }
  if (!InlineTracePath.empty()) {
    auto Writer =
        getTraceWriter(InlineTracePath, traceSpecs(MLInlineAdvisor::getInitialFeatureMap()));
    if (!Writer)
      return Fail(toString(Writer.takeError()));
    Trace = &*Writer;
  }
  return new PolicyInlineAdvisor(M, *CurrentMAM, Policy, Settings, Trace, Params);
}

} // namespace mlgo

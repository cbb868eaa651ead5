//===- PolicyInlineAdvisor.cpp - LLVM's ML inline advisor, our runner ----===//
#include "PolicyInlineAdvisor.h"

#include "EnvironmentOptions.h"
#include "InlineDecisions.h"
#include "InlinePolicy.h"
#include "PipelineState.h"
#include "PluginDiagnostics.h"
#include "PluginInlineFeatures.h"
#include "PluginOptions.h"
#include "PolicyModelRunner.h"
#include "TraceWriter.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Analysis/MLInlineAdvisor.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"

using namespace llvm;

namespace mlgo {
namespace {

/// Whether the policy decides for every caller; otherwise only for callers that are
/// themselves optimised for size (see InlineScope).
bool policyDecidesEveryCaller(const PipelineState &State) {
  return InlineScopeOption == InlineScope::All || State.Goal == PipelineGoal::Size;
}

bool hasCallerOptimisedForSize(const Module &M) {
  return any_of(M, [](const Function &F) { return !F.isDeclaration() && F.hasOptSize(); });
}

bool definesFunctions(const Module &M) {
  return any_of(M, [](const Function &F) { return !F.isDeclaration(); });
}

class PolicyInlineAdvisor final : public MLInlineAdvisor {
public:
  PolicyInlineAdvisor(Module &M, ModuleAnalysisManager &MAM, FunctionAnalysisManager &FAM,
                      InlineParams Params, InlineContext IC, const PolicyNetwork *Policy,
                      DecisionSettings Settings, std::unique_ptr<TraceBuffer> Trace,
                      const ModuleDecisions *Forced, std::unique_ptr<DecisionRecord> Record,
                      bool DecidesEveryCaller, ThinOrFullLTOPhase Phase)
      : MLInlineAdvisor(
            M, MAM,
            [&M, Policy, Settings, TraceBuffer = Trace.get()](
                const std::vector<TensorSpec> &Features) {
              return std::make_unique<PolicyModelRunner>(M.getContext(),
                                                         withPluginInlineFeatures(Features),
                                                         Policy, Settings, TraceBuffer);
            },
            [this](CallBase &CB) { return heuristicDecision(CB); }),
        Heuristic(M, FAM, Params, IC), Trace(std::move(Trace)), Forced(Forced),
        Record(std::move(Record)), DecidesLabel(Policy ? "policy" : "heuristic"),
        DecidesEveryCaller(DecidesEveryCaller) {
    // MLInlineAdvisor switched the runner to an unnamed context; name it after the module.
    ModelRunner->switchContext(M.getModuleIdentifier());
    // The plugin's features cost a little per decision: computed only when they are read.
    LLVMFeatureCount = FeatureMap.size();
    NeedsPluginFeatures = this->Trace || static_cast<PolicyModelRunner &>(*ModelRunner)
                                             .policyReadsInputsFrom(LLVMFeatureCount);
    if (NeedsPluginFeatures)
      ModuleFeatures = ModuleInlineFeatures::of(M, Phase);
  }

  ~PolicyInlineAdvisor() override {
    auto &Runner = static_cast<PolicyModelRunner &>(*ModelRunner);
    if (Runner.fallbackCount() > 0)
      reportWarning(M.getContext(),
                    Twine("MLGO: ") + Twine(Runner.fallbackCount()) +
                        " inlining decisions fell back to LLVM's heuristic (the policy could "
                        "not be evaluated)");
    if (Trace)
      if (Error E = Trace->flush())
        reportError(M.getContext(), toString(std::move(E)));
    if (Record)
      if (Error E = Record->flush())
        reportError(M.getContext(), toString(std::move(E)));
  }

protected:
  std::unique_ptr<InlineAdvice> getAdviceImpl(CallBase &CB) override {
    // MLInlineAdvisor stops inlining (but for always_inline) once the module has grown past
    // -ml-advisor-size-increase-threshold; LLVM's heuristic has no such stop. Past that point
    // the heuristic decides, so a policy that copies it compiles exactly as stock LLVM.
    if (isForcedToStop())
      return Heuristic.getAdvice(CB);
    return MLInlineAdvisor::getAdviceImpl(CB);
  }

  std::unique_ptr<MLInlineAdvice> getAdviceFromModel(CallBase &CB,
                                                     OptimizationRemarkEmitter &ORE) override {
    if (!DecidesEveryCaller && !CB.getCaller()->hasOptSize())
      return std::make_unique<MLInlineAdvice>(this, CB, ORE, heuristicDecision(CB));
    unsigned Index = NextIndex++;
    std::string Key;
    if (Forced || Record) {
      StringRef Caller = CB.getCaller()->getName(), Callee = CB.getCalledFunction()->getName();
      Key = callsiteKey(Caller, Callee, Occurrences[(Caller + "\t" + Callee).str()]++);
    }
    std::optional<bool> ForcedDecision = Forced ? Forced->lookup(Index, Key) : std::nullopt;
    // LLVM's decision, asked at most once per callsite: it costs a full inline-cost analysis.
    std::optional<bool> Default;
    auto AskHeuristic = [&] {
      if (!Default)
        Default = heuristicDecision(CB);
      return *Default;
    };
    auto &Runner = static_cast<PolicyModelRunner &>(*ModelRunner);
    if (NeedsPluginFeatures) {
      // Each runner input has its own buffer.
      auto Values = computeCallsiteFeatures(CB, *this, FAM, ModuleFeatures);
      for (size_t I = 0; I < Values.size(); ++I)
        *Runner.getTensor<int64_t>(LLVMFeatureCount + I) = Values[I];
    }
    // function_ref does not own its callee: the lambda outlives the evaluation.
    Runner.setDefaultDecision(AskHeuristic);
    Runner.setForcedDecision(ForcedDecision);
    bool Decision = Runner.evaluate<int64_t>() != 0;
    Runner.setDefaultDecision({});
    Runner.setForcedDecision(std::nullopt);
    if (Record)
      Record->add(Index, Key, Decision, AskHeuristic(), ForcedDecision ? "forced" : DecidesLabel);
    return std::make_unique<MLInlineAdvice>(this, CB, ORE, Decision);
  }

private:
  /// LLVM's own decision, from LLVM's own advisor, so that options such as -inline-deferral
  /// and -inline-threshold act exactly as they do without the plugin.
  bool heuristicDecision(CallBase &CB) {
    std::unique_ptr<InlineAdvice> Advice = Heuristic.getAdvice(CB);
    bool Inline = Advice->isInliningRecommended();
    Advice->recordUnattemptedInlining();
    return Inline;
  }

  DefaultInlineAdvisor Heuristic;
  std::unique_ptr<TraceBuffer> Trace;
  const ModuleDecisions *Forced;
  std::unique_ptr<DecisionRecord> Record;
  const char *DecidesLabel;
  bool DecidesEveryCaller;
  /// Position of the next decision in this module, and how often each caller/callee pair was
  /// decided: the two ways -mlgo-inline-decisions names a callsite.
  unsigned NextIndex = 0;
  StringMap<unsigned> Occurrences;
  /// The runner's inputs: LLVM's features first, then the plugin's (PluginInlineFeatures).
  size_t LLVMFeatureCount = 0;
  bool NeedsPluginFeatures = false;
  ModuleInlineFeatures ModuleFeatures;
};

} // namespace

InlineAdvisor *createInlineAdvisor(Module &M, FunctionAnalysisManager &FAM, InlineParams Params,
                                   InlineContext IC) {
  auto Heuristic = [&] { return new DefaultInlineAdvisor(M, FAM, Params, IC); };
  // On any setup error: report it (the compile fails cleanly) and let the heuristic finish
  // the pipeline rather than leave the inliner without an advisor.
  auto Fail = [&](const Twine &Message) {
    reportError(M.getContext(), "MLGO plugin: " + Message);
    return Heuristic();
  };

  if (!environmentOptionsError().empty())
    return Fail(environmentOptionsError());
  InlineMode Mode = InlineModeOption;
  if (Mode == InlineMode::Heuristic) {
    if (!InlineTracePath.empty() || !InlineRecordPath.empty())
      return Fail("heuristic mode writes no trace or record; to trace LLVM's decisions use "
                  "-mlgo-inline-mode=train without -mlgo-inline-policy");
    if (!InlineDecisionsPath.empty())
      return Fail("heuristic mode forces no decisions; use -mlgo-inline-mode=train (LLVM "
                  "decides the rest) or release (the policy decides the rest)");
    return Heuristic();
  }
  std::shared_ptr<PipelineState> State = findPipelineState(FAM);
  if (!State || !State->ModuleAnalyses)
    return Fail("no module analysis manager was registered for this pass builder");
  if (InlineExploration < 0.0 || InlineExploration > 1.0)
    return Fail("-mlgo-inline-exploration must be between 0 and 1");

  const PolicyNetwork *Policy = nullptr;
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
  if (Mode == InlineMode::Train) {
    Settings.Sample = InlineSample;
    Settings.Exploration = InlineExploration;
    Settings.Seed = InlineSeed;
  }
  std::unique_ptr<TraceBuffer> Trace;
  if (!InlineTracePath.empty()) {
    auto Writer =
        getTraceWriter(InlineTracePath, traceSpecs(withPluginInlineFeatures(
                                            MLInlineAdvisor::getInitialFeatureMap())));
    if (!Writer)
      return Fail(toString(Writer.takeError()));
    Trace = std::make_unique<TraceBuffer>(*Writer);
  }

  const ModuleDecisions *Forced = nullptr;
  if (!InlineDecisionsPath.empty()) {
    auto File = getDecisionsFile(InlineDecisionsPath);
    if (!File)
      return Fail(toString(File.takeError()));
    Forced = File->forModule(M.getSourceFileName());
  }
  std::unique_ptr<DecisionRecord> Record;
  if (!InlineRecordPath.empty()) {
    auto File = getDecisionRecordFile(InlineRecordPath);
    if (!File)
      return Fail(toString(File.takeError()));
    Record = std::make_unique<DecisionRecord>(*File, M.getSourceFileName());
  }

  // Size policies stay out of pipelines that optimise for speed (docs/plugin.md).
  bool DecidesEveryCaller = policyDecidesEveryCaller(*State);
  if (!DecidesEveryCaller && !hasCallerOptimisedForSize(M)) {
    if ((Trace || Record || !InlinePolicyPath.empty() || !InlineDecisionsPath.empty()) &&
        definesFunctions(M))
      reportWarning(M.getContext(),
                    "MLGO plugin: LLVM's heuristic makes every inlining decision in " +
                        M.getModuleIdentifier() +
                        ": the pipeline optimises for speed and no function is optimised "
                        "for size (-mlgo-inline-scope=all lets the policy decide anyway)");
    return Heuristic();
  }
  return new PolicyInlineAdvisor(M, *State->ModuleAnalyses, FAM, Params, IC, Policy, Settings,
                                 std::move(Trace), Forced, std::move(Record), DecidesEveryCaller,
                                 State->Phase);
}

} // namespace mlgo

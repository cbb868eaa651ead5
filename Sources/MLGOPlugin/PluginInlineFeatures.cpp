//===- PluginInlineFeatures.cpp - inlining features LLVM does not compute -===//
#include "PluginInlineFeatures.h"

#include "llvm/Analysis/LoopInfo.h"
#include "llvm/Analysis/MLInlineAdvisor.h"
#include "llvm/IR/InstrTypes.h"
#include "llvm/IR/Module.h"

using namespace llvm;

namespace mlgo {

const std::vector<TensorSpec> &pluginInlineFeatureSpecs() {
  static const std::vector<TensorSpec> Specs = [] {
    std::vector<TensorSpec> List;
    for (const char *Name :
         {"callee_instruction_count", "caller_instruction_count", "callee_local_linkage",
          "callee_discardable", "callee_deleted_if_inlined", "callsite_loop_depth",
          "module_instruction_count", "module_local_functions", "thinlto_backend",
          "full_lto_link"})
      List.push_back(TensorSpec::createSpec<int64_t>(Name, {1}));
    assert(List.size() == PluginInlineFeatureCount);
    return List;
  }();
  return Specs;
}

std::vector<TensorSpec> withPluginInlineFeatures(std::vector<TensorSpec> LLVMFeatures) {
  const std::vector<TensorSpec> &Plugin = pluginInlineFeatureSpecs();
  LLVMFeatures.insert(LLVMFeatures.end(), Plugin.begin(), Plugin.end());
  return LLVMFeatures;
}

ModuleInlineFeatures ModuleInlineFeatures::of(const Module &M, ThinOrFullLTOPhase Phase) {
  ModuleInlineFeatures Features;
  Features.ThinLTOBackend = Phase == ThinOrFullLTOPhase::ThinLTOPostLink;
  Features.FullLTOLink = Phase == ThinOrFullLTOPhase::FullLTOPostLink;
  for (const Function &F : M) {
    if (F.isDeclaration())
      continue;
    Features.InstructionCount += F.getInstructionCount();
    if (F.hasLocalLinkage())
      ++Features.LocalFunctionCount;
  }
  return Features;
}

std::array<int64_t, PluginInlineFeatureCount>
computeCallsiteFeatures(CallBase &CB, const MLInlineAdvisor &Advisor, FunctionAnalysisManager &FAM,
                        const ModuleInlineFeatures &ModuleFeatures) {
  Function &Caller = *CB.getCaller();
  Function &Callee = *CB.getCalledFunction();
  // Inlining the only call of a function nobody else may reference deletes the function.
  bool Discardable = Callee.isDiscardableIfUnused();
  const LoopInfo &Loops = FAM.getResult<LoopAnalysis>(Caller);
  return {
      Advisor.getIRSize(Callee),
      Advisor.getIRSize(Caller),
      Callee.hasLocalLinkage(),
      Discardable,
      Discardable && Callee.hasOneUse(),
      Loops.getLoopDepth(CB.getParent()),
      ModuleFeatures.InstructionCount,
      ModuleFeatures.LocalFunctionCount,
      ModuleFeatures.ThinLTOBackend,
      ModuleFeatures.FullLTOLink,
  };
}

} // namespace mlgo

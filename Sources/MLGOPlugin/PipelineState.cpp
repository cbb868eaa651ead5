//===- PipelineState.cpp - what the plugin knows about one pass builder --===//
#include "PipelineState.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/Passes/PassBuilder.h"

#include <mutex>

using namespace llvm;

namespace mlgo {
namespace {

std::mutex RegistryMutex;

/// Keyed by address. A destroyed manager's entry stays until a new manager at the same
/// address replaces it: the entry is only read for managers the callbacks registered, and
/// every new manager is registered before any pipeline runs on it.
DenseMap<const FunctionAnalysisManager *, std::shared_ptr<PipelineState>> &registry() {
  static DenseMap<const FunctionAnalysisManager *, std::shared_ptr<PipelineState>> Registry;
  return Registry;
}

} // namespace

void trackPipelineState(PassBuilder &PB, void (*Register)(ModuleAnalysisManager &MAM)) {
  auto State = std::make_shared<PipelineState>();
  PB.registerAnalysisRegistrationCallback([State, Register](ModuleAnalysisManager &MAM) {
    State->ModuleAnalyses = &MAM;
    Register(MAM);
  });
  PB.registerAnalysisRegistrationCallback([State](FunctionAnalysisManager &FAM) {
    std::lock_guard<std::mutex> Lock(RegistryMutex);
    registry()[&FAM] = State;
  });
  // Per-module, ThinLTO pre-link and ThinLTO back-end pipelines pass here before their
  // inliner; the full-LTO pipeline passes the second callback instead. Nothing is added to
  // the pipeline: the callbacks only read the level.
  PB.registerPipelineEarlySimplificationEPCallback(
      [State](ModulePassManager &, OptimizationLevel Level, ThinOrFullLTOPhase Phase) {
        State->recordPipeline(Level, Phase);
      });
  PB.registerFullLinkTimeOptimizationEarlyEPCallback(
      [State](ModulePassManager &, OptimizationLevel Level) {
        State->recordPipeline(Level, ThinOrFullLTOPhase::FullLTOPostLink);
      });
}

std::shared_ptr<PipelineState> findPipelineState(const FunctionAnalysisManager &FAM) {
  std::lock_guard<std::mutex> Lock(RegistryMutex);
  auto Found = registry().find(&FAM);
  return Found == registry().end() ? nullptr : Found->second;
}

} // namespace mlgo

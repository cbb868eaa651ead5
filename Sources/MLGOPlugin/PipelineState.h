//===- PipelineState.h - what the plugin knows about one pass builder ----===//
//
// LLVM hands the inline advisor factory only the module, the function analysis manager and
// the inliner's parameters. The advisor also needs the module analysis manager of the same
// pass builder, and the optimisation level of the pipeline that pass builder built (size
// policies decide only when optimising for size). The plugin's registration callbacks fill one
// PipelineState per pass builder and file it under its function analysis manager, which the
// factory receives. Several pass builders may live at once, on several threads (LTO backends).
//
//===----------------------------------------------------------------------===//
#ifndef MLGO_PIPELINE_STATE_H
#define MLGO_PIPELINE_STATE_H

#include "llvm/IR/PassManager.h"
#include "llvm/Passes/OptimizationLevel.h"
#include "llvm/Pass.h"

#include <atomic>
#include <memory>

namespace llvm {
class PassBuilder;
}

namespace mlgo {

/// How the pipeline that runs the inliner optimises.
enum class PipelineGoal {
  /// No default pipeline was built (for example `opt -passes=inline`).
  Unknown,
  /// -O1, -O2, -O3.
  Speed,
  /// -Os, -Oz.
  Size,
};

struct PipelineState {
  llvm::ModuleAnalysisManager *ModuleAnalyses = nullptr;
  /// Of the default pipeline this pass builder built last.
  std::atomic<PipelineGoal> Goal{PipelineGoal::Unknown};
  /// Where in an (Thin)LTO build that pipeline runs: a ThinLTO back end and the full-LTO link
  /// see other code than a per-module compile, and a policy may read which (features
  /// `thinlto_backend`, `full_lto_link`).
  std::atomic<llvm::ThinOrFullLTOPhase> Phase{llvm::ThinOrFullLTOPhase::None};

  void recordPipeline(llvm::OptimizationLevel Level, llvm::ThinOrFullLTOPhase BuiltPhase) {
    Goal = Level.getSizeLevel() > 0 ? PipelineGoal::Size : PipelineGoal::Speed;
    Phase = BuiltPhase;
  }
};

/// Registers `Register` (which adds the plugin's analyses to a module analysis manager) and
/// the callbacks that fill a new PipelineState for `PB`.
void trackPipelineState(llvm::PassBuilder &PB,
                        void (*Register)(llvm::ModuleAnalysisManager &MAM));

/// The state of the pass builder whose function analysis manager is `FAM`, or null if the
/// plugin's callbacks never saw it.
std::shared_ptr<PipelineState> findPipelineState(const llvm::FunctionAnalysisManager &FAM);

} // namespace mlgo

#endif // MLGO_PIPELINE_STATE_H

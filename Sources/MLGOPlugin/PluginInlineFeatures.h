//===- PluginInlineFeatures.h - inlining features LLVM does not compute ---===//
//
// LLVM's 38 inlining features were chosen for its own heuristic. These are computed by the
// plugin at the same callsites (issue 8, item 5): what a size decision needs that LLVM's set
// does not say — whether the callee can disappear, how big callee and caller are, how deep in
// loops the call sits, how large the module is, and whether the inliner runs in a ThinLTO back
// end or the full-LTO link (where the searched decisions lean other ways than per module). They
// follow LLVM's features in the runner's inputs and in traces, by name, as int64 scalars.
//
//===----------------------------------------------------------------------===//
#ifndef MLGO_PLUGIN_INLINE_FEATURES_H
#define MLGO_PLUGIN_INLINE_FEATURES_H

#include "llvm/Analysis/TensorSpec.h"
#include "llvm/IR/PassManager.h"
#include "llvm/Pass.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace llvm {
class CallBase;
class MLInlineAdvisor;
class Module;
} // namespace llvm

namespace mlgo {

/// How many features the plugin computes.
constexpr size_t PluginInlineFeatureCount = 10;

/// The plugin's features, in the order computeCallsiteFeatures writes them.
const std::vector<llvm::TensorSpec> &pluginInlineFeatureSpecs();

/// The inlining runner's inputs: LLVM's features, then the plugin's.
std::vector<llvm::TensorSpec> withPluginInlineFeatures(std::vector<llvm::TensorSpec> LLVMFeatures);

/// What the module-level features say, taken once when the module's inliner starts.
struct ModuleInlineFeatures {
  int64_t InstructionCount = 0;
  int64_t LocalFunctionCount = 0;
  /// 1 in a ThinLTO back end (post-link), 0 elsewhere; likewise in the full-LTO link.
  int64_t ThinLTOBackend = 0;
  int64_t FullLTOLink = 0;

  static ModuleInlineFeatures of(const llvm::Module &M, llvm::ThinOrFullLTOPhase Phase);
};

/// The plugin's features at the callsite `CB` (a direct call to a defined function), in
/// pluginInlineFeatureSpecs() order. Function sizes come from the advisor's cached
/// properties; the call's loop depth from the caller's LoopInfo, which the advisor keeps
/// current.
std::array<int64_t, PluginInlineFeatureCount>
computeCallsiteFeatures(llvm::CallBase &CB, const llvm::MLInlineAdvisor &Advisor,
                        llvm::FunctionAnalysisManager &FAM, const ModuleInlineFeatures &ModuleFeatures);

} // namespace mlgo

#endif // MLGO_PLUGIN_INLINE_FEATURES_H

//===- PolicyInlineAdvisor.h - LLVM's ML inline advisor, our runner ------===//
//
// LLVM's MLInlineAdvisor extracts the standard inlining features and tracks module state;
// this subclass adds the plugin's own features, hands the runner a way to ask LLVM's
// heuristic, forces and records decisions, and flushes the trace when the module is done.
//
//===----------------------------------------------------------------------===//
#ifndef MLGO_POLICY_INLINE_ADVISOR_H
#define MLGO_POLICY_INLINE_ADVISOR_H

#include "llvm/Analysis/InlineAdvisor.h"

namespace mlgo {

/// The factory registered through PluginInlineAdvisorAnalysis. It finds the pass builder's
/// module analysis manager and pipeline level through PipelineState.
llvm::InlineAdvisor *createInlineAdvisor(llvm::Module &M, llvm::FunctionAnalysisManager &FAM,
                                         llvm::InlineParams Params, llvm::InlineContext IC);

} // namespace mlgo

#endif // MLGO_POLICY_INLINE_ADVISOR_H

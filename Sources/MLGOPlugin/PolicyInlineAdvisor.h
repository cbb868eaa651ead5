//===- PolicyInlineAdvisor.h - LLVM's ML inline advisor, our runner ------===//
//
// LLVM's MLInlineAdvisor extracts the standard inlining features and tracks module state;
// this subclass only hands the runner a way to ask LLVM's heuristic, and flushes the trace
// when the module is done.
//
//===----------------------------------------------------------------------===//
#ifndef MLGO_POLICY_INLINE_ADVISOR_H
#define MLGO_POLICY_INLINE_ADVISOR_H

#include "llvm/Analysis/InlineAdvisor.h"

namespace mlgo {

/// The factory registered through PluginInlineAdvisorAnalysis. `MAM` must be the module
/// analysis manager of the pass builder that runs the pipeline.
llvm::InlineAdvisor *createInlineAdvisor(llvm::Module &M, llvm::FunctionAnalysisManager &FAM,
                                         llvm::InlineParams Params, llvm::InlineContext IC);

/// Remembers the module analysis manager for createInlineAdvisor (which LLVM hands only the
/// function analysis manager). Per thread: parallel LTO backends each have their own.
void setModuleAnalysisManager(llvm::ModuleAnalysisManager &MAM);

} // namespace mlgo

#endif // MLGO_POLICY_INLINE_ADVISOR_H

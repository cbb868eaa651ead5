//===- EvictionAdvisorAnalysis.h - the plugin's eviction-advisor analysis --===//
//
// In release and train mode the plugin's constructor for LLVM's eviction-advisor analysis
// (EvictionSetup.cpp) returns this analysis instead of LLVM's release one. It hands out
// LLVM's own ML advisor (whose runner the plugin answers in-process, EvictionRunnerHook), and
// in train mode adds what LLVM's release analysis cannot do: **LLVM's choice, observed.**
// Every decision also runs LLVM's default advisor on the same query, and the trace records
// the slot it chose (`llvm_index_to_evict`). Without a policy that choice is what the
// compile does: the output is LLVM's, and the trace is behaviour-cloning data for the
// default advisor (LLVM's own development mode does this, but only in TensorFlow builds).
//
//===----------------------------------------------------------------------===//
#ifndef MLGO_EVICTION_ADVISOR_ANALYSIS_H
#define MLGO_EVICTION_ADVISOR_ANALYSIS_H

#include "llvm/ADT/StringSet.h"

namespace llvm {
class Pass;
} // namespace llvm

namespace mlgo {

/// A new eviction-advisor analysis pass (for the legacy pass registry). `ObserveLLVM`: also
/// run LLVM's default advisor at each decision (train mode); `LLVMDecides`: and use its
/// choice (train mode without a policy). The machine functions `DecidedByLLVM` names (may be
/// null) get LLVM's default advisor itself: their allocation is stock llc's, no policy or
/// runner is asked, and no trace context is written for them.
llvm::Pass *createEvictionAdvisorAnalysis(bool ObserveLLVM, bool LLVMDecides,
                                          const llvm::StringSet<> *DecidedByLLVM);

} // namespace mlgo

#endif // MLGO_EVICTION_ADVISOR_ANALYSIS_H

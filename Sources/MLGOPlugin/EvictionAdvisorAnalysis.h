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

class EvictionGate;

struct EvictionAnalysisOptions {
  /// Also run LLVM's default advisor at each decision (train mode, or a policy reading it).
  bool ObserveLLVM = false;
  /// And use its choice (train mode without a policy).
  bool LLVMDecides = false;
  /// The machine functions named here (may be null), and those the gate (may be null) does
  /// not give the policy, get LLVM's default advisor itself: their allocation is stock llc's,
  /// no policy or runner is asked, and no trace context is written for them. Both live until
  /// the process exits.
  const llvm::StringSet<> *DecidedByLLVM = nullptr;
  const EvictionGate *Gate = nullptr;
};

/// A new eviction-advisor analysis pass (for the legacy pass registry).
llvm::Pass *createEvictionAdvisorAnalysis(const EvictionAnalysisOptions &Options);

} // namespace mlgo

#endif // MLGO_EVICTION_ADVISOR_ANALYSIS_H

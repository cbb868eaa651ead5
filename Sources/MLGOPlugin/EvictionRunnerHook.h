//===- EvictionRunnerHook.h - LLVM's interactive runner, answered in-process ===//
//
// LLVM 22 has no hook for an eviction model: its ML advisor (internal to libLLVM) extracts
// the features and asks an InteractiveModelRunner, which would send them over a pipe. We
// replace four entries of that class's vtable (found through libLLVM's exported symbols and
// checked against them): evaluation, switchContext and the two destructors. For a runner
// deciding `index_to_evict` the plugin answers in the compiler's own thread; any other
// interactive runner (the inliner's or the priority advisor's, on a user's own channel) goes
// to LLVM's original code untouched. State is per runner, so several codegen threads (LTO
// back ends) each decide their own functions. docs/eviction.md says why this design.
//
//===----------------------------------------------------------------------===//
#ifndef MLGO_EVICTION_RUNNER_HOOK_H
#define MLGO_EVICTION_RUNNER_HOOK_H

#include "EvictionDecider.h"
#include "EvictionDecisions.h"

#include "llvm/Support/Error.h"
#include <string>

namespace mlgo {

/// How the process decides evictions; set up once, before the first codegen pipeline.
struct EvictionConfig {
  /// Null: the default-like rule decides (only with -mlgo-evict-force-index).
  const PolicyNetwork *Policy = nullptr;
  EvictionSettings Settings;
  /// Empty: no trace.
  std::string TracePath;
  /// Print decision counts and the time spent deciding when each runner ends.
  bool Stats = false;
  /// Train mode: LLVM's default advisor also answers every decision
  /// (EvictionAdvisorAnalysis); without a policy its answer is the one used.
  bool ObserveLLVM = false;
  /// Decisions forced by -mlgo-evict-decisions (null: none).
  const EvictionDecisions *Forced = nullptr;
};

/// The trace tensor holding LLVM's default advisor's slot (-1: not a candidate slot, or
/// unknown), logged in train mode.
constexpr const char *LLVMEvictionDecisionName = "llvm_index_to_evict";

/// Answers every eviction runner in the process with `Config`, which must live until exit.
/// Fails (changing nothing) if libLLVM's InteractiveModelRunner is not laid out as in the
/// LLVM 22 headers this plugin was built with.
llvm::Error installInProcessEvaluation(const EvictionConfig &Config);

/// Called around one query of LLVM's ML advisor on this thread: `LLVMSlot` is the slot of
/// LLVM's default advisor's choice (EvictNothingSlot for none, -1 if not a slot). The runner
/// asked in between answers it when no policy decides, and traces it.
void beginObservedDecision(int LLVMSlot);
/// Ends the query. `GotLLVMsRegister`: the register the ML advisor returned is LLVM's choice.
/// A trace whose slot mapping this contradicts gets -1 for LLVM's slot (and a warning).
/// Returns whether a runner was asked.
bool finishObservedDecision(bool GotLLVMsRegister);

} // namespace mlgo

#endif // MLGO_EVICTION_RUNNER_HOOK_H

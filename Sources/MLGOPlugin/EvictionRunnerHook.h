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
};

/// Answers every eviction runner in the process with `Config`, which must live until exit.
/// Fails (changing nothing) if libLLVM's InteractiveModelRunner is not laid out as in the
/// LLVM 22 headers this plugin was built with.
llvm::Error installInProcessEvaluation(const EvictionConfig &Config);

} // namespace mlgo

#endif // MLGO_EVICTION_RUNNER_HOOK_H

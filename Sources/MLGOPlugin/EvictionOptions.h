//===- EvictionOptions.h - options of the plugin's eviction advisor -------===//
//
// Options in LLVM's style; through clang pass them as `-mllvm -mlgo-evict-...`.
// docs/eviction.md describes them.
//
//===----------------------------------------------------------------------===//
#ifndef MLGO_EVICTION_OPTIONS_H
#define MLGO_EVICTION_OPTIONS_H

#include "llvm/Support/CommandLine.h"
#include <string>

namespace mlgo {

/// Who decides which live range gives up its register.
enum class EvictMode {
  /// LLVM's default eviction advisor, untouched: output identical to no plugin. The
  /// default until a trained eviction policy beats LLVM's advisor.
  Heuristic,
  /// The embedded eviction policy (or -mlgo-evict-policy), greedy; optional trace.
  Release,
  /// A policy file; optional sampling and exploration, every decision traced.
  Train,
};

/// How LLVM's ML eviction advisor reaches the policy (docs/eviction.md).
enum class EvictChannel {
  /// The interactive runner's evaluation replaced in-process: no FIFO, no thread.
  InProcess,
  /// A server thread speaking LLVM's interactive protocol over two FIFOs. Kept to measure
  /// the alternative; one codegen thread per process.
  Fifo,
};

extern llvm::cl::opt<EvictMode> EvictModeOption;
extern llvm::cl::opt<std::string> EvictPolicyPath;
extern llvm::cl::opt<std::string> EvictTracePath;
extern llvm::cl::opt<std::string> EvictDecisionsPath;
extern llvm::cl::opt<std::string> EvictGatePath;
extern llvm::cl::opt<unsigned long long> EvictSeed;
extern llvm::cl::opt<bool> EvictSample;
extern llvm::cl::opt<double> EvictExploration;
extern llvm::cl::opt<EvictChannel> EvictChannelOption;
extern llvm::cl::opt<int> EvictForceIndex;
extern llvm::cl::opt<bool> EvictStats;

} // namespace mlgo

#endif // MLGO_EVICTION_OPTIONS_H

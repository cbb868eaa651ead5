//===- EvictionFifoServer.h - LLVM's interactive protocol on a thread ----===//
//
// The design docs/eviction.md measured against the in-process hook and did not choose: a
// detached thread (all signals blocked) serves LLVM's interactive channel over the two
// FIFOs `<base>.in`/`<base>.out`, with the same decider. Kept behind the hidden
// `-mlgo-evict-channel=fifo` so the comparison can be repeated (`mlgo-bench eviction`). It
// serves one codegen thread per process, decides greedily and writes no trace.
//
//===----------------------------------------------------------------------===//
#ifndef MLGO_EVICTION_FIFO_SERVER_H
#define MLGO_EVICTION_FIFO_SERVER_H

#include "EvictionRunnerHook.h"

#include "llvm/Support/Error.h"
#include <string>

namespace mlgo {

/// Starts the server for the FIFOs at `Base` (made by createChannelFiles). `Config` must
/// live until exit.
llvm::Error startFifoServer(const std::string &Base, const EvictionConfig &Config);

} // namespace mlgo

#endif // MLGO_EVICTION_FIFO_SERVER_H

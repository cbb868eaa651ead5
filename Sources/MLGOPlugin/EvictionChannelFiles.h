//===- EvictionChannelFiles.h - the files LLVM's interactive runner opens -===//
//
// LLVM's eviction advisor reaches a model only through its interactive runner, which opens
// `<base>.in` and `<base>.out`. Each process gets its own base,
// `$TMPDIR/mlgo-evict-<pid>-<random>`, so parallel compiles never share a channel.
// The files go on exit (atexit), on a crash or interrupt (LLVM's signal handlers), and files
// of processes that died without either (SIGKILL) are swept by the next process.
//
//===----------------------------------------------------------------------===//
#ifndef MLGO_EVICTION_CHANNEL_FILES_H
#define MLGO_EVICTION_CHANNEL_FILES_H

#include "llvm/Support/Error.h"
#include <string>

namespace mlgo {

/// File names start with this, then `<pid>-`.
constexpr const char *ChannelFilePrefix = "mlgo-evict-";

/// Creates this process's two channel files and returns their base. `Fifos`: named pipes
/// (the FIFO channel); otherwise empty regular files, which the in-process channel never
/// reads (the runner's evaluation is replaced).
llvm::Expected<std::string> createChannelFiles(bool Fifos);

/// Removes channel files in the temporary folder whose process no longer exists.
void sweepDeadChannelFiles();

} // namespace mlgo

#endif // MLGO_EVICTION_CHANNEL_FILES_H

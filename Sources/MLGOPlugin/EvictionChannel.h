//===- EvictionChannel.h - LLVM's interactive eviction protocol ----------===//
//
// The messages LLVM's InteractiveModelRunner sends an eviction host, parsed and answered
// with the plugin's decider, independent of where the bytes come from: the FIFO server
// (EvictionFifoServer.cpp) reads them from LLVM's pipe, the eviction-channel fuzz target
// (Fuzz/) from memory. The stream, as LLVM's Logger writes it:
//
//   {"features":[TensorSpec...],...}        one line: the header
//   {"context":"NAME"}                       a machine function starts
//   {"observation":N}                        then every tensor's raw bytes, packed in the
//   BYTES\n                                  header's order, and a newline
//
// The host answers each observation with the advice: one int64, the slot to evict.
//
//===----------------------------------------------------------------------===//
#ifndef MLGO_EVICTION_CHANNEL_H
#define MLGO_EVICTION_CHANNEL_H

#include "EvictionRunnerHook.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/Analysis/TensorSpec.h"
#include "llvm/Support/Error.h"

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

namespace mlgo {

/// Buffered lines and raw bytes from LLVM's side of the channel.
class ChannelReader {
public:
  virtual ~ChannelReader() = default;
  /// The next line without its newline; false at the end of the stream.
  bool line(std::string &Line);
  /// Exactly `Count` bytes; false if the stream ends first.
  bool bytes(char *Out, size_t Count);

protected:
  /// Up to `Capacity` more bytes of the stream into `Buffer`; 0 at its end.
  virtual size_t read(char *Buffer, size_t Capacity) = 0;

private:
  bool fill();
  char Buffer[1 << 16];
  size_t Start = 0, End = 0;
};

/// Observation payloads larger than this are refused. LLVM 22's eviction advisor sends 3,436
/// bytes; the bound keeps a corrupt header from sizing buffers by an arbitrary shape.
constexpr size_t MaximumObservationBytes = 1 << 20;

/// One session: the header, then any number of contexts and observations.
class EvictionChannelSession {
public:
  /// Reads the header from `In` and sets up the decider; null at the end of the stream (the
  /// runner closed the channel without a header). Fails if the header cannot be answered:
  /// not a header, a feature spec LLVM's reader refuses, tensors too large, no `mask`, or a
  /// policy feature it lacks. `Config` must outlive the session.
  static llvm::Expected<std::unique_ptr<EvictionChannelSession>>
  start(ChannelReader &In, const EvictionConfig &Config);

  /// Reads messages up to the next observation and decides it; false at the end of the
  /// session (or of a truncated observation).
  bool next(EvictionChoice &Choice);

  /// The tensors of the observation `next` decided last: Specs[I]'s bytes at Tensors[I].
  llvm::ArrayRef<llvm::TensorSpec> specs() const { return Specs; }
  llvm::ArrayRef<const void *> tensors() const { return Tensors; }

private:
  EvictionChannelSession(ChannelReader &In, std::vector<llvm::TensorSpec> Specs,
                         std::unique_ptr<EvictionDecider> Decider);

  ChannelReader &In;
  std::vector<llvm::TensorSpec> Specs;
  std::unique_ptr<EvictionDecider> Decider;
  /// Each tensor in its own 8-byte aligned buffer: the payload packs them without padding.
  std::vector<std::vector<int64_t>> Storage;
  std::vector<const void *> Tensors;
  std::vector<char> Payload;
  std::string Line;
};

} // namespace mlgo

#endif // MLGO_EVICTION_CHANNEL_H

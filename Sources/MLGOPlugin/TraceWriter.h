//===- TraceWriter.h - decisions in LLVM's training-log format -----------===//
//
// Writes the format of LLVM's TrainingLogger (llvm/Analysis/Utils/TrainingLogger.h): a JSON
// header line listing the tensors, then per context (a module for inlining) a
// {"context":NAME} line, then per decision {"observation":N}, the raw bytes of every tensor in
// header order, and a newline. docs/trace-format.md describes the tensors we log.
//
// Two parts, because one process may run several advisors at once (LTO backends on threads):
// - TraceBuffer belongs to one advisor and collects its decisions in memory, without locks;
// - TraceWriter is the one writer per file and process; TraceBuffer::flush appends a whole
//   buffer to it under its lock, so contexts never interleave.
// The file itself is a SharedOutputFile (first write to a temporary file renamed into place).
//
//===----------------------------------------------------------------------===//
#ifndef MLGO_TRACE_WRITER_H
#define MLGO_TRACE_WRITER_H

#include "SharedOutputFile.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Analysis/TensorSpec.h"
#include "llvm/Support/Error.h"
#include <map>
#include <string>
#include <vector>

namespace mlgo {

/// Observations of one context, as raw tensor bytes, before they are numbered and written.
struct PendingContext {
  std::string Name;
  llvm::SmallString<0> Observations;
  size_t ObservationCount = 0;
};

class TraceWriter {
public:
  TraceWriter(std::string Path, std::vector<llvm::TensorSpec> Specs);

  const std::vector<llvm::TensorSpec> &specs() const { return Specs; }
  /// Bytes of one observation: every tensor of specs(), in order.
  size_t observationSize() const { return ObservationSize; }
  /// Appends `Contexts` to the file. Observations of a context name seen before continue its
  /// numbering, as LLVM's logger does when a context is resumed. Thread-safe.
  llvm::Error append(llvm::ArrayRef<PendingContext> Contexts);

private:
  SharedOutputFile File;
  std::vector<llvm::TensorSpec> Specs;
  size_t ObservationSize = 0;
  /// Guarded by File's lock: only touched inside its append.
  std::map<std::string, uint64_t> ObservationCounts;
};

/// One advisor's decisions, written to its TraceWriter by flush(). Not thread-safe: one
/// advisor, one thread.
class TraceBuffer {
public:
  explicit TraceBuffer(TraceWriter &Writer) : Writer(Writer) {}

  const std::vector<llvm::TensorSpec> &specs() const { return Writer.specs(); }
  /// Starts (or resumes) the context `Name`; observations until the next switch belong to it.
  void switchContext(llvm::StringRef Name);
  /// Logs one decision; `Tensors[I]` points at the bytes of specs()[I].
  void logObservation(llvm::ArrayRef<const void *> Tensors);
  /// The bytes of the last observation logged since the last flush (empty if none), for a
  /// correction known only after the decision was logged.
  llvm::MutableArrayRef<char> lastObservation();
  /// Appends what was logged since the last flush to the file.
  llvm::Error flush();

private:
  TraceWriter &Writer;
  std::vector<PendingContext> Contexts;
};

/// The process-wide writer for `Path`, created on first use with `Specs`. A second request
/// with other specs is an error: one file, one header.
llvm::Expected<TraceWriter &> getTraceWriter(const std::string &Path,
                                             const std::vector<llvm::TensorSpec> &Specs);

} // namespace mlgo

#endif // MLGO_TRACE_WRITER_H

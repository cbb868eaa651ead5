//===- TraceWriter.h - decisions in LLVM's training-log format -----------===//
//
// Writes the format of LLVM's TrainingLogger (llvm/Analysis/Utils/TrainingLogger.h): a JSON
// header line listing the tensors, then per module a {"context":NAME} line, then per decision
// {"observation":N}, the raw bytes of every tensor in header order, and a newline.
// docs/trace-format.md describes the tensors we log.
//
// Observations are buffered in memory and written by flush(), which the advisor calls when a
// module is done. The first flush of a process writes a temporary file and renames it into
// place, so a reader never sees a half-written trace from a compile that died.
//
//===----------------------------------------------------------------------===//
#ifndef MLGO_TRACE_WRITER_H
#define MLGO_TRACE_WRITER_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Analysis/TensorSpec.h"
#include "llvm/Support/Error.h"
#include <map>
#include <string>
#include <vector>

namespace mlgo {

class TraceWriter {
public:
  TraceWriter(std::string Path, std::vector<llvm::TensorSpec> Specs);

  const std::vector<llvm::TensorSpec> &specs() const { return Specs; }
  /// Starts (or resumes) the context of one module.
  void switchContext(llvm::StringRef Name);
  /// Logs one decision; `Tensors[I]` points at the bytes of specs()[I].
  void logObservation(llvm::ArrayRef<const void *> Tensors);
  /// Writes what was logged since the last flush to the file.
  llvm::Error flush();

private:
  std::string Path;
  std::vector<llvm::TensorSpec> Specs;
  llvm::SmallString<0> Pending;
  std::string CurrentContext;
  bool ContextWritten = false;
  bool FileCreated = false;
  std::map<std::string, uint64_t> ObservationCounts;
};

/// The process-wide writer for `Path`, created on first use with `Specs`. A second request
/// with other specs is an error: one file, one header.
llvm::Expected<TraceWriter &> getTraceWriter(const std::string &Path,
                                             const std::vector<llvm::TensorSpec> &Specs);

} // namespace mlgo

#endif // MLGO_TRACE_WRITER_H

//===- SharedOutputFile.h - one output file, appended to by many advisors -===//
//
// Traces and decision records are written by every advisor of a process (an LTO link runs
// several at once) into one file. The first append writes the file's header and body to a
// temporary file and renames it into place, so a reader never sees a half-written file from a
// compile that died; later appends add to it. Appends are serialised by a lock.
//
//===----------------------------------------------------------------------===//
#ifndef MLGO_SHARED_OUTPUT_FILE_H
#define MLGO_SHARED_OUTPUT_FILE_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <mutex>
#include <string>

namespace mlgo {

class SharedOutputFile {
public:
  /// `Kind` names the file in errors ("trace", "decision record").
  SharedOutputFile(std::string Path, std::string Kind) : Path(std::move(Path)), Kind(std::move(Kind)) {}

  const std::string &path() const { return Path; }
  /// Writes `Header` then `Body` if the file was not created yet, else appends `Body`.
  /// `Body` is produced under the lock, so callers can number what they write consistently.
  llvm::Error append(llvm::StringRef Header, llvm::function_ref<void(llvm::raw_ostream &)> Body);

private:
  std::mutex Mutex;
  std::string Path;
  std::string Kind;
  bool Created = false;
};

/// Fails unless the folder of `Path` is writable: checked before the first decision rather
/// than after the whole pipeline.
llvm::Error checkWritableFolder(llvm::StringRef Path, llvm::StringRef What);

} // namespace mlgo

#endif // MLGO_SHARED_OUTPUT_FILE_H

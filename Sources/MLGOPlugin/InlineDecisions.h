//===- InlineDecisions.h - forced and recorded inlining decisions --------===//
//
// `-mlgo-inline-decisions=FILE` forces the decisions of chosen callsites; the others come from
// the policy or the heuristic. `-mlgo-inline-record=FILE` writes every decision a compile made.
// Both use one text format (docs/inline-decisions.md), so a record replays as it is:
//
//   mlgo-inline-decisions 1
//   module<TAB>NAME                      the module's source file name, or * for any module
//   at<TAB>INDEX<TAB>TAKEN               by position in the advisor's order (0-based)
//   call<TAB>TAKEN<TAB>CALLER<TAB>CALLEE<TAB>OCCURRENCE[<TAB>extra fields, ignored]
//
// A callsite's key is (caller, callee, occurrence): the occurrence counts the earlier decisions
// of the same caller and callee in this compile, so unrelated edits elsewhere leave it alone.
// Names escape backslash, tab and newline as \\, \t and \n.
//
//===----------------------------------------------------------------------===//
#ifndef MLGO_INLINE_DECISIONS_H
#define MLGO_INLINE_DECISIONS_H

#include "SharedOutputFile.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/Error.h"

#include <memory>
#include <optional>
#include <string>

namespace mlgo {

/// "CALLER<TAB>CALLEE<TAB>OCCURRENCE", names escaped: the form keys take in the file.
std::string callsiteKey(llvm::StringRef Caller, llvm::StringRef Callee, unsigned Occurrence);

/// The forced decisions of one module.
struct ModuleDecisions {
  llvm::DenseMap<unsigned, bool> ByIndex;
  llvm::StringMap<bool> ByKey;

  /// A key wins over a position when both name the decision.
  std::optional<bool> lookup(unsigned Index, llvm::StringRef Key) const;
};

class DecisionsFile {
public:
  /// The section of `SourceFileName`, else the `*` section, else null.
  const ModuleDecisions *forModule(llvm::StringRef SourceFileName) const;

  llvm::StringMap<ModuleDecisions> Modules;
  std::optional<ModuleDecisions> AnyModule;
};

/// Parses the text of a decisions file; errors name `Name` (the file) and the line. The path
/// reader below and the inline-decisions fuzz target use it.
llvm::Expected<std::unique_ptr<DecisionsFile>> parseDecisionsFile(llvm::StringRef Name,
                                                                  llvm::StringRef Text);

/// The decisions file at `Path`, read once per process; errors name the file and line.
llvm::Expected<const DecisionsFile &> getDecisionsFile(const std::string &Path);

/// One advisor's decisions, appended to the record file as one module section by flush().
class DecisionRecord {
public:
  DecisionRecord(SharedOutputFile &File, llvm::StringRef SourceFileName)
      : File(File), SourceFileName(SourceFileName.str()) {}

  /// `Source` says who decided: "policy", "heuristic" or "forced".
  void add(unsigned Index, llvm::StringRef Key, bool Taken, bool Default, llvm::StringRef Source);
  llvm::Error flush();

private:
  SharedOutputFile &File;
  std::string SourceFileName;
  std::string Lines;
};

/// The process-wide record file at `Path`.
llvm::Expected<SharedOutputFile &> getDecisionRecordFile(const std::string &Path);

} // namespace mlgo

#endif // MLGO_INLINE_DECISIONS_H

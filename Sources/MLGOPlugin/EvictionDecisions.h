//===- EvictionDecisions.h - forced eviction decisions --------------------===//
//
// `-mlgo-evict-decisions=FILE` forces chosen eviction decisions; the others come from the
// policy, or from LLVM's default advisor when there is none. A per-decision search uses it to
// try one alternative at a time (docs/eviction.md, "Per-decision search"):
//
//   mlgo-evict-decisions 1
//   FUNCTION<TAB>INDEX<TAB>SLOT      the INDEX-th decision (0-based) of machine function
//                                    FUNCTION answers SLOT (0-32)
//   FUNCTION<TAB>llvm                FUNCTION is allocated by LLVM's default advisor itself,
//                                    as by stock llc (`mlgo-train tune --problem eviction`)
//
// The index counts the decisions LLVM's ML advisor asks in that function, the observations of
// its context in a trace. A slot that is not valid at that decision is not forced (counted).
// A function given to LLVM asks no policy, so forced decisions of it are not answered, and
// a trace has no context for it.
//
//===----------------------------------------------------------------------===//
#ifndef MLGO_EVICTION_DECISIONS_H
#define MLGO_EVICTION_DECISIONS_H

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/Error.h"

#include <memory>
#include <string>

namespace mlgo {

/// Forced slots by function, then by the decision's index in it.
struct EvictionDecisions {
  llvm::StringMap<llvm::DenseMap<unsigned, int>> ByFunction;
  /// Functions allocated by LLVM's default advisor (its evictions and its hint rules).
  llvm::StringSet<> DecidedByLLVM;

  /// The forced decisions of `Function`, or null.
  const llvm::DenseMap<unsigned, int> *forFunction(llvm::StringRef Function) const;
};

/// Parses the text of a decisions file; errors name `Name` (the file) and the line.
llvm::Expected<std::unique_ptr<EvictionDecisions>> parseEvictionDecisions(llvm::StringRef Name,
                                                                          llvm::StringRef Text);

/// Reads and parses the file at `Path`.
llvm::Expected<std::unique_ptr<EvictionDecisions>> readEvictionDecisions(const std::string &Path);

} // namespace mlgo

#endif // MLGO_EVICTION_DECISIONS_H

//===- EvictionDecisions.cpp - forced eviction decisions ------------------===//
#include "EvictionDecisions.h"

#include "EvictionDecider.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/Twine.h"
#include "llvm/Support/MemoryBuffer.h"

using namespace llvm;

namespace mlgo {

const DenseMap<unsigned, int> *EvictionDecisions::forFunction(StringRef Function) const {
  auto Found = ByFunction.find(Function);
  return Found == ByFunction.end() ? nullptr : &Found->second;
}

Expected<std::unique_ptr<EvictionDecisions>> parseEvictionDecisions(StringRef Name,
                                                                    StringRef Text) {
  auto Decisions = std::make_unique<EvictionDecisions>();
  unsigned LineNumber = 0;
  bool SawHeader = false;
  while (!Text.empty()) {
    StringRef Line;
    std::tie(Line, Text) = Text.split('\n');
    ++LineNumber;
    Line = Line.rtrim("\r");
    auto Fail = [&](const Twine &Why) {
      return createStringError(inconvertibleErrorCode(), "%s:%u: %s", Name.str().c_str(),
                               LineNumber, Why.str().c_str());
    };
    if (!SawHeader) {
      if (Line != "mlgo-evict-decisions 1")
        return Fail("expected the header 'mlgo-evict-decisions 1'");
      SawHeader = true;
      continue;
    }
    if (Line.empty() || Line.starts_with("#"))
      continue;
    SmallVector<StringRef, 3> Fields;
    Line.split(Fields, '\t');
    if (Fields.size() == 2 && Fields[1] == "llvm" && !Fields[0].empty()) {
      if (!Decisions->DecidedByLLVM.insert(Fields[0]).second)
        return Fail("function '" + Fields[0] + "' is given to LLVM twice");
      continue;
    }
    unsigned Index;
    int Slot;
    if (Fields.size() != 3 || Fields[0].empty() || Fields[1].getAsInteger(10, Index) ||
        Fields[2].getAsInteger(10, Slot))
      return Fail("expected 'FUNCTION<TAB>INDEX<TAB>SLOT' or 'FUNCTION<TAB>llvm'");
    if (Slot < 0 || Slot >= EvictionSlotCount)
      return Fail("slot " + Twine(Slot) + " is not one of 0.." + Twine(EvictionSlotCount - 1));
    // DenseMap reserves its two largest keys; no function has that many decisions.
    if (Index >= ~0U - 1)
      return Fail("decision index " + Twine(Index) + " is too large");
    auto &Function = Decisions->ByFunction[Fields[0]];
    if (!Function.try_emplace(Index, Slot).second)
      return Fail("decision " + Twine(Index) + " of '" + Fields[0] + "' is given twice");
  }
  if (!SawHeader)
    return createStringError(inconvertibleErrorCode(),
                             "%s: empty; expected the header 'mlgo-evict-decisions 1'",
                             Name.str().c_str());
  return std::move(Decisions);
}

Expected<std::unique_ptr<EvictionDecisions>> readEvictionDecisions(const std::string &Path) {
  auto Buffer = MemoryBuffer::getFile(Path, /*IsText=*/true);
  if (!Buffer)
    return createStringError(Buffer.getError(), "cannot read eviction decisions file '%s': %s",
                             Path.c_str(), Buffer.getError().message().c_str());
  return parseEvictionDecisions(Path, (*Buffer)->getBuffer());
}

} // namespace mlgo

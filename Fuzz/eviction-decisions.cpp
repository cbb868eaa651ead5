// libFuzzer target for the plugin's reader of eviction decisions files
// (Sources/MLGOPlugin/EvictionDecisions.cpp, `-mlgo-evict-decisions`): the input is the file's
// text. Beyond "no crash": a rejection names the file and the line it stopped at (or says the
// file is empty); an accepted file holds only slots 0..32 and indices DenseMap can store, every
// function it names is found (forced decisions, and functions given to LLVM), and the file
// written back from what was read reads the same.
#include "EvictionDecider.h"
#include "EvictionDecisions.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdio>
#include <cstdlib>
#include <map>
#include <set>
#include <string>

using namespace llvm;
using namespace mlgo;

#define CHECK(Condition, ...)                                                                      \
  do {                                                                                             \
    if (!(Condition)) {                                                                            \
      std::fprintf(stderr, "eviction-decisions: check failed: %s: ", #Condition);                 \
      std::fprintf(stderr, __VA_ARGS__);                                                           \
      std::fputc('\n', stderr);                                                                    \
      std::abort();                                                                                \
    }                                                                                              \
  } while (0)

namespace {

struct Contents {
  std::map<std::string, std::map<unsigned, int>> Forced;
  std::set<std::string> GivenToLLVM;
  bool operator==(const Contents &Other) const {
    return Forced == Other.Forced && GivenToLLVM == Other.GivenToLLVM;
  }
};

Contents contentsOf(const EvictionDecisions &Decisions) {
  Contents Result;
  for (const auto &Function : Decisions.ByFunction)
    for (const auto &Decision : Function.getValue())
      Result.Forced[Function.getKey().str()][Decision.first] = Decision.second;
  for (const auto &Function : Decisions.DecidedByLLVM)
    Result.GivenToLLVM.insert(Function.getKey().str());
  return Result;
}

// The reader splits at tabs and newlines and ignores comments: a name cannot hold them.
bool canBeWrittenBack(const std::string &Function) {
  return Function.find_first_of("\t\n") == std::string::npos && !Function.empty() &&
         Function[0] != '#';
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  StringRef Text(reinterpret_cast<const char *>(Data), Size);
  auto Parsed = parseEvictionDecisions("fuzz.decisions", Text);
  if (!Parsed) {
    std::string Message = toString(Parsed.takeError());
    CHECK(StringRef(Message).starts_with("fuzz.decisions:"), "unnamed error: %s", Message.c_str());
    return 0;
  }
  Contents Read = contentsOf(**Parsed);
  std::string Written = "mlgo-evict-decisions 1\n";
  for (const auto &[Function, Decisions] : Read.Forced) {
    const auto *Found = (*Parsed)->forFunction(Function);
    CHECK(Found && Found->size() == Decisions.size(), "function '%s' not found", Function.c_str());
    CHECK(canBeWrittenBack(Function), "function name '%s' cannot be written back", Function.c_str());
    for (const auto &[Index, Slot] : Decisions) {
      CHECK(Slot >= 0 && Slot < EvictionSlotCount, "slot %d accepted", Slot);
      CHECK(Index < ~0U - 1, "index %u accepted", Index);
      Written += Function + "\t" + std::to_string(Index) + "\t" + std::to_string(Slot) + "\n";
    }
  }
  for (const std::string &Function : Read.GivenToLLVM) {
    CHECK((*Parsed)->DecidedByLLVM.contains(Function), "function '%s' not found", Function.c_str());
    CHECK(canBeWrittenBack(Function), "function name '%s' cannot be written back", Function.c_str());
    Written += Function + "\tllvm\n";
  }
  auto Again = parseEvictionDecisions("written.decisions", Written);
  CHECK(static_cast<bool>(Again), "the written-back file is refused: %s",
        toString(Again.takeError()).c_str());
  CHECK(contentsOf(**Again) == Read, "the written-back file reads differently");
  return 0;
}

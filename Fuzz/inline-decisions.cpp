// libFuzzer target for the plugin's reader of decisions files
// (Sources/MLGOPlugin/InlineDecisions.cpp, format in docs/inline-decisions.md): the input is the
// file's text. Beyond "no crash": a rejection names the line it stopped at; an accepted file's
// keys have the form CALLER<TAB>CALLEE<TAB>OCCURRENCE, lookups find every key and position,
// a section applies to the module whose name escapes to it, and the file written back from
// what was read reads the same.
#include "InlineDecisions.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <vector>

using namespace llvm;
using namespace mlgo;

#define CHECK(Condition, ...)                                                                      \
  do {                                                                                             \
    if (!(Condition)) {                                                                            \
      std::fprintf(stderr, "inline-decisions: check failed: %s: ", #Condition);                   \
      std::fprintf(stderr, __VA_ARGS__);                                                           \
      std::fputc('\n', stderr);                                                                    \
      std::abort();                                                                                \
    }                                                                                              \
  } while (0)

namespace {

/// A section as ordered maps, for comparing two reads.
struct Section {
  std::map<unsigned, bool> ByIndex;
  std::map<std::string, bool> ByKey;
  bool operator==(const Section &Other) const {
    return ByIndex == Other.ByIndex && ByKey == Other.ByKey;
  }
};

Section sectionOf(const ModuleDecisions &Decisions) {
  Section Result;
  for (const auto &Entry : Decisions.ByIndex)
    Result.ByIndex[Entry.first] = Entry.second;
  for (const auto &Entry : Decisions.ByKey)
    Result.ByKey[Entry.getKey().str()] = Entry.getValue();
  return Result;
}

/// Every section by its stored (escaped) name; "*" for the any-module section.
std::map<std::string, Section> sectionsOf(const DecisionsFile &File) {
  std::map<std::string, Section> Result;
  for (const auto &Entry : File.Modules)
    Result[Entry.getKey().str()] = sectionOf(Entry.getValue());
  if (File.AnyModule)
    Result["*"] = sectionOf(*File.AnyModule);
  return Result;
}

/// The file that says what `Sections` say.
std::string write(const std::map<std::string, Section> &Sections) {
  std::string Text = "mlgo-inline-decisions 1\n";
  for (const auto &[Name, Decisions] : Sections) {
    Text += "module\t" + Name + "\n";
    for (const auto &[Index, Taken] : Decisions.ByIndex)
      Text += "at\t" + std::to_string(Index) + "\t" + (Taken ? "1" : "0") + "\n";
    for (const auto &[Key, Taken] : Decisions.ByKey)
      Text += std::string("call\t") + (Taken ? "1" : "0") + "\t" + Key + "\n";
  }
  return Text;
}

/// The name whose escaped form is `Escaped`, if the escapes are the format's (\\, \t, \n).
bool unescape(StringRef Escaped, std::string &Name) {
  Name.clear();
  for (size_t I = 0; I < Escaped.size(); ++I) {
    if (Escaped[I] != '\\') {
      Name += Escaped[I];
      continue;
    }
    if (++I == Escaped.size())
      return false;
    switch (Escaped[I]) {
    case '\\': Name += '\\'; break;
    case 't': Name += '\t'; break;
    case 'n': Name += '\n'; break;
    default: return false;
    }
  }
  return true;
}

void checkKey(StringRef Key) {
  SmallVector<StringRef, 4> Fields;
  Key.split(Fields, '\t');
  CHECK(Fields.size() == 3 && !Fields[0].empty() && !Fields[1].empty(), "key '%s'",
        Key.str().c_str());
  unsigned Occurrence;
  CHECK(!Fields[2].getAsInteger(10, Occurrence) && Fields[2] == std::to_string(Occurrence),
        "occurrence '%s' is not in its canonical form", Fields[2].str().c_str());
}

void checkAccepted(const DecisionsFile &File) {
  auto CheckLookups = [](const ModuleDecisions &Decisions) {
    for (const auto &Entry : Decisions.ByKey) {
      checkKey(Entry.getKey());
      std::optional<bool> Found = Decisions.lookup(0, Entry.getKey());
      CHECK(Found && *Found == Entry.getValue(), "key '%s' not found",
            Entry.getKey().str().c_str());
    }
    // No key holds a newline, so this one is never a key: positions decide.
    for (const auto &Entry : Decisions.ByIndex) {
      std::optional<bool> Found = Decisions.lookup(Entry.first, "\n");
      CHECK(Found && *Found == Entry.second, "position %u not found", Entry.first);
    }
  };
  for (const auto &Entry : File.Modules) {
    CHECK(Entry.getKey() != "*" && !Entry.getKey().empty() &&
              Entry.getKey().find_first_of("\t\n") == StringRef::npos,
          "section name '%s'", Entry.getKey().str().c_str());
    CheckLookups(Entry.getValue());
    std::string Name;
    if (unescape(Entry.getKey(), Name))
      CHECK(File.forModule(Name) == &Entry.getValue(), "module '%s' does not find its section",
            Entry.getKey().str().c_str());
  }
  if (File.AnyModule)
    CheckLookups(*File.AnyModule);
  // The empty name has no section of its own (a section name is never empty), unless one
  // names the current folder, which is what it becomes when made absolute.
  SmallString<256> Folder;
  sys::fs::make_absolute(Folder);
  sys::path::remove_dots(Folder, /*remove_dot_dot=*/true);
  if (!File.Modules.count(Folder))
    CHECK(File.forModule("") == (File.AnyModule ? &*File.AnyModule : nullptr),
          "a module without a section does not get the '*' section (or none)");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  // Its own allocation, so ASan sees any read past the text's end.
  std::vector<char> Copy(Data, Data + Size);
  StringRef Text(Copy.data(), Copy.size());
  auto Parsed = parseDecisionsFile("input", Text);
  if (!Parsed) {
    std::string Message = toString(Parsed.takeError());
    StringRef Rest(Message);
    unsigned Line;
    CHECK(Rest.consume_front("input: line ") && !Rest.consumeInteger(10, Line) &&
              Rest.starts_with(": ") && Line >= 1 && Line <= Text.count('\n') + 1,
          "error '%s' names no line of the input", Message.c_str());
    return 0;
  }
  checkAccepted(**Parsed);
  std::map<std::string, Section> Sections = sectionsOf(**Parsed);
  std::string Written = write(Sections);
  auto Reread = parseDecisionsFile("written", Written);
  CHECK(static_cast<bool>(Reread), "the written file does not read: %s",
        toString(Reread.takeError()).c_str());
  CHECK(sectionsOf(**Reread) == Sections, "the written file reads differently");
  return 0;
}

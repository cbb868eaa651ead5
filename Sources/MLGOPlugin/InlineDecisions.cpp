//===- InlineDecisions.cpp - forced and recorded inlining decisions ------===//
#include "InlineDecisions.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <map>
#include <memory>
#include <mutex>

using namespace llvm;

namespace mlgo {
namespace {

constexpr const char *Header = "mlgo-inline-decisions 1";

void appendEscaped(std::string &Out, StringRef Name) {
  for (char C : Name) {
    if (C == '\\')
      Out += "\\\\";
    else if (C == '\t')
      Out += "\\t";
    else if (C == '\n')
      Out += "\\n";
    else
      Out += C;
  }
}

/// Reads a decision field: exactly "0" or "1".
bool parseTaken(StringRef Field, bool &Taken) {
  if (Field != "0" && Field != "1")
    return false;
  Taken = Field == "1";
  return true;
}

} // namespace

std::string callsiteKey(StringRef Caller, StringRef Callee, unsigned Occurrence) {
  std::string Key;
  appendEscaped(Key, Caller);
  Key += '\t';
  appendEscaped(Key, Callee);
  Key += '\t';
  Key += std::to_string(Occurrence);
  return Key;
}

/// Callsite indices the `at` lines may name: below DenseMap's reserved keys.
constexpr unsigned MaximumIndex = ~0U - 1;

Expected<std::unique_ptr<DecisionsFile>> parseDecisionsFile(StringRef Name, StringRef Text) {
  auto File = std::make_unique<DecisionsFile>();
  ModuleDecisions *Current = nullptr;
  unsigned LineNumber = 0;
  auto Fail = [&](const Twine &Problem) {
    return createStringError(inconvertibleErrorCode(), "%s: line %u: %s", Name.str().c_str(),
                             LineNumber, Problem.str().c_str());
  };
  SmallVector<StringRef, 0> Lines;
  Text.split(Lines, '\n');
  for (StringRef Line : Lines) {
    ++LineNumber;
    if (LineNumber == 1) {
      if (Line.rtrim() != Header)
        return Fail(Twine("expected '") + Header + "'");
      continue;
    }
    if (Line.empty() || Line.starts_with("#"))
      continue;
    SmallVector<StringRef, 8> Fields;
    Line.split(Fields, '\t');
    auto Store = [&](auto &Map, auto Key, bool Taken) -> Error {
      auto [Entry, Inserted] = Map.try_emplace(Key, Taken);
      if (!Inserted && Entry->second != Taken)
        return Fail("the same callsite is forced both ways");
      return Error::success();
    };
    if (Fields[0] == "module") {
      if (Fields.size() != 2 || Fields[1].empty())
        return Fail("expected 'module<TAB>NAME'");
      if (Fields[1] == "*") {
        if (!File->AnyModule)
          File->AnyModule.emplace();
        Current = &*File->AnyModule;
      } else {
        // Section names are stored in their escaped form, as keys are.
        Current = &File->Modules[Fields[1]];
      }
    } else if (Fields[0] == "at") {
      unsigned Index;
      bool Taken;
      if (Fields.size() != 3 || Fields[1].getAsInteger(10, Index) || !parseTaken(Fields[2], Taken))
        return Fail("expected 'at<TAB>INDEX<TAB>0|1'");
      if (!Current)
        return Fail("a decision before any 'module' line");
      // DenseMap reserves its two largest keys (empty and tombstone); no module has
      // anywhere near that many callsites.
      if (Index >= MaximumIndex)
        return Fail("callsite index " + Twine(Index) + " is too large (at most " +
                    Twine(MaximumIndex - 1) + ")");
      if (Error E = Store(Current->ByIndex, Index, Taken))
        return std::move(E);
    } else if (Fields[0] == "call") {
      unsigned Occurrence;
      bool Taken;
      if (Fields.size() < 5 || !parseTaken(Fields[1], Taken) || Fields[2].empty() ||
          Fields[3].empty() || Fields[4].getAsInteger(10, Occurrence))
        return Fail("expected 'call<TAB>0|1<TAB>CALLER<TAB>CALLEE<TAB>OCCURRENCE'");
      if (!Current)
        return Fail("a decision before any 'module' line");
      std::string Key = (Fields[2] + "\t" + Fields[3] + "\t" + Twine(Occurrence)).str();
      if (Error E = Store(Current->ByKey, Key, Taken))
        return std::move(E);
    } else {
      return Fail("expected a 'module', 'at' or 'call' line");
    }
  }
  return std::move(File);
}

std::optional<bool> ModuleDecisions::lookup(unsigned Index, StringRef Key) const {
  auto ByName = ByKey.find(Key);
  if (ByName != ByKey.end())
    return ByName->second;
  auto ByPosition = ByIndex.find(Index);
  if (ByPosition != ByIndex.end())
    return ByPosition->second;
  return std::nullopt;
}

const ModuleDecisions *DecisionsFile::forModule(StringRef SourceFileName) const {
  // The name as the compile has it, then made absolute: a corpus built from absolute paths
  // still applies to a build that names its sources relative to the current folder.
  SmallString<256> Absolute(SourceFileName);
  sys::fs::make_absolute(Absolute);
  sys::path::remove_dots(Absolute, /*remove_dot_dot=*/true);
  for (StringRef Name : {SourceFileName, StringRef(Absolute)}) {
    std::string Escaped;
    appendEscaped(Escaped, Name);
    auto Found = Modules.find(Escaped);
    if (Found != Modules.end())
      return &Found->second;
  }
  return AnyModule ? &*AnyModule : nullptr;
}

Expected<const DecisionsFile &> getDecisionsFile(const std::string &Path) {
  static std::mutex Mutex;
  static std::map<std::string, std::unique_ptr<DecisionsFile>> Loaded;
  std::lock_guard<std::mutex> Lock(Mutex);
  auto Found = Loaded.find(Path);
  if (Found != Loaded.end())
    return *Found->second;
  auto Buffer = MemoryBuffer::getFile(Path, /*IsText=*/true);
  if (!Buffer)
    return createStringError(Buffer.getError(), "cannot open decisions file %s: %s", Path.c_str(),
                             Buffer.getError().message().c_str());
  auto Parsed = parseDecisionsFile(Path, (*Buffer)->getBuffer());
  if (!Parsed)
    return Parsed.takeError();
  const DecisionsFile &Result = **Parsed;
  Loaded.emplace(Path, std::move(*Parsed));
  return Result;
}

void DecisionRecord::add(unsigned Index, StringRef Key, bool Taken, bool Default,
                         StringRef Source) {
  raw_string_ostream OS(Lines);
  OS << "call\t" << (Taken ? 1 : 0) << '\t' << Key << "\tindex=" << Index
     << "\tdefault=" << (Default ? 1 : 0) << "\tby=" << Source << '\n';
}

Error DecisionRecord::flush() {
  std::string Section = "module\t";
  appendEscaped(Section, SourceFileName);
  Section += '\n';
  Error E = File.append((Twine(Header) + "\n").str(),
                        [&](raw_ostream &OS) { OS << Section << Lines; });
  Lines.clear();
  return E;
}

Expected<SharedOutputFile &> getDecisionRecordFile(const std::string &Path) {
  static std::mutex Mutex;
  static std::map<std::string, std::unique_ptr<SharedOutputFile>> Files;
  std::lock_guard<std::mutex> Lock(Mutex);
  auto &File = Files[Path];
  if (!File) {
    if (Error E = checkWritableFolder(Path, "decision record"))
      return std::move(E);
    File = std::make_unique<SharedOutputFile>(Path, "decision record");
  }
  return *File;
}

} // namespace mlgo

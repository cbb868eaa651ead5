//===- SharedOutputFile.cpp - one output file, appended to by many advisors -===//
#include "SharedOutputFile.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;

namespace mlgo {

Error SharedOutputFile::append(StringRef Header, function_ref<void(raw_ostream &)> Body) {
  std::lock_guard<std::mutex> Lock(Mutex);
  auto Fail = [&](const Twine &What, std::error_code EC) {
    return createStringError(EC, "cannot write %s %s: %s: %s", Kind.c_str(), Path.c_str(),
                             What.str().c_str(), EC.message().c_str());
  };
  std::string Target = Created ? Path : Path + ".tmp" + std::to_string(sys::Process::getProcessId());
  std::error_code EC;
  raw_fd_ostream OS(Target, EC, Created ? sys::fs::OF_Append : sys::fs::OF_None);
  if (EC)
    return Fail("cannot open " + Target, EC);
  if (!Created)
    OS << Header;
  Body(OS);
  OS.close();
  if (OS.has_error()) {
    EC = OS.error();
    OS.clear_error();
    if (!Created)
      sys::fs::remove(Target);
    return Fail("write failed", EC);
  }
  if (!Created) {
    if ((EC = sys::fs::rename(Target, Path))) {
      sys::fs::remove(Target);
      return Fail("cannot rename " + Target, EC);
    }
    Created = true;
  }
  return Error::success();
}

Error checkWritableFolder(StringRef Path, StringRef What) {
  SmallString<256> Folder(Path);
  sys::path::remove_filename(Folder);
  if (Folder.empty())
    Folder = ".";
  if (std::error_code EC = sys::fs::access(Folder, sys::fs::AccessMode::Write))
    return createStringError(EC, "cannot write %s %s: folder %s: %s", What.str().c_str(),
                             Path.str().c_str(), Folder.c_str(), EC.message().c_str());
  return Error::success();
}

} // namespace mlgo

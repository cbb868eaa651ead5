//===- EvictionChannelFiles.cpp - the files LLVM's interactive runner opens ===//
#include "EvictionChannelFiles.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/Signals.h"

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace llvm;

namespace mlgo {
namespace {

// Fixed buffers, so that the crash handler only calls unlink (async-signal-safe).
constexpr size_t MaxPath = 4096;
char Paths[2][MaxPath];

void removeChannelFiles() {
  for (char *Path : Paths)
    if (Path[0])
      ::unlink(Path);
}

void removeOnCrash(void *) { removeChannelFiles(); }

std::string temporaryFolder() {
  SmallString<256> Folder;
  sys::path::system_temp_directory(/*ErasedOnReboot=*/true, Folder);
  return Folder.str().str();
}

} // namespace

Expected<std::string> createChannelFiles(bool Fifos) {
  std::string Folder = temporaryFolder();
  std::string Base;
  std::string In, Out;
  for (int Attempt = 0;; ++Attempt) {
    Base = Folder + "/" + ChannelFilePrefix + std::to_string(::getpid()) + "-" +
           utohexstr((uint64_t(sys::Process::GetRandomNumber()) << 32) ^
                     sys::Process::GetRandomNumber());
    In = Base + ".in";
    Out = Base + ".out";
    if (In.size() >= MaxPath)
      return createStringError(inconvertibleErrorCode(), "temporary folder path too long: %s",
                               Folder.c_str());
    auto Make = [&](const std::string &Path) {
      if (Fifos)
        return ::mkfifo(Path.c_str(), 0600);
      int FD = ::open(Path.c_str(), O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0600);
      return FD < 0 ? -1 : ::close(FD);
    };
    if (Make(In) == 0) {
      if (Make(Out) == 0)
        break;
      int Error = errno;
      ::unlink(In.c_str());
      errno = Error;
    }
    if (errno != EEXIST || Attempt == 8)
      return createStringError(std::error_code(errno, std::generic_category()),
                               "cannot create eviction channel %s: %s", In.c_str(),
                               std::strerror(errno));
  }
  std::strcpy(Paths[0], In.c_str());
  std::strcpy(Paths[1], Out.c_str());
  std::atexit(removeChannelFiles);
  // LLVM removes registered regular files on crashes and interrupts; FIFOs only through the
  // crash hook (interrupts and kills leave them to the sweep).
  if (!Fifos) {
    sys::RemoveFileOnSignal(In);
    sys::RemoveFileOnSignal(Out);
  }
  sys::AddSignalHandler(removeOnCrash, nullptr);
  return Base;
}

void sweepDeadChannelFiles() {
  std::error_code EC;
  std::string Folder = temporaryFolder();
  for (sys::fs::directory_iterator It(Folder, EC), End; It != End && !EC; It.increment(EC)) {
    StringRef Name = sys::path::filename(It->path());
    if (!Name.consume_front(ChannelFilePrefix))
      continue;
    StringRef PidText = Name.take_while([](char C) { return C >= '0' && C <= '9'; });
    unsigned long long Pid = 0;
    if (PidText.empty() || getAsUnsignedInteger(PidText, 10, Pid) || Pid == 0 ||
        Pid == static_cast<unsigned long long>(::getpid()))
      continue;
    // Only a process that certainly no longer exists: EPERM means someone else's live one.
    if (::kill(static_cast<pid_t>(Pid), 0) != 0 && errno == ESRCH)
      ::unlink(It->path().c_str());
  }
}

} // namespace mlgo

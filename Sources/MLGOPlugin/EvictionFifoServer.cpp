//===- EvictionFifoServer.cpp - LLVM's interactive protocol on a thread --===//
#include "EvictionFifoServer.h"

#include "EvictionChannel.h"

#include "llvm/Support/raw_ostream.h"

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <pthread.h>
#include <unistd.h>

using namespace llvm;

namespace mlgo {
namespace {

/// LLVM's side of the channel: the FIFO it writes observations to.
class FifoReader final : public ChannelReader {
public:
  explicit FifoReader(int FD) : FD(FD) {}

private:
  size_t read(char *Buffer, size_t Capacity) override {
    for (;;) {
      ssize_t Read = ::read(FD, Buffer, Capacity);
      if (Read < 0 && errno == EINTR)
        continue;
      return Read > 0 ? static_cast<size_t>(Read) : 0;
    }
  }
  int FD;
};

bool writeAll(int FD, const void *Data, size_t Count) {
  const char *Bytes = static_cast<const char *>(Data);
  while (Count > 0) {
    ssize_t Written = ::write(FD, Bytes, Count);
    if (Written < 0 && errno == EINTR)
      continue;
    if (Written <= 0)
      return false;
    Bytes += Written;
    Count -= Written;
  }
  return true;
}

struct Server {
  std::string Base;
  const EvictionConfig *Config;
};

/// One session: LLVM's runner opened the channel, sends a header, contexts and
/// observations, and closes it at the end of its pass manager.
void serveSession(ChannelReader &In, int Answers, const EvictionConfig &Config) {
  auto Session = EvictionChannelSession::start(In, Config);
  if (!Session) {
    // Without the features nothing can be answered safely; say so and stop the compile
    // rather than leave it waiting.
    errs() << "error: MLGO plugin: eviction channel: " << toString(Session.takeError()) << "\n";
    ::_exit(1);
  }
  if (!*Session)
    return;
  EvictionChoice Choice;
  while ((*Session)->next(Choice))
    if (!writeAll(Answers, &Choice.Index, sizeof(Choice.Index)))
      return;
}

void *serve(void *Argument) {
  auto *State = static_cast<Server *>(Argument);
  std::string InPath = State->Base + ".in", OutPath = State->Base + ".out";
  // LLVM opens `.in` for reading first, then `.out` for writing; open in the same order.
  // After a session ends, wait for the next pass manager's runner.
  for (;;) {
    int Answers = ::open(InPath.c_str(), O_WRONLY | O_CLOEXEC);
    if (Answers < 0)
      return nullptr;
    int Observations = ::open(OutPath.c_str(), O_RDONLY | O_CLOEXEC);
    if (Observations < 0) {
      ::close(Answers);
      return nullptr;
    }
    {
      auto In = std::make_unique<FifoReader>(Observations);
      serveSession(*In, Answers, *State->Config);
    }
    ::close(Observations);
    ::close(Answers);
  }
}

} // namespace

Error startFifoServer(const std::string &Base, const EvictionConfig &Config) {
  auto *State = new Server{Base, &Config}; // lives as long as the thread: until exit
  sigset_t All, Previous;
  sigfillset(&All);
  // The thread inherits a mask with every signal blocked: signals go to the compiler's
  // threads and LLVM's handlers, never to the server.
  pthread_sigmask(SIG_SETMASK, &All, &Previous);
  pthread_attr_t Attributes;
  pthread_attr_init(&Attributes);
  pthread_attr_setdetachstate(&Attributes, PTHREAD_CREATE_DETACHED);
  pthread_t Thread;
  int Result = pthread_create(&Thread, &Attributes, serve, State);
  pthread_attr_destroy(&Attributes);
  pthread_sigmask(SIG_SETMASK, &Previous, nullptr);
  if (Result != 0)
    return createStringError(std::error_code(Result, std::generic_category()),
                             "cannot start the eviction channel thread: %s",
                             std::strerror(Result));
  return Error::success();
}

} // namespace mlgo

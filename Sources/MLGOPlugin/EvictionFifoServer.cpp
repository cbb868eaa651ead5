//===- EvictionFifoServer.cpp - LLVM's interactive protocol on a thread --===//
#include "EvictionFifoServer.h"

#include "llvm/IR/LLVMContext.h"
#include "llvm/Support/JSON.h"
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

/// Buffered reads from LLVM's side of the channel.
class Reader {
public:
  explicit Reader(int FD) : FD(FD) {}
  /// A line without its newline; false at the end of the session.
  bool line(std::string &Line) {
    Line.clear();
    for (;;) {
      char *Newline = static_cast<char *>(std::memchr(Buffer + Start, '\n', End - Start));
      if (Newline) {
        Line.append(Buffer + Start, Newline);
        Start = Newline - Buffer + 1;
        return true;
      }
      Line.append(Buffer + Start, Buffer + End);
      Start = End = 0;
      if (!fill())
        return false;
    }
  }
  bool bytes(char *Out, size_t Count) {
    while (Count > 0) {
      if (Start == End && !fill())
        return false;
      size_t Taken = std::min(Count, End - Start);
      std::memcpy(Out, Buffer + Start, Taken);
      Start += Taken;
      Out += Taken;
      Count -= Taken;
    }
    return true;
  }

private:
  bool fill() {
    Start = 0;
    for (;;) {
      ssize_t Read = ::read(FD, Buffer, sizeof(Buffer));
      if (Read < 0 && errno == EINTR)
        continue;
      End = Read > 0 ? static_cast<size_t>(Read) : 0;
      return Read > 0;
    }
  }
  int FD;
  char Buffer[1 << 16];
  size_t Start = 0, End = 0;
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
void serveSession(Reader &In, int Answers, const EvictionConfig &Config) {
  LLVMContext Ctx; // for LLVM's JSON-to-TensorSpec reader's diagnostics
  std::string Line;
  if (!In.line(Line))
    return;
  Expected<json::Value> Header = json::parse(Line);
  std::vector<TensorSpec> Specs;
  if (Header)
    if (const json::Object *Object = Header->getAsObject())
      if (const json::Array *Features = Object->getArray("features"))
        for (const json::Value &Feature : *Features)
          if (auto Spec = getTensorSpecFromJSON(Ctx, Feature))
            Specs.push_back(*Spec);
  if (!Header)
    consumeError(Header.takeError());
  auto Decider = EvictionDecider::create(Specs, Config.Policy, Config.Settings);
  if (!Decider) {
    // Without the features nothing can be answered safely; say so and stop the compile
    // rather than leave it waiting.
    errs() << "error: MLGO plugin: eviction channel: " << toString(Decider.takeError()) << "\n";
    ::_exit(1);
  }
  // Each tensor in its own aligned buffer: the payload packs them without padding.
  std::vector<std::vector<int64_t>> Storage;
  std::vector<const void *> Tensors;
  for (const TensorSpec &Spec : Specs) {
    Storage.emplace_back((Spec.getTotalTensorBufferSize() + 7) / 8);
    Tensors.push_back(Storage.back().data());
  }
  std::vector<char> Payload;
  for (const TensorSpec &Spec : Specs)
    Payload.resize(Payload.size() + Spec.getTotalTensorBufferSize());
  Payload.push_back('\n');
  while (In.line(Line)) {
    if (StringRef(Line).starts_with("{\"observation\":")) {
      if (!In.bytes(Payload.data(), Payload.size()))
        return;
      size_t Offset = 0;
      for (size_t I = 0; I < Specs.size(); ++I) {
        size_t Size = Specs[I].getTotalTensorBufferSize();
        std::memcpy(Storage[I].data(), Payload.data() + Offset, Size);
        Offset += Size;
      }
      int64_t Answer = (*Decider)->decide(Tensors).Index;
      if (!writeAll(Answers, &Answer, sizeof(Answer)))
        return;
    } else if (StringRef(Line).starts_with("{\"context\":")) {
      Expected<json::Value> Context = json::parse(Line);
      if (!Context) {
        consumeError(Context.takeError());
        continue;
      }
      if (const json::Object *Object = Context->getAsObject())
        if (auto Name = Object->getString("context"))
          (*Decider)->startFunction(*Name);
    }
  }
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
      auto In = std::make_unique<Reader>(Observations);
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

// libFuzzer target for the eviction channel's message handling
// (Sources/MLGOPlugin/EvictionChannel.cpp, which the FIFO server runs on LLVM's pipe): the input
// is the byte stream LLVM's InteractiveModelRunner would send — a header of tensor specs,
// contexts, observations with their raw tensors — delivered in reads of an input-chosen size.
// Beyond "no crash": every answer is a slot whose mask is 1 in the observation it answers
// (or "evict nothing" when none is), there are no more answers than observation lines, and the
// same stream read in one piece gives the same answers or the same error.
//
// Input layout: byte 0 chooses the read size (1 + byte % 64; 0: whole 64 KiB reads); byte 1
// the configuration (bit 0: the prior policy decides, else the default-like rule; bit 1:
// propose slot byte 2 % 40 at every decision, as -mlgo-evict-force-index does; bit 2: sample);
// the rest is the stream.
#include "EvictionChannel.h"
#include "PolicyNetwork.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

using namespace llvm;
using namespace mlgo;

#define CHECK(Condition, ...)                                                                      \
  do {                                                                                             \
    if (!(Condition)) {                                                                            \
      std::fprintf(stderr, "eviction-channel: check failed: %s: ", #Condition);                   \
      std::fprintf(stderr, __VA_ARGS__);                                                           \
      std::fputc('\n', stderr);                                                                    \
      std::abort();                                                                                \
    }                                                                                              \
  } while (0)

namespace {

/// The stream from memory, `Chunk` bytes a read at most: a pipe also returns short reads, and
/// lines and tensors then cross the reader's buffer refills.
class MemoryReader final : public ChannelReader {
public:
  MemoryReader(StringRef Bytes, size_t Chunk) : Rest(Bytes), Chunk(Chunk) {}

private:
  size_t read(char *Buffer, size_t Capacity) override {
    size_t Count = std::min({Rest.size(), Capacity, Chunk});
    if (Count == 0)
      return 0; // an empty stream's data() may be null, which memcpy must not see
    std::memcpy(Buffer, Rest.data(), Count);
    Rest = Rest.drop_front(Count);
    return Count;
  }
  StringRef Rest;
  size_t Chunk;
};

/// The hand-written prior (policies/evict-prior/policy.mlgo), read by the plugin's loader.
const PolicyNetwork *loadPrior() {
  static const char Text[] = "mlgo-policy 1\nname evict-prior\ndecision index_to_evict\n"
                             "features 3\nfeature nr_broken_hints\nfeature use_def_density\n"
                             "feature hottest_bb_freq_by_max\ninputs 3\ninput 0 linear 0 1\n"
                             "input 1 linear 0 1\ninput 2 linear 0 1\nlayers 1\n"
                             "layer 3 1 linear\nweights\n-10\n-4\n-1\nbias 0\nend\n";
  SmallString<128> Path;
  if (sys::fs::createTemporaryFile("evict-prior", "mlgo", Path))
    return nullptr;
  {
    std::error_code EC;
    raw_fd_ostream OS(Path, EC);
    OS << Text;
  }
  auto Loaded = loadPolicyFile(std::string(Path));
  sys::fs::remove(Path);
  if (!Loaded) {
    consumeError(Loaded.takeError());
    return nullptr;
  }
  return &*Loaded;
}

/// What a session answered, or the error that stopped it.
struct Transcript {
  std::vector<int64_t> Answers;
  std::string Error;
  bool operator==(const Transcript &Other) const {
    return Answers == Other.Answers && Error == Other.Error;
  }
};

Transcript serve(StringRef Stream, size_t Chunk, const EvictionConfig &Config) {
  Transcript Result;
  MemoryReader In(Stream, Chunk);
  auto Session = EvictionChannelSession::start(In, Config);
  if (!Session) {
    Result.Error = toString(Session.takeError());
    CHECK(!Result.Error.empty(), "an error without a message");
    return Result;
  }
  if (!*Session)
    return Result;
  EvictionChannelSession &S = **Session;
  int Mask = -1;
  for (size_t I = 0; I < S.specs().size(); ++I)
    if (S.specs()[I].name() == "mask" && S.specs()[I].isElementType<int64_t>() &&
        S.specs()[I].getElementCount() == static_cast<size_t>(EvictionSlotCount)) {
      Mask = static_cast<int>(I);
      break;
    }
  CHECK(Mask >= 0, "a session started without a 33-slot int64 mask");
  EvictionChoice Choice;
  while (S.next(Choice)) {
    const int64_t *Values = static_cast<const int64_t *>(S.tensors()[Mask]);
    bool AnyValid = std::count(Values, Values + EvictionSlotCount, 1) > 0;
    if (AnyValid)
      CHECK(Choice.Index >= 0 && Choice.Index < EvictionSlotCount && Values[Choice.Index] == 1,
            "answer %lld is not a valid slot", static_cast<long long>(Choice.Index));
    else
      CHECK(Choice.Index == EvictNothingSlot, "no valid slot, answered %lld",
            static_cast<long long>(Choice.Index));
    Result.Answers.push_back(Choice.Index);
  }
  return Result;
}

size_t countObservationLines(StringRef Stream) {
  size_t Count = 0;
  for (size_t At = Stream.find("{\"observation\":"); At != StringRef::npos;
       At = Stream.find("{\"observation\":", At + 1))
    ++Count;
  return Count;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  static const PolicyNetwork *Prior = loadPrior();
  CHECK(Prior, "the prior policy does not load");
  if (Size < 3)
    return 0;
  size_t Chunk = Data[0] == 0 ? SIZE_MAX : 1 + Data[0] % 64;
  EvictionConfig Config;
  if (Data[1] & 1)
    Config.Policy = Prior;
  if (Data[1] & 2)
    Config.Settings.ForceIndex = Data[2] % 40;
  Config.Settings.Sample = Data[1] & 4;
  // Its own allocation, so ASan sees any read past the stream's end.
  std::vector<char> Copy(Data + 3, Data + Size);
  StringRef Stream(Copy.data(), Copy.size());

  Transcript Chunked = serve(Stream, Chunk, Config);
  CHECK(Chunked.Answers.size() <= countObservationLines(Stream), "%zu answers, %zu observations",
        Chunked.Answers.size(), countObservationLines(Stream));
  if (Chunk != SIZE_MAX) {
    Transcript Whole = serve(Stream, SIZE_MAX, Config);
    CHECK(Whole == Chunked, "reads of %zu bytes give %zu answers (%s), whole reads %zu (%s)", Chunk,
          Chunked.Answers.size(), Chunked.Error.c_str(), Whole.Answers.size(), Whole.Error.c_str());
  }
  return 0;
}

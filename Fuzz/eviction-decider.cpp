// libFuzzer target for the eviction decider (Sources/MLGOPlugin/EvictionDecider.cpp): one
// decision from LLVM 22's 21 eviction tensors filled with arbitrary bytes (any mask value, NaN,
// inf, denormals, ±9.2e18), with the settings, the policy and its scores chosen by the input.
// Beyond "no crash": the answer is a slot whose mask is 1 (or "evict nothing" when LLVM offers
// no slot), its probability lies in [0, 1], a fallback is exactly the default-like answer and
// that answer follows LLVM's default cost order, a forced slot is kept when valid, a greedy
// policy's answer is its best-scored valid slot, and the same decision twice is the same.
//
// Input layout (short inputs are padded with zeros):
//   byte 0      policy: bits 0-1 (0 none, 1 the prior, 2-3 scripted scores), bit 2 sample,
//               bit 3 explore, bit 4 force a slot
//   byte 1      exploration probability, /255
//   byte 2      forced slot, as int8 (negative: none; 33 and up: invalid)
//   bytes 3-10  seed
//   then        the 21 tensors packed in LLVM's order (3,436 bytes), then scripted scores
//               (4 bytes a float; the k-th valid slot gets score k, cycling)
#include "EvictionDecider.h"
#include "PolicyNetwork.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/raw_ostream.h"

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

using namespace llvm;
using namespace mlgo;

#define CHECK(Condition, ...)                                                                      \
  do {                                                                                             \
    if (!(Condition)) {                                                                            \
      std::fprintf(stderr, "eviction-decider: check failed: %s: ", #Condition);                   \
      std::fprintf(stderr, __VA_ARGS__);                                                           \
      std::fputc('\n', stderr);                                                                    \
      std::abort();                                                                                \
    }                                                                                              \
  } while (0)

namespace {

/// LLVM 22's eviction advisor's tensors, in its order (as its traces declare them).
const struct {
  const char *Name;
  bool Integer;
} Tensors[] = {
    {"mask", true},                      {"is_free", true},
    {"nr_urgent", false},                {"nr_broken_hints", false},
    {"is_hint", true},                   {"is_local", true},
    {"nr_rematerializable", false},      {"nr_defs_and_uses", false},
    {"weighed_reads_by_max", false},     {"weighed_writes_by_max", false},
    {"weighed_read_writes_by_max", false}, {"weighed_indvars_by_max", false},
    {"hint_weights_by_max", false},      {"start_bb_freq_by_max", false},
    {"end_bb_freq_by_max", false},       {"hottest_bb_freq_by_max", false},
    {"liverange_size", false},           {"use_def_density", false},
    {"max_stage", true},                 {"min_stage", true},
    {"progress", false},
};
constexpr int MaskTensor = 0, HintsTensor = 3, WeightTensor = 17;
constexpr size_t TensorCount = sizeof(Tensors) / sizeof(Tensors[0]);

std::vector<TensorSpec> makeSpecs() {
  std::vector<TensorSpec> Specs;
  for (size_t I = 0; I < TensorCount; ++I) {
    std::vector<int64_t> Shape = I + 1 == TensorCount ? std::vector<int64_t>{1}
                                                      : std::vector<int64_t>{1, EvictionSlotCount};
    Specs.push_back(Tensors[I].Integer ? TensorSpec::createSpec<int64_t>(Tensors[I].Name, Shape)
                                       : TensorSpec::createSpec<float>(Tensors[I].Name, Shape));
  }
  return Specs;
}

/// Scores from the input: the k-th evaluation of a decision gets Scores[k % size].
class ScriptedPolicy final : public PolicyNetwork {
public:
  const std::string &name() const override { return Name; }
  const std::string &decision() const override { return Decision; }
  const std::vector<std::string> &featureNames() const override { return Features; }
  size_t outputCount() const override { return 1; }
  void evaluate(const float *, float *Outputs) const override {
    Outputs[0] = Scores.empty() ? 0.0f : Scores[Calls % Scores.size()];
    ++Calls;
  }
  void evaluateRows(const float *Raw, size_t Rows, float *Outputs) const override {
    for (size_t Row = 0; Row < Rows; ++Row)
      evaluate(Raw + Row * Features.size(), Outputs + Row);
  }
  float scoreOf(size_t Call) const { return Scores.empty() ? 0.0f : Scores[Call % Scores.size()]; }

  std::vector<float> Scores;
  mutable size_t Calls = 0;

private:
  std::string Name = "scripted", Decision = EvictionDecisionName;
  std::vector<std::string> Features = {"use_def_density"};
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

/// A float feature as the decider reads it: non-finite values count as 1 (docs/eviction.md).
float readFloat(const void *Tensor, int Slot) {
  float Value = static_cast<const float *>(Tensor)[Slot];
  return std::isfinite(Value) ? Value : 1.0f;
}

/// The default-like answer's promises: the valid register with the fewest broken hints, then
/// the lowest weight (the first such slot), unless nothing may be evicted at no more weight.
void checkDefaultLike(int Slot, const std::vector<const void *> &Buffers) {
  const int64_t *Mask = static_cast<const int64_t *>(Buffers[MaskTensor]);
  int Best = -1;
  for (int S = 0; S < EvictNothingSlot; ++S) {
    if (Mask[S] != 1)
      continue;
    float Hints = readFloat(Buffers[HintsTensor], S), Weight = readFloat(Buffers[WeightTensor], S);
    if (Best < 0 || Hints < readFloat(Buffers[HintsTensor], Best) ||
        (Hints == readFloat(Buffers[HintsTensor], Best) &&
         Weight < readFloat(Buffers[WeightTensor], Best)))
      Best = S;
  }
  if (Best < 0) {
    CHECK(Slot == EvictNothingSlot, "no valid register, answered %d", Slot);
    return;
  }
  bool NothingIsNoHeavier = Mask[EvictNothingSlot] == 1 &&
                            !(readFloat(Buffers[WeightTensor], EvictNothingSlot) >
                              readFloat(Buffers[WeightTensor], Best));
  CHECK(Slot == (NothingIsNoHeavier ? EvictNothingSlot : Best), "default-like %d, expected %d",
        Slot, NothingIsNoHeavier ? EvictNothingSlot : Best);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  static const std::vector<TensorSpec> Specs = makeSpecs();
  static const PolicyNetwork *Prior = loadPrior();
  CHECK(Prior, "the prior policy does not load");
  constexpr size_t SettingsBytes = 11;

  size_t TensorBytes = 0;
  for (const TensorSpec &Spec : Specs)
    TensorBytes += Spec.getTotalTensorBufferSize();
  std::vector<uint8_t> Input(Data, Data + Size);
  if (Input.size() < SettingsBytes + TensorBytes)
    Input.resize(SettingsBytes + TensorBytes, 0);

  uint8_t Flags = Input[0];
  EvictionSettings Settings;
  Settings.Sample = Flags & 4;
  Settings.Exploration = (Flags & 8) ? Input[1] / 255.0 : 0.0;
  Settings.ForceIndex = (Flags & 16) ? static_cast<int8_t>(Input[2]) : -1;
  std::memcpy(&Settings.Seed, &Input[3], sizeof(Settings.Seed));

  // Each tensor in its own exactly sized heap buffer, so ASan sees any read past it.
  std::vector<std::unique_ptr<char[]>> Storage;
  std::vector<const void *> Buffers;
  size_t Offset = SettingsBytes;
  for (const TensorSpec &Spec : Specs) {
    size_t Bytes = Spec.getTotalTensorBufferSize();
    Storage.emplace_back(new char[Bytes]);
    std::memcpy(Storage.back().get(), &Input[Offset], Bytes);
    Buffers.push_back(Storage.back().get());
    Offset += Bytes;
  }
  ScriptedPolicy Scripted;
  for (; Offset + sizeof(float) <= Input.size(); Offset += sizeof(float)) {
    float Score;
    std::memcpy(&Score, &Input[Offset], sizeof(Score));
    Scripted.Scores.push_back(Score);
  }
  int PolicyKind = Flags & 3;
  const PolicyNetwork *Policy = PolicyKind == 0 ? nullptr : PolicyKind == 1 ? Prior : &Scripted;

  auto Decide = [&] {
    auto Decider = EvictionDecider::create(Specs, Policy, Settings);
    CHECK(static_cast<bool>(Decider), "LLVM's own tensors refused: %s",
          toString(Decider.takeError()).c_str());
    (*Decider)->startFunction("f");
    Scripted.Calls = 0;
    EvictionChoice Choice = (*Decider)->decide(Buffers);
    return std::make_pair(Choice, (*Decider)->defaultLikeSlot(Buffers));
  };
  auto [Choice, DefaultLike] = Decide();

  const int64_t *Mask = static_cast<const int64_t *>(Buffers[MaskTensor]);
  std::vector<int> Valid;
  for (int Slot = 0; Slot < EvictionSlotCount; ++Slot)
    if (Mask[Slot] == 1)
      Valid.push_back(Slot);
  if (Valid.empty()) {
    CHECK(Choice.Index == EvictNothingSlot, "no valid slot, answered %lld",
          static_cast<long long>(Choice.Index));
  } else {
    CHECK(Choice.Index >= 0 && Choice.Index < EvictionSlotCount && Mask[Choice.Index] == 1,
          "answered slot %lld, whose mask is not 1", static_cast<long long>(Choice.Index));
    CHECK(DefaultLike >= 0 && DefaultLike < EvictionSlotCount && Mask[DefaultLike] == 1,
          "default-like slot %d is not valid", DefaultLike);
    checkDefaultLike(DefaultLike, Buffers);
  }
  CHECK(std::isfinite(Choice.Probability) && Choice.Probability >= 0.0f &&
            Choice.Probability <= 1.0f,
        "probability %g", Choice.Probability);

  if (!Valid.empty()) {
    if (Settings.ForceIndex >= 0) {
      bool ForcedIsValid = Settings.ForceIndex < EvictionSlotCount && Mask[Settings.ForceIndex] == 1;
      CHECK(Choice.FellBack == !ForcedIsValid, "forced %d, fell back %d", Settings.ForceIndex,
            Choice.FellBack);
      if (ForcedIsValid)
        CHECK(Choice.Index == Settings.ForceIndex, "forced %d, answered %lld", Settings.ForceIndex,
              static_cast<long long>(Choice.Index));
    } else if (!Policy) {
      CHECK(Choice.FellBack, "no policy and no forced slot, but no fallback");
    } else if (Policy == &Scripted) {
      bool AllFinite = true;
      size_t Best = 0;
      for (size_t K = 0; K < Valid.size(); ++K) {
        AllFinite &= std::isfinite(Scripted.scoreOf(K));
        if (Scripted.scoreOf(K) > Scripted.scoreOf(Best))
          Best = K;
      }
      CHECK(Choice.FellBack == !AllFinite, "scores all finite %d, fell back %d", AllFinite,
            Choice.FellBack);
      if (AllFinite && !Settings.Sample && Settings.Exploration == 0.0)
        CHECK(Choice.Index == Valid[Best] && Choice.Probability == 1.0f,
              "greedy answered %lld (probability %g), best-scored valid slot %d",
              static_cast<long long>(Choice.Index), Choice.Probability, Valid[Best]);
    }
  }
  if (Choice.FellBack)
    CHECK(Choice.Index == DefaultLike && Choice.Probability == 1.0f,
          "fell back to %lld (probability %g), default-like is %d",
          static_cast<long long>(Choice.Index), Choice.Probability, DefaultLike);

  // The same function, seed and tensors draw the same answer.
  auto [Again, DefaultAgain] = Decide();
  CHECK(Again.Index == Choice.Index && Again.FellBack == Choice.FellBack &&
            std::memcmp(&Again.Probability, &Choice.Probability, sizeof(float)) == 0 &&
            DefaultAgain == DefaultLike,
        "a second decision differs: %lld vs %lld", static_cast<long long>(Again.Index),
        static_cast<long long>(Choice.Index));
  return 0;
}

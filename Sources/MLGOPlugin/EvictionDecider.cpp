//===- EvictionDecider.cpp - which candidate slot gives up its register --===//
#include "EvictionDecider.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/xxhash.h"

#include <cmath>

using namespace llvm;

namespace mlgo {
namespace {

bool isSlotTensor(const TensorSpec &Spec) {
  return Spec.getElementCount() == static_cast<size_t>(EvictionSlotCount);
}

bool hasUsableType(const TensorSpec &Spec) {
  return Spec.isElementType<int64_t>() || Spec.isElementType<float>();
}

int findSpec(ArrayRef<TensorSpec> Specs, StringRef Name) {
  for (size_t I = 0; I < Specs.size(); ++I)
    if (Specs[I].name() == Name && hasUsableType(Specs[I]) &&
        (isSlotTensor(Specs[I]) || Specs[I].getElementCount() == 1))
      return static_cast<int>(I);
  return -1;
}

} // namespace

Error checkIsEvictionPolicy(const PolicyNetwork &Policy, StringRef What) {
  if (Policy.decision() != EvictionDecisionName || Policy.outputCount() != 1)
    return createStringError(inconvertibleErrorCode(),
                             "%s decides '%s' with %zu outputs; an eviction policy decides "
                             "'index_to_evict' with 1 output (a score per candidate)",
                             What.str().c_str(), Policy.decision().c_str(),
                             Policy.outputCount());
  return Error::success();
}

bool readsLLVMChoice(const PolicyNetwork &Policy) {
  for (const std::string &Name : Policy.featureNames())
    if (Name == LLVMChoiceFeature)
      return true;
  return false;
}

Expected<std::unique_ptr<EvictionDecider>>
EvictionDecider::create(ArrayRef<TensorSpec> Specs, const PolicyNetwork *Policy,
                        EvictionSettings Settings) {
  std::unique_ptr<EvictionDecider> Decider(new EvictionDecider(Specs.vec(), Policy, Settings));
  Decider->Mask = findSpec(Specs, "mask");
  if (Decider->Mask < 0 || !Specs[Decider->Mask].isElementType<int64_t>() ||
      !isSlotTensor(Specs[Decider->Mask]))
    return createStringError(inconvertibleErrorCode(),
                             "LLVM's eviction advisor offers no int64 'mask' of %d slots",
                             EvictionSlotCount);
  Decider->BrokenHints = findSpec(Specs, "nr_broken_hints");
  Decider->Weight = findSpec(Specs, "use_def_density");
  if (!Policy)
    return std::move(Decider);
  for (const std::string &Name : Policy->featureNames()) {
    if (Name == EvictsNothingFeature || Name == LLVMChoiceFeature) {
      Decider->PolicyInputs.push_back(Name == EvictsNothingFeature ? SyntheticEvictsNothing
                                                                   : SyntheticLLVMChoice);
      Decider->InputIsInteger.push_back(true);
      Decider->InputIsPerSlot.push_back(true);
      continue;
    }
    int Spec = findSpec(Specs, Name);
    if (Spec < 0) {
      SmallVector<StringRef, 24> Offered;
      for (const TensorSpec &S : Specs)
        Offered.push_back(S.name());
      return createStringError(inconvertibleErrorCode(),
                               "eviction policy '%s' reads '%s', which LLVM's eviction advisor "
                               "does not offer (it offers %s, and the plugin evicts_nothing and llvm_choice)",
                               Policy->name().c_str(), Name.c_str(),
                               join(Offered, ", ").c_str());
    }
    Decider->PolicyInputs.push_back(Spec);
    Decider->InputIsInteger.push_back(Specs[Spec].isElementType<int64_t>());
    Decider->InputIsPerSlot.push_back(isSlotTensor(Specs[Spec]));
  }
  Decider->Raw.reserve(EvictionSlotCount * Decider->PolicyInputs.size());
  Decider->Scores.reserve(EvictionSlotCount);
  Decider->Logits.reserve(EvictionSlotCount);
  return std::move(Decider);
}

void EvictionDecider::startFunction(StringRef Name) {
  RandomState = Settings.Seed ^ xxh3_64bits(Name);
}

double EvictionDecider::nextUniform() {
  // splitmix64, as the inliner's runner: tiny and good enough for exploration.
  uint64_t Z = (RandomState += 0x9e3779b97f4a7c15ULL);
  Z = (Z ^ (Z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  Z = (Z ^ (Z >> 27)) * 0x94d049bb133111ebULL;
  Z ^= Z >> 31;
  return static_cast<double>(Z >> 11) * 0x1.0p-53;
}

float EvictionDecider::value(ArrayRef<const void *> Tensors, int Spec, int Slot) const {
  const TensorSpec &S = Specs[Spec];
  int Element = isSlotTensor(S) ? Slot : 0; // scalars (progress) are broadcast
  if (S.isElementType<int64_t>())
    return static_cast<float>(static_cast<const int64_t *>(Tensors[Spec])[Element]);
  float Value = static_cast<const float *>(Tensors[Spec])[Element];
  // LLVM divides most features by their largest value among the slots; an unspillable
  // range's infinite weight makes that inf/inf. It was the largest: read it as 1.
  return std::isfinite(Value) ? Value : 1.0f;
}

bool EvictionDecider::isValidSlot(ArrayRef<const void *> Tensors, int64_t Slot) const {
  return Slot >= 0 && Slot < EvictionSlotCount &&
         static_cast<const int64_t *>(Tensors[Mask])[Slot] == 1;
}

int EvictionDecider::defaultLikeSlot(ArrayRef<const void *> Tensors) const {
  const int64_t *MaskValues = static_cast<const int64_t *>(Tensors[Mask]);
  int Best = -1;
  float BestHints = 0, BestWeight = 0;
  for (int Slot = 0; Slot < EvictNothingSlot; ++Slot) {
    if (MaskValues[Slot] != 1)
      continue;
    float Hints = BrokenHints >= 0 ? value(Tensors, BrokenHints, Slot) : 0;
    float Weight = this->Weight >= 0 ? value(Tensors, this->Weight, Slot) : 0;
    if (Best < 0 || Hints < BestHints || (Hints == BestHints && Weight < BestWeight)) {
      Best = Slot;
      BestHints = Hints;
      BestWeight = Weight;
    }
  }
  bool MayEvictNothing = MaskValues[EvictNothingSlot] == 1;
  if (Best < 0)
    return EvictNothingSlot;
  if (MayEvictNothing && Weight >= 0 && !(value(Tensors, Weight, EvictNothingSlot) > BestWeight))
    return EvictNothingSlot;
  return Best;
}

bool EvictionDecider::scoreSlots(ArrayRef<const void *> Tensors, ArrayRef<int> Valid,
                                 int LLVMSlot) {
  // The valid slots' raw rows, one feature at a time: each inner loop reads one tensor of one
  // type, so it is a few instructions per slot (slot by slot it was ~25 per feature).
  const size_t Features = PolicyInputs.size(), Rows = Valid.size();
  Raw.resize(Rows * Features);
  for (size_t K = 0; K < Features; ++K) {
    float *Column = Raw.data() + K;
    if (PolicyInputs[K] == SyntheticEvictsNothing || PolicyInputs[K] == SyntheticLLVMChoice) {
      const int Marked = PolicyInputs[K] == SyntheticEvictsNothing ? EvictNothingSlot : LLVMSlot;
      for (size_t R = 0; R < Rows; ++R)
        Column[R * Features] = Valid[R] == Marked ? 1.0f : 0.0f;
      continue;
    }
    const void *Tensor = Tensors[PolicyInputs[K]];
    if (!InputIsPerSlot[K]) {
      // Scalars (progress) are broadcast; value() reads element 0 for them.
      const float Value = value(Tensors, PolicyInputs[K], 0);
      for (size_t R = 0; R < Rows; ++R)
        Column[R * Features] = Value;
    } else if (InputIsInteger[K]) {
      const int64_t *Values = static_cast<const int64_t *>(Tensor);
      for (size_t R = 0; R < Rows; ++R)
        Column[R * Features] = static_cast<float>(Values[Valid[R]]);
    } else {
      // LLVM's max-normalised features are inf / inf = NaN for an unspillable range: the
      // largest value, read as 1 (as value() does).
      const float *Values = static_cast<const float *>(Tensor);
      for (size_t R = 0; R < Rows; ++R) {
        const float Value = Values[Valid[R]];
        Column[R * Features] = std::isfinite(Value) ? Value : 1.0f;
      }
    }
  }
  // One call for all rows: the exported evaluator scores them MLGO_LANES at a time.
  Logits.resize(Rows);
  Policy->evaluateRows(Raw.data(), Rows, Logits.data());
  Scores.clear();
  for (float Logit : Logits) {
    if (!std::isfinite(Logit))
      return false;
    Scores.push_back(Logit);
  }
  return true;
}

EvictionChoice EvictionDecider::decide(ArrayRef<const void *> Tensors, int LLVMSlot) {
  const int64_t *MaskValues = static_cast<const int64_t *>(Tensors[Mask]);
  SmallVector<int, EvictionSlotCount> Valid;
  for (int Slot = 0; Slot < EvictionSlotCount; ++Slot)
    if (MaskValues[Slot] == 1)
      Valid.push_back(Slot);
  EvictionChoice Choice;
  if (Valid.empty())
    return Choice; // LLVM asks only when some slot is valid.
  auto IsValid = [&](int64_t Slot) { return isValidSlot(Tensors, Slot); };
  auto FallBack = [&] {
    Choice.Index = defaultLikeSlot(Tensors);
    Choice.Probability = 1.0f;
    Choice.FellBack = true;
    return Choice;
  };

  if (Settings.ForceIndex >= 0) {
    Choice.Index = Settings.ForceIndex;
    return IsValid(Choice.Index) ? Choice : FallBack();
  }
  if (!Policy)
    return FallBack();

  if (!scoreSlots(Tensors, Valid, LLVMSlot))
    return FallBack();
  size_t Best = 0;
  for (size_t I = 1; I < Scores.size(); ++I)
    if (Scores[I] > Scores[Best])
      Best = I;
  size_t Chosen = Best;
  double Total = 1;
  if (Settings.Sample) {
    // Masked softmax over the valid slots, shifted by the best score for stability (a copy:
    // the loop overwrites Scores[Best] on its way). Greedy answers need none of it.
    const double BestScore = Scores[Best];
    Total = 0;
    for (double &Score : Scores)
      Total += (Score = std::exp(Score - BestScore));
    double Draw = nextUniform() * Total;
    for (Chosen = 0; Chosen + 1 < Scores.size() && Draw >= Scores[Chosen]; ++Chosen)
      Draw -= Scores[Chosen];
  }
  if (Settings.Exploration > 0.0 && nextUniform() < Settings.Exploration)
    Chosen = std::min(Valid.size() - 1, static_cast<size_t>(nextUniform() * Valid.size()));
  double PolicyProbability =
      Settings.Sample ? Scores[Chosen] / Total : (Chosen == Best ? 1.0 : 0.0);
  Choice.Index = Valid[Chosen];
  Choice.Probability = static_cast<float>((1.0 - Settings.Exploration) * PolicyProbability +
                                          Settings.Exploration / Valid.size());
  return IsValid(Choice.Index) ? Choice : FallBack();
}

} // namespace mlgo

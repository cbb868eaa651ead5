//===- EvictionDecider.h - which candidate slot gives up its register ----===//
//
// LLVM's ML eviction advisor describes each decision as 21 tensors: 20 per-slot features of
// shape [1,33] (slots 0..31 are the physical registers in allocation order, slot 32 the live
// range being allocated, i.e. "evict nothing") and the scalar `progress`. `mask` says which
// slots may be answered. The decider owns everything about the answer:
// - a per-candidate scorer: the policy's MLP applied to each valid slot's feature values
//   (scalars broadcast), one logit per slot; greedy masked argmax, or masked-softmax
//   sampling and uniform exploration in train mode;
// - the safety rails: the answer is always a slot whose mask is 1 (a masked slot crashes
//   llc), and anything the policy cannot answer gets the default-like answer.
//
//===----------------------------------------------------------------------===//
#ifndef MLGO_EVICTION_DECIDER_H
#define MLGO_EVICTION_DECIDER_H

#include "PolicyNetwork.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Analysis/TensorSpec.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <memory>
#include <vector>

namespace mlgo {

/// Slots per decision, and the slot of the live range being allocated ("evict nothing").
constexpr int EvictionSlotCount = 33;
constexpr int EvictNothingSlot = 32;

/// A per-slot feature the plugin adds to LLVM's: 1 at the "evict nothing" slot, 0 elsewhere,
/// so that a per-candidate scorer can tell the range being allocated from the ones it would
/// evict (LLVM's features describe both alike).
constexpr const char *EvictsNothingFeature = "evicts_nothing";

/// A per-slot feature the plugin adds: 1 at the slot LLVM's default advisor answers for the
/// same query, 0 elsewhere (everywhere when its choice is not a slot). A policy that reads it
/// makes the plugin ask LLVM's default advisor first at every decision, as in train mode, so
/// that the policy can learn when to depart from LLVM.
constexpr const char *LLVMChoiceFeature = "llvm_choice";

/// Whether `Policy` reads LLVMChoiceFeature.
bool readsLLVMChoice(const PolicyNetwork &Policy);

/// The advice tensor LLVM expects, and the names the plugin logs next to it.
constexpr const char *EvictionDecisionName = "index_to_evict";
constexpr const char *EvictionProbabilityName = "index_to_evict_probability";

/// Whether `Policy` is an eviction policy (a per-candidate scorer deciding index_to_evict);
/// the error says what it is instead. `What` names it ("policy file x.mlgo").
llvm::Error checkIsEvictionPolicy(const PolicyNetwork &Policy, llvm::StringRef What);

struct EvictionSettings {
  /// Sample from the masked softmax of the scores instead of taking the best.
  bool Sample = false;
  /// Probability of a uniform draw among the valid slots instead.
  double Exploration = 0.0;
  /// Mixed with the machine function's name.
  uint64_t Seed = 0;
  /// Testing: the slot proposed at every decision (-1: none), checked like any answer.
  int ForceIndex = -1;
};

struct EvictionChoice {
  int64_t Index = EvictNothingSlot;
  /// Probability of Index under the behaviour that chose it.
  float Probability = 1.0f;
  /// The policy could not answer (or answered an invalid slot): the default-like rule did.
  bool FellBack = false;
};

class EvictionDecider {
public:
  /// `Specs` are the tensors LLVM hands over, in its order. `Policy` may be null: the
  /// default-like rule decides. Fails if a tensor the decider needs is missing or the
  /// policy reads a feature LLVM does not offer.
  static llvm::Expected<std::unique_ptr<EvictionDecider>>
  create(llvm::ArrayRef<llvm::TensorSpec> Specs, const PolicyNetwork *Policy,
         EvictionSettings Settings);

  /// Restarts the random stream for a machine function, so its draws do not depend on what
  /// else the process compiles.
  void startFunction(llvm::StringRef Name);

  /// `Tensors[I]` points at the bytes of Specs[I]; `LLVMSlot` is LLVM's default advisor's
  /// slot for the query (-1: unknown), for LLVMChoiceFeature. Always returns a slot whose
  /// mask is 1 (if LLVM offered none, which it never does, "evict nothing").
  EvictionChoice decide(llvm::ArrayRef<const void *> Tensors, int LLVMSlot = -1);

  /// Whether `Slot` may be answered (its mask is 1).
  bool isValidSlot(llvm::ArrayRef<const void *> Tensors, int64_t Slot) const;

  /// The default-like answer: among the valid registers, the one whose eviction breaks the
  /// fewest hints and then has the lowest spill weight (LLVM's default cost order); "evict
  /// nothing" instead when allowed and that weight is not below the allocated range's own.
  int defaultLikeSlot(llvm::ArrayRef<const void *> Tensors) const;

private:
  EvictionDecider(std::vector<llvm::TensorSpec> Specs, const PolicyNetwork *Policy,
                  EvictionSettings Settings)
      : Specs(std::move(Specs)), Policy(Policy), Settings(Settings) {}
  /// The raw value of tensor `Spec` at `Slot`, non-finite values read as 1 (see .cpp).
  float value(llvm::ArrayRef<const void *> Tensors, int Spec, int Slot) const;
  /// Fills Scores with the policy's score of each valid slot; false if one is not finite.
  bool scoreSlots(llvm::ArrayRef<const void *> Tensors, llvm::ArrayRef<int> Valid, int LLVMSlot);
  double nextUniform();

  std::vector<llvm::TensorSpec> Specs;
  const PolicyNetwork *Policy;
  EvictionSettings Settings;
  int Mask = -1, BrokenHints = -1, Weight = -1;
  /// For each policy feature, the spec that holds it (or one of the plugin's own features).
  std::vector<int> PolicyInputs;
  static constexpr int SyntheticEvictsNothing = -1, SyntheticLLVMChoice = -2;
  /// PolicyInputs' element types and shapes, looked up once rather than per slot.
  std::vector<char> InputIsInteger, InputIsPerSlot;
  /// One decision's raw rows, valid slot by valid slot (PolicyInputs.size() values each).
  std::vector<float> Raw;
  /// One decision's scores (a member, not thread_local: each runner has its own decider, and
  /// a thread_local in a dlopen()ed library costs a __tls_get_addr call per use).
  std::vector<double> Scores;
  /// The policy's logits for Scores, as it writes them (float).
  std::vector<float> Logits;
  uint64_t RandomState = 0;
};

} // namespace mlgo

#endif // MLGO_EVICTION_DECIDER_H

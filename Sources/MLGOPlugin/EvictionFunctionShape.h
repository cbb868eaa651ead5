//===- EvictionFunctionShape.h - a machine function's shape before allocation ===//
//
// What a machine function looks like when the greedy allocator starts on it: its size, its
// virtual registers, its calls and loops, how hot its hottest block is. These are the inputs
// of a per-function choice between LLVM's eviction advisor and a policy (which allocates a
// function better depends on the function, docs/eviction.md "Tuning a project"). The plugin
// reports them as an analysis remark of pass `mlgo-evict` named MLGOFunctionShape, so that
// `-pass-remarks-filter='regalloc|mlgo-evict'` puts it in one remarks file with LLVM's
// SpillReloadCopies remarks: each function's shape next to its cost.
//
//===----------------------------------------------------------------------===//
#ifndef MLGO_EVICTION_FUNCTION_SHAPE_H
#define MLGO_EVICTION_FUNCTION_SHAPE_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <array>
#include <vector>

namespace llvm {
class MachineBlockFrequencyInfo;
class MachineFunction;
class MachineLoopInfo;
} // namespace llvm

namespace mlgo {

class PolicyNetwork;

/// The shape's features, in the order of FunctionShapeFeatureNames.
constexpr unsigned FunctionShapeFeatureCount = 9;
extern const std::array<const char *, FunctionShapeFeatureCount> FunctionShapeFeatureNames;

using FunctionShape = std::array<double, FunctionShapeFeatureCount>;

/// The shape of `MF` as it is now; `MBFI` and `Loops` may be null (their features are 0).
FunctionShape measureFunctionShape(const llvm::MachineFunction &MF,
                                   const llvm::MachineBlockFrequencyInfo *MBFI,
                                   const llvm::MachineLoopInfo *Loops);

/// What a gate policy decides: positive = the eviction policy allocates the function, else
/// LLVM's default advisor does.
constexpr const char *EvictionGateDecision = "eviction_gate";

/// A per-function choice between LLVM's advisor and the eviction policy, made by a one-output
/// policy over the shape's features (read by name; a gate may read fewer of them).
class EvictionGate {
public:
  /// Fails, naming `What`, if `Network` decides something else, has more than one output, or
  /// reads a feature the shape does not have.
  static llvm::Expected<EvictionGate> create(const PolicyNetwork &Network, llvm::StringRef What);
  /// Whether the policy allocates a function of this shape (a non-finite score: LLVM does).
  bool policyAllocates(const FunctionShape &Shape) const;

private:
  EvictionGate(const PolicyNetwork &Network, std::vector<unsigned> Inputs)
      : Network(&Network), Inputs(std::move(Inputs)) {}
  const PolicyNetwork *Network;
  /// For each of the network's features, its index in the shape.
  std::vector<unsigned> Inputs;
};

/// The remarks' pass name.
constexpr const char *FunctionShapeRemarkPass = "mlgo-evict";

/// Whether a remarks file takes the remarks of FunctionShapeRemarkPass, or
/// -pass-remarks-analysis names it; then reportFunctionShape emits `Shape` as the
/// MLGOFunctionShape remark of `MF`.
bool wantsFunctionShapeRemarks(const llvm::MachineFunction &MF);
void reportFunctionShape(const llvm::MachineFunction &MF, const FunctionShape &Shape);

} // namespace mlgo

#endif // MLGO_EVICTION_FUNCTION_SHAPE_H

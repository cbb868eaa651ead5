//===- PolicyNetwork.h - a policy network from a file or compiled in -----===//
//
// The decision-agnostic face of a policy: its name, the advice it produces, the raw features
// it reads (LLVM's names) and the MLP that maps them to logits. Two sources: C code exported
// by `mlgo-train export` and compiled into the plugin, and a policy file read by the C
// runtime. Both advisors use it: InlinePolicy.h and EvictionDecider.h only check that a
// policy decides what they need.
//
//===----------------------------------------------------------------------===//
#ifndef MLGO_POLICY_NETWORK_H
#define MLGO_POLICY_NETWORK_H

#include "llvm/Support/Error.h"
#include <string>
#include <vector>

struct MLGOEmbeddedPolicy;

namespace mlgo {

class PolicyNetwork {
public:
  virtual ~PolicyNetwork() = default;
  virtual const std::string &name() const = 0;
  /// The advice tensor the policy produces, e.g. `index_to_evict`.
  virtual const std::string &decision() const = 0;
  virtual const std::vector<std::string> &featureNames() const = 0;
  virtual size_t outputCount() const = 0;
  /// Writes outputCount() logits for raw features given in featureNames() order.
  virtual void evaluate(const float *RawFeatures, float *Outputs) const = 0;
  /// The same for \p RowCount rows of featureNames().size() values each, writing
  /// RowCount * outputCount() logits row by row (cheaper per row than evaluate()).
  virtual void evaluateRows(const float *RawRows, size_t RowCount, float *Outputs) const = 0;
};

/// The compiled-in policy `Embedded`, wrapped once per process (null stays null).
const PolicyNetwork *wrapEmbeddedPolicy(const MLGOEmbeddedPolicy *Embedded);

/// The policy in file `Path`, read once per process and kept until it exits; the error names
/// the file and the problem. Thread-safe.
llvm::Expected<const PolicyNetwork &> loadPolicyFile(const std::string &Path);

} // namespace mlgo

#endif // MLGO_POLICY_NETWORK_H

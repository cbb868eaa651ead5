//===- InlinePolicy.h - where inlining logits come from ------------------===//
//
// A policy maps raw feature values (in the order of its featureNames()) to one logit:
// positive means "inline". Two sources share this interface: the policy compiled into the
// plugin, and a policy file read by the C runtime.
//
//===----------------------------------------------------------------------===//
#ifndef MLGO_INLINE_POLICY_H
#define MLGO_INLINE_POLICY_H

#include "llvm/Support/Error.h"
#include <memory>
#include <string>
#include <vector>


namespace mlgo {

class InlinePolicy {
public:
  virtual ~InlinePolicy() = default;
  virtual const std::string &name() const = 0;
  virtual const std::vector<std::string> &featureNames() const = 0;
  /// The logit of "inline" for raw features in featureNames() order.
  virtual float logit(const float *RawFeatures) const = 0;
};

/// The policy compiled into the plugin, or an error if the plugin was built without one.
llvm::Expected<const InlinePolicy &> getEmbeddedInlinePolicy();

/// The policy in file `Path`, read once per process; the error names the file and the problem.
llvm::Expected<const InlinePolicy &> getInlinePolicyFile(const std::string &Path);

} // namespace mlgo

#endif // MLGO_INLINE_POLICY_H

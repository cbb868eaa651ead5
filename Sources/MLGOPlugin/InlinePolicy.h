//===- InlinePolicy.h - the policies that decide inlining ----------------===//
//
// An inlining policy is a PolicyNetwork (one loader, shared with eviction) that decides
// `inlining_decision` with one output: the logit of "inline" (positive means inline) for raw
// features in featureNames() order. This file only checks that and evaluates it.
//
//===----------------------------------------------------------------------===//
#ifndef MLGO_INLINE_POLICY_H
#define MLGO_INLINE_POLICY_H

#include "PolicyNetwork.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include <string>

namespace mlgo {

/// Whether `Policy` decides inlining; the error says what it decides instead. `What` names it
/// ("policy file x.mlgo").
llvm::Error checkIsInliningPolicy(const PolicyNetwork &Policy, llvm::StringRef What);

/// The policy compiled into the plugin, or an error if the plugin was built without one.
llvm::Expected<const PolicyNetwork &> getEmbeddedInlinePolicy();

/// The policy in file `Path` (loadPolicyFile: read once per process), checked to decide
/// inlining; the error names the file and the problem.
llvm::Expected<const PolicyNetwork &> getInlinePolicyFile(const std::string &Path);

/// The logit of "inline" for raw features in `Policy.featureNames()` order.
inline float inliningLogit(const PolicyNetwork &Policy, const float *RawFeatures) {
  float Output = 0.0f;
  Policy.evaluate(RawFeatures, &Output);
  return Output;
}

} // namespace mlgo

#endif // MLGO_INLINE_POLICY_H

//===- InlinePolicy.cpp - the policies that decide inlining --------------===//
#include "InlinePolicy.h"

#include "embedded_policies.h"

using namespace llvm;

namespace mlgo {

Error checkIsInliningPolicy(const PolicyNetwork &Policy, StringRef What) {
  if (Policy.decision() != "inlining_decision" || Policy.outputCount() != 1)
    return createStringError(inconvertibleErrorCode(),
                             "%s decides '%s' with %zu outputs; an inlining policy decides "
                             "'inlining_decision' with 1 output",
                             What.str().c_str(), Policy.decision().c_str(),
                             Policy.outputCount());
  return Error::success();
}

Expected<const PolicyNetwork &> getEmbeddedInlinePolicy() {
  const PolicyNetwork *Embedded = wrapEmbeddedPolicy(mlgo_embedded_inline_policy());
  if (!Embedded)
    return createStringError(inconvertibleErrorCode(),
                             "this plugin was built without an embedded inlining policy; "
                             "pass -mlgo-inline-policy=FILE or -mlgo-inline-mode=heuristic");
  if (Error E = checkIsInliningPolicy(*Embedded, "the embedded policy"))
    return std::move(E);
  return *Embedded;
}

Expected<const PolicyNetwork &> getInlinePolicyFile(const std::string &Path) {
  // Loaded once per process and kept until it exits: clang and opt compile one module per
  // process, but an LTO link may create many advisors.
  auto Loaded = loadPolicyFile(Path);
  if (!Loaded)
    return Loaded.takeError();
  if (Error E = checkIsInliningPolicy(*Loaded, "policy file " + Path))
    return std::move(E);
  return *Loaded;
}

} // namespace mlgo

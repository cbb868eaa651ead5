//===- InlinePolicy.cpp - embedded and file-based inlining policies -------===//
#include "InlinePolicy.h"

#include "embedded_policies.h"
#include "policy_runtime.h"

#include <map>
#include <mutex>

using namespace llvm;

namespace mlgo {
namespace {

class EmbeddedInlinePolicy final : public InlinePolicy {
public:
  explicit EmbeddedInlinePolicy(const MLGOEmbeddedPolicy &Policy)
      : Policy(Policy), Name(Policy.name),
        Features(Policy.feature_names, Policy.feature_names + Policy.feature_count) {}
  const std::string &name() const override { return Name; }
  const std::vector<std::string> &featureNames() const override { return Features; }
  float logit(const float *RawFeatures) const override {
    float Output = 0.0f;
    Policy.evaluate(RawFeatures, &Output);
    return Output;
  }

private:
  const MLGOEmbeddedPolicy &Policy;
  std::string Name;
  std::vector<std::string> Features;
};

class FileInlinePolicy final : public InlinePolicy {
public:
  explicit FileInlinePolicy(MLGOPolicy *Policy) : Policy(Policy), Name(mlgo_policy_name(Policy)) {
    for (size_t I = 0, E = mlgo_policy_feature_count(Policy); I < E; ++I)
      Features.emplace_back(mlgo_policy_feature_name(Policy, I));
  }
  ~FileInlinePolicy() override { mlgo_policy_free(Policy); }
  const std::string &name() const override { return Name; }
  const std::vector<std::string> &featureNames() const override { return Features; }
  float logit(const float *RawFeatures) const override {
    float Output = 0.0f;
    mlgo_policy_evaluate(Policy, RawFeatures, &Output);
    return Output;
  }

private:
  MLGOPolicy *Policy;
  std::string Name;
  std::vector<std::string> Features;
};

Error checkIsInliningPolicy(StringRef What, StringRef Decision, size_t OutputCount) {
  if (Decision != "inlining_decision" || OutputCount != 1)
    return createStringError(inconvertibleErrorCode(),
                             "%s decides '%s' with %zu outputs; an inlining policy decides "
                             "'inlining_decision' with 1 output",
                             What.str().c_str(), Decision.str().c_str(), OutputCount);
  return Error::success();
}

} // namespace

Expected<const InlinePolicy &> getEmbeddedInlinePolicy() {
  static const MLGOEmbeddedPolicy *Embedded = mlgo_embedded_inline_policy();
  if (!Embedded)
    return createStringError(inconvertibleErrorCode(),
                             "this plugin was built without an embedded inlining policy; "
                             "pass -mlgo-inline-policy=FILE or -mlgo-inline-mode=heuristic");
  if (Error E = checkIsInliningPolicy("the embedded policy", Embedded->decision,
                                      Embedded->output_count))
    return std::move(E);
  static const EmbeddedInlinePolicy Policy(*Embedded);
  return Policy;
}

Expected<const InlinePolicy &> getInlinePolicyFile(const std::string &Path) {
  // Policies are loaded once per process and live until it exits: clang and opt compile
  // one module per process, but an LTO link may create many advisors.
  static std::mutex Mutex;
  static std::map<std::string, std::unique_ptr<FileInlinePolicy>> Loaded;
  std::lock_guard<std::mutex> Lock(Mutex);
  auto Found = Loaded.find(Path);
  if (Found != Loaded.end())
    return *Found->second;
  char Message[1024];
  MLGOPolicy *Raw = mlgo_policy_load(Path.c_str(), Message, sizeof(Message));
  if (!Raw)
    return createStringError(inconvertibleErrorCode(), "%s", Message);
  auto Policy = std::make_unique<FileInlinePolicy>(Raw);
  if (Error E = checkIsInliningPolicy("policy file " + Path, mlgo_policy_decision(Raw),
                                      mlgo_policy_output_count(Raw)))
    return std::move(E);
  const InlinePolicy &Result = *Policy;
  Loaded.emplace(Path, std::move(Policy));
  return Result;
}

} // namespace mlgo

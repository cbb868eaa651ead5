//===- PolicyNetwork.cpp - a policy network from a file or compiled in ---===//
#include "PolicyNetwork.h"

#include "embedded_policies.h"
#include "policy_runtime.h"

#include <map>
#include <memory>
#include <mutex>

using namespace llvm;

namespace mlgo {
namespace {

class EmbeddedNetwork final : public PolicyNetwork {
public:
  explicit EmbeddedNetwork(const MLGOEmbeddedPolicy &Policy)
      : Policy(Policy), Name(Policy.name), Decision(Policy.decision),
        Features(Policy.feature_names, Policy.feature_names + Policy.feature_count) {}
  const std::string &name() const override { return Name; }
  const std::string &decision() const override { return Decision; }
  const std::vector<std::string> &featureNames() const override { return Features; }
  size_t outputCount() const override { return Policy.output_count; }
  void evaluate(const float *Raw, float *Outputs) const override { Policy.evaluate(Raw, Outputs); }
  void evaluateRows(const float *Raw, size_t Rows, float *Outputs) const override {
    // C code exported before evaluate_rows existed leaves it null: one row at a time then.
    if (!Policy.evaluate_rows) {
      for (size_t Row = 0; Row < Rows; ++Row)
        Policy.evaluate(Raw + Row * Features.size(), Outputs + Row * Policy.output_count);
      return;
    }
    Policy.evaluate_rows(Raw, Rows, Outputs);
  }

private:
  const MLGOEmbeddedPolicy &Policy;
  std::string Name, Decision;
  std::vector<std::string> Features;
};

class FileNetwork final : public PolicyNetwork {
public:
  explicit FileNetwork(MLGOPolicy *Policy)
      : Policy(Policy), Name(mlgo_policy_name(Policy)), Decision(mlgo_policy_decision(Policy)) {
    for (size_t I = 0, E = mlgo_policy_feature_count(Policy); I < E; ++I)
      Features.emplace_back(mlgo_policy_feature_name(Policy, I));
  }
  ~FileNetwork() override { mlgo_policy_free(Policy); }
  const std::string &name() const override { return Name; }
  const std::string &decision() const override { return Decision; }
  const std::vector<std::string> &featureNames() const override { return Features; }
  size_t outputCount() const override { return mlgo_policy_output_count(Policy); }
  void evaluate(const float *Raw, float *Outputs) const override {
    mlgo_policy_evaluate(Policy, Raw, Outputs);
  }
  void evaluateRows(const float *Raw, size_t Rows, float *Outputs) const override {
    mlgo_policy_evaluate_rows(Policy, Raw, Rows, Outputs);
  }

private:
  MLGOPolicy *Policy;
  std::string Name, Decision;
  std::vector<std::string> Features;
};

} // namespace

const PolicyNetwork *wrapEmbeddedPolicy(const MLGOEmbeddedPolicy *Embedded) {
  static std::mutex Mutex;
  static std::map<const MLGOEmbeddedPolicy *, std::unique_ptr<EmbeddedNetwork>> Wrapped;
  if (!Embedded)
    return nullptr;
  std::lock_guard<std::mutex> Lock(Mutex);
  auto &Network = Wrapped[Embedded];
  if (!Network)
    Network = std::make_unique<EmbeddedNetwork>(*Embedded);
  return Network.get();
}

Expected<const PolicyNetwork &> loadPolicyFile(const std::string &Path) {
  static std::mutex Mutex;
  static std::map<std::string, std::unique_ptr<FileNetwork>> Loaded;
  std::lock_guard<std::mutex> Lock(Mutex);
  auto Found = Loaded.find(Path);
  if (Found != Loaded.end())
    return *Found->second;
  char Message[1024];
  MLGOPolicy *Raw = mlgo_policy_load(Path.c_str(), Message, sizeof(Message));
  if (!Raw)
    return createStringError(inconvertibleErrorCode(), "%s", Message);
  auto &Network = Loaded[Path];
  Network = std::make_unique<FileNetwork>(Raw);
  return *Network;
}

} // namespace mlgo

// Loads and evaluates policy files (docs/policy-format.md). Used by the plugin in train mode.
// Every function is safe on malformed input: errors come back as messages, never as crashes.
#ifndef MLGO_POLICY_RUNTIME_H
#define MLGO_POLICY_RUNTIME_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

// Limits that keep a hostile file from exhausting memory or the evaluator's stack buffers.
enum {
  MLGO_POLICY_FORMAT_VERSION = 1,
  MLGO_POLICY_MAX_FEATURES = 4096,
  MLGO_POLICY_MAX_BOUNDARIES = 4096,
  MLGO_POLICY_MAX_LAYERS = 16,
  MLGO_POLICY_MAX_WIDTH = 1024,
};

typedef struct MLGOPolicy MLGOPolicy;

// Parses policy text. On failure returns NULL and writes "line N: problem" into `error`.
MLGOPolicy *mlgo_policy_parse(const char *text, size_t length, char *error, size_t error_size);
// Reads and parses a policy file. On failure returns NULL and writes "PATH: problem" into `error`.
MLGOPolicy *mlgo_policy_load(const char *path, char *error, size_t error_size);
void mlgo_policy_free(MLGOPolicy *policy);

const char *mlgo_policy_name(const MLGOPolicy *policy);
const char *mlgo_policy_decision(const MLGOPolicy *policy);
size_t mlgo_policy_feature_count(const MLGOPolicy *policy);
const char *mlgo_policy_feature_name(const MLGOPolicy *policy, size_t index);
size_t mlgo_policy_output_count(const MLGOPolicy *policy);

// Evaluates the network on raw feature values given in the policy's feature order and writes
// `mlgo_policy_output_count` logits into `outputs`.
void mlgo_policy_evaluate(const MLGOPolicy *policy, const float *raw_features, float *outputs);
// The same for `row_count` rows (each mlgo_policy_feature_count values, one after another),
// writing row_count * mlgo_policy_output_count logits, row by row.
void mlgo_policy_evaluate_rows(const MLGOPolicy *policy, const float *raw_rows, size_t row_count,
                               float *outputs);

#ifdef __cplusplus
}
#endif

#endif // MLGO_POLICY_RUNTIME_H

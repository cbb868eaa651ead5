// libFuzzer target for the C policy runtime (Sources/PolicyRuntime): parses the input as a
// policy file and, when it parses, queries every accessor and evaluates the network on raw
// feature vectors derived from the input, so the evaluator is fuzzed as well as the parser.
//
// Input layout: the policy text, then optionally a NUL byte and raw feature bytes (4 bytes per
// float, any bit pattern). Splitting at the last NUL keeps NULs inside the text reachable.
#include "policy_runtime.h"

#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// Aborts with a message libFuzzer reports as a crash.
#define CHECK(condition, ...)                                                                      \
  do {                                                                                             \
    if (!(condition)) {                                                                            \
      fprintf(stderr, "policy-runtime: check failed: %s: ", #condition);                          \
      fprintf(stderr, __VA_ARGS__);                                                                \
      fputc('\n', stderr);                                                                         \
      abort();                                                                                     \
    }                                                                                              \
  } while (0)

// Values the plugin can pass (int64 features converted to float) and a few it cannot.
static const float extreme_values[] = {
    0.0f, -0.0f, 1.0f, -1.0f, FLT_MIN, -FLT_MIN, 1e-45f, 9.223372e18f, -9.223372e18f,
    FLT_MAX, -FLT_MAX, INFINITY, -INFINITY, NAN,
};
static const size_t extreme_value_count = sizeof(extreme_values) / sizeof(extreme_values[0]);

// A name the grammar accepts: 1..255 characters of letters, digits, '_', '-' and '.'.
static int is_valid_name(const char *name) {
  if (!name)
    return 0;
  size_t length = strlen(name);
  if (length == 0 || length > 255)
    return 0;
  for (size_t i = 0; i < length; ++i) {
    char c = name[i];
    int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
             c == '_' || c == '-' || c == '.';
    if (!ok)
      return 0;
  }
  return 1;
}

// Evaluates twice into exactly sized heap buffers (so ASan sees any overrun), alone and as a
// batch of one row, and checks that the evaluator is a pure function of its inputs.
static void evaluate(const MLGOPolicy *policy, const float *raw, float *outputs, float *again,
                     size_t output_count) {
  mlgo_policy_evaluate(policy, raw, outputs);
  mlgo_policy_evaluate_rows(policy, raw, 1, again);
  CHECK(memcmp(outputs, again, output_count * sizeof(float)) == 0,
        "two evaluations of the same input differ");
}

// Fills `raw` with `bytes` read as floats, repeating them to cover every feature.
static void fill_from_bytes(float *raw, size_t count, const uint8_t *bytes, size_t size) {
  size_t floats = size / sizeof(float);
  for (size_t i = 0; i < count; ++i)
    memcpy(&raw[i], bytes + (i % floats) * sizeof(float), sizeof(float));
}

static void check_accessors_and_evaluate(const MLGOPolicy *policy, const uint8_t *tail,
                                      size_t tail_size) {
  CHECK(is_valid_name(mlgo_policy_name(policy)), "policy name");
  CHECK(is_valid_name(mlgo_policy_decision(policy)), "decision name");
  size_t feature_count = mlgo_policy_feature_count(policy);
  CHECK(feature_count >= 1 && feature_count <= MLGO_POLICY_MAX_FEATURES, "%zu features",
        feature_count);
  for (size_t i = 0; i < feature_count; ++i)
    CHECK(is_valid_name(mlgo_policy_feature_name(policy, i)), "feature %zu", i);
  CHECK(mlgo_policy_feature_name(policy, feature_count) == NULL, "feature past the end");
  CHECK(mlgo_policy_feature_name(policy, SIZE_MAX) == NULL, "feature SIZE_MAX");
  size_t output_count = mlgo_policy_output_count(policy);
  CHECK(output_count >= 1 && output_count <= MLGO_POLICY_MAX_WIDTH, "%zu outputs", output_count);

  float *raw = malloc(feature_count * sizeof(float));
  float *outputs = malloc(output_count * sizeof(float));
  float *again = malloc(output_count * sizeof(float));
  CHECK(raw && outputs && again, "out of memory");

  // The same value in every feature: zero, the plugin's extremes, and non-finite values.
  for (size_t v = 0; v < extreme_value_count; ++v) {
    for (size_t i = 0; i < feature_count; ++i)
      raw[i] = extreme_values[v];
    evaluate(policy, raw, outputs, again, output_count);
  }
  // Extremes mixed across features, so differences (`input A minus B`) overflow too.
  for (size_t i = 0; i < feature_count; ++i)
    raw[i] = extreme_values[i % extreme_value_count];
  evaluate(policy, raw, outputs, again, output_count);
  // Whatever the fuzzer put after the NUL.
  if (tail_size >= sizeof(float)) {
    fill_from_bytes(raw, feature_count, tail, tail_size);
    evaluate(policy, raw, outputs, again, output_count);
  }
  free(raw);
  free(outputs);
  free(again);
}

// A rejected file must say why, within whatever error buffer it is given.
static void check_rejection(const char *text, size_t length) {
  CHECK(mlgo_policy_parse(text, length, NULL, 0) == NULL, "accepted without an error buffer");
  // One small buffer per input (its size varies with the input) keeps the cost at one parse.
  size_t error_size = 1 + length % 48;
  char *error = malloc(error_size);
  CHECK(error, "out of memory");
  CHECK(mlgo_policy_parse(text, length, error, error_size) == NULL, "accepted the second time");
  CHECK(memchr(error, '\0', error_size) != NULL, "error message not terminated");
  free(error);
}

// The last NUL byte of the input, if any.
static const uint8_t *last_nul(const uint8_t *data, size_t size) {
  for (size_t i = size; i > 0; --i)
    if (data[i - 1] == '\0')
      return &data[i - 1];
  return NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  size_t text_size = size;
  const uint8_t *nul = last_nul(data, size);
  if (nul)
    text_size = (size_t)(nul - data);
  // Copy the text into its own allocation so ASan catches any read past its end.
  char *text = malloc(text_size ? text_size : 1);
  CHECK(text, "out of memory");
  memcpy(text, data, text_size);

  char error[512];
  MLGOPolicy *policy = mlgo_policy_parse(text, text_size, error, sizeof(error));
  if (policy) {
    const uint8_t *tail = nul ? nul + 1 : data + size;
    check_accessors_and_evaluate(policy, tail, (size_t)(data + size - tail));
    mlgo_policy_free(policy);
  } else {
    CHECK(strncmp(error, "line ", 5) == 0, "error without a line: '%s'", error);
    check_rejection(text, text_size);
  }
  free(text);
  return 0;
}

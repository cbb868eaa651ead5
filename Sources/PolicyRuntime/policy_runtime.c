// Parser and evaluator for policy files. The grammar is a sequence of whitespace-separated
// tokens with `#` comments; docs/policy-format.md describes it.
#include "policy_runtime.h"
#include "policy_math.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef enum { INPUT_QUANTILES, INPUT_LINEAR, INPUT_SIGNED_LOG } InputKind;

// One input of the network: a raw feature, normalised.
typedef struct {
  size_t feature;
  int has_minus; // the input reads feature - minus
  size_t minus;
  InputKind kind;
  float *boundaries; // INPUT_QUANTILES
  size_t boundary_count;
  float offset, scale; // INPUT_LINEAR
} Input;

typedef struct {
  size_t input_count;
  size_t output_count;
  int relu;
  float *weights; // input_count * output_count, input-major
  float *bias;    // output_count
} Layer;

struct MLGOPolicy {
  char *name;
  char *decision;
  char **features;
  size_t feature_count;
  Input *inputs;
  size_t input_count;
  Layer *layers;
  size_t layer_count;
};

// A cursor over the policy text that knows its line number for error messages.
typedef struct {
  const char *text;
  size_t length;
  size_t position;
  size_t line;
  char token[256];
  char *error;
  size_t error_size;
  int failed;
} Parser;

static void fail(Parser *parser, const char *format, ...) {
  if (parser->failed)
    return;
  parser->failed = 1;
  int written = snprintf(parser->error, parser->error_size, "line %zu: ", parser->line);
  if (written < 0 || (size_t)written >= parser->error_size)
    return;
  va_list arguments;
  va_start(arguments, format);
  vsnprintf(parser->error + written, parser->error_size - (size_t)written, format, arguments);
  va_end(arguments);
}

static int is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// Reads the next token into parser->token. Returns 0 at the end of the text or on error.
static int next_token(Parser *parser) {
  if (parser->failed)
    return 0;
  for (;;) {
    while (parser->position < parser->length && is_space(parser->text[parser->position])) {
      if (parser->text[parser->position] == '\n')
        ++parser->line;
      ++parser->position;
    }
    if (parser->position < parser->length && parser->text[parser->position] == '#') {
      while (parser->position < parser->length && parser->text[parser->position] != '\n')
        ++parser->position;
      continue;
    }
    break;
  }
  if (parser->position >= parser->length) {
    parser->token[0] = '\0';
    return 0;
  }
  size_t length = 0;
  while (parser->position < parser->length && !is_space(parser->text[parser->position]) &&
         parser->text[parser->position] != '#') {
    if (parser->text[parser->position] == '\0') {
      fail(parser, "unexpected NUL byte");
      return 0;
    }
    if (length + 1 >= sizeof(parser->token)) {
      fail(parser, "token longer than %zu characters", sizeof(parser->token) - 1);
      return 0;
    }
    parser->token[length++] = parser->text[parser->position++];
  }
  parser->token[length] = '\0';
  return 1;
}

static int expect_keyword(Parser *parser, const char *keyword) {
  if (!next_token(parser)) {
    fail(parser, "expected '%s', found the end of the file", keyword);
    return 0;
  }
  if (strcmp(parser->token, keyword) != 0) {
    fail(parser, "expected '%s', found '%s'", keyword, parser->token);
    return 0;
  }
  return 1;
}

static int read_count(Parser *parser, const char *what, size_t minimum, size_t maximum,
                      size_t *result) {
  if (!next_token(parser)) {
    fail(parser, "expected %s, found the end of the file", what);
    return 0;
  }
  // Digits only: strtoull would also take "+1", "-0" and a leading '\v' or '\f'.
  const int digits_only = strspn(parser->token, "0123456789") == strlen(parser->token);
  char *end = NULL;
  errno = 0;
  unsigned long long value = strtoull(parser->token, &end, 10);
  if (!digits_only || *end != '\0' || errno != 0) {
    fail(parser, "expected %s (a whole number), found '%s'", what, parser->token);
    return 0;
  }
  if (value < minimum || value > maximum) {
    fail(parser, "%s must be between %zu and %zu, found %llu", what, minimum, maximum, value);
    return 0;
  }
  *result = (size_t)value;
  return 1;
}

static int read_float(Parser *parser, const char *what, float *result) {
  if (!next_token(parser)) {
    fail(parser, "expected %s, found the end of the file", what);
    return 0;
  }
  char *end = NULL;
  errno = 0;
  float value = strtof(parser->token, &end);
  // strtof skips leading whitespace; a token can still start with '\v' or '\f'.
  if (*end != '\0' || end == parser->token || parser->token[0] == '\v' ||
      parser->token[0] == '\f') {
    fail(parser, "expected %s (a number), found '%s'", what, parser->token);
    return 0;
  }
  if (!isfinite(value)) {
    fail(parser, "%s must be finite, found '%s'", what, parser->token);
    return 0;
  }
  *result = value;
  return 1;
}

static int read_floats(Parser *parser, const char *what, size_t count, float **result) {
  *result = calloc(count ? count : 1, sizeof(float));
  if (!*result) {
    fail(parser, "out of memory reading %s", what);
    return 0;
  }
  for (size_t i = 0; i < count; ++i)
    if (!read_float(parser, what, &(*result)[i]))
      return 0;
  return 1;
}

static int is_name_character(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-' || c == '.';
}

static int read_name(Parser *parser, const char *what, char **result) {
  if (!next_token(parser)) {
    fail(parser, "expected %s, found the end of the file", what);
    return 0;
  }
  for (const char *c = parser->token; *c; ++c)
    if (!is_name_character(*c)) {
      fail(parser, "%s '%s' may only contain letters, digits, '_', '-' and '.'", what,
           parser->token);
      return 0;
    }
  *result = strdup(parser->token);
  if (!*result) {
    fail(parser, "out of memory");
    return 0;
  }
  return 1;
}

static int parse_input(Parser *parser, Input *input, const MLGOPolicy *policy) {
  if (!expect_keyword(parser, "input") ||
      !read_count(parser, "input feature index", 0, policy->feature_count - 1, &input->feature))
    return 0;
  if (!next_token(parser)) {
    fail(parser, "expected a normalisation ('quantiles', 'linear' or 'signed-log'), found the end of the file");
    return 0;
  }
  if (strcmp(parser->token, "minus") == 0) {
    input->has_minus = 1;
    if (!read_count(parser, "subtracted feature index", 0, policy->feature_count - 1,
                    &input->minus))
      return 0;
    if (!next_token(parser)) {
      fail(parser, "expected a normalisation ('quantiles', 'linear' or 'signed-log'), found the end of the file");
      return 0;
    }
  }
  const char *feature = policy->features[input->feature];
  if (strcmp(parser->token, "quantiles") == 0) {
    input->kind = INPUT_QUANTILES;
    if (!read_count(parser, "quantile count", 0, MLGO_POLICY_MAX_BOUNDARIES,
                    &input->boundary_count) ||
        !read_floats(parser, "quantile boundary", input->boundary_count, &input->boundaries))
      return 0;
    for (size_t i = 1; i < input->boundary_count; ++i)
      if (!(input->boundaries[i - 1] < input->boundaries[i])) {
        fail(parser, "quantile boundaries of feature '%s' must be strictly increasing", feature);
        return 0;
      }
    return 1;
  }
  if (strcmp(parser->token, "linear") == 0) {
    input->kind = INPUT_LINEAR;
    return read_float(parser, "linear offset", &input->offset) &&
           read_float(parser, "linear scale", &input->scale);
  }
  if (strcmp(parser->token, "signed-log") == 0) {
    input->kind = INPUT_SIGNED_LOG;
    return 1;
  }
  fail(parser, "expected a normalisation ('quantiles', 'linear' or 'signed-log'), found '%s'",
       parser->token);
  return 0;
}

static int parse_layer(Parser *parser, Layer *layer, size_t expected_inputs) {
  if (!expect_keyword(parser, "layer") ||
      !read_count(parser, "layer input count", 1, MLGO_POLICY_MAX_WIDTH, &layer->input_count) ||
      !read_count(parser, "layer output count", 1, MLGO_POLICY_MAX_WIDTH, &layer->output_count))
    return 0;
  if (layer->input_count != expected_inputs) {
    fail(parser, "layer takes %zu inputs but the previous stage produces %zu",
         layer->input_count, expected_inputs);
    return 0;
  }
  if (!next_token(parser)) {
    fail(parser, "expected an activation ('relu' or 'linear'), found the end of the file");
    return 0;
  }
  if (strcmp(parser->token, "relu") == 0)
    layer->relu = 1;
  else if (strcmp(parser->token, "linear") == 0)
    layer->relu = 0;
  else {
    fail(parser, "expected an activation ('relu' or 'linear'), found '%s'", parser->token);
    return 0;
  }
  return expect_keyword(parser, "weights") &&
         read_floats(parser, "weight", layer->input_count * layer->output_count,
                     &layer->weights) &&
         expect_keyword(parser, "bias") &&
         read_floats(parser, "bias", layer->output_count, &layer->bias);
}

static int parse_policy(Parser *parser, MLGOPolicy *policy) {
  size_t version = 0;
  if (!expect_keyword(parser, "mlgo-policy") ||
      !read_count(parser, "format version", 0, 1000000, &version))
    return 0;
  if (version != MLGO_POLICY_FORMAT_VERSION) {
    fail(parser, "format version %zu is not supported (this runtime reads version %d)", version,
         MLGO_POLICY_FORMAT_VERSION);
    return 0;
  }
  if (!expect_keyword(parser, "name") || !read_name(parser, "policy name", &policy->name) ||
      !expect_keyword(parser, "decision") ||
      !read_name(parser, "decision name", &policy->decision) ||
      !expect_keyword(parser, "features") ||
      !read_count(parser, "feature count", 1, MLGO_POLICY_MAX_FEATURES, &policy->feature_count))
    return 0;
  policy->features = calloc(policy->feature_count, sizeof(char *));
  if (!policy->features) {
    fail(parser, "out of memory");
    return 0;
  }
  for (size_t i = 0; i < policy->feature_count; ++i) {
    if (!expect_keyword(parser, "feature") ||
        !read_name(parser, "feature name", &policy->features[i]))
      return 0;
    for (size_t j = 0; j < i; ++j)
      if (strcmp(policy->features[j], policy->features[i]) == 0) {
        fail(parser, "feature '%s' is listed twice", policy->features[i]);
        return 0;
      }
  }
  if (!expect_keyword(parser, "inputs") ||
      !read_count(parser, "input count", 1, MLGO_POLICY_MAX_WIDTH, &policy->input_count))
    return 0;
  policy->inputs = calloc(policy->input_count, sizeof(Input));
  if (!policy->inputs) {
    fail(parser, "out of memory");
    return 0;
  }
  for (size_t i = 0; i < policy->input_count; ++i)
    if (!parse_input(parser, &policy->inputs[i], policy))
      return 0;
  if (!expect_keyword(parser, "layers") ||
      !read_count(parser, "layer count", 1, MLGO_POLICY_MAX_LAYERS, &policy->layer_count))
    return 0;
  policy->layers = calloc(policy->layer_count, sizeof(Layer));
  if (!policy->layers) {
    fail(parser, "out of memory");
    return 0;
  }
  size_t width = policy->input_count;
  for (size_t i = 0; i < policy->layer_count; ++i) {
    if (!parse_layer(parser, &policy->layers[i], width))
      return 0;
    width = policy->layers[i].output_count;
  }
  if (!expect_keyword(parser, "end"))
    return 0;
  if (next_token(parser)) {
    fail(parser, "unexpected '%s' after 'end'", parser->token);
    return 0;
  }
  return !parser->failed;
}

MLGOPolicy *mlgo_policy_parse(const char *text, size_t length, char *error, size_t error_size) {
  char scratch[8];
  Parser parser = {.text = text,
                   .length = length,
                   .line = 1,
                   .error = error && error_size ? error : scratch,
                   .error_size = error && error_size ? error_size : sizeof(scratch)};
  parser.error[0] = '\0';
  MLGOPolicy *policy = calloc(1, sizeof(MLGOPolicy));
  if (!policy) {
    snprintf(parser.error, parser.error_size, "out of memory");
    return NULL;
  }
  if (!parse_policy(&parser, policy)) {
    mlgo_policy_free(policy);
    return NULL;
  }
  return policy;
}

MLGOPolicy *mlgo_policy_load(const char *path, char *error, size_t error_size) {
  char scratch[8];
  if (!error || !error_size) {
    error = scratch;
    error_size = sizeof(scratch);
  }
  FILE *file = fopen(path, "rb");
  if (!file) {
    snprintf(error, error_size, "%s: cannot open policy file: %s", path, strerror(errno));
    return NULL;
  }
  // Policies are small; refuse anything that is clearly not one rather than reading it all.
  const size_t maximum_size = 64u << 20;
  char *text = malloc(maximum_size + 1);
  if (!text) {
    fclose(file);
    snprintf(error, error_size, "%s: out of memory", path);
    return NULL;
  }
  size_t length = fread(text, 1, maximum_size + 1, file);
  int read_failed = ferror(file);
  fclose(file);
  if (read_failed || length > maximum_size) {
    free(text);
    snprintf(error, error_size, "%s: %s", path,
             read_failed ? "cannot read policy file" : "policy file is larger than 64 MiB");
    return NULL;
  }
  char message[512];
  MLGOPolicy *policy = mlgo_policy_parse(text, length, message, sizeof(message));
  free(text);
  if (!policy)
    snprintf(error, error_size, "%s: %s", path, message);
  return policy;
}

void mlgo_policy_free(MLGOPolicy *policy) {
  if (!policy)
    return;
  if (policy->features)
    for (size_t i = 0; i < policy->feature_count; ++i)
      free(policy->features[i]);
  if (policy->inputs)
    for (size_t i = 0; i < policy->input_count; ++i)
      free(policy->inputs[i].boundaries);
  free(policy->inputs);
  if (policy->layers)
    for (size_t i = 0; i < policy->layer_count; ++i) {
      free(policy->layers[i].weights);
      free(policy->layers[i].bias);
    }
  free(policy->features);
  free(policy->layers);
  free(policy->name);
  free(policy->decision);
  free(policy);
}

const char *mlgo_policy_name(const MLGOPolicy *policy) { return policy->name; }
const char *mlgo_policy_decision(const MLGOPolicy *policy) { return policy->decision; }
size_t mlgo_policy_feature_count(const MLGOPolicy *policy) { return policy->feature_count; }

const char *mlgo_policy_feature_name(const MLGOPolicy *policy, size_t index) {
  return index < policy->feature_count ? policy->features[index] : NULL;
}

size_t mlgo_policy_output_count(const MLGOPolicy *policy) {
  return policy->layers[policy->layer_count - 1].output_count;
}

MLGO_VECTOR_CLONES
void mlgo_policy_evaluate(const MLGOPolicy *policy, const float *raw_features, float *outputs) {
  float buffers[2][MLGO_POLICY_MAX_WIDTH];
  float *current = buffers[0];
  for (size_t i = 0; i < policy->input_count; ++i) {
    const Input *input = &policy->inputs[i];
    const float value = input->has_minus
                            ? raw_features[input->feature] - raw_features[input->minus]
                            : raw_features[input->feature];
    switch (input->kind) {
    case INPUT_QUANTILES:
      current[i] = mlgo_quantile_normalize(value, input->boundaries, input->boundary_count);
      break;
    case INPUT_LINEAR:
      current[i] = mlgo_linear_normalize(value, input->offset, input->scale);
      break;
    case INPUT_SIGNED_LOG:
      current[i] = mlgo_signed_log_normalize(value);
      break;
    }
  }
  for (size_t l = 0; l < policy->layer_count; ++l) {
    const Layer *layer = &policy->layers[l];
    float *next = (l + 1 == policy->layer_count) ? outputs : buffers[(l + 1) % 2];
    mlgo_dense_layer(current, layer->input_count, layer->weights, layer->bias,
                     layer->output_count, layer->relu, next);
    current = next;
  }
}

// Row by row: the file runtime serves train mode and policy files, where the cost per decision
// matters less than in release mode's exported code (which evaluates the last layer in lanes).
void mlgo_policy_evaluate_rows(const MLGOPolicy *policy, const float *raw_rows, size_t row_count,
                               float *outputs) {
  const size_t features = policy->feature_count, logits = mlgo_policy_output_count(policy);
  for (size_t r = 0; r < row_count; ++r)
    mlgo_policy_evaluate(policy, raw_rows + r * features, outputs + r * logits);
}

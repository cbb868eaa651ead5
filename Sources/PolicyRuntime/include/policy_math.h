// The arithmetic of a policy network, shared by the policy-file runtime and by the C code that
// `mlgo-train export` generates, so both compute bit-identical logits. The Swift trainer's forward
// pass (MLGOCore/PolicyNetwork.swift) performs the same float operations in the same order.
#ifndef MLGO_POLICY_MATH_H
#define MLGO_POLICY_MATH_H

#include <float.h>
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#ifdef __cplusplus
#define MLGO_RESTRICT __restrict
extern "C" {
#else
#define MLGO_RESTRICT restrict
#endif

// Maps a raw feature value to [0, 1] by piecewise-linear interpolation of its empirical CDF,
// given strictly increasing quantile boundaries (see docs/policy-format.md).
static inline float mlgo_quantile_normalize(float value, const float *boundaries, size_t count) {
  // Written as !(value > ...) so that NaN maps to 0 too: with one boundary, NaN would
  // otherwise pass both tests and read boundaries[1].
  if (count == 0 || !(value > boundaries[0]))
    return 0.0f;
  if (value >= boundaries[count - 1])
    return 1.0f;
  // Branch-free binary search for the last boundary <= value among the first count - 1
  // (boundaries[0] <= value < boundaries[count - 1] here): compiles to conditional moves.
  size_t low = 0, remaining = count - 1;
  while (remaining > 1) {
    const size_t half = remaining / 2;
    low = boundaries[low + half] <= value ? low + half : low;
    remaining -= half;
  }
  float span = boundaries[low + 1] - boundaries[low];
  float offset = value - boundaries[low];
  // Boundaries more than FLT_MAX apart overflow the span (and inf / inf is NaN); halved, both
  // differences are finite and the result stays in [0, 1].
  if (span > FLT_MAX) {
    span = boundaries[low + 1] * 0.5f - boundaries[low] * 0.5f;
    offset = value * 0.5f - boundaries[low] * 0.5f;
  }
  return ((float)low + offset / span) / (float)(count - 1);
}

// An affine map, (value - offset) * scale: keeps differences between features (such as the
// inliner's cost and threshold) exactly representable by the first layer.
static inline float mlgo_linear_normalize(float value, float offset, float scale) {
  return (value - offset) * scale;
}

// sign(value) * log2(1 + |value|), with log2 interpolated linearly between powers of two
// (exact at 1, 2, 4, ...). It keeps resolution near zero (a cost margin of 0 vs 5) while
// compressing long tails (bonuses of 15000), and, unlike libm's log, it is a few exact float
// operations: cheap, and bit-identical in C and Swift.
static inline float mlgo_signed_log_normalize(float value) {
  const float magnitude = fabsf(value) + 1.0f;
  uint32_t bits;
  memcpy(&bits, &magnitude, sizeof(bits));
  const float exponent = (float)((int32_t)(bits >> 23) - 127);
  bits = (bits & 0x007fffffu) | 0x3f800000u;
  float mantissa;
  memcpy(&mantissa, &bits, sizeof(mantissa));
  const float result = exponent + (mantissa - 1.0f);
  return value < 0.0f ? -result : result;
}

// outputs[j] = bias[j] + sum_i inputs[i] * weights[i * output_count + j], summed in order of i
// (terms with inputs[i] == 0 skipped: they add nothing).
// Weights are input-major so that the inner loop runs over independent outputs: the compiler can
// vectorise it without reassociating any sum.
// The buffers must not overlap (restrict): that is what lets the runtime's loops vectorise.
static inline void mlgo_dense_layer(const float *MLGO_RESTRICT inputs, size_t input_count,
                                    const float *MLGO_RESTRICT weights,
                                    const float *MLGO_RESTRICT bias, size_t output_count, int relu,
                                    float *MLGO_RESTRICT outputs) {
  for (size_t j = 0; j < output_count; ++j)
    outputs[j] = bias[j];
  for (size_t i = 0; i < input_count; ++i) {
    const float x = inputs[i];
    // Zero inputs are common (ReLU, features at their minimum) and add nothing.
    if (x == 0.0f)
      continue;
    const float *row = weights + i * output_count;
    for (size_t j = 0; j < output_count; ++j)
      outputs[j] += row[j] * x;
  }
  if (relu)
    for (size_t j = 0; j < output_count; ++j)
      outputs[j] = outputs[j] > 0.0f ? outputs[j] : 0.0f;
}

#ifdef __cplusplus
}
#endif

#endif // MLGO_POLICY_MATH_H

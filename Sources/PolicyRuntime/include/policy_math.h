// The arithmetic of a policy network, shared by the policy-file runtime and by the C code that
// `mlgo-train export` generates, so both compute bit-identical logits. The Swift trainer's forward
// pass (MLGOCore/PolicyNetwork.swift) performs the same float operations in the same order.
#ifndef MLGO_POLICY_MATH_H
#define MLGO_POLICY_MATH_H

#include <math.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

// Maps a raw feature value to [0, 1] by piecewise-linear interpolation of its empirical CDF,
// given strictly increasing quantile boundaries (see docs/policy-format.md).
static inline float mlgo_quantile_normalize(float value, const float *boundaries, size_t count) {
  if (count == 0 || value <= boundaries[0])
    return 0.0f;
  if (value >= boundaries[count - 1])
    return 1.0f;
  // Binary search for the last boundary <= value; count >= 2 here.
  size_t low = 0, high = count - 1;
  while (high - low > 1) {
    size_t middle = low + (high - low) / 2;
    if (boundaries[middle] <= value)
      low = middle;
    else
      high = middle;
  }
  float fraction = (value - boundaries[low]) / (boundaries[low + 1] - boundaries[low]);
  return ((float)low + fraction) / (float)(count - 1);
}

// An affine map, (value - offset) * scale: keeps differences between features (such as the
// inliner's cost and threshold) exactly representable by the first layer.
static inline float mlgo_linear_normalize(float value, float offset, float scale) {
  return (value - offset) * scale;
}

// sign(value) * log(1 + |value|): keeps resolution near zero (a cost margin of 0 vs 5) while
// compressing the long tails of costs and counts (bonuses of 15000).
static inline float mlgo_signed_log_normalize(float value) {
  const float magnitude = log1pf(fabsf(value));
  return value < 0.0f ? -magnitude : magnitude;
}

// outputs[j] = bias[j] + sum_i inputs[i] * weights[i * output_count + j], summed in order of i.
// Weights are input-major so that the inner loop runs over independent outputs: the compiler can
// vectorise it without reassociating any sum.
static inline void mlgo_dense_layer(const float *inputs, size_t input_count, const float *weights,
                                    const float *bias, size_t output_count, int relu,
                                    float *outputs) {
  for (size_t j = 0; j < output_count; ++j)
    outputs[j] = bias[j];
  for (size_t i = 0; i < input_count; ++i) {
    const float x = inputs[i];
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

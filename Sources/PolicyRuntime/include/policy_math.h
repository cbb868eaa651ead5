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

// Never fuse a multiply and an add into one FMA: the sums must round as the Swift trainer's do,
// whichever vector unit runs them.
#pragma STDC FP_CONTRACT OFF

// On x86-64, a function marked with this is compiled twice, for AVX2 and for the baseline, and
// the loader picks one for the running CPU (an ifunc). AVX2 without FMA makes the same float
// operations in the same order as SSE2, eight lanes at a time, so both give the same bits.
// `-DMLGO_VECTOR_CLONES=` builds the baseline only (the tests compare the two).
#ifndef MLGO_VECTOR_CLONES
#if defined(__x86_64__) && defined(__ELF__) && (defined(__clang__) || defined(__GNUC__))
#define MLGO_VECTOR_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define MLGO_VECTOR_CLONES
#endif
#endif

// The layer's code must be inlined into each clone, or it runs with the baseline's vectors.
#if defined(__clang__) || defined(__GNUC__)
#define MLGO_ALWAYS_INLINE inline __attribute__((always_inline))
#else
#define MLGO_ALWAYS_INLINE inline
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

// mlgo_signed_log_normalize of values[0 ..< count): one loop of lane-wise operations, so it
// vectorises (each element goes through the same operations, so gets the same bits).
static MLGO_ALWAYS_INLINE void mlgo_signed_log_normalize_all(const float *MLGO_RESTRICT values,
                                                             size_t count,
                                                             float *MLGO_RESTRICT results) {
  for (size_t k = 0; k < count; ++k)
    results[k] = mlgo_signed_log_normalize(values[k]);
}

// outputs[j0 .. j0 + width) of mlgo_dense_layer, width <= 39: `width` sums kept in registers
// while the inputs stream past (width is a constant at every call, so each block compiles to
// its own unrolled vector code).
static MLGO_ALWAYS_INLINE void mlgo_dense_block(const float *MLGO_RESTRICT inputs,
                                                size_t input_count,
                                                const float *MLGO_RESTRICT weights,
                                                const float *MLGO_RESTRICT bias,
                                                size_t output_count, size_t j0, size_t width,
                                                int relu, float *MLGO_RESTRICT outputs) {
  float sums[39];
  for (size_t j = 0; j < width; ++j)
    sums[j] = bias[j0 + j];
  // Unrolled: with the input count a constant (exported code), the loop's own counting was a
  // third of the layer's instructions.
#pragma GCC unroll 4
  for (size_t i = 0; i < input_count; ++i) {
    const float x = inputs[i];
    // Zero inputs are common (ReLU, features at their minimum) and add nothing.
    if (x == 0.0f)
      continue;
    const float *row = weights + i * output_count + j0;
    for (size_t j = 0; j < width; ++j)
      sums[j] += row[j] * x;
  }
  for (size_t j = 0; j < width; ++j)
    outputs[j0 + j] = relu && !(sums[j] > 0.0f) ? 0.0f : sums[j];
}

// outputs[j] = bias[j] + sum_i inputs[i] * weights[i * output_count + j], summed in order of i
// (terms with inputs[i] == 0 skipped: they add nothing), then ReLU if `relu`.
// Weights are input-major, and the outputs are computed in blocks of up to 32 whose sums stay
// in vector registers over all inputs: the compiler vectorises each block without
// reassociating any sum, so every output is bit-identical to the plain loop's.
// The buffers must not overlap (restrict): that is what lets the loops vectorise.
static MLGO_ALWAYS_INLINE void mlgo_dense_layer(const float *MLGO_RESTRICT inputs,
                                                size_t input_count,
                                                const float *MLGO_RESTRICT weights,
                                                const float *MLGO_RESTRICT bias,
                                                size_t output_count, int relu,
                                                float *MLGO_RESTRICT outputs) {
  size_t j0 = 0;
  for (; output_count - j0 >= 40; j0 += 32)
    mlgo_dense_block(inputs, input_count, weights, bias, output_count, j0, 32, relu, outputs);
  // 33 to 39 outputs left: one block. A block of the last few alone would stream every input,
  // and test it for zero, once more for a handful of sums (a 33-wide layer, such as a 32-wide
  // one with a margin's pass-through unit, cost 1.6 times the 32-wide one that way).
  if (output_count - j0 > 32) {
    mlgo_dense_block(inputs, input_count, weights, bias, output_count, j0, output_count - j0, relu,
                     outputs);
    return;
  }
  for (; j0 + 32 <= output_count; j0 += 32)
    mlgo_dense_block(inputs, input_count, weights, bias, output_count, j0, 32, relu, outputs);
  for (; j0 + 8 <= output_count; j0 += 8)
    mlgo_dense_block(inputs, input_count, weights, bias, output_count, j0, 8, relu, outputs);
  for (; j0 < output_count; ++j0)
    mlgo_dense_block(inputs, input_count, weights, bias, output_count, j0, 1, relu, outputs);
}

// The rows a lanes layer evaluates at once: 8 floats are one AVX2 vector.
#define MLGO_LANES 8

// mlgo_dense_layer for MLGO_LANES rows at once, one row per vector lane: inputs[r * input_count
// + i] is row r's input i, and outputs[j * MLGO_LANES + r] row r's output j. Every row's sums
// are mlgo_dense_layer's (in order of i, zero inputs skipped), so are its bits. It is for the
// last, narrow layer (a scorer's single output), which row by row is a chain of dependent
// scalar adds per row.
static MLGO_ALWAYS_INLINE void mlgo_dense_layer_lanes(const float *MLGO_RESTRICT inputs,
                                                      size_t input_count,
                                                      const float *MLGO_RESTRICT weights,
                                                      const float *MLGO_RESTRICT bias,
                                                      size_t output_count, int relu,
                                                      float *MLGO_RESTRICT outputs) {
  for (size_t j = 0; j < output_count; ++j) {
    float sums[MLGO_LANES];
    for (size_t r = 0; r < MLGO_LANES; ++r)
      sums[r] = bias[j];
    for (size_t i = 0; i < input_count; ++i) {
      const float w = weights[i * output_count + j];
      for (size_t r = 0; r < MLGO_LANES; ++r) {
        const float x = inputs[r * input_count + i];
        const float term = w * x;
        // A select, not a branch: the lanes skip different inputs.
        sums[r] = x == 0.0f ? sums[r] : sums[r] + term;
      }
    }
    for (size_t r = 0; r < MLGO_LANES; ++r)
      outputs[j * MLGO_LANES + r] = relu && !(sums[r] > 0.0f) ? 0.0f : sums[r];
  }
}

#ifdef __cplusplus
}
#endif

#endif // MLGO_POLICY_MATH_H

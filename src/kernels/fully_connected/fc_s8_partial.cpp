// fully_connected_s8 accumulated part by part (include/cmnn/fully_connected_partial.h).
// The part loop takes four weight rows at a time so each input byte is loaded and offset once.
#include "cmnn/fully_connected_partial.h"
#include "arch/dsp/intrinsics.h"
#include "kernels/fully_connected/fc_s8_variants.h"

namespace cmnn {
namespace {

// The word path (four_rows_words) where the DSP instructions exist, natively or through the
// host's emulation (where the tests run it too); cores without them keep the byte loop, which
// their emulation would not beat.
#if defined(__ARM_FEATURE_DSP) || !defined(__arm__)
constexpr bool kWordPath = true;
#else
constexpr bool kWordPath = false;
#endif

// Σ (part[k] + input_offset) * w_r[k] over k < count for four rows w[0..3] (filter offset 0): per
// four part bytes one load widened with the offset into SXTB16 lane order ((x0, x2), (x1, x3): two
// SXTAB16), per row one weight load, two SXTB16 and two SMLAD; the count % 4 tail by bytes. Sums
// wrap in int32 like the byte loop's (they fit: |x * w| <= 255 * 128).
inline void four_rows_words(const int8_t* part, int32_t count, int32_t input_offset, const int8_t* const w[4],
                            int32_t s[4]) {
  const uint32_t offsets = dsp::dup16(input_offset);
  int32_t s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  int32_t k = 0;
  for (; k + 4 <= count; k += 4) {
    const uint32_t v = dsp::load_u32(part + k);
    const uint32_t xe = dsp::sxtab16(offsets, v), xo = dsp::sxtab16_ror8(offsets, v);
    const uint32_t p0 = dsp::load_u32(w[0] + k), p1 = dsp::load_u32(w[1] + k);
    const uint32_t p2 = dsp::load_u32(w[2] + k), p3 = dsp::load_u32(w[3] + k);
    s0 = dsp::smlad(xe, dsp::sxtb16(p0), s0);
    s0 = dsp::smlad(xo, dsp::sxtb16_ror8(p0), s0);
    s1 = dsp::smlad(xe, dsp::sxtb16(p1), s1);
    s1 = dsp::smlad(xo, dsp::sxtb16_ror8(p1), s1);
    s2 = dsp::smlad(xe, dsp::sxtb16(p2), s2);
    s2 = dsp::smlad(xo, dsp::sxtb16_ror8(p2), s2);
    s3 = dsp::smlad(xe, dsp::sxtb16(p3), s3);
    s3 = dsp::smlad(xo, dsp::sxtb16_ror8(p3), s3);
  }
  for (; k < count; ++k) {
    const int32_t x = part[k] + input_offset;
    s0 += x * w[0][k];
    s1 += x * w[1][k];
    s2 += x * w[2][k];
    s3 += x * w[3][k];
  }
  s[0] = s0, s[1] = s1, s[2] = s2, s[3] = s3;
}

// The checks fully_connected_s8 makes that concern these calls (no input pointer: parts come later).
Status check(const FullyConnectedParams& p, const FullyConnectedS8Args& a, const int32_t* acc) {
  if (a.weights == nullptr || a.multiplier == nullptr || a.shift == nullptr || acc == nullptr) return Status::kNullPointer;
  if (p.batches != 1 || p.input_depth <= 0 || p.output_depth <= 0 || p.input_depth > 32768 ||
      int64_t{p.input_depth} * p.output_depth > INT32_MAX)
    return Status::kBadShape;
  if (p.input_offset < -127 || p.input_offset > 128 || p.filter_offset < -127 || p.filter_offset > 128 ||
      p.output_offset < -128 || p.output_offset > 127 || p.activation_min > p.activation_max ||
      p.activation_min < -128 || p.activation_max > 127)
    return Status::kBadParameter;
  const int32_t n = p.per_channel ? p.output_depth : 1;
  for (int32_t i = 0; i < n; ++i) {
    if (a.multiplier[i] < 0 || a.shift[i] < -31 || a.shift[i] > 30) return Status::kBadParameter;
  }
  return Status::kOk;
}

}  // namespace

Status fully_connected_s8_partial_begin(const FullyConnectedParams& p, const FullyConnectedS8Args& a, int32_t* acc) {
  const Status s = check(p, a, acc);
  if (s != Status::kOk) return s;
  for (int32_t o = 0; o < p.output_depth; ++o) acc[o] = a.bias != nullptr ? a.bias[o] : 0;
  return Status::kOk;
}

Status fully_connected_s8_partial_add(const FullyConnectedParams& p, const FullyConnectedS8Args& a, const int8_t* part,
                                      int32_t k0, int32_t count, int32_t* acc) {
  const Status s = check(p, a, acc);
  if (s != Status::kOk) return s;
  if (part == nullptr) return Status::kNullPointer;
  if (k0 < 0 || count < 0 || count > p.input_depth - k0) return Status::kBadShape;
  const size_t depth = static_cast<size_t>(p.input_depth);
  int32_t o = 0;
  for (; o + 4 <= p.output_depth; o += 4) {
    const int8_t* w0 = a.weights + static_cast<size_t>(o) * depth + static_cast<size_t>(k0);
    const int8_t* w1 = w0 + depth;
    const int8_t* w2 = w1 + depth;
    const int8_t* w3 = w2 + depth;
    if (kWordPath && p.filter_offset == 0) {
      const int8_t* const w[4] = {w0, w1, w2, w3};
      int32_t sums[4];
      four_rows_words(part, count, p.input_offset, w, sums);
      for (int r = 0; r < 4; ++r) acc[o + r] = fc::wrapping_add(acc[o + r], sums[r]);
      continue;
    }
    int32_t s0 = 0, s1 = 0, s2 = 0, s3 = 0;  // |part sum| <= 255 * 255 * 32768: fits int32
    for (int32_t k = 0; k < count; ++k) {
      const int32_t x = part[k] + p.input_offset;
      s0 += x * (w0[k] + p.filter_offset);
      s1 += x * (w1[k] + p.filter_offset);
      s2 += x * (w2[k] + p.filter_offset);
      s3 += x * (w3[k] + p.filter_offset);
    }
    acc[o] = fc::wrapping_add(acc[o], s0);
    acc[o + 1] = fc::wrapping_add(acc[o + 1], s1);
    acc[o + 2] = fc::wrapping_add(acc[o + 2], s2);
    acc[o + 3] = fc::wrapping_add(acc[o + 3], s3);
  }
  for (; o < p.output_depth; ++o) {
    const int8_t* w = a.weights + static_cast<size_t>(o) * depth + static_cast<size_t>(k0);
    int32_t sum = 0;
    for (int32_t k = 0; k < count; ++k) sum += (part[k] + p.input_offset) * (w[k] + p.filter_offset);
    acc[o] = fc::wrapping_add(acc[o], sum);
  }
  return Status::kOk;
}

Status fully_connected_s8_partial_finish(const FullyConnectedParams& p, const FullyConnectedS8Args& a, const int32_t* acc) {
  const Status s = check(p, a, acc);
  if (s != Status::kOk) return s;
  if (a.output == nullptr) return Status::kNullPointer;
  for (int32_t o = 0; o < p.output_depth; ++o) a.output[o] = fc::requantize_row(acc[o], p, a, o);
  return Status::kOk;
}

}  // namespace cmnn

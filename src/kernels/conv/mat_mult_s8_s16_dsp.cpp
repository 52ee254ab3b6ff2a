// DSP micro-kernels of conv2d_s8 (layout contract in mat_mult_s8_s16_dsp.h). Built on every
// target: ACLE instructions on Armv7E-M, the bit-exact emulation elsewhere.
#include "kernels/conv/mat_mult_s8_s16_dsp.h"

#include "arch/dsp/intrinsics.h"
#include "quant/fixed_point.h"

namespace cmnn::conv {
namespace {

inline uint32_t offset_pair(int32_t offset) {
  return (static_cast<uint32_t>(offset) & 0xFFFFu) | (static_cast<uint32_t>(offset) << 16);
}

// acc + a * b with two's complement wrap-around (what SMLAD does on the accumulator).
inline int32_t mac(int32_t acc, int32_t a, int32_t b) {
  return static_cast<int32_t>(static_cast<uint32_t>(acc) + static_cast<uint32_t>(a * b));
}

inline int8_t finish(int32_t acc, const OutputStage& s, int32_t r) {
  return quant::requantize_to_s8(acc, s.multiplier[r], s.shift[r], s.output_offset, s.activation_min,
                                 s.activation_max);
}

}  // namespace

void im2col_pack_groups(const int8_t* src, int32_t count, int32_t input_offset, int16_t* cols, int32_t first_group,
                        int column) {
  const uint32_t offsets = offset_pair(input_offset);
  int16_t* dst = cols + 8 * first_group + 4 * column;
  for (int32_t i = 0; i < count; i += 4) {
    const uint32_t x = dsp::load_u32(src + i);
    dsp::store_u32(dst, dsp::sxtab16(offsets, x));
    dsp::store_u32(dst + 2, dsp::sxtab16_ror8(offsets, x));
    dst += 8;
  }
}

void im2col_zero_groups(int32_t count, int16_t* cols, int32_t first_group, int column) {
  int16_t* dst = cols + 8 * first_group + 4 * column;
  for (int32_t i = 0; i < count; i += 4) {
    dsp::store_u32(dst, 0);
    dsp::store_u32(dst + 2, 0);
    dst += 8;
  }
}

void im2col_pack_column(const int8_t* src, int32_t depth, int32_t input_offset, int16_t* cols, int column) {
  const int32_t body = depth & ~3;
  im2col_pack_groups(src, body, input_offset, cols, 0, column);
  const int32_t tail = depth - body;
  int16_t* dst = cols + 2 * body + column * tail;
  for (int32_t i = 0; i < tail; ++i) dst[i] = static_cast<int16_t>(src[body + i] + input_offset);
}

void mat_mult_s8_s16_2col(const int8_t* filter, int32_t rows, int32_t depth, const int16_t* cols,
                          const OutputStage& stage, int8_t* out0, int8_t* out1) {
  const int32_t groups = depth >> 2;
  const int32_t tail = depth & 3;
  const int16_t* tail0 = cols + 8 * groups;
  const int16_t* tail1 = tail0 + tail;
  int32_t r = 0;
  for (; r + 2 <= rows; r += 2) {
    const int8_t* w0 = filter + static_cast<size_t>(r) * depth;
    const int8_t* w1 = w0 + depth;
    const int32_t b0 = stage.bias != nullptr ? stage.bias[r] : 0;
    const int32_t b1 = stage.bias != nullptr ? stage.bias[r + 1] : 0;
    int32_t acc00 = b0, acc01 = b0, acc10 = b1, acc11 = b1;
    const int16_t* c = cols;
    for (int32_t g = 0; g < groups; ++g) {
      const uint32_t c0e = dsp::load_u32(c), c0o = dsp::load_u32(c + 2);
      const uint32_t c1e = dsp::load_u32(c + 4), c1o = dsp::load_u32(c + 6);
      c += 8;
      const uint32_t wa = dsp::load_u32(w0);
      w0 += 4;
      const uint32_t wae = dsp::sxtb16(wa), wao = dsp::sxtb16_ror8(wa);
      acc00 = dsp::smlad(wae, c0e, acc00);
      acc00 = dsp::smlad(wao, c0o, acc00);
      acc01 = dsp::smlad(wae, c1e, acc01);
      acc01 = dsp::smlad(wao, c1o, acc01);
      const uint32_t wb = dsp::load_u32(w1);
      w1 += 4;
      const uint32_t wbe = dsp::sxtb16(wb), wbo = dsp::sxtb16_ror8(wb);
      acc10 = dsp::smlad(wbe, c0e, acc10);
      acc10 = dsp::smlad(wbo, c0o, acc10);
      acc11 = dsp::smlad(wbe, c1e, acc11);
      acc11 = dsp::smlad(wbo, c1o, acc11);
    }
    for (int32_t t = 0; t < tail; ++t) {
      acc00 = mac(acc00, w0[t], tail0[t]);
      acc01 = mac(acc01, w0[t], tail1[t]);
      acc10 = mac(acc10, w1[t], tail0[t]);
      acc11 = mac(acc11, w1[t], tail1[t]);
    }
    out0[r] = finish(acc00, stage, r);
    out0[r + 1] = finish(acc10, stage, r + 1);
    if (out1 != nullptr) {
      out1[r] = finish(acc01, stage, r);
      out1[r + 1] = finish(acc11, stage, r + 1);
    }
  }
  if (r < rows) {
    const int8_t* w0 = filter + static_cast<size_t>(r) * depth;
    const int32_t b0 = stage.bias != nullptr ? stage.bias[r] : 0;
    int32_t acc00 = b0, acc01 = b0;
    const int16_t* c = cols;
    for (int32_t g = 0; g < groups; ++g) {
      const uint32_t wa = dsp::load_u32(w0);
      w0 += 4;
      const uint32_t wae = dsp::sxtb16(wa), wao = dsp::sxtb16_ror8(wa);
      acc00 = dsp::smlad(wae, dsp::load_u32(c), acc00);
      acc00 = dsp::smlad(wao, dsp::load_u32(c + 2), acc00);
      acc01 = dsp::smlad(wae, dsp::load_u32(c + 4), acc01);
      acc01 = dsp::smlad(wao, dsp::load_u32(c + 6), acc01);
      c += 8;
    }
    for (int32_t t = 0; t < tail; ++t) {
      acc00 = mac(acc00, w0[t], tail0[t]);
      acc01 = mac(acc01, w0[t], tail1[t]);
    }
    out0[r] = finish(acc00, stage, r);
    if (out1 != nullptr) out1[r] = finish(acc01, stage, r);
  }
}

}  // namespace cmnn::conv

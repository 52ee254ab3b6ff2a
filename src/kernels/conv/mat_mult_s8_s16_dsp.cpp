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


}  // namespace

void im2col_pack_column(const int8_t* src, int32_t depth, int32_t input_offset, int16_t* cols, int column) {
  const int32_t body = depth & ~3;
  im2col_pack_groups(src, body, input_offset, cols, 0, column);
  const int32_t tail = depth - body;
  int16_t* dst = cols + 2 * body + column * tail;
  for (int32_t i = 0; i < tail; ++i) dst[i] = static_cast<int16_t>(src[body + i] + input_offset);
}

namespace {

// The output stage in locals: int8 stores may alias anything, so fields read through a reference
// would be reloaded after every store.
struct Stage {
  const int32_t* bias;
  const int32_t* multiplier;
  const int32_t* shift;
  int32_t offset, lo, hi;
  int8_t finish(int32_t acc, int32_t r) const {
    return quant::requantize_to_s8(acc, multiplier[r], shift[r], offset, lo, hi);
  }
  int32_t bias_of(int32_t r) const { return bias != nullptr ? bias[r] : 0; }
};

// Two accumulation groups (8 steps) of one filter row against the column pair.
struct Lanes {
  uint32_t even, odd;
};
inline Lanes widen(const int8_t* w) {
  const uint32_t v = dsp::load_u32(w);
  return {dsp::sxtb16(v), dsp::sxtb16_ror8(v)};
}

}  // namespace

void mat_mult_s8_s16_2col(const int8_t* filter, int32_t rows, int32_t depth, const int16_t* cols,
                          const OutputStage& output_stage, int8_t* out0, int8_t* out1) {
  const Stage stage{output_stage.bias,          output_stage.multiplier,     output_stage.shift,
                    output_stage.output_offset, output_stage.activation_min, output_stage.activation_max};
  const int32_t groups = depth >> 2;
  const int32_t tail = depth & 3;
  const int16_t* tail0 = cols + 8 * groups;
  const int16_t* tail1 = tail0 + tail;
  const int16_t* cols_end = cols + 8 * groups;
  int32_t r = 0;
  for (; r + 2 <= rows; r += 2) {
    const int8_t* w0 = filter + static_cast<size_t>(r) * depth;
    const int8_t* w1 = w0 + depth;
    int32_t acc00 = stage.bias_of(r), acc10 = stage.bias_of(r + 1);
    int32_t acc01 = acc00, acc11 = acc10;
    const int16_t* c = cols;
#if defined(__ARM_FEATURE_DSP)
    // Hand-scheduled on Armv7E-M: GCC keeps all eight column words live and spills accumulators.
    // Per group of 4 steps: 2 weight loads, 4 SXTB16, 4 column loads, 8 SMLAD (16 MACs) + loop.
    if (groups > 0) {
      int32_t n = groups;
      uint32_t ae, ao, be, bo, cv;
      __asm__ volatile(
          "1:\n\t"
          "ldr %[ao], [%[w0]], #4\n\t"
          "ldr %[bo], [%[w1]], #4\n\t"
          "sxtb16 %[ae], %[ao]\n\t"
          "sxtb16 %[ao], %[ao], ror #8\n\t"
          "sxtb16 %[be], %[bo]\n\t"
          "sxtb16 %[bo], %[bo], ror #8\n\t"
          "ldr %[cv], [%[c]], #4\n\t"
          "smlad %[a00], %[ae], %[cv], %[a00]\n\t"
          "smlad %[a10], %[be], %[cv], %[a10]\n\t"
          "ldr %[cv], [%[c]], #4\n\t"
          "smlad %[a00], %[ao], %[cv], %[a00]\n\t"
          "smlad %[a10], %[bo], %[cv], %[a10]\n\t"
          "ldr %[cv], [%[c]], #4\n\t"
          "smlad %[a01], %[ae], %[cv], %[a01]\n\t"
          "smlad %[a11], %[be], %[cv], %[a11]\n\t"
          "ldr %[cv], [%[c]], #4\n\t"
          "smlad %[a01], %[ao], %[cv], %[a01]\n\t"
          "smlad %[a11], %[bo], %[cv], %[a11]\n\t"
          "subs %[n], %[n], #1\n\t"
          "bne 1b\n\t"
          : [a00] "+r"(acc00), [a01] "+r"(acc01), [a10] "+r"(acc10), [a11] "+r"(acc11), [w0] "+r"(w0),
            [w1] "+r"(w1), [c] "+r"(c), [n] "+r"(n), [ae] "=&r"(ae), [ao] "=&r"(ao), [be] "=&r"(be),
            [bo] "=&r"(bo), [cv] "=&r"(cv)
          :
          : "cc", "memory");
    }
#else
    // Two groups per iteration halve the loop overhead; an odd last group runs alone.
    for (; c + 16 <= cols_end; c += 16, w0 += 8, w1 += 8) {
      for (int half = 0; half < 2; ++half) {
        const int16_t* ch = c + 8 * half;
        const uint32_t c0e = dsp::load_u32(ch), c0o = dsp::load_u32(ch + 2);
        const uint32_t c1e = dsp::load_u32(ch + 4), c1o = dsp::load_u32(ch + 6);
        const Lanes a = widen(w0 + 4 * half);
        acc00 = dsp::smlad(a.odd, c0o, dsp::smlad(a.even, c0e, acc00));
        acc01 = dsp::smlad(a.odd, c1o, dsp::smlad(a.even, c1e, acc01));
        const Lanes b = widen(w1 + 4 * half);
        acc10 = dsp::smlad(b.odd, c0o, dsp::smlad(b.even, c0e, acc10));
        acc11 = dsp::smlad(b.odd, c1o, dsp::smlad(b.even, c1e, acc11));
      }
    }
    if (c < cols_end) {
      const uint32_t c0e = dsp::load_u32(c), c0o = dsp::load_u32(c + 2);
      const uint32_t c1e = dsp::load_u32(c + 4), c1o = dsp::load_u32(c + 6);
      const Lanes a = widen(w0), b = widen(w1);
      acc00 = dsp::smlad(a.odd, c0o, dsp::smlad(a.even, c0e, acc00));
      acc01 = dsp::smlad(a.odd, c1o, dsp::smlad(a.even, c1e, acc01));
      acc10 = dsp::smlad(b.odd, c0o, dsp::smlad(b.even, c0e, acc10));
      acc11 = dsp::smlad(b.odd, c1o, dsp::smlad(b.even, c1e, acc11));
      w0 += 4;
      w1 += 4;
    }
#endif
    for (int32_t t = 0; t < tail; ++t) {
      acc00 = mac(acc00, w0[t], tail0[t]);
      acc01 = mac(acc01, w0[t], tail1[t]);
      acc10 = mac(acc10, w1[t], tail0[t]);
      acc11 = mac(acc11, w1[t], tail1[t]);
    }
    out0[r] = stage.finish(acc00, r);
    out0[r + 1] = stage.finish(acc10, r + 1);
    if (out1 != nullptr) {
      out1[r] = stage.finish(acc01, r);
      out1[r + 1] = stage.finish(acc11, r + 1);
    }
  }
  if (r < rows) {
    const int8_t* w0 = filter + static_cast<size_t>(r) * depth;
    int32_t acc00 = stage.bias_of(r);
    int32_t acc01 = acc00;
    for (const int16_t* c = cols; c < cols_end; c += 8, w0 += 4) {
      const Lanes a = widen(w0);
      acc00 = dsp::smlad(a.odd, dsp::load_u32(c + 2), dsp::smlad(a.even, dsp::load_u32(c), acc00));
      acc01 = dsp::smlad(a.odd, dsp::load_u32(c + 6), dsp::smlad(a.even, dsp::load_u32(c + 4), acc01));
    }
    for (int32_t t = 0; t < tail; ++t) {
      acc00 = mac(acc00, w0[t], tail0[t]);
      acc01 = mac(acc01, w0[t], tail1[t]);
    }
    out0[r] = stage.finish(acc00, r);
    if (out1 != nullptr) out1[r] = stage.finish(acc01, r);
  }
}

}  // namespace cmnn::conv

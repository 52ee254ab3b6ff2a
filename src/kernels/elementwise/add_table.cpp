// add_s8.table: each input's rescale depends on one byte only, so it is tabulated once per call
// (2 x 256 int32 entries, indexed by the byte read as unsigned: LDRB needs no sign extension),
// then per element two table loads, one add and the output stage.
//
// Output stage, first that applies:
//  - folded (quant::folded_ok: multiplier >= 2^30, right shift 1..31, no left shift; TFLite's
//    usual ADD): requant_fast.h's folded form, y = SMMLAR(sum, 2m, sum), y += y >> 31,
//    y >>= e - 1, QADD(y, 1 + 2 * offset), SSAT(y >> 1), exact for any clamp inside [-128, 127]
//    (requant_fast.h says why). On Armv7E-M one assembly loop does four elements per pass
//    (ResNet-8's residual ADDs: ~13 est. m4 cycles per element, was ~26 through the C loop);
//  - otherwise requantize_fast (general or not) per element, in C.
#include "cmnn/elementwise.h"
#include "kernels/elementwise/add_variants.h"
#include "quant/fixed_point.h"
#include "quant/requant_fast.h"

namespace cmnn::elementwise {
namespace {

// One input's rescale of byte u (read as int8): quant::multiply_by_quantized_multiplier of
// (x + offset) << left_shift through requantize_fast (the same value; |x + offset| <= 256 and
// left_shift <= 22, so the shifted value fits int32).
// Without a left shift of the multiplier (TFLite's input shifts are <= 0) a branch-free form:
// |a| <= 256 * 2^22 = 2^30, so |y| <= 2^30 and y + nudge + round stays inside int32 (round <=
// 2^30 only with right = 31, where |y| < 2^30 as m < 2^31); the nudge y < 0 ? -1 : 0 (masked off
// for right = 0, where round is 0 too) makes the floor shift round half away from zero, as in
// requant_fast.h's folded form.
void fill_table(int32_t* t, int32_t offset, int32_t multiplier, int32_t shift, int32_t left_shift) {
  const quant::ChannelQuant q = quant::make_channel_quant(multiplier, shift);
  if (q.left == 0) {
    // Bytes 0..127 are x = u + offset, bytes 128..255 are x = u - 256 + offset: a steps by
    // 2^left_shift within each half; four entries per pass.
    const auto step = static_cast<int32_t>(uint32_t{1} << left_shift);
    const auto entry = [&q](int32_t a) {
      int32_t y = dsp::smmlar(a, q.multiplier2, a & q.add_mask);
      y += (y >> 31) & q.nudge_mask;
      return (y + q.round) >> q.right;
    };
    for (int32_t half = 0; half < 2; ++half) {
      int32_t a = static_cast<int32_t>(static_cast<uint32_t>(offset - 128 * half) << left_shift);
      int32_t* dst = t + 128 * half;
      for (int32_t u = 0; u < 128; u += 4, dst += 4) {
        dst[0] = entry(a);
        dst[1] = entry(a + step);
        dst[2] = entry(a + 2 * step);
        dst[3] = entry(a + 3 * step);
        a += 4 * step;
      }
    }
    return;
  }
  for (int32_t u = 0; u < 256; ++u) {
    const int32_t x = static_cast<int8_t>(static_cast<uint8_t>(u)) + offset;
    t[u] = quant::requantize_fast<true>(static_cast<int32_t>(static_cast<uint32_t>(x) << left_shift), q);
  }
}

// The element's table sum, wrapping in int32 as the reference's add does.
inline int32_t table_sum(const int32_t* t1, const int32_t* t2, int8_t x1, int8_t x2) {
  return static_cast<int32_t>(static_cast<uint32_t>(t1[static_cast<uint8_t>(x1)]) +
                              static_cast<uint32_t>(t2[static_cast<uint8_t>(x2)]));
}

template <bool kGeneral, bool kFull>
void general_loop(const AddParams& p, const int32_t* t1, const int32_t* t2, const BinaryArgs<int8_t>& a,
                  const quant::ChannelQuant& q, int32_t from) {
  for (int32_t i = from; i < p.size; ++i) {
    const int32_t y = quant::requantize_fast<kGeneral>(table_sum(t1, t2, a.input1[i], a.input2[i]), q);
    a.output[i] = quant::clamp_to_s8<kFull>(y, p.output_offset, p.activation_min, p.activation_max);
  }
}

// Elements [from, size) through the folded form in C (hosts, and the last size % 4 elements).
void folded_loop(const AddParams& p, const int32_t* t1, const int32_t* t2, const BinaryArgs<int8_t>& a,
                 const quant::FoldedQuant& f, int32_t from) {
  for (int32_t i = from; i < p.size; ++i) {
    int32_t v = quant::requantize_folded(table_sum(t1, t2, a.input1[i], a.input2[i]), f);
    v = v < -128 ? -128 : v > 127 ? 127 : v;
    v = v < p.activation_min ? p.activation_min : v;
    a.output[i] = static_cast<int8_t>(v > p.activation_max ? p.activation_max : v);
  }
}

#if defined(__ARM_FEATURE_DSP)
// Two elements (byte offsets K0, K1 of the pass) from the bytes to the SSAT results in a0, a1:
// four byte loads, four table loads in one pipelined run, then the folded stage twice.
#define CMNN_ADD_TWO(K0, K1)                         \
  "ldrb %[a0], [%[in1], #" K0 "]\n\t"                \
  "ldrb %[a1], [%[in1], #" K1 "]\n\t"                \
  "ldrb %[b0], [%[in2], #" K0 "]\n\t"                \
  "ldrb %[b1], [%[in2], #" K1 "]\n\t"                \
  "ldr %[a0], [%[t1], %[a0], lsl #2]\n\t"            \
  "ldr %[a1], [%[t1], %[a1], lsl #2]\n\t"            \
  "ldr %[b0], [%[t2], %[b0], lsl #2]\n\t"            \
  "ldr %[b1], [%[t2], %[b1], lsl #2]\n\t"            \
  "add %[a0], %[a0], %[b0]\n\t"                      \
  "add %[a1], %[a1], %[b1]\n\t"                      \
  "smmlar %[a0], %[a0], %[m2], %[a0]\n\t"            \
  "smmlar %[a1], %[a1], %[m2], %[a1]\n\t"            \
  "add %[a0], %[a0], %[a0], asr #31\n\t"             \
  "add %[a1], %[a1], %[a1], asr #31\n\t"             \
  "asr %[a0], %[a0], %[s]\n\t"                       \
  "asr %[a1], %[a1], %[s]\n\t"                       \
  "qadd %[a0], %[a0], %[c]\n\t"                      \
  "qadd %[a1], %[a1], %[c]\n\t"                      \
  "ssat %[a0], #8, %[a0], asr #1\n\t"                \
  "ssat %[a1], #8, %[a1], asr #1\n\t"

// Full clamp: four elements per pass, stored byte by byte. n = passes >= 1.
void folded_full_asm(const int8_t* in1, const int8_t* in2, int8_t* out, const int32_t* t1, const int32_t* t2,
                     const quant::FoldedQuant& f, int32_t n) {
  int32_t a0, a1, b0, b1;
  __asm__ volatile(
      "1:\n\t"
      CMNN_ADD_TWO("0", "1")
      "strb %[a0], [%[out]]\n\t"
      "strb %[a1], [%[out], #1]\n\t"
      CMNN_ADD_TWO("2", "3")
      "adds %[in1], %[in1], #4\n\t"
      "adds %[in2], %[in2], #4\n\t"
      "strb %[a0], [%[out], #2]\n\t"
      "strb %[a1], [%[out], #3]\n\t"
      "adds %[out], %[out], #4\n\t"
      "subs %[n], %[n], #1\n\t"
      "bne 1b\n\t"
      : [in1] "+r"(in1), [in2] "+r"(in2), [out] "+r"(out), [n] "+r"(n), [a0] "=&r"(a0), [a1] "=&r"(a1),
        [b0] "=&r"(b0), [b1] "=&r"(b1)
      : [t1] "r"(t1), [t2] "r"(t2), [m2] "r"(f.multiplier2), [s] "r"(f.shift1), [c] "r"(f.add)
      : "cc", "memory");
}

// A narrower clamp [lo, hi] inside [-128, 127]: the four SSAT results packed into one word, then
// clamped bytewise by SSUB8/SEL against lo and hi in every byte (requantize_2col_dsp.cpp's
// clamp; exact since [lo, hi] lies inside SSAT's range). lo4/hi4 are loaded from the stack each pass
// (no register left for them). n = passes >= 1.
void folded_clamped_asm(const int8_t* in1, const int8_t* in2, int8_t* out, const int32_t* t1, const int32_t* t2,
                        const quant::FoldedQuant& f, int32_t n, int32_t lo, int32_t hi) {
  const uint32_t lo4 = (static_cast<uint32_t>(lo) & 0xFFu) * 0x01010101u;
  const uint32_t hi4 = (static_cast<uint32_t>(hi) & 0xFFu) * 0x01010101u;
  int32_t a0, a1, b0, b1, w;
  __asm__ volatile(
      "1:\n\t"
      CMNN_ADD_TWO("0", "1")
      "bfi %[a0], %[a1], #8, #8\n\t"
      "bfi %[w], %[a0], #0, #16\n\t"
      CMNN_ADD_TWO("2", "3")
      "adds %[in1], %[in1], #4\n\t"
      "adds %[in2], %[in2], #4\n\t"
      "bfi %[w], %[a0], #16, #8\n\t"
      "bfi %[w], %[a1], #24, #8\n\t"
      "ldr %[a0], %[lo4]\n\t"
      "ldr %[a1], %[hi4]\n\t"
      "ssub8 %[b0], %[w], %[a0]\n\t"
      "sel %[w], %[w], %[a0]\n\t"
      "ssub8 %[b0], %[a1], %[w]\n\t"
      "sel %[w], %[w], %[a1]\n\t"
      "str %[w], [%[out]], #4\n\t"
      "subs %[n], %[n], #1\n\t"
      "bne 1b\n\t"
      : [in1] "+r"(in1), [in2] "+r"(in2), [out] "+r"(out), [n] "+r"(n), [a0] "=&r"(a0), [a1] "=&r"(a1),
        [b0] "=&r"(b0), [b1] "=&r"(b1), [w] "=&r"(w)
      : [t1] "r"(t1), [t2] "r"(t2), [m2] "r"(f.multiplier2), [s] "r"(f.shift1), [c] "r"(f.add),
        [lo4] "m"(lo4), [hi4] "m"(hi4)
      : "cc", "memory");
}
#undef CMNN_ADD_TWO
#endif

}  // namespace

Status add_s8_table(const AddParams& p, const BinaryArgs<int8_t>& a, void* scratch, size_t) {
  int32_t* t1 = static_cast<int32_t*>(scratch);  // t1[u] = rescaled input1 byte u (as int8)
  int32_t* t2 = t1 + 256;
  fill_table(t1, p.input1_offset, p.input1_multiplier, p.input1_shift, p.left_shift);
  fill_table(t2, p.input2_offset, p.input2_multiplier, p.input2_shift, p.left_shift);
  const quant::ChannelQuant q = quant::make_channel_quant(p.output_multiplier, p.output_shift);
  const bool full = p.activation_min == -128 && p.activation_max == 127;
  if (quant::folded_ok(q, p.output_offset)) {
    const quant::FoldedQuant f = quant::make_folded_quant(q, p.output_offset);
    int32_t done = 0;
#if defined(__ARM_FEATURE_DSP)
    const int32_t passes = p.size >> 2;
    if (passes > 0) {
      if (full) folded_full_asm(a.input1, a.input2, a.output, t1, t2, f, passes);
      else folded_clamped_asm(a.input1, a.input2, a.output, t1, t2, f, passes, p.activation_min, p.activation_max);
      done = passes << 2;
    }
#endif
    folded_loop(p, t1, t2, a, f, done);
    return Status::kOk;
  }
  const bool general = quant::needs_general(q);
  if (general) {
    if (full) general_loop<true, true>(p, t1, t2, a, q, 0);
    else general_loop<true, false>(p, t1, t2, a, q, 0);
  } else {
    if (full) general_loop<false, true>(p, t1, t2, a, q, 0);
    else general_loop<false, false>(p, t1, t2, a, q, 0);
  }
  return Status::kOk;
}

}  // namespace cmnn::elementwise

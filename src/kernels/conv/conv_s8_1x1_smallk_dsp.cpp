// conv2d_s8.1x1.smallk.dsp: 1x1 convolutions on 8 input channels, stride 1, no padding, one group,
// full int8 output range (MobileNetV1 0.25's first pointwise layer, 48x48x8 -> 16, in VWW and
// person_detect). With a depth this small the general 1x1 path (mat_mult_s8_s16_dsp) spends more
// on per-block setup and on the accumulate-to-scratch-then-requantize round trip than on its
// SMLADs. Here:
//  - once per call the filter is widened into scratch as one record per output channel: the bias,
//    the 4 weight words in SXTB16 lane order, then the channel's requantization words, so one
//    pointer walks everything a channel needs (no int16 packed copy in flash is needed);
//  - two output pixels per pass: both pixels' inputs are widened (with the input offset) once and
//    kept for every output channel, each weight word feeding two SMLADs;
//  - each output is accumulated and requantized in one pass and stored (no accumulator scratch).
// Requantization: when every channel has a multiplier >= 2^30 and a right shift e in [1, 23]
// (TFLite's usual per-channel values), y = SMMLAR(acc, 2m, acc), y += y >> 31 (rounding nudge),
// QADD(y, 2^(e-1) + offset * 2^e) >> e, SSAT #8. The output offset is folded into the rounding
// word: adding offset * 2^e before the floor shift adds exactly offset after it; where QADD
// saturates, the exact result is >= 2^(31-e) >= 256 (or <= -256) and the saturated one >= 255
// (<= -256), so SSAT gives the same 127 (-128) either way. A shift of 0 somewhere: the masked
// nudge and the offset added after the shift (as the reference, wrapping). Anything else
// (left shifts, multipliers < 2^30, e > 23) takes quant::requantize_fast<true>. The pair loop is
// Armv7E-M assembly; the C++ below is the same computation (host emulation, the lone last pixel).
// The templates take the depth in groups of 4; 2 (depth 8, conv2d_s8.1x1.smallk.dsp) and 4 (depth
// 16, conv2d_s8.1x1.smallk16.dsp: pixel 0 in 8 registers, pixel 1's words from the stack; its own
// table entry, which the compiler takes where its cost entry wins, the Cortex-M4) are
// instantiated; on the Cortex-M7 depth 16 runs conv2d_s8.1x1.dsp's code (dsp_1x1_smallk_run).
// Depths 4 and 12 do not occur in the benchmark models.
#include <cstring>

#include "arch/dsp/intrinsics.h"
#include "arch/dsp/schedule.h"
#include "kernels/conv/conv_s8_variants.h"
#include "quant/requant_fast.h"

#if defined(__ARM_FEATURE_DSP)
#include <arm_acle.h>
#endif

// The assembly pair block needs 14 free core registers; GCC cannot give them on Armv8.1-M with
// Helium (cortex-m55: "impossible constraints"), where the MVE 1x1 variants come first in the table
// anyway, so there this variant runs its C++ form (the same arithmetic, bit-exact).
#if defined(__ARM_FEATURE_DSP) && !defined(__ARM_FEATURE_MVE)
#define CMNN_SMALLK_ASM 1
#else
#define CMNN_SMALLK_ASM 0
#endif

namespace cmnn::conv {
namespace {

// Words per output channel record: bias, K/2 weight words, m2, e, rounding word, nudge mask.
// For the single-issue folded loop the e word of the last channel's record carries kLastFlag
// (bit 8) as its end mark (ASR by a register uses only the low byte; the C code masks it,
// shift_of) and the last word, no nudge mask being needed, is out_c - 1: the store offset of
// pixel 1's output behind pixel 0's post-incremented one.
constexpr int32_t kQuantWords = 4;
constexpr int32_t kLastFlag = 256;
inline int32_t shift_of(int32_t e_word) { return e_word & 31; }
int32_t record_words(int32_t depth) { return 1 + depth / 2 + kQuantWords; }

// Saturating int32 add (QADD).
inline int32_t qadd(int32_t a, int32_t b) {
#if defined(__ARM_FEATURE_DSP)
  return __qadd(a, b);
#else
  const int64_t s = int64_t{a} + b;
  return s > INT32_MAX ? INT32_MAX : s < INT32_MIN ? INT32_MIN : static_cast<int32_t>(s);
#endif
}

// The folded requantization (Mode::kFolded, full int8 range); q points at a record's m2, e,
// rounding word.
inline int8_t requantize_folded(int32_t acc, const int32_t* q) {
  int32_t y = dsp::smmlar(acc, q[0], acc);
  y += y >> 31;
  y = qadd(y, q[2]) >> shift_of(q[1]);
  return static_cast<int8_t>(dsp::ssat<8>(y));
}

// How the outputs are requantized: kFolded (every multiplier >= 2^30, every right shift in
// [1, 23]: the output offset folded into the rounding word), kMasked (the same but some shift is
// 0: the per-channel nudge mask and the offset added after the shift; Armv7E-M assembly only,
// elsewhere the general form), kGeneral (quant::requantize_fast<true> from the ChannelQuant table).
enum class Mode { kFolded, kMasked, kGeneral };

// Widens the filter into records (layout above) and fills the ChannelQuant table.
template <int kGroups>
void build_records(const Conv2dParams& p, const Conv2dS8Args& a, Mode mode, int32_t* records,
                   quant::ChannelQuant* table) {
  constexpr int32_t depth = 4 * kGroups;
  int32_t* r = records;
  for (int32_t o = 0; o < p.output_c; ++o) {
    const int8_t* w = a.filter + static_cast<size_t>(o) * depth;
    *r++ = a.bias != nullptr ? a.bias[o] : 0;
    for (int32_t k = 0; k < depth; k += 4) {
      const uint32_t v = dsp::load_u32(w + k);
      *r++ = static_cast<int32_t>(dsp::sxtb16(v));
      *r++ = static_cast<int32_t>(dsp::sxtb16_ror8(v));
    }
    const quant::ChannelQuant q = quant::make_channel_quant(a.multiplier[o], a.shift[o]);
    table[o] = q;
    const uint32_t offset_scaled = mode == Mode::kFolded ? static_cast<uint32_t>(p.output_offset) << q.right : 0u;
    *r++ = q.multiplier2;
    *r++ = q.right;
    *r++ = static_cast<int32_t>(static_cast<uint32_t>(q.round) + offset_scaled);
    *r++ = q.nudge_mask;
  }
#if CMNN_SMALLK_ASM && !CMNN_DUAL_ISSUE_SCHEDULE
  // The single-issue loops' words (pairs_depth8_folded_m4, pairs_depth16_m4): the end mark on the
  // last record and, for the depth-8 folded loop, the column-1 store offset in place of the
  // (unread) nudge mask. Not written elsewhere, so the Cortex-M7 call costs what it did.
  if (p.output_c > 0) {
    const int32_t words = record_words(depth);
    records[(p.output_c - 1) * words + words - 3] += kLastFlag;
    if (mode == Mode::kFolded && depth == 8) {
      for (int32_t o = 0; o < p.output_c; ++o) records[o * words + words - 1] = p.output_c - 1;
    }
  }
#endif
}

// One output channel's dot product with a widened pixel (kGroups groups of 4 steps).
template <int kGroups>
inline int32_t dot(const int32_t* w, const uint32_t* x, int32_t acc) {
  for (int g = 0; g < kGroups; ++g) {
    acc = dsp::smlad(static_cast<uint32_t>(w[2 * g]), x[2 * g], acc);
    acc = dsp::smlad(static_cast<uint32_t>(w[2 * g + 1]), x[2 * g + 1], acc);
  }
  return acc;
}

template <int kGroups>
inline void widen_pixel(const int8_t* src, uint32_t offsets, uint32_t* x) {
  for (int g = 0; g < kGroups; ++g) {
    const uint32_t v = dsp::load_u32(src + 4 * g);
    x[2 * g] = dsp::sxtab16(offsets, v);
    x[2 * g + 1] = dsp::sxtab16_ror8(offsets, v);
  }
}

#if CMNN_SMALLK_ASM
// Depth 8, full int8 range, multipliers >= 2^30: output pixels in[0..7] and in[8..15] against
// every record. Pixel 0's four widened words stay in registers; pixel 1's are kept on the stack
// (below sp inside the block) and loaded into the requantization registers, which are free while
// accumulating. Per output channel (two outputs): bias, 4 weight words, 4 stacked input words and
// the quantization words in runs of loads with immediate offsets (pipelined on the Cortex-M4, the
// record pointer moved by one ADD), 8 SMLAD, then both outputs requantized and stored. 14
// registers: 4 input words, 2 accumulators, weight, m2, e, rounding word, record and output
// pointers, channel counter, out_c (column 1's store offset). Record: bias @0, weights @4..16,
// m2 @20, e @24, rounding word @28, nudge mask @32 (kRecordBytes8).
#define CMNN_SMALLK_PROLOGUE                         \
  "sub sp, sp, #24\n\t"                              \
  "str %[e], [sp, #16]\n\t"                          \
  "ldr %[c], [%[a1], #0]\n\t"                        \
  "ldr %[m2], [%[a1], #4]\n\t"                       \
  "sxtab16 %[e], %[w], %[c]\n\t"                     \
  "sxtab16 %[c], %[w], %[c], ror #8\n\t"             \
  "str %[e], [sp, #0]\n\t"                           \
  "str %[c], [sp, #4]\n\t"                           \
  "sxtab16 %[e], %[w], %[m2]\n\t"                    \
  "sxtab16 %[m2], %[w], %[m2], ror #8\n\t"           \
  "str %[e], [sp, #8]\n\t"                           \
  "str %[m2], [sp, #12]\n\t"                         \
  "ldr %[c], [%[a0], #0]\n\t"                        \
  "ldr %[m2], [%[a0], #4]\n\t"                       \
  "sxtab16 %[x0], %[w], %[c]\n\t"                    \
  "sxtab16 %[x1], %[w], %[c], ror #8\n\t"            \
  "sxtab16 %[x2], %[w], %[m2]\n\t"                   \
  "sxtab16 %[x3], %[w], %[m2], ror #8\n\t"
#define CMNN_SMALLK_ACCUMULATE                       \
  "ldr %[a0], [%[r], #0]\n\t"                        \
  "ldr %[w], [%[r], #4]\n\t"                         \
  "ldr %[m2], [sp, #0]\n\t"                          \
  "ldr %[e], [sp, #4]\n\t"                           \
  "ldr %[c], [sp, #8]\n\t"                           \
  "smlad %[a1], %[w], %[m2], %[a0]\n\t"              \
  "smlad %[a0], %[w], %[x0], %[a0]\n\t"              \
  "ldr %[w], [%[r], #8]\n\t"                         \
  "ldr %[m2], [sp, #12]\n\t"                         \
  "smlad %[a1], %[w], %[e], %[a1]\n\t"               \
  "smlad %[a0], %[w], %[x1], %[a0]\n\t"              \
  "ldr %[w], [%[r], #12]\n\t"                        \
  "smlad %[a1], %[w], %[c], %[a1]\n\t"               \
  "smlad %[a0], %[w], %[x2], %[a0]\n\t"              \
  "ldr %[w], [%[r], #16]\n\t"                        \
  "smlad %[a1], %[w], %[m2], %[a1]\n\t"              \
  "smlad %[a0], %[w], %[x3], %[a0]\n\t"
#define CMNN_SMALLK_STORE                            \
  "ssat %[a0], #8, %[a0]\n\t"                        \
  "ssat %[a1], #8, %[a1]\n\t"                        \
  "strb %[a1], [%[o], %[oc]]\n\t"                    \
  "strb %[a0], [%[o]], #1\n\t"                       \
  "subs %[n], %[n], #1\n\t"                          \
  "bne 1b\n\t"                                       \
  "add sp, sp, #24\n\t"

// The end of a pixel-pair pass shared by the depth-8 and depth-16 loops: the pass counter at
// [sp, #PASSES] counted down, the next pair's input, weight and record pointers reloaded from the
// frame, back to label 2 while passes remain; then the frame of FRAME bytes dropped.
#define CMNN_SK_NEXT_PAIR(PASSES, A0, W, R, FRAME) \
  "ldr %[t], [sp, #" PASSES "]\n\t"               \
  "ldr %[a0], [sp, #" A0 "]\n\t"                  \
  "ldr %[w], [sp, #" W "]\n\t"                    \
  "ldr %[r], [sp, #" R "]\n\t"                    \
  "subs %[t], %[t], #1\n\t"                       \
  "str %[t], [sp, #" PASSES "]\n\t"               \
  "bne 2b\n\t"                                    \
  "add sp, sp, #" FRAME "\n\t"

#if !CMNN_DUAL_ISSUE_SCHEDULE
// Depth 8, kFolded records, `pairs` >= 1 pixel pairs (input and output consecutive), every output
// channel of each (Cortex-M4 schedule). Pixel 0's four widened words in x0..x3, pixel 1's in
// x4..x7, so no input word is reloaded per channel; 14 registers: 8 input words, 2 accumulators,
// 2 load registers (w, t), the record and output pointers. No channel counter: the channel loop
// ends after the record whose e word carries kLastFlag (TST; ASR reads only the low byte), two
// channels per pass (a not-taken exit after the first). Pixel 1's output is stored at o + out_c - 1
// behind pixel 0's post-incremented store, the offset read from the record's last word; after the
// last channel o + out_c - 1 + 1 is the next pair's output. The pair loop keeps the next input,
// the offsets, the pairs left and the records on the stack (16 bytes below the caller's sp).
// Per channel (two outputs), est. m4 cycles: loads in runs of three and two (bias + 2 weights 4,
// 2 weights 3, m2 + rounding word 3, e + offset 3), 8 SMLAD, 10 requantization instructions
// (SMMLAR, nudge, QADD, ASR, SSAT per output), STRB 1 + register-offset STRB 2, then TST and the
// branch (BNE not taken 2, or ADD + BEQ taken 5 per two channels): about 37.5 (the loop it
// replaces, pixel 1's words reloaded from the stack per channel: 44; C++ pair loop per call).
// Record layout as build_records: bias @0, weights @4..16, m2 @20, e word @24, rounding word
// @28, out_c - 1 @32 (36 bytes).
#define CMNN_SMALLK_CHANNEL(B, W1, W2, W3, W4, M2, E, C, OC_LOAD, STORE1) \
  "ldr %[a0], [%[r], #" B "]\n\t"                             \
  "ldr %[w], [%[r], #" W1 "]\n\t"                             \
  "ldr %[t], [%[r], #" W2 "]\n\t"                             \
  "smlad %[a1], %[w], %[x4], %[a0]\n\t"                       \
  "smlad %[a0], %[w], %[x0], %[a0]\n\t"                       \
  "smlad %[a1], %[t], %[x5], %[a1]\n\t"                       \
  "smlad %[a0], %[t], %[x1], %[a0]\n\t"                       \
  "ldr %[w], [%[r], #" W3 "]\n\t"                             \
  "ldr %[t], [%[r], #" W4 "]\n\t"                             \
  "smlad %[a1], %[w], %[x6], %[a1]\n\t"                       \
  "smlad %[a0], %[w], %[x2], %[a0]\n\t"                       \
  "smlad %[a1], %[t], %[x7], %[a1]\n\t"                       \
  "smlad %[a0], %[t], %[x3], %[a0]\n\t"                       \
  "ldr %[w], [%[r], #" M2 "]\n\t"                             \
  "ldr %[t], [%[r], #" C "]\n\t"                              \
  "smmlar %[a0], %[a0], %[w], %[a0]\n\t"                      \
  "smmlar %[a1], %[a1], %[w], %[a1]\n\t"                      \
  "add %[a0], %[a0], %[a0], asr #31\n\t"                      \
  "add %[a1], %[a1], %[a1], asr #31\n\t"                      \
  "qadd %[a0], %[a0], %[t]\n\t"                               \
  "qadd %[a1], %[a1], %[t]\n\t"                               \
  "ldr %[w], [%[r], #" E "]\n\t"                              \
  OC_LOAD                                                     \
  "asr %[a0], %[a0], %[w]\n\t"                                \
  "asr %[a1], %[a1], %[w]\n\t"                                \
  "ssat %[a0], #8, %[a0]\n\t"                                 \
  "ssat %[a1], #8, %[a1]\n\t"                                 \
  "strb %[a0], [%[o]], #1\n\t"                                \
  STORE1                                                      \
  "tst %[w], #256\n\t"
// Pixel 1's store of pairs_depth8_folded_m4: at the immediate output stride (kOutC > 0) or at the
// stride the channel's record word left in t.
#define CMNN_SMALLK_STORE1 \
  ".if %c[imm] == 0\n\tstrb %[a1], [%[o], %[t]]\n\t.else\n\tstrb %[a1], [%[o], #%c[oc]]\n\t.endif\n\t"

template <int kOutC>
inline void pairs_depth8_folded_m4(const int8_t* input, uint32_t offsets, const int32_t* records, int8_t* out,
                                   int32_t pairs) {
  auto a0 = reinterpret_cast<uintptr_t>(input);
  uint32_t a1, x0, x1, x2, x3, x4, x5, x6, x7;
  uint32_t w = offsets;
  auto t = static_cast<uint32_t>(pairs);
  const int32_t* r = records;
  // kOutC > 0: pixel 1's output at an immediate offset; 0: the stride from the record word.
  __asm__ volatile(
      "sub sp, sp, #16\n\t"
      "str %[w], [sp, #4]\n\t"
      "str %[t], [sp, #8]\n\t"
      "str %[r], [sp, #12]\n\t"
      "2:\n\t"
      "add %[a1], %[a0], #16\n\t"
      "str %[a1], [sp, #0]\n\t"
      "ldr %[t], [%[a0], #0]\n\t"
      "ldr %[a1], [%[a0], #4]\n\t"
      "sxtab16 %[x0], %[w], %[t]\n\t"
      "sxtab16 %[x1], %[w], %[t], ror #8\n\t"
      "sxtab16 %[x2], %[w], %[a1]\n\t"
      "sxtab16 %[x3], %[w], %[a1], ror #8\n\t"
      "ldr %[t], [%[a0], #8]\n\t"
      "ldr %[a1], [%[a0], #12]\n\t"
      "sxtab16 %[x4], %[w], %[t]\n\t"
      "sxtab16 %[x5], %[w], %[t], ror #8\n\t"
      "sxtab16 %[x6], %[w], %[a1]\n\t"
      "sxtab16 %[x7], %[w], %[a1], ror #8\n\t"
      "1:\n\t"
      CMNN_SMALLK_CHANNEL("0", "4", "8", "12", "16", "20", "24", "28",
                          ".if %c[imm] == 0\n\tldr %[t], [%[r], #32]\n\t.endif\n\t", CMNN_SMALLK_STORE1)
      "bne 3f\n\t"
      CMNN_SMALLK_CHANNEL("36", "40", "44", "48", "52", "56", "60", "64",
                          ".if %c[imm] == 0\n\tldr %[t], [%[r], #68]\n\t.endif\n\t", CMNN_SMALLK_STORE1)
      "add %[r], %[r], #72\n\t"
      "beq 1b\n\t"
      "3:\n\t"
      ".if %c[imm] == 0\n\t"
      "add %[o], %[o], %[t]\n\t"
      "add %[o], %[o], #1\n\t"
      ".else\n\t"
      "add %[o], %[o], #%c[oc1]\n\t"
      ".endif\n\t"
      CMNN_SK_NEXT_PAIR("8", "0", "4", "12", "16")
      : [a0] "+&r"(a0), [a1] "=&r"(a1), [w] "+&r"(w), [t] "+&r"(t), [x0] "=&r"(x0), [x1] "=&r"(x1),
        [x2] "=&r"(x2), [x3] "=&r"(x3), [x4] "=&r"(x4), [x5] "=&r"(x5), [x6] "=&r"(x6), [x7] "=&r"(x7),
        [r] "+&r"(r), [o] "+&r"(out)
      : [imm] "i"(kOutC), [oc] "i"(kOutC > 0 ? kOutC - 1 : 0), [oc1] "i"(kOutC)
      : "cc", "memory");
  static_assert(kLastFlag == 256, "the TST above tests bit 8");
}
#undef CMNN_SMALLK_CHANNEL
#undef CMNN_SMALLK_STORE1

// Depth 16, `pairs` >= 1 pixel pairs, every output channel of each (Cortex-M4 schedule; the
// depth-8 loop above with twice the depth). Pixel 0's eight widened words in x0..x7; pixel 1's
// eight are stored once per pair on the stack (sp + 0..28) and loaded beside each weight word
// (14 registers: no room for both pixels), so each weight word still feeds two SMLADs. kFolded
// as pairs_depth8_folded_m4; otherwise (kMasked: some shift 0) the nudge masked by the record's
// mask word and the output offset added after the shift (as pair_depth8_asm's masked loop).
// Per channel (two outputs), est. m4 cycles: the bias and 8 runs of two loads (weight, pixel 1
// word) 25, 16 SMLAD, then the folded output stage (4 loads 6, 10 data, 2 stores 3, TST and
// branch about 3): about 63 (VWW layer 4's packed 4x2 block, requantize_acc_2col and
// run_im2col: about 74 per two outputs); masked about 8 more. Stack: pixel 1 @0..28, next
// input @32, offsets @36, pairs left @40, records @44, output offset @48, out_c - 1 @52 (the
// column-1 store offset). Records (13 words, 52 bytes): bias @0, weights @4..32, m2 @36, e word
// @40 (kLastFlag on the last), rounding word @44, nudge mask @48 (kFolded: out_c - 1, unread).
// One channel of the depth-16 loops: the bias word at [r, #B] starts both sums, then the 8 weight
// words at [r, #W1..W8] each feed pixel 1 (its widened words at [sp, #0..28], into a1) and pixel 0
// (x0..x7, into a0).
#define CMNN_SK16_CHANNEL(B, W1, W2, W3, W4, W5, W6, W7, W8) \
  "ldr %[a0], [%[r], #" B "]\n\t" \
  "ldr %[w], [%[r], #" W1 "]\n\t" \
  "ldr %[t], [sp, #0]\n\t" \
  "smlad %[a1], %[w], %[t], %[a0]\n\t" \
  "smlad %[a0], %[w], %[x0], %[a0]\n\t" \
  "ldr %[w], [%[r], #" W2 "]\n\t" \
  "ldr %[t], [sp, #4]\n\t" \
  "smlad %[a1], %[w], %[t], %[a1]\n\t" \
  "smlad %[a0], %[w], %[x1], %[a0]\n\t" \
  "ldr %[w], [%[r], #" W3 "]\n\t" \
  "ldr %[t], [sp, #8]\n\t" \
  "smlad %[a1], %[w], %[t], %[a1]\n\t" \
  "smlad %[a0], %[w], %[x2], %[a0]\n\t" \
  "ldr %[w], [%[r], #" W4 "]\n\t" \
  "ldr %[t], [sp, #12]\n\t" \
  "smlad %[a1], %[w], %[t], %[a1]\n\t" \
  "smlad %[a0], %[w], %[x3], %[a0]\n\t" \
  "ldr %[w], [%[r], #" W5 "]\n\t" \
  "ldr %[t], [sp, #16]\n\t" \
  "smlad %[a1], %[w], %[t], %[a1]\n\t" \
  "smlad %[a0], %[w], %[x4], %[a0]\n\t" \
  "ldr %[w], [%[r], #" W6 "]\n\t" \
  "ldr %[t], [sp, #20]\n\t" \
  "smlad %[a1], %[w], %[t], %[a1]\n\t" \
  "smlad %[a0], %[w], %[x5], %[a0]\n\t" \
  "ldr %[w], [%[r], #" W7 "]\n\t" \
  "ldr %[t], [sp, #24]\n\t" \
  "smlad %[a1], %[w], %[t], %[a1]\n\t" \
  "smlad %[a0], %[w], %[x6], %[a0]\n\t" \
  "ldr %[w], [%[r], #" W8 "]\n\t" \
  "ldr %[t], [sp, #28]\n\t" \
  "smlad %[a1], %[w], %[t], %[a1]\n\t" \
  "smlad %[a0], %[w], %[x7], %[a0]\n\t"
// One channel's output stage for both pixels (a0, a1), the multiplier 2m already in w; E, ROUND,
// MASK: the record offsets of the shift word, the rounding word and the nudge mask. Folded: the
// output offset is in the rounding word; otherwise the nudge is masked and the offset (stack)
// added after the shift. Then SSAT and the two stores (pixel 1's at the output stride).
#define CMNN_SK16_STAGE(E, ROUND, MASK) \
  ".if %c[folded]\n\t" \
  "ldr %[t], [%[r], #" ROUND "]\n\t" \
  "smmlar %[a0], %[a0], %[w], %[a0]\n\t" \
  "smmlar %[a1], %[a1], %[w], %[a1]\n\t" \
  "add %[a0], %[a0], %[a0], asr #31\n\t" \
  "add %[a1], %[a1], %[a1], asr #31\n\t" \
  "qadd %[a0], %[a0], %[t]\n\t" \
  "qadd %[a1], %[a1], %[t]\n\t" \
  "ldr %[w], [%[r], #" E "]\n\t" \
  ".if %c[imm] == 0\n\t" \
  "ldr %[t], [sp, #52]\n\t" \
  ".endif\n\t" \
  "asr %[a0], %[a0], %[w]\n\t" \
  "asr %[a1], %[a1], %[w]\n\t" \
  ".else\n\t" \
  "ldr %[t], [%[r], #" MASK "]\n\t" \
  "smmlar %[a0], %[a0], %[w], %[a0]\n\t" \
  "smmlar %[a1], %[a1], %[w], %[a1]\n\t" \
  "and %[w], %[t], %[a0], asr #31\n\t" \
  "add %[a0], %[a0], %[w]\n\t" \
  "and %[w], %[t], %[a1], asr #31\n\t" \
  "add %[a1], %[a1], %[w]\n\t" \
  "ldr %[w], [%[r], #" E "]\n\t" \
  "ldr %[t], [%[r], #" ROUND "]\n\t" \
  "qadd %[a0], %[a0], %[t]\n\t" \
  "qadd %[a1], %[a1], %[t]\n\t" \
  "ldr %[t], [sp, #48]\n\t" \
  "asr %[a0], %[a0], %[w]\n\t" \
  "asr %[a1], %[a1], %[w]\n\t" \
  "add %[a0], %[a0], %[t]\n\t" \
  "add %[a1], %[a1], %[t]\n\t" \
  ".if %c[imm] == 0\n\t" \
  "ldr %[t], [sp, #52]\n\t" \
  ".endif\n\t" \
  ".endif\n\t" \
  "ssat %[a0], #8, %[a0]\n\t" \
  "ssat %[a1], #8, %[a1]\n\t" \
  "strb %[a0], [%[o]], #1\n\t" \
  ".if %c[imm] == 0\n\t" \
  "strb %[a1], [%[o], %[t]]\n\t" \
  ".else\n\t" \
  "strb %[a1], [%[o], #%c[oc]]\n\t" \
  ".endif\n\t"
// One pixel's 16 input bytes at a0 + BASE widened into x0..x7 (the input offset in w's lanes), in the
// lane order the weight words pair with; t, a1, x6, x7 carry the loaded words.
#define CMNN_SK16_WIDEN_PIXEL(B0, B4, B8, B12) \
  "ldr %[t], [%[a0], #" B0 "]\n\t" \
  "ldr %[a1], [%[a0], #" B4 "]\n\t" \
  "ldr %[x6], [%[a0], #" B8 "]\n\t" \
  "ldr %[x7], [%[a0], #" B12 "]\n\t" \
  "sxtab16 %[x0], %[w], %[t]\n\t" \
  "sxtab16 %[x1], %[w], %[t], ror #8\n\t" \
  "sxtab16 %[x2], %[w], %[a1]\n\t" \
  "sxtab16 %[x3], %[w], %[a1], ror #8\n\t" \
  "sxtab16 %[x4], %[w], %[x6]\n\t" \
  "sxtab16 %[x5], %[w], %[x6], ror #8\n\t" \
  "sxtab16 %[x6], %[w], %[x7]\n\t" \
  "sxtab16 %[x7], %[w], %[x7], ror #8\n\t"
// The depth-16 loops' shared part (both output-stage forms): the frame, pixel 1's 8 widened words
// stored at [sp, #0..28], pixel 0's in x0..x7, then one channel's 16 SMLADs (both pixels) into a0
// (pixel 0) and a1 (pixel 1), each weight word loaded once beside pixel 1's word.
#define CMNN_SK16_PAIR_AND_MACS \
  "sub sp, sp, #56\n\t" \
  "str %[w], [sp, #36]\n\t" \
  "str %[t], [sp, #40]\n\t" \
  "str %[r], [sp, #44]\n\t" \
  "str %[x0], [sp, #48]\n\t" \
  "str %[x1], [sp, #52]\n\t" \
  "2:\n\t" \
  "add %[a1], %[a0], #32\n\t" \
  "str %[a1], [sp, #32]\n\t" \
  CMNN_SK16_WIDEN_PIXEL("16", "20", "24", "28") \
  "str %[x0], [sp, #0]\n\t" \
  "str %[x1], [sp, #4]\n\t" \
  "str %[x2], [sp, #8]\n\t" \
  "str %[x3], [sp, #12]\n\t" \
  "str %[x4], [sp, #16]\n\t" \
  "str %[x5], [sp, #20]\n\t" \
  "str %[x6], [sp, #24]\n\t" \
  "str %[x7], [sp, #28]\n\t" \
  CMNN_SK16_WIDEN_PIXEL("0", "4", "8", "12") \
  "1:\n\t" \
  CMNN_SK16_CHANNEL("0", "4", "8", "12", "16", "20", "24", "28", "32") \
  "ldr %[w], [%[r], #36]\n\t"

template <bool kFolded, int kOutC>
inline void pairs_depth16_m4(const int8_t* input, uint32_t offsets, const int32_t* records, int8_t* out, int32_t pairs,
                             int32_t out_c, int32_t output_offset) {
  auto a0 = reinterpret_cast<uintptr_t>(input);
  uint32_t a1, x2, x3, x4, x5, x6, x7;
  auto x0 = static_cast<uint32_t>(output_offset);
  auto x1 = static_cast<uint32_t>(out_c - 1);
  uint32_t w = offsets;
  auto t = static_cast<uint32_t>(pairs);
  const int32_t* r = records;
  __asm__ volatile(
      CMNN_SK16_PAIR_AND_MACS
      CMNN_SK16_STAGE("40", "44", "48")
      "tst %[w], #256\n\t"
      "bne 3f\n\t"
      CMNN_SK16_CHANNEL("52", "56", "60", "64", "68", "72", "76", "80", "84")
      "ldr %[w], [%[r], #88]\n\t"
      CMNN_SK16_STAGE("92", "96", "100")
      "tst %[w], #256\n\t"
      "add %[r], %[r], #104\n\t"
      "beq 1b\n\t"
      "3:\n\t"
      ".if %c[imm] == 0\n\t"
      "ldr %[t], [sp, #52]\n\t"
      "add %[o], %[o], %[t]\n\t"
      "add %[o], %[o], #1\n\t"
      ".else\n\t"
      "add %[o], %[o], #%c[oc1]\n\t"
      ".endif\n\t"
      CMNN_SK_NEXT_PAIR("40", "32", "36", "44", "56")
      : [a0] "+&r"(a0), [a1] "=&r"(a1), [w] "+&r"(w), [t] "+&r"(t), [x0] "+&r"(x0), [x1] "+&r"(x1),
        [x2] "=&r"(x2), [x3] "=&r"(x3), [x4] "=&r"(x4), [x5] "=&r"(x5), [x6] "=&r"(x6), [x7] "=&r"(x7),
        [r] "+&r"(r), [o] "+&r"(out)
      : [imm] "i"(kOutC), [oc] "i"(kOutC > 0 ? kOutC - 1 : 0), [oc1] "i"(kOutC), [folded] "i"(kFolded ? 1 : 0)
      : "cc", "memory");
  static_assert(kLastFlag == 256, "the TST above tests bit 8");
}
#endif

// kFolded: every channel's right shift e is in [1, 23], the rounding word is 2^(e-1) +
// offset * 2^e (the file comment), the nudge is y >> 31 itself. Otherwise (some e == 0): the
// rounding word is 2^(e-1) or 0, the nudge y >> 31 masked by the record's mask, and the output
// offset (kept on the stack) added after the shift with a wrapping ADD, as the reference does.
template <bool kFolded>
inline void pair_depth8_asm(const int8_t* input, uint32_t offsets, const int32_t* records, int8_t* out,
                            int32_t out_c, int32_t output_offset) {
  uint32_t w = offsets, m2 = 0, c = 0, x0, x1, x2, x3;
  auto e = static_cast<uint32_t>(output_offset);
  const int32_t* r = records;
  int32_t n = out_c;
  auto a0 = reinterpret_cast<uintptr_t>(input);
  auto a1 = reinterpret_cast<uintptr_t>(input + 8);
#if CMNN_DUAL_ISSUE_SCHEDULE
  if (kFolded) {
    // Cortex-M7 order: each SMLAD/SMMLAR first in an issue pair with a load or an ALU instruction
    // second, loaded values used two groups later where the registers allow (the weight word
    // cannot be reloaded before both its SMLADs: two load-use stalls per channel remain); column
    // 0 stored post-incremented, so column 1's offset is out_c - 1.
    int32_t column1 = out_c - 1;
    __asm__ volatile(
        CMNN_SMALLK_PROLOGUE
        "1:\n\t"
        "ldr %[a0], [%[r], #0]\n\t"
        "ldr %[m2], [sp, #0]\n\t"
        "ldr %[w], [%[r], #4]\n\t"
        "ldr %[e], [sp, #4]\n\t"
        "smlad %[a1], %[w], %[m2], %[a0]\n\t"
        "ldr %[c], [sp, #8]\n\t"
        "smlad %[a0], %[w], %[x0], %[a0]\n\t"
        "ldr %[w], [%[r], #8]\n\t"
        "ldr %[m2], [sp, #12]\n\t"
        "smlad %[a1], %[w], %[e], %[a1]\n\t"
        "ldr %[e], [%[r], #24]\n\t"
        "smlad %[a0], %[w], %[x1], %[a0]\n\t"
        "ldr %[w], [%[r], #12]\n\t"
        "smlad %[a1], %[w], %[c], %[a1]\n\t"
        "ldr %[c], [%[r], #28]\n\t"
        "smlad %[a0], %[w], %[x2], %[a0]\n\t"
        "ldr %[w], [%[r], #16]\n\t"
        "smlad %[a1], %[w], %[m2], %[a1]\n\t"
        "ldr %[m2], [%[r], #20]\n\t"
        "smlad %[a0], %[w], %[x3], %[a0]\n\t"
        "adds %[r], %[r], #36\n\t"
        "smmlar %[a0], %[a0], %[m2], %[a0]\n\t"
        "subs %[n], %[n], #1\n\t"
        "smmlar %[a1], %[a1], %[m2], %[a1]\n\t"
        "add %[a0], %[a0], %[a0], asr #31\n\t"
        "qadd %[a0], %[a0], %[c]\n\t"
        "add %[a1], %[a1], %[a1], asr #31\n\t"
        "qadd %[a1], %[a1], %[c]\n\t"
        "asr %[a0], %[a0], %[e]\n\t"
        "ssat %[a0], #8, %[a0]\n\t"
        "asr %[a1], %[a1], %[e]\n\t"
        "ssat %[a1], #8, %[a1]\n\t"
        "strb %[a0], [%[o]], #1\n\t"
        "strb %[a1], [%[o], %[oc]]\n\t"
        "bne 1b\n\t"
        "add sp, sp, #24\n\t"
        : [a0] "+&r"(a0), [a1] "+&r"(a1), [w] "+&r"(w), [m2] "+&r"(m2), [e] "+&r"(e), [c] "+&r"(c), [x0] "=&r"(x0),
          [x1] "=&r"(x1), [x2] "=&r"(x2), [x3] "=&r"(x3), [r] "+&r"(r), [o] "+&r"(out), [n] "+&r"(n),
          [oc] "+&r"(column1)
        :
        : "cc", "memory");
    return;
  }
#endif
  // kMasked (kFolded: the Cortex-M7 loop above; single-issue cores run pairs_depth8_folded_m4).
  if (!kFolded) {
    __asm__ volatile(
        CMNN_SMALLK_PROLOGUE
        "1:\n\t"
        CMNN_SMALLK_ACCUMULATE
        "ldr %[m2], [%[r], #20]\n\t"
        "ldr %[e], [%[r], #24]\n\t"
        "ldr %[c], [%[r], #28]\n\t"
        "ldr %[w], [%[r], #32]\n\t"
        "adds %[r], %[r], #36\n\t"
        "smmlar %[a0], %[a0], %[m2], %[a0]\n\t"
        "smmlar %[a1], %[a1], %[m2], %[a1]\n\t"
        "and %[m2], %[w], %[a0], asr #31\n\t"
        "add %[a0], %[a0], %[m2]\n\t"
        "and %[m2], %[w], %[a1], asr #31\n\t"
        "add %[a1], %[a1], %[m2]\n\t"
        "qadd %[a0], %[a0], %[c]\n\t"
        "qadd %[a1], %[a1], %[c]\n\t"
        "ldr %[w], [sp, #16]\n\t"
        "asr %[a0], %[a0], %[e]\n\t"
        "asr %[a1], %[a1], %[e]\n\t"
        "add %[a0], %[a0], %[w]\n\t"
        "add %[a1], %[a1], %[w]\n\t"
        CMNN_SMALLK_STORE
        : [a0] "+&r"(a0), [a1] "+&r"(a1), [w] "+&r"(w), [m2] "+&r"(m2), [e] "+&r"(e), [c] "+&r"(c), [x0] "=&r"(x0),
          [x1] "=&r"(x1), [x2] "=&r"(x2), [x3] "=&r"(x3), [r] "+&r"(r), [o] "+&r"(out), [n] "+&r"(n)
        : [oc] "r"(out_c)
        : "cc", "memory");
  }
}
#undef CMNN_SMALLK_PROLOGUE
#undef CMNN_SMALLK_ACCUMULATE
#undef CMNN_SMALLK_STORE
#undef CMNN_SK16_PAIR_AND_MACS
#undef CMNN_SK_NEXT_PAIR
#undef CMNN_SK16_WIDEN_PIXEL
#undef CMNN_SK16_CHANNEL
#undef CMNN_SK16_STAGE
#endif

// Every pixel: pairs, then a lone last one. kMode as Mode; kFolded only with the full int8 range.
template <int kGroups, Mode kMode>
void run_pixels(const Conv2dParams& p, const int8_t* input, int8_t* output, int32_t pixels, const int32_t* records,
                const quant::ChannelQuant* table) {
  constexpr int32_t kDepth = 4 * kGroups;
  constexpr int32_t kRecord = 1 + 2 * kGroups + kQuantWords;
  const int32_t out_c = p.output_c;
  const int32_t lo = p.activation_min, hi = p.activation_max, offset = p.output_offset;
  const uint32_t offsets =
      (static_cast<uint32_t>(p.input_offset) & 0xFFFFu) | (static_cast<uint32_t>(p.input_offset) << 16);
  auto requant = [&](int32_t acc, const int32_t* r, int32_t o) -> int8_t {
    if (kMode != Mode::kFolded) {
      return quant::clamp_to_s8<false>(quant::requantize_fast<true>(acc, table[o]), offset, lo, hi);
    }
    return requantize_folded(acc, r + 1 + 2 * kGroups);
  };
  int32_t pix = 0;
#if CMNN_SMALLK_ASM
#if !CMNN_DUAL_ISSUE_SCHEDULE
  if (((kGroups == 2 && kMode == Mode::kFolded) || (kGroups == 4 && kMode != Mode::kGeneral)) && pixels >= 2) {
    // Cortex-M4 (and other single-issue cores): every pair in one assembly loop.
    const int32_t pairs = pixels / 2;
    // The model layers' channel counts (VWW / person_detect: 16 at depth 8, 32 at depth 16) store
    // pixel 1's output at an immediate offset (no offset load, a 1-cycle STRB).
    if (kGroups == 2 && out_c == 16) pairs_depth8_folded_m4<16>(input, offsets, records, output, pairs);
    else if (kGroups == 2) pairs_depth8_folded_m4<0>(input, offsets, records, output, pairs);
    else if (out_c == 32) pairs_depth16_m4<kMode == Mode::kFolded, 32>(input, offsets, records, output, pairs, out_c, offset);
    else pairs_depth16_m4<kMode == Mode::kFolded, 0>(input, offsets, records, output, pairs, out_c, offset);
    pix = 2 * pairs;
    input += 2 * kDepth * pairs;
    output += 2 * out_c * pairs;
  }
  constexpr bool kPairAsm = kGroups == 2 && kMode == Mode::kMasked;
#else
  constexpr bool kPairAsm = kGroups == 2 && kMode != Mode::kGeneral;
#endif
  if (kPairAsm) {
    for (; pix + 2 <= pixels; pix += 2, input += 2 * kDepth, output += 2 * out_c) {
      pair_depth8_asm<kMode == Mode::kFolded>(input, offsets, records, output, out_c, offset);
    }
  }
#endif
  for (; pix + 2 <= pixels; pix += 2, input += 2 * kDepth, output += 2 * out_c) {
    uint32_t x0[2 * kGroups], x1[2 * kGroups];
    widen_pixel<kGroups>(input, offsets, x0);
    widen_pixel<kGroups>(input + kDepth, offsets, x1);
    const int32_t* r = records;
    int8_t* out0 = output;
    for (int32_t o = 0; o < out_c; ++o, r += kRecord) {
      const int32_t bias = r[0];
      const int32_t a0 = dot<kGroups>(r + 1, x0, bias);
      const int32_t a1 = dot<kGroups>(r + 1, x1, bias);
      out0[o] = requant(a0, r, o);
      out0[o + out_c] = requant(a1, r, o);
    }
  }
  if (pix < pixels) {
    uint32_t x0[2 * kGroups];
    widen_pixel<kGroups>(input, offsets, x0);
    const int32_t* r = records;
    for (int32_t o = 0; o < out_c; ++o, r += kRecord) output[o] = requant(dot<kGroups>(r + 1, x0, r[0]), r, o);
  }
}

// One depth (kGroups groups of 4 input channels): the records, then every pixel in `mode`.
template <int kGroups>
void run_depth(const Conv2dParams& p, const Conv2dS8Args& a, Mode mode, int32_t* records, quant::ChannelQuant* table) {
  build_records<kGroups>(p, a, mode, records, table);
  const int32_t pixels = p.batches * p.input_h * p.input_w;
  if (mode == Mode::kFolded) run_pixels<kGroups, Mode::kFolded>(p, a.input, a.output, pixels, records, table);
  else if (mode == Mode::kMasked) run_pixels<kGroups, Mode::kMasked>(p, a.input, a.output, pixels, records, table);
  else run_pixels<kGroups, Mode::kGeneral>(p, a.input, a.output, pixels, records, table);
}

}  // namespace

bool dsp_1x1_smallk_supports(const Conv2dParams& p) {
  return p.filter_h == 1 && p.filter_w == 1 && p.pad_top == 0 && p.pad_left == 0 && p.stride_h == 1 &&
         p.stride_w == 1 && p.groups == 1 && p.output_h == p.input_h && p.output_w == p.input_w &&
         p.input_c == 8 && p.activation_min == -128 && p.activation_max == 127;
}

// conv2d_s8.1x1.smallk16.dsp: the same code on 16 input channels (its own table entry, after the
// packed and reordered-filter ones: the compiler takes it where its cost entry beats them, see
// tools/cmnn/ops/conv2d.cpp).
bool dsp_1x1_smallk16_supports(const Conv2dParams& p) {
  Conv2dParams q = p;
  q.input_c = p.input_c == 16 ? 8 : 0;
  return dsp_1x1_smallk_supports(q);
}

// +3: the scratch pointer carries no alignment contract. Records, then the ChannelQuant table.
size_t dsp_1x1_smallk_scratch_bytes(const Conv2dParams& p) {
  const size_t own = 3 + static_cast<size_t>(p.output_c) * (4 * static_cast<size_t>(record_words(p.input_c)) +
                                                            sizeof(quant::ChannelQuant));
  // Depth 16 runs conv2d_s8.1x1.dsp on the Cortex-M7 (dsp_1x1_smallk_run): enough for it too (it
  // needs more only for a single output channel).
  const size_t general = p.input_c == 16 ? dsp_1x1_scratch_bytes(p) : 0;
  return own > general ? own : general;
}

Status dsp_1x1_smallk_run(const Conv2dParams& p, const Conv2dS8Args& a, void* scratch, size_t scratch_size) {
#if CMNN_DUAL_ISSUE_SCHEDULE
  // Depth 16 on the Cortex-M7: the general 1x1 kernel (conv2d_s8.1x1.dsp, whose scratch,
  // 3 + 32 * O + 4 * 16 bytes, is below this variant's 3 + 76 * O): what a runtime selection took
  // before this entry existed; the compiler does not take the entry there (no cost entry beats
  // the packed and paired ones).
  if (p.input_c == 16) return dsp_1x1_run(p, a, scratch, scratch_size);
#else
  static_cast<void>(scratch_size);
#endif
  const auto address = reinterpret_cast<uintptr_t>(scratch);
  auto* bytes = static_cast<uint8_t*>(scratch) + ((4 - (address & 3u)) & 3u);
  auto* records = reinterpret_cast<int32_t*>(bytes);
  auto* table = reinterpret_cast<quant::ChannelQuant*>(records + static_cast<size_t>(p.output_c) *
                                                                     record_words(p.input_c));
  bool fast = true, folded = true;
  for (int32_t o = 0; o < p.output_c; ++o) {
    fast = fast && a.multiplier[o] >= (1 << 30) && a.shift[o] <= 0 && a.shift[o] >= -23;
    folded = folded && a.shift[o] != 0;
  }
  const Mode mode = !fast ? Mode::kGeneral : folded ? Mode::kFolded : Mode::kMasked;
  if (p.input_c != 16) {
    run_depth<2>(p, a, mode, records, table);
  } else {
#if !CMNN_DUAL_ISSUE_SCHEDULE
    run_depth<4>(p, a, mode, records, table);
#endif
  }
  return Status::kOk;
}

}  // namespace cmnn::conv

// fully_connected_s8 packed dsp: weights widened to int16 offline (fully_connected_s8_pack, filter
// offset included) and interleaved per block of four rows, so one 32-bit weight load feeds one
// SMLAD with no SXTB16; the input is widened once per batch (offset included) into scratch.
//
// Packed layout (int16), D = input_depth rounded up to a multiple of 8 (zero weights past the
// depth): rows in blocks of four from row 0, then of two, then of one (output_depth % 4 rows left),
// block of R rows starting at row o = int16 offset o * D; inside a block, for each group
// of four steps k = 4g..4g+3 and each row r < R, the four values (w[k], w[k+2], w[k+1], w[k+3]) +
// filter_offset, i.e. the lane order of the widened input (SXTAB16 even, then odd lanes).
//
// Cost on the lab Cortex-M4 model: per group of 16 MACs (4 rows x 4 steps) a run of six loads (the
// two input words and four weight words, 7 cycles), 4 SMLAD, a run of four loads (5), 4 SMLAD:
// 20 cycles, + 6 per four groups of loop (pointer steps, counter, branch), ~1.34 cycles/MAC.
#include "arch/dsp/intrinsics.h"
#include "arch/dsp/schedule.h"
#include "quant/requant_fast.h"
#include "kernels/fully_connected/fc_s8_output.h"

namespace cmnn::fc {
namespace {

int32_t padded_depth(int32_t depth) { return (depth + 7) & ~7; }

inline uint32_t pair(int32_t v) { return (static_cast<uint32_t>(v) & 0xFFFFu) | (static_cast<uint32_t>(v) << 16); }

// acc + x . w over `groups` groups of 4 steps, R rows of one packed block (portable form; R == 4
// on a DSP core uses the assembly below).
template <int R>
inline void dot_rows(const int16_t* x, const int16_t* w, int32_t groups, int32_t* acc) {
  for (int32_t g = 0; g < groups; ++g) {
    const uint32_t xe = dsp::load_u32(x + 4 * g), xo = dsp::load_u32(x + 4 * g + 2);
    for (int r = 0; r < R; ++r) {
      acc[r] = dsp::smlad(dsp::load_u32(w), xe, acc[r]);
      acc[r] = dsp::smlad(dsp::load_u32(w + 2), xo, acc[r]);
      w += 4;
    }
  }
}

#if defined(__ARM_FEATURE_DSP)
// Four rows over pairs = D / 8 pairs of groups: two pairs (64 MACs) per iteration. 13 registers:
// 4 accumulators, 2 input words, 4 weight words, 2 pointers and the counter.
__attribute__((always_inline)) inline void dot4(const int16_t* x, const int16_t* w, int32_t pairs, int32_t* acc) {
  int32_t a0 = acc[0], a1 = acc[1], a2 = acc[2], a3 = acc[3];
  uint32_t xe, xo, w0, w1, w2, w3;
  int32_t n;
// One group at input byte offset X and weight byte offset W (immediate offsets, no base write-back:
// a load after a write-back load is not pipelined on the Cortex-M4).
#define CMNN_FC_PACKED_GROUP(X, X4, W, W4, W8, W12, W16, W20, W24, W28) \
  "ldr %[xe], [%[x], #" X "]\n\t"                                     \
  "ldr %[xo], [%[x], #" X4 "]\n\t"                                    \
  "ldr %[w0], [%[w], #" W "]\n\t"                                     \
  "ldr %[w1], [%[w], #" W4 "]\n\t"                                    \
  "ldr %[w2], [%[w], #" W8 "]\n\t"                                    \
  "ldr %[w3], [%[w], #" W12 "]\n\t"                                   \
  "smlad %[a0], %[w0], %[xe], %[a0]\n\t"                              \
  "smlad %[a0], %[w1], %[xo], %[a0]\n\t"                              \
  "smlad %[a1], %[w2], %[xe], %[a1]\n\t"                              \
  "smlad %[a1], %[w3], %[xo], %[a1]\n\t"                              \
  "ldr %[w0], [%[w], #" W16 "]\n\t"                                   \
  "ldr %[w1], [%[w], #" W20 "]\n\t"                                   \
  "ldr %[w2], [%[w], #" W24 "]\n\t"                                   \
  "ldr %[w3], [%[w], #" W28 "]\n\t"                                   \
  "smlad %[a2], %[w0], %[xe], %[a2]\n\t"                              \
  "smlad %[a2], %[w1], %[xo], %[a2]\n\t"                              \
  "smlad %[a3], %[w2], %[xe], %[a3]\n\t"                              \
  "smlad %[a3], %[w3], %[xo], %[a3]\n\t"
  // An odd pair count enters at the second pair with the pointers moved back by one pair.
  __asm__ volatile(
      "lsrs %[n], %[m], #1\n\t"
      "bcc 1f\n\t"
      "adds %[n], %[n], #1\n\t"
      "subs %[x], %[x], #16\n\t"
      "subs %[w], %[w], #64\n\t"
      "b 2f\n\t"
      "1:\n\t"
      CMNN_FC_PACKED_GROUP("0", "4", "0", "4", "8", "12", "16", "20", "24", "28")
      CMNN_FC_PACKED_GROUP("8", "12", "32", "36", "40", "44", "48", "52", "56", "60")
      "2:\n\t"
      CMNN_FC_PACKED_GROUP("16", "20", "64", "68", "72", "76", "80", "84", "88", "92")
      CMNN_FC_PACKED_GROUP("24", "28", "96", "100", "104", "108", "112", "116", "120", "124")
      "adds %[x], %[x], #32\n\t"
      "adds %[w], %[w], #128\n\t"
      "subs %[n], %[n], #1\n\t"
      "bne 1b\n\t"
      : [a0] "+r"(a0), [a1] "+r"(a1), [a2] "+r"(a2), [a3] "+r"(a3), [x] "+r"(x), [w] "+r"(w), [n] "=&r"(n),
        [xe] "=&r"(xe), [xo] "=&r"(xo), [w0] "=&r"(w0), [w1] "=&r"(w1), [w2] "=&r"(w2), [w3] "=&r"(w3)
      : [m] "r"(pairs)
      : "cc", "memory");
#undef CMNN_FC_PACKED_GROUP
  acc[0] = a0;
  acc[1] = a1;
  acc[2] = a2;
  acc[3] = a3;
}

#if CMNN_DUAL_ISSUE_SCHEDULE
// Four rows, Cortex-M7 schedule (src/arch/dsp/schedule.h): each group's ten loads sit beside its
// eight SMLADs or the pointer steps, the input words and row 0's weight pair loaded one group
// ahead (10 est. m7 cycles per 16 MACs, plus the counter); the last group is peeled so that
// nothing past the input or the block is read. 13 registers.
__attribute__((always_inline)) inline void dot4_m7(const int16_t* x, const int16_t* w, int32_t groups,
                                                  int32_t* acc) {
  int32_t a0 = acc[0], a1 = acc[1], a2 = acc[2], a3 = acc[3];
  uint32_t r0, r1, r2, r3, r4, r5;
  int32_t n = groups - 1;
  __asm__ volatile(
      "ldr %[r0], [%[x], #0]\n\t"
      "ldr %[r1], [%[x], #4]\n\t"
      "ldr %[r2], [%[w], #0]\n\t"
      "ldr %[r3], [%[w], #4]\n\t"
      "cbz %[n], 2f\n\t"
      "1:\n\t"
      "smlad %[a0], %[r2], %[r0], %[a0]\n\t"
      "ldr %[r4], [%[w], #8]\n\t"
      "smlad %[a0], %[r3], %[r1], %[a0]\n\t"
      "ldr %[r5], [%[w], #12]\n\t"
      "smlad %[a1], %[r4], %[r0], %[a1]\n\t"
      "ldr %[r2], [%[w], #16]\n\t"
      "smlad %[a1], %[r5], %[r1], %[a1]\n\t"
      "ldr %[r3], [%[w], #20]\n\t"
      "smlad %[a2], %[r2], %[r0], %[a2]\n\t"
      "ldr %[r4], [%[w], #24]\n\t"
      "smlad %[a2], %[r3], %[r1], %[a2]\n\t"
      "ldr %[r5], [%[w], #28]\n\t"
      "ldr %[r2], [%[w], #32]\n\t"
      "smlad %[a3], %[r4], %[r0], %[a3]\n\t"
      "ldr %[r3], [%[w], #36]\n\t"
      "smlad %[a3], %[r5], %[r1], %[a3]\n\t"
      "ldr %[r0], [%[x], #8]\n\t"
      "adds %[w], %[w], #32\n\t"
      "ldr %[r1], [%[x], #12]\n\t"
      "adds %[x], %[x], #8\n\t"
      "subs %[n], %[n], #1\n\t"
      "bne 1b\n\t"
      "2:\n\t"
      "smlad %[a0], %[r2], %[r0], %[a0]\n\t"
      "ldr %[r4], [%[w], #8]\n\t"
      "smlad %[a0], %[r3], %[r1], %[a0]\n\t"
      "ldr %[r5], [%[w], #12]\n\t"
      "smlad %[a1], %[r4], %[r0], %[a1]\n\t"
      "ldr %[r2], [%[w], #16]\n\t"
      "smlad %[a1], %[r5], %[r1], %[a1]\n\t"
      "ldr %[r3], [%[w], #20]\n\t"
      "smlad %[a2], %[r2], %[r0], %[a2]\n\t"
      "ldr %[r4], [%[w], #24]\n\t"
      "smlad %[a2], %[r3], %[r1], %[a2]\n\t"
      "ldr %[r5], [%[w], #28]\n\t"
      "smlad %[a3], %[r4], %[r0], %[a3]\n\t"
      "smlad %[a3], %[r5], %[r1], %[a3]\n\t"
      : [a0] "+r"(a0), [a1] "+r"(a1), [a2] "+r"(a2), [a3] "+r"(a3), [x] "+r"(x), [w] "+r"(w), [n] "+r"(n),
        [r0] "=&r"(r0), [r1] "=&r"(r1), [r2] "=&r"(r2), [r3] "=&r"(r3), [r4] "=&r"(r4), [r5] "=&r"(r5)
      :
      : "cc", "memory");
  acc[0] = a0;
  acc[1] = a1;
  acc[2] = a2;
  acc[3] = a3;
}
#endif

// Two rows (a 2-row block), the same scheme: per group a run of six loads and 4 SMLAD.
__attribute__((always_inline)) inline void dot2(const int16_t* x, const int16_t* w, int32_t pairs, int32_t* acc) {
  int32_t a0 = acc[0], a1 = acc[1];
  uint32_t xe, xo, w0, w1, w2, w3;
  int32_t n;
#define CMNN_FC_PACKED_GROUP2(X, X4, W, W4, W8, W12) \
  "ldr %[xe], [%[x], #" X "]\n\t"                    \
  "ldr %[xo], [%[x], #" X4 "]\n\t"                   \
  "ldr %[w0], [%[w], #" W "]\n\t"                    \
  "ldr %[w1], [%[w], #" W4 "]\n\t"                   \
  "ldr %[w2], [%[w], #" W8 "]\n\t"                   \
  "ldr %[w3], [%[w], #" W12 "]\n\t"                  \
  "smlad %[a0], %[w0], %[xe], %[a0]\n\t"             \
  "smlad %[a0], %[w1], %[xo], %[a0]\n\t"             \
  "smlad %[a1], %[w2], %[xe], %[a1]\n\t"             \
  "smlad %[a1], %[w3], %[xo], %[a1]\n\t"
  __asm__ volatile(
      "lsrs %[n], %[m], #1\n\t"
      "bcc 1f\n\t"
      "adds %[n], %[n], #1\n\t"
      "subs %[x], %[x], #16\n\t"
      "subs %[w], %[w], #32\n\t"
      "b 2f\n\t"
      "1:\n\t"
      CMNN_FC_PACKED_GROUP2("0", "4", "0", "4", "8", "12")
      CMNN_FC_PACKED_GROUP2("8", "12", "16", "20", "24", "28")
      "2:\n\t"
      CMNN_FC_PACKED_GROUP2("16", "20", "32", "36", "40", "44")
      CMNN_FC_PACKED_GROUP2("24", "28", "48", "52", "56", "60")
      "adds %[x], %[x], #32\n\t"
      "adds %[w], %[w], #64\n\t"
      "subs %[n], %[n], #1\n\t"
      "bne 1b\n\t"
      : [a0] "+r"(a0), [a1] "+r"(a1), [x] "+r"(x), [w] "+r"(w), [n] "=&r"(n), [xe] "=&r"(xe), [xo] "=&r"(xo),
        [w0] "=&r"(w0), [w1] "=&r"(w1), [w2] "=&r"(w2), [w3] "=&r"(w3)
      : [m] "r"(pairs)
      : "cc", "memory");
#undef CMNN_FC_PACKED_GROUP2
  acc[0] = a0;
  acc[1] = a1;
}
#endif

template <int R, bool kFast>
inline void tail_rows(const FullyConnectedParams& p, const FullyConnectedS8Args& a, const int16_t* x,
                      const int16_t* w, int32_t o, const quant::ChannelQuant& shared, int8_t* out) {
  int32_t acc[R];
  for (int r = 0; r < R; ++r) acc[r] = a.bias != nullptr ? a.bias[o + r] : 0;
#if defined(__ARM_FEATURE_DSP)
  if (R == 2) dot2(x, w, padded_depth(p.input_depth) >> 3, acc);
  else dot_rows<R>(x, w, padded_depth(p.input_depth) >> 2, acc);
#else
  dot_rows<R>(x, w, padded_depth(p.input_depth) >> 2, acc);
#endif
  for (int r = 0; r < R; ++r) {
    out[o + r] = requant_out<kFast>(acc[r], quant_of<kFast>(p, a, o + r, shared), p.output_offset, p.activation_min,
                                    p.activation_max);
  }
}

template <bool kFast>
__attribute__((noinline)) void packed_rows(const FullyConnectedParams& p, const FullyConnectedS8Args& a,
                                           const int16_t* x, int8_t* out) {
  const int32_t depth = padded_depth(p.input_depth);
  const quant::ChannelQuant shared = quant::make_channel_quant(a.multiplier[0], a.shift[0]);
  const int32_t offset = p.output_offset, lo = p.activation_min, hi = p.activation_max;
  const int32_t* bias = a.bias;
  const int16_t* w = a.packed_weights;
  const size_t block = 4 * static_cast<size_t>(depth);
  int32_t o = 0;
  for (; o + 4 <= p.output_depth; o += 4, w += block) {
    int32_t acc[4] = {0, 0, 0, 0};
    if (bias != nullptr) {
      acc[0] = bias[o];
      acc[1] = bias[o + 1];
      acc[2] = bias[o + 2];
      acc[3] = bias[o + 3];
    }
#if CMNN_DUAL_ISSUE_SCHEDULE
    dot4_m7(x, w, depth >> 2, acc);
#elif defined(__ARM_FEATURE_DSP)
    dot4(x, w, depth >> 3, acc);
#else
    dot_rows<4>(x, w, depth >> 2, acc);
#endif
    for (int r = 0; r < 4; ++r) {
      out[o + r] = requant_out<kFast>(acc[r], quant_of<kFast>(p, a, o + r, shared), offset, lo, hi);
    }
  }
  if (o + 2 <= p.output_depth) {
    tail_rows<2, kFast>(p, a, x, w, o, shared, out);
    o += 2;
    w += 2 * static_cast<size_t>(depth);
  }
  if (o < p.output_depth) tail_rows<1, kFast>(p, a, x, w, o, shared, out);
}

// Two rows (output_depth 2: one 2-row block) on the raw int8 input: each input word is widened
// in registers (SXTAB16 with the input offset in both lanes: even lanes k, k+2, then odd k+1,
// k+3, the packed weights' lane order) and feeds both rows, so the per-batch widening into
// scratch (not amortised over 2 rows) and the kernel-sum variant's per-row SXTB16 of the weights
// are both gone. `groups` full groups of 4 input bytes; the caller does the depth % 4 tail.
// Cost per group: Cortex-M4 a run of five loads, 2 SXTAB16, 4 SMLAD (two groups per iteration);
// Cortex-M7 the loads paired behind the SXTAB16s and the pointer step and counter behind SMLADs.
__attribute__((noinline)) void dot2_raw(const int8_t* x, const int16_t* w, int32_t groups, uint32_t io,
                                        int32_t* acc) {
  int32_t a0 = acc[0], a1 = acc[1];
#if defined(__ARM_FEATURE_DSP)
  uint32_t v, xe, xo, w0, w1, w2, w3;
#if CMNN_DUAL_ISSUE_SCHEDULE
  int32_t n = groups;
  if (n > 0) {
    __asm__ volatile(
        "1:\n\t"
        "ldr %[v], [%[x]], #4\n\t"
        "ldr %[w0], [%[w], #0]\n\t"
        "ldr %[w1], [%[w], #4]\n\t"
        "sxtab16 %[xe], %[io], %[v]\n\t"
        "ldr %[w2], [%[w], #8]\n\t"
        "sxtab16 %[xo], %[io], %[v], ror #8\n\t"
        "ldr %[w3], [%[w], #12]\n\t"
        "smlad %[a0], %[w0], %[xe], %[a0]\n\t"
        "adds %[w], %[w], #16\n\t"
        "smlad %[a0], %[w1], %[xo], %[a0]\n\t"
        "subs %[n], %[n], #1\n\t"
        "smlad %[a1], %[w2], %[xe], %[a1]\n\t"
        "smlad %[a1], %[w3], %[xo], %[a1]\n\t"
        "bne 1b\n\t"
        : [a0] "+r"(a0), [a1] "+r"(a1), [x] "+r"(x), [w] "+r"(w), [n] "+r"(n), [v] "=&r"(v), [xe] "=&r"(xe),
          [xo] "=&r"(xo), [w0] "=&r"(w0), [w1] "=&r"(w1), [w2] "=&r"(w2), [w3] "=&r"(w3)
        : [io] "r"(io)
        : "cc", "memory");
  }
  groups = 0;
#else
  int32_t n = groups >> 1;
  if (n > 0) {
#define CMNN_FC_RAW_GROUP(X, W, W4, W8, W12)              \
  "ldr %[v], [%[x], #" X "]\n\t"                         \
  "ldr %[w0], [%[w], #" W "]\n\t"                        \
  "ldr %[w1], [%[w], #" W4 "]\n\t"                       \
  "ldr %[w2], [%[w], #" W8 "]\n\t"                       \
  "ldr %[w3], [%[w], #" W12 "]\n\t"                      \
  "sxtab16 %[xe], %[io], %[v]\n\t"                       \
  "sxtab16 %[xo], %[io], %[v], ror #8\n\t"               \
  "smlad %[a0], %[w0], %[xe], %[a0]\n\t"                 \
  "smlad %[a0], %[w1], %[xo], %[a0]\n\t"                 \
  "smlad %[a1], %[w2], %[xe], %[a1]\n\t"                 \
  "smlad %[a1], %[w3], %[xo], %[a1]\n\t"
    __asm__ volatile(
        "1:\n\t"
        CMNN_FC_RAW_GROUP("0", "0", "4", "8", "12")
        CMNN_FC_RAW_GROUP("4", "16", "20", "24", "28")
        "adds %[x], %[x], #8\n\t"
        "adds %[w], %[w], #32\n\t"
        "subs %[n], %[n], #1\n\t"
        "bne 1b\n\t"
        : [a0] "+r"(a0), [a1] "+r"(a1), [x] "+r"(x), [w] "+r"(w), [n] "+r"(n), [v] "=&r"(v), [xe] "=&r"(xe),
          [xo] "=&r"(xo), [w0] "=&r"(w0), [w1] "=&r"(w1), [w2] "=&r"(w2), [w3] "=&r"(w3)
        : [io] "r"(io)
        : "cc", "memory");
#undef CMNN_FC_RAW_GROUP
  }
  groups &= 1;
#endif
#endif
  for (int32_t g = 0; g < groups; ++g, x += 4, w += 8) {
    const uint32_t v4 = dsp::load_u32(x), e = dsp::sxtab16(io, v4), o = dsp::sxtab16_ror8(io, v4);
    a0 = dsp::smlad(dsp::load_u32(w), e, a0);
    a0 = dsp::smlad(dsp::load_u32(w + 2), o, a0);
    a1 = dsp::smlad(dsp::load_u32(w + 4), e, a1);
    a1 = dsp::smlad(dsp::load_u32(w + 6), o, a1);
  }
  acc[0] = a0;
  acc[1] = a1;
}

// output_depth 2: one batch on the raw input (dot2_raw), the depth % 4 tail's lanes built here
// (bytes past the depth are not read; their packed weights are 0).
template <bool kFast>
__attribute__((noinline)) void raw_pair_rows(const FullyConnectedParams& p, const FullyConnectedS8Args& a,
                                             const int8_t* in, int8_t* out) {
  const quant::ChannelQuant shared = quant::make_channel_quant(a.multiplier[0], a.shift[0]);
  const int32_t depth = p.input_depth, groups = depth >> 2;
  int32_t acc[2] = {a.bias != nullptr ? a.bias[0] : 0, a.bias != nullptr ? a.bias[1] : 0};
  dot2_raw(in, a.packed_weights, groups, pair(p.input_offset), acc);
  if ((depth & 3) != 0) {
    int32_t lane[4] = {0, 0, 0, 0};  // steps k, k+1, k+2, k+3 of the last group, offset added
    for (int32_t k = 4 * groups; k < depth; ++k) lane[k - 4 * groups] = in[k] + p.input_offset;
    const uint32_t e = (static_cast<uint32_t>(lane[0]) & 0xFFFFu) | (static_cast<uint32_t>(lane[2]) << 16);
    const uint32_t o = (static_cast<uint32_t>(lane[1]) & 0xFFFFu) | (static_cast<uint32_t>(lane[3]) << 16);
    const int16_t* w = a.packed_weights + 8 * static_cast<size_t>(groups);
    acc[0] = dsp::smlad(dsp::load_u32(w + 2), o, dsp::smlad(dsp::load_u32(w), e, acc[0]));
    acc[1] = dsp::smlad(dsp::load_u32(w + 6), o, dsp::smlad(dsp::load_u32(w + 4), e, acc[1]));
  }
  for (int r = 0; r < 2; ++r) {
    out[r] = requant_out<kFast>(acc[r], quant_of<kFast>(p, a, r, shared), p.output_offset, p.activation_min,
                                p.activation_max);
  }
}

void packed_dispatch(const FullyConnectedParams& p, const FullyConnectedS8Args& a, const int16_t* x, int8_t* out) {
  if (fast_output(p, a))
    packed_rows<true>(p, a, x, out);
  else
    packed_rows<false>(p, a, x, out);
}

}  // namespace

size_t packed_weight_count(const FullyConnectedParams& p) {
  const int64_t n = int64_t{p.output_depth} * padded_depth(p.input_depth);
  return n > INT32_MAX / 2 ? 0 : static_cast<size_t>(n);  // 0: too large to address as bytes in int32
}

void pack_weights(const FullyConnectedParams& p, const int8_t* weights, int16_t* packed) {
  const int32_t depth = padded_depth(p.input_depth);
  static const int kLane[4] = {0, 2, 1, 3};
  for (int32_t o = 0, rows = 0; o < p.output_depth; o += rows) {
    const int32_t left = p.output_depth - o;
    rows = left >= 4 ? 4 : left >= 2 ? 2 : 1;
    int16_t* dst = packed + static_cast<size_t>(o) * depth;
    for (int32_t g = 0; g < depth / 4; ++g) {
      for (int32_t r = 0; r < rows; ++r) {
        const int8_t* row = weights + static_cast<size_t>(o + r) * p.input_depth;
        for (int lane = 0; lane < 4; ++lane) {
          const int32_t k = 4 * g + kLane[lane];
          *dst++ = static_cast<int16_t>(k < p.input_depth ? row[k] + p.filter_offset : 0);
        }
      }
    }
  }
}

// Below four rows the per-batch input widening is not amortised (256->2: 2,076 lab-m4 cycles against
// 1,493 for the kernel-sum variant): output_depth 2 runs on the raw input instead (raw_pair_rows, no
// scratch); 1 and 3 rows are left to the others.
bool dsp_packed_supports(const FullyConnectedParams& p) {
  return p.has_packed_weights && (p.output_depth >= 4 || p.output_depth == 2) && packed_weight_count(p) > 0;
}

size_t dsp_packed_scratch_bytes(const FullyConnectedParams& p) {
  if (p.output_depth == 2) return 0;
  return 2 * static_cast<size_t>(padded_depth(p.input_depth));
}

Status dsp_packed_run(const FullyConnectedParams& p, const FullyConnectedS8Args& a, void* scratch, size_t) {
  if (p.output_depth == 2) {
    const bool fast = fast_output(p, a);
    for (int32_t b = 0; b < p.batches; ++b) {
      const int8_t* in = a.input + static_cast<size_t>(b) * p.input_depth;
      int8_t* out = a.output + static_cast<size_t>(b) * 2;
      if (fast) raw_pair_rows<true>(p, a, in, out);
      else raw_pair_rows<false>(p, a, in, out);
    }
    return Status::kOk;
  }
  auto* x = static_cast<int16_t*>(scratch);
  const int32_t depth = p.input_depth, padded = padded_depth(depth), body = depth & ~3;
  const uint32_t io = pair(p.input_offset);
  for (int32_t b = 0; b < p.batches; ++b) {
    const int8_t* in = a.input + static_cast<size_t>(b) * depth;
    for (int32_t k = 0; k < body; k += 4) {
      const uint32_t v = dsp::load_u32(in + k);
      dsp::store_u32(x + k, dsp::sxtab16(io, v));
      dsp::store_u32(x + k + 2, dsp::sxtab16_ror8(io, v));
    }
    for (int32_t k = body; k < padded; ++k) x[k] = 0;  // the weights there are 0 as well
    static const int kLane[4] = {0, 2, 1, 3};
    for (int lane = 0; lane < 4 && body < depth; ++lane) {
      const int32_t k = body + kLane[lane];
      if (k < depth) x[body + lane] = static_cast<int16_t>(in[k] + p.input_offset);
    }
    int8_t* out = a.output + static_cast<size_t>(b) * p.output_depth;
    packed_dispatch(p, a, x, out);
  }
  return Status::kOk;
}

}  // namespace cmnn::fc

// fully_connected_s8 pairs dsp: int8 weights reordered offline (fully_connected_s8_pair_weights)
// so that one 32-bit load holds two steps of two rows, and the rows need no SXTB16.
//
// The trick. A weight word of a row pair (l, h) = bytes (l[k] ^ 0x80, h[k], l[k'] ^ 0x80, h[k'])
// read as two int16 lanes is (256 h[k] + l[k] + 128, 256 h[k'] + l[k'] + 128): the high byte is h
// (signed), the low byte l + 128 (unsigned, thanks to the flipped sign bit). With the input lanes
// X = (x[k], x[k']) (SXTB16 of the raw input, shared by every row):
//   A += SMLAD(word, X)               = 256 h.x + l.x + 128 (x[k] + x[k'])
//   B += SMLAD(word & 0xFF00FF00, X)  = 256 h.x
// so per 4 MACs one load, one AND and two SMLADs (int8 weights otherwise need two SXTB16), and at
// the end h.x = B / 256, l.x = A - B - 128 sum(x). All sums wrap in 32 bits (SMLAD wraps; A - B is
// exact modulo 2^32 and l.x fits), except that B must not wrap: |h.x| <= 16384 per step, so B is
// emptied every kChunkGroups groups (480 steps: |B| <= 480 * 16384 * 256 < 2^31).
//
// Layout (int8, same size as the weights): input_depth % 4 == 0, output_depth % 4 == 0 (smaller
// heads such as 256->2 or 64->10 keep their own variants); rows in blocks of four (pairs (o, o+1)
// and (o+2, o+3)); inside a block, per group of four steps k = 4g..4g+3 and per pair, the even
// word (steps k, k+2) then the odd word (k+1, k+3): 16 bytes per group.
// The input is the raw int8 input: the input offset and bias come from the kernel sums.
//
// Cost per group of 16 MACs (four rows x four steps): Cortex-M4 a run of five loads (6 cycles),
// 2 SXTB16, 4 AND, 8 SMLAD = 20 est. m4 cycles (the int8 kernel-sum variant: 25); Cortex-M7 11
// issue groups (each SMLAD first of a pair beside an AND or a load; the int8 variant: 14).
// TFLite's usual per-tensor FC on the Cortex-M4 widens the input once per batch into int16 lanes
// (the scratch, widen_input_lanes), then runs its blocks in threes as six-row passes
// (fc_s8_pairs_m4_six.h, 28 est. cycles per 24 MACs) and the blocks left in fc_s8_pairs_m4_lean.h
// (19 per 16).
#include "arch/dsp/intrinsics.h"
#include "arch/dsp/schedule.h"
#include "kernels/fully_connected/fc_s8_output.h"
#include "kernels/fully_connected/fc_s8_pairs_m4_lean.h"
#include "kernels/fully_connected/fc_s8_pairs_m4_six.h"

namespace cmnn::fc {
namespace {

constexpr int32_t kChunkGroups = 120;  // B (256 h.x) stays inside int32 over 480 steps (< 512); a multiple of 8 (the M4 loop)
constexpr uint32_t kHighBytes = 0xFF00FF00u;

inline int32_t wrapping_sub(int32_t a, int32_t b) {
  return static_cast<int32_t>(static_cast<uint32_t>(a) - static_cast<uint32_t>(b));
}

// Accumulators of one block: A and B per row pair.
struct PairSums {
  int32_t a[2];
  int32_t b[2];
};

// `groups` groups of `kPairs` row pairs (portable form; the DSP cores use the assembly below).
// w: the block's bytes of the first group; x: the raw input of the first group.
template <int kPairs>
inline void pairs_portable(const int8_t* x, const int8_t* w, int32_t groups, PairSums* s) {
  for (int32_t g = 0; g < groups; ++g, x += 4, w += 8 * kPairs) {
    const uint32_t v = dsp::load_u32(x), xe = dsp::sxtb16(v), xo = dsp::sxtb16_ror8(v);
    for (int p = 0; p < kPairs; ++p) {
      const uint32_t we = dsp::load_u32(w + 8 * p), wo = dsp::load_u32(w + 8 * p + 4);
      s->a[p] = dsp::smlad(we, xe, s->a[p]);
      s->b[p] = dsp::smlad(we & kHighBytes, xe, s->b[p]);
      s->a[p] = dsp::smlad(wo, xo, s->a[p]);
      s->b[p] = dsp::smlad(wo & kHighBytes, xo, s->b[p]);
    }
  }
}

#if defined(__ARM_FEATURE_DSP) && !CMNN_DUAL_ISSUE_SCHEDULE
// Cortex-M4: per group one run of five loads at immediate offsets (a write-back load would end
// the run), then the input's two SXTB16 and the pairs; eight groups per iteration, the pointer
// steps and counter after them (6 cycles per 128 MACs); n % 8 groups enter at a later group with
// the pointers moved back. 13 registers.
#define CMNN_FC_PAIRS_M4_GROUP(X, W0, W4, W8, W12)  \
  "ldr %[xo], [%[x], #" X "]\n\t"                  \
  "ldr %[w0], [%[w], #" W0 "]\n\t"                 \
  "ldr %[w1], [%[w], #" W4 "]\n\t"                 \
  "ldr %[w2], [%[w], #" W8 "]\n\t"                 \
  "ldr %[w3], [%[w], #" W12 "]\n\t"                \
  "sxtb16 %[xe], %[xo]\n\t"                        \
  "sxtb16 %[xo], %[xo], ror #8\n\t"                \
  "smlad %[a0], %[w0], %[xe], %[a0]\n\t"           \
  "and %[w0], %[w0], #0xFF00FF00\n\t"              \
  "smlad %[b0], %[w0], %[xe], %[b0]\n\t"           \
  "smlad %[a0], %[w1], %[xo], %[a0]\n\t"           \
  "and %[w1], %[w1], #0xFF00FF00\n\t"              \
  "smlad %[b0], %[w1], %[xo], %[b0]\n\t"           \
  "smlad %[a1], %[w2], %[xe], %[a1]\n\t"           \
  "and %[w2], %[w2], #0xFF00FF00\n\t"              \
  "smlad %[b1], %[w2], %[xe], %[b1]\n\t"           \
  "smlad %[a1], %[w3], %[xo], %[a1]\n\t"           \
  "and %[w3], %[w3], #0xFF00FF00\n\t"              \
  "smlad %[b1], %[w3], %[xo], %[b1]\n\t"

__attribute__((always_inline)) inline void two_pairs(const int8_t* x, const int8_t* w, int32_t groups, PairSums* s) {
  if (groups <= 0) return;
  int32_t a0 = s->a[0], b0 = s->b[0], a1 = s->a[1], b1 = s->b[1];
  const int32_t skip = (8 - (groups & 7)) & 7;  // groups of the first iteration not run
  int32_t n = (groups + 7) >> 3;
  x -= 4 * skip;
  w -= 16 * skip;
  uint32_t xe, xo, w0, w1, w2, w3;
  __asm__ volatile(
      "cmp %[skip], #0\n\t"
      "beq 1f\n\t"
      "cmp %[skip], #4\n\t"
      "beq 5f\n\t"
      "cmp %[skip], #6\n\t"
      "beq 7f\n\t"
      "cmp %[skip], #2\n\t"
      "beq 3f\n\t"
      "cmp %[skip], #1\n\t"
      "beq 2f\n\t"
      "cmp %[skip], #3\n\t"
      "beq 4f\n\t"
      "cmp %[skip], #5\n\t"
      "beq 6f\n\t"
      "b 8f\n\t"
      "1:\n\t" CMNN_FC_PAIRS_M4_GROUP("0", "0", "4", "8", "12")
      "2:\n\t" CMNN_FC_PAIRS_M4_GROUP("4", "16", "20", "24", "28")
      "3:\n\t" CMNN_FC_PAIRS_M4_GROUP("8", "32", "36", "40", "44")
      "4:\n\t" CMNN_FC_PAIRS_M4_GROUP("12", "48", "52", "56", "60")
      "5:\n\t" CMNN_FC_PAIRS_M4_GROUP("16", "64", "68", "72", "76")
      "6:\n\t" CMNN_FC_PAIRS_M4_GROUP("20", "80", "84", "88", "92")
      "7:\n\t" CMNN_FC_PAIRS_M4_GROUP("24", "96", "100", "104", "108")
      "8:\n\t" CMNN_FC_PAIRS_M4_GROUP("28", "112", "116", "120", "124")
      "adds %[x], %[x], #32\n\t"
      "adds %[w], %[w], #128\n\t"
      "subs %[n], %[n], #1\n\t"
      "bne 1b\n\t"
      : [a0] "+r"(a0), [b0] "+r"(b0), [a1] "+r"(a1), [b1] "+r"(b1), [x] "+r"(x), [w] "+r"(w), [n] "+r"(n),
        [xe] "=&r"(xe), [xo] "=&r"(xo), [w0] "=&r"(w0), [w1] "=&r"(w1), [w2] "=&r"(w2), [w3] "=&r"(w3)
      : [skip] "r"(skip)
      : "cc", "memory");
  s->a[0] = a0, s->b[0] = b0, s->a[1] = a1, s->b[1] = b1;
}
#undef CMNN_FC_PAIRS_M4_GROUP
#elif defined(__ARM_FEATURE_DSP)
// Cortex-M7 (schedule.h): every SMLAD first of an issue pair, its second an AND or a load of the
// next group (each loaded word used two or more issue groups later), the input's SXTB16s paired
// with the last load and, in a loop of two groups, the counter step or the branch (nothing between
// them sets flags): 10 issue groups per 16 MACs in the m7 model. The last group is peeled without
// the loads, so nothing past the input or the block is read. 14 registers.
#define CMNN_FC_PAIRS_M7_GROUP(LX, LW1, LW2, LW3, LW0, LAST) \
  "smlad %[a0], %[w0], %[xe], %[a0]\n\t"                    \
  "and %[w0], %[w0], #0xFF00FF00\n\t"                       \
  "smlad %[b0], %[w0], %[xe], %[b0]\n\t"                    \
  LX                                                        \
  "smlad %[a0], %[w1], %[xo], %[a0]\n\t"                    \
  "and %[w1], %[w1], #0xFF00FF00\n\t"                       \
  "smlad %[b0], %[w1], %[xo], %[b0]\n\t"                    \
  LW1                                                       \
  "smlad %[a1], %[w2], %[xe], %[a1]\n\t"                    \
  "and %[w2], %[w2], #0xFF00FF00\n\t"                       \
  "smlad %[b1], %[w2], %[xe], %[b1]\n\t"                    \
  LW2                                                       \
  "smlad %[a1], %[w3], %[xo], %[a1]\n\t"                    \
  "and %[w3], %[w3], #0xFF00FF00\n\t"                       \
  "smlad %[b1], %[w3], %[xo], %[b1]\n\t"                    \
  LW3                                                       \
  "sxtb16 %[xe], %[xr]\n\t"                                 \
  LW0                                                       \
  "sxtb16 %[xo], %[xr], ror #8\n\t"                         \
  LAST

__attribute__((always_inline)) inline void two_pairs(const int8_t* x, const int8_t* w, int32_t groups, PairSums* s) {
  if (groups <= 0) return;
  int32_t a0 = s->a[0], b0 = s->b[0], a1 = s->a[1], b1 = s->b[1];
  int32_t n = groups - 1;
  uint32_t xr, xe, xo, w0, w1, w2, w3;
  __asm__ volatile(
      "ldr %[xr], [%[x]], #4\n\t"
      "ldr %[w0], [%[w], #0]\n\t"
      "ldr %[w1], [%[w], #4]\n\t"
      "ldr %[w2], [%[w], #8]\n\t"
      "ldr %[w3], [%[w], #12]\n\t"
      "sxtb16 %[xe], %[xr]\n\t"
      "adds %[w], %[w], #16\n\t"
      "sxtb16 %[xo], %[xr], ror #8\n\t"
      "cmp %[n], #0\n\t"
      "beq 2f\n\t"
      // Two groups per iteration: n / 2 rounded up, an odd n entering at the second group.
      "adds %[n], %[n], #1\n\t"
      "lsrs %[n], %[n], #1\n\t"
      "bcs 1f\n\t"
      "subs %[n], %[n], #1\n\t"
      "b 3f\n\t"
      "1:\n\t" CMNN_FC_PAIRS_M7_GROUP("ldr %[xr], [%[x]], #4\n\t", "ldr %[w1], [%[w], #4]\n\t",
                                      "ldr %[w2], [%[w], #8]\n\t", "ldr %[w3], [%[w], #12]\n\t",
                                      "ldr %[w0], [%[w]], #16\n\t", "subs %[n], %[n], #1\n\t")
      "3:\n\t" CMNN_FC_PAIRS_M7_GROUP("ldr %[xr], [%[x]], #4\n\t", "ldr %[w1], [%[w], #4]\n\t",
                                      "ldr %[w2], [%[w], #8]\n\t", "ldr %[w3], [%[w], #12]\n\t",
                                      "ldr %[w0], [%[w]], #16\n\t", "bne 1b\n\t")
      "2:\n\t"
      "smlad %[a0], %[w0], %[xe], %[a0]\n\t"
      "and %[w0], %[w0], #0xFF00FF00\n\t"
      "smlad %[b0], %[w0], %[xe], %[b0]\n\t"
      "smlad %[a0], %[w1], %[xo], %[a0]\n\t"
      "and %[w1], %[w1], #0xFF00FF00\n\t"
      "smlad %[b0], %[w1], %[xo], %[b0]\n\t"
      "smlad %[a1], %[w2], %[xe], %[a1]\n\t"
      "and %[w2], %[w2], #0xFF00FF00\n\t"
      "smlad %[b1], %[w2], %[xe], %[b1]\n\t"
      "smlad %[a1], %[w3], %[xo], %[a1]\n\t"
      "and %[w3], %[w3], #0xFF00FF00\n\t"
      "smlad %[b1], %[w3], %[xo], %[b1]\n\t"
      : [a0] "+r"(a0), [b0] "+r"(b0), [a1] "+r"(a1), [b1] "+r"(b1), [x] "+r"(x), [w] "+r"(w), [n] "+r"(n),
        [xr] "=&r"(xr), [xe] "=&r"(xe), [xo] "=&r"(xo), [w0] "=&r"(w0), [w1] "=&r"(w1), [w2] "=&r"(w2),
        [w3] "=&r"(w3)
      :
      : "cc", "memory");
  s->a[0] = a0, s->b[0] = b0, s->a[1] = a1, s->b[1] = b1;
}
#undef CMNN_FC_PAIRS_M7_GROUP
#else
inline void two_pairs(const int8_t* x, const int8_t* w, int32_t groups, PairSums* s) {
  pairs_portable<2>(x, w, groups, s);
}
#endif

// The two-pair dot products of one block over `groups` groups in chunks of kChunkGroups (B emptied
// into the high rows' sums after each). s->a: the low rows' start values on entry, their sums on
// return; high: the high rows' start values, then their sums.
inline void two_pairs_chunked(const int8_t* x, const int8_t* w, int32_t groups, PairSums* s, int32_t* high) {
  for (int32_t g = 0; g < groups; g += kChunkGroups) {
    s->b[0] = s->b[1] = 0;
    two_pairs(x + 4 * g, w + 16 * static_cast<size_t>(g), groups - g < kChunkGroups ? groups - g : kChunkGroups, s);
    for (int q = 0; q < 2; ++q) {
      s->a[q] = wrapping_sub(s->a[q], s->b[q]);
      high[q] = wrapping_add(high[q], s->b[q] >> 8);
    }
  }
}

// The lean output stage's constants and the batch's input term, read through one pointer.
struct LeanBlock {
  quant::ChannelQuant q;
  int32_t offset;
  int32_t correction;  // -128 * sum(x)
};

// Four rows of TFLite's usual FC (fast_output): the kernel sums, the block and requant_lean; the
// four bytes stored last (an int8 store may alias anything).
__attribute__((always_inline)) inline void rows4_lean(const int8_t* x, const int8_t* w, int32_t groups,
                                                      const int32_t* start, const LeanBlock& lean, int8_t* out) {
  PairSums s;
  s.a[0] = wrapping_add(start[0], lean.correction);
  s.a[1] = wrapping_add(start[2], lean.correction);
  int32_t high[2] = {start[1], start[3]};
  if (groups <= kChunkGroups) {  // one chunk (input_depth <= 480): no chunk loop around the block
    s.b[0] = s.b[1] = 0;
    two_pairs(x, w, groups, &s);
    s.a[0] = wrapping_sub(s.a[0], s.b[0]);
    s.a[1] = wrapping_sub(s.a[1], s.b[1]);
    high[0] = wrapping_add(high[0], s.b[0] >> 8);
    high[1] = wrapping_add(high[1], s.b[1] >> 8);
  } else {
    two_pairs_chunked(x, w, groups, &s, high);
  }
  const quant::ChannelQuant q = lean.q;
  const int32_t offset = lean.offset;
  const int8_t y0 = quant::clamp_to_s8<true>(requant_lean(s.a[0], q), offset, -128, 127);
  const int8_t y1 = quant::clamp_to_s8<true>(requant_lean(high[0], q), offset, -128, 127);
  const int8_t y2 = quant::clamp_to_s8<true>(requant_lean(s.a[1], q), offset, -128, 127);
  const int8_t y3 = quant::clamp_to_s8<true>(requant_lean(high[1], q), offset, -128, 127);
  out[0] = y0;
  out[1] = y1;
  out[2] = y2;
  out[3] = y3;
}

#if !(defined(__ARM_FEATURE_DSP) && !CMNN_DUAL_ISSUE_SCHEDULE)
// Every 4-row block of one batch on the lean path, in one leaf call (no call per block); the
// Cortex-M4 runs its assembly loops instead (or block_rows without the input lanes).
__attribute__((noinline)) void blocks_lean(const int8_t* x, const int8_t* w, int32_t groups, int32_t blocks,
                                           const int32_t* start, const LeanBlock& lean, int8_t* out) {
  for (int32_t b = 0; b < blocks; ++b, w += 16 * static_cast<size_t>(groups), start += 4, out += 4) {
    rows4_lean(x, w, groups, start, lean, out);
  }
}
#endif

// Rows o..o + 3 of one batch, any output quantization (requant_out per row).
template <bool kFast>
__attribute__((noinline)) void block_rows(const FullyConnectedParams& p, const FullyConnectedS8Args& a,
                                          const int8_t* x, const int8_t* w, int32_t o, int32_t correction,
                                          const quant::ChannelQuant& shared, int8_t* out) {
  PairSums s;
  int32_t high[2];
  for (int q = 0; q < 2; ++q) {
    s.a[q] = wrapping_add(a.kernel_sums[o + 2 * q], correction);
    high[q] = a.kernel_sums[o + 2 * q + 1];
  }
  two_pairs_chunked(x, w, p.input_depth >> 2, &s, high);
  const int32_t offset = p.output_offset, lo = p.activation_min, hi = p.activation_max;
  for (int q = 0; q < 2; ++q) {
    out[o + 2 * q] = requant_out<kFast>(s.a[q], quant_of<kFast>(p, a, o + 2 * q, shared), offset, lo, hi);
    out[o + 2 * q + 1] = requant_out<kFast>(high[q], quant_of<kFast>(p, a, o + 2 * q + 1, shared), offset, lo, hi);
  }
}

// -128 * the sum of the input bytes (|sum| <= 128 * 32768: no overflow): per word the bytes made
// unsigned (x + 128) and summed by USADA8 on a DSP core; four words per step (a run of loads).
inline uint32_t unsigned_byte_sum(uint32_t word, uint32_t sum) {
  const uint32_t u = word ^ 0x80808080u;
#if defined(__ARM_FEATURE_DSP)
  return __usada8(u, 0, sum);
#else
  return sum + (u & 0xFFu) + ((u >> 8) & 0xFFu) + ((u >> 16) & 0xFFu) + (u >> 24);
#endif
}

// -128 * sum(x) from the sum of the bytes made unsigned.
inline int32_t correction_of(uint32_t unsigned_sum, int32_t depth) {
  return -128 * (static_cast<int32_t>(unsigned_sum) - 128 * depth);
}

int32_t input_correction(const int8_t* x, int32_t depth) {
  uint32_t sum = 0;
  int32_t k = 0;
  for (; k + 16 <= depth; k += 16) {
    const uint32_t v0 = dsp::load_u32(x + k), v1 = dsp::load_u32(x + k + 4), v2 = dsp::load_u32(x + k + 8),
                   v3 = dsp::load_u32(x + k + 12);
    sum = unsigned_byte_sum(v3, unsigned_byte_sum(v2, unsigned_byte_sum(v1, unsigned_byte_sum(v0, sum))));
  }
  for (; k < depth; k += 4) sum = unsigned_byte_sum(dsp::load_u32(x + k), sum);
  return correction_of(sum, depth);
}

#if defined(__ARM_FEATURE_DSP) && !CMNN_DUAL_ISSUE_SCHEDULE
// The input lanes the M4 loops read (fc_s8_pairs_m4_six.h, fc_s8_pairs_m4_lean.h), once per batch
// instead of once per group and pass: per input word g, lanes[4g..4g+1] = SXTB16 (x[4g], x[4g+2])
// and lanes[4g+2..4g+3] = SXTB16 ror 8 (x[4g+1], x[4g+3]), 2 * depth bytes (the variant's scratch).
// Returns input_correction(x, depth) from the same loads. Single LDR/STR only: any alignment works.
// Eight words per iteration in assembly (GCC's loop interleaved the stores with pointer steps and
// cost ~10.5 est. m4 cycles per word), in two halves of four: a run of four loads 5, 4 EOR, 4
// USADA8, 8 SXTB16, 8 STR at immediate offsets (1 each) per half, the steps 6: 68 per 32 inputs.
// The last depth % 32 inputs in C.
#define CMNN_FC_WIDEN_HALF(X0, X4, X8, X12, L0, L4, L8, L12, L16, L20, L24, L28) \
  "ldr %[v0], [%[x], #" X0 "]\n\t"                                                   \
  "ldr %[v1], [%[x], #" X4 "]\n\t"                                                   \
  "ldr %[v2], [%[x], #" X8 "]\n\t"                                                   \
  "ldr %[v3], [%[x], #" X12 "]\n\t"                                                  \
  "sxtb16 %[t], %[v0]\n\t"                                                           \
  "str %[t], [%[l], #" L0 "]\n\t"                                                    \
  "sxtb16 %[t], %[v0], ror #8\n\t"                                                   \
  "str %[t], [%[l], #" L4 "]\n\t"                                                    \
  "sxtb16 %[t], %[v1]\n\t"                                                           \
  "str %[t], [%[l], #" L8 "]\n\t"                                                    \
  "sxtb16 %[t], %[v1], ror #8\n\t"                                                   \
  "str %[t], [%[l], #" L12 "]\n\t"                                                   \
  "sxtb16 %[t], %[v2]\n\t"                                                           \
  "str %[t], [%[l], #" L16 "]\n\t"                                                   \
  "sxtb16 %[t], %[v2], ror #8\n\t"                                                   \
  "str %[t], [%[l], #" L20 "]\n\t"                                                   \
  "sxtb16 %[t], %[v3]\n\t"                                                           \
  "str %[t], [%[l], #" L24 "]\n\t"                                                   \
  "sxtb16 %[t], %[v3], ror #8\n\t"                                                   \
  "str %[t], [%[l], #" L28 "]\n\t"                                                   \
  "eor %[v0], %[v0], #0x80808080\n\t"                                                \
  "usada8 %[s], %[v0], %[z], %[s]\n\t"                                               \
  "eor %[v1], %[v1], #0x80808080\n\t"                                                \
  "usada8 %[s], %[v1], %[z], %[s]\n\t"                                               \
  "eor %[v2], %[v2], #0x80808080\n\t"                                                \
  "usada8 %[s], %[v2], %[z], %[s]\n\t"                                               \
  "eor %[v3], %[v3], #0x80808080\n\t"                                                \
  "usada8 %[s], %[v3], %[z], %[s]\n\t"

int32_t widen_input_lanes(const int8_t* x, int32_t depth, int16_t* lanes) {
  uint32_t sum = 0;
  int32_t n = depth >> 5;
  if (n > 0) {
    uint32_t v0, v1, v2, v3, t, zero = 0;  // zero an in-out operand: not merged with sum's register
    __asm__ volatile(
        "1:\n\t"
        CMNN_FC_WIDEN_HALF("0", "4", "8", "12", "0", "4", "8", "12", "16", "20", "24", "28")
        CMNN_FC_WIDEN_HALF("16", "20", "24", "28", "32", "36", "40", "44", "48", "52", "56", "60")
        "adds %[x], %[x], #32\n\t"
        "adds %[l], %[l], #64\n\t"
        "subs %[n], %[n], #1\n\t"
        "bne 1b\n\t"
        : [x] "+r"(x), [l] "+r"(lanes), [n] "+r"(n), [s] "+r"(sum), [v0] "=&r"(v0), [v1] "=&r"(v1),
          [v2] "=&r"(v2), [v3] "=&r"(v3), [t] "=&r"(t), [z] "+r"(zero)
        :
        : "cc", "memory");
  }
  for (int32_t k = 0; k < (depth & 31); k += 4, lanes += 4) {
    const uint32_t v = dsp::load_u32(x + k);
    sum = unsigned_byte_sum(v, sum);
    dsp::store_u32(lanes, dsp::sxtb16(v));
    dsp::store_u32(lanes + 2, dsp::sxtb16_ror8(v));
  }
  return correction_of(sum, depth);
}
#undef CMNN_FC_WIDEN_HALF

// The M4 loops' output constants (fc_s8_pairs_m4_lean.h): FastQuant for right shifts 1..23; for
// right 0 the doubling high product needs no rounding, and round carries the output offset.
inline quant::FastQuant m4_lean_quant(int32_t multiplier, int32_t right, int32_t offset) {
  if (right >= 1) return quant::make_fast_quant(multiplier, -right, offset);
  return {static_cast<int32_t>(static_cast<uint32_t>(multiplier) << 1), offset, 0};
}
#endif

// Whether the variant takes the input lanes' scratch (dsp_pairs_scratch_bytes): from 8 rows. The
// widening costs ~4 est. m4 cycles per input word more than the raw input's correction sum and
// saves one per word per six-row pass or four-row block, so 8 rows (two blocks) lose ~0.5 cycles per
// input against the raw-input loops (which are no longer built) but beat the C blocks (block_rows:
// ~120 cycles per block, 8 groups per iteration); 4 rows run the C blocks on the raw input with no
// scratch (micro_speech's 4000->4 would need 8,000 B of lanes for more cycles than before).
// Not with params.pairs_raw_input (the compiler's choice for the cores without the M4 loops).
bool lanes_pay(const FullyConnectedParams& p) { return !p.pairs_raw_input && p.output_depth >= 8; }

#if defined(__ARM_FEATURE_DSP) && !CMNN_DUAL_ISSUE_SCHEDULE
// lanes: 2 * input_depth bytes of scratch when lanes_pay(p), else null (the Cortex-M4 loops widen
// the input into it).
void batch_rows(const FullyConnectedParams& p, const FullyConnectedS8Args& a, const int8_t* x, int16_t* lanes,
                int8_t* out) {
  const int32_t groups = p.input_depth >> 2;
  const int8_t* w = a.pair_weights;
  if (lanes != nullptr && fast_output(p, a)) {
    {  // fast_output: multiplier >= 2^30 and right <= 23, so FastQuant or its shift-0 form
      const int32_t correction = widen_input_lanes(x, p.input_depth, lanes);
      const int32_t right = a.shift[0] < 0 ? -a.shift[0] : 0;  // make_channel_quant's, without the rest
      const quant::FastQuant fq = m4_lean_quant(a.multiplier[0], right, p.output_offset);
      const int32_t iters = (groups + 31) >> 5, skip = (32 - (groups & 31)) & 31;
      const int16_t* entry = lanes - 4 * skip;  // 4 lanes (8 bytes) per group
      // Blocks in threes: six rows per pass (fc_s8_pairs_m4_six.h); the one or two left: four.
      const int32_t triples = p.output_depth / 12, six_rows = 12 * triples;
      if (triples > 0) {
        PairsSixM4Frame f6{entry, a.kernel_sums, out, out + six_rows, correction, fq.m2, fq.round,
                           fq.shift, skip, entry + 128 * iters, 16 * groups};
        pairs_triples_lean_m4(&f6, w);
        if (six_rows == p.output_depth) return;
      }
      const int32_t first = iters < kM4LeanChunkIters ? iters : kM4LeanChunkIters;
      PairsM4Frame f{entry, a.kernel_sums + six_rows, out + six_rows, out + p.output_depth, correction, fq.m2,
                     fq.round, fq.shift, skip, first, iters - first};
      pairs_blocks_lean_m4(&f, w + static_cast<size_t>(six_rows) * p.input_depth);
      return;
    }
  }
  // Without the lanes (4 rows, pairs_raw_input) or another output quantization: the C blocks with
  // requant_out on the raw input (blocks_lean is not built on the M4: ~1.6 KB for those rare calls).
  const quant::ChannelQuant shared = quant::make_channel_quant(a.multiplier[0], a.shift[0]);
  const int32_t correction = input_correction(x, p.input_depth);
  const size_t block = 4 * static_cast<size_t>(p.input_depth);
  for (int32_t o = 0; o < p.output_depth; o += 4, w += block) block_rows<false>(p, a, x, w, o, correction, shared, out);
}
#else
// The other cores: the raw input (no lanes).
void batch_rows(const FullyConnectedParams& p, const FullyConnectedS8Args& a, const int8_t* x, int8_t* out) {
  const quant::ChannelQuant shared = quant::make_channel_quant(a.multiplier[0], a.shift[0]);
  const int32_t correction = input_correction(x, p.input_depth), groups = p.input_depth >> 2;
  const int8_t* w = a.pair_weights;
  const size_t block = 4 * static_cast<size_t>(p.input_depth);
  if (fast_output(p, a)) {
    const LeanBlock lean{shared, p.output_offset, correction};
    blocks_lean(x, w, groups, p.output_depth >> 2, a.kernel_sums, lean, out);
  } else {
    for (int32_t o = 0; o < p.output_depth; o += 4, w += block) block_rows<false>(p, a, x, w, o, correction, shared, out);
  }
}
#endif

}  // namespace

// Any depth the layout takes: the Cortex-M4 loops run AD's 8->128 (two groups, the TBH entry) in
// 4,166 est. m4 cycles in the layer bench against 5,337 for packed (the compiler keeps packed where
// a core's cost table says so: the M7 there).
bool dsp_pairs_supports(const FullyConnectedParams& p) {
  return p.has_pair_weights && p.has_kernel_sums && pair_layout_fits(p) && p.input_depth >= 4;
}

// Required on every core where lanes_pay (the host compiler plans it with this function, which
// cannot know the core; only the Cortex-M4 loops use it): docs/variants.md, "AD input lanes".
size_t dsp_pairs_scratch_bytes(const FullyConnectedParams& p) {
  return lanes_pay(p) ? 2 * static_cast<size_t>(p.input_depth) : 0;
}

Status dsp_pairs_run(const FullyConnectedParams& p, const FullyConnectedS8Args& a, void* scratch, size_t) {
#if defined(__ARM_FEATURE_DSP) && !CMNN_DUAL_ISSUE_SCHEDULE
  auto* lanes = lanes_pay(p) ? static_cast<int16_t*>(scratch) : nullptr;
  for (int32_t b = 0; b < p.batches; ++b) {
    batch_rows(p, a, a.input + static_cast<size_t>(b) * p.input_depth, lanes,
               a.output + static_cast<size_t>(b) * p.output_depth);
  }
#else
  static_cast<void>(scratch);  // the raw input (the scratch, when given, is not read)
  for (int32_t b = 0; b < p.batches; ++b) {
    batch_rows(p, a, a.input + static_cast<size_t>(b) * p.input_depth, a.output + static_cast<size_t>(b) * p.output_depth);
  }
#endif
  return Status::kOk;
}

bool pair_layout_fits(const FullyConnectedParams& p) {
  return p.filter_offset == 0 && p.input_depth % 4 == 0 && p.output_depth % 4 == 0;
}

void pair_weights(const FullyConnectedParams& p, const int8_t* weights, int8_t* pairs) {
  const int32_t depth = p.input_depth;
  static const int kStep[4] = {0, 2, 1, 3};  // even word (k, k+2), then odd word (k+1, k+3)
  int8_t* dst = pairs;
  for (int32_t o = 0; o < p.output_depth; o += 4) {
    for (int32_t g = 0; g < depth / 4; ++g) {
      for (int32_t q = 0; q < 2; ++q) {
        const int8_t* low = weights + static_cast<size_t>(o + 2 * q) * depth + 4 * g;
        const int8_t* high = low + depth;
        for (int i = 0; i < 4; ++i) {
          *dst++ = static_cast<int8_t>(static_cast<uint8_t>(low[kStep[i]]) ^ 0x80u);
          *dst++ = high[kStep[i]];
        }
      }
    }
  }
}

}  // namespace cmnn::fc

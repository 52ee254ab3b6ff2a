// DSP micro-kernels of conv2d_s8 (layout contract in mat_mult_s8_s16_dsp.h). Built on every
// target: ACLE instructions on Armv7E-M, the bit-exact emulation elsewhere.
#include "kernels/conv/mat_mult_s8_s16_dsp.h"

#include <cstddef>

#include "arch/dsp/intrinsics.h"
#include "arch/dsp/schedule.h"
#include "kernels/conv/quad_output_m7.h"

namespace cmnn::conv {

void im2col_pack_column(const int8_t* src, int32_t depth, int32_t input_offset, int16_t* cols, int column) {
  const int32_t body = depth & ~3;
  im2col_pack_groups(src, body, input_offset, cols, 0, column);
  const int32_t tail = depth - body;
  int16_t* dst = cols + 2 * body + column * tail;
  for (int32_t i = 0; i < tail; ++i) dst[i] = static_cast<int16_t>(src[body + i] + input_offset);
}

void im2col_pack_pair_groups(const int8_t* src0, const int8_t* src1, int32_t count, int32_t input_offset,
                             int16_t* cols, int32_t first_group) {
  im2col_pack_groups(src0, count, input_offset, cols, first_group, 0);
  im2col_pack_groups(src1, count, input_offset, cols, first_group, 1);
}

namespace {

// Two accumulation groups (8 steps) of one filter row against the column pair.
struct Lanes {
  uint32_t even, odd;
};
inline Lanes widen(const int8_t* w) {
  const uint32_t v = dsp::load_u32(w);
  return {dsp::sxtb16(v), dsp::sxtb16_ror8(v)};
}

// acc00/acc10 (rows r, r+1) against column 0, acc01/acc11 against column 1, over `groups` groups.
struct Block {
  int32_t acc00, acc01, acc10, acc11;
};

inline void one_group(Block& b, const int8_t* w0, const int8_t* w1, const int16_t* c) {
  const uint32_t c0e = dsp::load_u32(c), c0o = dsp::load_u32(c + 2);
  const uint32_t c1e = dsp::load_u32(c + 4), c1o = dsp::load_u32(c + 6);
  const Lanes a = widen(w0), bb = widen(w1);
  b.acc00 = dsp::smlad(a.odd, c0o, dsp::smlad(a.even, c0e, b.acc00));
  b.acc01 = dsp::smlad(a.odd, c1o, dsp::smlad(a.even, c1e, b.acc01));
  b.acc10 = dsp::smlad(bb.odd, c0o, dsp::smlad(bb.even, c0e, b.acc10));
  b.acc11 = dsp::smlad(bb.odd, c1o, dsp::smlad(bb.even, c1e, b.acc11));
}

#if defined(__ARM_FEATURE_DSP)
// One group (4 steps) of the 2x2 block, rows w0 and w0 + d, the column pointer c kept 4 bytes
// behind the pair (C0..C12 = its byte offsets + 4): column 0 and both weight words loaded in one
// run of four loads, 4 SXTB16, column 1 in a run of two, 8 SMLAD. The Cortex-M4 pipelines a load
// behind a load only when the first does not update its base (TRM load/store timings), so the
// pointers move only in the last load of a run: w0 by 4 in every group (post-indexed), c by 16
// per group in the last group of a pass (pre-indexed, WB = "!"): 20 est. m4 cycles per group, no
// extra instruction (was 24 with every load post-indexed). 14 registers: 4 accumulators, w0, c,
// d, 6 operand words, the counter.
#define CMNN_GROUP_2X2_AT(C0, C4, C8, C12, WB)     \
  "ldr %[x], [%[c], #" C0 "]\n\t"                  \
  "ldr %[y], [%[c], #" C4 "]\n\t"                  \
  "ldr %[be], [%[w0], %[d]]\n\t"                   \
  "ldr %[ae], [%[w0]], #4\n\t"                     \
  "sxtb16 %[ao], %[ae], ror #8\n\t"                \
  "sxtb16 %[ae], %[ae]\n\t"                        \
  "sxtb16 %[bo], %[be], ror #8\n\t"                \
  "sxtb16 %[be], %[be]\n\t"                        \
  "smlad %[a00], %[ae], %[x], %[a00]\n\t"          \
  "smlad %[a10], %[be], %[x], %[a10]\n\t"          \
  "smlad %[a00], %[ao], %[y], %[a00]\n\t"          \
  "smlad %[a10], %[bo], %[y], %[a10]\n\t"          \
  "ldr %[x], [%[c], #" C8 "]\n\t"                  \
  "ldr %[y], [%[c], #" C12 "]" WB "\n\t"           \
  "smlad %[a01], %[ae], %[x], %[a01]\n\t"          \
  "smlad %[a11], %[be], %[x], %[a11]\n\t"          \
  "smlad %[a01], %[ao], %[y], %[a01]\n\t"          \
  "smlad %[a11], %[bo], %[y], %[a11]\n\t"
// Four groups (16 steps, 64 MACs per row pair; c steps 64 bytes) and two groups (c steps 32).
#define CMNN_GROUPS4_2X2                         \
  CMNN_GROUP_2X2_AT("4", "8", "12", "16", "")    \
  CMNN_GROUP_2X2_AT("20", "24", "28", "32", "")  \
  CMNN_GROUP_2X2_AT("36", "40", "44", "48", "")  \
  CMNN_GROUP_2X2_AT("52", "56", "60", "64", "!")
// Eight groups (32 steps; c steps 128): one loop test per 128 MACs per row pair instead of 64
// (depths with groups % 8 == 0: 3x3 on 32 or 64 channels, 1x1 on 32 or more).
#define CMNN_GROUPS8_2X2                           \
  CMNN_GROUP_2X2_AT("4", "8", "12", "16", "")      \
  CMNN_GROUP_2X2_AT("20", "24", "28", "32", "")    \
  CMNN_GROUP_2X2_AT("36", "40", "44", "48", "")    \
  CMNN_GROUP_2X2_AT("52", "56", "60", "64", "")    \
  CMNN_GROUP_2X2_AT("68", "72", "76", "80", "")    \
  CMNN_GROUP_2X2_AT("84", "88", "92", "96", "")    \
  CMNN_GROUP_2X2_AT("100", "104", "108", "112", "") \
  CMNN_GROUP_2X2_AT("116", "120", "124", "128", "!")
#define CMNN_GROUPS2_2X2                         \
  CMNN_GROUP_2X2_AT("4", "8", "12", "16", "")    \
  CMNN_GROUP_2X2_AT("20", "24", "28", "32", "!")
#define CMNN_GROUP_OUTPUTS                                                                              \
  [a00] "+r"(b.acc00), [a01] "+r"(b.acc01), [a10] "+r"(b.acc10), [a11] "+r"(b.acc11), [w0] "+r"(w0), \
      [c] "+r"(c), [ae] "=&r"(ae), [ao] "=&r"(ao), [be] "=&r"(be), [bo] "=&r"(bo), [x] "=&r"(x),     \
      [y] "=&r"(y)
// The same, x carrying the PairLoopState address in and c an output.
#define CMNN_GROUP_OUTPUTS_STATE                                                                        \
  [a00] "=&r"(b.acc00), [a01] "=&r"(b.acc01), [a10] "=&r"(b.acc10), [a11] "=&r"(b.acc11), [w0] "+r"(w0), \
      [c] "=&r"(c), [ae] "=&r"(ae), [ao] "=&r"(ao), [be] "=&r"(be), [bo] "=&r"(bo), [x] "+r"(x),        \
      [y] "=&r"(y)
#endif

#if defined(__ARM_FEATURE_DSP)
// Loop state of accumulate_pairs_asm, read and written by the assembly (offsets fixed).
struct PairLoopState {
  const int32_t* bias;   // #0: next bias pair
  const int16_t* cols;   // #4
  int32_t passes;        // #8: passes of the group loop (groups / 8 or groups / 4)
  int32_t has_pair;      // #12: groups & 2 when passes of four, else 0
  int32_t* acc;          // #16: next accumulator quad
  int32_t pairs_left;    // #20
};

// The row-pair loop of accumulate_pairs_asm; CMNN_PAIR_ENTRY, CMNN_PAIR_PASS (one pass of the
// group loop) and CMNN_PAIR_TAIL (after the passes; leaves the state address in x) are defined
// at each use.
#define CMNN_PAIRS_ASM \
  "push {%[x]}\n\t" \
  "2:\n\t" \
  "ldr %[x], [sp]\n\t" \
  "ldr %[y], [%[x], #0]\n\t" \
  "ldr %[c], [%[x], #4]\n\t" \
  "ldr %[n], [%[x], #8]\n\t" \
  "ldr %[a00], [%[y]], #4\n\t" \
  "ldr %[a10], [%[y]], #4\n\t" \
  "str %[y], [%[x], #0]\n\t" \
  "sub %[c], %[c], #4\n\t" \
  "mov %[a01], %[a00]\n\t" \
  "mov %[a11], %[a10]\n\t" \
  CMNN_PAIR_ENTRY \
  "1:\n\t" CMNN_PAIR_PASS \
  "subs %[n], %[n], #1\n\t" \
  "bne 1b\n\t" \
  CMNN_PAIR_TAIL \
  "ldr %[y], [%[x], #16]\n\t" \
  "add %[w0], %[w0], %[d]\n\t" \
  "str %[a00], [%[y]], #4\n\t" \
  "str %[a01], [%[y]], #4\n\t" \
  "str %[a10], [%[y]], #4\n\t" \
  "str %[a11], [%[y]], #4\n\t" \
  "str %[y], [%[x], #16]\n\t" \
  "ldr %[n], [%[x], #20]\n\t" \
  "subs %[n], %[n], #1\n\t" \
  "str %[n], [%[x], #20]\n\t" \
  "bne 2b\n\t" \
  "add sp, sp, #4\n\t"
// Every row pair in one assembly loop: the loop state lives in PairLoopState (its address pushed
// on the stack), so the 2x2 block keeps all 14 registers. Needs depth % 8 == 0, a bias array and
// pairs >= 1; leaves w0 after the last row pair. kEight: groups % 8 == 0, eight groups per pass
// (CMNN_GROUPS8_2X2); otherwise four per pass, then two once.
template <bool kEight>
inline const int8_t* accumulate_pairs_asm(const int8_t* filter, int32_t pairs, int32_t depth, const int16_t* cols,
                                          const int32_t* bias, int32_t* acc) {
  const int32_t groups = depth >> 2;
  PairLoopState state{bias, cols, kEight ? groups >> 3 : groups >> 2, kEight ? 0 : groups & 2, acc, pairs};
  Block b{0, 0, 0, 0};
  const int8_t* w0 = filter;
  const int16_t* c;
  int32_t n;
  uint32_t ae, ao, be, bo, y;
  uint32_t x = reinterpret_cast<uintptr_t>(&state);
  // Eight per pass: at least one pass and no two-group tail, so neither is tested (7 est. m4
  // cycles per row pair less). Four per pass: the pass count may be 0, then two groups once.
#define CMNN_PAIR_ENTRY ""
#define CMNN_PAIR_PASS CMNN_GROUPS8_2X2
#define CMNN_PAIR_TAIL "ldr %[x], [sp]\n\t"
  if (kEight) __asm__ volatile(CMNN_PAIRS_ASM : CMNN_GROUP_OUTPUTS_STATE, [n] "=&r"(n) : [d] "r"(depth) : "cc", "memory");
#undef CMNN_PAIR_ENTRY
#undef CMNN_PAIR_PASS
#undef CMNN_PAIR_TAIL
#define CMNN_PAIR_ENTRY                          \
  "cmp %[n], #0\n\t"                             \
  "beq 3f\n\t"
#define CMNN_PAIR_PASS CMNN_GROUPS4_2X2
#define CMNN_PAIR_TAIL                           \
  "3:\n\t"                                       \
  "ldr %[x], [sp]\n\t"                           \
  "ldr %[n], [%[x], #12]\n\t"                    \
  "cmp %[n], #0\n\t"                             \
  "beq 4f\n\t" CMNN_GROUPS2_2X2                  \
  "ldr %[x], [sp]\n\t"                           \
  "4:\n\t"
  else __asm__ volatile(CMNN_PAIRS_ASM : CMNN_GROUP_OUTPUTS_STATE, [n] "=&r"(n) : [d] "r"(depth) : "cc", "memory");
#undef CMNN_PAIR_ENTRY
#undef CMNN_PAIR_PASS
#undef CMNN_PAIR_TAIL
#undef CMNN_PAIRS_ASM
  (void)b;
  (void)c;
  return w0;
}
#endif

#if defined(__ARM_FEATURE_DSP) && CMNN_DUAL_ISSUE_SCHEDULE
constexpr bool kDualIssuePair = true;  // accumulate_2col's row pairs run pair(s)_dual_issue(_all)
#else
constexpr bool kDualIssuePair = false;
#endif

#if defined(__ARM_FEATURE_DSP) && CMNN_DUAL_ISSUE_SCHEDULE
// The 2x2 int8-weight block for the Cortex-M7's dual issue (schedule.h), one row pair over every
// group: the lanes are taken in two phases (the even words of both rows against both columns,
// then the odd words), so the registers of a phase are free as soon as it ends and the next
// group's weight words and column words are loaded one group ahead, each load the second of a
// pair behind an SMLAD that does not read it, each SXTB16 the first of a pair: 11 issue groups
// per group (16 MACs) when two groups run per pass (the m7 model; the block above takes about 18).
// No loaded value is used by the next issue group. The last group is peeled so that no weight is
// read past the two rows; the columns are read up to 12 bytes past the last group (the pair has
// 16 bytes of slack: column_pair_bytes). Registers: 4 accumulators, w0, w1, c, the counter, e1/e2
// (row 0/1: raw word, then its even lanes), o1/o2 (their odd lanes), x and y (column words).
#define CMNN_DUAL_2X2_STEP(C4, C12, CN0, CN8, AFTER_E1)    \
  "smlad %[a00], %[e1], %[x], %[a00]\n\t"                  \
  "smlad %[a10], %[e2], %[x], %[a10]\n\t"                  \
  "ldr %[x], [%[c], #" C4 "]\n\t"                          \
  "smlad %[a01], %[e1], %[y], %[a01]\n\t"                  \
  "ldr %[e1], [%[w0]], #4\n\t"                             \
  "smlad %[a11], %[e2], %[y], %[a11]\n\t"                  \
  "ldr %[y], [%[c], #" C12 "]\n\t"                         \
  "smlad %[a00], %[o1], %[x], %[a00]\n\t"                  \
  "ldr %[e2], [%[w1]], #4\n\t"                             \
  "smlad %[a10], %[o2], %[x], %[a10]\n\t"                  \
  "ldr %[x], [%[c], #" CN0 "]\n\t"                         \
  "smlad %[a01], %[o1], %[y], %[a01]\n\t"                  \
  "sxtb16 %[o1], %[e1], ror #8\n\t"                        \
  "smlad %[a11], %[o2], %[y], %[a11]\n\t"                  \
  "sxtb16 %[o2], %[e2], ror #8\n\t"                        \
  "ldr %[y], [%[c], #" CN8 "]\n\t"                         \
  "sxtb16 %[e1], %[e1]\n\t"                                \
  AFTER_E1                                                 \
  "sxtb16 %[e2], %[e2]\n\t"

// One row pair over every group: the first group's words loaded and widened, two groups per
// pass, the odd group, the peeled last group (n: groups - 1 in, clobbered; c clobbered).
#define CMNN_DUAL_PAIR_BODY \
  "ldr %[e1], [%[w0]], #4\n\t" \
  "ldr %[e2], [%[w1]], #4\n\t" \
  "ldr %[x], [%[c], #0]\n\t" \
  "ldr %[y], [%[c], #8]\n\t" \
  "sxtb16 %[o1], %[e1], ror #8\n\t" \
  "sxtb16 %[o2], %[e2], ror #8\n\t" \
  "sxtb16 %[e1], %[e1]\n\t" \
  "sxtb16 %[e2], %[e2]\n\t" \
  "subs %[n], %[n], #2\n\t" \
  "blt 4f\n\t" \
  "1:\n\t" CMNN_DUAL_2X2_STEP("4", "12", "16", "24", "") \
  CMNN_DUAL_2X2_STEP("20", "28", "32", "40", "add %[c], %[c], #32\n\t") \
  "subs %[n], %[n], #2\n\t" \
  "bge 1b\n\t" \
  "4:\n\t" \
  "adds %[n], %[n], #2\n\t" \
  "beq 2f\n\t" CMNN_DUAL_2X2_STEP("4", "12", "16", "24", "add %[c], %[c], #16\n\t") \
  "2:\n\t" \
  "smlad %[a00], %[e1], %[x], %[a00]\n\t" \
  "smlad %[a10], %[e2], %[x], %[a10]\n\t" \
  "ldr %[x], [%[c], #4]\n\t" \
  "smlad %[a01], %[e1], %[y], %[a01]\n\t" \
  "smlad %[a11], %[e2], %[y], %[a11]\n\t" \
  "ldr %[y], [%[c], #12]\n\t" \
  "smlad %[a00], %[o1], %[x], %[a00]\n\t" \
  "smlad %[a10], %[o2], %[x], %[a10]\n\t" \
  "smlad %[a01], %[o1], %[y], %[a01]\n\t" \
  "smlad %[a11], %[o2], %[y], %[a11]\n\t"

// acc00/acc10 (rows w0, w1) against column 0, acc01/acc11 against column 1, over groups >= 1
// groups; w0 and w1 end past the groups (accumulate_2col's row pairs on the M7 without a bias
// array or with a depth % 4 tail).
inline void pair_dual_issue(const int8_t*& w0, const int8_t*& w1, int32_t groups, const int16_t* c, Block& b) {
  uint32_t e1, e2, o1, o2, x, y;
  int32_t n = groups - 1;  // groups after the first; the loop takes two per pass, then one if odd
  __asm__ volatile(
      CMNN_DUAL_PAIR_BODY
      : [a00] "+r"(b.acc00), [a01] "+r"(b.acc01), [a10] "+r"(b.acc10), [a11] "+r"(b.acc11), [w0] "+r"(w0),
        [w1] "+r"(w1), [c] "+r"(c), [n] "+r"(n), [e1] "=&r"(e1), [e2] "=&r"(e2), [o1] "=&r"(o1), [o2] "=&r"(o2),
        [x] "=&r"(x), [y] "=&r"(y)
      :
      : "cc", "memory");
}

// Loop state of pairs_dual_issue_all, read and written by the assembly (offsets fixed).
struct DualPairState {
  const int32_t* bias;  // #0: next bias pair
  const int16_t* cols;  // #4
  int32_t groups_m1;    // #8: groups - 1
  int32_t* acc;         // #12: next accumulator quad
  int32_t depth;        // #16
  int32_t pairs_left;   // #20
};

// Every row pair of pair_dual_issue in one assembly loop, the loop state on the stack (its address
// pushed): no C prologue and epilogue per row pair (was ~30 instructions around each). The next
// pair's rows follow the last: w0 takes w1's end, w1 one depth further. Needs a bias array,
// pairs >= 1 and depth >= 4 (depth % 4 == 0); acc[4p..4p+3] = rows 2p, 2p+1 against columns 0, 1.
inline void pairs_dual_issue_all(const int8_t* filter, int32_t pairs, int32_t depth, const int16_t* cols,
                                 const int32_t* bias, int32_t* acc) {
  DualPairState state{bias, cols, (depth >> 2) - 1, acc, depth, pairs};
  uint32_t a00, a01, a10, a11, e1, e2, o1, o2, y;
  const int16_t* c;
  int32_t n;
  const int8_t* w0 = filter;
  const int8_t* w1 = filter + depth;
  uint32_t x = reinterpret_cast<uintptr_t>(&state);
  __asm__ volatile(
      "push {%[x]}\n\t"
      "5:\n\t"
      "ldr %[x], [sp]\n\t"
      "ldr %[y], [%[x], #0]\n\t"
      "ldr %[c], [%[x], #4]\n\t"
      "ldr %[n], [%[x], #8]\n\t"
      "ldr %[a00], [%[y]], #4\n\t"
      "ldr %[a10], [%[y]], #4\n\t"
      "str %[y], [%[x], #0]\n\t"
      "mov %[a01], %[a00]\n\t"
      "mov %[a11], %[a10]\n\t"
      CMNN_DUAL_PAIR_BODY
      "ldr %[x], [sp]\n\t"
      "ldr %[y], [%[x], #12]\n\t"
      "ldr %[n], [%[x], #16]\n\t"
      "str %[a00], [%[y], #0]\n\t"
      "mov %[w0], %[w1]\n\t"
      "str %[a01], [%[y], #4]\n\t"
      "add %[w1], %[w1], %[n]\n\t"
      "str %[a10], [%[y], #8]\n\t"
      "str %[a11], [%[y], #12]\n\t"
      "adds %[y], %[y], #16\n\t"
      "str %[y], [%[x], #12]\n\t"
      "ldr %[n], [%[x], #20]\n\t"
      "subs %[n], %[n], #1\n\t"
      "str %[n], [%[x], #20]\n\t"
      "bne 5b\n\t"
      "add sp, sp, #4\n\t"
      : [a00] "=&r"(a00), [a01] "=&r"(a01), [a10] "=&r"(a10), [a11] "=&r"(a11), [w0] "+r"(w0), [w1] "+r"(w1),
        [c] "=&r"(c), [n] "=&r"(n), [e1] "=&r"(e1), [e2] "=&r"(e2), [o1] "=&r"(o1), [o2] "=&r"(o2), [x] "+r"(x),
        [y] "=&r"(y)
      :
      : "cc", "memory");
}
#undef CMNN_DUAL_PAIR_BODY
#endif

// Phase 1: the accumulators of every row against both columns, acc[2r] (column 0) and
// acc[2r + 1] (column 1). Keeping requantization out of this loop leaves the registers to the
// hand-scheduled block and the loop state.
template <bool kTail>
void accumulate_2col(const int8_t* filter, int32_t rows, int32_t depth, const int16_t* cols, const int32_t* bias,
                     int32_t* acc) {
  const int32_t groups = depth >> 2;
  const int32_t tail = depth & 3;
  const int16_t* tail0 = cols + 8 * groups;
  const int16_t* tail1 = tail0 + tail;
  int32_t r = 0;
#if defined(__ARM_FEATURE_DSP) && CMNN_DUAL_ISSUE_SCHEDULE
  if (!kTail && groups > 0 && bias != nullptr && rows >= 2) {
    pairs_dual_issue_all(filter, rows >> 1, depth, cols, bias, acc);
    r = rows & ~1;
  }
#endif
#if defined(__ARM_FEATURE_DSP) && !CMNN_DUAL_ISSUE_SCHEDULE
  if (!kTail && (depth & 7) == 0 && bias != nullptr && rows >= 2) {
    if ((depth & 31) == 0) accumulate_pairs_asm<true>(filter, rows >> 1, depth, cols, bias, acc);
    else accumulate_pairs_asm<false>(filter, rows >> 1, depth, cols, bias, acc);
    r = rows & ~1;
  }
#endif
  for (; r + 2 <= rows; r += 2) {
    const int8_t* w0 = filter + static_cast<size_t>(r) * depth;
    const int8_t* w1 = w0 + depth;
    Block b;
    b.acc00 = bias != nullptr ? bias[r] : 0;
    b.acc10 = bias != nullptr ? bias[r + 1] : 0;
    b.acc01 = b.acc00;
    b.acc11 = b.acc10;
    const int16_t* c = cols;
#if defined(__ARM_FEATURE_DSP) && CMNN_DUAL_ISSUE_SCHEDULE
    if (groups > 0) pair_dual_issue(w0, w1, groups, c, b);
#elif defined(__ARM_FEATURE_DSP)
    // Hand-scheduled on Armv7E-M (CMNN_GROUPS4_2X2 above): four groups (16 steps, 64 MACs) per
    // iteration, then two, then one in C.
    uint32_t ae, ao, be, bo, x, y;
    int32_t n = groups >> 2;
    if (n > 0) {
      __asm__ volatile("sub %[c], %[c], #4\n\t"
                       "1:\n\t" CMNN_GROUPS4_2X2
                       "subs %[n], %[n], #1\n\t"
                       "bne 1b\n\t"
                       "add %[c], %[c], #4\n\t"
                       : CMNN_GROUP_OUTPUTS, [n] "+r"(n)
                       : [d] "r"(depth)
                       : "cc", "memory");
    }
    if (groups & 2) {
      __asm__ volatile("sub %[c], %[c], #4\n\t" CMNN_GROUPS2_2X2 "add %[c], %[c], #4\n\t"
                       : CMNN_GROUP_OUTPUTS
                       : [d] "r"(depth)
                       : "memory");
    }
    w1 = w0 + depth;
#else
    for (int32_t n = groups >> 1; n > 0; --n, c += 16, w0 += 8, w1 += 8) {
      one_group(b, w0, w1, c);
      one_group(b, w0 + 4, w1 + 4, c + 8);
    }
#endif
    if (!kDualIssuePair && (groups & 1)) {
      one_group(b, w0, w1, c);
      w0 += 4;
      w1 += 4;
    }
    if (kTail) {
      for (int32_t t = 0; t < tail; ++t) {
        b.acc00 = mac(b.acc00, w0[t], tail0[t]);
        b.acc01 = mac(b.acc01, w0[t], tail1[t]);
        b.acc10 = mac(b.acc10, w1[t], tail0[t]);
        b.acc11 = mac(b.acc11, w1[t], tail1[t]);
      }
    }
    acc[2 * r] = b.acc00;
    acc[2 * r + 1] = b.acc01;
    acc[2 * r + 2] = b.acc10;
    acc[2 * r + 3] = b.acc11;
  }
  if (r < rows) {
    const int8_t* w0 = filter + static_cast<size_t>(r) * depth;
    int32_t acc00 = bias != nullptr ? bias[r] : 0;
    int32_t acc01 = acc00;
    for (int32_t g = 0; g < groups; ++g, w0 += 4) {
      const int16_t* c = cols + 8 * g;
      const Lanes a = widen(w0);
      acc00 = dsp::smlad(a.odd, dsp::load_u32(c + 2), dsp::smlad(a.even, dsp::load_u32(c), acc00));
      acc01 = dsp::smlad(a.odd, dsp::load_u32(c + 6), dsp::smlad(a.even, dsp::load_u32(c + 4), acc01));
    }
    for (int32_t t = 0; t < tail; ++t) {
      acc00 = mac(acc00, w0[t], tail0[t]);
      acc01 = mac(acc01, w0[t], tail1[t]);
    }
    acc[2 * r] = acc00;
    acc[2 * r + 1] = acc01;
  }
}

#if defined(__ARM_FEATURE_DSP)
// Loop state of accumulate_packed_asm (offsets fixed, read and written by the assembly).
struct PackedLoopState {
  const int32_t* bias;   // #0: next bias pair
  const int16_t* cols;   // #4: column pair start moved back by `entry` groups
  int32_t entry;         // #8: groups to skip in the first pass of four (0..3)
  int32_t* acc;          // #12: next accumulator quad
  int32_t pairs_left;    // #16
};

// One group of the packed 2x2 block at byte offset O (weights and columns advance 16 bytes per
// group): all eight words in one run of loads, then 8 SMLAD (17 lab-m4 cycles per 16 MACs).
#define CMNN_PACKED_GROUP(O, O4, O8, O12)          \
  "ldr %[w0e], [%[pw], #" O "]\n\t"                \
  "ldr %[w0o], [%[pw], #" O4 "]\n\t"               \
  "ldr %[w1e], [%[pw], #" O8 "]\n\t"               \
  "ldr %[w1o], [%[pw], #" O12 "]\n\t"              \
  "ldr %[c0e], [%[pc], #" O "]\n\t"                \
  "ldr %[c0o], [%[pc], #" O4 "]\n\t"               \
  "ldr %[c1e], [%[pc], #" O8 "]\n\t"               \
  "ldr %[c1o], [%[pc], #" O12 "]\n\t"              \
  "smlad %[a00], %[w0e], %[c0e], %[a00]\n\t"       \
  "smlad %[a00], %[w0o], %[c0o], %[a00]\n\t"       \
  "smlad %[a10], %[w1e], %[c0e], %[a10]\n\t"       \
  "smlad %[a10], %[w1o], %[c0o], %[a10]\n\t"       \
  "smlad %[a01], %[w0e], %[c1e], %[a01]\n\t"       \
  "smlad %[a01], %[w0o], %[c1o], %[a01]\n\t"       \
  "smlad %[a11], %[w1e], %[c1e], %[a11]\n\t"       \
  "smlad %[a11], %[w1o], %[c1o], %[a11]\n\t"

// Row pair start: the bias pair into the four accumulators, the column pointer from the state.
#define CMNN_PACKED_PAIR_START         \
  "2:\n\t"                             \
  "ldr %[c0e], [sp]\n\t"               \
  "ldr %[c1e], [%[c0e], #0]\n\t"       \
  "ldr %[pc], [%[c0e], #4]\n\t"        \
  "ldr %[c0o], [%[c0e], #8]\n\t"       \
  "ldr %[a00], [%[c1e]], #4\n\t"       \
  "ldr %[a10], [%[c1e]], #4\n\t"       \
  "str %[c1e], [%[c0e], #0]\n\t"       \
  "mov %[a01], %[a00]\n\t"             \
  "mov %[a11], %[a10]\n\t"
// Row pair end: the four accumulators stored, the next pair while pairs_left > 0.
#define CMNN_PACKED_PAIR_END           \
  "ldr %[c0e], [sp]\n\t"               \
  "ldr %[c1e], [%[c0e], #12]\n\t"      \
  "str %[a00], [%[c1e]], #4\n\t"       \
  "str %[a01], [%[c1e]], #4\n\t"       \
  "str %[a10], [%[c1e]], #4\n\t"       \
  "str %[a11], [%[c1e]], #4\n\t"       \
  "str %[c1e], [%[c0e], #12]\n\t"      \
  "ldr %[c1o], [%[c0e], #16]\n\t"      \
  "subs %[c1o], %[c1o], #1\n\t"        \
  "str %[c1o], [%[c0e], #16]\n\t"      \
  "bne 2b\n\t"
#define CMNN_PACKED_OPERANDS                                                                                    \
  [a00] "+r"(a00), [a01] "+r"(a01), [a10] "+r"(a10), [a11] "+r"(a11), [w0e] "+r"(w0e), [w0o] "+r"(w0o),          \
      [w1e] "+r"(w1e), [w1o] "+r"(w1o), [c0e] "+r"(c0e), [c0o] "+r"(c0o), [c1e] "+r"(c1e), [c1o] "+r"(c1o),      \
      [pw] "+r"(pw), [pc] "+r"(pc)

// Every row pair in one assembly loop; 14 registers (4 accumulators, 4 weight words, 4 column
// words, 2 pointers), the loop state and the column end on the stack. Immediate offsets (no base
// write-back: the Cortex-M4 does not pipeline a load after one). groups % 8 == 0: eight groups per
// pass; otherwise four per pass, a depth with groups % 4 != 0 entering the first pass at group
// 4 - groups % 4 with both pointers moved back by as many groups. Needs a bias array, pairs >= 1,
// depth % 4 == 0.
inline void accumulate_packed_asm(const int16_t* packed, int32_t pairs, int32_t depth, const int16_t* cols,
                                  const int32_t* bias, int32_t* acc) {
  const int32_t groups = depth >> 2;
  const int32_t entry = (4 - (groups & 3)) & 3;
  PackedLoopState state{bias, cols - 8 * entry, entry, acc, pairs};
  uint32_t a00 = 0, a01 = 0, a10 = 0, a11 = 0, w0e = 0, w0o = 0, w1e = 0, w1o = 0, c0o = 0, c1o = 0;
  uint32_t c0e = reinterpret_cast<uintptr_t>(cols + 8 * groups);  // the column end
  uint32_t c1e = reinterpret_cast<uintptr_t>(&state);
  const int16_t* pw = packed;
  const int16_t* pc = cols;
  if ((groups & 7) == 0) {
    __asm__ volatile(
        "push {%[c0e]}\n\t"
        "push {%[c1e]}\n\t"
        CMNN_PACKED_PAIR_START
        "1:\n\t"
        CMNN_PACKED_GROUP("0", "4", "8", "12")
        CMNN_PACKED_GROUP("16", "20", "24", "28")
        CMNN_PACKED_GROUP("32", "36", "40", "44")
        CMNN_PACKED_GROUP("48", "52", "56", "60")
        CMNN_PACKED_GROUP("64", "68", "72", "76")
        CMNN_PACKED_GROUP("80", "84", "88", "92")
        CMNN_PACKED_GROUP("96", "100", "104", "108")
        CMNN_PACKED_GROUP("112", "116", "120", "124")
        "adds %[pw], %[pw], #128\n\t"
        "adds %[pc], %[pc], #128\n\t"
        "ldr %[c0e], [sp, #4]\n\t"
        "cmp %[pc], %[c0e]\n\t"
        "bne 1b\n\t"
        CMNN_PACKED_PAIR_END
        "add sp, sp, #8\n\t"
        : CMNN_PACKED_OPERANDS
        :
        : "cc", "memory");
    return;
  }
  __asm__ volatile(
      "push {%[c0e]}\n\t"
      "push {%[c1e]}\n\t"
      CMNN_PACKED_PAIR_START
      "lsls %[c1o], %[c0o], #4\n\t"
      "subs %[pw], %[pw], %[c1o]\n\t"
      "cmp %[c0o], #2\n\t"
      "beq 6f\n\t"
      "bhi 7f\n\t"
      "cmp %[c0o], #1\n\t"
      "beq 5f\n\t"
      "1:\n\t" CMNN_PACKED_GROUP("0", "4", "8", "12")
      "5:\n\t" CMNN_PACKED_GROUP("16", "20", "24", "28")
      "6:\n\t" CMNN_PACKED_GROUP("32", "36", "40", "44")
      "7:\n\t" CMNN_PACKED_GROUP("48", "52", "56", "60")
      "adds %[pw], %[pw], #64\n\t"
      "adds %[pc], %[pc], #64\n\t"
      "ldr %[c0e], [sp, #4]\n\t"
      "cmp %[pc], %[c0e]\n\t"
      "bne 1b\n\t"
      CMNN_PACKED_PAIR_END
      "add sp, sp, #8\n\t"
      : CMNN_PACKED_OPERANDS
      :
      : "cc", "memory");
}
// Loop state of accumulate_quads_asm (offsets fixed, read and written by the assembly).
struct QuadLoopState {
  const int32_t* bias;   // #0: next bias quad
  const int16_t* cols;   // #4: column pair start moved back by `entry` groups
  int32_t entry;         // #8: groups to skip in the first pass of four (0..3)
  int32_t* acc;          // #12: next 8 accumulators
  int32_t quads_left;    // #16
};

// One group of the 4-row x 2-column block (weights at byte offset W of the quad's stream, 32
// bytes per group; columns at C, 16 bytes per group): the "even" words of both columns and two
// rows in one run of four loads, the other two rows' even words in a run of two, the same for the
// odd words; 12 loads in 4 runs and 16 SMLAD: 32 est. m4 cycles per 32 MACs. 14 registers: 8
// accumulators, 4 operand words, 2 pointers.
#define CMNN_QUAD_GROUP(W0, W4, W8, W12, W16, W20, W24, W28, C0, C4, C8, C12) \
  "ldr %[t0], [%[pc], #" C0 "]\n\t"                                           \
  "ldr %[t1], [%[pc], #" C8 "]\n\t"                                           \
  "ldr %[t2], [%[pw], #" W0 "]\n\t"                                           \
  "ldr %[t3], [%[pw], #" W8 "]\n\t"                                           \
  "smlad %[a00], %[t2], %[t0], %[a00]\n\t"                                    \
  "smlad %[a01], %[t2], %[t1], %[a01]\n\t"                                    \
  "smlad %[a10], %[t3], %[t0], %[a10]\n\t"                                    \
  "smlad %[a11], %[t3], %[t1], %[a11]\n\t"                                    \
  "ldr %[t2], [%[pw], #" W16 "]\n\t"                                          \
  "ldr %[t3], [%[pw], #" W24 "]\n\t"                                          \
  "smlad %[a20], %[t2], %[t0], %[a20]\n\t"                                    \
  "smlad %[a21], %[t2], %[t1], %[a21]\n\t"                                    \
  "smlad %[a30], %[t3], %[t0], %[a30]\n\t"                                    \
  "smlad %[a31], %[t3], %[t1], %[a31]\n\t"                                    \
  "ldr %[t0], [%[pc], #" C4 "]\n\t"                                           \
  "ldr %[t1], [%[pc], #" C12 "]\n\t"                                          \
  "ldr %[t2], [%[pw], #" W4 "]\n\t"                                           \
  "ldr %[t3], [%[pw], #" W12 "]\n\t"                                          \
  "smlad %[a00], %[t2], %[t0], %[a00]\n\t"                                    \
  "smlad %[a01], %[t2], %[t1], %[a01]\n\t"                                    \
  "smlad %[a10], %[t3], %[t0], %[a10]\n\t"                                    \
  "smlad %[a11], %[t3], %[t1], %[a11]\n\t"                                    \
  "ldr %[t2], [%[pw], #" W20 "]\n\t"                                          \
  "ldr %[t3], [%[pw], #" W28 "]\n\t"                                          \
  "smlad %[a20], %[t2], %[t0], %[a20]\n\t"                                    \
  "smlad %[a21], %[t2], %[t1], %[a21]\n\t"                                    \
  "smlad %[a30], %[t3], %[t0], %[a30]\n\t"                                    \
  "smlad %[a31], %[t3], %[t1], %[a31]\n\t"

// Quad start: the bias quad into the eight accumulators, the column pointer from the state, t2 =
// the entry group.
#define CMNN_QUAD_START              \
  "2:\n\t"                           \
  "ldr %[t0], [sp]\n\t"              \
  "ldr %[t1], [%[t0], #0]\n\t"       \
  "ldr %[pc], [%[t0], #4]\n\t"       \
  "ldr %[t2], [%[t0], #8]\n\t"       \
  "ldr %[a00], [%[t1], #0]\n\t"      \
  "ldr %[a10], [%[t1], #4]\n\t"      \
  "ldr %[a20], [%[t1], #8]\n\t"      \
  "ldr %[a30], [%[t1], #12]\n\t"     \
  "adds %[t1], %[t1], #16\n\t"       \
  "str %[t1], [%[t0], #0]\n\t"       \
  "mov %[a01], %[a00]\n\t"           \
  "mov %[a11], %[a10]\n\t"           \
  "mov %[a21], %[a20]\n\t"           \
  "mov %[a31], %[a30]\n\t"
// Quad end: the eight accumulators stored, the next quad while quads_left > 0.
#define CMNN_QUAD_END                \
  "ldr %[t0], [sp]\n\t"              \
  "ldr %[t1], [%[t0], #12]\n\t"      \
  "str %[a00], [%[t1], #0]\n\t"      \
  "str %[a01], [%[t1], #4]\n\t"      \
  "str %[a10], [%[t1], #8]\n\t"      \
  "str %[a11], [%[t1], #12]\n\t"     \
  "str %[a20], [%[t1], #16]\n\t"     \
  "str %[a21], [%[t1], #20]\n\t"     \
  "str %[a30], [%[t1], #24]\n\t"     \
  "str %[a31], [%[t1], #28]\n\t"     \
  "adds %[t1], %[t1], #32\n\t"       \
  "str %[t1], [%[t0], #12]\n\t"      \
  "ldr %[t2], [%[t0], #16]\n\t"      \
  "subs %[t2], %[t2], #1\n\t"        \
  "str %[t2], [%[t0], #16]\n\t"      \
  "bne 2b\n\t"                       \
  "add sp, sp, #8\n\t"
#define CMNN_QUAD_OPERANDS                                                                                       \
  [a00] "+r"(a00), [a01] "+r"(a01), [a10] "+r"(a10), [a11] "+r"(a11), [a20] "+r"(a20), [a21] "+r"(a21),          \
      [a30] "+r"(a30), [a31] "+r"(a31), [t0] "+r"(t0), [t1] "+r"(t1), [t2] "+r"(t2), [t3] "+r"(t3), [pw] "+r"(pw), \
      [pc] "+r"(pc)

#if CMNN_DUAL_ISSUE_SCHEDULE
// The same group for the Cortex-M7's dual issue: every load is the second instruction of a pair
// whose first is an SMLAD that does not read it, and every SMLAD's operands were loaded at least
// one issue group earlier (16 est. m7 cycles per 32 MACs). The group starts with column 0's and
// column 1's even words and row 0's even word already loaded (t0, t1, t2) and ends having loaded
// the next group's (one group ahead: up to 4 bytes past the quad's weights and 12 past the column
// pair, covered by conv2d_s8_pack's slack and the scratch's). Both pointers advance inside the
// group, so every group is the same text.
#define CMNN_QUAD_GROUP_M7                    \
  "smlad %[a00], %[t2], %[t0], %[a00]\n\t"    \
  "ldr %[t3], [%[pw], #8]\n\t"                \
  "smlad %[a01], %[t2], %[t1], %[a01]\n\t"    \
  "ldr %[t2], [%[pw], #16]\n\t"               \
  "smlad %[a10], %[t3], %[t0], %[a10]\n\t"    \
  "smlad %[a11], %[t3], %[t1], %[a11]\n\t"    \
  "ldr %[t3], [%[pw], #24]\n\t"               \
  "smlad %[a20], %[t2], %[t0], %[a20]\n\t"    \
  "smlad %[a21], %[t2], %[t1], %[a21]\n\t"    \
  "ldr %[t2], [%[pw], #4]\n\t"                \
  "smlad %[a30], %[t3], %[t0], %[a30]\n\t"    \
  "ldr %[t0], [%[pc], #4]\n\t"                \
  "smlad %[a31], %[t3], %[t1], %[a31]\n\t"    \
  "ldr %[t1], [%[pc], #12]\n\t"               \
  "smlad %[a00], %[t2], %[t0], %[a00]\n\t"    \
  "ldr %[t3], [%[pw], #12]\n\t"               \
  "smlad %[a01], %[t2], %[t1], %[a01]\n\t"    \
  "ldr %[t2], [%[pw], #20]\n\t"               \
  "smlad %[a10], %[t3], %[t0], %[a10]\n\t"    \
  "adds %[pc], %[pc], #16\n\t"                \
  "smlad %[a11], %[t3], %[t1], %[a11]\n\t"    \
  "ldr %[t3], [%[pw], #28]\n\t"               \
  "smlad %[a20], %[t2], %[t0], %[a20]\n\t"    \
  "adds %[pw], %[pw], #32\n\t"                \
  "smlad %[a21], %[t2], %[t1], %[a21]\n\t"    \
  "ldr %[t2], [%[pw], #0]\n\t"                \
  "smlad %[a30], %[t3], %[t0], %[a30]\n\t"    \
  "ldr %[t0], [%[pc], #0]\n\t"                \
  "smlad %[a31], %[t3], %[t1], %[a31]\n\t"    \
  "ldr %[t1], [%[pc], #8]\n\t"
// The Cortex-M7 quad loop's state, copied onto the stack at its entry (CMNN_M7_STATE_ONTO_STACK):
// every word one sp-relative load, no state pointer to load first (offsets fixed).
struct QuadStackStateM7 {
  const int32_t* bias;      // #0: next bias quad
  const int16_t* cols;      // #4: the column pair
  int32_t entry;            // #8: the first pass's entry group (kEntry)
  const int16_t* weights;   // #12: the next quad's weights (parked by the end)
  QuadEndState out;         // #16..#32: bound, next, add, out0, out1 (CMNN_M7_QUAD_END)
  const int16_t* end;       // #36: the column end (a pass ends when pc reaches it)
};
static_assert(offsetof(QuadStackStateM7, out) == 16 && offsetof(QuadStackStateM7, end) == 36 &&
                  sizeof(QuadStackStateM7) == 40,
              "the M7 quad loop reads QuadStackStateM7 by offset");
// Quad start without an entry group, then the first group's three words: the bias quad by LDRD,
// the weight pointer (parked at #12 by the end) reloaded, the accumulator copies beside the loads
// (Cortex-M7 pairs).
#define CMNN_QUAD_START_M7                \
  "2:\n\t"                                \
  "ldrd %[t1], %[pc], [sp, #0]\n\t"       \
  "ldr %[pw], [sp, #12]\n\t"              \
  "ldrd %[a00], %[a10], [%[t1], #0]\n\t"  \
  "ldrd %[a20], %[a30], [%[t1], #8]\n\t"  \
  "adds %[t1], %[t1], #16\n\t"            \
  "str %[t1], [sp, #0]\n\t"               \
  "mov %[a01], %[a00]\n\t"                \
  "ldr %[t2], [%[pw], #0]\n\t"            \
  "mov %[a11], %[a10]\n\t"                \
  "ldr %[t0], [%[pc], #0]\n\t"            \
  "mov %[a21], %[a20]\n\t"                \
  "ldr %[t1], [%[pc], #8]\n\t"            \
  "mov %[a31], %[a30]\n\t"
// Quad end (quad_output_m7.h, fused or two-phase by the state's add word): the weight pointer
// parked at #12 for the next start, t0..t3, pw and pc the six free registers.
#define CMNN_QUAD_END_M7 CMNN_M7_QUAD_END("t0", "t1", "t2", "t3", "pw", "pc", "12", "20", "24", "28", "16")
#define CMNN_QUAD_PASS_END_M7        \
  "ldr %[t3], [sp, #36]\n\t"         \
  "cmp %[pc], %[t3]\n\t"             \
  "bne 1b\n\t"

// Every row quad, Cortex-M7 schedule. kGroups == 12: twelve groups per pass (groups % 12 == 0:
// 3x3 on 16, 32 or 64 channels); kGroups == 4, 2, 1: as many (groups a multiple of it; short
// depths). kGroups == 8: eight per pass, the first pass of every quad
// entering at group `entry` = (8 - groups % 8) % 8 through a TBH table when kEntry (each group is
// the same text and moves both pointers itself, so nothing is moved back). One loop test per 8 or
// 12 groups (was 1, 2 or 4: RGB's 7 groups took 7 passes, KWS's 10 five). Each quad ends in
// CMNN_QUAD_END_M7 as `out` says (quad_end_fused: requantized; quad_end_store: into the accumulators).
#define CMNN_QUAD_FOUR_M7 CMNN_QUAD_GROUP_M7 CMNN_QUAD_GROUP_M7 CMNN_QUAD_GROUP_M7 CMNN_QUAD_GROUP_M7
// The operands of the M7 loop: t2 in a low register ("l": CMNN_M7_QUAD_END's CBNZ tests it).
#define CMNN_QUAD_OPERANDS_M7                                                                                    \
  [a00] "+r"(a00), [a01] "+r"(a01), [a10] "+r"(a10), [a11] "+r"(a11), [a20] "+r"(a20), [a21] "+r"(a21),          \
      [a30] "+r"(a30), [a31] "+r"(a31), [t0] "+r"(t0), [t1] "+r"(t1), [t2] "+l"(t2), [t3] "+r"(t3), [pw] "+r"(pw), \
      [pc] "+r"(pc)
#define CMNN_QUAD_M7_ASM(BODY)                                                                   \
  __asm__ volatile(CMNN_M7_STATE_ONTO_STACK("t1", "a00", "a01") CMNN_QUAD_START_M7 BODY          \
                       CMNN_QUAD_PASS_END_M7 CMNN_QUAD_END_M7 "add sp, sp, #40\n\t"              \
                   : CMNN_QUAD_OPERANDS_M7                                                       \
                   :                                                                             \
                   : "cc", "memory");
template <int kGroups, bool kEntry>
inline void accumulate_quads_m7(const int16_t* packed, int32_t depth, const int16_t* cols,
                                const int32_t* bias, const QuadEndState& out) {
  static_assert(kGroups == 8 || (kGroups != 8 && !kEntry), "only eight per pass has an entry table");
  const int32_t groups = depth >> 2;
  const QuadStackStateM7 state{bias, cols, kEntry ? (8 - (groups & 7)) & 7 : 0, packed,
                               out, cols + 8 * groups};
  uint32_t a00 = 0, a01 = 0, a10 = 0, a11 = 0, a20 = 0, a21 = 0, a30 = 0, a31 = 0, t0 = 0, t2 = 0, t3 = 0;
  uint32_t t1 = reinterpret_cast<uintptr_t>(&state);
  const int16_t* pw = packed;
  const int16_t* pc = cols;
  if (kGroups == 12) {
    CMNN_QUAD_M7_ASM("1:\n\t" CMNN_QUAD_FOUR_M7 CMNN_QUAD_FOUR_M7 CMNN_QUAD_FOUR_M7)
  } else if (kGroups == 4) {
    CMNN_QUAD_M7_ASM("1:\n\t" CMNN_QUAD_FOUR_M7)
  } else if (kGroups == 2) {
    CMNN_QUAD_M7_ASM("1:\n\t" CMNN_QUAD_GROUP_M7 CMNN_QUAD_GROUP_M7)
  } else if (kGroups == 1) {
    CMNN_QUAD_M7_ASM("1:\n\t" CMNN_QUAD_GROUP_M7)
  } else if (!kEntry) {
    CMNN_QUAD_M7_ASM("1:\n\t" CMNN_QUAD_FOUR_M7 CMNN_QUAD_FOUR_M7)
  } else {
    CMNN_QUAD_M7_ASM("ldr %[t3], [sp, #8]\n\t"
                     "tbh [pc, %[t3], lsl #1]\n\t"
                     "8:\n\t"
                     ".short (1f - 8b) / 2, (21f - 8b) / 2, (22f - 8b) / 2, (23f - 8b) / 2\n\t"
                     ".short (24f - 8b) / 2, (25f - 8b) / 2, (26f - 8b) / 2, (27f - 8b) / 2\n\t"
                     "1:\n\t" CMNN_QUAD_GROUP_M7 "21:\n\t" CMNN_QUAD_GROUP_M7 "22:\n\t" CMNN_QUAD_GROUP_M7
                     "23:\n\t" CMNN_QUAD_GROUP_M7 "24:\n\t" CMNN_QUAD_GROUP_M7 "25:\n\t" CMNN_QUAD_GROUP_M7
                     "26:\n\t" CMNN_QUAD_GROUP_M7 "27:\n\t" CMNN_QUAD_GROUP_M7)
  }
}

// accumulate_quads_m7 with its pass form chosen from the depth. groups % 4 == 0 keeps a loop
// without the TBH entry (its indirect branch and state loads cost more than the loop tests they
// save on short depths: ResNet-8 layer 6, 1x1 on 16 channels); short depths are sorted out before
// the division by 12 (called once per pixel pair). Fewer than 5 groups (1x1 on 4 to 12 channels):
// one or two per pass, no TBH (VWW layer 2, 1x1 on 8 channels: 762,335 est. m7 cycles this way,
// 810,719 through the entry).
void quads_m7(const int16_t* packed, int32_t depth, const int16_t* cols, const int32_t* bias,
              const QuadEndState& out) {
  const int32_t groups = depth >> 2;
  if ((groups & 3) == 0) {
    if (groups < 8) return accumulate_quads_m7<4, false>(packed, depth, cols, bias, out);
    if (groups >= 12 && groups % 12 == 0) {
      return accumulate_quads_m7<12, false>(packed, depth, cols, bias, out);
    }
    if ((groups & 7) == 0) return accumulate_quads_m7<8, false>(packed, depth, cols, bias, out);
    return accumulate_quads_m7<4, false>(packed, depth, cols, bias, out);
  }
  if (groups < 5) {
    if ((groups & 1) == 0) return accumulate_quads_m7<2, false>(packed, depth, cols, bias, out);
    return accumulate_quads_m7<1, false>(packed, depth, cols, bias, out);
  }
  return accumulate_quads_m7<8, true>(packed, depth, cols, bias, out);
}
#undef CMNN_QUAD_M7_ASM
#undef CMNN_QUAD_OPERANDS_M7
#undef CMNN_QUAD_FOUR_M7
#undef CMNN_QUAD_GROUP_M7
#undef CMNN_QUAD_START_M7
#undef CMNN_QUAD_END_M7
#undef CMNN_QUAD_PASS_END_M7
#endif

// Every row quad in one assembly loop (conv_s8_dsp.cpp's quad layout). The loop state and the
// column end live on the stack. Eight groups per pass; a depth with groups % 8 != 0 enters the
// first pass at group 8 - groups % 8 with both pointers moved back by as many groups. Needs a bias array,
// quads >= 1, depth % 4 == 0. Accumulators stored as acc[2r] (column 0), acc[2r + 1] (column 1).
inline void accumulate_quads_asm(const int16_t* packed, int32_t quads, int32_t depth, const int16_t* cols,
                                 const int32_t* bias, int32_t* acc) {
  const int32_t groups = depth >> 2;
#if CMNN_DUAL_ISSUE_SCHEDULE
  (void)groups;
  return quads_m7(packed, depth, cols, bias, quad_end_store(acc, quads));
#endif
  const int32_t entry = (8 - (groups & 7)) & 7;
  QuadLoopState state{bias, cols - 8 * entry, entry, acc, quads};
  uint32_t a00 = 0, a01 = 0, a10 = 0, a11 = 0, a20 = 0, a21 = 0, a30 = 0, a31 = 0, t2 = 0, t3 = 0;
  uint32_t t0 = reinterpret_cast<uintptr_t>(cols + 8 * groups);  // the column end
  uint32_t t1 = reinterpret_cast<uintptr_t>(&state);
  const int16_t* pw = packed;
  const int16_t* pc = cols;
#define CMNN_QUAD_EIGHT_GROUPS                                                                             \
  CMNN_QUAD_GROUP("0", "4", "8", "12", "16", "20", "24", "28", "0", "4", "8", "12")                       \
  "21:\n\t" CMNN_QUAD_GROUP("32", "36", "40", "44", "48", "52", "56", "60", "16", "20", "24", "28")         \
  "22:\n\t" CMNN_QUAD_GROUP("64", "68", "72", "76", "80", "84", "88", "92", "32", "36", "40", "44")         \
  "23:\n\t" CMNN_QUAD_GROUP("96", "100", "104", "108", "112", "116", "120", "124", "48", "52", "56", "60")  \
  "24:\n\t" CMNN_QUAD_GROUP("128", "132", "136", "140", "144", "148", "152", "156", "64", "68", "72", "76") \
  "25:\n\t" CMNN_QUAD_GROUP("160", "164", "168", "172", "176", "180", "184", "188", "80", "84", "88", "92") \
  "26:\n\t" CMNN_QUAD_GROUP("192", "196", "200", "204", "208", "212", "216", "220", "96", "100", "104", "108") \
  "27:\n\t" CMNN_QUAD_GROUP("224", "228", "232", "236", "240", "244", "248", "252", "112", "116", "120", "124")
  if (entry == 0) {
    __asm__ volatile(
        "push {%[t0]}\n\t"
        "push {%[t1]}\n\t"
        CMNN_QUAD_START
        "1:\n\t"
        CMNN_QUAD_EIGHT_GROUPS
        "adds %[pw], %[pw], #256\n\t"
        "adds %[pc], %[pc], #128\n\t"
        "ldr %[t0], [sp, #4]\n\t"
        "cmp %[pc], %[t0]\n\t"
        "bne 1b\n\t"
        CMNN_QUAD_END
        : CMNN_QUAD_OPERANDS
        :
        : "cc", "memory");
    return;
  }
  // groups % 8 != 0 (e.g. 36 groups: 3x3 on 16 channels; 7: RGB 3x3; 10: KWS's 10x4 on 1 channel):
  // the first pass of every quad enters at group `entry` through a TBH table, both pointers moved
  // back by `entry` groups (the skipped offsets are never read): one loop test per eight groups
  // (was four) for 4 est. m4 cycles of dispatch per quad.
  __asm__ volatile(
      "push {%[t0]}\n\t"
      "push {%[t1]}\n\t"
      CMNN_QUAD_START
      "lsls %[t3], %[t2], #5\n\t"
      "subs %[pw], %[pw], %[t3]\n\t"
      "tbh [pc, %[t2], lsl #1]\n\t"
      "8:\n\t"
      ".short (1f - 8b) / 2, (21f - 8b) / 2, (22f - 8b) / 2, (23f - 8b) / 2\n\t"
      ".short (24f - 8b) / 2, (25f - 8b) / 2, (26f - 8b) / 2, (27f - 8b) / 2\n\t"
      "1:\n\t"
      CMNN_QUAD_EIGHT_GROUPS
      "adds %[pw], %[pw], #256\n\t"
      "adds %[pc], %[pc], #128\n\t"
      "ldr %[t0], [sp, #4]\n\t"
      "cmp %[pc], %[t0]\n\t"
      "bne 1b\n\t"
      CMNN_QUAD_END
      : CMNN_QUAD_OPERANDS
      :
      : "cc", "memory");
}
#undef CMNN_QUAD_EIGHT_GROUPS
#undef CMNN_QUAD_START
#undef CMNN_QUAD_END
#undef CMNN_QUAD_OPERANDS
#undef CMNN_QUAD_GROUP
#undef CMNN_PACKED_PAIR_START
#undef CMNN_PACKED_PAIR_END
#undef CMNN_PACKED_OPERANDS
#undef CMNN_PACKED_GROUP
#endif

// Portable form of the packed accumulation over the quad layout (on a DSP core: only for a null
// bias): rows in quads, then a last pair when rows % 4 == 2.
void accumulate_packed(const int16_t* packed, int32_t rows, int32_t depth, const int16_t* cols, const int32_t* bias,
                       int32_t* acc) {
  const int32_t groups = depth >> 2;
  for (int32_t r = 0; r < rows;) {
    const int32_t block = r + 4 <= rows ? 4 : 2;
    int32_t a0[4] = {0, 0, 0, 0}, a1[4] = {0, 0, 0, 0};
    for (int32_t i = 0; i < block; ++i) a0[i] = a1[i] = bias != nullptr ? bias[r + i] : 0;
    const int16_t* c = cols;
    for (int32_t g = 0; g < groups; ++g, c += 8) {
      const uint32_t c0e = dsp::load_u32(c), c0o = dsp::load_u32(c + 2);
      const uint32_t c1e = dsp::load_u32(c + 4), c1o = dsp::load_u32(c + 6);
      for (int32_t i = 0; i < block; ++i, packed += 4) {
        const uint32_t we = dsp::load_u32(packed), wo = dsp::load_u32(packed + 2);
        a0[i] = dsp::smlad(wo, c0o, dsp::smlad(we, c0e, a0[i]));
        a1[i] = dsp::smlad(wo, c1o, dsp::smlad(we, c1e, a1[i]));
      }
    }
    for (int32_t i = 0; i < block; ++i, acc += 2) {
      acc[0] = a0[i];
      acc[1] = a1[i];
    }
    r += block;
  }
}

}  // namespace

void accumulate_packed_2col(const int16_t* packed, int32_t rows, int32_t depth, const int16_t* cols,
                            const int32_t* bias, int32_t* acc) {
#if defined(__ARM_FEATURE_DSP)
  if (bias != nullptr) {
    const int32_t quads = rows >> 2;
    if (quads > 0) accumulate_quads_asm(packed, quads, depth, cols, bias, acc);
    if (rows & 2) {
      const size_t done = 4 * static_cast<size_t>(quads);
      accumulate_packed_asm(packed + done * depth, 1, depth, cols, bias + done, acc + 2 * done);
    }
    return;
  }
#endif
  accumulate_packed(packed, rows, depth, cols, bias, acc);
}

void mat_mult_packed_2col(const int16_t* packed, int32_t rows, int32_t depth, const int16_t* cols,
                          const OutputStage& stage, int8_t* out0, int8_t* out1) {
#if defined(__ARM_FEATURE_DSP) && CMNN_DUAL_ISSUE_SCHEDULE
  // Cortex-M7, a folded stage with the full int8 clamp: the quads requantize in registers
  // (CMNN_QUAD_END_M7's fused end); a last row pair (rows % 4 == 2) takes the two-phase path.
  const bool full = stage.activation_min == -128 && stage.activation_max == 127;
  if (stage.bias != nullptr && stage.folded && full && rows >= 4) {
    const int32_t quads = rows >> 2;
    quads_m7(packed, depth, cols, stage.bias, quad_end_fused(stage.quant, stage.output_offset, quads, out0, out1));
    if (rows & 2) {
      const int32_t done = 4 * quads;
      OutputStage tail = stage;
      tail.bias += done;
      tail.quant += done;
      accumulate_packed_asm(packed + static_cast<size_t>(done) * depth, 1, depth, cols, tail.bias, stage.acc);
      requantize_acc_2col(tail, stage.acc, 2, out0 + done, out1 + done);
    }
    return;
  }
#endif
  accumulate_packed_2col(packed, rows, depth, cols, stage.bias, stage.acc);
  requantize_acc_2col(stage, stage.acc, rows, out0, out1);
}

void mat_mult_packed_1col(const int16_t* packed, int32_t rows, int32_t depth, const int16_t* cols,
                          const OutputStage& stage, int8_t* out0) {
  const int32_t groups = depth >> 2;
  const int32_t* bias = stage.bias;
  int32_t r = 0;
  for (; r + 4 <= rows; r += 4) {  // a row quad: 16 int16 per group
    int32_t a0 = bias != nullptr ? bias[r] : 0, a1 = bias != nullptr ? bias[r + 1] : 0;
    int32_t a2 = bias != nullptr ? bias[r + 2] : 0, a3 = bias != nullptr ? bias[r + 3] : 0;
    for (int32_t g = 0; g < groups; ++g, packed += 16) {
      const uint32_t ce = dsp::load_u32(cols + 8 * g), co = dsp::load_u32(cols + 8 * g + 2);
      a0 = dsp::smlad(dsp::load_u32(packed + 2), co, dsp::smlad(dsp::load_u32(packed), ce, a0));
      a1 = dsp::smlad(dsp::load_u32(packed + 6), co, dsp::smlad(dsp::load_u32(packed + 4), ce, a1));
      a2 = dsp::smlad(dsp::load_u32(packed + 10), co, dsp::smlad(dsp::load_u32(packed + 8), ce, a2));
      a3 = dsp::smlad(dsp::load_u32(packed + 14), co, dsp::smlad(dsp::load_u32(packed + 12), ce, a3));
    }
    const int32_t acc[4] = {a0, a1, a2, a3};
    for (int32_t i = 0; i < 4; ++i) out0[r + i] = requantize_one(stage, r + i, acc[i]);
  }
  if (r < rows) {  // the last pair: 8 int16 per group
    int32_t a0 = bias != nullptr ? bias[r] : 0, a1 = bias != nullptr ? bias[r + 1] : 0;
    for (int32_t g = 0; g < groups; ++g, packed += 8) {
      const uint32_t ce = dsp::load_u32(cols + 8 * g), co = dsp::load_u32(cols + 8 * g + 2);
      a0 = dsp::smlad(dsp::load_u32(packed + 2), co, dsp::smlad(dsp::load_u32(packed), ce, a0));
      a1 = dsp::smlad(dsp::load_u32(packed + 6), co, dsp::smlad(dsp::load_u32(packed + 4), ce, a1));
    }
    out0[r] = requantize_one(stage, r, a0);
    out0[r + 1] = requantize_one(stage, r + 1, a1);
  }
}

void mat_mult_s8_s16_2col(const int8_t* filter, int32_t rows, int32_t depth, const int16_t* cols,
                          const OutputStage& stage, int8_t* out0, int8_t* out1) {
  if ((depth & 3) != 0) accumulate_2col<true>(filter, rows, depth, cols, stage.bias, stage.acc);
  else accumulate_2col<false>(filter, rows, depth, cols, stage.bias, stage.acc);
  requantize_acc_2col(stage, stage.acc, rows, out0, out1);
}

}  // namespace cmnn::conv


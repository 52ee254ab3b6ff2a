// The DSP micro-kernel of conv2d_s8: int8 filter rows times two int16 im2col columns with SMLAD,
// two rows x two columns per iteration, requantized as it stores.
//
// Column pair layout ("SXTB16 lane order", what im2col_pack_* writes): for each group of 4
// accumulation steps k = 4g..4g+3, eight int16 at cols + 8g:
//   col0[4g], col0[4g+2], col0[4g+1], col0[4g+3], col1[4g], col1[4g+2], col1[4g+1], col1[4g+3]
// so that one 32-bit load of a column matches SXTB16(w) (bytes 0, 2) and the next SXTB16(w ROR 8)
// (bytes 1, 3). The depth % 4 tail follows at cols + 8*(depth/4): col0's tail, then col1's.
#pragma once
#include <cstdint>

#include "arch/dsp/intrinsics.h"
#include "arch/dsp/schedule.h"
#include "quant/requant_fast.h"

namespace cmnn::conv {

// acc + a * b with two's complement wrap-around (what SMLAD does on the accumulator).
inline int32_t mac(int32_t acc, int32_t a, int32_t b) {
  return static_cast<int32_t>(static_cast<uint32_t>(acc) + static_cast<uint32_t>(a * b));
}

struct OutputStage {
  const int32_t* bias;        // per row, may be null
  const quant::ChannelQuant* quant;  // per row (quant::make_channel_quant of the row's multiplier and shift)
  int32_t output_offset, activation_min, activation_max;
  bool general_quant;         // some row quant::needs_general() or has right > 23 (the assembly path's limit)
  int32_t* acc;               // scratch for 2 * rows accumulators
  bool all_right = false;     // every row has right >= 1: the assembly's rounding nudge needs no mask
  bool no_left_shift = false; // no row has a left shift (general_quant then means some right > 23 or
                              // some multiplier < 2^30, e.g. 0 for a dead channel)
  bool folded = false;        // build_output_table wrote every row as quant::FoldedQuant's multiplier2
                              // and shift1 (the add word is 1 + 2 * output_offset)
};

// The per-run requantization table of the conv DSP variants and the OutputStage flags it implies.
struct OutputTable {
  bool general, all_right, no_left_shift, folded;  // the OutputStage fields of the same names
};

// Fills table[0..n) from the per-channel multipliers and shifts (conv2d_s8's checks passed:
// multipliers >= 0, shifts in [-31, 30]). When every channel is foldable (multiplier 0, or
// multiplier >= 2^30 with a right shift >= 1; requant_fast.h: quant::folded_ok) each row gets
// only quant::make_folded_quant's first two words (multiplier2, and shift1 in `right`; the add
// word 1 + 2 * output_offset is the same for every row and comes from the stage; the other words
// are neither written nor read) and folded is true: one pass, ~17 est. m4 cycles per channel
// (conv_s8_dsp.cpp rebuilds the table per run, and lean-RAM layers run in many strips).
// Otherwise make_channel_quant's rows and the flags.
OutputTable build_output_table(const int32_t* multiplier, const int32_t* shift, int32_t n, int32_t output_offset,
                               quant::ChannelQuant* table);

// Phase 2 of the two-column kernels, for any accumulation block: requantizes acc[2r] into out0[r]
// and acc[2r + 1] into out1[r] (out1 may be null: column 0 only) for r in [0, rows), with
// stage.quant[r], the stage's offset and clamp (stage.acc is not read: acc is the caller's).
// Bit-exact with quant::requantize_to_s8 for every table make_channel_quant can produce; the
// fast forms (Armv7E-M assembly: branch-free, the per-row words loaded once for both columns)
// are picked from the stage's flags.
void requantize_acc_2col(const OutputStage& stage, const int32_t* acc, int32_t rows, int8_t* out0, int8_t* out1);

// One output of row r in C (the lone-pixel kernels): the same result as requantize_acc_2col.
inline int8_t requantize_one(const OutputStage& stage, int32_t r, int32_t acc) {
  const quant::ChannelQuant& q = stage.quant[r];
  const int32_t lo = stage.activation_min, hi = stage.activation_max;
  if (stage.folded) {
    const int32_t v = quant::requantize_folded(acc, {q.multiplier2, q.right, 1 + 2 * stage.output_offset});
    return static_cast<int8_t>(v < lo ? lo : v > hi ? hi : v);
  }
  return quant::clamp_to_s8<false>(quant::requantize_fast(acc, q), stage.output_offset, lo, hi);
}

// rows filter rows of depth int8 (row stride depth) times the column pair; writes out0[r] and,
// when out1 is not null, out1[r] for r in [0, rows). Stage arrays are indexed by r. Accumulates
// every row first (stage.acc), then requantizes.
void mat_mult_s8_s16_2col(const int8_t* filter, int32_t rows, int32_t depth, const int16_t* cols,
                          const OutputStage& stage, int8_t* out0, int8_t* out1);

// The same with the filter pre-widened (conv2d_s8_pack layout, conv_s8_dsp.cpp: rows in quads, each
// 4 * depth int16, then a pair when rows % 4 == 2): needs depth % 4 == 0 and rows even. Armv7E-M: a
// 4-row x 2-column SMLAD block in assembly (8 accumulators), the last pair in a 2x2 block.
void mat_mult_packed_2col(const int16_t* packed, int32_t rows, int32_t depth, const int16_t* cols,
                          const OutputStage& stage, int8_t* out0, int8_t* out1);

// The accumulation of mat_mult_packed_2col without its output stage (the legacy q7 convolution
// keeps its own): acc[2r] = bias[r] + row r . column 0, acc[2r + 1] the same for column 1, wrapping
// int32 sums, r in [0, rows). Same preconditions; bias not null; reads up to 16 bytes past the pair.
void accumulate_packed_2col(const int16_t* packed, int32_t rows, int32_t depth, const int16_t* cols,
                            const int32_t* bias, int32_t* acc);

// Column 0 alone with the packed filter (a lone last pixel of the packed variants).
void mat_mult_packed_1col(const int16_t* packed, int32_t rows, int32_t depth, const int16_t* cols,
                          const OutputStage& stage, int8_t* out0);

// Widens count bytes (a multiple of 4) of src + input_offset into column `column` (0 or 1) of
// the pair, starting at group first_group. Inline: called once per filter tap.
inline void im2col_pack_groups(const int8_t* src, int32_t count, int32_t input_offset, int16_t* cols, int32_t first_group,
                        int column) {
  const uint32_t offsets = (static_cast<uint32_t>(input_offset) & 0xFFFFu) | (static_cast<uint32_t>(input_offset) << 16);
  int16_t* dst = cols + 8 * first_group + 4 * column;
  int32_t i = 0;
#if defined(__ARM_FEATURE_DSP)
  // Four groups per iteration: one run of four loads (pipelined on the M4; immediate offsets, no
  // write-back), then twice four SXTAB16 and a run of four stores (27 est. m4 cycles per 16 bytes,
  // 29 lab-m4); then two groups once when count % 16 >= 8.
  if (count >= 16) {
    int32_t n = count >> 4;
    uint32_t x, y, z, w, t, u;
    __asm__ volatile(
        "1:\n\t"
        "ldr %[x], [%[src], #0]\n\t"
        "ldr %[y], [%[src], #4]\n\t"
        "ldr %[z], [%[src], #8]\n\t"
        "ldr %[w], [%[src], #12]\n\t"
#if CMNN_DUAL_ISSUE_SCHEDULE
        // Cortex-M7: each SXTAB16 beside the store of the previous result (14 est. m7 cycles).
        "sxtab16 %[t], %[off], %[x], ror #8\n\t"
        "adds %[src], %[src], #16\n\t"
        "sxtab16 %[x], %[off], %[x]\n\t"
        "str %[t], [%[dst], #4]\n\t"
        "sxtab16 %[u], %[off], %[y], ror #8\n\t"
        "str %[x], [%[dst], #0]\n\t"
        "sxtab16 %[y], %[off], %[y]\n\t"
        "str %[u], [%[dst], #20]\n\t"
        "sxtab16 %[t], %[off], %[z], ror #8\n\t"
        "str %[y], [%[dst], #16]\n\t"
        "sxtab16 %[z], %[off], %[z]\n\t"
        "str %[t], [%[dst], #36]\n\t"
        "sxtab16 %[u], %[off], %[w], ror #8\n\t"
        "str %[z], [%[dst], #32]\n\t"
        "sxtab16 %[w], %[off], %[w]\n\t"
        "str %[u], [%[dst], #52]\n\t"
        "str %[w], [%[dst], #48]\n\t"
#else
        "adds %[src], %[src], #16\n\t"
        "sxtab16 %[t], %[off], %[x], ror #8\n\t"
        "sxtab16 %[x], %[off], %[x]\n\t"
        "sxtab16 %[u], %[off], %[y], ror #8\n\t"
        "sxtab16 %[y], %[off], %[y]\n\t"
        "str %[x], [%[dst], #0]\n\t"
        "str %[t], [%[dst], #4]\n\t"
        "str %[y], [%[dst], #16]\n\t"
        "str %[u], [%[dst], #20]\n\t"
        "sxtab16 %[t], %[off], %[z], ror #8\n\t"
        "sxtab16 %[z], %[off], %[z]\n\t"
        "sxtab16 %[u], %[off], %[w], ror #8\n\t"
        "sxtab16 %[w], %[off], %[w]\n\t"
        "str %[z], [%[dst], #32]\n\t"
        "str %[t], [%[dst], #36]\n\t"
        "str %[w], [%[dst], #48]\n\t"
        "str %[u], [%[dst], #52]\n\t"
#endif
        "adds %[dst], %[dst], #64\n\t"
        "subs %[n], %[n], #1\n\t"
        "bne 1b\n\t"
        : [src] "+r"(src), [dst] "+r"(dst), [n] "+r"(n), [x] "=&r"(x), [y] "=&r"(y), [z] "=&r"(z), [w] "=&r"(w),
          [t] "=&r"(t), [u] "=&r"(u)
        : [off] "r"(offsets)
        : "cc", "memory");
    i = count & ~15;
    src -= i;
  }
  if (count - i >= 8) {
    uint32_t x, y, t, u;
    __asm__ volatile(
        "ldr %[x], [%[s], #0]\n\t"
        "ldr %[y], [%[s], #4]\n\t"
        "sxtab16 %[t], %[off], %[x], ror #8\n\t"
        "sxtab16 %[x], %[off], %[x]\n\t"
        "sxtab16 %[u], %[off], %[y], ror #8\n\t"
        "sxtab16 %[y], %[off], %[y]\n\t"
        "str %[x], [%[dst], #0]\n\t"
        "str %[t], [%[dst], #4]\n\t"
        "str %[y], [%[dst], #16]\n\t"
        "str %[u], [%[dst], #20]\n\t"
        : [x] "=&r"(x), [y] "=&r"(y), [t] "=&r"(t), [u] "=&r"(u)
        : [s] "r"(src + i), [dst] "r"(dst), [off] "r"(offsets)
        : "memory");
    dst += 16;
    i += 8;
  }
#endif
  for (; i + 8 <= count; i += 8) {
    const uint32_t x = dsp::load_u32(src + i);
    const uint32_t y = dsp::load_u32(src + i + 4);
    const uint32_t xe = dsp::sxtab16(offsets, x), xo = dsp::sxtab16_ror8(offsets, x);
    const uint32_t ye = dsp::sxtab16(offsets, y), yo = dsp::sxtab16_ror8(offsets, y);
    dsp::store_u32(dst, xe);
    dsp::store_u32(dst + 2, xo);
    dsp::store_u32(dst + 8, ye);
    dsp::store_u32(dst + 10, yo);
    dst += 16;
  }
  if (i < count) {
    const uint32_t x = dsp::load_u32(src + i);
    dsp::store_u32(dst, dsp::sxtab16(offsets, x));
    dsp::store_u32(dst + 2, dsp::sxtab16_ror8(offsets, x));
  }
}

// Widens count bytes (a multiple of 4) of src0 into column 0 and of src1 into column 1 of the pair
// (src1 may equal src0: a lone pixel in both columns); offsets: the input offset in both int16
// lanes. The result is im2col_pack_groups(src0, ..., 0, 0) then (src1, ..., 0, 1).
// Cortex-M4: 16 bytes of each pixel per pass, both columns interleaved so that one pass fills 64
// contiguous column bytes: per pixel one run of four loads (the last post-indexed: no pointer
// adds), eight SXTAB16 and eight immediate-offset stores (the last pre-indexed with write-back),
// 46 est. m4 cycles per pass of 32 values (two im2col_pack_groups: 54, plus their set-up and
// tails per call); the count % 16 rest goes through im2col_pack_pair_groups (out of line: the
// inlined body stays small). Elsewhere (the Cortex-M7 keeps its dual-issue schedule) the two
// im2col_pack_groups calls.
// im2col_pack_groups of count bytes (a multiple of 4) of src0 into column 0 and of src1 into
// column 1 from group first_group: im2col_pack_pair's count % 16 rest, out of line.
void im2col_pack_pair_groups(const int8_t* src0, const int8_t* src1, int32_t count, int32_t input_offset,
                             int16_t* cols, int32_t first_group);

__attribute__((always_inline)) inline void im2col_pack_pair(const int8_t* src0, const int8_t* src1, int32_t count, int32_t input_offset,
                             int16_t* cols) {
#if defined(__ARM_FEATURE_DSP) && !CMNN_DUAL_ISSUE_SCHEDULE
  int32_t done = 0;
  if (count >= 16) {
    const uint32_t offsets = (static_cast<uint32_t>(input_offset) & 0xFFFFu) | (static_cast<uint32_t>(input_offset) << 16);
    int32_t n = count >> 4;
    int16_t* dst = cols - 2;  // 4 bytes behind the pass: its last store (offset 64) writes it back
    uint32_t w0, w1, w2, w3, t;
    // One pixel's 16 bytes into its column (C = 0 or 8: column 0 or 1's byte offset in a group of
    // 16 column bytes, +4 for the bias of dst); the last store names its write-back separately.
#define CMNN_PACK_PAIR_HALF(SRC, C0, C1, C2, C3, C4, C5, C6, C7, LAST) \
  "ldr %[w1], [%[" SRC "], #4]\n\t"                                     \
  "ldr %[w2], [%[" SRC "], #8]\n\t"                                     \
  "ldr %[w3], [%[" SRC "], #12]\n\t"                                    \
  "ldr %[w0], [%[" SRC "]], #16\n\t"                                    \
  "sxtab16 %[t], %[off], %[w0], ror #8\n\t"                             \
  "sxtab16 %[w0], %[off], %[w0]\n\t"                                    \
  "str %[w0], [%[dst], #" C0 "]\n\t"                                    \
  "str %[t], [%[dst], #" C1 "]\n\t"                                     \
  "sxtab16 %[t], %[off], %[w1], ror #8\n\t"                             \
  "sxtab16 %[w1], %[off], %[w1]\n\t"                                    \
  "str %[w1], [%[dst], #" C2 "]\n\t"                                    \
  "str %[t], [%[dst], #" C3 "]\n\t"                                     \
  "sxtab16 %[t], %[off], %[w2], ror #8\n\t"                             \
  "sxtab16 %[w2], %[off], %[w2]\n\t"                                    \
  "str %[w2], [%[dst], #" C4 "]\n\t"                                    \
  "str %[t], [%[dst], #" C5 "]\n\t"                                     \
  "sxtab16 %[t], %[off], %[w3], ror #8\n\t"                             \
  "sxtab16 %[w3], %[off], %[w3]\n\t"                                    \
  "str %[w3], [%[dst], #" C6 "]\n\t"                                    \
  "str %[t], [%[dst], #" C7 "]" LAST "\n\t"
    __asm__ volatile(
        "1:\n\t"
        CMNN_PACK_PAIR_HALF("s0", "4", "8", "20", "24", "36", "40", "52", "56", "")
        CMNN_PACK_PAIR_HALF("s1", "12", "16", "28", "32", "44", "48", "60", "64", "!")
        "subs %[n], %[n], #1\n\t"
        "bne 1b\n\t"
        : [s0] "+r"(src0), [s1] "+r"(src1), [dst] "+r"(dst), [n] "+r"(n), [w0] "=&r"(w0), [w1] "=&r"(w1),
          [w2] "=&r"(w2), [w3] "=&r"(w3), [t] "=&r"(t)
        : [off] "r"(offsets)
        : "cc", "memory");
#undef CMNN_PACK_PAIR_HALF
    done = count & ~15;
    src0 -= done;
    src1 -= done;
  }
  if (done != count) im2col_pack_pair_groups(src0 + done, src1 + done, count - done, input_offset, cols, done / 4);
#else
  im2col_pack_groups(src0, count, input_offset, cols, 0, 0);
  im2col_pack_groups(src1, count, input_offset, cols, 0, 1);
#endif
}

// Zeroes count/4 groups of column `column` from first_group (padding taps).
inline void im2col_zero_groups(int32_t count, int16_t* cols, int32_t first_group, int column) {
  int16_t* dst = cols + 8 * first_group + 4 * column;
  for (int32_t i = 0; i < count; i += 4) {
    dsp::store_u32(dst, 0);
    dsp::store_u32(dst + 2, 0);
    dst += 8;
  }
}

// Packs a whole column of depth bytes (any depth) from an int8 staging buffer, tail included.
void im2col_pack_column(const int8_t* src, int32_t depth, int32_t input_offset, int16_t* cols, int column);

}  // namespace cmnn::conv

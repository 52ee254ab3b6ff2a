// conv2d_s8 row-window variants (conv2d_s8.im2col.window.stacked.dsp, .window.paired.dsp): the
// stacked / paired micro-kernels of conv_s8_dsp.cpp fed from a window of column-pair slots built
// once per chunk of output pixels of a row, instead of one column pair rebuilt per pixel pair.
//
// The filter's depth order is x-major, (fx, fy, c) (Conv2dParams::x_major_filter,
// conv2d_s8_x_major_filter), so output pixel ox's column is the run of filter_w "x-columns"
// Z[x0 + fx] (x0 = ox * stride_w - pad_left), each the filter_h tap rows' C channels at input
// column x0 + fx (the widened zero point 0 for padding). The kernels read a column PAIR in the lane
// order of mat_mult_s8_s16_dsp.h (per group of 4 steps: 4 int16 of column 0, then 4 of column 1);
// slot q of the window holds x-column pair (Z[x], Z[x + stride_w]) in that order, so the pair
// (ox, ox + 1) is the filter_w consecutive slots from its first, read in place by the kernel.
// Pair i of a chunk starts at slot i * step, step = min(2 * stride_w, filter_w): with
// 2 * stride_w < filter_w (stride 1 on 3x3) consecutive pairs share slots (slot q holds x = q), with
// 2 * stride_w >= filter_w (stride 2 on 3x3) each pair has filter_w slots of its own and the
// x-columns between pairs' windows are never built. Each x-column is widened once per chunk and
// stored into the slot(s) that hold it as column 0 and as column 1 (ResNet-8's 3x3x16 rows: ~1.1
// est. m4 cycles per stored value, every input value widened about (1 + 1/chunk) times per row
// instead of 3 times per pixel pair).
//
// Chunk: as many pixel pairs as the scratch given holds (its size is read at run time, so a plan that
// gives more than scratch_bytes, e.g. a residual block's shared scratch, gets longer chunks); a row's
// odd last pixel takes a window of its own with both columns equal (the kernel writes it twice).
#include <cstddef>
#include <cstdint>
#include <initializer_list>

#include "kernels/conv/conv_s8_variants.h"
#include "kernels/conv/mat_mult_paired_dsp.h"
#include "kernels/conv/mat_mult_s8_s16_dsp.h"
#include "kernels/conv/mat_mult_stacked_dsp.h"

namespace cmnn::conv {
namespace {

// Scratch: [0..3 alignment bytes][ChannelQuant x output_c][2 x output_c int32 accumulators]
// [flags word][window slots][kReadAhead]. The M7 schedules of the paired / stacked kernels load up to
// 12 bytes past the column pair they read (never used in a result): kReadAhead keeps those loads
// inside the scratch after the last slot. The flags word keeps build_output_table's flags for the
// later calls of a row-band run (Conv2dParams::scratch_prepared), as conv_s8_dsp.cpp does.
constexpr size_t kReadAhead = 12;
constexpr size_t kFlagsBytes = 4;

size_t table_bytes(const Conv2dParams& p) {
  return (sizeof(quant::ChannelQuant) + 2 * sizeof(int32_t)) * static_cast<size_t>(p.output_c);
}

// int16 per slot: both columns of filter_h * C values.
int32_t slot_int16(const Conv2dParams& p) { return 2 * p.filter_h * p.input_c; }
int32_t pair_step(const Conv2dParams& p) { return 2 * p.stride_w < p.filter_w ? 2 * p.stride_w : p.filter_w; }
int32_t slots_for(const Conv2dParams& p, int32_t pairs) { return (pairs - 1) * pair_step(p) + p.filter_w; }

// Bytes before the window (alignment, table, accumulators, flags) and after it.
size_t fixed_bytes(const Conv2dParams& p) { return 3 + table_bytes(p) + kFlagsBytes + kReadAhead; }

// One word of src (4 bytes) + offset as the pair layout's two int16 lane words (even steps, then odd)
// at d0 and, when kBoth, at d1: the portable body of every widening loop below.
template <bool kBoth>
inline void widen_word(const int8_t* src, uint32_t offsets, int16_t* d0, int16_t* d1) {
  const uint32_t v = dsp::load_u32(src);
  const uint32_t even = dsp::sxtab16(offsets, v), odd = dsp::sxtab16_ror8(offsets, v);
  dsp::store_u32(d0, even);
  dsp::store_u32(d0 + 2, odd);
  if (kBoth) dsp::store_u32(d1, even), dsp::store_u32(d1 + 2, odd);
}

// Widens count (% 4 == 0) bytes of src + offset into column 0 at d0 and column 1 at d1 (group
// pointers of the pair layout: 8 int16 per group of 4, d1 = its slot + 4): one load and two SXTAB16
// per word, four stores.
inline void widen_both(const int8_t* src, int32_t count, uint32_t offsets, int16_t* d0, int16_t* d1) {
  int32_t i = 0;
#if defined(__ARM_FEATURE_DSP)
  if (count >= 16) {
    // Four words per iteration: four loads in a run (pipelined on the M4), each word's odd and even
    // lanes computed beside the stores of the previous ones (the M7 pairs a SXTAB16 with a store),
    // 16 stores with immediate offsets; 36 est. m4 cycles per 16 bytes (32 stored int16).
    int32_t n = count >> 4;
    uint32_t x, y, z, w, t, u;
    __asm__ volatile(
        "1:\n\t"
        "ldr %[x], [%[src], #0]\n\t"
        "ldr %[y], [%[src], #4]\n\t"
        "ldr %[z], [%[src], #8]\n\t"
        "ldr %[w], [%[src], #12]\n\t"
        "sxtab16 %[t], %[off], %[x], ror #8\n\t"
        "adds %[src], %[src], #16\n\t"
        "sxtab16 %[x], %[off], %[x]\n\t"
        "str %[t], [%[d0], #4]\n\t"
        "sxtab16 %[u], %[off], %[y], ror #8\n\t"
        "str %[x], [%[d0], #0]\n\t"
        "sxtab16 %[y], %[off], %[y]\n\t"
        "str %[t], [%[d1], #4]\n\t"
        "str %[x], [%[d1], #0]\n\t"
        "str %[u], [%[d0], #20]\n\t"
        "str %[y], [%[d0], #16]\n\t"
        "str %[u], [%[d1], #20]\n\t"
        "str %[y], [%[d1], #16]\n\t"
        "sxtab16 %[t], %[off], %[z], ror #8\n\t"
        "sxtab16 %[z], %[off], %[z]\n\t"
        "str %[t], [%[d0], #36]\n\t"
        "sxtab16 %[u], %[off], %[w], ror #8\n\t"
        "str %[z], [%[d0], #32]\n\t"
        "sxtab16 %[w], %[off], %[w]\n\t"
        "str %[t], [%[d1], #36]\n\t"
        "str %[z], [%[d1], #32]\n\t"
        "str %[u], [%[d0], #52]\n\t"
        "str %[w], [%[d0], #48]\n\t"
        "str %[u], [%[d1], #52]\n\t"
        "str %[w], [%[d1], #48]\n\t"
        "adds %[d0], %[d0], #64\n\t"
        "adds %[d1], %[d1], #64\n\t"
        "subs %[n], %[n], #1\n\t"
        "bne 1b\n\t"
        : [src] "+r"(src), [d0] "+r"(d0), [d1] "+r"(d1), [n] "+r"(n), [x] "=&r"(x), [y] "=&r"(y), [z] "=&r"(z),
          [w] "=&r"(w), [t] "=&r"(t), [u] "=&r"(u)
        : [off] "r"(offsets)
        : "cc", "memory");
    i = count & ~15;
  }
#endif
  for (; i < count; i += 4, src += 4, d0 += 8, d1 += 8) {
    widen_word<true>(src, offsets, d0, d1);
  }
}

// count / 4 groups of one column (d: the group pointer of that column) set to 0, the widened zero
// point of a padding tap.
inline void zero_column(int32_t count, int16_t* d) {
  for (int32_t i = 0; i < count; i += 4, d += 8) {
    dsp::store_u32(d, 0);
    dsp::store_u32(d + 2, 0);
  }
}

#if defined(__ARM_FEATURE_DSP)
// One pass of the x-column widening, shared by both loops below: n (blocks, unless one block) runs of
// 16 input bytes widened by SXTAB16 / SXTAB16 ROR 8 into column 0 at d0 and, with both, column 1 at
// d1 (the column-pair lane order, 64 bytes per run).
#define CMNN_WINDOW_WIDEN_BLOCKS \
  ".if !%c[one]\n\t" \
  "ldr %[n], %[blocks]\n\t" \
  "1:\n\t" \
  ".endif\n\t" \
  "ldr %[x], [%[src], #0]\n\t" \
  "ldr %[y], [%[src], #4]\n\t" \
  "ldr %[z], [%[src], #8]\n\t" \
  "ldr %[w], [%[src], #12]\n\t" \
  "sxtab16 %[t], %[off], %[x], ror #8\n\t" \
  "adds %[src], %[src], #16\n\t" \
  "sxtab16 %[x], %[off], %[x]\n\t" \
  "str %[t], [%[d0], #4]\n\t" \
  "sxtab16 %[u], %[off], %[y], ror #8\n\t" \
  "str %[x], [%[d0], #0]\n\t" \
  "sxtab16 %[y], %[off], %[y]\n\t" \
  ".if %c[both]\n\t" \
  "str %[t], [%[d1], #4]\n\t" \
  "str %[x], [%[d1], #0]\n\t" \
  ".endif\n\t" \
  "str %[u], [%[d0], #20]\n\t" \
  "str %[y], [%[d0], #16]\n\t" \
  ".if %c[both]\n\t" \
  "str %[u], [%[d1], #20]\n\t" \
  "str %[y], [%[d1], #16]\n\t" \
  ".endif\n\t" \
  "sxtab16 %[t], %[off], %[z], ror #8\n\t" \
  "sxtab16 %[z], %[off], %[z]\n\t" \
  "str %[t], [%[d0], #36]\n\t" \
  "sxtab16 %[u], %[off], %[w], ror #8\n\t" \
  "str %[z], [%[d0], #32]\n\t" \
  "sxtab16 %[w], %[off], %[w]\n\t" \
  ".if %c[both]\n\t" \
  "str %[t], [%[d1], #36]\n\t" \
  "str %[z], [%[d1], #32]\n\t" \
  ".endif\n\t" \
  "str %[u], [%[d0], #52]\n\t" \
  "str %[w], [%[d0], #48]\n\t" \
  ".if %c[both]\n\t" \
  "str %[u], [%[d1], #52]\n\t" \
  "str %[w], [%[d1], #48]\n\t" \
  "adds %[d1], %[d1], #64\n\t" \
  ".endif\n\t" \
  "adds %[d0], %[d0], #64\n\t" \
  ".if !%c[one]\n\t" \
  "subs %[n], %[n], #1\n\t" \
  "bne 1b\n\t" \
  ".endif\n\t"
#endif

// Widening loop of the interior (the ARM path; C % 16 == 0): `outer` runs of C bytes (blocks =
// C / 16 blocks of 16) widened into column 0 at d0 and, when kBoth, column 1 at d1, the destination
// groups consecutive within a run. Between runs, either (kStepDst) d0 and d1 advance by `adv` bytes
// and src runs on (one tap row across consecutive x-columns: the input bytes are contiguous), or
// src advances by `adv` bytes and the destinations run on (the tap rows of one x-column). Per block
// 4 loads in a run, 8 SXTAB16 each beside a store (the M7 pairs them), 8 or 16 stores with
// immediate offsets; kOneBlock (C == 16) drops the block loop. 34 est. m4 cycles per 16 bytes into
// both columns, 18 into one, + ~7 per run.
template <bool kBoth, bool kStepDst, bool kOneBlock>
inline void widen_runs(const int8_t* src, int32_t outer, int32_t blocks, int32_t adv, uint32_t offsets, int16_t* d0,
                       int16_t* d1) {
#if !defined(__ARM_FEATURE_DSP)
  // The portable form of the asm below (host tests run the same drivers).
  for (; outer > 0; --outer) {
    for (int32_t i = 0; i < 4 * blocks; ++i, src += 4, d0 += 8, d1 += kBoth ? 8 : 0) {
      widen_word<kBoth>(src, offsets, d0, d1);
    }
    if (kStepDst) {
      d0 += adv / 2;
      if (kBoth) d1 += adv / 2;
    } else {
      src += adv;
    }
  }
#else
  uint32_t x, y, z, w, t, u;
  int32_t n;
  __asm__ volatile(
      "2:\n\t"
      CMNN_WINDOW_WIDEN_BLOCKS
      "ldr %[t], %[adv]\n\t"
      ".if %c[stepdst]\n\t"
      "add %[d0], %[d0], %[t]\n\t"
      ".if %c[both]\n\t"
      "add %[d1], %[d1], %[t]\n\t"
      ".endif\n\t"
      ".else\n\t"
      "add %[src], %[src], %[t]\n\t"
      ".endif\n\t"
      "subs %[outer], %[outer], #1\n\t"
      "bne 2b\n\t"
      : [src] "+r"(src), [d0] "+r"(d0), [d1] "+r"(d1), [outer] "+r"(outer), [n] "=&r"(n), [x] "=&r"(x), [y] "=&r"(y),
        [z] "=&r"(z), [w] "=&r"(w), [t] "=&r"(t), [u] "=&r"(u)
      : [off] "r"(offsets), [blocks] "m"(blocks), [adv] "m"(adv), [both] "i"(kBoth ? 1 : 0),
        [stepdst] "i"(kStepDst ? 1 : 0), [one] "i"(kOneBlock ? 1 : 0)
      : "cc", "memory");
#endif
}

// `cols` consecutive x-columns of one output row, all tap rows inside (C % 16 == 0), into column 0
// at d0 and, when kBoth, column 1 at d1: x-column by x-column, tap row by tap row. A slot is exactly
// one x-column's widened tap rows (4 * filter_h * C bytes per column pair), so d0 and d1 run on from
// slot to slot; src steps by row_adv after each tap row and by col_adv after each x-column (back to
// the next x-column's first tap row). One asm loop per run of slots: ~38 est. m4 cycles per 16
// bytes into both columns (32 stored int16), ~22 into one, + ~6 per tap row + ~7 per x-column.
template <bool kBoth, bool kOneBlock, bool kSkip>
inline void widen_columns(const int8_t* src, int32_t cols, int32_t rows, int32_t blocks, int32_t row_adv,
                          int32_t col_adv, int32_t skip, uint32_t offsets, int16_t* d0, int16_t* d1) {
#if !defined(__ARM_FEATURE_DSP)
  for (; cols > 0; --cols, src += col_adv, d0 += skip / 2, d1 += kBoth ? skip / 2 : 0) {
    for (int32_t r = 0; r < rows; ++r, src += row_adv) {
      for (int32_t i = 0; i < 4 * blocks; ++i, src += 4, d0 += 8, d1 += kBoth ? 8 : 0) {
        widen_word<kBoth>(src, offsets, d0, d1);
      }
    }
  }
#else
  uint32_t x, y, z, w, t, u;
  int32_t n, r;
  __asm__ volatile(
      "3:\n\t"
      "ldr %[r], %[rows]\n\t"
      "2:\n\t"
      CMNN_WINDOW_WIDEN_BLOCKS
      "ldr %[t], %[radv]\n\t"
      "add %[src], %[src], %[t]\n\t"
      "subs %[r], %[r], #1\n\t"
      "bne 2b\n\t"
      "ldr %[t], %[cadv]\n\t"
      "add %[src], %[src], %[t]\n\t"
      ".if %c[skips]\n\t"
      "ldr %[t], %[skip]\n\t"
      "add %[d0], %[d0], %[t]\n\t"
      ".if %c[both]\n\t"
      "add %[d1], %[d1], %[t]\n\t"
      ".endif\n\t"
      ".endif\n\t"
      "subs %[cols], %[cols], #1\n\t"
      "bne 3b\n\t"
      : [src] "+r"(src), [d0] "+r"(d0), [d1] "+r"(d1), [cols] "+r"(cols), [r] "=&r"(r), [n] "=&r"(n), [x] "=&r"(x),
        [y] "=&r"(y), [z] "=&r"(z), [w] "=&r"(w), [t] "=&r"(t), [u] "=&r"(u)
      : [off] "r"(offsets), [rows] "m"(rows), [blocks] "m"(blocks), [radv] "m"(row_adv), [cadv] "m"(col_adv),
        [skip] "m"(skip), [both] "i"(kBoth ? 1 : 0), [one] "i"(kOneBlock ? 1 : 0), [skips] "i"(kSkip ? 1 : 0)
      : "cc", "memory");
#endif
}
#undef CMNN_WINDOW_WIDEN_BLOCKS

// The tap rows of an output row that lie inside the input, as the x-column loops read them.
struct TapRows {
  const int8_t* top;  // input row of the first inside tap row (fy0)
  int32_t count;      // inside tap rows (fy1 - fy0, > 0)
  int32_t at;         // int16 offset of tap row fy0's groups in a slot: 2 * fy0 * C
  int32_t row_adv;    // src bytes from the end of a tap row's C bytes to the next tap row
  int32_t col_adv;    // src bytes from the end of an x-column's last inside tap row to the next x-column
  int32_t skip;       // destination bytes of the tap rows outside (zeros, written apart)
};

// widen_columns over the inside tap rows (r: TapRows), d0 / d1 at the slots' starts; the block loop
// dropped when C == 16 (ResNet-8's first stage), the destination skip only when rows are outside.
template <bool kBoth>
__attribute__((always_inline)) inline void widen_x_columns(const int8_t* src, int32_t cols, const TapRows& r, int32_t blocks, uint32_t offsets,
                            int16_t* d0, int16_t* d1) {
  if (cols <= 0) return;
  d0 += r.at;
  if (kBoth) d1 += r.at;
  if (r.skip != 0) {
    return widen_columns<kBoth, false, true>(src, cols, r.count, blocks, r.row_adv, r.col_adv, r.skip, offsets, d0, d1);
  }
  if (blocks == 1) {
    return widen_columns<kBoth, true, false>(src, cols, r.count, 1, r.row_adv, r.col_adv, 0, offsets, d0, d1);
  }
  widen_columns<kBoth, false, false>(src, cols, r.count, blocks, r.row_adv, r.col_adv, 0, offsets, d0, d1);
}

// The tap rows of one x-column (src: its first tap row; adv: bytes from a row's end to the next's).
template <bool kBoth>
inline void widen_rows(const int8_t* src, int32_t adv, int32_t rows, int32_t blocks, uint32_t offsets, int16_t* d0,
                       int16_t* d1) {
  if (blocks == 1) return widen_runs<kBoth, false, true>(src, rows, 1, adv, offsets, d0, d1);
  widen_runs<kBoth, false, false>(src, rows, blocks, adv, offsets, d0, d1);
}

// Per output row: what the x-columns read.
struct RowSource {
  const int8_t* input;  // the batch's image
  int32_t y0;           // input row of tap row 0 (may be outside)
  size_t row_stride;    // input_w * C bytes
  int32_t fy0, fy1;     // the tap rows inside the input: [fy0, fy1)
  bool rows_inside;     // every tap row of this output row lies inside the input
};

// X-column at input column x (any, padding when outside) into column 0 of slot d0 and column 1 of
// slot d1 (either null: not stored).
// Out of line: build_pairs inlines only the interior's asm loop.
__attribute__((noinline)) void build_x_column(const Conv2dParams& p, const RowSource& r, int32_t x, uint32_t offsets,
                                              int16_t* d0, int16_t* d1) {
  const int32_t c = p.input_c;
  const bool x_inside = x >= 0 && x < p.input_w;
  for (int32_t fy = 0; fy < p.filter_h; ++fy) {
    const int32_t y = r.y0 + fy * p.dilation_h;
    int16_t* g0 = d0 != nullptr ? d0 + 2 * fy * c : nullptr;
    int16_t* g1 = d1 != nullptr ? d1 + 2 * fy * c + 4 : nullptr;
    if (!x_inside || y < 0 || y >= p.input_h) {
      if (g0 != nullptr) zero_column(c, g0);
      if (g1 != nullptr) zero_column(c, g1);
      continue;
    }
    const int8_t* src = r.input + static_cast<size_t>(y) * r.row_stride + static_cast<size_t>(x) * c;
    if (g0 != nullptr && g1 != nullptr) {
      widen_both(src, c, offsets, g0, g1);
    } else if (g0 != nullptr) {
      im2col_pack_groups(src, c, p.input_offset, g0, 0, 0);
    } else {
      im2col_pack_groups(src, c, p.input_offset, g1 - 4, 0, 1);
    }
  }
}

// The slot that holds x-column z of a chunk as column 0 of its pair, for z = z_first, z_first + 1,
// ...: z = period * i + t (period = 2 * stride_w), slot q = i * step + t when 0 <= t < filter_w and
// q < slots. Stepped without divisions; t and q start negative for the column-1 walk (z - stride_w).
struct SlotWalk {
  int32_t t, q;
  int32_t slot(int32_t filter_w, int32_t slots) const { return t >= 0 && t < filter_w && q < slots ? q : -1; }
  void next(int32_t period, int32_t step) {
    ++t, ++q;
    if (t == period) t = 0, q += step - period;
  }
};

// The tap rows of output row r as the x-column loops read them (C % 16 == 0; some tap row inside).
TapRows tap_rows(const Conv2dParams& p, const RowSource& r) {
  const int32_t c = p.input_c, count = r.fy1 - r.fy0;
  const int32_t row_adv = static_cast<int32_t>(r.row_stride) * p.dilation_h - c;
  return {r.input + static_cast<size_t>(r.y0 + r.fy0 * p.dilation_h) * r.row_stride, count, 2 * r.fy0 * c, row_adv,
          c - (row_adv + c) * count, 4 * c * (p.filter_h - count)};
}

// Zeros in the tap rows outside the input (above fy0, below fy1) of both columns of n slots.
void zero_outside_rows(const Conv2dParams& p, const RowSource& r, int32_t n, int16_t* slot0) {
  const int32_t c = p.input_c, per_slot = slot_int16(p);
  for (int32_t q = 0; q < n; ++q) {
    int16_t* slot = slot0 + q * per_slot;
    for (int column = 0; column < 2; ++column) {
      zero_column(r.fy0 * c, slot + 4 * column);
      zero_column((p.filter_h - r.fy1) * c, slot + 2 * r.fy1 * c + 4 * column);
    }
  }
}

// The window when consecutive pairs share slots (2 * stride_w <= filter_w: slot q holds x-columns
// (q, q + s) of the chunk), C % 16 == 0: x-columns [0, s) widen into column 0 only, [s, slots) into
// column 0 of slot z and column 1 of slot z - s, [slots, slots + s) into column 1 only, each range
// one asm loop over the x-columns inside the input; the x-columns outside (left / right padding)
// and the tap rows outside (top / bottom padding) are zeroed apart.
void build_overlapped(const Conv2dParams& p, const RowSource& r, int32_t x_first, int32_t slots, uint32_t offsets,
                      int16_t* window) {
  const int32_t s = p.stride_w, c = p.input_c, per_slot = slot_int16(p), blocks = c >> 4;
  const int32_t half = per_slot / 2;  // values of one column of a slot
  if (!r.rows_inside) zero_outside_rows(p, r, slots, window);
  // X-columns z inside the input: [in0, in1) (chunk-relative).
  const int32_t in0 = x_first < 0 ? -x_first : 0;
  const int32_t right = p.input_w - x_first;
  const int32_t in1 = right < slots + s ? right : slots + s;
  const auto zero_x_column = [&](int32_t z) {  // a padding x-column: zeros where it is stored
    if (z < slots) zero_column(half, window + z * per_slot);
    if (z >= s) zero_column(half, window + (z - s) * per_slot + 4);
  };
  for (int32_t z = 0; z < in0; ++z) zero_x_column(z);
  for (int32_t z = in1; z < slots + s; ++z) zero_x_column(z);
  const TapRows rows = tap_rows(p, r);
  const auto src = [&](int32_t z) { return rows.top + static_cast<size_t>(x_first + z) * c; };
  // Shared slots: x-columns [max(s, in0), min(slots, in1)) into both columns, one asm loop.
  const int32_t b0 = s > in0 ? s : in0, b1 = slots < in1 ? slots : in1;
  widen_x_columns<true>(src(b0), b1 - b0, rows, blocks, offsets, window + b0 * per_slot, window + (b0 - s) * per_slot + 4);
  // The first s x-columns (column 0 only) and the last s (column 1 only), when inside.
  const int32_t h0 = s < in1 ? s : in1;
  widen_x_columns<false>(src(in0), h0 - in0, rows, blocks, offsets, window + in0 * per_slot, nullptr);
  const int32_t t0 = slots > in0 ? slots : in0;
  widen_x_columns<false>(src(t0), in1 - t0, rows, blocks, offsets, window + (t0 - s) * per_slot + 4, nullptr);
}

// One pair's window when pairs have slots of their own (2 * stride_w >= filter_w: stride 2 on 3x3),
// every x-column of the pair inside the input, C % 16 == 0: x-columns [0, s) into column 0 of slots
// 0..s-1, [s, filter_w) into column 0 of slot z and column 1 of slot z - s, [filter_w, filter_w + s)
// into column 1 only; three asm loops. (The x-column a pair's column 1 shares with the next pair's
// column 0 is widened once per pair, as per-pixel columns would.) Tap rows outside: zeros.
void build_own_pair(const Conv2dParams& p, const RowSource& r, const TapRows& rows, int32_t x_first, uint32_t offsets,
                    int16_t* slot0) {
  const int32_t s = p.stride_w, fw = p.filter_w, c = p.input_c, per_slot = slot_int16(p), blocks = c >> 4;
  if (!r.rows_inside) zero_outside_rows(p, r, fw, slot0);
  const int8_t* src = rows.top + static_cast<size_t>(x_first) * c;
  const int32_t shared = fw - s;  // x-columns stored in both columns
  const auto run = [&](int32_t x0, int32_t n, int16_t* d0, int16_t* d1) {  // x-columns [x0, x0 + n)
    const int8_t* from = src + static_cast<size_t>(x0) * c;
    if (d1 != nullptr) return widen_x_columns<true>(from, n, rows, blocks, offsets, d0, d1);
    widen_x_columns<false>(from, n, rows, blocks, offsets, d0, nullptr);
  };
  if (shared <= 0) {  // the columns do not overlap: each x-column once
    run(0, fw, slot0, nullptr);
    run(s, fw, slot0 + 4, nullptr);
    return;
  }
  run(0, s, slot0, nullptr);                           // column 0 only: slots [0, s)
  run(s, shared, slot0 + s * per_slot, slot0 + 4);     // both: column 0 slots [s, fw), column 1 [0, shared)
  run(fw, s, slot0 + shared * per_slot + 4, nullptr);  // column 1 only: slots [shared, fw)
}

// The window of `pairs` pixel pairs whose first pixel's x-column 0 is input column x_first: the asm
// layouts above when C % 16 == 0, else (and for stride-2 pairs cut by the left / right padding)
// walk_pairs.
void walk_pairs(const Conv2dParams& p, const RowSource& r, int32_t x_first, int32_t pairs, uint32_t offsets,
                int16_t* window);

void build_pairs(const Conv2dParams& p, const RowSource& r, int32_t x_first, int32_t pairs, uint32_t offsets,
                 int16_t* window) {
  const int32_t s = p.stride_w, period = 2 * s, step = pair_step(p), slots = slots_for(p, pairs);
  const int32_t per_slot = slot_int16(p), fw = p.filter_w, c = p.input_c;
  if ((c & 15) != 0) return walk_pairs(p, r, x_first, pairs, offsets, window);
  if (step == period) return build_overlapped(p, r, x_first, slots, offsets, window);
  const TapRows rows = tap_rows(p, r);  // pairs with slots of their own
  for (int32_t i = 0; i < pairs; ++i) {
    const int32_t x0 = x_first + i * period;
    if (x0 >= 0 && x0 + fw + s <= p.input_w) {
      build_own_pair(p, r, rows, x0, offsets, window + i * fw * per_slot);
    } else {
      walk_pairs(p, r, x0, 1, offsets, window + i * fw * per_slot);
    }
  }
}

// build_pairs' general form: x-column by x-column, each stored where the slot walk says (tap rows
// partly outside, C % 16 != 0, x-columns outside the input).
void walk_pairs(const Conv2dParams& p, const RowSource& r, int32_t x_first, int32_t pairs, uint32_t offsets,
                int16_t* window) {
  const int32_t s = p.stride_w, period = 2 * s, step = pair_step(p), slots = slots_for(p, pairs);
  const int32_t per_slot = slot_int16(p), fw = p.filter_w;
  const int32_t z_end = (pairs - 1) * period + fw + s;  // past column 1 of the last slot
  const int32_t c = p.input_c, fh = p.filter_h;
  const bool fast = (c & 15) == 0;  // the asm loops; the tap rows inside are [r.fy0, r.fy1)
  const int32_t adv = static_cast<int32_t>(r.row_stride) * p.dilation_h - c, blocks = c >> 4;
  const int32_t inside_rows = r.fy1 - r.fy0;
  const int8_t* row0 = r.input + (inside_rows > 0 ? static_cast<size_t>(r.y0 + r.fy0 * p.dilation_h) * r.row_stride : 0);
  SlotWalk col0{0, 0}, col1{-s, -s};
  for (int32_t z = 0; z < z_end; ++z, col0.next(period, step), col1.next(period, step)) {
    const int32_t q0 = col0.slot(fw, slots), q1 = col1.slot(fw, slots);
    if ((q0 & q1) < 0) continue;  // both -1: an x-column between two pairs' windows
    const int32_t x = x_first + z;
    if (fast && x >= 0 && x < p.input_w) {
      int16_t* d0 = q0 >= 0 ? window + q0 * per_slot : nullptr;
      int16_t* d1 = q1 >= 0 ? window + q1 * per_slot + 4 : nullptr;
      if (!r.rows_inside) {  // padding tap rows above and below: zeros
        for (int16_t* d : {d0, d1}) {
          if (d == nullptr) continue;
          zero_column(r.fy0 * c, d);
          zero_column((fh - r.fy1) * c, d + 2 * r.fy1 * c);
        }
        if (inside_rows <= 0) continue;
      }
      const int8_t* src = row0 + static_cast<size_t>(x) * c;
      const int32_t at = 2 * r.fy0 * c;  // tap row fy0's first group in a slot
      if (d0 != nullptr && d1 != nullptr) {
        widen_rows<true>(src, adv, inside_rows, blocks, offsets, d0 + at, d1 + at);
      } else {
        widen_rows<false>(src, adv, inside_rows, blocks, offsets, (d0 != nullptr ? d0 : d1) + at, nullptr);
      }
      continue;
    }
    build_x_column(p, r, x, offsets, q0 >= 0 ? window + q0 * per_slot : nullptr, q1 >= 0 ? window + q1 * per_slot : nullptr);
  }
}

// The window of a lone pixel: its filter_w x-columns into both columns of slots 0..filter_w-1.
void build_lone(const Conv2dParams& p, const RowSource& r, int32_t x_first, uint32_t offsets, int16_t* window) {
  const int32_t per_slot = slot_int16(p);
  for (int32_t z = 0; z < p.filter_w; ++z) {
    build_x_column(p, r, x_first + z, offsets, window + z * per_slot, window + z * per_slot);
  }
}

OutputTable prepare_table(const Conv2dParams& p, const Conv2dS8Args& a, quant::ChannelQuant* quant, uint32_t* saved) {
  if (!p.scratch_prepared) {
    const OutputTable t = build_output_table(a.multiplier, a.shift, p.output_c, p.output_offset, quant);
    *saved = (t.general ? 1u : 0u) | (t.all_right ? 2u : 0u) | (t.no_left_shift ? 4u : 0u) | (t.folded ? 8u : 0u);
    return t;
  }
  const uint32_t f = *saved;
  return {(f & 1u) != 0, (f & 2u) != 0, (f & 4u) != 0, (f & 8u) != 0};
}

template <bool kStacked>
Status run_window(const Conv2dParams& p, const Conv2dS8Args& a, void* scratch, size_t scratch_size) {
  const auto address = reinterpret_cast<uintptr_t>(scratch);
  const size_t lead = (4 - (address & 3u)) & 3u;
  auto* bytes = static_cast<uint8_t*>(scratch) + lead;
  auto* quant = reinterpret_cast<quant::ChannelQuant*>(bytes);
  auto* acc = reinterpret_cast<int32_t*>(quant + p.output_c);
  auto* flags_word = reinterpret_cast<uint32_t*>(bytes + table_bytes(p));
  auto* window = reinterpret_cast<int16_t*>(bytes + table_bytes(p) + kFlagsBytes);
  // Pairs per chunk: what the scratch holds (at least one: scratch_size >= window_scratch_bytes).
  const size_t slot_bytes = 2 * static_cast<size_t>(slot_int16(p));
  if (scratch_size < fixed_bytes(p) - 3 + lead) return Status::kScratchTooSmall;
  const size_t window_room = scratch_size - (fixed_bytes(p) - 3 + lead);
  const int32_t slots_room = static_cast<int32_t>(window_room / slot_bytes);
  if (slots_room < p.filter_w) return Status::kScratchTooSmall;
  int32_t max_pairs = (slots_room - p.filter_w) / pair_step(p) + 1;
  if (max_pairs > p.output_w / 2) max_pairs = p.output_w / 2 > 0 ? p.output_w / 2 : 1;
  const OutputTable t = prepare_table(p, a, quant, flags_word);
  const OutputStage stage{a.bias, quant, p.output_offset, p.activation_min, p.activation_max, t.general, acc,
                          t.all_right, t.no_left_shift, t.folded};
  const int32_t depth = p.filter_h * p.filter_w * p.input_c;
  const int32_t rows = p.output_c, per_slot = slot_int16(p), step = pair_step(p);
  const uint32_t offsets = (static_cast<uint32_t>(p.input_offset) & 0xFFFFu) | (static_cast<uint32_t>(p.input_offset) << 16);
  const auto block = [&](const int16_t* cols, int8_t* out0, int8_t* out1) {
    if (kStacked) return mat_mult_stacked_2col(a.filter, rows, depth, cols, stage, out0, out1);
    mat_mult_paired_2col(a.filter, rows, depth, cols, stage, out0, out1);
  };
  const size_t image_bytes = static_cast<size_t>(p.input_h) * p.input_w * p.input_c;
  const size_t out_row = static_cast<size_t>(p.output_w) * p.output_c;
  for (int32_t b = 0; b < p.batches; ++b) {
    int8_t* out = a.output + static_cast<size_t>(b) * p.output_h * out_row;
    for (int32_t oy = 0; oy < p.output_h; ++oy) {
      // Tap rows inside: fy in [fy0, fy1) (y0 >= -(filter_h - 1) * dilation_h and y0 < input_h: the
      // shape checks make every window overlap the input).
      const int32_t y0 = oy * p.stride_h - p.pad_top;
      const int32_t fy0 = y0 >= 0 ? 0 : (-y0 + p.dilation_h - 1) / p.dilation_h;
      const int32_t below = (p.input_h - 1 - y0) / p.dilation_h + 1;
      const int32_t fy1 = below < p.filter_h ? below : p.filter_h;
      const RowSource r{a.input + static_cast<size_t>(b) * image_bytes, y0, static_cast<size_t>(p.input_w) * p.input_c,
                        fy0, fy1, fy0 == 0 && fy1 == p.filter_h};
      int32_t ox = 0;
      for (; ox + 1 < p.output_w;) {
        const int32_t left = (p.output_w - ox) / 2;
        const int32_t pairs = left < max_pairs ? left : max_pairs;
        build_pairs(p, r, ox * p.stride_w - p.pad_left, pairs, offsets, window);
        for (int32_t i = 0; i < pairs; ++i, ox += 2, out += 2 * p.output_c) {
          block(window + i * step * per_slot, out, out + p.output_c);
        }
      }
      if (ox < p.output_w) {  // the odd last pixel of the row
        build_lone(p, r, ox * p.stride_w - p.pad_left, offsets, window);
        block(window, out, out);
        out += p.output_c;
      }
    }
  }
  return Status::kOk;
}

}  // namespace

bool dsp_window_supports(const Conv2dParams& p) {
  return p.x_major_filter && p.groups == 1 && p.dilation_w == 1 && p.input_c % 4 == 0 && !p.packed_filter_only;
}

// The scratch a call asks for: one pair's window (the stacked / paired variants' column pair), or
// as many pairs as fit kWindowBudget bytes of slots, at most a row's. The budget is about the 2 KB
// that a residual block's ADD table already holds (ResNet-8's blocks share one kernel scratch), so
// the chunks grow where that costs no peak RAM there: ResNet-8's 3x3x16 rows go in chunks of 8
// pixels, its 3x3x32 and 3x3x64 stride-1 rows in pairs; a plan that gives more scratch than this
// (a block's larger shared scratch) gets longer chunks at run time.
constexpr size_t kWindowBudget = 1792;

size_t dsp_window_scratch_bytes(const Conv2dParams& p) {
  const size_t slot_bytes = 2 * static_cast<size_t>(slot_int16(p));
  const int32_t fit = static_cast<int32_t>(kWindowBudget / slot_bytes);
  int32_t pairs = fit >= p.filter_w ? (fit - p.filter_w) / pair_step(p) + 1 : 1;
  const int32_t row_pairs = p.output_w / 2 > 0 ? p.output_w / 2 : 1;
  pairs = pairs < row_pairs ? pairs : row_pairs;
  return fixed_bytes(p) + static_cast<size_t>(slots_for(p, pairs)) * slot_bytes;
}

bool dsp_window_stacked_supports(const Conv2dParams& p) {
  return dsp_window_supports(p) && p.stacked_filter && !p.paired_filter;
}

Status dsp_window_stacked_run(const Conv2dParams& params, const Conv2dS8Args& args, void* scratch, size_t size) {
  return run_window<true>(params, args, scratch, size);
}

bool dsp_window_paired_supports(const Conv2dParams& p) {
  return dsp_window_supports(p) && p.paired_filter && !p.stacked_filter;
}

Status dsp_window_paired_run(const Conv2dParams& params, const Conv2dS8Args& args, void* scratch, size_t size) {
  return run_window<false>(params, args, scratch, size);
}

void x_major_filter(const Conv2dParams& p, const int8_t* filter, int8_t* out) {
  const int32_t cin = p.input_c / p.groups;
  const size_t depth = static_cast<size_t>(p.filter_h) * p.filter_w * cin;
  for (int32_t o = 0; o < p.output_c; ++o, filter += depth, out += depth) {
    for (int32_t fy = 0; fy < p.filter_h; ++fy) {
      for (int32_t fx = 0; fx < p.filter_w; ++fx) {
        const int8_t* src = filter + (static_cast<size_t>(fy) * p.filter_w + fx) * cin;
        int8_t* dst = out + (static_cast<size_t>(fx) * p.filter_h + fy) * cin;
        for (int32_t c = 0; c < cin; ++c) dst[c] = src[c];
      }
    }
  }
}

}  // namespace cmnn::conv

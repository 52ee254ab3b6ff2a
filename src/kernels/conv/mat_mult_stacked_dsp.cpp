// conv2d_s8 stacked micro-kernel (mat_mult_stacked_dsp.h): the stacked int8 filter
// (stacked_filter.h) against the int16 column pair. Built on every target: ACLE instructions on
// Armv7E-M, the bit-exact emulation elsewhere; the hand-scheduled 4x2 block on the Cortex-M4
// (mat_mult_stacked_asm.h), the portable block (the same hi/lo arithmetic) for the rest, the row
// pair of rows % 4 >= 2, the single last row and the depth % 4 tail.
#include "kernels/conv/mat_mult_stacked_dsp.h"

#include <cstddef>

#include "arch/dsp/intrinsics.h"
#include "kernels/conv/mat_mult_paired_dsp.h"
#include "kernels/conv/mat_mult_stacked_asm.h"

namespace cmnn::conv {

static_assert(kStackedPlanned == (CMNN_STACKED_CHUNK_ASM != 0), "kStackedPlanned: the fused assembly's condition");

namespace {

// The portable blocks are out of line where the assembly path exists (accumulate_stacked, called
// once per column pair, then keeps a small frame: 68 bytes, was 132 on M4); elsewhere they are the
// only path and stay inlined (the Cortex-M7's code and placement unchanged).
#if CMNN_STACKED_CHUNK_ASM
#define CMNN_STACKED_PORTABLE_NOINLINE __attribute__((noinline))
#else
#define CMNN_STACKED_PORTABLE_NOINLINE
#endif

inline int32_t wrap_add(int32_t a, int32_t b) {
  return static_cast<int32_t>(static_cast<uint32_t>(a) + static_cast<uint32_t>(b));
}

// S1 of a chunk from its hi and lo sums (mat_mult_stacked_dsp.h): (hi - lo) >> 8, arithmetic.
inline int32_t odd_sum(int32_t hi, int32_t lo) {
  return static_cast<int32_t>(static_cast<uint32_t>(hi) - static_cast<uint32_t>(lo)) >> 8;
}

// One block of kRows (4 or 2) stacked rows: the accumulators of columns 0 and 1, stored as acc[2i],
// acc[2i + 1]; returns the block's end (kRows * depth bytes further).
template <int kRows>
CMNN_STACKED_PORTABLE_NOINLINE const int8_t* block_portable(const int8_t* w, int32_t depth, const int16_t* cols, const int32_t* bias, int32_t* acc) {
  constexpr int kPairs = kRows / 2;
  int32_t lo[kPairs][2], hi[kPairs][2], odd[kPairs][2];
  for (int p = 0; p < kPairs; ++p) {
    for (int col = 0; col < 2; ++col) {
      lo[p][col] = hi[p][col] = bias != nullptr ? bias[2 * p] : 0;
      odd[p][col] = bias != nullptr ? bias[2 * p + 1] : 0;
    }
  }
  const int32_t groups = depth >> 2;
  for (int32_t g = 0; g < groups; ++g, w += 4 * kRows) {
    const int16_t* c = cols + 8 * g;
    const uint32_t even[2] = {dsp::load_u32(c), dsp::load_u32(c + 4)};     // (k0, k2) of columns 0, 1
    const uint32_t odd_x[2] = {dsp::load_u32(c + 2), dsp::load_u32(c + 6)};  // (k1, k3)
    for (int p = 0; p < kPairs; ++p) {
      const uint32_t wa = dsp::load_u32(w + 8 * p), wb = dsp::load_u32(w + 8 * p + 4);
      const uint32_t ea = dsp::sxtb16(wa), eb = dsp::sxtb16(wb);  // row 2p's lanes
      for (int col = 0; col < 2; ++col) {
        hi[p][col] = dsp::smlad(wb, odd_x[col], dsp::smlad(wa, even[col], hi[p][col]));
        lo[p][col] = dsp::smlad(eb, odd_x[col], dsp::smlad(ea, even[col], lo[p][col]));
      }
    }
    if ((g + 1) % kStackedChunkGroups == 0 || g + 1 == groups) {  // drain: at most 256 steps per chunk
      for (int p = 0; p < kPairs; ++p) {
        for (int col = 0; col < 2; ++col) {
          odd[p][col] = wrap_add(odd[p][col], odd_sum(hi[p][col], lo[p][col]));
          hi[p][col] = lo[p][col];
        }
      }
    }
  }
  int32_t a0[kRows], a1[kRows];
  for (int p = 0; p < kPairs; ++p) {
    a0[2 * p] = lo[p][0], a1[2 * p] = lo[p][1];
    a0[2 * p + 1] = odd[p][0], a1[2 * p + 1] = odd[p][1];
  }
  // The depth % 4 tail: plain bytes, row by row (as in the paired layout).
  w = mac_row_tails(w, kRows, depth, cols, a0, a1);
  for (int i = 0; i < kRows; ++i) {
    acc[2 * i] = a0[i];
    acc[2 * i + 1] = a1[i];
  }
  return w;
}

// The single last row (plain int8 bytes, as in the paired layout), out of line where the assembly
// path exists (see above).
CMNN_STACKED_PORTABLE_NOINLINE void row_portable(const int8_t* w, int32_t depth, const int16_t* cols, const int32_t* bias, int32_t* acc) {
  accumulate_plain_row(w, depth, cols, bias, acc);
}

#undef CMNN_STACKED_PORTABLE_NOINLINE

// Rows [r, rows) from w (their stacked bytes) into acc[2r..]: blocks of 4, then 2, then one.
void accumulate_rows(const int8_t* w, int32_t r, int32_t rows, int32_t depth, const int16_t* cols, const int32_t* bias,
                     int32_t* acc) {
  for (; r + 4 <= rows; r += 4) {
    w = block_portable<4>(w, depth, cols, bias != nullptr ? bias + r : nullptr, acc + 2 * r);
  }
  if (r + 2 <= rows) {
    w = block_portable<2>(w, depth, cols, bias != nullptr ? bias + r : nullptr, acc + 2 * r);
    r += 2;
  }
  if (r < rows) row_portable(w, depth, cols, bias != nullptr ? bias + r : nullptr, acc + 2 * r);
}

// Every quad of the assembly path (mat_mult_stacked_asm.h), one chunk per call: the first from
// the bias, the later ones from acc; a quad's group g0 starts 16 * g0 bytes into its rows. The
// last chunk stores bytes through `fused` when it is not null, acc otherwise.
void run_quads(const int8_t* w, int32_t quads, int32_t depth, const int16_t* cols, const int32_t* bias, int32_t* acc,
               const StackedFusedOut* fused) {
  const int32_t groups = depth >> 2;
  for (int32_t g0 = 0; g0 < groups; g0 += kStackedChunkGroups) {
    const int32_t n = groups - g0 < kStackedChunkGroups ? groups - g0 : kStackedChunkGroups;
    stacked_chunk_asm(w + 16 * static_cast<size_t>(g0), quads, depth, n, cols + 8 * g0, g0 == 0 ? bias : nullptr, acc,
                      g0 + n == groups ? fused : nullptr);
  }
}

// The assembly path's preconditions (the quads run there, the rest portable).
bool quads_in_asm(int32_t rows, int32_t depth, const int32_t* bias) {
  return CMNN_STACKED_CHUNK_ASM && bias != nullptr && (depth & 3) == 0 && rows >= 4;
}

}  // namespace

void accumulate_stacked(const int8_t* stacked, int32_t rows, int32_t depth, const int16_t* cols, const int32_t* bias,
                        int32_t* acc) {
  int32_t r = 0;
  if (quads_in_asm(rows, depth, bias)) {
    run_quads(stacked, rows >> 2, depth, cols, bias, acc, nullptr);
    r = rows & ~3;
  }
  accumulate_rows(stacked + static_cast<size_t>(r) * depth, r, rows, depth, cols, bias, acc);
}

namespace {

// Whether the fused form requantizes the quads of a call in registers: the folded stage with the
// full int8 clamp, where the quads run in assembly (mat_mult_stacked_2col, plan_stacked_2col).
bool fuses_quads(const OutputStage& stage, int32_t rows, int32_t depth) {
  return stage.folded && stage.activation_min == -128 && stage.activation_max == 127 &&
         quads_in_asm(rows, depth, stage.bias);
}

// The fused form's output words for the stage's quant records and add word (1 + 2 * output_offset).
StackedFusedOut fused_out(uint32_t quant, int32_t add, int8_t* out0, int8_t* out1) {
  return {quant, static_cast<uint32_t>(reinterpret_cast<uintptr_t>(out0)),
          static_cast<uint32_t>(reinterpret_cast<uintptr_t>(out1)), add};
}

}  // namespace

StackedPlan plan_stacked_2col(const int8_t* stacked, int32_t rows, int32_t depth, const OutputStage& stage) {
  const bool fused_whole = fuses_quads(stage, rows, depth) && (rows & 3) == 0 && (depth >> 2) <= kStackedChunkGroups;
  return {stacked,
          rows,
          depth,
          &stage,
          fused_whole,
          static_cast<uint32_t>(reinterpret_cast<uintptr_t>(stage.quant)),
          1 + 2 * stage.output_offset};
}

void run_stacked_2col(const StackedPlan& plan, const int16_t* cols, int8_t* out0, int8_t* out1) {
  if (!plan.fused_whole) return mat_mult_stacked_2col(plan.stacked, plan.rows, plan.depth, cols, *plan.stage, out0, out1);
  const StackedFusedOut fused = fused_out(plan.quant, plan.add, out0, out1);
  stacked_chunk_asm(plan.stacked, plan.rows >> 2, plan.depth, plan.depth >> 2, cols, plan.stage->bias, plan.stage->acc,
                    &fused);
}

void mat_mult_stacked_2col(const int8_t* stacked, int32_t rows, int32_t depth, const int16_t* cols,
                           const OutputStage& stage, int8_t* out0, int8_t* out1) {
  // Fused (Cortex-M4 assembly): the folded stage with the full int8 clamp requantizes every quad
  // in registers as its last chunk ends (StackedFusedOut); the rows % 4 tail through acc and
  // requantize_acc_2col as before. Every other stage: accumulate, then requantize_acc_2col.
  if (fuses_quads(stage, rows, depth)) {
    const StackedFusedOut fused = fused_out(static_cast<uint32_t>(reinterpret_cast<uintptr_t>(stage.quant)),
                                            1 + 2 * stage.output_offset, out0, out1);
    run_quads(stacked, rows >> 2, depth, cols, stage.bias, stage.acc, &fused);
    const int32_t r = rows & ~3;
    if (r == rows) return;
    accumulate_rows(stacked + static_cast<size_t>(r) * depth, r, rows, depth, cols, stage.bias, stage.acc);
    OutputStage tail = stage;
    tail.quant += r;
    return requantize_acc_2col(tail, stage.acc + 2 * r, rows - r, out0 + r, out1 + r);
  }
  accumulate_stacked(stacked, rows, depth, cols, stage.bias, stage.acc);
  requantize_acc_2col(stage, stage.acc, rows, out0, out1);
}

}  // namespace cmnn::conv

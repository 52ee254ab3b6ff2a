// One channel of a whole 5-pixel output row of a 3x3 depthwise convolution (stride 1, dilation_w
// 1, input width 5, one column of padding on each side: KWS's 25x5x64 layers) from the ring of
// pre-widened rows: channel_ring on Armv7E-M (taps, fast output stage and stores in one block),
// mac_ring (taps only, in C) elsewhere (not public API; driven by depthwise_dsp.cpp's
// ring_rows_3x3). mac_row and the Frame also serve the 6-wide rows (row6_3x3_dsp.h).
//
// Why a row: the five outputs of a channel share each filter row's three weights, and an SMLAD
// does two taps of one channel when two horizontally adjacent inputs of that channel sit in the
// two halfwords of a register. Per filter row, with v[-1] = v[5] = the padding value zp and
// (w0, w1, w2) the row's weights:
//   P- = (zp, v0), P1 = (v1, v2), P3 = (v3, v4)       (PKHBT of sign-extended bytes: 3 pairs)
//   out0 += SMLAD(P-, W01) + v1*w2    out1 += v0*w0 + SMLAD(P1, W12)
//   out2 += SMLAD(P1, W01) + v3*w2    out3 += v2*w0 + SMLAD(P3, W12)
//   out4 += SMLAD(P3, W01) + zp*w2
// with W01 = (w0, w1), W12 = (w1, w2): 5 SMLAD + 5 SMLAxy for 15 taps (the pixel-pair kernels: 12
// SMLAxy and 7 loads for 12 taps), the pairs read from the ring.
//
// Padding as a value: the accumulators start from the folded bias (bias + input_offset * sum of
// the channel's 9 weights), so a padded tap must contribute w * (zp + input_offset) = 0 to the
// true sum, i.e. the raw input value there is zp = -input_offset (in [-128, 127]: the check keeps
// input_offset in [-127, 128]). All sums wrap in int32 exactly like the reference's, so the
// accumulators equal the reference's (the true sum, kept in int32 by the caller's output stage
// conditions) bit for bit.
//
// Weights come from the group records of depthwise_dsp.cpp unchanged (no extra scratch): tap t's
// word 2t + L holds channel L (bottom halfword) and channel L + 2 (top), sign-extended; the
// channel's W01 and W12 are packed from a row's three words by two PKHBT (H = 0: bottom halves) or
// PKHTB (H = 1: top halves).
//
// kRowSet: 0 = filter rows 0..2 (q at the input row of filter row 0), 1 = rows 1, 2 (q at the
// input row of filter row 1; row 0 above the image), 2 = rows 0, 1 (row 2 below). The caller
// takes the missing row off the folded bias.
#pragma once
#include <cstdint>

#include "arch/dsp/intrinsics.h"

namespace cmnn::depthwise::row5 {

template <int kRowSet>
constexpr int kFirstRow = kRowSet == 1 ? 1 : 0;
template <int kRowSet>
constexpr int kRows = kRowSet == 0 ? 3 : 2;

// Weight (filter row r, column k) of channel `lane` = L + 2H from a group's weight words w (lane
// known at run time: the rare-stage ring path; weight<L, H> where it is a template argument).
inline int32_t weight_at(const uint32_t* w, int lane, int r, int k) {
  const uint32_t word = w[2 * (3 * r + k) + (lane & 1)];
  return static_cast<int16_t>((lane & 2) == 0 ? word & 0xFFFFu : word >> 16);
}
template <int L, int H>
inline int32_t weight(const uint32_t* w, int r, int k) {
  return weight_at(w, L + 2 * H, r, k);
}

// acc[i] += filter row r's three taps of output pixel i (0..kWidth-1) of channel L + 2H, v: the
// row's input columns -1..kWidth (padding as zp), w: the group's weight words. Wrapping 32-bit.
template <int kWidth>
inline void mac_filter_row(const int32_t* v, const uint32_t* w, int lane, int r, uint32_t* acc) {
  for (int i = 0; i < kWidth; ++i) {
    for (int k = 0; k < 3; ++k) acc[i] += static_cast<uint32_t>(v[i + k] * weight_at(w, lane, r, k));
  }
}

// acc[i] += the 3x3 taps of output pixel i (0..kWidth-1) of channel L + 2H over the filter rows
// of kRowSet, for a kWidth-wide image (5 here, 6 in row6_3x3_dsp.h; one column of padding on each
// side), in C (builds without the DSP extension; Armv7E-M runs row6::channel_fast, the same sums by
// pairs, checked against ref by tests/unit/depthwise on M4 and M33 under QEMU). q: the channel's
// input byte at column 0 of the first row run; row_step: bytes between input rows; col: bytes
// between input columns (input_c); w: the group's weight words; zp: the padding value
// -input_offset.
template <int kWidth, int L, int H, int kRowSet>
inline void mac_row(const int8_t* q, int32_t row_step, int32_t col, const uint32_t* w, int32_t zp, int32_t* a) {
  static_assert(L == 0 || L == 1, "two words per tap");
  static_assert(H == 0 || H == 1, "two channels per word");
  uint32_t acc[kWidth];
  for (int i = 0; i < kWidth; ++i) acc[i] = static_cast<uint32_t>(a[i]);
  for (int r = kFirstRow<kRowSet>; r < kFirstRow<kRowSet> + kRows<kRowSet>; ++r, q += row_step) {
    int32_t v[kWidth + 2];  // input columns -1..kWidth
    v[0] = zp;
    v[kWidth + 1] = zp;
    for (int c = 0; c < kWidth; ++c) v[c + 1] = q[c * col];
    mac_filter_row<kWidth>(v, w, L + 2 * H, r, acc);
  }
  for (int i = 0; i < kWidth; ++i) a[i] = static_cast<int32_t>(acc[i]);
}

// The ring of pre-widened rows (depthwise_dsp.cpp's ring_rows_3x3, 5-wide images only): each input
// row of a channel is stored once as its three pair words P- = (zp, v0), P1 = (v1, v2), P3 = (v3,
// v4) (bottom halfword first), so the row kernels read 3 words per filter row instead of 5 bytes
// and 3 PKHBT, and a row is widened once instead of once per output row reading it (3 times).
constexpr int kRingWords = 3;

// mac_row<5> from the ring for channel `lane` = L + 2H of a group and row set `set` (kRowSet), by
// the pairs of the header's scheme (per filter row: W01 and W12 packed from the lane's halves of
// its three weight words, 5 SMLAD + 5 SMLAxy on the row's three pair words), lane and row set taken
// at run time: the C form of channel_ring's and sums_ring's sums (builds without the DSP
// extension: the host runs it through the intrinsics' emulation). q at the channel's words in the
// slot of the first row run; step1, step2: words from that slot to the next row's, and from there
// to the third's (set 0). mac_ring<L, H, kRowSet> where they are template arguments.
inline void mac_ring_at(const uint32_t* q, int32_t step1, int32_t step2, const uint32_t* w, int lane, int set,
                        int32_t* a) {
  const int first = set == 1 ? 1 : 0, rows = set == 0 ? 3 : 2;
  const uint32_t* wr = w + 6 * first + (lane & 1);  // the first row's tap-0 word of the lane
  const int half = 8 * (lane & 2);                  // the lane's halfword: 0 bottom, 16 top
  int32_t a0 = a[0], a1 = a[1], a2 = a[2], a3 = a[3], a4 = a[4];
  for (int r = 0; r < rows; ++r, wr += 6) {
    const uint32_t x0 = wr[0] >> half, x1 = wr[2] >> half, x2 = wr[4] >> half;
    const uint32_t w01 = dsp::pkhbt_lsl16(x0, x1), w12 = dsp::pkhbt_lsl16(x1, x2);
    const uint32_t pm = q[0], p1 = q[1], p3 = q[2];  // (zp, v0), (v1, v2), (v3, v4)
    a0 = dsp::smlabt(p1, w12, dsp::smlad(pm, w01, a0));  // zp*w0 + v0*w1 + v1*w2
    a1 = dsp::smlad(p1, w12, dsp::smlatb(pm, w01, a1));  // v0*w0 + v1*w1 + v2*w2
    a2 = dsp::smlabt(p3, w12, dsp::smlad(p1, w01, a2));  // v1*w0 + v2*w1 + v3*w2
    a3 = dsp::smlad(p3, w12, dsp::smlatb(p1, w01, a3));  // v2*w0 + v3*w1 + v4*w2
    a4 = dsp::smlabt(pm, w12, dsp::smlad(p3, w01, a4));  // v3*w0 + v4*w1 + zp*w2
    q += r == 0 ? step1 : step2;
  }
  a[0] = a0, a[1] = a1, a[2] = a2, a[3] = a3, a[4] = a4;
}
template <int L, int H, int kRowSet>
inline void mac_ring(const uint32_t* q, int32_t step1, int32_t step2, const uint32_t* w, int32_t* a) {
  mac_ring_at(q, step1, step2, w, L + 2 * H, kRowSet, a);
}

// The values channel_ring (here) and row6::channel_fast read from the stack (as "m" operands: they
// cost no register): one per call of the row kernel, out advanced per group.
struct Frame {
  int32_t zp;        // the padding value -input_offset
  int32_t row_step;  // bytes between input rows
  int32_t out_c;     // bytes between output pixels
  int32_t bias;      // kRowSet 1, 2: the first accumulator value (set by the caller per channel)
  int8_t* out;       // the group's output at pixel 0, channel 0
  const int32_t* quant;  // kRows 2: the channel's FastQuant words (set by the caller per channel)
};
// channel_ring's frame (a field more only where the ring runs: the other row kernels' frames stay
// as they were).
struct RingFrame : Frame {
  int32_t row_step2;  // bytes from the second filter row's ring slot to the third's
};

#if defined(__ARM_FEATURE_DSP)
// The pieces of channel_ring's assembly block (Cortex-M4 schedule): the step to the next row's
// slot, the fast output stage (quant::requantize_fast_s8) and stores of the five outputs, the
// first accumulator value, and the packing of W01 and W12 from a filter row's three weight words.
#define CMNN_R5_LD "ldr %[x], %[rs]\n\t"
#define CMNN_R5_ADD "add %[q], %[q], %[x]\n\t"
// One output: requantize_fast_s8 (m2 in x, round in y, shift in z) into wb, then the store.
#define CMNN_R5_OUT(A, STORE)                                                                         \
  "smmlar %[wb], %[" A "], %[x], %[" A "]\n\t"                                                        \
  "add %[wb], %[wb], %[wb], asr #31\n\t"                                                              \
  "qadd %[wb], %[wb], %[y]\n\t"                                                                       \
  "asr %[wb], %[wb], %[z]\n\t"                                                                        \
  "ssat %[wb], #8, %[wb]\n\t" STORE
// The output stage: f.out into q, out_c into wa (both dead after the rows), the constants, then the
// 5 outputs, each stored at [q, #channel] (an immediate-offset store: 1 cycle) with q stepping by out_c.
#define CMNN_R5_NEXT "add %[q], %[q], %[wa]\n\t"
#define CMNN_R5_ST "strb %[wb], [%[q], %[c]]\n\t"
#define CMNN_R5_TAIL                                                                                  \
  "ldr %[q], %[o]\n\t"                                                                                \
  "ldr %[wa], %[oc]\n\t"                                                                              \
  "ldr %[x], [%[w], %[qm]]\n\t"                                                                       \
  "ldr %[y], [%[w], %[qm] + 4]\n\t"                                                                   \
  "ldr %[z], [%[w], %[qm] + 8]\n\t"                                                                   \
  CMNN_R5_OUT("a0", CMNN_R5_ST CMNN_R5_NEXT) CMNN_R5_OUT("a1", CMNN_R5_ST CMNN_R5_NEXT)                 \
  CMNN_R5_OUT("a2", CMNN_R5_ST CMNN_R5_NEXT) CMNN_R5_OUT("a3", CMNN_R5_ST CMNN_R5_NEXT)                 \
  CMNN_R5_OUT("a4", CMNN_R5_ST)
// The kRows 2 output stage: the FastQuant words through f.quant.
#define CMNN_R5_TAIL2                                                                                 \
  "ldr %[q], %[o]\n\t"                                                                                \
  "ldr %[wa], %[oc]\n\t"                                                                              \
  "ldr %[z], %[qp]\n\t"                                                                               \
  "ldr %[x], [%[z]]\n\t"                                                                              \
  "ldr %[y], [%[z], #4]\n\t"                                                                          \
  "ldr %[z], [%[z], #8]\n\t"                                                                          \
  CMNN_R5_OUT("a0", CMNN_R5_ST CMNN_R5_NEXT) CMNN_R5_OUT("a1", CMNN_R5_ST CMNN_R5_NEXT)                 \
  CMNN_R5_OUT("a2", CMNN_R5_ST CMNN_R5_NEXT) CMNN_R5_OUT("a3", CMNN_R5_ST CMNN_R5_NEXT)                 \
  CMNN_R5_OUT("a4", CMNN_R5_ST)
#define CMNN_R5_INIT0 "ldr %[a0], [%[w], %[fb]]\n\t"
#define CMNN_R5_INITB "ldr %[a0], %[b]\n\t"
#define CMNN_R5_PK0 "pkhbt %[wa], %[wa], %[wb], lsl #16\n\t" "pkhbt %[wb], %[wb], %[x], lsl #16\n\t"
#define CMNN_R5_PK1 "pkhtb %[wa], %[wb], %[wa], asr #16\n\t" "pkhtb %[wb], %[x], %[wb], asr #16\n\t"
#define CMNN_R5_RING_LD2 "ldr %[x], %[rs2]\n\t"

// One filter row of channel_ring's and sums_ring's blocks: the row's three weights (LDW "ldr":
// the lane's words, packed by WPK; "ldrh": the lane's halfwords) and pair words, then the 10
// multiply-accumulates, the step to the next row's slot between them (STEP_LD, STEP_ADD).
#define CMNN_R5_RING_ROW(LDW, oA, oB, oC, WPK, STEP_LD, STEP_ADD) \
  LDW " %[wa], [%[w], #" #oA "]\n\t"                         \
  LDW " %[wb], [%[w], #" #oB "]\n\t"                         \
  LDW " %[x], [%[w], #" #oC "]\n\t"                          \
  "ldr %[z], [%[q]]\n\t"                                    \
  "ldr %[y], [%[q], #4]\n\t"                                \
  "ldr %[u], [%[q], #8]\n\t" WPK STEP_LD                     \
  "smlabt %[a4], %[z], %[wb], %[a4]\n\t"                     \
  "smlad %[a0], %[z], %[wa], %[a0]\n\t"                      \
  "smlatb %[a1], %[z], %[wa], %[a1]\n\t"                     \
  "smlabt %[a0], %[y], %[wb], %[a0]\n\t"                     \
  "smlad %[a1], %[y], %[wb], %[a1]\n\t"                      \
  "smlad %[a2], %[y], %[wa], %[a2]\n\t"                      \
  "smlatb %[a3], %[y], %[wa], %[a3]\n\t"                     \
  "smlabt %[a2], %[u], %[wb], %[a2]\n\t"                     \
  "smlad %[a3], %[u], %[wb], %[a3]\n\t"                      \
  "smlad %[a4], %[u], %[wa], %[a4]\n\t" STEP_ADD
// The first filter row, with a0 holding the first accumulator value: a1..a4 take it as the addend
// of their first instruction before a0's own (no moves to start them).
#define CMNN_R5_RING_ROW1(LDW, WPK)           \
  LDW " %[wa], [%[w], #0]\n\t"                \
  LDW " %[wb], [%[w], #8]\n\t"                \
  LDW " %[x], [%[w], #16]\n\t"                \
  "ldr %[z], [%[q]]\n\t"                      \
  "ldr %[y], [%[q], #4]\n\t"                  \
  "ldr %[u], [%[q], #8]\n\t" WPK CMNN_R5_LD    \
  "smlabt %[a4], %[z], %[wb], %[a0]\n\t"       \
  "smlatb %[a1], %[z], %[wa], %[a0]\n\t"       \
  "smlad %[a2], %[y], %[wa], %[a0]\n\t"        \
  "smlatb %[a3], %[y], %[wa], %[a0]\n\t"       \
  "smlad %[a0], %[z], %[wa], %[a0]\n\t"        \
  "smlabt %[a0], %[y], %[wb], %[a0]\n\t"       \
  "smlad %[a1], %[y], %[wb], %[a1]\n\t"        \
  "smlabt %[a2], %[u], %[wb], %[a2]\n\t"       \
  "smlad %[a3], %[u], %[wb], %[a3]\n\t"        \
  "smlad %[a4], %[u], %[wa], %[a4]\n\t" CMNN_R5_ADD
// mac_ring's sums and the fast output stage of the channel's five outputs in one assembly block, so
// nothing spills between the rows and the stores. q at the channel's three pair words in the slot
// of the first row run, the next rows f.row_step and then f.row_step2 bytes on. w: the group's
// weight words plus L, so the channel's folded bias and FastQuant words sit at fixed offsets from
// it; kRows 3 (kRowSet 0) loads the folded bias itself; kRows 2 (kRowSet 1 or 2, one body for
// both: w at the first row's tap-0 word of the lane) takes f.bias and f.quant from the caller.
// Channel L + 2H's outputs: f.out + L + 2H, then out_c bytes apart. Per filter row one run of six
// loads (3 weight words, 3 pair words) and no input packing; the padding value for out4's last tap
// is P-'s bottom halfword (no zp register).
template <int L, int H, int kRows>
inline void channel_ring(const uint32_t* q, const uint32_t* w, RingFrame& f) {
  uint32_t wa, wb, x, y, z, u;
  int32_t a0, a1, a2, a3, a4;
  constexpr int kFb = 8 * H - 32, kQuant = 72 + 8 * L + 24 * H, kC = L + 2 * H;
#define CMNN_R5_RING_ASM(BODY)                                                                               \
  __asm__ volatile(BODY                                                                                      \
                   : [q] "+r"(q), [a0] "=&r"(a0), [a1] "=&r"(a1), [a2] "=&r"(a2), [a3] "=&r"(a3),             \
                     [a4] "=&r"(a4), [wa] "=&r"(wa), [wb] "=&r"(wb), [x] "=&r"(x), [y] "=&r"(y), [z] "=&r"(z),   \
                     [u] "=&r"(u)                                                                              \
                   : [w] "r"(w), [rs] "m"(f.row_step), [rs2] "m"(f.row_step2), [b] "m"(f.bias), [o] "m"(f.out), \
                     [oc] "m"(f.out_c), [fb] "i"(kFb), [qm] "i"(kQuant), [c] "i"(kC), [qp] "m"(f.quant)          \
                   : "memory")
#define CMNN_R5_RING_ALL(PK)                                                                                      \
  if constexpr (kRows == 3) {                                                                                     \
    CMNN_R5_RING_ASM(CMNN_R5_INIT0 CMNN_R5_RING_ROW1("ldr", PK)                                                  \
                         CMNN_R5_RING_ROW("ldr", 24, 32, 40, PK, CMNN_R5_RING_LD2, CMNN_R5_ADD)                     \
                             CMNN_R5_RING_ROW("ldr", 48, 56, 64, PK, "", "") CMNN_R5_TAIL);                         \
  } else {                                                                                                        \
    CMNN_R5_RING_ASM(CMNN_R5_INITB CMNN_R5_RING_ROW1("ldr", PK)                                                  \
                         CMNN_R5_RING_ROW("ldr", 24, 32, 40, PK, "", "") CMNN_R5_TAIL2);                            \
  }
  static_assert(kRows == 2 || kRows == 3, "three filter rows, or two");
  if constexpr (H == 0) {
    CMNN_R5_RING_ALL(CMNN_R5_PK0)
  } else {
    CMNN_R5_RING_ALL(CMNN_R5_PK1)
  }
#undef CMNN_R5_RING_ALL
#undef CMNN_R5_RING_ASM
#undef CMNN_R5_TAIL2
#undef CMNN_R5_PK1
#undef CMNN_R5_INIT0
#undef CMNN_R5_TAIL
#undef CMNN_R5_ST
#undef CMNN_R5_NEXT
#undef CMNN_R5_OUT
}
// channel_ring's sums alone, for a lane and a row count (rows: 3 for kRowSet 0, else 2) known at
// run time: the ring path of the other output stages (depthwise_dsp.cpp's ring_row_other), one
// block per row count for every lane. w: the lane's halfword of the first row run's tap-0 weight
// word (a byte address: the group's weight words + 6 * first filter row + L, + 2H bytes): LDRH
// reads every weight of the lane into a bottom halfword, so channel_ring's H = 0 packing serves
// both halves. q, f.row_step, f.row_step2 as channel_ring; f.bias: the first accumulator value.
// a: the five sums (wrapping, as mac_ring_at's).
inline void sums_ring(const uint32_t* q, const unsigned char* w, int rows, const RingFrame& f, int32_t* a) {
  uint32_t wa, wb, x, y, z, u;
  int32_t a0, a1, a2, a3, a4;
#define CMNN_R5_SUMS_ASM(BODY)                                                                                  \
  __asm__ volatile(BODY                                                                                         \
                   : [q] "+r"(q), [a0] "=&r"(a0), [a1] "=&r"(a1), [a2] "=&r"(a2), [a3] "=&r"(a3), [a4] "=&r"(a4), \
                     [wa] "=&r"(wa), [wb] "=&r"(wb), [x] "=&r"(x), [y] "=&r"(y), [z] "=&r"(z), [u] "=&r"(u)        \
                   : [w] "r"(w), [rs] "m"(f.row_step), [rs2] "m"(f.row_step2), [b] "m"(f.bias)                      \
                   : "memory")
  if (rows == 3) {
    CMNN_R5_SUMS_ASM(CMNN_R5_INITB CMNN_R5_RING_ROW1("ldrh", CMNN_R5_PK0)
                         CMNN_R5_RING_ROW("ldrh", 24, 32, 40, CMNN_R5_PK0, CMNN_R5_RING_LD2, CMNN_R5_ADD)
                             CMNN_R5_RING_ROW("ldrh", 48, 56, 64, CMNN_R5_PK0, "", ""));
  } else {
    CMNN_R5_SUMS_ASM(CMNN_R5_INITB CMNN_R5_RING_ROW1("ldrh", CMNN_R5_PK0)
                         CMNN_R5_RING_ROW("ldrh", 24, 32, 40, CMNN_R5_PK0, "", ""));
  }
#undef CMNN_R5_SUMS_ASM
  a[0] = a0, a[1] = a1, a[2] = a2, a[3] = a3, a[4] = a4;
}
#undef CMNN_R5_RING_LD2
#undef CMNN_R5_RING_ROW1
#undef CMNN_R5_RING_ROW
#undef CMNN_R5_PK0
#undef CMNN_R5_INITB
#undef CMNN_R5_ADD
#undef CMNN_R5_LD
#endif

}  // namespace cmnn::depthwise::row5

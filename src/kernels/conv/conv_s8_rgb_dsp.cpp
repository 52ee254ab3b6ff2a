// conv2d_s8.rgb3x3.dsp: the RGB first layer (3x3 filter on 3 input channels, one group, no
// dilation, any stride and padding; Conv2dParams::rgb_packed, conv2d_s8_rgb_pack).
//
// Shared window buffer. Per output row, the input columns a run of output pixels reads are widened
// (input offset added, SXTAB16) once into scratch, two input columns ("a column pair", buffer
// columns u and u + 1, u even; buffer column u = input column u - pad_left, padding as 0) in 9
// words (18 int16): the 9 values (3 filter rows x 3 channels) of column u in words 0..3 and the
// low half of word 4, those of column u + 1 in the high half of word 4 and words 5..8, in the
// orders kEven / kOdd below (what two word loads per row, SXTAB16 and PKHBT/PKHTB give without any
// byte shuffling). The window of an output pixel whose first buffer column is r (relative to the
// buffer's first pair) is then 14 consecutive words: from word 9r/2 when r is even, from word
// (9r - 1)/2 when r is odd; its 28 values are the 27 taps and one value of a neighbouring column.
//
// Packed filter (conv2d_s8_rgb_pack): word 0 flags (bit 0: every channel has the fast
// requantization words), then one layout for windows starting at an even r and, when stride_w is
// odd (odd r occur), one for odd r; each layout per group of 4 output channels ("quad", channels
// past output_c zero) is kQuadWords words: the 4 biases, 14 steps x 4 channels of two int16
// weights (step j of channel k: the weights of window values 2j and 2j + 1; 0 for the
// neighbouring column's value), then per channel the doubled requantization form of
// requant_fast.h (quant::make_fast_quant_d: 2m, round word with the output zero point folded in,
// e + 1). One SMLAD per step, channel and pixel; the 4x2 block (4 channels x 2 pixels whose
// windows share the layout) keeps its 8 sums in registers and requantizes them there.
//
// Arithmetic: each sum is bias + the 27 products (x + input_offset) * w, |x + input_offset| <= 255,
// |w| <= 128, so |products| <= 27 * 255 * 128 = 881,280: SMLAD's wrapping adds give the reference's
// int32 sum (ref adds the bias with the same wrap). The fast requantization needs per channel a
// multiplier in [2^30, 2^31), a shift in [-22, 0] and, for a shift of 0, |bias| <= 2^31 - 129 -
// 881,280 (so |acc| <= 2^31 - 129, the bound make_fast_quant_d's shift 0 needs), and a full int8
// clamp at run time; otherwise every output goes through quant::requantize_to_s8 (slow, exact).
#include <cstddef>
#include <cstdint>

#include "arch/dsp/intrinsics.h"
#include "arch/dsp/schedule.h"
#include "kernels/conv/conv_s8_variants.h"
#include "quant/fixed_point.h"
#include "quant/requant_fast.h"

namespace cmnn::conv {
namespace {

constexpr int32_t kSteps = 14;                                 // words per window
constexpr int32_t kQuadWords = 4 + 4 * kSteps + 3 * 4;         // 72: biases, weights, requantization
constexpr int32_t kRequantWord = 4 + 4 * kSteps;               // offset of the requantization words
constexpr int32_t kPairWords = 9;                              // one column pair in the buffer
constexpr int32_t kBufferPairs = 9;                            // column pairs the scratch holds
constexpr int32_t kMaxProducts = 27 * 255 * 128;               // |sum of products| bound (881,280)

// (filter row, channel) of the 9 values of a pair's even column (kEven) and odd column (kOdd).
constexpr int8_t kEven[9][2] = {{0, 0}, {0, 2}, {1, 0}, {1, 2}, {2, 0}, {2, 2}, {0, 1}, {1, 1}, {2, 1}};
constexpr int8_t kOdd[9][2] = {{0, 1}, {1, 1}, {2, 1}, {0, 0}, {0, 2}, {1, 0}, {1, 2}, {2, 0}, {2, 2}};

int32_t quads_of(const Conv2dParams& p) { return (p.output_c + 3) / 4; }
bool has_odd_layout(const Conv2dParams& p) { return (p.stride_w & 1) != 0 && p.output_w > 1; }
int32_t layout_words(const Conv2dParams& p) { return quads_of(p) * kQuadWords; }

// Scratch: 3 alignment bytes, the buffer and one pair of slack (zeroed per call: the assembly reads
// a lone pixel's second window 9 words after its first, results discarded), 8 bytes for a
// partial quad's outputs.
constexpr int32_t kBufferWords = kPairWords * (kBufferPairs + 1);
constexpr size_t kScratch = 3 + 4 * kBufferWords + 8;

// Window value i (0..27) of a window starting at an even (parity 0) or odd (1) buffer column:
// the filter tap it meets as (fx, fy, c), fx outside 0..2 meaning none.
struct Tap {
  int32_t fx, fy, c;
};
Tap tap_of(int32_t parity, int32_t i) {
  const int32_t q = i + (parity != 0 ? 8 : 0);  // value index from the window's first pair
  const int32_t within = q % 18, odd = within / 9;
  const int8_t* fc = odd != 0 ? kOdd[within - 9] : kEven[within];
  return {2 * (q / 18) + odd - parity, fc[0], fc[1]};
}

// Pixels a chunk may hold: the largest n whose windows fit the buffer from an even first buffer
// column (pairs used: floor((n - 1) * stride / 2) + 2), then for an odd stride a multiple of 4 when
// >= 4 (pixels pair as (i, i + 2), (i + 1, i + 3)), for an even one a multiple of 2 when >= 2
// (pairs (i, i + 1)). Chunks start at multiples of n, so the first buffer column (start * stride)
// is even unless n == 1, whose one window needs 2 pairs from either parity.
int32_t chunk_pixels(int32_t stride, int32_t output_w) {
  int32_t n = 1;
  while (n < output_w && ((n * stride) >> 1) + 2 <= kBufferPairs) ++n;
  const int32_t unit = (stride & 1) != 0 ? 4 : 2;
  return n >= unit ? n - n % unit : n;
}

// Widens column pair (x, x + 1) (input columns; either may be padding) of the three input rows
// (null: a padding row) into dst (9 words).
void widen_pair(const int8_t* const rows[3], int32_t x, int32_t input_w, int32_t input_offset, uint32_t* dst) {
  const uint32_t off = (static_cast<uint32_t>(input_offset) & 0xFFFFu) | (static_cast<uint32_t>(input_offset) << 16);
  uint32_t w1[3], w2[3];
  const auto pad = static_cast<int8_t>(-input_offset);  // widens to 0
  const uint32_t pad4 = static_cast<uint32_t>(static_cast<uint8_t>(pad)) * 0x01010101u;
  const bool in0 = x >= 0 && x < input_w, in1 = x + 1 >= 0 && x + 1 < input_w;
  for (int r = 0; r < 3; ++r) {
    const int8_t* row = rows[r];
    if (row == nullptr) {  // a padding row
      w1[r] = w2[r] = pad4;
    } else if (in0 && in1) {
      w1[r] = dsp::load_u32(row + 3 * x);      // bytes 0..3 of the 6
      w2[r] = dsp::load_u32(row + 3 * x + 2);  // bytes 2..5
    } else {  // one column (or both) padding
      int8_t b[6];
      for (int i = 0; i < 3; ++i) {
        b[i] = in0 ? row[3 * x + i] : pad;
        b[3 + i] = in1 ? row[3 * x + 3 + i] : pad;
      }
      w1[r] = dsp::load_u32(b);
      w2[r] = dsp::load_u32(b + 2);
    }
  }
  // E: bytes (0, 2) = (x c0, x c2); T: (1, 3) = (x c1, x+1 c0); U: (2, 4) = (x c2, x+1 c1);
  // O: (3, 5) = (x+1 c0, x+1 c2).
  const uint32_t t0 = dsp::sxtab16_ror8(off, w1[0]), t1 = dsp::sxtab16_ror8(off, w1[1]),
                 t2 = dsp::sxtab16_ror8(off, w1[2]);
  const uint32_t u0 = dsp::sxtab16(off, w2[0]), u1 = dsp::sxtab16(off, w2[1]), u2 = dsp::sxtab16(off, w2[2]);
  dst[0] = dsp::sxtab16(off, w1[0]);
  dst[1] = dsp::sxtab16(off, w1[1]);
  dst[2] = dsp::sxtab16(off, w1[2]);
  dst[3] = dsp::pkhbt_lsl16(t0, t1);
  dst[4] = dsp::pkhbt(t2, u0);
  dst[5] = dsp::pkhtb(u2, u1);
  dst[6] = dsp::sxtab16_ror8(off, w2[0]);
  dst[7] = dsp::sxtab16_ror8(off, w2[1]);
  dst[8] = dsp::sxtab16_ror8(off, w2[2]);
}

#if defined(__ARM_FEATURE_DSP)
__attribute__((naked, noinline)) void widen_pairs_asm(const int8_t* r0, const int8_t* r1, const int8_t* r2,
                                                      const uint32_t* args);
#endif

// Widens `pairs` column pairs from input column x0 (the first pair's even column) into dst: the
// pairs whose bytes all lie inside three present rows in one run (assembly on Armv7E-M), the rest
// (padding) one by one.
void widen_chunk(const int8_t* const rows[3], int32_t x0, int32_t pairs, int32_t input_w, int32_t input_offset,
                 uint32_t* dst) {
  int32_t lo = 0, hi = 0;  // interior pairs [lo, hi)
  if (rows[0] != nullptr && rows[1] != nullptr && rows[2] != nullptr) {
    lo = x0 >= 0 ? 0 : (1 - x0) / 2;          // x0 + 2k >= 0
    hi = input_w - 2 - x0 >= 0 ? (input_w - 2 - x0) / 2 + 1 : 0;  // x0 + 2k + 1 <= input_w - 1
    hi = hi > pairs ? pairs : hi;
    lo = lo > hi ? hi : lo;
  }
  for (int32_t k = 0; k < lo; ++k) widen_pair(rows, x0 + 2 * k, input_w, input_offset, dst + kPairWords * k);
#if defined(__ARM_FEATURE_DSP)
  if (hi > lo) {
    const size_t at = 3 * static_cast<size_t>(x0 + 2 * lo);
    const uint32_t args[3] = {static_cast<uint32_t>(reinterpret_cast<uintptr_t>(dst + kPairWords * lo)),
                              static_cast<uint32_t>(hi - lo),
                              (static_cast<uint32_t>(input_offset) & 0xFFFFu) | (static_cast<uint32_t>(input_offset) << 16)};
    widen_pairs_asm(rows[0] + at, rows[1] + at, rows[2] + at, args);
  }
#else
  for (int32_t k = lo; k < hi; ++k) widen_pair(rows, x0 + 2 * k, input_w, input_offset, dst + kPairWords * k);
#endif
  for (int32_t k = hi; k < pairs; ++k) widen_pair(rows, x0 + 2 * k, input_w, input_offset, dst + kPairWords * k);
}

// The 8 sums of one quad (acc[2k]: channel k, pixel 0; acc[2k + 1]: pixel 1) in C.
void accumulate_quad(const uint32_t* c0, const uint32_t* c1, const uint32_t* quad, int32_t acc[8]) {
  for (int k = 0; k < 4; ++k) acc[2 * k] = acc[2 * k + 1] = static_cast<int32_t>(quad[k]);
  for (int32_t j = 0; j < kSteps; ++j) {
    const uint32_t x0 = c0[j], x1 = c1[j];
    for (int k = 0; k < 4; ++k) {
      const uint32_t w = quad[4 + 4 * j + k];
      acc[2 * k] = dsp::smlad(w, x0, acc[2 * k]);
      acc[2 * k + 1] = dsp::smlad(w, x1, acc[2 * k + 1]);
    }
  }
}

#if defined(__ARM_FEATURE_DSP)
// A run of `count` (>= 1) pixel pairs for rgb_pairs_asm: pair i's windows start at cols + i *
// cols_step bytes (pixel 0) and 9 words further (pixel 1), its outputs at out + i * out_step
// (pixel 0) and that + second (pixel 1; second 0 for a lone pixel: pixel 0's bytes are stored
// last). Each pair runs the `quads` quads of one layout.
struct PairRun {
  int8_t* out;
  int32_t second, quads, count, cols_step, out_step;
};

// Armv7E-M. Per quad, the 8 sums in r4..r11 (channel k: r4 + 2k pixel 0, r5 + 2k pixel 1),
// requantized there by the doubled fast form (quant::requantize_fast_d_s8, one chain per output,
// see its proof), 4 output bytes per pixel. Per step (one word of both windows, 4 channels): LDR
// c0, c1, f0, f1 (a run: 5 est. m4 cycles), 4 SMLAD, LDR f2, f3 (3), 4 SMLAD: 16 est. m4 cycles
// per 16 MACs; the biases are loaded into the pixel-0 registers with the first step's run (SMLAD
// writes pixel 1's register first, reading the bias). Requantization per channel: LDR 2m, round,
// shift (4), SMMLAR x2, ADD x2, QDADD x2, ASR x2, SSAT x2, STRB x2 (pixel 1 through a register
// offset, pixel 0 post-incremented). Stack: [sp] cols, [sp + 4] layout end, [sp + 8] out, [sp + 12]
// second, [sp + 16] layout, [sp + 20] pairs left, [sp + 24] cols_step, [sp + 28] out_step - 4 * quads.
#define CMNN_RGB_STEP(C0, C1, F0, F1, F2, F3)                                                     \
  "ldr r2, [r0, #" C0 "]\n\tldr r3, [r0, #" C1 "]\n\tldr r12, [r1, #" F0 "]\n\tldr lr, [r1, #" F1 \
  "]\n\t"                                                                                          \
  "smlad r4, r12, r2, r4\n\tsmlad r5, r12, r3, r5\n\tsmlad r6, lr, r2, r6\n\tsmlad r7, lr, r3, r7\n\t" \
  "ldr r12, [r1, #" F2 "]\n\tldr lr, [r1, #" F3 "]\n\t"                                          \
  "smlad r8, r12, r2, r8\n\tsmlad r9, r12, r3, r9\n\tsmlad r10, lr, r2, r10\n\tsmlad r11, lr, r3, r11\n\t"
// Steps j + 9 (j = 0..4) right after step j: pixel 1's word j is pixel 0's word j + 9 (windows 9
// words apart), kept in r3; only pixel 1's word j + 9 is loaded (into r2): a run of 3 (4 est. m4
// cycles) instead of 4 (5).
#define CMNN_RGB_STEP_SHARED(C1, F0, F1, F2, F3)                                                  \
  "ldr r2, [r0, #" C1 "]\n\tldr r12, [r1, #" F0 "]\n\tldr lr, [r1, #" F1 "]\n\t"                 \
  "smlad r4, r12, r3, r4\n\tsmlad r5, r12, r2, r5\n\tsmlad r6, lr, r3, r6\n\tsmlad r7, lr, r2, r7\n\t" \
  "ldr r12, [r1, #" F2 "]\n\tldr lr, [r1, #" F3 "]\n\t"                                          \
  "smlad r8, r12, r3, r8\n\tsmlad r9, r12, r2, r9\n\tsmlad r10, lr, r3, r10\n\tsmlad r11, lr, r2, r11\n\t"
// Channel k's outputs (A: pixel 0, B: pixel 1) with M = 2m, R = round, S = e + 1: B's SMMLAR
// first frees M for the rounding terms.
#define CMNN_RGB_REQUANT(A, B, M, R, S)                                                           \
  "smmlar " A ", " A ", " M ", " A "\n\tsmmlar " B ", " B ", " M ", " B "\n\t"                   \
  "add " M ", " R ", " A ", asr #31\n\tqdadd " A ", " M ", " A "\n\t"                             \
  "add " M ", " R ", " B ", asr #31\n\tqdadd " B ", " M ", " B "\n\t"                             \
  "asr " A ", " A ", " S "\n\tasr " B ", " B ", " S "\n\t"                                        \
  "ssat " A ", #8, " A "\n\tssat " B ", #8, " B "\n\t"                                            \
  "strb " B ", [r0, r2]\n\tstrb " A ", [r0], #1\n\t"
#define CMNN_RGB_WORDS(M, R, S) "ldr r12, [r1, #" M "]\n\tldr lr, [r1, #" R "]\n\tldr r3, [r1, #" S "]\n\t"

__attribute__((naked, noinline)) void rgb_pairs_asm(const uint32_t* /*cols*/, const uint32_t* /*layout*/,
                                                    const PairRun* /*run*/) {
  __asm__ volatile(
      "push {r4-r11, lr}\n\t"
      "sub sp, sp, #32\n\t"
      "ldr r4, [r2, #0]\n\t"   // out
      "ldr r5, [r2, #4]\n\t"   // second
      "ldr r6, [r2, #8]\n\t"   // quads
      "ldr r7, [r2, #12]\n\t"  // count
      "ldr r8, [r2, #16]\n\t"  // cols_step
      "ldr r9, [r2, #20]\n\t"  // out_step
      "mov r10, #288\n\t"
      "mla r10, r6, r10, r1\n\t"
      "sub r9, r9, r6, lsl #2\n\t"
      "str r0, [sp, #0]\n\t"
      "str r10, [sp, #4]\n\t"
      "str r4, [sp, #8]\n\t"
      "str r5, [sp, #12]\n\t"
      "str r1, [sp, #16]\n\t"
      "str r7, [sp, #20]\n\t"
      "str r8, [sp, #24]\n\t"
      "str r9, [sp, #28]\n\t"
      "1:\n\t"
      // Step 0 with the biases (into r4, r6, r8, r10: SMLAD writes pixel 1's register first).
      "ldr r4, [r1, #0]\n\tldr r6, [r1, #4]\n\tldr r8, [r1, #8]\n\tldr r10, [r1, #12]\n\t"
      "ldr r2, [r0, #0]\n\tldr r3, [r0, #36]\n\tldr r12, [r1, #16]\n\tldr lr, [r1, #20]\n\t"
      "smlad r5, r12, r3, r4\n\tsmlad r4, r12, r2, r4\n\tsmlad r7, lr, r3, r6\n\tsmlad r6, lr, r2, r6\n\t"
      "ldr r12, [r1, #24]\n\tldr lr, [r1, #28]\n\t"
      "smlad r9, r12, r3, r8\n\tsmlad r8, r12, r2, r8\n\tsmlad r11, lr, r3, r10\n\tsmlad r10, lr, r2, r10\n\t"
      // Steps in the order 0, 9, 1, 10, 2, 11, 3, 12, 4, 13, 5, 6, 7, 8 (step j: words at 4j and
      // 36 + 4j of the windows, weights at 16 + 16j).
      CMNN_RGB_STEP_SHARED("72", "160", "164", "168", "172")
      CMNN_RGB_STEP("4", "40", "32", "36", "40", "44")
      CMNN_RGB_STEP_SHARED("76", "176", "180", "184", "188")
      CMNN_RGB_STEP("8", "44", "48", "52", "56", "60")
      CMNN_RGB_STEP_SHARED("80", "192", "196", "200", "204")
      CMNN_RGB_STEP("12", "48", "64", "68", "72", "76")
      CMNN_RGB_STEP_SHARED("84", "208", "212", "216", "220")
      CMNN_RGB_STEP("16", "52", "80", "84", "88", "92")
      CMNN_RGB_STEP_SHARED("88", "224", "228", "232", "236")
      CMNN_RGB_STEP("20", "56", "96", "100", "104", "108")
      CMNN_RGB_STEP("24", "60", "112", "116", "120", "124")
      CMNN_RGB_STEP("28", "64", "128", "132", "136", "140")
      CMNN_RGB_STEP("32", "68", "144", "148", "152", "156")
      // Requantization (words at 240 + 12k): out and second from the stack in the same run;
      // channels 2 and 3's words in one run once channels 0 and 1 freed r4..r7.
      "ldr r0, [sp, #8]\n\tldr r2, [sp, #12]\n\t"
      CMNN_RGB_WORDS("240", "244", "248")
      CMNN_RGB_REQUANT("r4", "r5", "r12", "lr", "r3")
      CMNN_RGB_WORDS("252", "256", "260")
      CMNN_RGB_REQUANT("r6", "r7", "r12", "lr", "r3")
      CMNN_RGB_WORDS("264", "268", "272")
      "ldr r4, [r1, #276]\n\tldr r5, [r1, #280]\n\tldr r6, [r1, #284]\n\t"
      CMNN_RGB_REQUANT("r8", "r9", "r12", "lr", "r3")
      CMNN_RGB_REQUANT("r10", "r11", "r4", "r5", "r6")
      "str r0, [sp, #8]\n\t"
      "add r1, r1, #288\n\t"
      "ldr r0, [sp, #0]\n\t"
      "ldr r2, [sp, #4]\n\t"
      "cmp r1, r2\n\t"
      "bne 1b\n\t"
      // Next pair: cols += cols_step, out += out_step - 4 * quads, layout from its start.
      "ldr r2, [sp, #24]\n\t"
      "ldr r3, [sp, #8]\n\t"
      "ldr r4, [sp, #28]\n\t"
      "ldr r5, [sp, #20]\n\t"
      "ldr r1, [sp, #16]\n\t"
      "add r0, r0, r2\n\t"
      "add r3, r3, r4\n\t"
      "str r0, [sp, #0]\n\t"
      "str r3, [sp, #8]\n\t"
      "subs r5, r5, #1\n\t"
      "str r5, [sp, #20]\n\t"
      "bne 1b\n\t"
      "add sp, sp, #32\n\t"
      "pop {r4-r11, pc}\n\t");
}
#undef CMNN_RGB_STEP
#undef CMNN_RGB_STEP_SHARED
#undef CMNN_RGB_REQUANT
#undef CMNN_RGB_WORDS
static_assert(kQuadWords * 4 == 288 && kRequantWord * 4 == 240, "the assembly's offsets");

// Armv7E-M: widen_pair for `count` (>= 1) consecutive column pairs whose 6 bytes per row all lie
// inside the three rows (r0, r1, r2: the first pair's bytes; each pair 6 bytes on), into dst (9
// words per pair). Per pair: LDR x6 (a run, 7 est. m4 cycles), SXTAB16 x12, PKHBT x2, PKHTB,
// STR x9, the three row steps and the loop: about 38 est. m4 cycles (C: ~100).
__attribute__((naked, noinline)) void widen_pairs_asm(const int8_t* /*r0*/, const int8_t* /*r1*/,
                                                      const int8_t* /*r2*/, const uint32_t* /*args*/) {
  // args: [0] dst, [1] count, [2] offsets (input_offset in both halves).
  __asm__ volatile(
      "push {r4-r11, lr}\n\t"
      "ldr r11, [r3, #0]\n\t"
      "ldr r10, [r3, #4]\n\t"
      "ldr r9, [r3, #8]\n\t"
      "1:\n\t"
      "ldr r3, [r0, #0]\n\t"
      "ldr r4, [r0, #2]\n\t"
      "ldr r5, [r1, #0]\n\t"
      "ldr r6, [r1, #2]\n\t"
      "ldr r7, [r2, #0]\n\t"
      "ldr r8, [r2, #2]\n\t"
      "adds r0, r0, #6\n\t"
      "sxtab16 r12, r9, r3\n\t"
      "str r12, [r11, #0]\n\t"
      "sxtab16 r12, r9, r5\n\t"
      "str r12, [r11, #4]\n\t"
      "sxtab16 r12, r9, r7\n\t"
      "str r12, [r11, #8]\n\t"
      "sxtab16 r12, r9, r4, ror #8\n\t"
      "str r12, [r11, #24]\n\t"
      "sxtab16 r12, r9, r6, ror #8\n\t"
      "str r12, [r11, #28]\n\t"
      "sxtab16 r12, r9, r8, ror #8\n\t"
      "str r12, [r11, #32]\n\t"
      "sxtab16 r3, r9, r3, ror #8\n\t"   // T0
      "sxtab16 r5, r9, r5, ror #8\n\t"   // T1
      "sxtab16 r7, r9, r7, ror #8\n\t"   // T2
      "sxtab16 r4, r9, r4\n\t"           // U0
      "sxtab16 r6, r9, r6\n\t"           // U1
      "sxtab16 r8, r9, r8\n\t"           // U2
      "pkhbt r12, r3, r5, lsl #16\n\t"
      "pkhbt lr, r7, r4\n\t"
      "pkhtb r3, r8, r6, asr #16\n\t"
      "adds r1, r1, #6\n\t"
      "adds r2, r2, #6\n\t"
      "str r12, [r11, #12]\n\t"
      "str lr, [r11, #16]\n\t"
      "str r3, [r11, #20]\n\t"
      "adds r11, r11, #36\n\t"
      "subs r10, r10, #1\n\t"
      "bne 1b\n\t"
      "pop {r4-r11, pc}\n\t");
}
#endif

// Per-call constants of the driver.
struct Plan {
  const uint32_t* layout[2];  // even / odd window layouts (odd null when unused)
  bool fast;                  // the fast requantization applies (flags and a full clamp)
  bool asm_ok;                // fast, the assembly built and the packed words 4-byte aligned
  int32_t quads, full_quads, rest;
};

// Output pixels i0 and i1 (i1 == i0: a lone pixel) of the chunk whose buffer starts at buffer
// column `base`; out: pixel (oy, chunk start)'s output.
void run_pair(const Conv2dParams& p, const Conv2dS8Args& a, const Plan& plan, const uint32_t* buf, int32_t rel0,
              int32_t rel1, int8_t* out0, int8_t* out1, int8_t* tmp) {
  const int32_t parity = rel0 & 1;
  const uint32_t* c0 = buf + (9 * rel0 - parity) / 2;
  const uint32_t* c1 = buf + (9 * rel1 - parity) / 2;
  const uint32_t* quad = plan.layout[parity];
#if defined(__ARM_FEATURE_DSP)
  if (plan.asm_ok && (c1 == c0 + 9 || c1 == c0)) {
    // A lone pixel (c1 == c0): the assembly still reads a second window 9 words on (inside the
    // buffer and its slack pair: a window starts at word <= 67 and ends 13 words later), and with
    // second = 0 stores that window's bytes, then pixel 0's, into out0: pixel 0's last.
    if (plan.full_quads > 0) {
      const PairRun run{out0, c1 == c0 ? 0 : static_cast<int32_t>(out1 - out0), plan.full_quads, 1, 0, 0};
      rgb_pairs_asm(c0, quad, &run);
    }
    if (plan.rest > 0) {
      const PairRun run{tmp, 4, 1, 1, 0, 0};
      rgb_pairs_asm(c0, quad + plan.full_quads * kQuadWords, &run);
      for (int32_t k = 0; k < plan.rest; ++k) {
        out0[4 * plan.full_quads + k] = tmp[k];
        if (c1 != c0) out1[4 * plan.full_quads + k] = tmp[4 + k];
      }
    }
    return;
  }
#else
  (void)tmp;
#endif
  int32_t acc[8];
  for (int32_t q = 0; q < plan.quads; ++q, quad += kQuadWords) {
    accumulate_quad(c0, c1, quad, acc);
    const int32_t first = 4 * q, n = p.output_c - first < 4 ? p.output_c - first : 4;
    for (int32_t k = 0; k < n; ++k) {
      for (int px = 1; px >= 0; --px) {  // pixel 1 first: a lone pixel's out1 == out0
        int8_t v;
        if (plan.fast) {
          const uint32_t* w = quad + kRequantWord + 3 * k;
          const quant::FastQuant f{static_cast<int32_t>(w[0]), static_cast<int32_t>(w[1]), static_cast<int32_t>(w[2])};
          v = static_cast<int8_t>(quant::requantize_fast_d_s8(acc[2 * k + px], f));
        } else {
          v = quant::requantize_to_s8(acc[2 * k + px], a.multiplier[first + k], a.shift[first + k], p.output_offset,
                                      p.activation_min, p.activation_max);
        }
        (px == 0 ? out0 : out1)[first + k] = v;
      }
    }
  }
}

// Pixels i.. n - 1 of a chunk (first window at buffer column r0), pair by pair: stride 2 (and any
// even stride) (i, i + 1), odd strides (i, i + 2) and (i + 1, i + 3) in groups of 4, the rest lone.
__attribute__((noinline)) void run_rest(const Conv2dParams& p, const Conv2dS8Args& a, const Plan& plan,
                                        const uint32_t* buf, int32_t r0, int32_t i, int32_t n, int8_t* out, int8_t* tmp) {
  const int32_t s = p.stride_w, oc = p.output_c;
  const auto pair = [&](int32_t i0, int32_t i1) {
    run_pair(p, a, plan, buf, r0 + i0 * s, r0 + i1 * s, out + i0 * oc, out + i1 * oc, tmp);
  };
  if ((s & 1) == 0) {
    for (; i + 1 < n; i += 2) pair(i, i + 1);
    if (i < n) pair(i, i);
  } else {
    for (; i + 3 < n; i += 4) pair(i, i + 2), pair(i + 1, i + 3);
    if (n - i == 3) pair(i, i + 2), pair(i + 1, i + 1);
    else for (; i < n; ++i) pair(i, i);
  }
}

}  // namespace

bool rgb_supports(const Conv2dParams& p) {
  return p.rgb_packed && p.has_packed_filter && p.groups == 1 && p.input_c == 3 && p.filter_h == 3 &&
         p.filter_w == 3 && p.dilation_h == 1 && p.dilation_w == 1 && !p.paired_filter && !p.stacked_filter;
}

size_t rgb_scratch_bytes(const Conv2dParams&) { return kScratch; }

size_t rgb_packed_count(const Conv2dParams& p) {
  Conv2dParams q = p;
  q.rgb_packed = q.has_packed_filter = true;
  q.paired_filter = q.stacked_filter = false;
  if (!rgb_supports(q)) return 0;
  return 2 * static_cast<size_t>(1 + (has_odd_layout(p) ? 2 : 1) * layout_words(p));
}

void rgb_pack(const Conv2dParams& p, const int8_t* filter, const int32_t* bias, const int32_t* multiplier,
              const int32_t* shift, int16_t* packed) {
  // The fast form's conditions (see the top of the file), every real channel.
  bool fast = true;
  for (int32_t o = 0; o < p.output_c; ++o) {
    const int32_t b = bias != nullptr ? bias[o] : 0;
    const bool bias_ok = b >= -(INT32_MAX - 128 - kMaxProducts) && b <= INT32_MAX - 128 - kMaxProducts;
    fast = fast && multiplier[o] >= (1 << 30) && shift[o] <= 0 && shift[o] >= -22 && (shift[o] != 0 || bias_ok);
  }
  auto put = [&](size_t word, uint32_t v) {
    packed[2 * word] = static_cast<int16_t>(static_cast<uint16_t>(v & 0xFFFFu));
    packed[2 * word + 1] = static_cast<int16_t>(static_cast<uint16_t>(v >> 16));
  };
  put(0, fast ? 1u : 0u);
  const int32_t layouts = has_odd_layout(p) ? 2 : 1;
  size_t word = 1;
  for (int32_t parity = 0; parity < layouts; ++parity) {
    for (int32_t q = 0; q < quads_of(p); ++q, word += kQuadWords) {
      for (int32_t k = 0; k < 4; ++k) {
        const int32_t o = 4 * q + k;
        const bool real = o < p.output_c;
        put(word + k, real && bias != nullptr ? static_cast<uint32_t>(bias[o]) : 0u);
        for (int32_t j = 0; j < kSteps; ++j) {
          uint32_t v = 0;
          for (int32_t half = 0; half < 2; ++half) {
            const Tap t = tap_of(parity, 2 * j + half);
            const int32_t w = real && t.fx >= 0 && t.fx <= 2 ? filter[((o * 3 + t.fy) * 3 + t.fx) * 3 + t.c] : 0;
            v |= (static_cast<uint32_t>(w) & 0xFFFFu) << (16 * half);
          }
          put(word + 4 + 4 * j + k, v);
        }
        const quant::FastQuant f =
            real && fast ? quant::make_fast_quant_d(multiplier[o], shift[o], p.output_offset) : quant::FastQuant{0, 0, 1};
        put(word + kRequantWord + 3 * k, static_cast<uint32_t>(f.m2));
        put(word + kRequantWord + 3 * k + 1, static_cast<uint32_t>(f.round));
        put(word + kRequantWord + 3 * k + 2, static_cast<uint32_t>(f.shift));
      }
    }
  }
}

Status rgb_run(const Conv2dParams& p, const Conv2dS8Args& a, void* scratch, size_t) {
  const auto address = reinterpret_cast<uintptr_t>(scratch);
  auto* buf = reinterpret_cast<uint32_t*>(static_cast<uint8_t*>(scratch) + ((4 - (address & 3u)) & 3u));
  auto* tmp = reinterpret_cast<int8_t*>(buf + kBufferWords);
  for (int32_t i = 0; i < kBufferWords; ++i) buf[i] = 0;
  // The packed words are read as uint32 (the compiler emits them 4-byte aligned; the C path reads
  // them through a copy-free cast only then: an unaligned copy takes the portable reads below).
  const auto* words = reinterpret_cast<const uint32_t*>(a.packed_filter);
  const bool aligned = (reinterpret_cast<uintptr_t>(a.packed_filter) & 3u) == 0;
  Plan plan{};
  if (!aligned) return Status::kBadParameter;
  plan.layout[0] = words + 1;
  plan.layout[1] = has_odd_layout(p) ? words + 1 + layout_words(p) : nullptr;
  plan.fast = (words[0] & 1u) != 0 && p.activation_min == -128 && p.activation_max == 127;
#if defined(__ARM_FEATURE_DSP)
  plan.asm_ok = plan.fast;
#endif
  plan.quads = quads_of(p);
  plan.full_quads = p.output_c / 4;
  plan.rest = p.output_c % 4;
  const int32_t s = p.stride_w;
  const int32_t chunk = chunk_pixels(s, p.output_w);
  const bool groups_fast = plan.asm_ok && plan.rest == 0 && (s == 1 || s == 2);
  const int32_t group = s == 1 ? 4 : 2;
  (void)groups_fast, (void)group;
  const size_t row_bytes = static_cast<size_t>(p.input_w) * 3;
  const int32_t oc = p.output_c;
  for (int32_t b = 0; b < p.batches; ++b) {
    const int8_t* image = a.input + static_cast<size_t>(b) * p.input_h * row_bytes;
    int8_t* out_image = a.output + static_cast<size_t>(b) * p.output_h * p.output_w * oc;
    for (int32_t oy = 0; oy < p.output_h; ++oy) {
      const int8_t* rows[3];
      for (int32_t fy = 0; fy < 3; ++fy) {
        const int32_t y = oy * p.stride_h - p.pad_top + fy;
        rows[fy] = y >= 0 && y < p.input_h ? image + static_cast<size_t>(y) * row_bytes : nullptr;
      }
      int8_t* out_row = out_image + static_cast<size_t>(oy) * p.output_w * oc;
      for (int32_t start = 0; start < p.output_w; start += chunk) {
        const int32_t n = p.output_w - start < chunk ? p.output_w - start : chunk;
        const int32_t u0 = start * s, base = u0 & ~1;
        const int32_t pairs = ((u0 - base + (n - 1) * s) >> 1) + 2;
        widen_chunk(rows, base - p.pad_left, pairs, p.input_w, p.input_offset, buf);
        int8_t* out = out_row + static_cast<size_t>(start) * oc;
        int32_t i = 0;
#if defined(__ARM_FEATURE_DSP)
        // Whole groups in one assembly call per window parity: stride 2 pairs (i, i + 1), stride 1
        // (i, i + 2) and (i + 1, i + 3); both 9 words apart, the next group 18 words on.
        if (groups_fast && u0 == base) {
          const int32_t groups = n / group;
          for (int32_t first = 0; first < 2 / s && groups > 0; ++first) {  // stride 1: even windows, then odd
            const PairRun run{out + first * oc, (s == 1 ? 2 : 1) * oc, plan.full_quads, groups, 72, group * oc};
            rgb_pairs_asm(buf + 4 * first, plan.layout[first], &run);
          }
          i = groups * group;
        }
#endif
        if (i < n) run_rest(p, a, plan, buf, u0 - base, i, n, out, tmp);
      }
    }
  }
  return Status::kOk;
}

}  // namespace cmnn::conv

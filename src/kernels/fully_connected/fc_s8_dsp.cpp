// fully_connected_s8 DSP variants on int8 weights: four weight rows per pass over the input
// (then two, then one), each 32-bit weight load widened by SXTB16 (SXTAB16 when a filter offset
// is added) and fed to two SMLADs; with filter offset 0 the blocks are hand-scheduled per core
// (Cortex-M4: load runs on one base register; Cortex-M7: dual-issue pairs, schedule.h).
// The input is either widened once per batch into scratch with its offset (dsp), or used raw
// with the offset term taken from the prepared kernel sums (ksum dsp). TFLite's usual
// per-tensor FC (fast_output) runs each 4-row block as one leaf call up to its int8 outputs
// (rows4_lean); other quantizations requantize per row (all_rows_q).
#include "arch/dsp/intrinsics.h"
#include "arch/dsp/schedule.h"
#include "quant/requant_fast.h"
#include "kernels/fully_connected/fc_s8_output.h"

namespace cmnn::fc {
namespace {

inline uint32_t pair(int32_t v) { return (static_cast<uint32_t>(v) & 0xFFFFu) | (static_cast<uint32_t>(v) << 16); }

// Input lanes for accumulation group g (k = 4g..4g+3): even = (k0, k2), odd = (k1, k3).
struct RawInput {
  const int8_t* x;
  void lanes(int32_t g, uint32_t* even, uint32_t* odd) const {
    const uint32_t v = dsp::load_u32(x + 4 * g);
    *even = dsp::sxtb16(v);
    *odd = dsp::sxtb16_ror8(v);
  }
  int32_t tail(int32_t k) const { return x[k]; }
};

struct WidenedInput {
  const int16_t* x;  // groups of four in (k0, k2, k1, k3) order, then the tail in order
  void lanes(int32_t g, uint32_t* even, uint32_t* odd) const {
    *even = dsp::load_u32(x + 4 * g);
    *odd = dsp::load_u32(x + 4 * g + 2);
  }
  int32_t tail(int32_t k) const { return x[k]; }
};

template <int kRows, typename Input>
void rows_block(const Input& in, const int8_t* weights, int32_t depth, uint32_t filter_offsets,
                int32_t filter_offset, int32_t* acc) {
  const int32_t groups = depth >> 2;
  const int8_t* w[kRows];
  for (int r = 0; r < kRows; ++r) w[r] = weights + static_cast<size_t>(r) * depth;
  for (int32_t g = 0; g < groups; ++g) {
    uint32_t xe, xo;
    in.lanes(g, &xe, &xo);
    for (int r = 0; r < kRows; ++r) {
      const uint32_t v = dsp::load_u32(w[r] + 4 * g);
      acc[r] = dsp::smlad(dsp::sxtab16(filter_offsets, v), xe, acc[r]);
      acc[r] = dsp::smlad(dsp::sxtab16_ror8(filter_offsets, v), xo, acc[r]);
    }
  }
  for (int32_t k = 4 * groups; k < depth; ++k) {
    const int32_t x = in.tail(k);
    for (int r = 0; r < kRows; ++r) acc[r] = wrapping_add(acc[r], x * (w[r][k] + filter_offset));
  }
}

#if defined(__ARM_FEATURE_DSP) && CMNN_DUAL_ISSUE_SCHEDULE
// Four rows on raw input, filter offset 0, for the Cortex-M7's dual issue (schedule.h): every
// SXTB16 is the first of an issue pair, each SMLAD or load the second where one is ready, every
// loaded word used two issue groups later (rows in the order 0, 1, 3, 2 so that each pointer moves
// in its last load: row 3 is read at [p2, depth] before row 2 post-increments p2). The next
// group's row 0 word and raw input word are loaded during this group (the input word into `we`
// beside the SMLAD that reads its last value); the last group is peeled without them, so nothing
// is read past the rows or the input. In the loop the counter step is the second of the input's
// odd-lane SXTB16 and the branch the second of the last SMLAD (nothing between them sets flags):
// 14 issue groups per 16 MACs in the m7 model (15 with the step and branch after the group).
#define CMNN_FC_DUAL_GROUP(COUNT, NEXT_R0, NEXT_X)      \
  "sxtb16 %[xe], %[we]\n\t"                             \
  "ldr %[wb], [%[p0], %[d]]\n\t"                        \
  "sxtb16 %[xo], %[we], ror #8\n\t"                     \
  COUNT                                                 \
  "sxtb16 %[we], %[wa]\n\t"                             \
  "sxtb16 %[wa], %[wa], ror #8\n\t"                     \
  "smlad %[a0], %[we], %[xe], %[a0]\n\t"                \
  "sxtb16 %[we], %[wb]\n\t"                             \
  "smlad %[a0], %[wa], %[xo], %[a0]\n\t"                \
  "sxtb16 %[wb], %[wb], ror #8\n\t"                     \
  "ldr %[wa], [%[p2], %[d]]\n\t"                        \
  "smlad %[a1], %[we], %[xe], %[a1]\n\t"                \
  "sxtb16 %[we], %[wa]\n\t"                             \
  "smlad %[a1], %[wb], %[xo], %[a1]\n\t"                \
  "sxtb16 %[wa], %[wa], ror #8\n\t"                     \
  "ldr %[wb], [%[p2]], #4\n\t"                          \
  "smlad %[a3], %[we], %[xe], %[a3]\n\t"                \
  "sxtb16 %[we], %[wb]\n\t"                             \
  "smlad %[a3], %[wa], %[xo], %[a3]\n\t"                \
  "sxtb16 %[wb], %[wb], ror #8\n\t"                     \
  NEXT_R0                                               \
  "smlad %[a2], %[we], %[xe], %[a2]\n\t"                \
  NEXT_X                                                \
  "smlad %[a2], %[wb], %[xo], %[a2]\n\t"

__attribute__((always_inline)) inline void block4_inline(const RawInput& in, const int8_t* w, int32_t depth, int32_t* acc) {
  const int32_t groups = depth >> 2;
  const int8_t* x = in.x;
  const int8_t* p0 = w;
  const int8_t* p2 = w + 2 * static_cast<size_t>(depth);
  int32_t a0 = acc[0], a1 = acc[1], a2 = acc[2], a3 = acc[3];
  if (groups > 0) {
    int32_t n = groups - 1;
    uint32_t xe, xo, wa, wb, we;
    __asm__ volatile(
        "ldr %[we], [%[x]], #4\n\t"
        "ldr %[wa], [%[p0]]\n\t"
        "cmp %[n], #0\n\t"
        "beq 2f\n\t"
        "1:\n\t" CMNN_FC_DUAL_GROUP("subs %[n], %[n], #1\n\t", "ldr %[wa], [%[p0], #4]!\n\t",
                                    "ldr %[we], [%[x]], #4\n\t")
        "bne 1b\n\t"
        "2:\n\t" CMNN_FC_DUAL_GROUP("", "add %[p0], %[p0], #4\n\t", "")
        : [a0] "+r"(a0), [a1] "+r"(a1), [a2] "+r"(a2), [a3] "+r"(a3), [x] "+r"(x), [p0] "+r"(p0), [p2] "+r"(p2),
          [n] "+r"(n), [xe] "=&r"(xe), [xo] "=&r"(xo), [wa] "=&r"(wa), [wb] "=&r"(wb), [we] "=&r"(we)
        : [d] "r"(depth)
        : "cc", "memory");
  }
  (void)p0;
  (void)p2;
  acc[0] = a0;
  acc[1] = a1;
  acc[2] = a2;
  acc[3] = a3;
}
#endif

#if defined(__ARM_FEATURE_DSP) && !CMNN_DUAL_ISSUE_SCHEDULE
// Four rows on raw input, filter offset 0, for the Cortex-M4's load pipeline (m4 model: a run of
// N single loads costs N + 1 cycles unless a load in the middle writes its base back). Every
// address is one base register p0 (row 0) plus a register offset: rows 1-3 at d, 2d (LSL #1),
// 3d, the input at dx = x - w (input and rows advance 4 bytes per group together), so the only
// pointer step is row 0's post-increment, the last load of each group. Per group of 16 MACs a
// run of three loads (4 cycles) and one of two (3), 10 SXTB16, 8 SMLAD: 25 est. m4 cycles (26
// before); four groups per iteration (the counter and branch: 1 est. cycle per group).
// 14 registers: 4 accumulators, p0, d, 3d, dx, the counter, 5 temporaries.
#define CMNN_FC_M4_GROUP                  \
  "ldr %[t], [%[p0], %[d]]\n\t"           \
  "ldr %[u], [%[p0], %[d], lsl #1]\n\t"   \
  "ldr %[xo], [%[p0], %[dx]]\n\t"         \
  "sxtb16 %[xe], %[xo]\n\t"               \
  "sxtb16 %[xo], %[xo], ror #8\n\t"       \
  "sxtb16 %[v], %[t]\n\t"                 \
  "sxtb16 %[t], %[t], ror #8\n\t"         \
  "smlad %[a1], %[v], %[xe], %[a1]\n\t"   \
  "smlad %[a1], %[t], %[xo], %[a1]\n\t"   \
  "sxtb16 %[v], %[u]\n\t"                 \
  "sxtb16 %[u], %[u], ror #8\n\t"         \
  "smlad %[a2], %[v], %[xe], %[a2]\n\t"   \
  "smlad %[a2], %[u], %[xo], %[a2]\n\t"   \
  "ldr %[t], [%[p0], %[d3]]\n\t"          \
  "ldr %[u], [%[p0]], #4\n\t"             \
  "sxtb16 %[v], %[t]\n\t"                 \
  "sxtb16 %[t], %[t], ror #8\n\t"         \
  "smlad %[a3], %[v], %[xe], %[a3]\n\t"   \
  "smlad %[a3], %[t], %[xo], %[a3]\n\t"   \
  "sxtb16 %[v], %[u]\n\t"                 \
  "sxtb16 %[u], %[u], ror #8\n\t"         \
  "smlad %[a0], %[v], %[xe], %[a0]\n\t"   \
  "smlad %[a0], %[u], %[xo], %[a0]\n\t"

__attribute__((always_inline)) inline void block4_inline(const RawInput& in, const int8_t* w, int32_t depth, int32_t* acc) {
  int32_t n = depth >> 2;
  if (n == 0) return;
  const int8_t* p0 = w;
  const int32_t d = depth, d3 = 3 * depth;
  const int32_t dx = static_cast<int32_t>(reinterpret_cast<uintptr_t>(in.x) - reinterpret_cast<uintptr_t>(w));
  int32_t a0 = acc[0], a1 = acc[1], a2 = acc[2], a3 = acc[3];
  uint32_t xe, xo, t, u, v;
  // n groups = 4 per iteration, entered at group 4 - n % 4 when n % 4 != 0.
  __asm__ volatile(
      "and %[t], %[n], #3\n\t"
      "adds %[n], %[n], #3\n\t"
      "lsrs %[n], %[n], #2\n\t"
      "cmp %[t], #1\n\t"
      "beq 4f\n\t"
      "cmp %[t], #2\n\t"
      "beq 3f\n\t"
      "cmp %[t], #3\n\t"
      "beq 2f\n\t"
      "1:\n\t" CMNN_FC_M4_GROUP
      "2:\n\t" CMNN_FC_M4_GROUP
      "3:\n\t" CMNN_FC_M4_GROUP
      "4:\n\t" CMNN_FC_M4_GROUP
      "subs %[n], %[n], #1\n\t"
      "bne 1b\n\t"
      : [a0] "+r"(a0), [a1] "+r"(a1), [a2] "+r"(a2), [a3] "+r"(a3), [p0] "+r"(p0), [n] "+r"(n), [xe] "=&r"(xe),
        [xo] "=&r"(xo), [t] "=&r"(t), [u] "=&r"(u), [v] "=&r"(v)
      : [d] "r"(d), [d3] "r"(d3), [dx] "r"(dx)
      : "cc", "memory");
#undef CMNN_FC_M4_GROUP
  acc[0] = a0;
  acc[1] = a1;
  acc[2] = a2;
  acc[3] = a3;
}

#endif

#if defined(__ARM_FEATURE_DSP)
__attribute__((always_inline)) inline void block4_inline(const WidenedInput& in, const int8_t* w, int32_t depth, int32_t* acc) {
  const int32_t groups = depth >> 2;
  const int16_t* x = in.x;
  const int8_t* p0 = w;
  const int8_t* p2 = w + 2 * static_cast<size_t>(depth);
  int32_t a0 = acc[0], a1 = acc[1], a2 = acc[2], a3 = acc[3];
  int32_t n = groups >> 1;  // two groups per iteration
  uint32_t xe, xo, wa, wb, we;
  if (n > 0) {
    __asm__ volatile(
        "1:\n\t"
        "ldr %[xe], [%[x]], #4\n\t"
        "ldr %[xo], [%[x]], #4\n\t"
        "ldr %[wa], [%[p0], %[d]]\n\t"
        "ldr %[wb], [%[p0]], #4\n\t"
        "sxtb16 %[we], %[wb]\n\t"
        "sxtb16 %[wb], %[wb], ror #8\n\t"
        "smlad %[a0], %[we], %[xe], %[a0]\n\t"
        "smlad %[a0], %[wb], %[xo], %[a0]\n\t"
        "sxtb16 %[we], %[wa]\n\t"
        "sxtb16 %[wa], %[wa], ror #8\n\t"
        "smlad %[a1], %[we], %[xe], %[a1]\n\t"
        "smlad %[a1], %[wa], %[xo], %[a1]\n\t"
        "ldr %[wa], [%[p2], %[d]]\n\t"
        "ldr %[wb], [%[p2]], #4\n\t"
        "sxtb16 %[we], %[wb]\n\t"
        "sxtb16 %[wb], %[wb], ror #8\n\t"
        "smlad %[a2], %[we], %[xe], %[a2]\n\t"
        "smlad %[a2], %[wb], %[xo], %[a2]\n\t"
        "sxtb16 %[we], %[wa]\n\t"
        "sxtb16 %[wa], %[wa], ror #8\n\t"
        "smlad %[a3], %[we], %[xe], %[a3]\n\t"
        "smlad %[a3], %[wa], %[xo], %[a3]\n\t"
        "ldr %[xe], [%[x]], #4\n\t"
        "ldr %[xo], [%[x]], #4\n\t"
        "ldr %[wa], [%[p0], %[d]]\n\t"
        "ldr %[wb], [%[p0]], #4\n\t"
        "sxtb16 %[we], %[wb]\n\t"
        "sxtb16 %[wb], %[wb], ror #8\n\t"
        "smlad %[a0], %[we], %[xe], %[a0]\n\t"
        "smlad %[a0], %[wb], %[xo], %[a0]\n\t"
        "sxtb16 %[we], %[wa]\n\t"
        "sxtb16 %[wa], %[wa], ror #8\n\t"
        "smlad %[a1], %[we], %[xe], %[a1]\n\t"
        "smlad %[a1], %[wa], %[xo], %[a1]\n\t"
        "ldr %[wa], [%[p2], %[d]]\n\t"
        "ldr %[wb], [%[p2]], #4\n\t"
        "sxtb16 %[we], %[wb]\n\t"
        "sxtb16 %[wb], %[wb], ror #8\n\t"
        "smlad %[a2], %[we], %[xe], %[a2]\n\t"
        "smlad %[a2], %[wb], %[xo], %[a2]\n\t"
        "sxtb16 %[we], %[wa]\n\t"
        "sxtb16 %[wa], %[wa], ror #8\n\t"
        "smlad %[a3], %[we], %[xe], %[a3]\n\t"
        "smlad %[a3], %[wa], %[xo], %[a3]\n\t"
        "subs %[n], %[n], #1\n\t"
        "bne 1b\n\t"
        : [a0] "+r"(a0), [a1] "+r"(a1), [a2] "+r"(a2), [a3] "+r"(a3), [x] "+r"(x), [p0] "+r"(p0), [p2] "+r"(p2),
          [n] "+r"(n), [xe] "=&r"(xe), [xo] "=&r"(xo), [wa] "=&r"(wa), [wb] "=&r"(wb), [we] "=&r"(we)
        : [d] "r"(depth)
        : "cc", "memory");
  }
  if (groups & 1) {
    uint32_t e, o;
    in.lanes(groups - 1, &e, &o);
    const int8_t* rows[4] = {p0, p0 + depth, p2, p2 + depth};
    int32_t* accs[4] = {&a0, &a1, &a2, &a3};
    for (int r = 0; r < 4; ++r) {
      const uint32_t v = dsp::load_u32(rows[r]);
      *accs[r] = dsp::smlad(dsp::sxtb16_ror8(v), o, dsp::smlad(dsp::sxtb16(v), e, *accs[r]));
    }
  }
  acc[0] = a0;
  acc[1] = a1;
  acc[2] = a2;
  acc[3] = a3;
}

// The four-row blocks as calls (all_rows_q's general path).
template <typename Input>
__attribute__((noinline)) void block4(const Input& in, const int8_t* w, int32_t depth, int32_t* acc) {
  block4_inline(in, w, depth, acc);
}

// Two rows (the last output_depth % 4 rows, e.g. a 2-class head) on raw input.
#if CMNN_DUAL_ISSUE_SCHEDULE
// Cortex-M7 form: one group per iteration, the next group's input word and both weight words
// loaded during this group (each read three or more issue groups later), every SXTB16 first of
// a pair, the counter step and the branch as seconds: 8 issue groups per 8 MACs in the m7 model
// (11 with the Cortex-M4 loop below). The last group is peeled without the loads, so nothing is
// read past the input or the second row. 13 registers.
#define CMNN_FC_DUAL_GROUP2(COUNT, NEXT_X, NEXT_W, BRANCH) \
  "sxtb16 %[xe], %[xr]\n\t"                                 \
  "sxtb16 %[xo], %[xr], ror #8\n\t"                         \
  NEXT_X                                                    \
  "sxtb16 %[e0], %[r0]\n\t"                                 \
  COUNT                                                     \
  "sxtb16 %[r0], %[r0], ror #8\n\t"                         \
  "smlad %[a0], %[e0], %[xe], %[a0]\n\t"                    \
  "sxtb16 %[e1], %[r1]\n\t"                                 \
  "smlad %[a0], %[r0], %[xo], %[a0]\n\t"                    \
  "sxtb16 %[r1], %[r1], ror #8\n\t"                         \
  "smlad %[a1], %[e1], %[xe], %[a1]\n\t"                    \
  "smlad %[a1], %[r1], %[xo], %[a1]\n\t"                    \
  NEXT_W                                                    \
  BRANCH

__attribute__((noinline)) void block2(const RawInput& in, const int8_t* w, int32_t depth, int32_t* acc) {
  const int32_t groups = depth >> 2;
  int32_t a0 = acc[0], a1 = acc[1];
  if (groups > 0) {
    const int8_t* x = in.x;
    const int8_t* p0 = w;
    int32_t n = groups - 1;
    uint32_t xr, xe, xo, r0, r1, e0, e1;
    __asm__ volatile(
        "ldr %[xr], [%[x]], #4\n\t"
        "ldr %[r1], [%[p0], %[d]]\n\t"
        "ldr %[r0], [%[p0]], #4\n\t"
        "cmp %[n], #0\n\t"
        "beq 2f\n\t"
        "1:\n\t" CMNN_FC_DUAL_GROUP2("subs %[n], %[n], #1\n\t", "ldr %[xr], [%[x]], #4\n\t",
                                     "ldr %[r1], [%[p0], %[d]]\n\tldr %[r0], [%[p0]], #4\n\t", "bne 1b\n\t")
        "2:\n\t" CMNN_FC_DUAL_GROUP2("", "", "", "")
        : [a0] "+r"(a0), [a1] "+r"(a1), [x] "+r"(x), [p0] "+r"(p0), [n] "+r"(n), [xr] "=&r"(xr), [xe] "=&r"(xe),
          [xo] "=&r"(xo), [r0] "=&r"(r0), [r1] "=&r"(r1), [e0] "=&r"(e0), [e1] "=&r"(e1)
        : [d] "r"(depth)
        : "cc", "memory");
  }
  acc[0] = a0;
  acc[1] = a1;
}
#undef CMNN_FC_DUAL_GROUP2
#else
// Cortex-M4 form: the 4-row scheme, two groups per iteration (the loop overhead matters more
// with two rows).
__attribute__((noinline)) void block2(const RawInput& in, const int8_t* w, int32_t depth, int32_t* acc) {
  const int32_t groups = depth >> 2;
  const int8_t* x = in.x;
  const int8_t* p0 = w;
  int32_t a0 = acc[0], a1 = acc[1];
  int32_t n = groups >> 1;  // two groups per iteration
  uint32_t xe, xo, wa, wb, we;
  if (n > 0) {
    __asm__ volatile(
        "1:\n\t"
        "ldr %[xo], [%[x]], #4\n\t"
        "ldr %[wa], [%[p0], %[d]]\n\t"
        "ldr %[wb], [%[p0]], #4\n\t"
        "sxtb16 %[xe], %[xo]\n\t"
        "sxtb16 %[xo], %[xo], ror #8\n\t"
        "sxtb16 %[we], %[wb]\n\t"
        "sxtb16 %[wb], %[wb], ror #8\n\t"
        "smlad %[a0], %[we], %[xe], %[a0]\n\t"
        "smlad %[a0], %[wb], %[xo], %[a0]\n\t"
        "sxtb16 %[we], %[wa]\n\t"
        "sxtb16 %[wa], %[wa], ror #8\n\t"
        "smlad %[a1], %[we], %[xe], %[a1]\n\t"
        "smlad %[a1], %[wa], %[xo], %[a1]\n\t"
        "ldr %[xo], [%[x]], #4\n\t"
        "ldr %[wa], [%[p0], %[d]]\n\t"
        "ldr %[wb], [%[p0]], #4\n\t"
        "sxtb16 %[xe], %[xo]\n\t"
        "sxtb16 %[xo], %[xo], ror #8\n\t"
        "sxtb16 %[we], %[wb]\n\t"
        "sxtb16 %[wb], %[wb], ror #8\n\t"
        "smlad %[a0], %[we], %[xe], %[a0]\n\t"
        "smlad %[a0], %[wb], %[xo], %[a0]\n\t"
        "sxtb16 %[we], %[wa]\n\t"
        "sxtb16 %[wa], %[wa], ror #8\n\t"
        "smlad %[a1], %[we], %[xe], %[a1]\n\t"
        "smlad %[a1], %[wa], %[xo], %[a1]\n\t"
        "subs %[n], %[n], #1\n\t"
        "bne 1b\n\t"
        : [a0] "+r"(a0), [a1] "+r"(a1), [x] "+r"(x), [p0] "+r"(p0), [n] "+r"(n), [xe] "=&r"(xe), [xo] "=&r"(xo),
          [wa] "=&r"(wa), [wb] "=&r"(wb), [we] "=&r"(we)
        : [d] "r"(depth)
        : "cc", "memory");
  }
  if (groups & 1) {
    uint32_t e, o;
    in.lanes(groups - 1, &e, &o);
    const uint32_t v0 = dsp::load_u32(p0), v1 = dsp::load_u32(p0 + depth);
    a0 = dsp::smlad(dsp::sxtb16_ror8(v0), o, dsp::smlad(dsp::sxtb16(v0), e, a0));
    a1 = dsp::smlad(dsp::sxtb16_ror8(v1), o, dsp::smlad(dsp::sxtb16(v1), e, a1));
  }
  acc[0] = a0;
  acc[1] = a1;
}
#endif

__attribute__((noinline)) void block2(const WidenedInput& in, const int8_t* w, int32_t depth, int32_t* acc) {
  const int32_t groups = depth >> 2;
  const int16_t* x = in.x;
  const int8_t* p0 = w;
  int32_t a0 = acc[0], a1 = acc[1];
  int32_t n = groups >> 1;  // two groups per iteration
  uint32_t xe, xo, wa, wb, we;
  if (n > 0) {
    __asm__ volatile(
        "1:\n\t"
        "ldr %[xe], [%[x]], #4\n\t"
        "ldr %[xo], [%[x]], #4\n\t"
        "ldr %[wa], [%[p0], %[d]]\n\t"
        "ldr %[wb], [%[p0]], #4\n\t"
        "sxtb16 %[we], %[wb]\n\t"
        "sxtb16 %[wb], %[wb], ror #8\n\t"
        "smlad %[a0], %[we], %[xe], %[a0]\n\t"
        "smlad %[a0], %[wb], %[xo], %[a0]\n\t"
        "sxtb16 %[we], %[wa]\n\t"
        "sxtb16 %[wa], %[wa], ror #8\n\t"
        "smlad %[a1], %[we], %[xe], %[a1]\n\t"
        "smlad %[a1], %[wa], %[xo], %[a1]\n\t"
        "ldr %[xe], [%[x]], #4\n\t"
        "ldr %[xo], [%[x]], #4\n\t"
        "ldr %[wa], [%[p0], %[d]]\n\t"
        "ldr %[wb], [%[p0]], #4\n\t"
        "sxtb16 %[we], %[wb]\n\t"
        "sxtb16 %[wb], %[wb], ror #8\n\t"
        "smlad %[a0], %[we], %[xe], %[a0]\n\t"
        "smlad %[a0], %[wb], %[xo], %[a0]\n\t"
        "sxtb16 %[we], %[wa]\n\t"
        "sxtb16 %[wa], %[wa], ror #8\n\t"
        "smlad %[a1], %[we], %[xe], %[a1]\n\t"
        "smlad %[a1], %[wa], %[xo], %[a1]\n\t"
        "subs %[n], %[n], #1\n\t"
        "bne 1b\n\t"
        : [a0] "+r"(a0), [a1] "+r"(a1), [x] "+r"(x), [p0] "+r"(p0), [n] "+r"(n), [xe] "=&r"(xe), [xo] "=&r"(xo),
          [wa] "=&r"(wa), [wb] "=&r"(wb), [we] "=&r"(we)
        : [d] "r"(depth)
        : "cc", "memory");
  }
  if (groups & 1) {
    uint32_t e, o;
    in.lanes(groups - 1, &e, &o);
    const uint32_t v0 = dsp::load_u32(p0), v1 = dsp::load_u32(p0 + depth);
    a0 = dsp::smlad(dsp::sxtb16_ror8(v0), o, dsp::smlad(dsp::sxtb16(v0), e, a0));
    a1 = dsp::smlad(dsp::sxtb16_ror8(v1), o, dsp::smlad(dsp::sxtb16(v1), e, a1));
  }
  acc[0] = a0;
  acc[1] = a1;
}
#endif

// Four (or two) rows: the hand-scheduled loop when the filter offset is 0 (TFLite's symmetric weights),
// then the depth % 4 tail in C; otherwise the portable block. Inlined into the row loop below, so
// the accumulators pass through one call (block4/block2) per block.
template <int kRows, typename Input>
inline void rows_fast(const Input& in, const int8_t* weights, int32_t depth, uint32_t filter_offsets,
                      int32_t filter_offset, int32_t* acc) {
#if defined(__ARM_FEATURE_DSP)
  if (filter_offset == 0) {
    if (kRows == 4) block4(in, weights, depth, acc);
    else block2(in, weights, depth, acc);
    for (int32_t k = depth & ~3; k < depth; ++k) {
      const int32_t x = in.tail(k);
      for (int r = 0; r < kRows; ++r) acc[r] = wrapping_add(acc[r], x * weights[static_cast<size_t>(r) * depth + k]);
    }
    return;
  }
#endif
  rows_block<kRows>(in, weights, depth, filter_offsets, filter_offset, acc);
}

// Every row of one batch: blocks of four rows, then two, then one, each requantized as soon as
// its accumulators are done (fc_s8_output.h: kFast = the lean per-tensor form, else per row).
template <bool kFast, typename Input>
__attribute__((noinline)) void all_rows_q(const FullyConnectedParams& p, const FullyConnectedS8Args& a,
                                          const Input& in, const int32_t* start, int8_t* out) {
  const uint32_t fo = pair(p.filter_offset);
  const int32_t offset = p.output_offset, lo = p.activation_min, hi = p.activation_max, depth = p.input_depth;
  const quant::ChannelQuant shared = quant::make_channel_quant(a.multiplier[0], a.shift[0]);
  const int8_t* w = a.weights;
  int32_t o = 0;
  for (; o + 4 <= p.output_depth; o += 4, w += 4 * static_cast<size_t>(depth)) {
    int32_t acc[4] = {0, 0, 0, 0};
    if (start != nullptr) {
      acc[0] = start[o];
      acc[1] = start[o + 1];
      acc[2] = start[o + 2];
      acc[3] = start[o + 3];
    }
    rows_fast<4>(in, w, depth, fo, p.filter_offset, acc);
    for (int r = 0; r < 4; ++r) out[o + r] = requant_out<kFast>(acc[r], quant_of<kFast>(p, a, o + r, shared), offset, lo, hi);
  }
  if (o + 2 <= p.output_depth) {
    int32_t acc[2];
    for (int r = 0; r < 2; ++r) acc[r] = start != nullptr ? start[o + r] : 0;
    rows_fast<2>(in, w, depth, fo, p.filter_offset, acc);
    for (int r = 0; r < 2; ++r) out[o + r] = requant_out<kFast>(acc[r], quant_of<kFast>(p, a, o + r, shared), offset, lo, hi);
    o += 2;
    w += 2 * static_cast<size_t>(depth);
  }
  if (o < p.output_depth) {
    int32_t acc[1] = {start != nullptr ? start[o] : 0};
    rows_block<1>(in, w, depth, fo, p.filter_offset, acc);
    out[o] = requant_out<kFast>(acc[0], quant_of<kFast>(p, a, o, shared), offset, lo, hi);
  }
}

#if defined(__ARM_FEATURE_DSP)
// The lean output stage's constants, read through one pointer by rows4_lean.
struct LeanOut {
  quant::ChannelQuant q;
  int32_t offset;
};

// Four accumulators by value, so that the common path (no depth % 4 tail) keeps them in registers.
struct Acc4 {
  int32_t v[4];
};

// acc.v[r] + the sum over the last depth % 4 steps of x[k] * w[r][k], four rows (filter offset 0).
template <typename Input>
__attribute__((noinline)) Acc4 tail4(const Input& in, const int8_t* w, int32_t depth, Acc4 acc) {
  for (int32_t k = depth & ~3; k < depth; ++k) {
    const int32_t x = in.tail(k);
    for (int r = 0; r < 4; ++r) acc.v[r] = wrapping_add(acc.v[r], x * w[static_cast<size_t>(r) * depth + k]);
  }
  return acc;
}

// Four rows of TFLite's usual FC (filter offset 0, fast_output): start values, the hand-scheduled
// block, the depth % 4 tail and requant_lean in one leaf call, so the accumulators go from the
// start values through the block to the output stage in registers and the caller's loop keeps
// only pointers. The output constants are read once after the block and the four bytes stored
// last (an int8 store may alias anything, so a store between the reads would force reloads).
template <typename Input>
__attribute__((noinline)) void rows4_lean(const Input& in, const int8_t* w, int32_t depth, const int32_t* start,
                                          const LeanOut& lean, int8_t* out) {
  Acc4 acc = {{0, 0, 0, 0}};
  if (start != nullptr) acc = {{start[0], start[1], start[2], start[3]}};
  block4_inline(in, w, depth, acc.v);
  if ((depth & 3) != 0) acc = tail4(in, w, depth, acc);
  const quant::ChannelQuant q = lean.q;
  const int32_t offset = lean.offset;
  const int8_t y0 = quant::clamp_to_s8<true>(requant_lean(acc.v[0], q), offset, -128, 127);
  const int8_t y1 = quant::clamp_to_s8<true>(requant_lean(acc.v[1], q), offset, -128, 127);
  const int8_t y2 = quant::clamp_to_s8<true>(requant_lean(acc.v[2], q), offset, -128, 127);
  const int8_t y3 = quant::clamp_to_s8<true>(requant_lean(acc.v[3], q), offset, -128, 127);
  out[0] = y0;
  out[1] = y1;
  out[2] = y2;
  out[3] = y3;
}

// All rows of one batch on the lean path: rows4_lean per block, the last output_depth % 4 rows
// through all_rows_q's code.
template <typename Input>
void all_rows_lean(const FullyConnectedParams& p, const FullyConnectedS8Args& a, const Input& in,
                   const int32_t* start, int8_t* out) {
  const LeanOut lean{quant::make_channel_quant(a.multiplier[0], a.shift[0]), p.output_offset};
  const int32_t depth = p.input_depth, blocks = p.output_depth >> 2;
  const int8_t* w = a.weights;
  for (int32_t b = 0; b < blocks; ++b, w += 4 * static_cast<size_t>(depth)) {
    rows4_lean(in, w, depth, start != nullptr ? start + 4 * b : nullptr, lean, out + 4 * b);
  }
  const int32_t done = 4 * blocks;
  if (done == p.output_depth) return;
  FullyConnectedParams rest = p;
  rest.output_depth = p.output_depth - done;
  FullyConnectedS8Args rest_args = a;
  rest_args.weights = a.weights + static_cast<size_t>(done) * depth;
  all_rows_q<true>(rest, rest_args, in, start != nullptr ? start + done : nullptr, out + done);
}
#endif

template <typename Input>
void all_rows(const FullyConnectedParams& p, const FullyConnectedS8Args& a, const Input& in, const int32_t* start,
              int8_t* out) {
#if defined(__ARM_FEATURE_DSP)
  if (fast_output(p, a) && p.filter_offset == 0) return all_rows_lean(p, a, in, start, out);
#endif
  if (fast_output(p, a)) all_rows_q<true>(p, a, in, start, out);
  else all_rows_q<false>(p, a, in, start, out);
}

}  // namespace

size_t dsp_scratch_bytes(const FullyConnectedParams& p) { return 2 * static_cast<size_t>(p.input_depth); }

Status dsp_run(const FullyConnectedParams& p, const FullyConnectedS8Args& a, void* scratch, size_t) {
  auto* widened = static_cast<int16_t*>(scratch);
  const uint32_t io = pair(p.input_offset);
  const int32_t body = p.input_depth & ~3;
  for (int32_t b = 0; b < p.batches; ++b) {
    const int8_t* x = a.input + static_cast<size_t>(b) * p.input_depth;
    for (int32_t k = 0; k < body; k += 4) {
      const uint32_t v = dsp::load_u32(x + k);
      dsp::store_u32(widened + k, dsp::sxtab16(io, v));
      dsp::store_u32(widened + k + 2, dsp::sxtab16_ror8(io, v));
    }
    for (int32_t k = body; k < p.input_depth; ++k) widened[k] = static_cast<int16_t>(x[k] + p.input_offset);
    all_rows(p, a, WidenedInput{widened}, a.bias, a.output + static_cast<size_t>(b) * p.output_depth);
  }
  return Status::kOk;
}

bool dsp_ksum_supports(const FullyConnectedParams& p) { return p.has_kernel_sums; }

Status dsp_ksum_run(const FullyConnectedParams& p, const FullyConnectedS8Args& a, void*, size_t) {
  for (int32_t b = 0; b < p.batches; ++b) {
    all_rows(p, a, RawInput{a.input + static_cast<size_t>(b) * p.input_depth}, a.kernel_sums,
             a.output + static_cast<size_t>(b) * p.output_depth);
  }
  return Status::kOk;
}

}  // namespace cmnn::fc

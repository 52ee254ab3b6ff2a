// Helium (MVE) register block for the conv2d_s8 mve variants: two input vectors (two output
// pixels) against two filter rows, the four int32 dot products in scalar registers. Per 16 bytes of
// depth two x loads, two w loads and four VMLADAVA, so every load sits between two MACs and the
// M55 overlaps each with its neighbour (one load per 16 MACs, against 1.25 for four rows against
// one pixel). Same style as mve.h: hand-scheduled Armv8.1-M code on a core with MVE, a bit-exact
// portable emulation elsewhere. Lane tests: tests/unit/arch/mve_dot_block_ops_test.cpp.
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "arch/mve/mve.h"

namespace cmnn::mve {

// x{p}w{r}: pixel p's vector . filter row r, each sum wrapping int32 as VMLADAVA does.
struct Dot2x2 {
  int32_t x0w0, x0w1, x1w0, x1w1;
};

// The four dot products of x0, x1 (two vectors of len int8) with w0, w1 (two rows of len int8),
// len >= 0. Reads exactly len bytes from each of the four pointers (the len % 16 tail with
// VCTP-predicated zeroing loads), so no pointer needs slack past its row. The same pointer may be
// passed twice (a lone pixel or row: the duplicate products are discarded by the caller).
inline Dot2x2 dot_2x2(const int8_t* x0, const int8_t* x1, const int8_t* w0, const int8_t* w1, int32_t len) {
#if CMNN_MVE_NATIVE
  int32_t a00 = 0, a01 = 0, a10 = 0, a11 = 0;
  int8x16_t q0, q1, q2, q3;
  // 32 bytes per low-overhead-loop iteration (WLS skips it when len < 32). The first step's last
  // MAC is moved after the second step's first load so that no two loads and only the final two
  // MACs are adjacent. VMLADAVA takes even accumulator registers ("Te").
  __asm__(
      "wls lr, %[n], 2f\n"
      "1:\n\t"
      "vldrb.8 %q[q0], [%[x0]], #16\n\t"
      "vldrb.8 %q[q1], [%[w0]], #16\n\t"
      "vmladava.s8 %[a00], %q[q0], %q[q1]\n\t"
      "vldrb.8 %q[q2], [%[x1]], #16\n\t"
      "vmladava.s8 %[a10], %q[q2], %q[q1]\n\t"
      "vldrb.8 %q[q3], [%[w1]], #16\n\t"
      "vmladava.s8 %[a01], %q[q0], %q[q3]\n\t"
      "vldrb.8 %q[q0], [%[x0]], #16\n\t"
      "vmladava.s8 %[a11], %q[q2], %q[q3]\n\t"
      "vldrb.8 %q[q1], [%[w0]], #16\n\t"
      "vmladava.s8 %[a00], %q[q0], %q[q1]\n\t"
      "vldrb.8 %q[q2], [%[x1]], #16\n\t"
      "vmladava.s8 %[a10], %q[q2], %q[q1]\n\t"
      "vldrb.8 %q[q3], [%[w1]], #16\n\t"
      "vmladava.s8 %[a01], %q[q0], %q[q3]\n\t"
      "vmladava.s8 %[a11], %q[q2], %q[q3]\n\t"
      "le lr, 1b\n"
      "2:"
      : [a00] "+Te"(a00), [a01] "+Te"(a01), [a10] "+Te"(a10), [a11] "+Te"(a11), [x0] "+r"(x0), [x1] "+r"(x1),
        [w0] "+r"(w0), [w1] "+r"(w1), [q0] "=&w"(q0), [q1] "=&w"(q1), [q2] "=&w"(q2), [q3] "=&w"(q3)
      : [n] "r"(len >> 5)
      : "lr", "memory");
  if (len & 16) {  // one more full step
    q0 = vldrbq_s8(x0), q1 = vldrbq_s8(w0);
    a00 = vmladavaq_s8(a00, q0, q1);
    q2 = vldrbq_s8(x1);
    a10 = vmladavaq_s8(a10, q2, q1);
    q3 = vldrbq_s8(w1);
    a01 = vmladavaq_s8(a01, q0, q3);
    a11 = vmladavaq_s8(a11, q2, q3);
    x0 += 16, x1 += 16, w0 += 16, w1 += 16;
  }
  if (len & 15) {  // the tail, inactive lanes zero and not read
    const mve_pred16_t t = vctp8q(static_cast<uint32_t>(len & 15));
    q0 = vldrbq_z_s8(x0, t), q1 = vldrbq_z_s8(w0, t);
    a00 = vmladavaq_s8(a00, q0, q1);
    q2 = vldrbq_z_s8(x1, t);
    a10 = vmladavaq_s8(a10, q2, q1);
    q3 = vldrbq_z_s8(w1, t);
    a01 = vmladavaq_s8(a01, q0, q3);
    a11 = vmladavaq_s8(a11, q2, q3);
  }
  return {a00, a01, a10, a11};
#else
  uint32_t s00 = 0, s01 = 0, s10 = 0, s11 = 0;
  for (int32_t k = 0; k < len; ++k) {
    s00 += static_cast<uint32_t>(int32_t{x0[k]} * int32_t{w0[k]});
    s01 += static_cast<uint32_t>(int32_t{x0[k]} * int32_t{w1[k]});
    s10 += static_cast<uint32_t>(int32_t{x1[k]} * int32_t{w0[k]});
    s11 += static_cast<uint32_t>(int32_t{x1[k]} * int32_t{w1[k]});
  }
  return {static_cast<int32_t>(s00), static_cast<int32_t>(s01), static_cast<int32_t>(s10), static_cast<int32_t>(s11)};
#endif
}

// Two input vectors against `pairs` pairs of consecutive filter rows (rows 2r and 2r + 1 of len
// bytes at w + 2r len): s0[2r + j] = x0 . row(2r + j), s1[2r + j] = x1 . row(2r + j), wrapping.
// len a multiple of 16 (>= 16), pairs >= 1. The whole row loop in one asm block (no per-row call,
// spill or branch ladder). Per row pair: the first 16 bytes with the non-accumulating VMLADAV (no
// zeroing), then the remaining steps % 4 one per low-overhead-loop iteration and the rest four per
// iteration (the loop end and the vector overlap it breaks paid once per 64 bytes). In every step
// the loads and MACs alternate: the step's last MAC (x1 . w1) is moved after the next step's first
// load (software pipelining), and the four sums are stored with two post-incremented STRDs.
#define CMNN_MVE_DOT2X2_STEP                            \
  "vldrb.8 %q[q0], [%[x0]], #16\n\t"                   \
  "vmladava.s8 %[a11], %q[q2], %q[q3]\n\t"             \
  "vldrb.8 %q[q1], [%[w0]], #16\n\t"                   \
  "vmladava.s8 %[a00], %q[q0], %q[q1]\n\t"             \
  "vldrb.8 %q[q2], [%[x1]], #16\n\t"                   \
  "vmladava.s8 %[a10], %q[q2], %q[q1]\n\t"             \
  "vldrb.8 %q[q3], [%[w1]], #16\n\t"                   \
  "vmladava.s8 %[a01], %q[q0], %q[q3]\n\t"
inline void dot_2x2_rows(const int8_t* x0, const int8_t* x1, const int8_t* w, int32_t len, int32_t pairs, int32_t* s0,
                         int32_t* s1) {
#if CMNN_MVE_NATIVE
  int32_t a00, a01, a10, a11;
  const int8_t* w1 = w + len;
  int8x16_t q0, q1, q2, q3;
  __asm__ volatile(
      "1:\n\t"
      "movs %[a11], #0\n\t"
      "vldrb.8 %q[q0], [%[x0]], #16\n\t"
      "vldrb.8 %q[q1], [%[w0]], #16\n\t"
      "vmladav.s8 %[a00], %q[q0], %q[q1]\n\t"
      "vldrb.8 %q[q2], [%[x1]], #16\n\t"
      "vmladav.s8 %[a10], %q[q2], %q[q1]\n\t"
      "vldrb.8 %q[q3], [%[w1]], #16\n\t"
      "vmladav.s8 %[a01], %q[q0], %q[q3]\n\t"
      "sub lr, %[len], #16\n\t"
      "ubfx lr, lr, #4, #2\n\t"
      "wls lr, lr, 3f\n"
      "2:\n\t" CMNN_MVE_DOT2X2_STEP
      "le lr, 2b\n"
      "3:\n\t"
      "sub lr, %[len], #16\n\t"
      "lsr lr, lr, #6\n\t"
      "wls lr, lr, 5f\n"
      "4:\n\t" CMNN_MVE_DOT2X2_STEP CMNN_MVE_DOT2X2_STEP CMNN_MVE_DOT2X2_STEP CMNN_MVE_DOT2X2_STEP
      "le lr, 4b\n"
      "5:\n\t"
      "vmladava.s8 %[a11], %q[q2], %q[q3]\n\t"
      "strd %[a00], %[a01], [%[s0]], #8\n\t"
      "strd %[a10], %[a11], [%[s1]], #8\n\t"
      "subs %[x0], %[x0], %[len]\n\t"
      "subs %[x1], %[x1], %[len]\n\t"
      "mov %[w0], %[w1]\n\t"
      "adds %[w1], %[w1], %[len]\n\t"
      "subs %[pairs], %[pairs], #1\n\t"
      "bne 1b\n"
      : [a00] "=&Te"(a00), [a01] "=&Te"(a01), [a10] "=&Te"(a10), [a11] "=&Te"(a11), [x0] "+r"(x0), [x1] "+r"(x1),
        [w0] "+r"(w), [w1] "+r"(w1), [s0] "+r"(s0), [s1] "+r"(s1), [pairs] "+r"(pairs), [q0] "=&w"(q0),
        [q1] "=&w"(q1), [q2] "=&w"(q2), [q3] "=&w"(q3)
      : [len] "r"(len)
      : "lr", "memory", "cc");
#else
  for (int32_t r = 0; r < pairs; ++r, w += 2 * static_cast<size_t>(len)) {
    const Dot2x2 d = dot_2x2(x0, x1, w, w + len, len);
    s0[2 * r] = d.x0w0, s0[2 * r + 1] = d.x0w1, s1[2 * r] = d.x1w0, s1[2 * r + 1] = d.x1w1;
  }
#endif
}


// 4 int32 lanes from p (VLDRW.32), then p += 4; the pointer pinned as in load_s8_advance so that
// GCC emits the post-increment form instead of an address add (a scalar instruction between two
// vector ones ends the M55's overlap of the two).
inline s32x4 load_s32_advance(const int32_t*& p) {
#if CMNN_MVE_NATIVE
  const int32x4_t v = vldrwq_s32(p);
  p += 4;
  __asm__("" : "+r"(p));
  return v;
#else
  s32x4 r;
  for (int i = 0; i < 4; ++i) r.v[i] = p[i];
  p += 4;
  return r;
#endif
}

// The low byte of each of the 4 lanes to p[0..3] (VSTRB.32), then p += 4; pinned likewise.
inline void store_s32_as_s8_advance(int8_t*& p, s32x4 v) {
#if CMNN_MVE_NATIVE
  vstrbq_s32(p, v);
  p += 4;
  __asm__("" : "+r"(p));
#else
  for (int i = 0; i < 4; ++i) p[i] = static_cast<int8_t>(v.v[i]);
  p += 4;
#endif
}


// 16 int8 lanes to p (VSTRB.8), then p += 16; pinned as load_s8_advance (conv_tile_ops.h).
inline void store_s8_advance(int8_t*& p, s8x16 v) {
#if CMNN_MVE_NATIVE
  vstrbq_s8(p, v);
  p += 16;
  __asm__("" : "+r"(p));
#else
  std::memcpy(p, v.v, 16);
  p += 16;
#endif
}


// One input vector against two filter rows: w0 = x . w0, w1 = x . w1 over len >= 0 bytes, wrapping.
struct Dot2 {
  int32_t w0, w1;
};
// Per 16 bytes one x load, two w loads and two VMLADAVA; 64 bytes per low-overhead-loop iteration,
// then 16-byte steps, then the len % 16 tail with VCTP-predicated zeroing loads (nothing past a
// row is read).
inline Dot2 dot_1x2(const int8_t* x, const int8_t* w0, const int8_t* w1, int32_t len) {
#if CMNN_MVE_NATIVE
  int32_t a0 = 0, a1 = 0;
  int8x16_t q0, q1, q2;
#define CMNN_MVE_DOT1X2_STEP                  \
  "vldrb.8 %q[q0], [%[x]], #16\n\t"          \
  "vldrb.8 %q[q1], [%[w0]], #16\n\t"         \
  "vmladava.s8 %[a0], %q[q0], %q[q1]\n\t"    \
  "vldrb.8 %q[q2], [%[w1]], #16\n\t"         \
  "vmladava.s8 %[a1], %q[q0], %q[q2]\n\t"
  __asm__(
      "wls lr, %[n64], 2f\n"
      "1:\n\t" CMNN_MVE_DOT1X2_STEP CMNN_MVE_DOT1X2_STEP CMNN_MVE_DOT1X2_STEP CMNN_MVE_DOT1X2_STEP
      "le lr, 1b\n"
      "2:\n\t"
      "wls lr, %[n16], 4f\n"
      "3:\n\t" CMNN_MVE_DOT1X2_STEP
      "le lr, 3b\n"
      "4:"
      : [a0] "+Te"(a0), [a1] "+Te"(a1), [x] "+r"(x), [w0] "+r"(w0), [w1] "+r"(w1), [q0] "=&w"(q0), [q1] "=&w"(q1),
        [q2] "=&w"(q2)
      : [n64] "r"(len >> 6), [n16] "r"((len >> 4) & 3)
      : "lr", "memory");
#undef CMNN_MVE_DOT1X2_STEP
  if (len & 15) {
    const mve_pred16_t t = vctp8q(static_cast<uint32_t>(len & 15));
    q0 = vldrbq_z_s8(x, t);
    a0 = vmladavaq_s8(a0, q0, vldrbq_z_s8(w0, t));
    a1 = vmladavaq_s8(a1, q0, vldrbq_z_s8(w1, t));
  }
  return {a0, a1};
#else
  uint32_t s0 = 0, s1 = 0;
  for (int32_t k = 0; k < len; ++k) {
    s0 += static_cast<uint32_t>(int32_t{x[k]} * int32_t{w0[k]});
    s1 += static_cast<uint32_t>(int32_t{x[k]} * int32_t{w1[k]});
  }
  return {static_cast<int32_t>(s0), static_cast<int32_t>(s1)};
#endif
}

}  // namespace cmnn::mve

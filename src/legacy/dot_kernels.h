// Micro-kernels of the legacy convolutions and fully connected layers: expand input values into a
// q15 buffer, then dot products of weight rows with those buffers, one type per code path.
// The drivers (im2col_conv.h, fully_connected*.cpp) are written once over these types.
//   acc[4] of dot_2x2: row0.col0, row1.col0, row0.col1, row1.col1.
#pragma once
#include <cstdint>
#include <cstring>

#include "legacy/common.h"
#include "legacy/dsp_intrinsics.h"

// The 2x2 kernels stay out of line: inlined into the convolution driver they compete with its
// loop variables for registers and spill their accumulators on every step.
#define CMNN_LEGACY_KERNEL __attribute__((noinline))

namespace cmnn::legacy::detail {

// q7 weights x q15 buffer, plain order, plain C.
struct PortableQ7 {
  using Weight = int8_t;
  using Input = int8_t;
  // Called by the convolution driver once a whole column is expanded.
  static void finish_column(int16_t*, int) {}
  static void expand(const int8_t* src, int16_t* dst, int n) {
    for (int i = 0; i < n; ++i) dst[i] = src[i];
  }
  static int32_t dot(const int8_t* w, const int16_t* c, int n, int32_t acc) {
    for (int i = 0; i < n; ++i) acc = wrap_mac(acc, w[i], c[i]);
    return acc;
  }
  CMNN_LEGACY_KERNEL static void dot_2x2(const int8_t* w0, const int8_t* w1, const int16_t* c0, const int16_t* c1, int n,
                      int32_t acc[4]) {
    // Locals, not acc[]: a store through acc could alias the int8 weights and would keep the
    // accumulators in memory on every step.
    int32_t s0 = acc[0], s1 = acc[1], s2 = acc[2], s3 = acc[3];
    for (int i = 0; i < n; ++i) {
      s0 = wrap_mac(s0, w0[i], c0[i]);
      s1 = wrap_mac(s1, w1[i], c0[i]);
      s2 = wrap_mac(s2, w0[i], c1[i]);
      s3 = wrap_mac(s3, w1[i], c1[i]);
    }
    acc[0] = s0;
    acc[1] = s1;
    acc[2] = s2;
    acc[3] = s3;
  }
};

// q7 weights x q15 buffer expanded "reordered" (groups of 4: a c b d), so one SXTB16 of a weight
// word lines up with one buffer word: the paper's trick that saves the repacking of weights.
// Every expand() call must start on a multiple of 4 in the buffer (in_ch % 4 == 0 in convolutions).
struct DspReorderedQ7 {
  using Weight = int8_t;
  using Input = int8_t;
  static void finish_column(int16_t*, int) {}
  static void expand(const int8_t* src, int16_t* dst, int n) {
    int i = 0;
    for (; i + 4 <= n; i += 4) {
      const int32_t w = dsp::load32(src + i);
      dsp::store32(dst + i, dsp::sxtb16(w));
      dsp::store32(dst + i + 2, dsp::sxtb16_ror8(w));
    }
    for (; i < n; ++i) dst[i] = src[i];
  }
  static int32_t dot(const int8_t* w, const int16_t* c, int n, int32_t acc) {
    int i = 0;
    for (; i + 4 <= n; i += 4) {
      const int32_t word = dsp::load32(w + i);
      acc = dsp::smlad(dsp::sxtb16(word), dsp::load32(c + i), acc);
      acc = dsp::smlad(dsp::sxtb16_ror8(word), dsp::load32(c + i + 2), acc);
    }
    for (; i < n; ++i) acc = wrap_mac(acc, w[i], c[i]);
    return acc;
  }
  CMNN_LEGACY_KERNEL static void dot_2x2(const int8_t* w0, const int8_t* w1, const int16_t* c0, const int16_t* c1, int n,
                      int32_t acc[4]) {
    // Locals, not acc[]: a store through acc could alias the int8 weights and would keep the
    // accumulators in memory on every step.
    int32_t s0 = acc[0], s1 = acc[1], s2 = acc[2], s3 = acc[3];
    int i = 0;
    for (; i + 4 <= n; i += 4) {
      const int32_t a0 = dsp::load32(c0 + i), a1 = dsp::load32(c0 + i + 2);
      const int32_t b0 = dsp::load32(c1 + i), b1 = dsp::load32(c1 + i + 2);
      const int32_t x = dsp::load32(w0 + i), y = dsp::load32(w1 + i);
      const int32_t x02 = dsp::sxtb16(x), x13 = dsp::sxtb16_ror8(x);
      const int32_t y02 = dsp::sxtb16(y), y13 = dsp::sxtb16_ror8(y);
      s0 = dsp::smlad(x13, a1, dsp::smlad(x02, a0, s0));
      s1 = dsp::smlad(y13, a1, dsp::smlad(y02, a0, s1));
      s2 = dsp::smlad(x13, b1, dsp::smlad(x02, b0, s2));
      s3 = dsp::smlad(y13, b1, dsp::smlad(y02, b0, s3));
    }
    for (; i < n; ++i) {
      s0 = wrap_mac(s0, w0[i], c0[i]);
      s1 = wrap_mac(s1, w1[i], c0[i]);
      s2 = wrap_mac(s2, w0[i], c1[i]);
      s3 = wrap_mac(s3, w1[i], c1[i]);
    }
    acc[0] = s0;
    acc[1] = s1;
    acc[2] = s2;
    acc[3] = s3;
  }
};

// q7 weights x q15 buffer in plain order (any segment length, e.g. RGB input): each weight word
// is sign-extended and repacked into (w0 w1) and (w2 w3) pairs.
struct DspPlainQ7 {
  using Weight = int8_t;
  using Input = int8_t;
  static void expand(const int8_t* src, int16_t* dst, int n) { PortableQ7::expand(src, dst, n); }
  static void pairs(int32_t word, int32_t* w01, int32_t* w23) {
    const int32_t even = dsp::sxtb16(word), odd = dsp::sxtb16_ror8(word);
    *w01 = dsp::pack_bottoms(even, odd);
    *w23 = dsp::pack_tops(even, odd);
  }
  static int32_t dot(const int8_t* w, const int16_t* c, int n, int32_t acc) {
    int i = 0;
    for (; i + 4 <= n; i += 4) {
      int32_t w01, w23;
      pairs(dsp::load32(w + i), &w01, &w23);
      acc = dsp::smlad(w23, dsp::load32(c + i + 2), dsp::smlad(w01, dsp::load32(c + i), acc));
    }
    for (; i < n; ++i) acc = wrap_mac(acc, w[i], c[i]);
    return acc;
  }
  CMNN_LEGACY_KERNEL static void dot_2x2(const int8_t* w0, const int8_t* w1, const int16_t* c0, const int16_t* c1, int n,
                      int32_t acc[4]) {
    // Locals, not acc[]: a store through acc could alias the int8 weights and would keep the
    // accumulators in memory on every step.
    int32_t s0 = acc[0], s1 = acc[1], s2 = acc[2], s3 = acc[3];
    int i = 0;
    for (; i + 4 <= n; i += 4) {
      const int32_t a0 = dsp::load32(c0 + i), a1 = dsp::load32(c0 + i + 2);
      const int32_t b0 = dsp::load32(c1 + i), b1 = dsp::load32(c1 + i + 2);
      int32_t x01, x23, y01, y23;
      pairs(dsp::load32(w0 + i), &x01, &x23);
      pairs(dsp::load32(w1 + i), &y01, &y23);
      s0 = dsp::smlad(x23, a1, dsp::smlad(x01, a0, s0));
      s1 = dsp::smlad(y23, a1, dsp::smlad(y01, a0, s1));
      s2 = dsp::smlad(x23, b1, dsp::smlad(x01, b0, s2));
      s3 = dsp::smlad(y23, b1, dsp::smlad(y01, b0, s3));
    }
    for (; i < n; ++i) {
      s0 = wrap_mac(s0, w0[i], c0[i]);
      s1 = wrap_mac(s1, w1[i], c0[i]);
      s2 = wrap_mac(s2, w0[i], c1[i]);
      s3 = wrap_mac(s3, w1[i], c1[i]);
    }
    acc[0] = s0;
    acc[1] = s1;
    acc[2] = s2;
    acc[3] = s3;
  }
};

// Columns whose segments do not start on multiples of 4 (RGB input: 3 channels): expanded in
// plain order, then reordered as a whole (swap the middle pair of each group of 4), so the
// reordered SMLAD kernel applies without repacking every weight word (cheaper than DspPlainQ7).
struct DspColumnReorderedQ7 {
  using Weight = int8_t;
  using Input = int8_t;
  static void expand(const int8_t* src, int16_t* dst, int n) { PortableQ7::expand(src, dst, n); }
  static void finish_column(int16_t* column, int n) {
    for (int i = 0; i + 4 <= n; i += 4) {
      const int16_t t = column[i + 1];
      column[i + 1] = column[i + 2];
      column[i + 2] = t;
    }
  }
  static int32_t dot(const int8_t* w, const int16_t* c, int n, int32_t acc) { return DspReorderedQ7::dot(w, c, n, acc); }
  CMNN_LEGACY_KERNEL static void dot_2x2(const int8_t* w0, const int8_t* w1, const int16_t* c0, const int16_t* c1, int n,
                      int32_t acc[4]) {
    DspReorderedQ7::dot_2x2(w0, w1, c0, c1, n, acc);
  }
};

// q15 weights x q15 buffer, plain C.
struct PortableQ15 {
  using Weight = int16_t;
  using Input = int16_t;
  static void finish_column(int16_t*, int) {}
  static void expand(const int16_t* src, int16_t* dst, int n) { std::memcpy(dst, src, sizeof(int16_t) * n); }
  static int32_t dot(const int16_t* w, const int16_t* c, int n, int32_t acc) {
    for (int i = 0; i < n; ++i) acc = wrap_mac(acc, w[i], c[i]);
    return acc;
  }
  CMNN_LEGACY_KERNEL static void dot_2x2(const int16_t* w0, const int16_t* w1, const int16_t* c0, const int16_t* c1, int n,
                      int32_t acc[4]) {
    // Locals, not acc[]: a store through acc could alias the int8 weights and would keep the
    // accumulators in memory on every step.
    int32_t s0 = acc[0], s1 = acc[1], s2 = acc[2], s3 = acc[3];
    for (int i = 0; i < n; ++i) {
      s0 = wrap_mac(s0, w0[i], c0[i]);
      s1 = wrap_mac(s1, w1[i], c0[i]);
      s2 = wrap_mac(s2, w0[i], c1[i]);
      s3 = wrap_mac(s3, w1[i], c1[i]);
    }
    acc[0] = s0;
    acc[1] = s1;
    acc[2] = s2;
    acc[3] = s3;
  }
};

// q15 weights x q15 buffer, two lanes per SMLAD (odd tails in plain C).
struct DspQ15 {
  using Weight = int16_t;
  using Input = int16_t;
  static void finish_column(int16_t*, int) {}
  static void expand(const int16_t* src, int16_t* dst, int n) { PortableQ15::expand(src, dst, n); }
  static int32_t dot(const int16_t* w, const int16_t* c, int n, int32_t acc) {
    int i = 0;
    for (; i + 2 <= n; i += 2) acc = dsp::smlad(dsp::load32(w + i), dsp::load32(c + i), acc);
    for (; i < n; ++i) acc = wrap_mac(acc, w[i], c[i]);
    return acc;
  }
  CMNN_LEGACY_KERNEL static void dot_2x2(const int16_t* w0, const int16_t* w1, const int16_t* c0, const int16_t* c1, int n,
                      int32_t acc[4]) {
    // Locals, not acc[]: a store through acc could alias the int8 weights and would keep the
    // accumulators in memory on every step.
    int32_t s0 = acc[0], s1 = acc[1], s2 = acc[2], s3 = acc[3];
    int i = 0;
    for (; i + 2 <= n; i += 2) {
      const int32_t a = dsp::load32(c0 + i), b = dsp::load32(c1 + i);
      const int32_t x = dsp::load32(w0 + i), y = dsp::load32(w1 + i);
      s0 = dsp::smlad(x, a, s0);
      s1 = dsp::smlad(y, a, s1);
      s2 = dsp::smlad(x, b, s2);
      s3 = dsp::smlad(y, b, s3);
    }
    for (; i < n; ++i) {
      s0 = wrap_mac(s0, w0[i], c0[i]);
      s1 = wrap_mac(s1, w1[i], c0[i]);
      s2 = wrap_mac(s2, w0[i], c1[i]);
      s3 = wrap_mac(s3, w1[i], c1[i]);
    }
    acc[0] = s0;
    acc[1] = s1;
    acc[2] = s2;
    acc[3] = s3;
  }
};

}  // namespace cmnn::legacy::detail

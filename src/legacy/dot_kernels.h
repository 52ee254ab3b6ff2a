// Micro-kernels of the legacy convolutions and fully connected layers: expand input values into a
// q15 buffer, then dot products of weight rows with those buffers, one type per code path.
// The drivers (im2col_conv.h, fully_connected*.cpp) are written once over these types.
//   acc[4] of dot_2x2: row0.col0, row1.col0, row0.col1, row1.col1.
#pragma once
#include <cstdint>
#include <cstring>

#include "legacy/common.h"
#include "legacy/dsp_intrinsics.h"

namespace cmnn::legacy::detail {

// q7 weights x q15 buffer, plain order, plain C.
struct PortableQ7 {
  using Weight = int8_t;
  using Input = int8_t;
  static void expand(const int8_t* src, int16_t* dst, int n) {
    for (int i = 0; i < n; ++i) dst[i] = src[i];
  }
  static int32_t dot(const int8_t* w, const int16_t* c, int n, int32_t acc) {
    for (int i = 0; i < n; ++i) acc = wrap_mac(acc, w[i], c[i]);
    return acc;
  }
  static void dot_2x2(const int8_t* w0, const int8_t* w1, const int16_t* c0, const int16_t* c1, int n,
                      int32_t acc[4]) {
    for (int i = 0; i < n; ++i) {
      acc[0] = wrap_mac(acc[0], w0[i], c0[i]);
      acc[1] = wrap_mac(acc[1], w1[i], c0[i]);
      acc[2] = wrap_mac(acc[2], w0[i], c1[i]);
      acc[3] = wrap_mac(acc[3], w1[i], c1[i]);
    }
  }
};

// q7 weights x q15 buffer expanded "reordered" (groups of 4: a c b d), so one SXTB16 of a weight
// word lines up with one buffer word: the paper's trick that saves the repacking of weights.
// Every expand() call must start on a multiple of 4 in the buffer (in_ch % 4 == 0 in convolutions).
struct DspReorderedQ7 {
  using Weight = int8_t;
  using Input = int8_t;
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
  static void dot_2x2(const int8_t* w0, const int8_t* w1, const int16_t* c0, const int16_t* c1, int n,
                      int32_t acc[4]) {
    int i = 0;
    for (; i + 4 <= n; i += 4) {
      const int32_t a0 = dsp::load32(c0 + i), a1 = dsp::load32(c0 + i + 2);
      const int32_t b0 = dsp::load32(c1 + i), b1 = dsp::load32(c1 + i + 2);
      const int32_t x = dsp::load32(w0 + i), y = dsp::load32(w1 + i);
      const int32_t x02 = dsp::sxtb16(x), x13 = dsp::sxtb16_ror8(x);
      const int32_t y02 = dsp::sxtb16(y), y13 = dsp::sxtb16_ror8(y);
      acc[0] = dsp::smlad(x13, a1, dsp::smlad(x02, a0, acc[0]));
      acc[1] = dsp::smlad(y13, a1, dsp::smlad(y02, a0, acc[1]));
      acc[2] = dsp::smlad(x13, b1, dsp::smlad(x02, b0, acc[2]));
      acc[3] = dsp::smlad(y13, b1, dsp::smlad(y02, b0, acc[3]));
    }
    for (; i < n; ++i) {
      acc[0] = wrap_mac(acc[0], w0[i], c0[i]);
      acc[1] = wrap_mac(acc[1], w1[i], c0[i]);
      acc[2] = wrap_mac(acc[2], w0[i], c1[i]);
      acc[3] = wrap_mac(acc[3], w1[i], c1[i]);
    }
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
  static void dot_2x2(const int8_t* w0, const int8_t* w1, const int16_t* c0, const int16_t* c1, int n,
                      int32_t acc[4]) {
    int i = 0;
    for (; i + 4 <= n; i += 4) {
      const int32_t a0 = dsp::load32(c0 + i), a1 = dsp::load32(c0 + i + 2);
      const int32_t b0 = dsp::load32(c1 + i), b1 = dsp::load32(c1 + i + 2);
      int32_t x01, x23, y01, y23;
      pairs(dsp::load32(w0 + i), &x01, &x23);
      pairs(dsp::load32(w1 + i), &y01, &y23);
      acc[0] = dsp::smlad(x23, a1, dsp::smlad(x01, a0, acc[0]));
      acc[1] = dsp::smlad(y23, a1, dsp::smlad(y01, a0, acc[1]));
      acc[2] = dsp::smlad(x23, b1, dsp::smlad(x01, b0, acc[2]));
      acc[3] = dsp::smlad(y23, b1, dsp::smlad(y01, b0, acc[3]));
    }
    for (; i < n; ++i) {
      acc[0] = wrap_mac(acc[0], w0[i], c0[i]);
      acc[1] = wrap_mac(acc[1], w1[i], c0[i]);
      acc[2] = wrap_mac(acc[2], w0[i], c1[i]);
      acc[3] = wrap_mac(acc[3], w1[i], c1[i]);
    }
  }
};

// q15 weights x q15 buffer, plain C.
struct PortableQ15 {
  using Weight = int16_t;
  using Input = int16_t;
  static void expand(const int16_t* src, int16_t* dst, int n) { std::memcpy(dst, src, sizeof(int16_t) * n); }
  static int32_t dot(const int16_t* w, const int16_t* c, int n, int32_t acc) {
    for (int i = 0; i < n; ++i) acc = wrap_mac(acc, w[i], c[i]);
    return acc;
  }
  static void dot_2x2(const int16_t* w0, const int16_t* w1, const int16_t* c0, const int16_t* c1, int n,
                      int32_t acc[4]) {
    for (int i = 0; i < n; ++i) {
      acc[0] = wrap_mac(acc[0], w0[i], c0[i]);
      acc[1] = wrap_mac(acc[1], w1[i], c0[i]);
      acc[2] = wrap_mac(acc[2], w0[i], c1[i]);
      acc[3] = wrap_mac(acc[3], w1[i], c1[i]);
    }
  }
};

// q15 weights x q15 buffer, two lanes per SMLAD (odd tails in plain C).
struct DspQ15 {
  using Weight = int16_t;
  using Input = int16_t;
  static void expand(const int16_t* src, int16_t* dst, int n) { PortableQ15::expand(src, dst, n); }
  static int32_t dot(const int16_t* w, const int16_t* c, int n, int32_t acc) {
    int i = 0;
    for (; i + 2 <= n; i += 2) acc = dsp::smlad(dsp::load32(w + i), dsp::load32(c + i), acc);
    for (; i < n; ++i) acc = wrap_mac(acc, w[i], c[i]);
    return acc;
  }
  static void dot_2x2(const int16_t* w0, const int16_t* w1, const int16_t* c0, const int16_t* c1, int n,
                      int32_t acc[4]) {
    int i = 0;
    for (; i + 2 <= n; i += 2) {
      const int32_t a = dsp::load32(c0 + i), b = dsp::load32(c1 + i);
      const int32_t x = dsp::load32(w0 + i), y = dsp::load32(w1 + i);
      acc[0] = dsp::smlad(x, a, acc[0]);
      acc[1] = dsp::smlad(y, a, acc[1]);
      acc[2] = dsp::smlad(x, b, acc[2]);
      acc[3] = dsp::smlad(y, b, acc[3]);
    }
    for (; i < n; ++i) {
      acc[0] = wrap_mac(acc[0], w0[i], c0[i]);
      acc[1] = wrap_mac(acc[1], w1[i], c0[i]);
      acc[2] = wrap_mac(acc[2], w0[i], c1[i]);
      acc[3] = wrap_mac(acc[3], w1[i], c1[i]);
    }
  }
};

}  // namespace cmnn::legacy::detail

// The "stacked" int8 filter of the conv2d_s8 stacked variants (conv2d_s8_stack_filter,
// include/cmnn/conv.h): the paired layout's byte order (paired_filter.h: word A = [r0 k0, r1 k0,
// r0 k2, r1 k2], B = [r0 k1, r1 k1, r0 k3, r1 k3] per row pair and group of 4 steps) with every
// odd-row byte of a row pair's body (steps below depth & ~3) stored as
//   s1 = r1 - (r0 < 0 ? 1 : 0)          (r0: the even row's weight at the same step)
// so that each 16-bit lane of a word, read as int16, is exactly 256 * r1 + r0 (the low byte r0 as
// unsigned is r0 + 256 when r0 < 0; the borrow folded into s1 takes it back), while SXTB16 of the
// word still gives the even row's lanes (r0 k0, r0 k2). One SMLAD of the raw word against a column
// word x then sums 256 * (r1 . x) + (r0 . x) and one of its SXTB16 sums r0 . x: two rows from
// two SMLADs and one SXTB16 instead of two SXTB16 (mat_mult_stacked_dsp.h has the arithmetic and its
// bounds). The even rows, the single last row of a group and the depth % 4 tail are stored as in
// the paired layout (unchanged bytes); same size as the OHWI filter.
//
// Not every filter can be stacked: s1 must be an int8, so r1 = -128 under a negative r0 (s1 =
// -129) has no stacked form (TFLite's int8 weights are [-127, 127] by its quantization spec, but a
// model may hold any byte): stack_byte reports it and conv2d_s8_stack_filter returns
// kBadParameter; the compiler then keeps the paired or plain filter.
#pragma once
#include <cstddef>
#include <cstdint>

#include "kernels/conv/paired_filter.h"

namespace cmnn::conv {

// True when weight (row r, step k) of a group's rows is stored stacked: the odd row of a row pair
// inside a quad or a pair block (every row below rows & ~1; quads and the last pair start at
// multiples of 4, so its even partner is r - 1), at a step of the body (k < depth & ~3).
inline bool stacked_at(int32_t rows, int32_t depth, int32_t r, int32_t k) {
  return (r & 1) != 0 && r < (rows & ~1) && k < (depth & ~3);
}

// The stored byte of odd-row weight r1 over even-row weight r0; false when it does not exist
// (r1 = -128 with r0 < 0).
inline bool stack_byte(int8_t r0, int8_t r1, int8_t* stored) {
  const int32_t s = r1 - (r0 < 0 ? 1 : 0);
  if (s < -128) return false;
  *stored = static_cast<int8_t>(s);
  return true;
}

// The weight back from a stored odd-row byte and its even partner's (stored plain) byte.
inline int32_t unstack_byte(int8_t r0, int8_t stored) { return stored + (r0 < 0 ? 1 : 0); }

}  // namespace cmnn::conv

// The row-pair interleaved int8 filter of the conv2d_s8 "paired" variants (conv2d_s8_pair_filter,
// include/cmnn/conv.h): the same bytes as the OHWI filter in another order, so it replaces the
// filter at no flash cost. Per group of output channels (group_out rows of depth D = filter_h *
// filter_w * input_c / groups, starting at byte first_row * D as in the OHWI filter):
//   - the rows in blocks: quads while 4 rows remain, then a pair when 2 or 3 remain, then a single
//     row when one remains (rows % 4 == 1: quads + single; 2: + pair; 3: + pair + single);
//   - a block of n = 4 or 2 rows: for each group of 4 accumulation steps k = 4g..4g+3, for each row
//     pair (rows 2i, 2i + 1 of the block) the word A = [r0 k0, r1 k0, r0 k2, r1 k2] then the word
//     B = [r0 k1, r1 k1, r0 k3, r1 k3] (8n bytes per group: SXTB16(A) = row 0's (k0, k2) lanes,
//     SXTB16(A, ROR 8) row 1's, the lane order of the im2col column words, mat_mult_s8_s16_dsp.h);
//     then the depth % 4 tail, row by row (n * (D % 4) bytes). A block takes n * D bytes;
//   - a single row: its D bytes as in the OHWI filter.
#pragma once
#include <cstddef>
#include <cstdint>

namespace cmnn::conv {

// Byte offset of weight (row r, step k) from the start of a group's rows (rows = group_out rows of
// depth `depth`). The one definition of the layout: the packing and the reference both use it.
inline size_t paired_offset(int32_t rows, int32_t depth, int32_t r, int32_t k) {
  const int32_t quad_rows = rows & ~3;
  int32_t first = 0, n = 0;
  if (r < quad_rows) {
    first = r & ~3, n = 4;
  } else if (r < (rows & ~1)) {
    first = quad_rows, n = 2;
  } else {
    return static_cast<size_t>(r) * depth + k;  // the single last row: plain
  }
  const size_t base = static_cast<size_t>(first) * depth;
  const int32_t i = r - first, body = depth & ~3;
  if (k < body) {
    const int32_t j = k & 3;
    return base + static_cast<size_t>(k >> 2) * (4 * n) + (i >> 1) * 8 + (j & 1) * 4 + (j >> 1) * 2 + (i & 1);
  }
  return base + static_cast<size_t>(n) * body + i * (depth - body) + (k - body);
}

}  // namespace cmnn::conv

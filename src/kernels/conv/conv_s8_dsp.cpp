// conv2d_s8 DSP variants: partial im2col of two output pixels into an int16 column pair, then the
// 2x2 SMLAD micro-kernel over each group's filter rows (mat_mult_s8_s16_dsp.h).
// When a group's input channels are a multiple of 4, or a tap row is whole words (one group, no
// horizontal dilation), every tap row is widened straight from the input (padding taps are zero
// columns, words cut by padding assembled in a register); otherwise (e.g. RGB first layers) the
// column is first gathered as int8 in a staging buffer (padding = the input zero point) and
// widened in one pass. A row-band run keeps the per-channel requantization table across bands
// (Conv2dParams::scratch_prepared).
#include <cstddef>
#include <cstring>

#include "kernels/conv/conv_s8_variants.h"
#include "kernels/conv/mat_mult_paired_dsp.h"
#include "kernels/conv/mat_mult_s8_s16_dsp.h"
#include "kernels/conv/mat_mult_stacked_dsp.h"
#include "kernels/conv/stacked_doubled.h"

namespace cmnn::conv {
namespace {

int32_t group_channels(const Conv2dParams& p) { return p.input_c / p.groups; }
int32_t depth_of(const Conv2dParams& p) { return p.filter_h * p.filter_w * group_channels(p); }
bool widen_direct(const Conv2dParams& p) { return group_channels(p) % 4 == 0; }

// The packed variants' column depth: the depth rounded up to whole groups of 4 (zero weights past
// the depth; the staged column is padded with the zero point, i.e. 0 once widened).
int32_t packed_depth_of(const Conv2dParams& p) { return (depth_of(p) + 3) & ~3; }

// int16 zeros after the packed rows: the Cortex-M7 schedule's one-group-ahead load reads at most 4
// bytes past a quad (mat_mult_s8_s16_dsp.cpp).
constexpr int32_t kPackedSlack = 8;

// + 16: the Cortex-M7 schedule of the packed kernel loads one group ahead (up to 12 bytes past
// the pair; mat_mult_s8_s16_dsp.cpp). The last 4 of these 16 bytes (loaded ahead by some M7 loops, never used in a result) keep
// the requantization table's flags (OutputTable) for the later calls of a row-band run.
size_t column_pair_bytes(int32_t depth) { return 4 * static_cast<size_t>(depth) + 16; }

size_t staging_bytes(const Conv2dParams& p, int32_t depth) { return widen_direct(p) ? 0 : static_cast<size_t>(depth); }

// Scratch: the per-channel requantization table (ChannelQuant, int32 aligned), the column pair,
// the int8 staging column when needed.
// The table is followed by 2 * output_c int32 accumulators.
size_t quant_table_bytes(const Conv2dParams& p) {
  return (sizeof(quant::ChannelQuant) + 2 * sizeof(int32_t)) * static_cast<size_t>(p.output_c);
}

// +3: the scratch pointer carries no alignment contract; the table starts at the next multiple of 4.
// depth: the column depth (depth_of, or packed_depth_of for the packed variants).
size_t scratch_for(const Conv2dParams& p, int32_t depth) {
  return 3 + quant_table_bytes(p) + column_pair_bytes(depth) + staging_bytes(p, depth);
}

// Copies one tap's channels; RGB-like tap widths (1..3 bytes) without a library call.
inline void copy_channels(int8_t* dst, const int8_t* src, int32_t n) {
  if (n == 3) {
    dst[0] = src[0];
    dst[1] = src[1];
    dst[2] = src[2];
  } else if (n < 3) {
    dst[0] = src[0];
    if (n == 2) dst[1] = src[1];
  } else {
    std::memcpy(dst, src, static_cast<size_t>(n));
  }
}

// The last n % 4 (< 4) bytes of a run, without a loop: GCC turns short byte loops into memset /
// memcpy calls (~20 est. m4 cycles each; a padding tap of a 1-channel first layer is one byte).
inline void set_tail(int8_t* dst, int8_t value, int32_t n) {
  if (n & 2) dst[0] = value, dst[1] = value, dst += 2;
  if (n & 1) dst[0] = value;
}
inline void copy_tail(int8_t* dst, const int8_t* src, int32_t n) {
  if (n & 2) dst[0] = src[0], dst[1] = src[1], dst += 2, src += 2;
  if (n & 1) dst[0] = src[0];
}

// Sets n bytes to value: words (unaligned 32-bit stores), then the last n % 4 bytes.
inline void set_run(int8_t* dst, int8_t value, int32_t n) {
  const uint32_t word = static_cast<uint32_t>(static_cast<uint8_t>(value)) * 0x01010101u;
  int32_t i = 0;
  for (; i + 4 <= n; i += 4) dsp::store_u32(dst + i, word);
  set_tail(dst + i, value, n - i);
}

// Copies n bytes word by word (unaligned 32-bit accesses), then the last n % 4 bytes.
inline void copy_run(int8_t* dst, const int8_t* src, int32_t n) {
  int32_t i = 0;
  for (; i + 4 <= n; i += 4) dsp::store_u32(dst + i, dsp::load_u32(src + i));
  copy_tail(dst + i, src + i, n - i);
}

// Copies `rows` runs of n bytes, src stepping by step, into dst back to back.
inline void stage_rows(const int8_t* src, size_t step, int32_t rows, int32_t n, int8_t* dst) {
  for (int32_t r = 0; r < rows; ++r, src += step, dst += n) copy_run(dst, src, n);
}

struct Columns {
  int16_t* pair;
  int8_t* staging;  // col_depth bytes when !widen_direct
};

// Where scratch_for's parts lie in a call's scratch (col_depth: its column depth): the table, the
// accumulators, the columns, and `saved`, the last word of the column pair's slack, which keeps
// the table's flags for the later bands of a row-band run (prepare_table). run_im2col and the
// doubled stacked 1x1 run both read the scratch through it.
struct ScratchLayout {
  quant::ChannelQuant* quant;
  int32_t* acc;
  Columns cols;
  uint32_t* saved;
};

[[gnu::always_inline]] inline ScratchLayout layout_of(const Conv2dParams& p, void* scratch, int32_t col_depth) {
  const auto address = reinterpret_cast<uintptr_t>(scratch);
  auto* bytes = static_cast<uint8_t*>(scratch) + ((4 - (address & 3u)) & 3u);
  auto* quant = reinterpret_cast<quant::ChannelQuant*>(bytes);
  auto* acc = reinterpret_cast<int32_t*>(quant + p.output_c);
  bytes += quant_table_bytes(p);
  return {quant, acc,
          Columns{reinterpret_cast<int16_t*>(bytes), reinterpret_cast<int8_t*>(bytes + column_pair_bytes(col_depth))},
          reinterpret_cast<uint32_t*>(bytes + column_pair_bytes(col_depth) - 4)};
}

// Per-call constants of the im2col (divisions hoisted out of the pixel loop).
struct Geometry {
  int32_t cin;         // channels per group
  int32_t depth;       // filter_h * filter_w * cin
  int32_t col_depth;   // depth of the columns: depth, or rounded up to a multiple of 4 (packed)
  bool direct;         // cin % 4 == 0: widen straight from the input
  bool contiguous_ok;  // one group, no horizontal dilation: tap rows may be contiguous runs
  bool rows_direct;    // contiguous_ok and row_bytes % 4 == 0: a tap row inside the input is widened
                       // straight from it whatever cin (KWS's 10x4 filter on 1 channel: 4-byte rows)
  int32_t row_bytes;   // filter_w * cin
  size_t row_stride;   // input_w * input_c
  bool rgb3x3;         // 3x3 filter on 3 channels, one group, packed (28-deep) columns: pack_rgb3x3
};

Geometry geometry_of(const Conv2dParams& p, bool packed) {
  const int32_t cin = group_channels(p);
  return {cin,
          depth_of(p),
          packed ? packed_depth_of(p) : depth_of(p),
          cin % 4 == 0,
          p.groups == 1 && p.dilation_w == 1,
          p.groups == 1 && p.dilation_w == 1 && (p.filter_w * cin) % 4 == 0,
          p.filter_w * cin,
          static_cast<size_t>(p.input_w) * p.input_c,
          p.groups == 1 && p.dilation_w == 1 && cin == 3 && p.filter_h == 3 && p.filter_w == 3 && packed};
}

// The input offset in both int16 lanes, as SXTAB16 adds it.
inline uint32_t offset_pair(int32_t input_offset) {
  return (static_cast<uint32_t>(input_offset) & 0xFFFFu) | (static_cast<uint32_t>(input_offset) << 16);
}

// One group of 4 column bytes widened into its two int16 words (the lane order of
// mat_mult_s8_s16_dsp.h: bytes 0 and 2, then 1 and 3).
inline void store_widened(int16_t* dst, uint32_t word, uint32_t offsets) {
  dsp::store_u32(dst, dsp::sxtab16(offsets, word));
  dsp::store_u32(dst + 2, dsp::sxtab16_ror8(offsets, word));
}

// The column of an interior pixel of a 3x3 filter on 3 channels (RGB first layers: VWW, ResNet-8),
// packed depth 28: the 27 bytes of the three tap rows (9 contiguous bytes each, rows `row_step`
// apart) assembled into seven words straight from the input (the words that straddle two rows by
// byte merges, the 28th byte the zero point, i.e. 0 once widened) and widened into column `column`
// with SXTAB16; no staging copy. Reads only the 27 bytes (word loads never pass a row's 9th byte).
inline void pack_rgb3x3(const int8_t* r0, size_t row_step, int32_t input_offset, int16_t* cols, int column) {
  const int8_t* r1 = r0 + row_step;
  const int8_t* r2 = r1 + row_step;
  const auto u8 = [](const int8_t* q, int i) { return static_cast<uint32_t>(static_cast<uint8_t>(q[i])); };
  const uint32_t pad = static_cast<uint32_t>(static_cast<uint8_t>(static_cast<int8_t>(-input_offset)));
  const uint32_t words[7] = {dsp::load_u32(r0),
                             dsp::load_u32(r0 + 4),
                             u8(r0, 8) | (dsp::load_u32(r1) << 8),
                             dsp::load_u32(r1 + 3),
                             u8(r1, 7) | (u8(r1, 8) << 8) | (dsp::load_u32(r2) << 16),
                             dsp::load_u32(r2 + 2),
                             u8(r2, 6) | (u8(r2, 7) << 8) | (u8(r2, 8) << 16) | (pad << 24)};
  const uint32_t offsets = offset_pair(input_offset);
  int16_t* dst = cols + 4 * column;
  for (int g = 0; g < 7; ++g, dst += 8) store_widened(dst, words[g], offsets);
}

// Both columns of a pixel pair whose taps are all inside the input (one group, tap rows of whole
// words, no horizontal dilation): every tap row is one contiguous run of row_bytes widened straight into
// its column, row addresses stepped by row_step; no per-tap or per-row checks (ResNet-8's 3x3x16
// columns: ~350 est. m4 cycles each, was ~620 through fill_column's geometry and branches).
inline void fill_pair_interior(const int8_t* src0, const int8_t* src1, size_t row_step, int32_t rows,
                               int32_t row_bytes, int32_t input_offset, int16_t* cols) {
  const int32_t row_groups = row_bytes / 4;
  for (int32_t group = 0; rows > 0; --rows, group += row_groups, src0 += row_step, src1 += row_step) {
    im2col_pack_groups(src0, row_bytes, input_offset, cols, group, 0);
    im2col_pack_groups(src1, row_bytes, input_offset, cols, group, 1);
  }
}

// Column `column` of a pixel whose taps all lie inside the input, tap rows not whole words (one
// group, no horizontal dilation; RGB first layers): what fill_column does for such a
// pixel, without its per-call geometry. src: the window's first byte.
inline void fill_staged_interior(const Conv2dParams& p, const Geometry& geo, const int8_t* src, size_t row_step,
                                 const Columns& cols, int column) {
  if (geo.rgb3x3) return pack_rgb3x3(src, row_step, p.input_offset, cols.pair, column);
  stage_rows(src, row_step, p.filter_h, geo.row_bytes, cols.staging);
  for (int32_t i = geo.depth; i < geo.col_depth; ++i) cols.staging[i] = static_cast<int8_t>(-p.input_offset);
  im2col_pack_column(cols.staging, geo.col_depth, p.input_offset, cols.pair, column);
}

// The bytes of word j (bytes j .. j + 3 of a tap row) that lie in [lead, lead + take), as a mask.
inline uint32_t inside_mask(int32_t j, int32_t lead, int32_t take) {
  const int32_t lo = (lead > j ? lead : j) - j;
  const int32_t end = lead + take < j + 4 ? lead + take : j + 4;
  if (end - j <= lo) return 0;
  const uint32_t below_end = end - j == 4 ? 0xFFFFFFFFu : (1u << (8 * (end - j))) - 1u;
  return below_end & ~((1u << (8 * lo)) - 1u);
}

// The taps of a filter row (no horizontal dilation) starting at input column x0: `lead` padding
// taps, then `take` inside the input, then padding to filter_w. The shape checks make every window
// overlap the input; the clamps keep the counts in [0, filter_w] regardless.
struct TapSpan {
  int32_t lead, take;
};
inline TapSpan tap_span(int32_t x0, int32_t filter_w, int32_t input_w) {
  const int32_t first = x0 < 0 ? 0 : x0;
  const int32_t end = x0 + filter_w < input_w ? x0 + filter_w : input_w;
  int32_t lead = first - x0;
  lead = lead > filter_w ? filter_w : lead;
  const int32_t take = end - first < 0 ? 0 : end - first;
  return {lead, take > filter_w - lead ? filter_w - lead : take};
}

// Column `column` of pixel (y0, x0: its window's first tap) when tap rows are whole words but
// cin % 4 != 0 (geo.rows_direct && !geo.direct; one group): each word of a tap row inside the
// image is loaded whole from where it would lie without padding, and its padding bytes (the same
// for every row of the column: inside_mask) replaced by the zero point in a register. The load may
// take bytes of the neighbouring row, never bytes outside the image: a word that would reach
// outside (first or last row only) is assembled byte by byte. Rows outside the image are zero
// groups. KWS's 10x4 filter on 1 channel: one word per tap row; its 65 edge columns took ~1,440
// est. m4 cycles each through a per-byte loop.
void fill_masked_rows(const Conv2dParams& p, const Geometry& geo, const int8_t* image, int32_t y0, int32_t x0,
                      const TapSpan& span, int16_t* cols, int column) {
  // Locals, not p's fields: the column stores may alias p, which would reload them every row.
  const int32_t filter_h = p.filter_h, dilation = p.dilation_h, input_h = p.input_h;
  const uint32_t offsets = offset_pair(p.input_offset);
  const uint32_t pad = static_cast<uint32_t>(static_cast<uint8_t>(static_cast<int8_t>(-p.input_offset))) * 0x01010101u;
  const ptrdiff_t image_bytes = static_cast<ptrdiff_t>(input_h) * static_cast<ptrdiff_t>(geo.row_stride);
  const ptrdiff_t row_step = static_cast<ptrdiff_t>(geo.row_stride) * dilation;
  const int32_t group_step = 8 * (geo.row_bytes / 4);
  const int32_t lead = span.lead * geo.cin, take = span.take * geo.cin;
  // Tap rows fy in [fy_lo, fy_hi) lie inside the image; the others are zero groups.
  int32_t fy_lo = 0, fy_hi = filter_h;
  while (fy_lo < filter_h && y0 + fy_lo * dilation < 0) ++fy_lo;
  while (fy_hi > fy_lo && y0 + (fy_hi - 1) * dilation >= input_h) --fy_hi;
  for (int32_t j = 0; j < geo.row_bytes; j += 4) {
    const uint32_t keep = inside_mask(j, lead, take);
    int16_t* dst = cols + 8 * (j / 4) + 4 * column;
    int32_t fy = 0;
    for (; fy < fy_lo; ++fy, dst += group_step) store_widened(dst, pad, offsets);
    // The word's first byte if the row were unpadded.
    ptrdiff_t at = static_cast<ptrdiff_t>(y0 + fy_lo * dilation) * static_cast<ptrdiff_t>(geo.row_stride) +
                   static_cast<ptrdiff_t>(x0) * p.input_c + j;
    for (; fy < fy_hi; ++fy, at += row_step, dst += group_step) {
      uint32_t word = pad;
      if (keep != 0 && at >= 0 && at + 4 <= image_bytes) {
        word = (dsp::load_u32(image + at) & keep) | (pad & ~keep);
      } else if (keep != 0) {
        for (int32_t b = 0; b < 4; ++b) {
          const uint32_t byte = 0xFFu << (8 * b);
          if (keep & byte) word = (word & ~byte) | (static_cast<uint32_t>(static_cast<uint8_t>(image[at + b])) << (8 * b));
        }
      }
      store_widened(dst, word, offsets);
    }
    for (; fy < filter_h; ++fy, dst += group_step) store_widened(dst, pad, offsets);
  }
}

// Fills column `column` with the receptive field of output pixel (oy, ox) for group g.
template <bool kOneByOne>
void fill_column(const Conv2dParams& p, const Geometry& geo, const int8_t* input, int32_t oy, int32_t ox, int32_t g,
                 const Columns& cols, int column) {
  const int32_t cin = geo.cin;
  const int8_t* base = input + g * cin;
  const int32_t y0 = oy * p.stride_h - p.pad_top;
  const int32_t x0 = ox * p.stride_w - p.pad_left;
  if (kOneByOne) {
    const int8_t* src = base + static_cast<size_t>(y0) * geo.row_stride + static_cast<size_t>(x0) * p.input_c;
    if (geo.direct) {
      im2col_pack_groups(src, cin, p.input_offset, cols.pair, 0, column);
    } else if (geo.col_depth == cin) {
      im2col_pack_column(src, cin, p.input_offset, cols.pair, column);
    } else {  // padded column: staged first
      copy_channels(cols.staging, src, cin);
      for (int32_t i = cin; i < geo.col_depth; ++i) cols.staging[i] = static_cast<int8_t>(-p.input_offset);
      im2col_pack_column(cols.staging, geo.col_depth, p.input_offset, cols.pair, column);
    }
    return;
  }
  // One group, no horizontal dilation: the inside taps of a tap row inside the input are one
  // contiguous run, x0 + lead .. x0 + lead + take - 1 (the rest are padding taps).
  const TapSpan span = tap_span(x0, p.filter_w, p.input_w);
  const bool contiguous = geo.contiguous_ok;
  if (geo.rows_direct && !geo.direct) return fill_masked_rows(p, geo, input, y0, x0, span, cols.pair, column);
  if (geo.direct) {
    int32_t group = 0;
    const int32_t row_bytes = geo.row_bytes;
    const int32_t lead = span.lead * cin, take = span.take * cin, trail = row_bytes - lead - take;
    for (int32_t fy = 0; fy < p.filter_h; ++fy) {
      const int32_t y = y0 + fy * p.dilation_h;
      const bool row_inside = y >= 0 && y < p.input_h;
      if (!row_inside) {
        im2col_zero_groups(row_bytes, cols.pair, group, column);
        group += row_bytes / 4;
        continue;
      }
      if (contiguous) {
        const int8_t* src = base + static_cast<size_t>(y) * geo.row_stride + static_cast<size_t>(x0 + span.lead) * p.input_c;
        im2col_zero_groups(lead, cols.pair, group, column);
        im2col_pack_groups(src, take, p.input_offset, cols.pair, group + lead / 4, column);
        im2col_zero_groups(trail, cols.pair, group + (lead + take) / 4, column);
        group += row_bytes / 4;
        continue;
      }
      for (int32_t fx = 0; fx < p.filter_w; ++fx, group += cin / 4) {
        const int32_t x = x0 + fx * p.dilation_w;
        if (x >= 0 && x < p.input_w) {
          im2col_pack_groups(base + (static_cast<size_t>(y) * p.input_w + x) * p.input_c, cin, p.input_offset,
                             cols.pair, group, column);
        } else {
          im2col_zero_groups(cin, cols.pair, group, column);
        }
      }
    }
    return;
  }
  // The zero point: zero once the input offset is added.
  const auto pad = static_cast<int8_t>(-p.input_offset);
  int8_t* dst = cols.staging;
  const int32_t row_bytes = geo.row_bytes;
  const bool rows_contiguous = contiguous && span.lead == 0 && span.take == p.filter_w;
  if (rows_contiguous && y0 >= 0 && y0 + (p.filter_h - 1) * p.dilation_h < p.input_h) {
    // Every tap row inside (most pixels of a first layer): filter_h runs, no per-tap checks.
    if (geo.rgb3x3) {
      pack_rgb3x3(base + static_cast<size_t>(y0) * geo.row_stride + static_cast<size_t>(x0) * p.input_c,
                  geo.row_stride * static_cast<size_t>(p.dilation_h), p.input_offset, cols.pair, column);
      return;
    }
    stage_rows(base + static_cast<size_t>(y0) * geo.row_stride + static_cast<size_t>(x0) * p.input_c,
               geo.row_stride * static_cast<size_t>(p.dilation_h), p.filter_h, row_bytes, dst);
    for (int32_t i = geo.depth; i < geo.col_depth; ++i) cols.staging[i] = pad;
    im2col_pack_column(cols.staging, geo.col_depth, p.input_offset, cols.pair, column);
    return;
  }
  // The whole column at the zero point first (word stores), then the inside taps copied over it.
  set_run(dst, pad, geo.col_depth);
  const int32_t lead = span.lead * cin, take = span.take * cin;
  for (int32_t fy = 0; fy < p.filter_h; ++fy, dst += row_bytes) {
    const int32_t y = y0 + fy * p.dilation_h;
    if (y < 0 || y >= p.input_h) continue;  // a padding row
    if (contiguous) {  // padding taps, one run of inside taps, padding taps
      copy_run(dst + lead, base + static_cast<size_t>(y) * geo.row_stride + static_cast<size_t>(x0 + span.lead) * p.input_c,
               take);
      continue;
    }
    for (int32_t fx = 0; fx < p.filter_w; ++fx) {
      const int32_t x = x0 + fx * p.dilation_w;
      if (x >= 0 && x < p.input_w) {
        copy_channels(dst + fx * cin, base + (static_cast<size_t>(y) * p.input_w + x) * p.input_c, cin);
      }
    }
  }
  im2col_pack_column(cols.staging, geo.col_depth, p.input_offset, cols.pair, column);
}

// Column 1 of the pair := column 0 (groups of 4, then the depth % 4 tail; layout in
// mat_mult_s8_s16_dsp.h), so that a lone last pixel runs through the two-column block.
inline void duplicate_column0(int16_t* cols, int32_t depth) {
  const int32_t groups = depth >> 2;
  for (int32_t g = 0; g < groups; ++g, cols += 8) {
    dsp::store_u32(cols + 4, dsp::load_u32(cols));
    dsp::store_u32(cols + 6, dsp::load_u32(cols + 2));
  }
  const int32_t tail = depth & 3;
  for (int32_t t = 0; t < tail; ++t) cols[tail + t] = cols[t];
}

// Output pixels in order, stepped without divisions: what is fixed per call.
struct PixelSteps {
  int32_t output_w;
  ptrdiff_t step_x, step_y;        // window start: + stride_w pixels, + stride_h input rows
  int32_t oy_lo, oy_hi, ox_lo, ox_hi;  // the pixels whose taps all lie inside the input
  bool inside_row(int32_t oy) const { return oy >= oy_lo && oy < oy_hi; }
};

// One output pixel: its position, its window's first byte relative to the input (negative when
// padded: an offset, never a pointer outside the input) and whether its row of windows is inside.
struct PixelCursor {
  int32_t oy, ox;
  ptrdiff_t at, row_at;  // window start of (oy, ox) and of (oy, 0)
  bool row_inside;
  bool inside(const PixelSteps& s) const { return row_inside && ox >= s.ox_lo && ox < s.ox_hi; }
  void advance(const PixelSteps& s) {
    if (++ox < s.output_w) {
      at += s.step_x;
      return;
    }
    ox = 0;
    ++oy;
    row_at += s.step_y;
    at = row_at;
    row_inside = s.inside_row(oy);
  }
};

// Column `column` of an interior pixel (one group, tap rows of whole words, no horizontal
// dilation): fill_pair_interior's rows for one column.
inline void fill_interior(const int8_t* src, size_t row_step, int32_t rows, int32_t row_bytes, int32_t input_offset,
                          int16_t* cols, int column) {
  const int32_t row_groups = row_bytes / 4;
  if (row_bytes == 4) {  // one word per row (KWS's first layer): no run-length logic
    const uint32_t offsets = offset_pair(input_offset);
    int16_t* dst = cols + 4 * column;
    for (; rows > 0; --rows, dst += 8, src += row_step) store_widened(dst, dsp::load_u32(src), offsets);
    return;
  }
  for (int32_t group = 0; rows > 0; --rows, group += row_groups, src += row_step) {
    im2col_pack_groups(src, row_bytes, input_offset, cols, group, column);
  }
}

// Column `column` of pixel c (one group, no horizontal dilation): the interior paths when all its
// taps lie inside the input, else fill_column's checks.
inline void fill_one(const Conv2dParams& p, const Geometry& geo, const int8_t* input, const PixelCursor& c, bool inside,
                     size_t row_step, const Columns& cols, int column) {
  if (!inside) return fill_column<false>(p, geo, input, c.oy, c.ox, 0, cols, column);
  if (geo.rows_direct) {
    return fill_interior(input + c.at, row_step, p.filter_h, geo.row_bytes, p.input_offset, cols.pair, column);
  }
  fill_staged_interior(p, geo, input + c.at, row_step, cols, column);
}

// The 1x1 path (one group, channels % 4 == 0): each column is one input pixel, pixel addresses
// stepped, not recomputed (kUniform: every step is step_x, as when the stride is 1); both pixels
// of a pair widened in one pass (im2col_pack_pair), then pair(out0, out1) runs the filter over
// the column pair. A lone last pixel gets out1 == out0: it is
// widened into both columns (the same bytes twice from the 2-column kernels), or into column 0
// only when lone_one_column (the packed variants' one-column loop reads nothing else).
template <bool kUniform, class Pair>
void run_pointwise_steps(const Conv2dParams& p, const Conv2dS8Args& a, int16_t* cols, bool lone_one_column,
                         const Pair& pair) {
  const int32_t cin = p.input_c, output_c = p.output_c, output_w = p.output_w, input_offset = p.input_offset;
  const int32_t pixels = p.output_h * output_w;
  const size_t step_x = static_cast<size_t>(p.stride_w) * cin;
  const size_t step_y = static_cast<size_t>(p.stride_h) * p.input_w * cin;
  for (int32_t b = 0; b < p.batches; ++b) {
    const int8_t* row = a.input + static_cast<size_t>(b) * p.input_h * p.input_w * cin;
    int8_t* out = a.output + static_cast<size_t>(b) * pixels * output_c;
    const int8_t* src = row;
    int32_t ox = 0;
    const auto next_pixel = [&]() {
      const int8_t* at = src;
      if (kUniform) src += step_x;
      else if (++ox == output_w) ox = 0, row += step_y, src = row;
      else src += step_x;
      return at;
    };
    for (int32_t n = pixels >> 1; n > 0; --n, out += 2 * output_c) {
      const int8_t* src0 = next_pixel();
      const int8_t* src1 = next_pixel();
      im2col_pack_pair(src0, src1, cin, input_offset, cols);
      pair(out, out + output_c);
    }
    if (pixels & 1) {
      const int8_t* src0 = next_pixel();
      if (lone_one_column) im2col_pack_groups(src0, cin, input_offset, cols, 0, 0);
      else im2col_pack_pair(src0, src0, cin, input_offset, cols);
      pair(out, out);
    }
  }
}

template <class Pair>
void run_pointwise(const Conv2dParams& p, const Conv2dS8Args& a, int16_t* cols, bool lone_one_column, const Pair& pair) {
  if (p.stride_h * p.input_w == p.output_w * p.stride_w) {
    return run_pointwise_steps<true>(p, a, cols, lone_one_column, pair);
  }
  run_pointwise_steps<false>(p, a, cols, lone_one_column, pair);
}

// Fills the requantization table (build_output_table: output_c entries) and returns its flags,
// which it also keeps in *saved (bits 0..3; kDoubledSaved is conv2d_s8.1x1.stacked_doubled.dsp's
// mark); with p.scratch_prepared (a later band of the same layer: the table is already there)
// only reads them back.
constexpr uint32_t kDoubledSaved = 16u;
OutputTable prepare_table(const Conv2dParams& p, const Conv2dS8Args& a, quant::ChannelQuant* quant, uint32_t* saved) {
  if (!p.scratch_prepared) {
    const OutputTable t = build_output_table(a.multiplier, a.shift, p.output_c, p.output_offset, quant);
    *saved = (t.general ? 1u : 0u) | (t.all_right ? 2u : 0u) | (t.no_left_shift ? 4u : 0u) | (t.folded ? 8u : 0u);
    return t;
  }
  const uint32_t f = *saved;
  return {(f & 1u) != 0, (f & 2u) != 0, (f & 4u) != 0, (f & 8u) != 0};
}

// The block kernels of one filter order, which a call's variant fixes (its supports() admits that
// order only): the OHWI, row-pair or stacked int8 filter (s8_2col), or conv2d_s8_pack's int16 copy
// (packed_2col and packed_1col). Each variant's run passes its own, so an image links the block
// kernels of the variants it names, not all four orders' (the driver below is shared).
struct BlockKernels {
  void (*s8_2col)(const int8_t*, int32_t, int32_t, const int16_t*, const OutputStage&, int8_t*, int8_t*);
  void (*packed_2col)(const int16_t*, int32_t, int32_t, const int16_t*, const OutputStage&, int8_t*, int8_t*);
  void (*packed_1col)(const int16_t*, int32_t, int32_t, const int16_t*, const OutputStage&, int8_t*);
};
constexpr BlockKernels kOhwiKernels{mat_mult_s8_s16_2col, nullptr, nullptr};
constexpr BlockKernels kPairedKernels{mat_mult_paired_2col, nullptr, nullptr};
constexpr BlockKernels kStackedKernels{mat_mult_stacked_2col, nullptr, nullptr};
constexpr BlockKernels kPackedKernels{nullptr, mat_mult_packed_2col, mat_mult_packed_1col};

// packed: conv2d_s8_pack's filter (the packed variants) or null; k: the call's order's kernels.
// kStacked: the stacked order with its fused Cortex-M4 assembly (kStackedPlanned: StackedPlan,
// run_stacked_2col), a driver of its own so that other images do not carry that code.
template <bool kOneByOne, bool kStacked>
Status run_im2col(const Conv2dParams& p, const Conv2dS8Args& a, void* scratch, const int16_t* packed,
                  const BlockKernels& k) {
  if (packed != nullptr ? k.packed_2col == nullptr : k.s8_2col == nullptr) return Status::kUnsupported;  // another order's call
  const Geometry geo = geometry_of(p, packed != nullptr);
  const int32_t depth = geo.depth, col_depth = geo.col_depth;
  const int32_t group_out = p.output_c / p.groups;
  const ScratchLayout layout = layout_of(p, scratch, col_depth);
  quant::ChannelQuant* const quant = layout.quant;
  int32_t* const acc = layout.acc;
  const Columns cols = layout.cols;
  const OutputTable flags = prepare_table(p, a, quant, layout.saved);
  const bool general = flags.general, all_right = flags.all_right, no_left_shift = flags.no_left_shift;
  const bool folded = flags.folded;
  const int32_t pixels = p.output_h * p.output_w;
  // Group g's output stage; built once per call when there is one group.
  const auto stage_of = [&](int32_t g) {
    const int32_t first = g * group_out;
    return OutputStage{a.bias != nullptr ? a.bias + first : nullptr, quant + first, p.output_offset, p.activation_min,
                       p.activation_max, general, acc, all_right, no_left_shift, folded};
  };
  const OutputStage stage0 = stage_of(0);
  // The stacked kernel's per-call decisions for group 0's stage, taken once (StackedPlan), where
  // the fused assembly exists (elsewhere run_stacked_2col would only call mat_mult_stacked_2col).
  StackedPlan plan0{};
  if constexpr (kStacked) plan0 = plan_stacked_2col(a.filter, group_out, depth, stage0);
  // Group g's block (stage: stage_of(g)) over the column pair into out0 and out1 (out1 null: a
  // lone last pixel, column 0 only). With int8 weights the lone pixel runs the two-column block
  // too, on column 0 copied into column 1, both results into out0 (the same bytes twice): KWS's
  // 64 -> 64 1x1 pixel 18.6K -> ~12K est. m4 cycles, VWW's 3x3x256 1x1 247K -> ~172K, against the
  // one-column loop, which widens every weight once per pixel. The packed one-column loop needs no
  // widening and stays (person_detect's 256 -> 2 head: 2.4K, 3.2K through the pair).
  const auto block = [&](int32_t g, const OutputStage& stage, int8_t* out0, int8_t* out1) {
    const int32_t first = g * group_out;
    if (packed != nullptr) {  // a.filter is not read (it may be null: packed_filter_only)
      const int16_t* rows = packed + static_cast<size_t>(first) * col_depth;
      if (out1 == nullptr) return k.packed_1col(rows, group_out, col_depth, cols.pair, stage, out0 + first);
      return k.packed_2col(rows, group_out, col_depth, cols.pair, stage, out0 + first, out1 + first);
    }
    if (out1 == nullptr) {
      duplicate_column0(cols.pair, depth);
      out1 = out0;
    }
    const int8_t* filter = a.filter + static_cast<size_t>(first) * depth;  // OHWI, paired or stacked: same offset
    k.s8_2col(filter, group_out, depth, cols.pair, stage, out0 + first, out1 + first);
  };
  if (kOneByOne && p.groups == 1 && geo.direct) {
    // A lone last pixel is in both columns for the 2-column kernels (no duplicate_column0); the
    // packed variants keep their one-column loop for it.
    if constexpr (kStacked) {
      run_pointwise(p, a, cols.pair, false,
                    [&](int8_t* out0, int8_t* out1) { run_stacked_2col(plan0, cols.pair, out0, out1); });
    } else {
      run_pointwise(p, a, cols.pair, packed != nullptr, [&](int8_t* out0, int8_t* out1) {
        block(0, stage0, out0, out1 != out0 || packed == nullptr ? out1 : nullptr);
      });
    }
    return Status::kOk;
  }
  // Pixels whose taps all lie inside the input: oy in [oy_lo, oy_hi), ox in [ox_lo, ox_hi) (empty
  // ranges when none); they take fill_pair_interior / fill_interior or fill_staged_interior.
  const bool interior_fast = !kOneByOne && p.groups == 1 && geo.contiguous_ok;
  const int32_t oy_lo = (p.pad_top + p.stride_h - 1) / p.stride_h;
  const int32_t ox_lo = (p.pad_left + p.stride_w - 1) / p.stride_w;
  const int32_t span_h = p.input_h + p.pad_top - (p.filter_h - 1) * p.dilation_h;  // y0 + pad_top < span_h
  const int32_t span_w = p.input_w + p.pad_left - p.filter_w + 1;
  const int32_t oy_hi = span_h > 0 ? (span_h - 1) / p.stride_h + 1 : 0;
  const int32_t ox_hi = span_w > 0 ? (span_w - 1) / p.stride_w + 1 : 0;
  const size_t row_step = geo.row_stride * static_cast<size_t>(p.dilation_h);
  const PixelSteps steps{p.output_w, static_cast<ptrdiff_t>(p.stride_w) * p.input_c,
                         static_cast<ptrdiff_t>(p.stride_h) * static_cast<ptrdiff_t>(geo.row_stride), oy_lo, oy_hi,
                         ox_lo, ox_hi};
  for (int32_t b = 0; b < p.batches; ++b) {
    const int8_t* input = a.input + static_cast<size_t>(b) * p.input_h * p.input_w * p.input_c;
    int8_t* out = a.output + static_cast<size_t>(b) * pixels * p.output_c;
    // The window's first byte of pixel (0, 0) relative to input (negative when padded).
    const ptrdiff_t origin = -static_cast<ptrdiff_t>(p.pad_top) * static_cast<ptrdiff_t>(geo.row_stride) -
                             static_cast<ptrdiff_t>(p.pad_left) * p.input_c;
    PixelCursor next{0, 0, origin, origin, steps.inside_row(0)};
    for (int32_t pix = 0; pix < pixels; pix += 2, out += 2 * p.output_c) {
      const PixelCursor c0 = next;
      next.advance(steps);
      const bool pair = pix + 1 < pixels;
      const PixelCursor c1 = next;
      if (pair) next.advance(steps);
      if (interior_fast) {
        const bool in0 = c0.inside(steps), in1 = pair && c1.inside(steps);
        if (geo.rows_direct && in0 && in1 && geo.row_bytes != 4) {  // (4: fill_interior's word path)
          fill_pair_interior(input + c0.at, input + c1.at, row_step, p.filter_h, geo.row_bytes, p.input_offset,
                             cols.pair);
        } else {
          fill_one(p, geo, input, c0, in0, row_step, cols, 0);
          if (pair) fill_one(p, geo, input, c1, in1, row_step, cols, 1);
        }
        if (kStacked && pair) {
          run_stacked_2col(plan0, cols.pair, out, out + p.output_c);
        } else {
          block(0, stage0, out, pair ? out + p.output_c : nullptr);
        }
        continue;
      }
      for (int32_t g = 0; g < p.groups; ++g) {
        fill_column<kOneByOne>(p, geo, input, c0.oy, c0.ox, g, cols, 0);
        if (pair) fill_column<kOneByOne>(p, geo, input, c1.oy, c1.ox, g, cols, 1);
        block(g, stage_of(g), out, pair ? out + p.output_c : nullptr);
      }
    }
  }
  return Status::kOk;
}

}  // namespace

size_t dsp_scratch_bytes(const Conv2dParams& params) { return scratch_for(params, depth_of(params)); }

size_t dsp_packed_scratch_bytes(const Conv2dParams& params) { return scratch_for(params, packed_depth_of(params)); }

Status dsp_run(const Conv2dParams& params, const Conv2dS8Args& args, void* scratch, size_t) {
  return run_im2col<false, false>(params, args, scratch, nullptr, kOhwiKernels);
}
Status dsp_paired_run(const Conv2dParams& params, const Conv2dS8Args& args, void* scratch, size_t) {
  return run_im2col<false, false>(params, args, scratch, nullptr, kPairedKernels);
}
Status dsp_stacked_run(const Conv2dParams& params, const Conv2dS8Args& args, void* scratch, size_t) {
  return run_im2col<false, kStackedPlanned>(params, args, scratch, nullptr, kStackedKernels);
}

bool dsp_1x1_supports(const Conv2dParams& p) {
  return p.filter_h == 1 && p.filter_w == 1 && p.pad_top == 0 && p.pad_left == 0;
}

size_t dsp_1x1_scratch_bytes(const Conv2dParams& params) { return scratch_for(params, depth_of(params)); }

Status dsp_1x1_run(const Conv2dParams& params, const Conv2dS8Args& args, void* scratch, size_t) {
  return run_im2col<true, false>(params, args, scratch, nullptr, kOhwiKernels);
}
Status dsp_1x1_paired_run(const Conv2dParams& params, const Conv2dS8Args& args, void* scratch, size_t) {
  return run_im2col<true, false>(params, args, scratch, nullptr, kPairedKernels);
}
Status dsp_1x1_stacked_run(const Conv2dParams& params, const Conv2dS8Args& args, void* scratch, size_t) {
  return run_im2col<true, kStackedPlanned>(params, args, scratch, nullptr, kStackedKernels);
}

bool dsp_1x1_stacked_doubled_takes(const Conv2dParams& p, const Conv2dS8Args& a) {
  return p.groups == 1 && stacked_doubled_shape(p.output_c, p.input_c) &&
         stacked_doubled_tables(a.multiplier, a.shift, a.bias, p.output_c, p.input_c, p.output_offset,
                                p.activation_min, p.activation_max);
}

// The doubled table (kDoubledSaved in the saved word) or, for any other table, the stacked path's
// own call, which keeps its flags there; a later band reads which one the first band took.
Status dsp_1x1_stacked_doubled_run(const Conv2dParams& params, const Conv2dS8Args& args, void* scratch, size_t size) {
  if constexpr (!kStackedPlanned) {
    return dsp_1x1_stacked_run(params, args, scratch, size);  // no doubled form on this core
  } else {
    const ScratchLayout layout = layout_of(params, scratch, depth_of(params));
    const bool doubled =
        params.scratch_prepared ? (*layout.saved & kDoubledSaved) != 0 : dsp_1x1_stacked_doubled_takes(params, args);
    if (!doubled) return dsp_1x1_stacked_run(params, args, scratch, size);
    if (!params.scratch_prepared) {
      build_doubled_table(args.multiplier, args.shift, params.output_c, params.output_offset, layout.quant);
      *layout.saved = kDoubledSaved;
    }
    // Every pixel pair (and a lone last pixel, in both columns) whole in the doubled form.
    int16_t* const pair = layout.cols.pair;
    run_pointwise(params, args, pair, false, [&](int8_t* out0, int8_t* out1) {
      mat_mult_stacked_doubled_2col(args.filter, params.output_c, params.input_c, pair, args.bias, layout.acc,
                                    layout.quant, out0, out1);
    });
    return Status::kOk;
  }
}

size_t packed_filter_count(const Conv2dParams& p) {
  if ((p.output_c / p.groups) % 2 != 0) return 0;
  return static_cast<size_t>(p.output_c) * static_cast<size_t>(packed_depth_of(p)) + kPackedSlack;
}

// Layout (what mat_mult_packed_2col/1col read), per group of output channels (group_out rows, even):
// the rows in quads (r..r+3), then a last pair (r, r + 1) when group_out % 4 == 2. Per quad and
// group of 4 steps k = 4g..4g+3: sixteen int16, for each row of the quad in turn
// w[row][k], w[row][k+2], w[row][k+1], w[row][k+3] (the lane order of the im2col columns: the
// "even" word, then the "odd" word). A pair has the same eight int16 per group for its two rows.
// 0 past the depth (the depth is rounded up to a multiple of 4: D). A quad takes 4 * D values, a
// pair 2 * D, so group g's rows start at g * group_out * D as with the int8 filter. kPackedSlack
// zeros follow the last row (the Cortex-M7 schedule loads one group ahead).
void pack_filter(const Conv2dParams& p, const int8_t* filter, int16_t* packed) {
  for (int32_t i = 0; i < kPackedSlack; ++i) packed[static_cast<size_t>(p.output_c) * packed_depth_of(p) + i] = 0;
  const int32_t depth = depth_of(p), padded = packed_depth_of(p);
  const int32_t group_out = p.output_c / p.groups;
  static const int kLane[4] = {0, 2, 1, 3};
  for (int32_t first = 0; first < p.output_c; first += group_out) {
    for (int32_t r = first; r + 1 < first + group_out;) {
      const int32_t block = r + 4 <= first + group_out ? 4 : 2;
      for (int32_t k = 0; k < padded; k += 4) {
        for (int32_t row = r; row < r + block; ++row) {
          const int8_t* w = filter + static_cast<size_t>(row) * depth;
          for (int lane = 0; lane < 4; ++lane) {
            const int32_t i = k + kLane[lane];
            *packed++ = static_cast<int16_t>(i < depth ? w[i] : 0);
          }
        }
      }
      r += block;
    }
  }
}

bool dsp_packed_supports(const Conv2dParams& p) { return p.has_packed_filter && packed_filter_count(p) > 0; }

Status dsp_packed_run(const Conv2dParams& params, const Conv2dS8Args& args, void* scratch, size_t) {
  return run_im2col<false, false>(params, args, scratch, args.packed_filter, kPackedKernels);
}

bool dsp_1x1_packed_supports(const Conv2dParams& p) { return dsp_1x1_supports(p) && dsp_packed_supports(p); }

Status dsp_1x1_packed_run(const Conv2dParams& params, const Conv2dS8Args& args, void* scratch, size_t) {
  return run_im2col<true, false>(params, args, scratch, args.packed_filter, kPackedKernels);
}

}  // namespace cmnn::conv

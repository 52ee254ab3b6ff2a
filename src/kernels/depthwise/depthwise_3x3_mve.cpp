// Helium (MVE) depthwise convolution, 3x3 filter, dilation 1, stride_w 1 or 2, ch_mult 1 (any
// stride_h, padding). Channels sit in 32-bit lanes, 4 per vector, as in depthwise_mve.cpp; what
// makes this one fast is that no scalar instruction sits between the vector instructions of the
// MAC loop (on the M55 a scalar instruction ends the overlap of two vector instructions):
//  * every input row the filter needs is repacked once into scratch as [group of 4 channels]
//    [padded column][4 bytes] (a ring of 3 rows, reused by the output rows that share it), so a
//    pixel's 4 channels, and its neighbours, sit at compile-time offsets from one row pointer:
//    every VLDRB.S32 uses an immediate offset;
//  * padding columns and a padding row hold the input zero point; with the input offset folded
//    into the bias (bias + input_offset * sum of the weights) their terms w * (zp + offset) are 0,
//    exactly TFLite's skipped taps, so borders run the same code;
//  * once per call every group of 4 channels gets a record: folded biases, multipliers, shifts,
//    and its 9 weight vectors (tail lanes zero), again at immediate offsets;
//  * 4 output pixels per step share each tap's weight vector: 36 input loads, 9 weight loads,
//    36 VMUL.I32 + 36 VADD.I32 for 144 MACs (mve::row3_block4, one filter row per call, loads
//    interleaved with the arithmetic); then TFLite's output stage on 4 lanes per pixel. A row's
//    lone last pixel (output_w % 4 == 1: KWS's 5) is one asm block too (mve::taps9_block1).
#include <cstring>

#include "arch/mve/depthwise_ops.h"
#include "arch/mve/mve.h"
#include "cmnn/depthwise.h"
#include "kernels/depthwise/depthwise_internal.h"

namespace cmnn::depthwise {
namespace {

constexpr size_t kAlign = 16;
constexpr size_t align_up(size_t n) { return (n + kAlign - 1) & ~(kAlign - 1); }
constexpr int32_t kBlock = 4;  // output pixels per step
// Group record (bytes): bias[4], multiplier[4], shift[4] (int32), weights [9 taps][4] int8.
constexpr int32_t kRecBias = 0, kRecMult = 16, kRecShift = 32, kRecWeights = 48, kRecBytes = 96;

int32_t groups_of(const DepthwiseConvParams& p) { return (p.input_c + 3) / 4; }
// Padded columns of a repacked row: every column a step of kBlock outputs reads.
int32_t padded_w(const DepthwiseConvParams& p) {
  const int32_t blocks = (p.output_w + kBlock - 1) / kBlock;
  return blocks * kBlock * p.stride_w + 3;
}
size_t row_bytes(const DepthwiseConvParams& p) {
  return static_cast<size_t>(groups_of(p)) * static_cast<size_t>(padded_w(p)) * 4;
}

// Scratch: records [groups], ring [3 rows], padding row, tags [3].
size_t layout_bytes(const DepthwiseConvParams& p) {
  return kAlign + align_up(static_cast<size_t>(groups_of(p)) * kRecBytes) + 4 * align_up(row_bytes(p)) + align_up(3 * 4);
}

struct Layout {
  uint8_t* records;
  int8_t* ring[3];
  int8_t* pad_row;
  int32_t* tags;
};

Layout carve(void* scratch, const DepthwiseConvParams& p) {
  auto at = (reinterpret_cast<uintptr_t>(scratch) + kAlign - 1) & ~uintptr_t{kAlign - 1};
  Layout l{};
  l.records = reinterpret_cast<uint8_t*>(at);
  at += align_up(static_cast<size_t>(groups_of(p)) * kRecBytes);
  for (auto& r : l.ring) {
    r = reinterpret_cast<int8_t*>(at);
    at += align_up(row_bytes(p));
  }
  l.pad_row = reinterpret_cast<int8_t*>(at);
  at += align_up(row_bytes(p));
  l.tags = reinterpret_cast<int32_t*>(at);
  return l;
}

void prepare(const DepthwiseConvParams& p, const DepthwiseConvS8Args& a, const Layout& l) {
  const int32_t c_n = p.input_c, groups = groups_of(p), full = c_n / 4;
  const auto offset = static_cast<uint32_t>(p.input_offset);
  // Full groups on 4 lanes: weights widened, summed and narrowed back into the record.
  for (int32_t g = 0; g < full; ++g) {
    uint8_t* rec = l.records + static_cast<size_t>(g) * kRecBytes;
    const int8_t* f = a.filter + 4 * g;
    auto* w = reinterpret_cast<int8_t*>(rec + kRecWeights);
    mve::s32x4 sum = mve::dup_s32(0);
    for (int32_t t = 0; t < 9; ++t, f += c_n) {
      const mve::s32x4 v = mve::load_s8_to_s32(f);
      sum = mve::add_s32(sum, v);
      mve::store_s32_as_s8(w + 4 * t, v, 0xFFFFu);
    }
    const mve::s32x4 bias = a.bias != nullptr ? mve::load_s32(a.bias + 4 * g) : mve::dup_s32(0);
    mve::store_s32(reinterpret_cast<int32_t*>(rec + kRecBias), mve::mla_n_s32(bias, sum, static_cast<int32_t>(offset)));
    mve::store_s32(reinterpret_cast<int32_t*>(rec + kRecMult), mve::load_s32(a.output_multiplier + 4 * g));
    mve::store_s32(reinterpret_cast<int32_t*>(rec + kRecShift), mve::load_s32(a.output_shift + 4 * g));
  }
  for (int32_t g = full; g < groups; ++g) {
    uint8_t* rec = l.records + static_cast<size_t>(g) * kRecBytes;
    int32_t bias[4], mult[4], shift[4];
    int8_t w[9][4];
    for (int32_t i = 0; i < 4; ++i) {
      const int32_t c = 4 * g + i;
      uint32_t sum = 0;
      for (int32_t t = 0; t < 9; ++t) {
        w[t][i] = c < c_n ? a.filter[t * c_n + c] : int8_t{0};
        sum += static_cast<uint32_t>(int32_t{w[t][i]});
      }
      const uint32_t b = c < c_n && a.bias != nullptr ? static_cast<uint32_t>(a.bias[c]) : 0u;
      bias[i] = static_cast<int32_t>(b + sum * offset);
      mult[i] = c < c_n ? a.output_multiplier[c] : 0;
      shift[i] = c < c_n ? a.output_shift[c] : 0;
    }
    std::memcpy(rec + kRecBias, bias, 16);
    std::memcpy(rec + kRecMult, mult, 16);
    std::memcpy(rec + kRecShift, shift, 16);
    std::memcpy(rec + kRecWeights, w, 36);
  }
  // Every cell the image does not overwrite holds the zero point (tail lanes too: their weights
  // are 0 and their outputs are not stored).
  const auto zp = static_cast<uint32_t>(-p.input_offset) & 0xFFu;
  const mve::s32x4 zp4 = mve::dup_s32(static_cast<int32_t>(zp * 0x01010101u));
  const size_t words = align_up(row_bytes(p)) / 4;  // the ring rows and the padding row are contiguous
  auto* cells = reinterpret_cast<int32_t*>(l.ring[0]);
  for (size_t i = 0; i < 4 * words; i += 4) mve::store_s32(cells + i, zp4);
  for (int32_t i = 0; i < 3; ++i) l.tags[i] = -1;
}

// Input row iy of image into a ring row: channel c of column ix goes to
// [c / 4][pad_left + ix][c % 4].
void repack_row(const DepthwiseConvParams& p, const int8_t* image, int32_t iy, int8_t* dst) {
  const int32_t c_n = p.input_c, full = c_n / 4, pw = padded_w(p);
  const int32_t cols = p.input_w < pw - p.pad_left ? p.input_w : pw - p.pad_left;
  const int8_t* row = image + static_cast<size_t>(iy) * static_cast<size_t>(p.input_w) * static_cast<size_t>(c_n);
  const size_t gstep = static_cast<size_t>(pw) * 4;
  const auto step = static_cast<int32_t>(gstep);
  mve::s32x4 offsets = mve::dup_s32(0);
  for (int i = 1; i < 4; ++i) offsets = mve::set_lane(offsets, i * step, i);
  int8_t* base = dst + static_cast<size_t>(p.pad_left) * 4;
  int32_t g = 0;
  // 4 groups (16 channels) of a column per VLDRB + scatter VSTRW, columns innermost.
  for (; g + 4 <= full; g += 4) {
    const int8_t* src = row + 4 * g;
    int8_t* d = base + static_cast<size_t>(g) * gstep;
    for (int32_t ix = 0; ix < cols; ++ix, src += c_n, d += 4) mve::scatter_cells4(d, src, offsets);
  }
  for (; g < full; ++g) {
    const int8_t* src = row + 4 * g;
    int8_t* d = base + static_cast<size_t>(g) * gstep;
    for (int32_t ix = 0; ix < cols; ++ix, src += c_n, d += 4) std::memcpy(d, src, 4);
  }
  if (4 * full < c_n) {  // the tail group's channels (its other lanes keep the zero point)
    const int8_t* src = row + 4 * full;
    int8_t* d = base + static_cast<size_t>(full) * gstep;
    for (int32_t ix = 0; ix < cols; ++ix, src += c_n, d += 4) {
      for (int32_t c = 0; c < c_n - 4 * full; ++c) d[c] = src[c];
    }
  }
}

struct Quant {
  int32_t zero_point, lo, hi;
};

// 4 output pixels of one group: rows r0..r2 point at the block's first column in the group's
// repacked rows; S: stride_w. n pixels are stored (at out, out + step, ...).
// The output stage: kRight when every channel's shift is a right shift (requantize_right_clamp).
template <bool kRight>
[[gnu::always_inline]] inline mve::s32x4 output(mve::s32x4 acc, mve::s32x4 m, mve::s32x4 s, const Quant& q) {
  return kRight ? mve::requantize_right_clamp(acc, m, s, q.zero_point, q.lo, q.hi)
                : mve::requantize_clamp(acc, m, s, q.zero_point, q.lo, q.hi);
}

template <int S, bool kRight>
[[gnu::always_inline]] inline void block(const int8_t* r0, const int8_t* r1, const int8_t* r2, const uint8_t* rec, const Quant& q, int32_t n,
                  mve::pred active, int8_t* out, int32_t step) {
  const auto* bias = reinterpret_cast<const int32_t*>(rec + kRecBias);
  const auto* wts = reinterpret_cast<const int8_t*>(rec + kRecWeights);
  const mve::s32x4 b = mve::load_s32(bias);
  mve::s32x4 a0 = b, a1 = b, a2 = b, a3 = b;
  mve::row3_block4<S>(a0, a1, a2, a3, r0, wts);
  mve::row3_block4<S>(a0, a1, a2, a3, r1, wts + 12);
  mve::row3_block4<S>(a0, a1, a2, a3, r2, wts + 24);
  const mve::s32x4 m = mve::load_s32(reinterpret_cast<const int32_t*>(rec + kRecMult));
  const mve::s32x4 s = mve::load_s32(reinterpret_cast<const int32_t*>(rec + kRecShift));
  mve::store_s32_as_s8(out, output<kRight>(a0, m, s, q), active);
  if (n > 1) mve::store_s32_as_s8(out + step, output<kRight>(a1, m, s, q), active);
  if (n > 2) mve::store_s32_as_s8(out + 2 * step, output<kRight>(a2, m, s, q), active);
  if (n > 3) mve::store_s32_as_s8(out + 3 * step, output<kRight>(a3, m, s, q), active);
}

// 1 or 2 output pixels of one group (the end of a row), same layout as block().
template <int S, int N, bool kRight>
[[gnu::always_inline]] inline void block_small(const int8_t* r0, const int8_t* r1, const int8_t* r2, const uint8_t* rec,
                                               const Quant& q, mve::pred active, int8_t* out, int32_t step) {
  const auto* wts = reinterpret_cast<const int8_t*>(rec + kRecWeights);
  const mve::s32x4 b = mve::load_s32(reinterpret_cast<const int32_t*>(rec + kRecBias));
  if constexpr (N == 1) {  // one pixel: the whole filter in one asm block (mve::taps9_block1)
    const mve::s32x4 a = mve::taps9_block1(b, r0, r1, r2, wts);
    const mve::s32x4 m = mve::load_s32(reinterpret_cast<const int32_t*>(rec + kRecMult));
    const mve::s32x4 s = mve::load_s32(reinterpret_cast<const int32_t*>(rec + kRecShift));
    mve::store_s32_as_s8(out, output<kRight>(a, m, s, q), active);
    return;
  }
  mve::s32x4 a0 = b, a1 = b;
  const int8_t* rows[3] = {r0, r1, r2};
  for (int ky = 0; ky < 3; ++ky) {
    for (int kx = 0; kx < 3; ++kx) {
      const mve::s32x4 w = mve::load_s8_to_s32(wts + 4 * (3 * ky + kx));
      a0 = mve::mac_s32(a0, mve::load_s8_to_s32(rows[ky] + 4 * kx), w);
      if (N > 1) a1 = mve::mac_s32(a1, mve::load_s8_to_s32(rows[ky] + 4 * (S + kx)), w);
    }
  }
  const mve::s32x4 m = mve::load_s32(reinterpret_cast<const int32_t*>(rec + kRecMult));
  const mve::s32x4 s = mve::load_s32(reinterpret_cast<const int32_t*>(rec + kRecShift));
  mve::store_s32_as_s8(out, output<kRight>(a0, m, s, q), active);
  if (N > 1) mve::store_s32_as_s8(out + step, output<kRight>(a1, m, s, q), active);
}

template <int S, bool kRight>
void convolve(const DepthwiseConvParams& p, const DepthwiseConvS8Args& a, const Layout& l) {
  const int32_t c_n = p.input_c, groups = groups_of(p), full = c_n / 4;
  const size_t gstep = static_cast<size_t>(padded_w(p)) * 4;
  const Quant q{p.output_offset, p.activation_min, p.activation_max};
  const mve::pred tail = mve::tail_32(c_n - 4 * full);
  int8_t* out = a.output;
  for (int32_t b = 0; b < p.batches; ++b) {
    const int8_t* image = a.input + static_cast<size_t>(b) * p.input_h * p.input_w * c_n;
    for (int32_t i = 0; i < 3; ++i) l.tags[i] = -1;  // a new image
    for (int32_t oy = 0; oy < p.output_h; ++oy) {
      const int8_t* rows[3];
      for (int32_t ky = 0; ky < 3; ++ky) {
        const int32_t iy = oy * p.stride_h - p.pad_top + ky;
        if (iy < 0 || iy >= p.input_h) {
          rows[ky] = l.pad_row;
          continue;
        }
        const int32_t slot = iy % 3;
        if (l.tags[slot] != iy) {
          repack_row(p, image, iy, l.ring[slot]);
          l.tags[slot] = iy;
        }
        rows[ky] = l.ring[slot];
      }
      for (int32_t ox0 = 0; ox0 < p.output_w; ox0 += kBlock, out += static_cast<size_t>(kBlock) * c_n) {
        const int32_t n = p.output_w - ox0 < kBlock ? p.output_w - ox0 : kBlock;
        const size_t col = static_cast<size_t>(ox0 * S) * 4;
        const int8_t* r0 = rows[0] + col;
        const int8_t* r1 = rows[1] + col;
        const int8_t* r2 = rows[2] + col;
        const uint8_t* rec = l.records;
        int8_t* o = out;
        if (n == 1 || n == 2) {  // the row's last pixels: 1 or 2 at a time costs less than 4
          for (int32_t g = 0; g < groups; ++g, r0 += gstep, r1 += gstep, r2 += gstep, rec += kRecBytes, o += 4) {
            const mve::pred active = g < full ? mve::pred{0xFFFFu} : tail;
            if (n == 1) block_small<S, 1, kRight>(r0, r1, r2, rec, q, active, o, c_n);
            else block_small<S, 2, kRight>(r0, r1, r2, rec, q, active, o, c_n);
          }
          continue;
        }
        for (int32_t g = 0; g < full; ++g, r0 += gstep, r1 += gstep, r2 += gstep, rec += kRecBytes, o += 4) {
          block<S, kRight>(r0, r1, r2, rec, q, n, 0xFFFFu, o, c_n);
        }
        if (full < groups) block<S, kRight>(r0, r1, r2, rec, q, n, tail, o, c_n);
      }
      out -= static_cast<size_t>((p.output_w + kBlock - 1) / kBlock * kBlock - p.output_w) * c_n;
    }
  }
}

}  // namespace

bool supports_3x3_mve(const DepthwiseConvParams& p) {
  return p.ch_mult == 1 && p.filter_h == 3 && p.filter_w == 3 && p.dilation_h == 1 && p.dilation_w == 1 &&
         (p.stride_w == 1 || p.stride_w == 2);
}
size_t scratch_3x3_mve(const DepthwiseConvParams& p) { return layout_bytes(p); }

Status run_s8_3x3_mve(const DepthwiseConvParams& p, const DepthwiseConvS8Args& a, void* scratch, size_t scratch_size) {
  const Status s = depthwise_conv_check(p, a);
  if (s != Status::kOk) return s;
  if (!supports_3x3_mve(p)) return Status::kUnsupported;
  if (scratch_size < layout_bytes(p)) return Status::kScratchTooSmall;
  if (scratch == nullptr) return Status::kNullPointer;
  const Layout l = carve(scratch, p);
  prepare(p, a, l);
  bool right = true;
  for (int32_t c = 0; c < p.input_c; ++c) right = right && a.output_shift[c] <= -1;
  if (p.stride_w == 1) {
    if (right) convolve<1, true>(p, a, l);
    else convolve<1, false>(p, a, l);
  } else {
    if (right) convolve<2, true>(p, a, l);
    else convolve<2, false>(p, a, l);
  }
  return Status::kOk;
}

}  // namespace cmnn::depthwise

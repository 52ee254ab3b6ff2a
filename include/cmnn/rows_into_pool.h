// A conv or depthwise layer whose whole output is read by one whole-image int8 pool (a global
// AVERAGE_POOL_2D or MAX_POOL_2D: one output, the window the whole input, no padding), run as one:
// the producer runs on bands of output rows into a band buffer in `work`, and each band is reduced
// into per-channel int32 accumulators (sums, or maxima). Once every band is in, the average divides
// each sum by the window's count rounded half away from zero, as the pooling kernels do
// (src/kernels/pooling/pool_window.h), and both clamp to [activation_min, activation_max]. Integer
// sums and maxima are exact in any order, and each band runs the chosen producer variant on a
// sub-image (rows_band_params): the output equals the layer-by-layer result byte for byte. RAM is the
// producer's input + one band + the accumulators + the producer's scratch; the producer's output
// never exists. run_rows_fused (rows_fused.h) takes this path for whole-image pools, where a ring of
// rows would have to hold every row.
#pragma once
#include <cstddef>
#include <cstdint>
#include <type_traits>

#include "cmnn/rows_in_place.h"

namespace cmnn {

// Whole-image pools; any other second layer (including the compiler's row geometry of a conv) is not.
template <typename P>
constexpr bool rows_global_pool(const P&) { return false; }
inline bool rows_global_pool(const PoolParams& p) {
  return p.output_h == 1 && p.output_w == 1 && p.filter_h == p.input_h && p.filter_w == p.input_w && p.pad_top == 0 &&
         p.pad_left == 0;
}

// Work bytes: one band of producer rows and the per-channel accumulators (each 16-byte aligned),
// then `kernel_scratch`. 0 when p2 is not a whole-image pool over exactly p1's output (batches 1).
template <typename P1, typename P2>
size_t rows_into_pool_work_bytes(const P1& p1, const P2& p2, int32_t band, size_t kernel_scratch) {
  if (!rows_global_pool(p2) || p1.batches != 1 || p2.batches != 1 || band < 1 || p1.output_h < 1 || p1.output_w < 1 ||
      p1.output_h != p2.input_h || p1.output_w != p2.input_w || rows_output_channels(p1) != rows_input_channels(p2) ||
      int64_t{p2.input_h} * p2.input_w > 65536) {  // sums of int8 stay far from int32 overflow
    return 0;
  }
  const int32_t b = band < p1.output_h ? band : p1.output_h;
  const size_t row = static_cast<size_t>(p1.output_w) * static_cast<size_t>(rows_output_channels(p1));
  return rows_align16(static_cast<size_t>(b) * row) + rows_align16(static_cast<size_t>(rows_input_channels(p2)) * sizeof(int32_t)) +
         kernel_scratch;
}

// args1.input: the producer's input; args1.output is set here (the band buffer). max_pool selects
// maxima instead of sums; out receives the pool's channels values. run1: the producer op's checked
// *_run_variant.
template <typename P, typename A>
Status run_rows_into_pool(const Variant<P, A>& v1, const P& p1, const A& args1,
                          Status (*run1)(const Variant<P, A>&, const P&, const A&, void*, size_t), bool max_pool,
                          const PoolParams& p2, int8_t* out, int32_t band, void* work, size_t work_bytes) {
  static_assert(std::is_same_v<decltype(args1.output), int8_t*>, "int8 producers only");
  if (args1.input == nullptr || out == nullptr || work == nullptr || run1 == nullptr) return Status::kNullPointer;
  const size_t need = rows_into_pool_work_bytes(p1, p2, band, 0);
  if (need == 0) return Status::kBadParameter;
  if (p2.activation_min < -128 || p2.activation_max > 127 || p2.activation_min > p2.activation_max) return Status::kBadParameter;
  if (work_bytes < need) return Status::kScratchTooSmall;
  const int32_t b = band < p1.output_h ? band : p1.output_h;
  const int32_t c = p2.channels;
  const size_t in_row = static_cast<size_t>(p1.input_w) * static_cast<size_t>(p1.input_c);
  const size_t out_row = static_cast<size_t>(p1.output_w) * static_cast<size_t>(c);
  int8_t* const rows = static_cast<int8_t*>(work);
  int32_t* const acc = reinterpret_cast<int32_t*>(static_cast<uint8_t*>(work) + rows_align16(static_cast<size_t>(b) * out_row));
  void* const kernel_scratch = static_cast<uint8_t*>(work) + need;
  const size_t kernel_bytes = work_bytes - need;
  for (int32_t ch = 0; ch < c; ++ch) acc[ch] = max_pool ? -128 : 0;
  for (int32_t o0 = 0; o0 < p1.output_h; o0 += b) {
    const int32_t o1 = o0 + b < p1.output_h ? o0 + b : p1.output_h;
    int32_t first = 0;
    P q = rows_band_params(p1, o0, o1, &first);
    if (q.input_h < 1) return Status::kBadShape;
    if constexpr (std::is_same_v<P, DepthwiseConvParams> || std::is_same_v<P, Conv2dParams>) q.scratch_prepared = q.scratch_prepared || o0 > 0;  // same variant, same scratch
    A a = args1;
    a.input = args1.input + static_cast<size_t>(first) * in_row;
    a.output = rows;
    const Status s = run1(v1, q, a, kernel_bytes > 0 ? kernel_scratch : nullptr, kernel_bytes);
    if (s != Status::kOk) return s;
    const size_t pixels = static_cast<size_t>(o1 - o0) * static_cast<size_t>(p1.output_w);
    for (size_t i = 0; i < pixels; ++i) {
      const int8_t* px = rows + i * static_cast<size_t>(c);
      for (int32_t ch = 0; ch < c; ++ch) {
        if (max_pool) acc[ch] = px[ch] > acc[ch] ? px[ch] : acc[ch];
        else acc[ch] += px[ch];
      }
    }
  }
  const int32_t count = p2.input_h * p2.input_w;
  for (int32_t ch = 0; ch < c; ++ch) {
    int32_t v = acc[ch];
    if (!max_pool) v = (v > 0 ? v + count / 2 : v - count / 2) / count;  // half away from zero
    v = v < p2.activation_min ? p2.activation_min : v > p2.activation_max ? p2.activation_max : v;
    out[ch] = static_cast<int8_t>(v);
  }
  return Status::kOk;
}

}  // namespace cmnn

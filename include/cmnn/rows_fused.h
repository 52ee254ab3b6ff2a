// Two row-local layers run as one, band by band, without materialising the tensor between them
// (MCUNetV2-style patch execution along rows, with a line buffer instead of recomputed halos).
// The first layer (conv or depthwise) reads its whole input and writes only the rows of the middle
// tensor the second layer's current band of output rows reads, into a ring of rows in `work`; rows
// shared by consecutive bands are moved to the front of the ring, not recomputed. The second layer
// writes its band straight into its output. Each call runs the chosen variant with a sub-image's
// parameters (input_h, output_h, pad_top: rows_band_params), so every element is computed from the
// same window with the same arithmetic as the layer-by-layer calls: the output is identical.
// The second layer may also be a MAX_POOL_2D / AVERAGE_POOL_2D (PoolParams): pooling fused into its
// producer; each band's sub-image excludes exactly the padding rows the whole call excludes, so
// average pooling divides by the same window counts. A whole-image int8 pool, whose one window would
// need every row in the ring, runs instead as run_rows_into_pool (rows_into_pool.h): producer bands
// reduced into per-channel accumulators. rows_fused_work_bytes and run_rows_fused choose that path
// themselves, so the compiler and the generated code treat both alike.
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <type_traits>

#include "cmnn/rows_in_place.h"
#include "cmnn/rows_into_pool.h"

namespace cmnn {

// Middle-tensor rows the ring must hold: the most rows one band of `band` output rows of the
// second layer reads.
template <typename P2>
int32_t rows_fused_ring_rows(const P2& p2, int32_t band) {
  int32_t most = 0;
  for (int32_t o0 = 0; o0 < p2.output_h; o0 += band) {
    int32_t first = 0;
    const P2 q = rows_band_params(p2, o0, o0 + band < p2.output_h ? o0 + band : p2.output_h, &first);
    if (q.input_h > most) most = q.input_h;
  }
  return most;
}

// Work bytes: the ring of middle rows (16-byte aligned) + the larger of the two variants' scratch.
// 0 when the shapes do not chain (the first layer's output is not the second's input) or batches != 1.
template <typename P1, typename P2>
size_t rows_fused_work_bytes(const P1& p1, const P2& p2, int32_t band, size_t kernel_scratch, size_t element_size) {
  if (rows_global_pool(p2)) return element_size == 1 ? rows_into_pool_work_bytes(p1, p2, band, kernel_scratch) : 0;
  if (p1.batches != 1 || p2.batches != 1 || band < 1 || p2.output_h < 1 || p1.output_h != p2.input_h ||
      p1.output_w != p2.input_w || rows_output_channels(p1) != rows_input_channels(p2)) {
    return 0;
  }
  const size_t row = static_cast<size_t>(p2.input_w) * static_cast<size_t>(rows_input_channels(p2)) * element_size;
  return rows_align16(static_cast<size_t>(rows_fused_ring_rows(p2, band)) * row) + kernel_scratch;
}

// One band of the fused run: move `move_rows` ring rows from ring row `move_from` to the front,
// run the first layer with q1 (when `compute`) on its input rows from `in_first` into ring row
// `q1_at`, then the second layer with q2 on ring rows from `q2_at` into output rows from `o0`.
template <typename P1, typename P2>
struct RowsFusedStep {
  int32_t o0 = 0;
  int32_t move_from = 0, move_rows = 0;
  bool compute = false;
  P1 q1{};
  int32_t q1_o0 = 0;  // first output row of the first layer computed in this band
  int32_t in_first = 0, q1_at = 0;
  P2 q2{};
  int32_t q2_at = 0;
};

// Calls step(RowsFusedStep) for every band in order; stops at the first status that is not kOk.
// The compiler walks the same steps to check every sub-image's parameters before emitting the call.
template <typename P1, typename P2, typename Fn>
Status rows_fused_walk(const P1& p1, const P2& p2, int32_t band, Fn step) {
  int32_t lo = 0, hi = 0;  // middle rows [lo, hi) held at the start of the ring
  for (int32_t o0 = 0; o0 < p2.output_h; o0 += band) {
    RowsFusedStep<P1, P2> s;
    s.o0 = o0;
    const int32_t o1 = o0 + band < p2.output_h ? o0 + band : p2.output_h;
    int32_t first = 0;
    s.q2 = rows_band_params(p2, o0, o1, &first);
    const int32_t last = first + s.q2.input_h;  // middle rows [first, last) needed
    if (s.q2.input_h < 1 || first < lo) return Status::kBadShape;
    if (first >= hi) {  // nothing shared with the previous band
      lo = hi = first;
    } else {            // rows [first, hi) are kept, moved to the front
      s.move_from = first - lo;
      s.move_rows = hi - first;
      lo = first;
    }
    if (last > hi) {
      s.compute = true;
      s.q1_o0 = hi;
      s.q1 = rows_band_params(p1, hi, last, &s.in_first);
      s.q1_at = hi - lo;
      hi = last;
    }
    s.q2_at = first - lo;
    const Status r = step(s);
    if (r != Status::kOk) return r;
  }
  return Status::kOk;
}

// args1.input: the first layer's input; args2.output: the second layer's output; args1.output and
// args2.input are set here (into the ring). run1/run2: the ops' checked *_run_variant.
template <typename P1, typename A1, typename P2, typename A2>
Status run_rows_fused(const Variant<P1, A1>& v1, const P1& p1, const A1& args1,
                      Status (*run1)(const Variant<P1, A1>&, const P1&, const A1&, void*, size_t),
                      const Variant<P2, A2>& v2, const P2& p2, const A2& args2,
                      Status (*run2)(const Variant<P2, A2>&, const P2&, const A2&, void*, size_t), int32_t band,
                      void* work, size_t work_bytes) {
  using T1 = std::remove_pointer_t<decltype(args1.output)>;
  using T2 = std::remove_pointer_t<decltype(args2.output)>;
  if (args1.input == nullptr || args2.output == nullptr || work == nullptr || run1 == nullptr || run2 == nullptr)
    return Status::kNullPointer;
  if constexpr (std::is_same_v<P2, PoolParams>) {
    if (rows_global_pool(p2)) {  // the pool op is told by its variant id: "maxpool_s8.*" or "avgpool_s8.*"
      if constexpr (std::is_same_v<T1, int8_t> && std::is_same_v<T2, int8_t>) {
        if (v2.id == nullptr) return Status::kBadParameter;
        const bool max_pool = std::strncmp(v2.id, "maxpool_", 8) == 0;
        if (!max_pool && std::strncmp(v2.id, "avgpool_", 8) != 0) return Status::kBadParameter;
        return run_rows_into_pool(v1, p1, args1, run1, max_pool, p2, args2.output, band, work, work_bytes);
      } else {
        return Status::kBadParameter;
      }
    }
  }
  const size_t need = rows_fused_work_bytes(p1, p2, band, 0, sizeof(T1));
  if (need == 0 || p1.output_h < 1) return Status::kBadParameter;
  if (work_bytes < need) return Status::kScratchTooSmall;
  const size_t row = static_cast<size_t>(p2.input_w) * static_cast<size_t>(rows_input_channels(p2)) * sizeof(T1);
  const size_t in_row1 = static_cast<size_t>(p1.input_w) * static_cast<size_t>(p1.input_c) * sizeof(*args1.input);
  const size_t out_row2 = static_cast<size_t>(p2.output_w) * static_cast<size_t>(rows_output_channels(p2)) * sizeof(T2);
  uint8_t* const ring = static_cast<uint8_t*>(work);
  void* const kernel_scratch = ring + rows_align16(static_cast<size_t>(rows_fused_ring_rows(p2, band)) * row);
  const size_t kernel_bytes = work_bytes - need;
  return rows_fused_walk(p1, p2, band, [&](const RowsFusedStep<P1, P2>& s) {
    if (s.move_rows > 0) {
      std::memmove(ring, ring + static_cast<size_t>(s.move_from) * row, static_cast<size_t>(s.move_rows) * row);
    }
    if (s.compute) {
      A1 a1 = args1;
      a1.input = args1.input + static_cast<size_t>(s.in_first) * (in_row1 / sizeof(*args1.input));
      a1.output = reinterpret_cast<T1*>(ring + static_cast<size_t>(s.q1_at) * row);
      const Status s1 = run1(v1, s.q1, a1, kernel_bytes > 0 ? kernel_scratch : nullptr, kernel_bytes);
      if (s1 != Status::kOk) return s1;
    }
    A2 a2 = args2;
    a2.input = reinterpret_cast<decltype(a2.input)>(ring + static_cast<size_t>(s.q2_at) * row);
    a2.output = args2.output + static_cast<size_t>(s.o0) * (out_row2 / sizeof(T2));
    return run2(v2, s.q2, a2, kernel_bytes > 0 ? kernel_scratch : nullptr, kernel_bytes);
  });
}

}  // namespace cmnn

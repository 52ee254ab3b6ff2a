// A conv or depthwise layer whose whole output is the input of a fully connected layer (directly
// or through a reshape), run as one: the producer runs on bands of output rows into a band buffer
// in `work`, and the FC adds each band's share of its sums to int32 accumulators
// (include/cmnn/fully_connected_partial.h); once every band is in, the accumulators are
// requantized. The producer's output never exists whole: RAM is the producer's input + one band +
// the accumulators + the producer's scratch. Each band runs the chosen producer variant on a
// sub-image (rows_band_params), so every element equals the whole call's, and integer sums are
// exact in any order: the FC's output equals the layer-by-layer result byte for byte.
#pragma once
#include <cstddef>
#include <cstdint>
#include <type_traits>

#include "cmnn/fully_connected_partial.h"
#include "cmnn/rows_in_place.h"

namespace cmnn {

// Work bytes: one band of producer rows and the accumulators (each 16-byte aligned), then
// `kernel_scratch` for the producer's variant. 0 when the FC does not read exactly the producer's
// output (batches 1, input_depth = output_h x output_w x output_c).
template <typename P>
size_t rows_into_fc_work_bytes(const P& p, const FullyConnectedParams& fc, int32_t band, size_t kernel_scratch) {
  if (p.batches != 1 || fc.batches != 1 || band < 1 || p.output_h < 1 || fc.output_depth < 1) return 0;
  const int64_t out_row = int64_t{p.output_w} * rows_output_channels(p);
  if (out_row < 1 || out_row * p.output_h != fc.input_depth) return 0;
  const int32_t b = band < p.output_h ? band : p.output_h;
  return rows_align16(static_cast<size_t>(b) * static_cast<size_t>(out_row)) +
         rows_align16(static_cast<size_t>(fc.output_depth) * sizeof(int32_t)) + kernel_scratch;
}

// args1.input: the producer's input; args1.output is set here (the band buffer). fc_args.input is
// not read; fc_args.output receives the FC's output. run1: the producer op's checked *_run_variant.
template <typename P, typename A>
Status run_rows_into_fc(const Variant<P, A>& v1, const P& p1, const A& args1,
                        Status (*run1)(const Variant<P, A>&, const P&, const A&, void*, size_t),
                        const FullyConnectedParams& fc, const FullyConnectedS8Args& fc_args, int32_t band, void* work,
                        size_t work_bytes) {
  static_assert(std::is_same_v<decltype(args1.output), int8_t*>, "int8 producers only");
  if (args1.input == nullptr || work == nullptr || run1 == nullptr) return Status::kNullPointer;
  const size_t need = rows_into_fc_work_bytes(p1, fc, band, 0);
  if (need == 0) return Status::kBadParameter;
  if (work_bytes < need) return Status::kScratchTooSmall;
  const int32_t b = band < p1.output_h ? band : p1.output_h;
  const size_t in_row = static_cast<size_t>(p1.input_w) * static_cast<size_t>(p1.input_c);
  const size_t out_row = static_cast<size_t>(p1.output_w) * static_cast<size_t>(rows_output_channels(p1));
  int8_t* const rows = static_cast<int8_t*>(work);
  int32_t* const acc = reinterpret_cast<int32_t*>(static_cast<uint8_t*>(work) + rows_align16(static_cast<size_t>(b) * out_row));
  void* const kernel_scratch = static_cast<uint8_t*>(work) + need;
  const size_t kernel_bytes = work_bytes - need;
  Status s = fully_connected_s8_partial_begin(fc, fc_args, acc);
  if (s != Status::kOk) return s;
  for (int32_t o0 = 0; o0 < p1.output_h; o0 += b) {
    const int32_t o1 = o0 + b < p1.output_h ? o0 + b : p1.output_h;
    int32_t first = 0;
    P q = rows_band_params(p1, o0, o1, &first);
    if (q.input_h < 1) return Status::kBadShape;
    if constexpr (std::is_same_v<P, DepthwiseConvParams> || std::is_same_v<P, Conv2dParams>) q.scratch_prepared = q.scratch_prepared || o0 > 0;  // same variant, same scratch
    A a = args1;
    a.input = args1.input + static_cast<size_t>(first) * in_row;
    a.output = rows;
    s = run1(v1, q, a, kernel_bytes > 0 ? kernel_scratch : nullptr, kernel_bytes);
    if (s != Status::kOk) return s;
    s = fully_connected_s8_partial_add(fc, fc_args, rows, static_cast<int32_t>(static_cast<size_t>(o0) * out_row),
                                       static_cast<int32_t>(static_cast<size_t>(o1 - o0) * out_row), acc);
    if (s != Status::kOk) return s;
  }
  return fully_connected_s8_partial_finish(fc, fc_args, acc);
}

}  // namespace cmnn

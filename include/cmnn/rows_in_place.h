// A convolution or depthwise convolution whose output overwrites its own input, a band of output
// rows at a time (TinyEngine's in-place depthwise, generalised to any row-local layer whose output
// rows are no wider in bytes than stride x its input rows). Each band reads its input rows straight
// from the layer's buffer and writes into one of two output slots in `work`; the layer's own
// scratch follows them there. The same variant runs on each band with a sub-image's parameters
// (input_h, output_h, pad_top), so each output element is computed from the same window with the
// same arithmetic: the result equals the separate-buffer call.
//
// After band k [o0, o1) has run, band k-1's rows [.., o0) are flushed from their slot into the
// buffer: bytes below o0 x out_row <= o0 x stride x in_row, while every later band reads input from
// row o1 x stride - pad_top >= o0 x stride on, as long as band x stride >= pad_top (checked). Band k
// itself has finished reading, so nothing read later is overwritten; band k's slot is flushed after
// band k+1 (or at the end). No input row is copied. A variant that writes a whole call over its
// input by itself (rows_whole_call_in_place) runs as that one call.
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <type_traits>

#include "cmnn/checked_once.h"
#include "cmnn/conv.h"
#include "cmnn/depthwise.h"
#include "cmnn/pooling.h"
#include "cmnn/status.h"
#include "cmnn/variant.h"

namespace cmnn {

inline int32_t rows_output_channels(const Conv2dParams& p) { return p.output_c; }
inline int32_t rows_output_channels(const DepthwiseConvParams& p) { return p.output_c(); }
// Pooling is row-local too (a window of filter_h input rows per output row, no dilation); it can be
// the second layer of run_rows_fused (include/cmnn/rows_fused.h) but never runs in place.
inline int32_t rows_output_channels(const PoolParams& p) { return p.channels; }
// Conv, depthwise and the compiler's row geometry have input_c and dilation_h; pooling has neither.
template <typename P>
constexpr int32_t rows_input_channels(const P& p) { return p.input_c; }
inline int32_t rows_input_channels(const PoolParams& p) { return p.channels; }
template <typename P>
constexpr int32_t rows_dilation_h(const P& p) { return p.dilation_h; }
inline int32_t rows_dilation_h(const PoolParams&) { return 1; }

// Whether `variant` writes a whole call over its own input by itself (conv2d_s8_pointwise_in_place:
// the DSP 1x1 drivers; depthwise_conv2d_s8_ring_in_place: the .dsp depthwise variants on KWS's
// 5-wide layers), on one batch (the in-place walk's only case); run_rows_in_place then makes that one
// call instead of bands, and `work` is the variant's scratch alone (no output slots). No other op.
inline bool rows_whole_call_in_place(const Conv2dS8Variant& v, const Conv2dParams& p) {
  return p.batches == 1 && conv2d_s8_pointwise_in_place(v, p);
}
inline bool rows_whole_call_in_place(const DepthwiseConvS8Variant& v, const DepthwiseConvParams& p) {
  return p.batches == 1 && depthwise_conv2d_s8_ring_in_place(v, p);
}
template <typename V, typename P>
constexpr bool rows_whole_call_in_place(const V&, const P&) { return false; }

// Input rows one band of `band` output rows reads at most.
template <typename P>
constexpr int32_t rows_band_input_rows(const P& p, int32_t band) {
  return (band - 1) * p.stride_h + (p.filter_h - 1) * rows_dilation_h(p) + 1;
}

constexpr size_t rows_align16(size_t v) { return (v + 15) / 16 * 16; }

// Output slots of `work`: two while there is more than one band, else one.
template <typename P>
constexpr size_t rows_out_slots(const P& p, int32_t band) { return band < p.output_h ? 2 : 1; }

// Bytes of `work` for bands of `band` output rows plus `kernel_scratch` for the variant;
// element_size = bytes per activation. 0 when the layer cannot run in place this way.
template <typename P>
size_t rows_in_place_work_bytes(const P& p, int32_t band, size_t kernel_scratch, size_t element_size) {
  if (p.batches != 1 || band < 1 || p.output_h < 1 || p.stride_h < 1 || int64_t{band} * p.stride_h < p.pad_top) return 0;
  const size_t in_row = static_cast<size_t>(p.input_w) * static_cast<size_t>(p.input_c) * element_size;
  const size_t out_row = static_cast<size_t>(p.output_w) * static_cast<size_t>(rows_output_channels(p)) * element_size;
  if (out_row > static_cast<size_t>(p.stride_h) * in_row) return 0;
  const int32_t b = band < p.output_h ? band : p.output_h;
  return rows_out_slots(p, band) * rows_align16(static_cast<size_t>(b) * out_row) + kernel_scratch;
}

// rows_in_place_work_bytes for `variant`: its scratch alone when it runs one whole call in place
// (rows_whole_call_in_place; 0 if it needs none, as "cannot run in place" would read: 1 then).
template <typename V, typename P>
size_t rows_in_place_work_bytes(const V& variant, const P& p, int32_t band, size_t kernel_scratch, size_t element_size) {
  if (rows_whole_call_in_place(variant, p)) return kernel_scratch > 0 ? kernel_scratch : 1;
  return rows_in_place_work_bytes(p, band, kernel_scratch, element_size);
}

// The parameters of output rows [o0, o1) run on the input rows [*first_row, ...) copied to the
// start of a band buffer.
template <typename P>
P rows_band_params(const P& p, int32_t o0, int32_t o1, int32_t* first_row) {
  const int32_t start = o0 * p.stride_h - p.pad_top;
  const int32_t end = (o1 - 1) * p.stride_h - p.pad_top + (p.filter_h - 1) * rows_dilation_h(p) + 1;
  const int32_t i0 = start > 0 ? start : 0;
  const int32_t i1 = end < p.input_h ? end : p.input_h;
  P q = p;
  q.input_h = i1 - i0;
  q.output_h = o1 - o0;
  q.pad_top = i0 - start;
  *first_row = i0;
  return q;
}

namespace rows_detail {

// run_rows_in_place's walk. kCheckOnly: every call it would make is checked through check_call
// (nothing runs, no byte is written); else each band runs and the previous band is flushed.
template <bool kCheckOnly, typename P, typename A>
Status rows_in_place_walk(const Variant<P, A>& variant, const P& p, const A& args,
                          Status (*run)(const Variant<P, A>&, const P&, const A&, void*, size_t), int32_t band,
                          void* work, size_t work_bytes) {
  using T = std::remove_pointer_t<decltype(args.output)>;
  if (args.output == nullptr || work == nullptr || run == nullptr) return Status::kNullPointer;
  if (static_cast<const void*>(args.input) != static_cast<const void*>(args.output)) return Status::kBadParameter;
  // One call over the whole layer (the bands' checks and set-up and the row copies saved: KWS's
  // 1x1 layers, ~32K est. m4 cycles each; its 5-wide depthwise layers); work then is the variant's
  // scratch (no slots), whose size the call checks.
  if (rows_whole_call_in_place(variant, p)) {
    if constexpr (kCheckOnly) return check_call(variant, run, p, args, work, work_bytes);
    return run(variant, p, args, work, work_bytes);
  }
  const size_t need = rows_in_place_work_bytes(p, band, 0, sizeof(T));
  if (need == 0 || p.input_h < 1) return Status::kBadParameter;
  if (work_bytes < need) return Status::kScratchTooSmall;
  const int32_t b = band < p.output_h ? band : p.output_h;
  const size_t in_row = static_cast<size_t>(p.input_w) * static_cast<size_t>(p.input_c) * sizeof(T);
  const size_t out_row = static_cast<size_t>(p.output_w) * static_cast<size_t>(rows_output_channels(p)) * sizeof(T);
  const size_t slot_bytes = rows_align16(static_cast<size_t>(b) * out_row);
  uint8_t* const buffer = reinterpret_cast<uint8_t*>(args.output);
  uint8_t* const slots[2] = {static_cast<uint8_t*>(work), static_cast<uint8_t*>(work) + slot_bytes};
  uint8_t* const kernel_scratch = static_cast<uint8_t*>(work) + rows_out_slots(p, band) * slot_bytes;
  const size_t kernel_bytes = work_bytes - need;
  int32_t pending0 = 0, pending1 = 0;  // output rows of the previous band, waiting in their slot
  const uint8_t* pending_slot = nullptr;
  int32_t k = 0;
  for (int32_t o0 = 0; o0 < p.output_h; o0 += b, ++k) {
    const int32_t o1 = o0 + b < p.output_h ? o0 + b : p.output_h;
    int32_t first = 0;
    const P q = rows_band_params(p, o0, o1, &first);
    if (q.input_h < 1) return Status::kBadShape;
    P band_params = q;
    if constexpr (std::is_same_v<P, DepthwiseConvParams> || std::is_same_v<P, Conv2dParams>) band_params.scratch_prepared = o0 > 0;  // same variant, same scratch
    uint8_t* const slot = slots[k & 1];
    A a = args;
    a.input = reinterpret_cast<decltype(a.input)>(buffer + static_cast<size_t>(first) * in_row);
    a.output = reinterpret_cast<T*>(slot);
    void* const scratch = kernel_bytes > 0 ? kernel_scratch : nullptr;
    if constexpr (kCheckOnly) {
      const Status s = check_call(variant, run, band_params, a, scratch, kernel_bytes);
      if (s != Status::kOk) return s;
      continue;
    }
    const Status s = run(variant, band_params, a, scratch, kernel_bytes);
    if (s != Status::kOk) return s;
    if (pending_slot != nullptr) {
      std::memcpy(buffer + static_cast<size_t>(pending0) * out_row, pending_slot, static_cast<size_t>(pending1 - pending0) * out_row);
    }
    pending0 = o0;
    pending1 = o1;
    pending_slot = slot;
  }
  if constexpr (!kCheckOnly) {
    std::memcpy(buffer + static_cast<size_t>(pending0) * out_row, pending_slot, static_cast<size_t>(pending1 - pending0) * out_row);
  }
  return Status::kOk;
}

}  // namespace rows_detail

// Runs `variant` through `run` (the op's checked *_run_variant, or run_unchecked after
// check_rows_in_place) with args.output == args.input (the layer's buffer, which must hold
// max(input, output) bytes). band: output rows per call.
template <typename P, typename A>
Status run_rows_in_place(const Variant<P, A>& variant, const P& p, const A& args,
                         Status (*run)(const Variant<P, A>&, const P&, const A&, void*, size_t), int32_t band,
                         void* work, size_t work_bytes) {
  return rows_detail::rows_in_place_walk<false>(variant, p, args, run, band, work, work_bytes);
}

// The verdict run_rows_in_place(variant, p, args, run_variant, band, work, work_bytes) would give
// before any band ran: its own checks, then run_variant's checks of every call it makes (each
// band's parameters and pointers, through check_call), running nothing and writing nothing. A
// compiled model checks an in-place conv or depthwise layer once this way in init() (the calls
// depend only on the parameters, the pointers and constant arrays: cmnn/checked_once.h) and
// invoke() runs it with run_unchecked: KWS's depthwise bands each spent ~560 est. m4 cycles on checks.
template <typename P, typename A>
Status check_rows_in_place(const Variant<P, A>& variant, const P& p, const A& args,
                           Status (*run_variant)(const Variant<P, A>&, const P&, const A&, void*, size_t), int32_t band,
                           void* work, size_t work_bytes) {
  return rows_detail::rows_in_place_walk<true>(variant, p, args, run_variant, band, work, work_bytes);
}

}  // namespace cmnn

// What the conv2d and depthwise_conv2d adapters share: the Layer fields that Conv2dParams and
// DepthwiseConvParams both have, and the layer's deterministic tensors.
#pragma once
#include <cstddef>
#include <cstdint>

#include "bench_op.h"

namespace cmnn::bench {

// Copies batches, input shape, filter size, output size, stride, dilation, padding, zero points and
// the clamp; the caller sets what only its op has (conv: output_c; depthwise: ch_mult).
template <typename ConvLikeParams>
void copy_conv_fields(const Layer& l, ConvLikeParams* p) {
  p->batches = l.batch;
  p->input_h = l.in_h;
  p->input_w = l.in_w;
  p->input_c = l.in_c;
  p->filter_h = l.filter_h;
  p->filter_w = l.filter_w;
  p->output_h = l.out_h;
  p->output_w = l.out_w;
  p->stride_h = l.stride_h;
  p->stride_w = l.stride_w;
  p->dilation_h = l.dilation_h;
  p->dilation_w = l.dilation_w;
  p->pad_top = l.pad_top;
  p->pad_left = l.pad_left;
  p->input_offset = -l.input_zp;
  p->output_offset = l.output_zp;
  p->activation_min = l.act_min;
  p->activation_max = l.act_max;
}

struct ConvTensors {
  int8_t* input = nullptr;
  int8_t* filter = nullptr;
  int32_t* bias = nullptr;  // nullptr when the layer has none
  int32_t* multiplier = nullptr;
  int32_t* shift = nullptr;
  int8_t* output = nullptr;
};

// Takes the tensors from the arena in the order input, filter, bias, multiplier, shift, output and
// fills them from Random(layer idx + 1) (input, filter, bias, requant: the same data on every core).
// False (with a message) when the arena is exhausted.
inline bool take_conv_tensors(const Layer& l, size_t in_n, size_t w_n, size_t out_c, size_t out_n, ConvTensors* t) {
  bool ok = true;
  t->input = take<int8_t>(in_n, &ok);
  t->filter = take<int8_t>(w_n, &ok);
  int32_t* bias = take<int32_t>(out_c, &ok);
  t->multiplier = take<int32_t>(out_c, &ok);
  t->shift = take<int32_t>(out_c, &ok);
  t->output = take<int8_t>(out_n, &ok);
  if (!ok) return false;
  Random r(static_cast<uint32_t>(l.idx) + 1u);
  r.fill_s8(t->input, in_n);
  r.fill_s8(t->filter, w_n);
  r.fill_bias(bias, out_c);
  r.fill_requant(t->multiplier, t->shift, out_c);
  t->bias = l.has_bias != 0 ? bias : nullptr;
  return true;
}

}  // namespace cmnn::bench

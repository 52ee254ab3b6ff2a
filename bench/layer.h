// One record of the benchmark layer list (../shared/bench/layers.json; format in layers.md beside
// it): every compute layer of the MLPerf Tiny models, person detection and the paper's CIFAR-10
// network, with the parameters a kernel needs.
#pragma once
#include <cstdint>

#include "json_view.h"

namespace cmnn::bench {

struct Layer {
  char model[32];
  char op[24];  // conv2d, depthwise_conv2d, fully_connected, avg_pool, max_pool, add, softmax
  int32_t idx, batch, in_h, in_w, in_c, filter_h, filter_w, out_h, out_w, out_c, ch_mult;
  int32_t stride_h, stride_w, dilation_h, dilation_w, pad_top, pad_left, pad_bottom, pad_right;
  int32_t act_min, act_max, input_zp, input2_zp, filter_zp, output_zp, has_bias;
  int32_t add_left_shift, add_in1_mult, add_in1_shift, add_in2_mult, add_in2_shift, add_out_mult, add_out_shift;
  int32_t softmax_mult, softmax_shift, softmax_diff_min;
  int64_t macs, out_elems, weight_bytes;
  bool per_channel;
};

// Fills layer from a layers.json record of the given model. False (with a message printed) when
// a key is missing or out of int32 range.
bool parse_layer(const json::Value& record, const char* model, Layer* layer);

}  // namespace cmnn::bench

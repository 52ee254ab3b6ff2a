#include "layer.h"

#include <cstring>

#include "platform.h"

namespace cmnn::bench {

namespace {
struct IntField {
  const char* key;
  int32_t Layer::*field;
};
constexpr IntField kIntFields[] = {
    {"idx", &Layer::idx}, {"batch", &Layer::batch}, {"in_h", &Layer::in_h}, {"in_w", &Layer::in_w},
    {"in_c", &Layer::in_c}, {"filter_h", &Layer::filter_h}, {"filter_w", &Layer::filter_w},
    {"out_h", &Layer::out_h}, {"out_w", &Layer::out_w}, {"out_c", &Layer::out_c}, {"ch_mult", &Layer::ch_mult},
    {"stride_h", &Layer::stride_h}, {"stride_w", &Layer::stride_w}, {"dilation_h", &Layer::dilation_h},
    {"dilation_w", &Layer::dilation_w}, {"pad_top", &Layer::pad_top}, {"pad_left", &Layer::pad_left},
    {"pad_bottom", &Layer::pad_bottom}, {"pad_right", &Layer::pad_right}, {"act_min", &Layer::act_min},
    {"act_max", &Layer::act_max}, {"input_zp", &Layer::input_zp}, {"input2_zp", &Layer::input2_zp},
    {"filter_zp", &Layer::filter_zp}, {"output_zp", &Layer::output_zp}, {"has_bias", &Layer::has_bias},
    {"add_left_shift", &Layer::add_left_shift}, {"add_in1_mult", &Layer::add_in1_mult},
    {"add_in1_shift", &Layer::add_in1_shift}, {"add_in2_mult", &Layer::add_in2_mult},
    {"add_in2_shift", &Layer::add_in2_shift}, {"add_out_mult", &Layer::add_out_mult},
    {"add_out_shift", &Layer::add_out_shift}, {"softmax_mult", &Layer::softmax_mult},
    {"softmax_shift", &Layer::softmax_shift}, {"softmax_diff_min", &Layer::softmax_diff_min},
};
}  // namespace

bool parse_layer(const json::Value& record, const char* model, Layer* layer) {
  *layer = Layer{};
  platform::format(layer->model, sizeof layer->model, "%s", model);
  if (!record["op"].copy_string(layer->op, sizeof layer->op)) {
    platform::print("bench: %s: a layer has no 'op'\n", model);
    return false;
  }
  for (const IntField& f : kIntFields) {
    int64_t v = 0;
    if (!record[f.key].as_int(&v) || v < INT32_MIN || v > INT32_MAX) {
      platform::print("bench: %s layer: key '%s' missing or not an int32\n", model, f.key);
      return false;
    }
    layer->*(f.field) = static_cast<int32_t>(v);
  }
  layer->macs = record["macs"].int_or(-1);
  layer->out_elems = record["out_elems"].int_or(-1);
  layer->weight_bytes = record["weight_bytes"].int_or(-1);
  layer->per_channel = record["quant"].equals("per_channel");
  return layer->macs >= 0 && layer->out_elems >= 0 && layer->weight_bytes >= 0;
}

}  // namespace cmnn::bench

// CMSIS-NN API handlers of the depthwise convolutions: every case through the wrapper of its type
// (arm_depthwise_conv_wrapper_s8 / _s4 / _s16) and through the kernel its test names.
#include <cstring>

#include "api_support.h"

namespace cmnn::vectors::api {
namespace {

struct DwCase {
  cmsis_nn_dw_conv_params params{};
  cmsis_nn_dims in{}, filter{}, out{}, bias{};
  bool valid = false;
};

DwCase read_dw(const Case& c) {
  DwCase k;
  const int32_t in_c = cfg(c, "IN_CH", 0), out_c = cfg(c, "OUT_CH", 0);
  k.in = dims(cfg(c, "INPUT_BATCHES", 1), cfg(c, "INPUT_H", 0), cfg(c, "INPUT_W", 0), in_c);
  k.filter = dims(1, cfg(c, "FILTER_Y", 0), cfg(c, "FILTER_X", 0), out_c);
  k.out = dims(k.in.n, cfg(c, "OUTPUT_H", 0), cfg(c, "OUTPUT_W", 0), out_c);
  k.bias = dims(1, 1, 1, out_c);
  k.params.input_offset = cfg(c, "INPUT_OFFSET", 0);
  k.params.output_offset = cfg(c, "OUTPUT_OFFSET", 0);
  k.params.ch_mult = cfg(c, "CH_MULT", in_c > 0 ? out_c / in_c : 0);
  k.params.stride = cmsis_nn_tile{cfg(c, "STRIDE_X", 1), cfg(c, "STRIDE_Y", 1)};
  k.params.padding = cmsis_nn_tile{cfg(c, "PAD_X", 0), cfg(c, "PAD_Y", 0)};
  k.params.dilation = cmsis_nn_tile{cfg(c, "DILATION_X", 1), cfg(c, "DILATION_Y", 1)};
  k.params.activation = cmsis_nn_activation{cfg(c, "OUT_ACTIVATION_MIN", 0), cfg(c, "OUT_ACTIVATION_MAX", 0)};
  k.valid = in_c > 0 && out_c == in_c * k.params.ch_mult && k.in.h > 0 && k.in.w > 0 && k.out.h > 0 && k.out.w > 0;
  return k;
}

size_t count_of(const cmsis_nn_dims& d) { return static_cast<size_t>(d.n) * d.h * d.w * d.c; }

// Act: int8_t or int16_t; Bias: int32_t or int64_t; packed: int4 weights.
template <typename Act, typename Bias>
void run(const Case& c, Outcome* o, const char* function, bool packed) {
  const DwCase k = read_dw(c);
  if (!k.valid) return fail(o, "config is not a depthwise shape");
  const char* act = sizeof(Act) == 1 ? "int8" : "int16";
  const Array input = c.array("input", act), weights = c.array("weights", "int8");
  const Array bias = c.array("biases", sizeof(Bias) == 4 ? "int32" : "int64");
  const Array mult = c.array("output_mult", "int32"), shift = c.array("output_shift", "int32");
  const Array expected = c.array("output_ref", act);
  if (!input.present() || !weights.present() || !mult.present() || !shift.present() || !expected.present())
    return fail(o, "missing array");
  const size_t w = count_of(k.filter), oc = static_cast<size_t>(k.out.c);
  if (input.count != count_of(k.in) || weights.count != (packed ? (w + 1) / 2 : w) ||
      expected.count != count_of(k.out) || mult.count != oc || shift.count != oc || (bias.present() && bias.count != oc))
    return fail(o, "array sizes do not match the config");
  const cmsis_nn_per_channel_quant_params q{const_cast<int32_t*>(mult.s32()), const_cast<int32_t*>(shift.s32())};
  const auto* in = static_cast<const Act*>(input.data);
  const auto* b = bias.present() ? static_cast<const Bias*>(bias.data) : nullptr;
  const size_t out_bytes = expected.count * sizeof(Act);
  using Fn = arm_cmsis_nn_status (*)(const cmsis_nn_context*, const cmsis_nn_dw_conv_params*,
                                     const cmsis_nn_per_channel_quant_params*, const cmsis_nn_dims*, const Act*,
                                     const cmsis_nn_dims*, const int8_t*, const cmsis_nn_dims*, const Bias*,
                                     const cmsis_nn_dims*, Act*);
  Fn wrapper = nullptr, named = nullptr;
  int32_t wrapper_bytes = 0, named_bytes = 0;
  if constexpr (sizeof(Act) == 1) {
    if (packed) {
      wrapper = arm_depthwise_conv_wrapper_s4;
      wrapper_bytes = arm_depthwise_conv_wrapper_s4_get_buffer_size(&k.params, &k.in, &k.filter, &k.out);
      const bool opt = std::strcmp(function, "arm_depthwise_conv_s4_opt") == 0;
      named = opt ? arm_depthwise_conv_s4_opt : arm_depthwise_conv_s4;
      named_bytes = opt ? arm_depthwise_conv_s4_opt_get_buffer_size(&k.in, &k.filter) : 0;
    } else {
      wrapper = arm_depthwise_conv_wrapper_s8;
      wrapper_bytes = arm_depthwise_conv_wrapper_s8_get_buffer_size(&k.params, &k.in, &k.filter, &k.out);
      const bool opt = std::strcmp(function, "arm_depthwise_conv_s8_opt") == 0;
      named = opt ? arm_depthwise_conv_s8_opt
                  : std::strcmp(function, "arm_depthwise_conv_3x3_s8") == 0 ? arm_depthwise_conv_3x3_s8
                                                                             : arm_depthwise_conv_s8;
      named_bytes = opt ? arm_depthwise_conv_s8_opt_get_buffer_size(&k.in, &k.filter) : 0;
    }
  } else {
    wrapper = arm_depthwise_conv_wrapper_s16;
    wrapper_bytes = arm_depthwise_conv_wrapper_s16_get_buffer_size(&k.params, &k.in, &k.filter, &k.out);
    const bool fast = std::strcmp(function, "arm_depthwise_conv_fast_s16") == 0;
    named = fast ? arm_depthwise_conv_fast_s16 : arm_depthwise_conv_s16;
    named_bytes = fast ? arm_depthwise_conv_fast_s16_get_buffer_size(&k.in, &k.filter) : 0;
  }
  const auto call_with = [&](Fn fn) {
    return [&, fn](const cmsis_nn_context* ctx, uint8_t* out) {
      return fn(ctx, &k.params, &q, &k.in, in, &k.filter, weights.s8(), &k.bias, b, &k.out, reinterpret_cast<Act*>(out));
    };
  };
  const char* wrapper_name = packed ? "arm_depthwise_conv_wrapper_s4"
                             : sizeof(Act) == 1 ? "arm_depthwise_conv_wrapper_s8"
                                                : "arm_depthwise_conv_wrapper_s16";
  if (!check_call(o, wrapper_name, wrapper_bytes, out_bytes, expected.data, call_with(wrapper)) ||
      !check_call(o, function, named_bytes, out_bytes, expected.data, call_with(named)))
    return;
  // Rejection: a channel multiplier that does not match the output channels.
  cmsis_nn_dw_conv_params bad = k.params;
  bad.ch_mult = k.params.ch_mult + 1;
  const auto rejected = [&](uint8_t* out) {
    return wrapper(nullptr, &bad, &q, &k.in, in, &k.filter, weights.s8(), &k.bias, b, &k.out,
                   reinterpret_cast<Act*>(out));
  };
  if (!check_rejected(o, "ch_mult mismatch", out_bytes, rejected)) return;
  finish(o);
}

void s8(const Case& c, Outcome* o) { run<int8_t, int32_t>(c, o, "arm_depthwise_conv_s8", false); }
void s8_opt(const Case& c, Outcome* o) { run<int8_t, int32_t>(c, o, "arm_depthwise_conv_s8_opt", false); }
void s8_3x3(const Case& c, Outcome* o) { run<int8_t, int32_t>(c, o, "arm_depthwise_conv_3x3_s8", false); }
void s4(const Case& c, Outcome* o) { run<int8_t, int32_t>(c, o, "arm_depthwise_conv_s4", true); }
void s4_opt(const Case& c, Outcome* o) { run<int8_t, int32_t>(c, o, "arm_depthwise_conv_s4_opt", true); }
void s16(const Case& c, Outcome* o) { run<int16_t, int64_t>(c, o, "arm_depthwise_conv_s16", false); }
void s16_fast(const Case& c, Outcome* o) { run<int16_t, int64_t>(c, o, "arm_depthwise_conv_fast_s16", false); }

const HandlerRegistration kS8("arm_depthwise_conv_s8", s8);
const HandlerRegistration kS8Opt("arm_depthwise_conv_s8_opt", s8_opt);
const HandlerRegistration kS83x3("arm_depthwise_conv_3x3_s8", s8_3x3);
const HandlerRegistration kS4("arm_depthwise_conv_s4", s4);
const HandlerRegistration kS4Opt("arm_depthwise_conv_s4_opt", s4_opt);
const HandlerRegistration kS16("arm_depthwise_conv_s16", s16);
const HandlerRegistration kS16Fast("arm_depthwise_conv_fast_s16", s16_fast);

}  // namespace
}  // namespace cmnn::vectors::api

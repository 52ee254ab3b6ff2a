// CMSIS-NN API handlers of the convolutions: arm_convolve_s8 / _1x1_s8_fast / _1_x_n_s8 /
// grouped (each through its own name and through arm_convolve_wrapper_s8, once more from C),
// arm_convolve_s16 (+ wrapper), arm_convolve_s4 / _1x1_s4_fast (+ wrapper), and the transposed
// convolution (arm_transpose_conv_s8 and its wrapper).
#include <cstring>

#include "api_support.h"
#include "c_calls.h"

namespace cmnn::vectors::api {
namespace {

struct ConvCase {
  cmsis_nn_conv_params params{};
  cmsis_nn_dims in{}, filter{}, out{}, bias{};
  bool valid = false;
};

ConvCase read_conv(const Case& c) {
  ConvCase k;
  const int32_t in_c = cfg(c, "IN_CH", 0), out_c = cfg(c, "OUT_CH", 0);
  k.in = dims(cfg(c, "INPUT_BATCHES", 1), cfg(c, "INPUT_H", 0), cfg(c, "INPUT_W", 0), in_c);
  k.filter = dims(out_c, cfg(c, "FILTER_Y", 0), cfg(c, "FILTER_X", 0), cfg(c, "FILTER_CH", in_c));
  k.out = dims(k.in.n, cfg(c, "OUTPUT_H", 0), cfg(c, "OUTPUT_W", 0), out_c);
  k.bias = dims(1, 1, 1, out_c);
  k.params.input_offset = cfg(c, "INPUT_OFFSET", 0);
  k.params.output_offset = cfg(c, "OUTPUT_OFFSET", 0);
  k.params.stride = cmsis_nn_tile{cfg(c, "STRIDE_X", 1), cfg(c, "STRIDE_Y", 1)};
  k.params.padding = cmsis_nn_tile{cfg(c, "PAD_X", 0), cfg(c, "PAD_Y", 0)};
  k.params.dilation = cmsis_nn_tile{cfg(c, "DILATION_X", 1), cfg(c, "DILATION_Y", 1)};
  k.params.activation = cmsis_nn_activation{cfg(c, "OUT_ACTIVATION_MIN", 0), cfg(c, "OUT_ACTIVATION_MAX", 0)};
  k.valid = k.in.n > 0 && k.in.h > 0 && k.in.w > 0 && in_c > 0 && out_c > 0 && k.filter.c > 0 && k.out.h > 0 &&
            k.out.w > 0 && k.filter.h > 0 && k.filter.w > 0;
  return k;
}

size_t count_of(const cmsis_nn_dims& d) { return static_cast<size_t>(d.n) * d.h * d.w * d.c; }

// The arrays every convolution case has; false (outcome failed) when one is missing or mis-sized.
struct ConvArrays {
  Array input, weights, bias, mult, shift, expected;
};

bool read_arrays(const Case& c, const ConvCase& k, const char* act, const char* bias_dtype, bool packed,
                 ConvArrays* a, Outcome* o) {
  a->input = c.array("input", act);
  a->weights = first_of(c, {"weights", "input_weights"}, "int8");
  a->bias = first_of(c, {"biases", "bias", "input_bias"}, bias_dtype);
  a->mult = first_of(c, {"output_mult", "output_multiplier"}, "int32");
  a->shift = c.array("output_shift", "int32");
  a->expected = first_of(c, {"output_ref", "output"}, act);
  if (!a->input.present() || !a->weights.present() || !a->mult.present() || !a->shift.present() ||
      !a->expected.present())
    return fail(o, "missing array"), false;
  const size_t w = count_of(k.filter), oc = static_cast<size_t>(k.out.c);
  if (a->input.count != count_of(k.in) || a->weights.count != (packed ? (w + 1) / 2 : w) ||
      a->expected.count != count_of(k.out) || a->mult.count != oc || a->shift.count != oc ||
      (a->bias.present() && a->bias.count != oc))
    return fail(o, "array sizes do not match the config"), false;
  return true;
}

cmsis_nn_per_channel_quant_params quant_of(const ConvArrays& a) {
  return cmsis_nn_per_channel_quant_params{const_cast<int32_t*>(a.mult.s32()), const_cast<int32_t*>(a.shift.s32())};
}

void conv_s8(const Case& c, Outcome* o, const char* function) {
  const ConvCase k = read_conv(c);
  ConvArrays a;
  if (!k.valid) return fail(o, "config is not a conv shape");
  if (!read_arrays(c, k, "int8", "int32", false, &a, o)) return;
  const cmsis_nn_per_channel_quant_params q = quant_of(a);
  const int32_t* bias = a.bias.present() ? a.bias.s32() : nullptr;
  const size_t out_bytes = a.expected.count;
  const auto wrapper = [&](const cmsis_nn_context* ctx, uint8_t* out) {
    return arm_convolve_wrapper_s8(ctx, &k.params, &q, &k.in, a.input.s8(), &k.filter, a.weights.s8(), &k.bias, bias,
                                   &k.out, reinterpret_cast<int8_t*>(out));
  };
  const int32_t wrapper_bytes = arm_convolve_wrapper_s8_get_buffer_size(&k.params, &k.in, &k.filter, &k.out);
  if (!check_call(o, "arm_convolve_wrapper_s8", wrapper_bytes, out_bytes, a.expected.data, wrapper)) return;
  // As TFLM's conv.cc fills the filter dims: n = 1 (CMSIS-NN reads the output channels from output_dims).
  cmsis_nn_dims tflm_filter = k.filter;
  tflm_filter.n = 1;
  const auto tflm = [&](const cmsis_nn_context* ctx, uint8_t* out) {
    return arm_convolve_wrapper_s8(ctx, &k.params, &q, &k.in, a.input.s8(), &tflm_filter, a.weights.s8(), &k.bias,
                                   bias, &k.out, reinterpret_cast<int8_t*>(out));
  };
  if (arm_convolve_wrapper_s8_get_buffer_size(&k.params, &k.in, &tflm_filter, &k.out) != wrapper_bytes)
    return fail(o, "buffer size depends on filter_dims->n");
  if (!check_call(o, "tflm:arm_convolve_wrapper_s8", wrapper_bytes, out_bytes, a.expected.data, tflm)) return;
  // The named kernel with its own buffer size.
  if (std::strcmp(function, "arm_convolve_1x1_s8_fast") == 0) {
    const auto fast = [&](const cmsis_nn_context* ctx, uint8_t* out) {
      return arm_convolve_1x1_s8_fast(ctx, &k.params, &q, &k.in, a.input.s8(), &k.filter, a.weights.s8(), &k.bias,
                                      bias, &k.out, reinterpret_cast<int8_t*>(out));
    };
    const auto strided = [&](const cmsis_nn_context* ctx, uint8_t* out) {
      return arm_convolve_1x1_s8(ctx, &k.params, &q, &k.in, a.input.s8(), &k.filter, a.weights.s8(), &k.bias, bias,
                                 &k.out, reinterpret_cast<int8_t*>(out));
    };
    // As in CMSIS-NN, the fast form takes stride 1 only; strided 1x1 cases go to arm_convolve_1x1_s8.
    if (k.params.stride.w != 1 || k.params.stride.h != 1) {
      const cmsis_nn_context none = {nullptr, 0};
      if (!check_rejected(o, "arm_convolve_1x1_s8_fast with stride", out_bytes,
                          [&](uint8_t* out) { return fast(&none, out); }) ||
          !check_call(o, "arm_convolve_1x1_s8", 0, out_bytes, a.expected.data, strided))
        return;
    } else if (!check_call(o, function, arm_convolve_1x1_s8_fast_get_buffer_size(&k.in), out_bytes, a.expected.data,
                           fast)) {
      return;
    }
  } else if (std::strcmp(function, "arm_convolve_1_x_n_s8") == 0) {
    const auto call = [&](const cmsis_nn_context* ctx, uint8_t* out) {
      return arm_convolve_1_x_n_s8(ctx, &k.params, &q, &k.in, a.input.s8(), &k.filter, a.weights.s8(), &k.bias, bias,
                                   &k.out, reinterpret_cast<int8_t*>(out));
    };
    const int32_t bytes = arm_convolve_1_x_n_s8_get_buffer_size(&k.params, &k.in, &k.filter, &k.out);
    if (!check_call(o, function, bytes, out_bytes, a.expected.data, call)) return;
  } else {
    const auto call = [&](const cmsis_nn_context* ctx, uint8_t* out) {
      return arm_convolve_s8(ctx, &k.params, &q, &k.in, a.input.s8(), &k.filter, a.weights.s8(), &k.bias, bias,
                             nullptr, &k.out, reinterpret_cast<int8_t*>(out));
    };
    if (!check_call(o, "arm_convolve_s8", arm_convolve_s8_get_buffer_size(&k.in, &k.filter), out_bytes,
                    a.expected.data, call))
      return;
  }
  // The same call from C.
  c_conv_case cc{k.in.n, k.in.h, k.in.w, k.in.c, k.out.h, k.out.w, k.out.c, k.filter.h, k.filter.w, k.filter.c,
                 k.params.stride.h, k.params.stride.w, k.params.padding.h, k.params.padding.w,
                 k.params.dilation.h, k.params.dilation.w, k.params.input_offset, k.params.output_offset,
                 k.params.activation.min, k.params.activation.max, q.multiplier, q.shift, a.input.s8(),
                 a.weights.s8(), bias};
  const auto from_c = [&](const cmsis_nn_context* ctx, uint8_t* out) {
    return c_conv_wrapper_s8(&cc, ctx->buf, reinterpret_cast<int8_t*>(out));
  };
  if (!check_call(o, "c:arm_convolve_wrapper_s8", c_conv_wrapper_s8_buffer_size(&cc), out_bytes, a.expected.data,
                  from_c))
    return;
  // Rejections: an empty activation range, a zero stride.
  cmsis_nn_conv_params bad = k.params;
  bad.activation = cmsis_nn_activation{1, 0};
  const auto rejected = [&](uint8_t* out) {
    return arm_convolve_wrapper_s8(nullptr, &bad, &q, &k.in, a.input.s8(), &k.filter, a.weights.s8(), &k.bias, bias,
                                   &k.out, reinterpret_cast<int8_t*>(out));
  };
  if (!check_rejected(o, "activation min > max", out_bytes, rejected)) return;
  bad = k.params;
  bad.stride.w = 0;
  if (!check_rejected(o, "stride 0", out_bytes, rejected)) return;
  finish(o);
}

void convolve_s8(const Case& c, Outcome* o) { conv_s8(c, o, "arm_convolve_s8"); }
void convolve_1x1(const Case& c, Outcome* o) { conv_s8(c, o, "arm_convolve_1x1_s8_fast"); }
void convolve_1xn(const Case& c, Outcome* o) { conv_s8(c, o, "arm_convolve_1_x_n_s8"); }

void conv_s16(const Case& c, Outcome* o) {
  const ConvCase k = read_conv(c);
  ConvArrays a;
  if (!k.valid) return fail(o, "config is not a conv shape");
  const Array bias32 = c.array("bias", "int32");
  if (!read_arrays(c, k, "int16", "int64", false, &a, o)) return;
  const cmsis_nn_per_channel_quant_params q = quant_of(a);
  const cmsis_nn_bias_data bias = {bias32.present() ? bias32.data : a.bias.data, bias32.present()};
  const size_t out_bytes = a.expected.count * 2;
  const auto wrapper = [&](const cmsis_nn_context* ctx, uint8_t* out) {
    return arm_convolve_wrapper_s16(ctx, &k.params, &q, &k.in, a.input.s16(), &k.filter, a.weights.s8(), &k.bias,
                                    &bias, &k.out, reinterpret_cast<int16_t*>(out));
  };
  const auto direct = [&](const cmsis_nn_context* ctx, uint8_t* out) {
    return arm_convolve_s16(ctx, &k.params, &q, &k.in, a.input.s16(), &k.filter, a.weights.s8(), &k.bias, &bias,
                            &k.out, reinterpret_cast<int16_t*>(out));
  };
  if (!check_call(o, "arm_convolve_wrapper_s16",
                  arm_convolve_wrapper_s16_get_buffer_size(&k.params, &k.in, &k.filter, &k.out), out_bytes,
                  a.expected.data, wrapper) ||
      !check_call(o, "arm_convolve_s16", arm_convolve_s16_get_buffer_size(&k.in, &k.filter), out_bytes,
                  a.expected.data, direct))
    return;
  finish(o);
}

void conv_s4(const Case& c, Outcome* o, bool one_by_one) {
  const ConvCase k = read_conv(c);
  ConvArrays a;
  if (!k.valid) return fail(o, "config is not a conv shape");
  if (!read_arrays(c, k, "int8", "int32", true, &a, o)) return;
  const cmsis_nn_per_channel_quant_params q = quant_of(a);
  const int32_t* bias = a.bias.present() ? a.bias.s32() : nullptr;
  const size_t out_bytes = a.expected.count;
  const auto wrapper = [&](const cmsis_nn_context* ctx, uint8_t* out) {
    return arm_convolve_wrapper_s4(ctx, &k.params, &q, &k.in, a.input.s8(), &k.filter, a.weights.s8(), &k.bias, bias,
                                   &k.out, reinterpret_cast<int8_t*>(out));
  };
  const bool strided = k.params.stride.w != 1 || k.params.stride.h != 1;
  const auto direct = [&](const cmsis_nn_context* ctx, uint8_t* out) {
    if (one_by_one && strided)  // CMSIS-NN's fast form takes stride 1 only
      return arm_convolve_1x1_s4(ctx, &k.params, &q, &k.in, a.input.s8(), &k.filter, a.weights.s8(), &k.bias, bias,
                                 &k.out, reinterpret_cast<int8_t*>(out));
    return one_by_one ? arm_convolve_1x1_s4_fast(ctx, &k.params, &q, &k.in, a.input.s8(), &k.filter, a.weights.s8(),
                                                 &k.bias, bias, &k.out, reinterpret_cast<int8_t*>(out))
                      : arm_convolve_s4(ctx, &k.params, &q, &k.in, a.input.s8(), &k.filter, a.weights.s8(), &k.bias,
                                        bias, &k.out, reinterpret_cast<int8_t*>(out));
  };
  const int32_t direct_bytes = one_by_one ? (strided ? 0 : arm_convolve_1x1_s4_fast_get_buffer_size(&k.in))
                                          : arm_convolve_s4_get_buffer_size(&k.in, &k.filter);
  if (!check_call(o, "arm_convolve_wrapper_s4",
                  arm_convolve_wrapper_s4_get_buffer_size(&k.params, &k.in, &k.filter, &k.out), out_bytes,
                  a.expected.data, wrapper) ||
      !check_call(o, one_by_one ? (strided ? "arm_convolve_1x1_s4" : "arm_convolve_1x1_s4_fast") : "arm_convolve_s4",
                  direct_bytes, out_bytes,
                  a.expected.data, direct))
    return;
  finish(o);
}

void convolve_s4(const Case& c, Outcome* o) { conv_s4(c, o, false); }
void convolve_1x1_s4(const Case& c, Outcome* o) { conv_s4(c, o, true); }

void transpose_conv(const Case& c, Outcome* o) {
  const ConvCase k = read_conv(c);
  ConvArrays a;
  if (!k.valid) return fail(o, "config is not a conv shape");
  if (!read_arrays(c, k, "int8", "int32", false, &a, o)) return;
  if (k.params.dilation.h != 1 || k.params.dilation.w != 1) return skip(o, "dilated transpose conv");
  cmsis_nn_transpose_conv_params tp{};
  tp.input_offset = k.params.input_offset;
  tp.output_offset = k.params.output_offset;
  tp.stride = k.params.stride;
  tp.padding = k.params.padding;
  tp.dilation = k.params.dilation;
  tp.activation = k.params.activation;
  const cmsis_nn_per_channel_quant_params q = quant_of(a);
  const int32_t* bias = a.bias.present() ? a.bias.s32() : nullptr;
  // output_ctx gets the reverse-conv buffer size (0 in cmnn): a null buffer.
  const cmsis_nn_context output_ctx = {nullptr, 0};
  const auto wrapper = [&](const cmsis_nn_context* ctx, uint8_t* out) {
    return arm_transpose_conv_wrapper_s8(ctx, &output_ctx, &tp, &q, &k.in, a.input.s8(), &k.filter, a.weights.s8(),
                                         &k.bias, bias, &k.out, reinterpret_cast<int8_t*>(out));
  };
  if (arm_transpose_conv_s8_get_reverse_conv_buffer_size(&tp, &k.in, &k.filter) != 0)
    return fail(o, "reverse conv buffer size is not 0");
  if (!check_call(o, "arm_transpose_conv_wrapper_s8",
                  arm_transpose_conv_s8_get_buffer_size(&tp, &k.in, &k.filter, &k.out), a.expected.count,
                  a.expected.data, wrapper))
    return;
  finish(o);
}

const HandlerRegistration kConvolve("arm_convolve_s8", convolve_s8);
const HandlerRegistration kGrouped("arm_grouped_convolve_s8", convolve_s8);
const HandlerRegistration kConvolve1x1("arm_convolve_1x1_s8_fast", convolve_1x1);
const HandlerRegistration kConvolve1xN("arm_convolve_1_x_n_s8", convolve_1xn);
const HandlerRegistration kConvS16("arm_convolve_s16", conv_s16);
const HandlerRegistration kConvS4("arm_convolve_s4", convolve_s4);
const HandlerRegistration kConv1x1S4("arm_convolve_1x1_s4_fast", convolve_1x1_s4);
const HandlerRegistration kTransposeConv("arm_transpose_conv_s8", transpose_conv);
const HandlerRegistration kReverseTransposeConv("arm_reverse_transpose_conv_s8", transpose_conv);

}  // namespace
}  // namespace cmnn::vectors::api

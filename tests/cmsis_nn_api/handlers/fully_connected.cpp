// CMSIS-NN API handlers of the fully connected functions (s8 per tensor and per channel, through
// the named function and arm_fully_connected_wrapper_s8, with the buffer holding
// arm_vector_sum_s8's kernel sums as TFLM leaves it; s16; s4) and of the batch matmuls (s8 from
// C++ and from C, s16).
#include "api_support.h"
#include "c_calls.h"

namespace cmnn::vectors::api {
namespace {

struct FcCase {
  cmsis_nn_fc_params params{};
  cmsis_nn_dims in{}, filter{}, out{}, bias{};
  bool valid = false;
};

FcCase read_fc(const Case& c) {
  FcCase k;
  const int32_t batches = cfg(c, "INPUT_BATCHES", 1), depth = cfg(c, "ACCUMULATION_DEPTH", 0);
  const int32_t out_c = cfg(c, "OUT_CH", 0);
  k.in = dims(batches, 1, 1, depth);
  k.filter = dims(depth, 1, 1, out_c);
  k.out = dims(batches, 1, 1, out_c);
  k.bias = dims(1, 1, 1, out_c);
  k.params.input_offset = cfg(c, "INPUT_OFFSET", 0);
  k.params.filter_offset = cfg(c, "FILTER_OFFSET", 0);
  k.params.output_offset = cfg(c, "OUTPUT_OFFSET", 0);
  k.params.activation = cmsis_nn_activation{cfg(c, "OUT_ACTIVATION_MIN", 0), cfg(c, "OUT_ACTIVATION_MAX", 0)};
  k.valid = batches > 0 && depth > 0 && out_c > 0;
  return k;
}

void fc_s8(const Case& c, Outcome* o) {
  const FcCase k = read_fc(c);
  if (!k.valid) return fail(o, "config is not a fully connected shape");
  const Array input = c.array("input", "int8"), weights = c.array("weights", "int8");
  const Array bias = first_of(c, {"biases", "bias"}, "int32"), expected = first_of(c, {"output_ref", "output"}, "int8");
  const Array mult = c.array("output_multiplier", "int32"), shift = c.array("output_shift", "int32");
  const auto oc = static_cast<size_t>(k.out.c);
  if (!input.present() || !weights.present() || !expected.present() || (mult.present() && !shift.present()))
    return fail(o, "missing array");
  if (input.count != static_cast<size_t>(k.in.n) * k.in.c || weights.count != oc * k.in.c ||
      expected.count != oc * k.in.n || (bias.present() && bias.count != oc) || (mult.present() && mult.count != oc))
    return fail(o, "array sizes do not match the config");
  const bool per_channel = mult.present();
  cmsis_nn_per_tensor_quant_params tensor{cfg(c, "OUTPUT_MULTIPLIER", 0), cfg(c, "OUTPUT_SHIFT", 0)};
  const cmsis_nn_quant_params quant{per_channel ? const_cast<int32_t*>(mult.s32()) : &tensor.multiplier,
                                    per_channel ? const_cast<int32_t*>(shift.s32()) : &tensor.shift, per_channel};
  const int32_t* b = bias.present() ? bias.s32() : nullptr;
  const int32_t bytes = arm_fully_connected_s8_get_buffer_size(&k.filter);
  // TFLM stores the kernel sums in the buffer before the call; cmnn must not depend on them.
  const auto with_sums = [&](const cmsis_nn_context* ctx) {
    if (ctx->buf != nullptr)
      arm_vector_sum_s8(static_cast<int32_t*>(ctx->buf), k.filter.n, k.filter.c, weights.s8(), k.params.input_offset,
                        k.params.filter_offset, b);
  };
  const auto wrapper = [&](const cmsis_nn_context* ctx, uint8_t* out) {
    with_sums(ctx);
    return arm_fully_connected_wrapper_s8(ctx, &k.params, &quant, &k.in, input.s8(), &k.filter, weights.s8(), &k.bias,
                                          b, &k.out, reinterpret_cast<int8_t*>(out));
  };
  const auto named = [&](const cmsis_nn_context* ctx, uint8_t* out) {
    with_sums(ctx);
    if (per_channel) {
      const cmsis_nn_per_channel_quant_params q{quant.multiplier, quant.shift};
      return arm_fully_connected_per_channel_s8(ctx, &k.params, &q, &k.in, input.s8(), &k.filter, weights.s8(),
                                                &k.bias, b, &k.out, reinterpret_cast<int8_t*>(out));
    }
    return arm_fully_connected_s8(ctx, &k.params, &tensor, &k.in, input.s8(), &k.filter, weights.s8(), &k.bias, b,
                                  &k.out, reinterpret_cast<int8_t*>(out));
  };
  if (!check_call(o, "arm_fully_connected_wrapper_s8", bytes, expected.count, expected.data, wrapper) ||
      !check_call(o, per_channel ? "arm_fully_connected_per_channel_s8" : "arm_fully_connected_s8", bytes,
                  expected.count, expected.data, named))
    return;
  cmsis_nn_fc_params bad = k.params;
  bad.input_offset = 300;  // outside [-127, 128]
  const auto rejected = [&](uint8_t* out) {
    return arm_fully_connected_wrapper_s8(nullptr, &bad, &quant, &k.in, input.s8(), &k.filter, weights.s8(), &k.bias,
                                          b, &k.out, reinterpret_cast<int8_t*>(out));
  };
  if (!check_rejected(o, "input offset 300", expected.count, rejected)) return;
  finish(o);
}

void fc_s16(const Case& c, Outcome* o) {
  const FcCase k = read_fc(c);
  if (!k.valid) return fail(o, "config is not a fully connected shape");
  const Array input = c.array("input", "int16"), weights = c.array("weights", "int8");
  const Array bias = first_of(c, {"biases", "bias"}, "int64"), expected = first_of(c, {"output_ref", "output"}, "int16");
  const auto oc = static_cast<size_t>(k.out.c);
  if (!input.present() || !weights.present() || !expected.present()) return fail(o, "missing array");
  if (input.count != static_cast<size_t>(k.in.n) * k.in.c || weights.count != oc * k.in.c ||
      expected.count != oc * k.in.n || (bias.present() && bias.count != oc))
    return fail(o, "array sizes do not match the config");
  const cmsis_nn_per_tensor_quant_params q{cfg(c, "OUTPUT_MULTIPLIER", 0), cfg(c, "OUTPUT_SHIFT", 0)};
  const auto call = [&](const cmsis_nn_context* ctx, uint8_t* out) {
    return arm_fully_connected_s16(ctx, &k.params, &q, &k.in, input.s16(), &k.filter, weights.s8(), &k.bias,
                                   bias.present() ? bias.s64() : nullptr, &k.out, reinterpret_cast<int16_t*>(out));
  };
  if (!check_call(o, "arm_fully_connected_s16", arm_fully_connected_s16_get_buffer_size(&k.filter),
                  expected.count * 2, expected.data, call))
    return;
  finish(o);
}

void fc_s4(const Case& c, Outcome* o) {
  const FcCase k = read_fc(c);
  if (!k.valid) return fail(o, "config is not a fully connected shape");
  const Array input = c.array("input", "int8"), weights = first_of(c, {"input_weights", "weights"}, "int8");
  const Array bias = first_of(c, {"input_bias", "biases", "bias"}, "int32");
  const Array expected = first_of(c, {"output_ref", "output"}, "int8");
  const auto oc = static_cast<size_t>(k.out.c);
  if (!input.present() || !weights.present() || !expected.present()) return fail(o, "missing array");
  if (input.count != static_cast<size_t>(k.in.n) * k.in.c || weights.count != (oc * k.in.c + 1) / 2 ||
      expected.count != oc * k.in.n || (bias.present() && bias.count != oc))
    return fail(o, "array sizes do not match the config");
  const cmsis_nn_per_tensor_quant_params q{cfg(c, "OUTPUT_MULTIPLIER", 0), cfg(c, "OUTPUT_SHIFT", 0)};
  const auto call = [&](const cmsis_nn_context* ctx, uint8_t* out) {
    return arm_fully_connected_s4(ctx, &k.params, &q, &k.in, input.s8(), &k.filter, weights.s8(), &k.bias,
                                  bias.present() ? bias.s32() : nullptr, &k.out, reinterpret_cast<int8_t*>(out));
  };
  // TFLM gives the int4 fully connected no buffer.
  if (!check_call(o, "arm_fully_connected_s4", 0, expected.count, expected.data, call)) return;
  finish(o);
}

template <typename T>
void bmm(const Case& c, Outcome* o) {
  const char* dt = sizeof(T) == 1 ? "int8" : "int16";
  // As TFLM calls it: both operands already in CMSIS-NN's layout (lhs [rows][depth], rhs
  // [cols][depth]), the original adjoint flags passed along and not read.
  const bool adj_x = cfg(c, "ADJ_X", 0) != 0, adj_y = cfg(c, "ADJ_Y", 0) != 0;
  const Array lhs = c.array(adj_x ? "lhs_transposed_tensor" : "lhs_input_tensor", dt);
  const Array rhs = c.array(adj_y ? "rhs_input_tensor" : "rhs_transposed_tensor", dt);
  const Array expected = c.array("output", dt);
  if (!lhs.present() || !rhs.present() || !expected.present()) return fail(o, "missing array");
  const int32_t rows = cfg(c, "OUTPUT_ROWS", 0), cols = cfg(c, "OUTPUT_COLS", 0);
  const int32_t lb = cfg(c, "LHS_BATCH", 0), lh = cfg(c, "LHS_HEIGHT", 0);
  const int32_t rb = cfg(c, "RHS_BATCH", 0), rh = cfg(c, "RHS_HEIGHT", 0);
  if (rows <= 0 || cols <= 0 || lb <= 0 || lh <= 0 || rb <= 0 || rh <= 0) return fail(o, "bad bmm config");
  const auto depth = static_cast<int32_t>(lhs.count / static_cast<size_t>(lb * lh * rows));
  const int32_t l[4] = {lb, lh, rows, depth}, r[4] = {rb, rh, cols, depth};
  const int32_t out[4] = {lb > rb ? lb : rb, lh > rh ? lh : rh, rows, cols};
  const cmsis_nn_dims ld = dims(l[0], l[1], l[2], l[3]), rd = dims(r[0], r[1], r[2], r[3]);
  const cmsis_nn_dims od = dims(out[0], out[1], out[2], out[3]);
  if (rhs.count != static_cast<size_t>(rb) * rh * cols * depth ||
      expected.count != static_cast<size_t>(out[0]) * out[1] * rows * cols)
    return fail(o, "array sizes do not match the config");
  const cmsis_nn_fc_params fc{cfg(c, "LHS_OFFSET", 0), cfg(c, "RHS_OFFSET", 0), cfg(c, "OUTPUT_OFFSET", 0),
                              cmsis_nn_activation{cfg(c, "ACTIVATION_MIN", 0), cfg(c, "ACTIVATION_MAX", 0)}};
  const cmsis_nn_bmm_params bp{adj_x, adj_y, fc};
  const cmsis_nn_per_tensor_quant_params q{cfg(c, "OUTPUT_MULTIPLIER", 0), cfg(c, "OUTPUT_SHIFT", 0)};
  // TFLM sizes the int8 buffer with arm_fully_connected_s8_get_buffer_size(output dims).
  const int32_t bytes = sizeof(T) == 1 ? arm_fully_connected_s8_get_buffer_size(&od) : 0;
  const size_t out_bytes = expected.count * sizeof(T);
  if constexpr (sizeof(T) == 1) {
    const auto call = [&](const cmsis_nn_context* ctx, uint8_t* o8) {
      return arm_batch_matmul_s8(ctx, &bp, &q, &ld, lhs.s8(), &rd, rhs.s8(), &od, reinterpret_cast<int8_t*>(o8));
    };
    const auto from_c = [&](const cmsis_nn_context* ctx, uint8_t* o8) {
      return c_batch_matmul_s8(l, lhs.s8(), r, rhs.s8(), out, reinterpret_cast<int8_t*>(o8), fc.input_offset,
                               fc.filter_offset, fc.output_offset, q.multiplier, q.shift, fc.activation.min,
                               fc.activation.max, ctx->buf);
    };
    if (!check_call(o, "arm_batch_matmul_s8", bytes, out_bytes, expected.data, call) ||
        !check_call(o, "c:arm_batch_matmul_s8", bytes, out_bytes, expected.data, from_c))
      return;
  } else {
    const auto call = [&](const cmsis_nn_context* ctx, uint8_t* o16) {
      return arm_batch_matmul_s16(ctx, &bp, &q, &ld, lhs.s16(), &rd, rhs.s16(), &od, reinterpret_cast<int16_t*>(o16));
    };
    if (!check_call(o, "arm_batch_matmul_s16", bytes, out_bytes, expected.data, call)) return;
  }
  finish(o);
}

const HandlerRegistration kFcS8("arm_fully_connected_s8", fc_s8);
const HandlerRegistration kFcS16("arm_fully_connected_s16", fc_s16);
const HandlerRegistration kFcS4("arm_fully_connected_s4", fc_s4);
const HandlerRegistration kBmmS8("arm_batch_matmul_s8", bmm<int8_t>);
const HandlerRegistration kBmmS16("arm_batch_matmul_s16", bmm<int16_t>);

}  // namespace
}  // namespace cmnn::vectors::api

// CMSIS-NN API handlers of pooling, softmax, elementwise add / mul / maximum / minimum, pad and
// transpose: each case through the function its test names.
#include <cstring>

#include "api_support.h"
#include "platform.h"

namespace cmnn::vectors::api {
namespace {

template <typename T>
void pool(const Case& c, Outcome* o, bool average) {
  const char* dt = sizeof(T) == 1 ? "int8" : "int16";
  const Array in = c.array("input_tensor", dt), expected = c.array("output", dt);
  if (!in.present() || !expected.present()) return fail(o, "missing input_tensor/output arrays");
  const cmsis_nn_pool_params pp{cmsis_nn_tile{cfg(c, "STRIDE_W", 1), cfg(c, "STRIDE_H", 1)},
                                cmsis_nn_tile{cfg(c, "PADDING_W", 0), cfg(c, "PADDING_H", 0)},
                                cmsis_nn_activation{cfg(c, "ACTIVATION_MIN", 0), cfg(c, "ACTIVATION_MAX", 0)}};
  const cmsis_nn_dims id = dims(cfg(c, "BATCH_SIZE", 1), cfg(c, "INPUT_H", 0), cfg(c, "INPUT_W", 0), cfg(c, "INPUT_C", 0));
  const cmsis_nn_dims fd = dims(1, cfg(c, "FILTER_H", 0), cfg(c, "FILTER_W", 0), 1);
  const cmsis_nn_dims od = dims(id.n, cfg(c, "OUTPUT_H", 0), cfg(c, "OUTPUT_W", 0), id.c);
  const auto* input = static_cast<const T*>(in.data);
  const auto call = [&](const cmsis_nn_context* ctx, uint8_t* out) {
    if constexpr (sizeof(T) == 1) {
      return average ? arm_avgpool_s8(ctx, &pp, &id, input, &fd, &od, reinterpret_cast<T*>(out))
                     : arm_max_pool_s8(ctx, &pp, &id, input, &fd, &od, reinterpret_cast<T*>(out));
    } else {
      return average ? arm_avgpool_s16(ctx, &pp, &id, input, &fd, &od, reinterpret_cast<T*>(out))
                     : arm_max_pool_s16(ctx, &pp, &id, input, &fd, &od, reinterpret_cast<T*>(out));
    }
  };
  int32_t bytes = 0;
  if (average) {
    bytes = sizeof(T) == 1 ? arm_avgpool_s8_get_buffer_size(od.w, id.c) : arm_avgpool_s16_get_buffer_size(od.w, id.c);
  }
  const char* name = average ? (sizeof(T) == 1 ? "arm_avgpool_s8" : "arm_avgpool_s16")
                             : (sizeof(T) == 1 ? "arm_max_pool_s8" : "arm_max_pool_s16");
  if (!check_call(o, name, bytes, expected.count * sizeof(T), expected.data, call)) return;
  cmsis_nn_pool_params bad = pp;
  bad.stride.h = 0;
  const auto rejected = [&](uint8_t* out) {
    cmsis_nn_context none = {nullptr, 0};
    if constexpr (sizeof(T) == 1) return arm_avgpool_s8(&none, &bad, &id, input, &fd, &od, reinterpret_cast<T*>(out));
    else return arm_max_pool_s16(&none, &bad, &id, input, &fd, &od, reinterpret_cast<T*>(out));
  };
  if (!check_rejected(o, "stride 0", expected.count * sizeof(T), rejected)) return;
  finish(o);
}

void avg_s8(const Case& c, Outcome* o) { pool<int8_t>(c, o, true); }
void avg_s16(const Case& c, Outcome* o) { pool<int16_t>(c, o, true); }
void max_s8(const Case& c, Outcome* o) { pool<int8_t>(c, o, false); }
void max_s16(const Case& c, Outcome* o) { pool<int16_t>(c, o, false); }

// softmax: which = 0 (s8), 1 (s8 -> s16), 2 (s16).
void softmax(const Case& c, Outcome* o, int which) {
  const Array in = c.array("input", which == 2 ? "int16" : "int8");
  const Array expected = c.array("output_ref", which == 0 ? "int8" : "int16");
  if (!in.present() || !expected.present()) return fail(o, "missing input/output_ref arrays");
  const int32_t rows = cfg(c, "NUM_ROWS", 0), size = cfg(c, "ROW_SIZE", 0);
  const int32_t mult = cfg(c, "INPUT_MULT", 0), shift = cfg(c, "INPUT_LEFT_SHIFT", 0), diff_min = cfg(c, "DIFF_MIN", 0);
  // The int16 tables are cmnn's own; the API only requires the caller's to be given.
  static const int16_t kUnusedLut[1] = {0};
  const cmsis_nn_softmax_lut_s16 lut{kUnusedLut, kUnusedLut};
  const size_t out_bytes = expected.count * (which == 0 ? 1 : 2);
  const auto call = [&](const cmsis_nn_context*, uint8_t* out) {
    if (which == 0) arm_softmax_s8(in.s8(), rows, size, mult, shift, diff_min, reinterpret_cast<int8_t*>(out));
    else if (which == 1) arm_softmax_s8_s16(in.s8(), rows, size, mult, shift, diff_min, reinterpret_cast<int16_t*>(out));
    else return arm_softmax_s16(in.s16(), rows, size, mult, shift, &lut, reinterpret_cast<int16_t*>(out));
    return ARM_CMSIS_NN_SUCCESS;
  };
  const char* name = which == 0 ? "arm_softmax_s8" : which == 1 ? "arm_softmax_s8_s16" : "arm_softmax_s16";
  if (!check_call(o, name, 0, out_bytes, expected.data, call)) return;
  if (which == 2) {
    const auto rejected = [&](uint8_t* out) {
      return arm_softmax_s16(in.s16(), rows, size, mult, shift, nullptr, reinterpret_cast<int16_t*>(out));
    };
    if (!check_rejected(o, "no tables", out_bytes, rejected)) return;
  }
  finish(o);
}

void softmax_s8(const Case& c, Outcome* o) { softmax(c, o, 0); }
void softmax_s8_s16(const Case& c, Outcome* o) { softmax(c, o, 1); }
void softmax_s16(const Case& c, Outcome* o) { softmax(c, o, 2); }

template <typename T>
void add(const Case& c, Outcome* o) {
  const char* dt = sizeof(T) == 1 ? "int8" : "int16";
  const Array in1 = c.array("input1", dt), in2 = c.array("input2", dt), expected = c.array("output_ref", dt);
  if (!in1.present() || !in2.present() || !expected.present()) return fail(o, "missing arrays");
  const auto size = static_cast<int32_t>(expected.count);
  const auto* a = static_cast<const T*>(in1.data);
  const auto* b = static_cast<const T*>(in2.data);
  const auto run = [&](uint8_t* out, int32_t act_min) {
    T* dst = reinterpret_cast<T*>(out);
    const int32_t args[] = {cfg(c, "INPUT1_OFFSET", 0), cfg(c, "INPUT1_MULT", 0), cfg(c, "INPUT1_SHIFT", 0),
                            cfg(c, "INPUT2_OFFSET", 0), cfg(c, "INPUT2_MULT", 0), cfg(c, "INPUT2_SHIFT", 0),
                            cfg(c, "LEFT_SHIFT", 0),    cfg(c, "OUTPUT_OFFSET", 0), cfg(c, "OUTPUT_MULT", 0),
                            cfg(c, "OUTPUT_SHIFT", 0)};
    const int32_t act_max = cfg(c, "OUT_ACTIVATION_MAX", 0);
    if constexpr (sizeof(T) == 1)
      return arm_elementwise_add_s8(a, b, args[0], args[1], args[2], args[3], args[4], args[5], args[6], dst, args[7],
                                    args[8], args[9], act_min, act_max, size);
    else
      return arm_elementwise_add_s16(a, b, args[0], args[1], args[2], args[3], args[4], args[5], args[6], dst, args[7],
                                     args[8], args[9], act_min, act_max, size);
  };
  const int32_t act_min = cfg(c, "OUT_ACTIVATION_MIN", 0), act_max = cfg(c, "OUT_ACTIVATION_MAX", 0);
  const auto call = [&](const cmsis_nn_context*, uint8_t* out) { return run(out, act_min); };
  if (!check_call(o, sizeof(T) == 1 ? "arm_elementwise_add_s8" : "arm_elementwise_add_s16", 0,
                  expected.count * sizeof(T), expected.data, call))
    return;
  if (!check_rejected(o, "activation min > max", expected.count * sizeof(T),
                      [&](uint8_t* out) { return run(out, act_max + 1); }))
    return;
  finish(o);
}

template <typename T>
void mul(const Case& c, Outcome* o) {
  const char* dt = sizeof(T) == 1 ? "int8" : "int16";
  const Array in1 = c.array("input1", dt), in2 = c.array("input2", dt), expected = c.array("output_ref", dt);
  if (!in1.present() || !in2.present() || !expected.present()) return fail(o, "missing arrays");
  const auto size = static_cast<int32_t>(expected.count);
  const auto* a = static_cast<const T*>(in1.data);
  const auto* b = static_cast<const T*>(in2.data);
  const auto call = [&](const cmsis_nn_context*, uint8_t* out) {
    T* dst = reinterpret_cast<T*>(out);
    const int32_t o1 = cfg(c, "INPUT1_OFFSET", 0), o2 = cfg(c, "INPUT2_OFFSET", 0), oo = cfg(c, "OUTPUT_OFFSET", 0);
    const int32_t m = cfg(c, "OUTPUT_MULT", 0), s = cfg(c, "OUTPUT_SHIFT", 0);
    const int32_t lo = cfg(c, "OUT_ACTIVATION_MIN", 0), hi = cfg(c, "OUT_ACTIVATION_MAX", 0);
    if constexpr (sizeof(T) == 1) return arm_elementwise_mul_s8(a, b, o1, o2, dst, oo, m, s, lo, hi, size);
    else return arm_elementwise_mul_s16(a, b, o1, o2, dst, oo, m, s, lo, hi, size);
  };
  if (!check_call(o, sizeof(T) == 1 ? "arm_elementwise_mul_s8" : "arm_elementwise_mul_s16", 0,
                  expected.count * sizeof(T), expected.data, call))
    return;
  finish(o);
}

void max_min(const Case& c, Outcome* o) {
  const Array in1 = c.array("input_tensor_1", "int8"), in2 = c.array("input_tensor_2", "int8");
  const Array expected = c.array("output", "int8");
  if (!in1.present() || !in2.present() || !expected.present()) return fail(o, "missing arrays");
  const cmsis_nn_dims d1 = dims(cfg(c, "BATCH_1", 0), cfg(c, "HEIGHT_1", 0), cfg(c, "WIDTH_1", 0), cfg(c, "CHANNEL_1", 0));
  const cmsis_nn_dims d2 = dims(cfg(c, "BATCH_2", 0), cfg(c, "HEIGHT_2", 0), cfg(c, "WIDTH_2", 0), cfg(c, "CHANNEL_2", 0));
  const cmsis_nn_dims od = dims(cfg(c, "OUTPUT_BATCH", 0), cfg(c, "OUTPUT_HEIGHT", 0), cfg(c, "OUTPUT_WIDTH", 0),
                                cfg(c, "OUTPUT_CHANNEL", 0));
  const bool maximum = std::strncmp(c.name(), "maximum", 7) == 0;
  if (!maximum && std::strncmp(c.name(), "minimum", 7) != 0) return fail(o, "case name does not say maximum or minimum");
  const auto call = [&](const cmsis_nn_context* ctx, uint8_t* out) {
    return maximum ? arm_maximum_s8(ctx, in1.s8(), &d1, in2.s8(), &d2, reinterpret_cast<int8_t*>(out), &od)
                   : arm_minimum_s8(ctx, in1.s8(), &d1, in2.s8(), &d2, reinterpret_cast<int8_t*>(out), &od);
  };
  if (!check_call(o, maximum ? "arm_maximum_s8" : "arm_minimum_s8", 0, expected.count, expected.data, call)) return;
  finish(o);
}

void pad(const Case& c, Outcome* o) {
  const Array in = c.array("input_tensor", "int8"), expected = c.array("output", "int8");
  if (!in.present() || !expected.present()) return fail(o, "missing arrays");
  const cmsis_nn_dims size = dims(cfg(c, "INPUT_N", 0), cfg(c, "INPUT_H", 0), cfg(c, "INPUT_W", 0), cfg(c, "INPUT_C", 0));
  const cmsis_nn_dims pre = dims(cfg(c, "PRE_PAD_N", 0), cfg(c, "PRE_PAD_H", 0), cfg(c, "PRE_PAD_W", 0), cfg(c, "PRE_PAD_C", 0));
  const cmsis_nn_dims post =
      dims(cfg(c, "POST_PAD_N", 0), cfg(c, "POST_PAD_H", 0), cfg(c, "POST_PAD_W", 0), cfg(c, "POST_PAD_C", 0));
  const auto value = static_cast<int8_t>(cfg(c, "PAD_VALUE", 0));
  const auto call = [&](const cmsis_nn_context*, uint8_t* out) {
    return arm_pad_s8(in.s8(), reinterpret_cast<int8_t*>(out), value, &size, &pre, &post);
  };
  if (!check_call(o, "arm_pad_s8", 0, expected.count, expected.data, call)) return;
  finish(o);
}

void transpose(const Case& c, Outcome* o) {
  const Array in = c.array("input_tensor", "int8"), expected = c.array("output", "int8");
  if (!in.present() || !expected.present()) return fail(o, "missing arrays");
  const int32_t rank = cfg(c, "PERM_SIZE", 0);
  const json::Value shape = c.config_value("IN_DIM"), perm_value = c.config_value("PERM");
  if (!shape.is_array() || !perm_value.is_array() || rank < 1 || rank > 4) return fail(o, "bad IN_DIM/PERM config");
  int32_t in_shape[4] = {1, 1, 1, 1}, out_shape[4] = {1, 1, 1, 1};
  uint32_t perm[4] = {0, 1, 2, 3};
  for (int32_t i = 0; i < rank; ++i) {
    in_shape[i] = static_cast<int32_t>(shape.at(static_cast<size_t>(i)).int_or(0));
    perm[i] = static_cast<uint32_t>(perm_value.at(static_cast<size_t>(i)).int_or(0));
  }
  for (int32_t i = 0; i < rank; ++i) out_shape[i] = perm[i] < 4 ? in_shape[perm[i]] : 0;
  const cmsis_nn_dims id = dims(in_shape[0], in_shape[1], in_shape[2], in_shape[3]);
  const cmsis_nn_dims od = dims(out_shape[0], out_shape[1], out_shape[2], out_shape[3]);
  const cmsis_nn_transpose_params tp{rank, perm};
  const auto call = [&](const cmsis_nn_context*, uint8_t* out) {
    return arm_transpose_s8(in.s8(), reinterpret_cast<int8_t*>(out), &id, &od, &tp);
  };
  if (!check_call(o, "arm_transpose_s8", 0, expected.count, expected.data, call)) return;
  uint32_t repeated[4] = {0, 0, 0, 0};
  const cmsis_nn_transpose_params bad{rank, repeated};
  if (rank > 1 && !check_rejected(o, "repeated axis", expected.count, [&](uint8_t* out) {
        return arm_transpose_s8(in.s8(), reinterpret_cast<int8_t*>(out), &id, &od, &bad);
      }))
    return;
  finish(o);
}

const HandlerRegistration r1("arm_avgpool_s8", avg_s8);
const HandlerRegistration r2("arm_avgpool_s16", avg_s16);
const HandlerRegistration r3("arm_max_pool_s8", max_s8);
const HandlerRegistration r4("arm_max_pool_s16", max_s16);
const HandlerRegistration r5("arm_softmax_s8", softmax_s8);
const HandlerRegistration r6("arm_softmax_s8_s16", softmax_s8_s16);
const HandlerRegistration r7("arm_softmax_s16", softmax_s16);
const HandlerRegistration r8("arm_elementwise_add_s8", add<int8_t>);
const HandlerRegistration r9("arm_elementwise_add_s16", add<int16_t>);
const HandlerRegistration r10("arm_elementwise_mul_s8", mul<int8_t>);
const HandlerRegistration r11("arm_elementwise_mul_s16", mul<int16_t>);
const HandlerRegistration r12("arm_maximum_minimum_s8", max_min);
const HandlerRegistration r13("arm_pad_s8", pad);
const HandlerRegistration r14("arm_transpose_s8", transpose);

}  // namespace
}  // namespace cmnn::vectors::api

// Shared by the CMSIS-NN API vector handlers: every call goes through the C API with guard bytes
// around the output and the caller's buffer (sized by the function's *_get_buffer_size() and
// passed with ctx.size = 0, as TFLM does), and the output is compared byte for byte with the
// case's reference. Rejections are checked too: ARM_CMSIS_NN_ARG_ERROR and nothing written.
#pragma once
#include <cstring>
#include <initializer_list>

#include "arena.h"
#include "arm_nnfunctions.h"
#include "registry.h"
#include "test_data.h"

namespace cmnn::vectors::api {

inline cmsis_nn_dims dims(int32_t n, int32_t h, int32_t w, int32_t c) { return cmsis_nn_dims{n, h, w, c}; }

inline int32_t cfg(const Case& c, const char* key, int32_t fallback) {
  return c.has_config(key) ? static_cast<int32_t>(c.config(key)) : fallback;
}

inline Array first_of(const Case& c, std::initializer_list<const char*> roles, const char* dtype) {
  for (const char* r : roles) {
    Array a = c.array(r, dtype);
    if (a.present()) return a;
  }
  return Array{};
}

// Calls call(ctx, output) with a fresh guarded output of out_bytes and a guarded buffer of
// buffer_bytes (NULL when 0); name is recorded as the "variant" compared. Returns false on failure.
template <typename Call>
bool check_call(Outcome* o, const char* name, int32_t buffer_bytes, size_t out_bytes, const void* expected,
                Call call) {
  if (buffer_bytes < 0) return fail(o, "%s: negative buffer size %d", name, static_cast<int>(buffer_bytes)), false;
  const size_t mark = test::arena_mark();
  const auto buf_bytes = static_cast<size_t>(buffer_bytes);
  uint8_t* out = test::guarded_alloc(out_bytes);
  uint8_t* buf = buf_bytes > 0 ? test::guarded_alloc(buf_bytes) : nullptr;
  if (out == nullptr || (buf_bytes > 0 && buf == nullptr)) return fail(o, "arena exhausted"), false;
  cmsis_nn_context ctx = {buf, 0};
  const arm_cmsis_nn_status s = call(&ctx, out);
  if (s != ARM_CMSIS_NN_SUCCESS) return fail(o, "%s returned %d", name, static_cast<int>(s)), false;
  if (!test::guards_intact(out, out_bytes) || (buf != nullptr && !test::guards_intact(buf, buf_bytes)))
    return fail(o, "%s wrote outside its output or buffer", name), false;
  const bool same = compare_variant(o, name, out, expected, out_bytes);
  test::arena_rewind(mark);
  return same;
}

// Calls call(output) on a guarded output that must come back untouched, expecting ARG_ERROR.
template <typename Call>
bool check_rejected(Outcome* o, const char* what, size_t out_bytes, Call call) {
  const size_t mark = test::arena_mark();
  uint8_t* out = test::guarded_alloc(out_bytes);
  if (out == nullptr) return fail(o, "arena exhausted"), false;
  const arm_cmsis_nn_status s = call(out);
  bool untouched = test::guards_intact(out, out_bytes);
  for (size_t i = 0; i < out_bytes && untouched; ++i) untouched = out[i] == test::kGuardPattern;
  test::arena_rewind(mark);
  if (s != ARM_CMSIS_NN_ARG_ERROR) return fail(o, "%s: returned %d, not ARG_ERROR", what, static_cast<int>(s)), false;
  if (!untouched) return fail(o, "%s: rejected call wrote its output", what), false;
  return true;
}

}  // namespace cmnn::vectors::api

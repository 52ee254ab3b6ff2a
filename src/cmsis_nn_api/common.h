// Shared by the CMSIS-NN API wrappers (src/cmsis_nn_api/*.cpp): status mapping, the caller's
// buffer, and running the fastest variant of a cmnn table that fits that buffer.
#pragma once
#include <cstddef>
#include <cstdint>

#include "arm_nn_types.h"
#include "cmnn/status.h"
#include "cmnn/variant.h"

namespace cmnn::cmsis_nn_api {

// kOk -> SUCCESS; kUnsupported (valid but no variant) -> NO_IMPL_ERROR; every rejection -> ARG_ERROR.
constexpr arm_cmsis_nn_status to_status(Status s) {
  return s == Status::kOk            ? ARM_CMSIS_NN_SUCCESS
         : s == Status::kUnsupported ? ARM_CMSIS_NN_NO_IMPL_ERROR
                                     : ARM_CMSIS_NN_ARG_ERROR;
}

// The bytes the caller's buffer holds. CMSIS-NN never reads ctx->size and TFLM leaves it 0, so a
// buffer with size 0 is taken to hold `contract` bytes (the function's *_get_buffer_size()).
inline size_t buffer_bytes(const cmsis_nn_context* ctx, size_t contract) {
  if (ctx == nullptr || ctx->buf == nullptr) return 0;
  return ctx->size > 0 ? static_cast<size_t>(ctx->size) : contract;
}
inline void* buffer_of(const cmsis_nn_context* ctx) { return ctx == nullptr ? nullptr : ctx->buf; }

// A buffer size as the API's int32 (sizes beyond int32 are reported as -1: no caller can provide them).
inline int32_t size_result(size_t bytes) { return bytes > INT32_MAX ? -1 : static_cast<int32_t>(bytes); }

// True when every extent is positive (checked before a table's supports() sees the parameters).
inline bool positive(const cmsis_nn_dims* d) { return d != nullptr && d->n > 0 && d->h > 0 && d->w > 0 && d->c > 0; }

// Runs the first variant of the table that runs natively on this core, supports p and needs at
// most `available` scratch bytes, through the op's run_variant (its full parameter and argument
// checks). When none fits, the op's checks still decide the status (a rejected call never
// reports NO_IMPL), through the last entry, which every table makes the reference.
template <typename P, typename A>
Status run_fastest(const Variant<P, A>* table, size_t count,
                   Status (*run_variant)(const Variant<P, A>&, const P&, const A&, void*, size_t), const P& p,
                   const A& a, void* scratch, size_t available) {
  if (table == nullptr || count == 0) return Status::kUnsupported;
  if (scratch == nullptr) available = 0;
  for (size_t i = 0; i < count; ++i) {
    const Variant<P, A>& v = table[i];
    if (isa_native(v.isa) && v.supports(p) && v.scratch_bytes(p) <= available) {
      return run_variant(v, p, a, scratch, available);
    }
  }
  return run_variant(table[count - 1], p, a, scratch, available);
}

// The tail every conv, depthwise and fully connected wrapper shares once it has mapped CMSIS-NN's
// dims to the op's params p and args a: the op's table (prefix_variants, cmnn/op_api.h), the first
// variant that runs here and fits the caller's buffer (ctx, read as `contract` bytes when its
// size is 0), run through prefix_run_variant, its status mapped. Called as
// run_on_buffer(conv2d_s8_variants, conv2d_s8_run_variant, p, a, ctx, contract).
template <typename P, typename A>
arm_cmsis_nn_status run_on_buffer(const Variant<P, A>* (*variants)(size_t*),
                                  Status (*run_variant)(const Variant<P, A>&, const P&, const A&, void*, size_t),
                                  const P& p, const A& a, const cmsis_nn_context* ctx, size_t contract) {
  size_t count = 0;
  const Variant<P, A>* table = variants(&count);
  return to_status(run_fastest(table, count, run_variant, p, a, buffer_of(ctx), buffer_bytes(ctx, contract)));
}

}  // namespace cmnn::cmsis_nn_api

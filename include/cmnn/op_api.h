// The API every op family exposes (conv, depthwise, fully connected, pooling, softmax, elementwise,
// pad, transpose, ...: every table is defined by CMNN_DEFINE_OP_TABLE, src/kernels/op_table/op_table.h),
// declared for an op `prefix` with parameter struct Params and tensor struct Args:
//   prefix_variants(&count)      the constexpr variant table, fastest first
//   prefix_find_variant(id)      one variant by id ("avgpool_s8.dsp"), or nullptr
//   prefix_select(params)        the variant prefix() runs given prefix_scratch_bytes() bytes: the
//                                fastest that runs natively and supports params (nullptr: none)
//   prefix_scratch_bytes(params) scratch the fastest supporting variant needs
//   prefix(params, args, scratch, size)  checks parameters, then runs the fastest variant that
//                                runs natively, supports params and fits in the scratch given
//   prefix_run_variant(v, ...)   the same checks, then that variant (kUnsupported if it cannot run)
//   prefix_variant_at<I>()       the table's entry I as an object of its own: code that names it
//                                links that variant's functions only, not the whole table (what
//                                generated models call, so a firmware carries the kernels it runs)
#pragma once
#include <cstddef>

#include "cmnn/status.h"
#include "cmnn/variant.h"

#define CMNN_DECLARE_VARIANT_AT(prefix, Params, Args)                                                          \
  template <size_t I>                                                                                         \
  const ::cmnn::Variant<Params, Args>* prefix##_variant_at();

#define CMNN_DECLARE_OP_TABLE(prefix, Params, Args)                                                            \
  CMNN_DECLARE_VARIANT_AT(prefix, Params, Args)                                                               \
  const ::cmnn::Variant<Params, Args>* prefix##_variants(size_t* count);                                      \
  const ::cmnn::Variant<Params, Args>* prefix##_find_variant(const char* id);                                 \
  const ::cmnn::Variant<Params, Args>* prefix##_select(const Params& params);                                 \
  size_t prefix##_scratch_bytes(const Params& params);                                                        \
  ::cmnn::Status prefix(const Params& params, const Args& args, void* scratch, size_t scratch_size);         \
  ::cmnn::Status prefix##_run_variant(const ::cmnn::Variant<Params, Args>& variant, const Params& params,      \
                                      const Args& args, void* scratch, size_t scratch_size);

// The paired and stacked filter sweeps (conv_s8_paired_test.cpp, conv_s8_stacked_test.cpp,
// VariantsMatchRefOnEveryRemainder). One case: the shape from a compact OrderShape,
// random tensors, ref's bytes on the OHWI filter, then every variant of the table on the filter in
// the given order: the variants of that order (and ref) must give ref's bytes with their guards
// intact, every other variant must refuse. Random values come from the caller's generator, drawn
// in the same order for both orders.
#pragma once
#include <cstdint>
#include <cstring>
#include <initializer_list>

#include "cmnn/conv.h"
#include "stacked_case.h"
#include "test.h"
#include "test_data.h"

namespace cmnn::test {

enum class FilterOrder { kPaired, kStacked };

inline void fill_s8(Xorshift32& rng, int8_t* p, size_t n) {
  for (size_t i = 0; i < n; ++i) p[i] = static_cast<int8_t>(rng.pick(-128, 127));
}

struct OrderShape {
  int32_t rows, cin, fh, fw, stride, pad, in_h, in_w, groups, batches;
};

// false where the shape has no output or fails conv2d_check_shape.
inline bool make_order_params(const OrderShape& s, Xorshift32& rng, Conv2dParams* p) {
  p->groups = s.groups;
  p->input_c = s.cin * s.groups;
  p->output_c = s.rows * s.groups;
  p->batches = s.batches;
  p->filter_h = s.fh, p->filter_w = s.fw;
  p->stride_h = p->stride_w = s.stride;
  p->input_h = s.in_h, p->input_w = s.in_w;
  p->pad_top = s.pad < s.fh ? s.pad : s.fh - 1;
  p->pad_left = s.pad < s.fw ? s.pad : s.fw - 1;
  const int32_t span_h = p->input_h + p->pad_top - (p->filter_h - 1), span_w = p->input_w + p->pad_left - (p->filter_w - 1);
  if (span_h <= 0 || span_w <= 0) return false;
  p->output_h = (span_h - 1) / p->stride_h + 1;
  p->output_w = (span_w - 1) / p->stride_w + 1;
  p->input_offset = rng.pick(-127, 128);
  p->output_offset = rng.pick(-128, 127);
  if (rng.pick(0, 2) == 0) p->activation_min = static_cast<int32_t>(rng.pick(-128, -20)), p->activation_max = rng.pick(0, 127);
  return conv2d_check_shape(*p) == Status::kOk;
}

struct OrderCounts {
  int cases = 0, runs = 0, refusals = 0;
};

inline void check_order_case(FilterOrder order, const Conv2dParams& p, bool general_quant, Xorshift32& rng,
                             OrderCounts* n) {
  const bool stacked_order = order == FilterOrder::kStacked;
  size_t count = 0;
  const Conv2dS8Variant* table = conv2d_s8_variants(&count);
  const Conv2dS8Variant* ref = conv2d_s8_find_variant("conv2d_s8.ref");
  ASSERT_TRUE(ref != nullptr);
  const size_t mark = arena_mark();
  const int32_t depth = p.filter_h * p.filter_w * (p.input_c / p.groups);
  const size_t in_n = static_cast<size_t>(p.batches) * p.input_h * p.input_w * p.input_c;
  const size_t out_n = static_cast<size_t>(p.batches) * p.output_h * p.output_w * p.output_c;
  const size_t w_n = conv2d_s8_paired_count(p);
  ASSERT_EQ(w_n, static_cast<size_t>(p.output_c) * depth);
  auto* input = arena_alloc<int8_t>(in_n);
  auto* filter = arena_alloc<int8_t>(w_n);
  auto* bias = arena_alloc<int32_t>(static_cast<size_t>(p.output_c));
  auto* mult = arena_alloc<int32_t>(static_cast<size_t>(p.output_c));
  auto* shift = arena_alloc<int32_t>(static_cast<size_t>(p.output_c));
  auto* expected = arena_alloc<int8_t>(out_n);
  uint8_t* reordered = guarded_alloc(w_n);
  ASSERT_TRUE(input && filter && bias && mult && shift && expected && reordered);
  fill_s8(rng, input, in_n);
  fill_s8(rng, filter, w_n);
  if (stacked_order) make_stackable(filter, p.output_c, p.groups, depth);
  for (int32_t c = 0; c < p.output_c; ++c) {
    bias[c] = rng.pick(-40000, 40000);
    mult[c] = general_quant ? rng.pick(0, INT32_MAX) : rng.pick(1 << 30, INT32_MAX);
    shift[c] = general_quant ? rng.pick(-31, 3) : rng.pick(-12, -5);
  }
  auto* rf = reinterpret_cast<int8_t*>(reordered);
  ASSERT_EQ(stacked_order ? conv2d_s8_stack_filter(p, filter, rf, w_n) : conv2d_s8_pair_filter(p, filter, rf, w_n),
            Status::kOk);
  ASSERT_TRUE(guards_intact(reordered, w_n));
  Conv2dS8Args args{input, filter, bias, mult, shift, expected};
  ASSERT_EQ(conv2d_s8_run_variant(*ref, p, args, nullptr, 0), Status::kOk);
  Conv2dParams q = p;
  (stacked_order ? q.stacked_filter : q.paired_filter) = true;
  for (size_t i = 0; i < count; ++i) {
    const Conv2dS8Variant& v = table[i];
    // ".stacked": the stacked entries, conv2d_s8.1x1.stacked_doubled.dsp included.
    const bool of_order = std::strstr(v.id, stacked_order ? ".stacked" : ".paired.") != nullptr;
    const bool is_ref = &v == ref;
    uint8_t* out = guarded_alloc(out_n);
    ASSERT_TRUE(out != nullptr);
    Conv2dS8Args a = args;
    a.filter = rf;
    a.output = reinterpret_cast<int8_t*>(out);
    if (!of_order && !is_ref) {  // reads another order: must refuse
      ASSERT_TRUE(!v.supports(q));
      const size_t scratch_n = v.scratch_bytes(p);
      void* scratch = scratch_n > 0 ? arena_alloc_bytes(scratch_n) : nullptr;
      ASSERT_EQ(conv2d_s8_run_variant(v, q, a, scratch, scratch_n), Status::kUnsupported);
      ++n->refusals;
      continue;
    }
    if (!isa_runnable(v.isa) || !v.supports(q)) continue;
    const size_t scratch_n = v.scratch_bytes(q);
    uint8_t* scratch = guarded_alloc(scratch_n);
    ASSERT_TRUE(scratch != nullptr);
    std::memset(out, 0x55, out_n);
    ASSERT_EQ(conv2d_s8_run_variant(v, q, a, scratch, scratch_n), Status::kOk);
    ASSERT_TRUE(guards_intact(out, out_n) && guards_intact(scratch, scratch_n));
    if (std::memcmp(out, expected, out_n) != 0) {
      platform::print("    %s differs from ref: rows %d depth %d in %dx%dx%d out %dx%d f %dx%d s %d pad %d,%d g %d b %d\n", v.id,
                      static_cast<int>(p.output_c / p.groups), static_cast<int>(depth), static_cast<int>(p.input_h),
                      static_cast<int>(p.input_w), static_cast<int>(p.input_c), static_cast<int>(p.output_h),
                      static_cast<int>(p.output_w), static_cast<int>(p.filter_h), static_cast<int>(p.filter_w),
                      static_cast<int>(p.stride_h), static_cast<int>(p.pad_top), static_cast<int>(p.pad_left),
                      static_cast<int>(p.groups), static_cast<int>(p.batches));
      ASSERT_BYTES_EQ(out, expected, out_n);
    }
    ++n->runs;
  }
  ++n->cases;
  arena_rewind(mark);
}

// The sweep: 1x1 direct on the channel counts `cins_1x1` (multiples of 4: groups % 8 == 0, % 4 == 0
// and odd group counts), rows 1..9; im2col with every depth % 4 (channel counts 1..7 on 3x3, 1x3,
// 3x1, 2x2), padding, strides, groups, rows 1..9; then the `models` model-like shapes.
inline OrderCounts sweep_order(FilterOrder order, std::initializer_list<int32_t> cins_1x1, const OrderShape* models,
                               size_t model_count, Xorshift32& rng) {
  OrderCounts n;
  for (int32_t rows = 1; rows <= 9; ++rows) {
    for (int32_t cin : cins_1x1) {
      Conv2dParams p;
      if (make_order_params({rows, cin, 1, 1, rows % 3 == 0 ? 2 : 1, 0, 3, rows % 2 == 0 ? 5 : 3, 1, 1}, rng, &p)) {
        check_order_case(order, p, rows == 5, rng, &n);
      }
    }
  }
  for (int32_t rows = 1; rows <= 9; ++rows) {
    for (int32_t cin = 1; cin <= 7; ++cin) {
      const int32_t fh = 1 + (cin + rows) % 3, fw = 1 + (cin * 2 + rows) % 3;
      Conv2dParams p;
      if (make_order_params({rows, cin, fh, fw, 1 + (rows + cin) % 2, (rows + cin) % 2, 4, 5, cin % 3 == 0 ? 2 : 1, 1 + cin % 2},
                            rng, &p)) {
        check_order_case(order, p, cin == 4, rng, &n);
      }
    }
  }
  for (size_t i = 0; i < model_count; ++i) {
    Conv2dParams p;
    if (make_order_params(models[i], rng, &p)) check_order_case(order, p, false, rng, &n);
  }
  return n;
}

}  // namespace cmnn::test

// Shared set-up of the stacked-filter tests (conv_s8_stacked_test.cpp, conv_s8_stacked_fused_test.cpp,
// conv_s8_window_test.cpp): the stackable filter rule, the column pair of mat_mult_s8_s16_dsp.h, and
// one 1x1 case of `rows` x `depth` for the stacked micro-kernel with its exact reference sums. The
// callers draw every random value (each from its own generator, in its own order); nothing here
// draws one.
#pragma once
#include <cstdint>

#include "cmnn/conv.h"
#include "quant/requant_fast.h"
#include "test.h"
#include "test_data.h"

namespace cmnn::test {

// Makes a random OHWI filter stackable: an odd row's -128 (of each group's rows) under a negative
// even-row weight (any row pair of a group, any step: a superset of the stacked bytes) becomes -127.
inline void make_stackable(int8_t* filter, int32_t out_c, int32_t groups, int32_t depth) {
  const int32_t group_out = out_c / groups;
  for (int32_t o = 0; o < out_c; ++o) {
    if ((o % group_out) % 2 == 0) continue;
    for (int32_t k = 0; k < depth; ++k) {
      int8_t& w = filter[static_cast<size_t>(o) * depth + k];
      if (w == -128 && filter[static_cast<size_t>(o - 1) * depth + k] < 0) w = -127;
    }
  }
}

// The column pair of mat_mult_s8_s16_dsp.h from two int16 columns of `depth` values.
inline void pair_columns(const int16_t* x0, const int16_t* x1, int32_t depth, int16_t* pair) {
  const int32_t groups = depth >> 2, tail = depth & 3;
  static const int kLane[4] = {0, 2, 1, 3};
  for (int32_t g = 0; g < groups; ++g) {
    for (int lane = 0; lane < 4; ++lane) {
      pair[8 * g + lane] = x0[4 * g + kLane[lane]];
      pair[8 * g + 4 + lane] = x1[4 * g + kLane[lane]];
    }
  }
  for (int32_t t = 0; t < tail; ++t) pair[8 * groups + t] = x0[4 * groups + t], pair[8 * groups + tail + t] = x1[4 * groups + t];
}

// One 1x1 stacked case in the test arena: the caller fills filter (OHWI, rows x depth), x0, x1 and
// bias, then prepare() makes the filter stackable, pairs the columns and stacks the filter.
struct StackedCase {
  int32_t rows = 0, depth = 0;
  int8_t* filter = nullptr;
  int8_t* stacked = nullptr;
  int16_t *x0 = nullptr, *x1 = nullptr, *pair = nullptr;
  int32_t *acc = nullptr, *bias = nullptr;

  // false when the arena is exhausted.
  bool alloc(int32_t r, int32_t d) {
    rows = r, depth = d;
    const size_t w_n = weights();
    filter = arena_alloc<int8_t>(w_n);
    stacked = arena_alloc<int8_t>(w_n);
    x0 = arena_alloc<int16_t>(static_cast<size_t>(depth));
    x1 = arena_alloc<int16_t>(static_cast<size_t>(depth));
    pair = arena_alloc<int16_t>(2 * static_cast<size_t>(depth) + 8);
    acc = arena_alloc<int32_t>(2 * static_cast<size_t>(rows));
    bias = arena_alloc<int32_t>(static_cast<size_t>(rows));
    return filter && stacked && x0 && x1 && pair && acc && bias;
  }
  size_t weights() const { return static_cast<size_t>(rows) * depth; }
  Status prepare() {
    make_stackable(filter, rows, 1, depth);
    pair_columns(x0, x1, depth, pair);
    Conv2dParams p;
    p.input_h = p.input_w = 1, p.input_c = depth, p.output_h = p.output_w = 1, p.output_c = rows;
    p.filter_h = p.filter_w = 1;
    return conv2d_s8_stack_filter(p, filter, stacked, weights());
  }
  // The reference: row r's exact sums over columns 0 and 1 plus b[r] (none where b is null),
  // wrapped to int32 as TFLite's accumulator wraps.
  void sums(int32_t r, const int32_t* b, int32_t* s0, int32_t* s1) const {
    int64_t t0 = 0, t1 = 0;
    for (int32_t k = 0; k < depth; ++k) {
      t0 += int64_t{filter[static_cast<size_t>(r) * depth + k]} * x0[k];
      t1 += int64_t{filter[static_cast<size_t>(r) * depth + k]} * x1[k];
    }
    const uint32_t add = b != nullptr ? static_cast<uint32_t>(b[r]) : 0u;
    *s0 = static_cast<int32_t>(static_cast<uint32_t>(t0) + add);
    *s1 = static_cast<int32_t>(static_cast<uint32_t>(t1) + add);
  }
};

// The output side of one such case: per-row multipliers and shifts, the stage's table, the
// expected bytes of both columns and the two guarded output buffers (test::guards_intact).
// Exactly these members, in this order, so a test may bind them:
// auto& [mult, shift, table, want0, want1, out0, out1] = outputs;
struct StackedOutputs {
  int32_t *mult = nullptr, *shift = nullptr;
  quant::ChannelQuant* table = nullptr;
  int8_t *want0 = nullptr, *want1 = nullptr;
  uint8_t *out0 = nullptr, *out1 = nullptr;

  // false when the arena is exhausted.
  bool alloc(int32_t rows) {
    const auto n = static_cast<size_t>(rows);
    mult = arena_alloc<int32_t>(n), shift = arena_alloc<int32_t>(n);
    table = arena_alloc<quant::ChannelQuant>(n);
    want0 = arena_alloc<int8_t>(n), want1 = arena_alloc<int8_t>(n);
    out0 = guarded_alloc(n), out1 = guarded_alloc(n);
    return mult && shift && table && want0 && want1 && out0 && out1;
  }
};

}  // namespace cmnn::test

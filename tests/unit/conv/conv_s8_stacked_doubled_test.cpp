// conv2d_s8.1x1.stacked_doubled.dsp (stacked_doubled.h, conv_s8_dsp.cpp): per-channel tables with
// right shifts of 0, which build_output_table cannot fold, requantized in the fused Cortex-M4 quad
// loop (CMNN_SQ4_REQUANT_D in mat_mult_stacked_asm.h). Checked:
//   - stacked_doubled_tables' refusals (a shift of 1 or -23, a multiplier below 2^30 or 0, an output
//     offset outside int8, a shift-0 channel whose |bias| + depth * 32,640 passes 2^31 - 129, no
//     bias, a narrower clamp, no shift of 0) and its acceptance at the bias bound; the words of
//     build_doubled_table (quant::make_fast_quant_d's);
//   - mat_mult_stacked_doubled_2col (Cortex-M4) against TFLite's requantize_to_s8 of the exact sums:
//     every depth of the doubled form (32..256: one pass of 8 groups, or passes of 8 in a loop),
//     rows 4..16, shifts 0 and -22 and random, multipliers 2^30, INT32_MAX and random, offsets -128
//     and 127 and random, extreme and random weights and columns, biases at the accepted bound or
//     centring a column's sums near 0 (unsaturated shift-0 outputs);
//     two columns and the lone pixel, guard bands intact;
//   - the entry on whole 1x1 layers against conv2d_s8.ref, with tables that take the doubled stage
//     (some with small values: unsaturated shift-0 outputs) and tables that do not (the stacked
//     path runs them): whole, by row bands (the later bands
//     read the table the first one built) and in place (run_rows_in_place, one call);
//   - conv2d_s8_stacked_narrowest: names the entry exactly for stacked.dsp layers of the doubled
//     form's shapes whose tables take the doubled stage; the entry then supports every row band,
//     takes the stage on each, needs the same scratch and runs in place where stacked.dsp does.
#include <cstring>
#include <initializer_list>

#include "arena.h"
#include "cmnn/conv.h"
#include "cmnn/rows_in_place.h"
#include "filter_order_sweep.h"
#include "kernels/conv/conv_s8_variants.h"
#include "kernels/conv/mat_mult_stacked_dsp.h"
#include "kernels/conv/stacked_doubled.h"
#include "quant/fixed_point.h"
#include "test.h"
#include "test_data.h"

using namespace cmnn;

namespace {

test::Xorshift32 g_rng(0xD0B1EDu);

// The largest |bias| stacked_doubled_tables accepts on a shift-0 channel of this depth.
int32_t bias_bound(int32_t depth) { return INT32_MAX - 128 - depth * 32640; }

// A row's multiplier, shift and bias for a doubled table (about one shift in three is 0; always
// where zero is set).
void draw_row(int32_t depth, bool extreme, bool zero, int32_t* mult, int32_t* shift, int32_t* bias) {
  const int m = g_rng.pick(0, 3);
  *mult = m == 0 ? (1 << 30) : m == 1 ? INT32_MAX : g_rng.pick(1 << 30, INT32_MAX);
  const int e = g_rng.pick(0, 5);
  *shift = zero || e <= 1 ? 0 : e == 2 ? -22 : e == 3 ? -1 : g_rng.pick(-22, -1);
  const int32_t bound = *shift == 0 ? bias_bound(depth) : INT32_MAX;
  const int b = extreme ? g_rng.pick(0, 1) : 2;
  *bias = b == 0 ? bound - g_rng.pick(0, 1 << 12) : b == 1 ? -bound + g_rng.pick(0, 1 << 12) : g_rng.pick(-(1 << 24), 1 << 24);
}

// A row of a table the doubled stage does not take: TFLite's usual right shifts (the folded
// stacked path), or now and then a left shift or a small multiplier (its general stage).
void draw_plain_row(int32_t* mult, int32_t* shift, int32_t* bias) {
  const int k = g_rng.pick(0, 9);
  *mult = k == 0 ? g_rng.pick(1, (1 << 30) - 1) : g_rng.pick(1 << 30, INT32_MAX);
  *shift = k == 1 ? g_rng.pick(1, 3) : g_rng.pick(-12, -1);
  *bias = g_rng.pick(-(1 << 16), 1 << 16);
}

bool takes(const int32_t* mult, const int32_t* shift, const int32_t* bias, int32_t n, int32_t depth, int32_t offset,
           int32_t lo = -128, int32_t hi = 127) {
  return conv::stacked_doubled_tables(mult, shift, bias, n, depth, offset, lo, hi);
}

}  // namespace

TEST(Conv2dS8StackedDoubled, TableVerdictAndWords) {
  constexpr int32_t n = 6, depth = 64;
  int32_t mult[n], shift[n], bias[n];
  quant::ChannelQuant table[n];
  int refusals = 0;
  for (int round = 0; round < 20; ++round) {
    for (int kind = 0; kind < 11; ++kind) {
      for (int32_t c = 0; c < n; ++c) {
        mult[c] = g_rng.pick(1 << 30, INT32_MAX);
        shift[c] = c == 0 ? 0 : g_rng.pick(-22, 0);
        bias[c] = g_rng.pick(-(1 << 20), 1 << 20);
      }
      int32_t offset = g_rng.pick(-128, 127), lo = -128, hi = 127;
      const int32_t r = g_rng.pick(0, n - 1);
      const int32_t* b = bias;
      if (kind == 0) shift[r] = 1;
      if (kind == 1) shift[r] = -23;
      if (kind == 2) mult[r] = (1 << 30) - 1;
      if (kind == 3) mult[r] = 0;
      if (kind == 4) offset = g_rng.pick(0, 1) != 0 ? 128 : -129;
      if (kind == 5) bias[0] = bias_bound(depth) + 1;
      if (kind == 6) bias[0] = -bias_bound(depth) - 1;
      if (kind == 7) b = nullptr;
      if (kind == 8) (g_rng.pick(0, 1) != 0 ? lo : hi) = 0;
      if (kind == 9) {
        for (int32_t c = 0; c < n; ++c) shift[c] = g_rng.pick(-22, -1);  // folds: the folded path's
      }
      if (kind < 10) {
        ASSERT_TRUE(!takes(mult, shift, b, n, depth, offset, lo, hi));
        ++refusals;
        continue;
      }
      // Accepted: the bound itself on the shift-0 channel 0, then every row's words.
      bias[0] = g_rng.pick(0, 1) != 0 ? bias_bound(depth) : -bias_bound(depth);
      ASSERT_TRUE(takes(mult, shift, bias, n, depth, offset));
      std::memset(table, 0x5A, sizeof(table));
      conv::build_doubled_table(mult, shift, n, offset, table);
      for (int32_t c = 0; c < n; ++c) {
        const quant::FastQuant f = quant::make_fast_quant_d(mult[c], shift[c], offset);
        ASSERT_EQ(table[c].multiplier2, f.m2);
        ASSERT_EQ(table[c].right, f.shift);
        ASSERT_EQ(table[c].round, f.round);
      }
    }
  }
  EXPECT_EQ(refusals, 20 * 10);
}

TEST(Conv2dS8StackedDoubled, MicroKernelMatchesTflite) {
  if (!conv::kStackedPlanned) return;  // the doubled form exists only with the fused assembly
  int calls = 0;
  for (int32_t depth : {32, 64, 96, 128, 160, 192, 224, 256}) {
    for (int32_t rows : {4, 8, 12, 16}) {
      for (int kind = 0; kind < 6; ++kind) {
        const size_t mark = test::arena_mark();
        test::StackedCase c;
        const bool allocated = c.alloc(rows, depth);
        test::StackedOutputs outputs;
        ASSERT_TRUE(allocated && outputs.alloc(rows));
        auto& [mult, shift, table, want0, want1, out0, out1] = outputs;
        // Kinds 0, 2: extreme weights, columns and biases (sums at the bound); 1, 3: random; 4, 5:
        // random, each row's bias moving column 0's (4) or column 1's (5) sum to within 90 of 0,
        // where the outputs of shift-0 rows do not saturate and every step of the stage counts.
        const bool extreme = kind < 4 && (kind & 1) == 0;
        for (size_t i = 0; i < c.weights(); ++i) {
          c.filter[i] = static_cast<int8_t>(extreme ? (g_rng.pick(0, 1) != 0 ? 127 : -128) : g_rng.pick(-128, 127));
        }
        for (int32_t k = 0; k < depth; ++k) {
          c.x0[k] = static_cast<int16_t>(extreme ? (g_rng.pick(0, 1) != 0 ? 255 : -255) : g_rng.pick(-255, 255));
          c.x1[k] = static_cast<int16_t>(extreme ? (g_rng.pick(0, 1) != 0 ? 255 : -255) : g_rng.pick(-255, 255));
        }
        for (int32_t r = 0; r < rows; ++r) draw_row(depth, extreme, r == 0, &mult[r], &shift[r], &c.bias[r]);
        const int32_t offset = kind == 0 ? -128 : kind == 2 ? 127 : g_rng.pick(-128, 127);
        ASSERT_EQ(c.prepare(), Status::kOk);
        for (int32_t r = 0; r < rows && kind >= 4; ++r) {
          int32_t s0 = 0, s1 = 0;
          c.sums(r, nullptr, &s0, &s1);
          c.bias[r] = -(kind == 4 ? s0 : s1) + g_rng.pick(-90, 90);
        }
        for (int32_t r = 0; r < rows; ++r) {
          int32_t a0 = 0, a1 = 0;
          c.sums(r, c.bias, &a0, &a1);
          want0[r] = quant::requantize_to_s8(a0, mult[r], shift[r], offset, -128, 127);
          want1[r] = quant::requantize_to_s8(a1, mult[r], shift[r], offset, -128, 127);
        }
        ASSERT_TRUE(takes(mult, shift, c.bias, rows, depth, offset));
        conv::build_doubled_table(mult, shift, rows, offset, table);
        auto* o0 = reinterpret_cast<int8_t*>(out0);
        auto* o1 = reinterpret_cast<int8_t*>(out1);
        for (int form = 0; form < 2; ++form) {  // two columns / lone pixel (column 0 twice)
          const bool lone = form == 1;
          if (lone) test::pair_columns(c.x0, c.x0, depth, c.pair);
          std::memset(o0, 0x55, static_cast<size_t>(rows));
          std::memset(o1, 0x55, static_cast<size_t>(rows));
          conv::mat_mult_stacked_doubled_2col(c.stacked, rows, depth, c.pair, c.bias, c.acc, table, o0, lone ? o0 : o1);
          ASSERT_TRUE(test::guards_intact(out0, static_cast<size_t>(rows)) &&
                      test::guards_intact(out1, static_cast<size_t>(rows)));
          if (std::memcmp(o0, want0, static_cast<size_t>(rows)) != 0 ||
              (!lone && std::memcmp(o1, want1, static_cast<size_t>(rows)) != 0)) {
            platform::print("    depth %d rows %d kind %d form %d offset %d differs\n", static_cast<int>(depth),
                            static_cast<int>(rows), kind, form, static_cast<int>(offset));
          }
          ASSERT_BYTES_EQ(o0, want0, static_cast<size_t>(rows));
          if (!lone) ASSERT_BYTES_EQ(o1, want1, static_cast<size_t>(rows));
        }
        ++calls;
        test::arena_rewind(mark);
      }
    }
  }
  platform::print("    %d depth/rows/scenario cases of the doubled form\n", calls);
  EXPECT_EQ(calls, 8 * 4 * 6);
}

TEST(Conv2dS8StackedDoubled, PointwiseLayersMatchRef) {
  const Conv2dS8Variant* v = conv2d_s8_find_variant("conv2d_s8.1x1.stacked_doubled.dsp");
  const Conv2dS8Variant* stacked = conv2d_s8_find_variant("conv2d_s8.1x1.stacked.dsp");
  const Conv2dS8Variant* ref = conv2d_s8_find_variant("conv2d_s8.ref");
  ASSERT_TRUE(v != nullptr && stacked != nullptr && ref != nullptr);
  if (!isa_runnable(v->isa)) return;
  int layers = 0, doubled = 0, in_place = 0, banded = 0;
  for (int32_t cin : {32, 64, 96, 128, 256, 48}) {
    for (int32_t cout : {32, 4, 12, 64, 6}) {
      for (int32_t w : {1, 3, 4}) {
        for (int table_kind = 0; table_kind < 2; ++table_kind) {  // takes the doubled stage / does not
          const size_t mark = test::arena_mark();
          Conv2dParams p;
          p.input_h = p.output_h = g_rng.pick(1, 4), p.input_w = p.output_w = w, p.input_c = cin, p.output_c = cout;
          p.filter_h = p.filter_w = 1;
          p.input_offset = g_rng.pick(-127, 128);
          p.output_offset = g_rng.pick(-128, 127);
          const size_t pixels = static_cast<size_t>(p.output_h) * w;
          const size_t in_n = pixels * cin, w_n = static_cast<size_t>(cout) * cin, out_n = pixels * cout;
          auto* input = test::arena_alloc<int8_t>(in_n);
          auto* filter = test::arena_alloc<int8_t>(w_n);
          auto* stacked_w = test::arena_alloc<int8_t>(w_n);
          auto* bias = test::arena_alloc<int32_t>(static_cast<size_t>(cout));
          auto* mult = test::arena_alloc<int32_t>(static_cast<size_t>(cout));
          auto* shift = test::arena_alloc<int32_t>(static_cast<size_t>(cout));
          auto* expected = test::arena_alloc<int8_t>(out_n);
          uint8_t* out = test::guarded_alloc(out_n);
          ASSERT_TRUE(input && filter && stacked_w && bias && mult && shift && expected && out);
          test::fill_s8(g_rng, input, in_n);
          test::fill_s8(g_rng, filter, w_n);
          // Quiet layers (half the doubled ones): small inputs, weights and shift-0 biases, so that
          // shift-0 outputs do not all saturate (random int8 sums are far past the int8 range).
          const bool quiet = table_kind == 0 && g_rng.pick(0, 1) != 0;
          if (quiet) {
            p.input_offset = g_rng.pick(-2, 2);
            for (size_t i = 0; i < in_n; ++i) input[i] = static_cast<int8_t>(g_rng.pick(-3, 3));
            for (size_t i = 0; i < w_n; ++i) filter[i] = static_cast<int8_t>(g_rng.pick(-2, 2));
          }
          test::make_stackable(filter, cout, 1, cin);
          const int32_t zero = g_rng.pick(0, cout - 1);
          for (int32_t c = 0; c < cout; ++c) {
            if (table_kind == 0) draw_row(cin, g_rng.pick(0, 3) == 0, c == zero, &mult[c], &shift[c], &bias[c]);
            else draw_plain_row(&mult[c], &shift[c], &bias[c]);
            if (quiet && shift[c] == 0) bias[c] = g_rng.pick(-60, 60);
          }
          ASSERT_EQ(conv2d_s8_stack_filter(p, filter, stacked_w, w_n), Status::kOk);
          Conv2dS8Args args{input, filter, bias, mult, shift, expected};
          ASSERT_EQ(conv2d_s8_run_variant(*ref, p, args, nullptr, 0), Status::kOk);
          Conv2dParams q = p;
          q.stacked_filter = true;
          ASSERT_TRUE(v->supports == stacked->supports && v->supports(q));
          Conv2dS8Args a = args;
          a.filter = stacked_w;
          const bool takes_stage = conv::dsp_1x1_stacked_doubled_takes(q, a);
          const bool shape = cin != 48 && cout != 6;  // the doubled form's shapes (stacked_doubled_shape)
          ASSERT_EQ(takes_stage, table_kind == 0 && shape);
          doubled += takes_stage ? 1 : 0;
          const size_t scratch_n = v->scratch_bytes(q);
          ASSERT_EQ(scratch_n, stacked->scratch_bytes(q));
          uint8_t* scratch = test::guarded_alloc(scratch_n);
          ASSERT_TRUE(scratch != nullptr);
          a.output = reinterpret_cast<int8_t*>(out);
          std::memset(out, 0x55, out_n);
          ASSERT_EQ(conv2d_s8_run_variant(*v, q, a, scratch, scratch_n), Status::kOk);
          ASSERT_TRUE(test::guards_intact(out, out_n) && test::guards_intact(scratch, scratch_n));
          ASSERT_BYTES_EQ(out, expected, out_n);
          // By bands of one and of two output rows over the same scratch, the later bands with
          // scratch_prepared (they read the table the first band built, as run_rows_in_place's do).
          const size_t in_row = static_cast<size_t>(w) * cin, out_row = static_cast<size_t>(w) * cout;
          for (int32_t band : {1, 2}) {
            std::memset(out, 0x55, out_n);
            for (int32_t o0 = 0; o0 < q.output_h; o0 += band, ++banded) {
              int32_t first = 0;
              Conv2dParams qb = rows_band_params(q, o0, o0 + band < q.output_h ? o0 + band : q.output_h, &first);
              qb.scratch_prepared = o0 > 0;
              Conv2dS8Args b = a;
              b.input = input + static_cast<size_t>(first) * in_row;
              b.output = reinterpret_cast<int8_t*>(out) + static_cast<size_t>(o0) * out_row;
              ASSERT_EQ(conv2d_s8_run_variant(*v, qb, b, scratch, scratch_n), Status::kOk);
            }
            ASSERT_TRUE(test::guards_intact(out, out_n) && test::guards_intact(scratch, scratch_n));
            ASSERT_BYTES_EQ(out, expected, out_n);
          }
          // In place as one call where stacked.dsp runs so (output_c <= input_c).
          ASSERT_TRUE(conv2d_s8_pointwise_in_place(*v, q) == conv2d_s8_pointwise_in_place(*stacked, q));
          if (conv2d_s8_pointwise_in_place(*v, q)) {
            const size_t work_n = rows_in_place_work_bytes(*v, q, 1, scratch_n, 1);
            auto* buf = reinterpret_cast<int8_t*>(test::guarded_alloc(in_n));
            uint8_t* work = test::guarded_alloc(work_n);
            ASSERT_TRUE(buf != nullptr && work != nullptr);
            std::memcpy(buf, input, in_n);
            Conv2dS8Args b = a;
            b.input = buf;
            b.output = buf;
            ASSERT_EQ(run_rows_in_place(*v, q, b, conv2d_s8_run_variant, 1, work, work_n), Status::kOk);
            ASSERT_TRUE(test::guards_intact(reinterpret_cast<uint8_t*>(buf), in_n) && test::guards_intact(work, work_n));
            ASSERT_BYTES_EQ(buf, expected, out_n);
            ++in_place;
          }
          ++layers;
          test::arena_rewind(mark);
        }
      }
    }
  }
  platform::print("    %d layers (%d with the doubled stage), %d band calls, %d in-place runs\n", layers, doubled, banded,
                  in_place);
  EXPECT_EQ(layers, 6 * 5 * 3 * 2);
  EXPECT_EQ(doubled, 5 * 4 * 3);
}

TEST(Conv2dS8StackedDoubled, NarrowestCoversEveryCall) {
  const Conv2dS8Variant& stacked = *conv2d_s8_find_variant("conv2d_s8.1x1.stacked.dsp");
  const Conv2dS8Variant& paired = *conv2d_s8_find_variant("conv2d_s8.1x1.paired.dsp");
  const Conv2dS8Variant& ref = *conv2d_s8_find_variant("conv2d_s8.ref");
  int cases = 0, narrowed = 0, shape_out = 0, table_out = 0, bands = 0;
  for (int i = 0; i < 400; ++i) {
    const size_t mark = test::arena_mark();
    Conv2dParams p;
    p.stacked_filter = true;
    p.filter_h = p.filter_w = 1;
    // Half the shapes the doubled form has, half near them (depth 48 or 288, rows 6, 2, 33).
    const bool fits = g_rng.pick(0, 1) != 0;
    p.input_c = fits ? 32 * g_rng.pick(1, 8) : (g_rng.pick(0, 1) != 0 ? 48 : 288);
    p.output_c = fits || g_rng.pick(0, 1) != 0 ? 4 * g_rng.pick(1, 16) : (g_rng.pick(0, 1) != 0 ? 6 : 33);
    if (!fits && g_rng.pick(0, 1) != 0) p.input_c = 32 * g_rng.pick(1, 8);
    p.input_h = p.output_h = g_rng.pick(1, 10), p.input_w = p.output_w = g_rng.pick(1, 6);
    p.stride_h = p.stride_w = 1;
    p.output_offset = g_rng.pick(-128, 127);
    if (g_rng.pick(0, 7) == 0) p.activation_min = 0;
    const int32_t n = p.output_c;
    auto* mult = test::arena_alloc<int32_t>(static_cast<size_t>(n));
    auto* shift = test::arena_alloc<int32_t>(static_cast<size_t>(n));
    auto* bias = test::arena_alloc<int32_t>(static_cast<size_t>(n));
    ASSERT_TRUE(mult && shift && bias);
    const int table_kind = g_rng.pick(0, 2);  // 0, 1: doubled tables (1: a shift-0 bias past the bound), 2: plain
    const int32_t zero = g_rng.pick(0, n - 1);
    for (int32_t c = 0; c < n; ++c) {
      if (table_kind < 2) draw_row(p.input_c, false, c == zero, &mult[c], &shift[c], &bias[c]);
      else draw_plain_row(&mult[c], &shift[c], &bias[c]);
    }
    if (table_kind == 1) bias[zero] = bias_bound(p.input_c) + 1;
    int8_t not_read = 0;  // tensors: narrowest reads the constants only
    const Conv2dS8Args a{&not_read, &not_read, bias, mult, shift, &not_read};
    ++cases;
    const Conv2dS8Variant* v = conv2d_s8_stacked_narrowest(stacked, p, a, g_rng.pick(0, 1) != 0);
    ASSERT_EQ(conv2d_s8_stacked_narrowest(paired, p, a, false), nullptr);
    ASSERT_EQ(conv2d_s8_stacked_narrowest(ref, p, a, false), nullptr);
    const bool shape = p.output_c % 4 == 0 && p.input_c % 32 == 0 && p.input_c <= 256;
    const bool tables = table_kind == 0 && p.activation_min == -128;
    if (!shape || !tables) {
      ASSERT_EQ(v, nullptr);
      ++(shape ? table_out : shape_out);
      test::arena_rewind(mark);
      continue;
    }
    ASSERT_TRUE(v != nullptr && std::strcmp(v->id, "conv2d_s8.1x1.stacked_doubled.dsp") == 0);
    ASSERT_TRUE(v->supports(p));
    ASSERT_EQ(v->scratch_bytes(p), stacked.scratch_bytes(p));
    ASSERT_TRUE(conv2d_s8_pointwise_in_place(*v, p) == conv2d_s8_pointwise_in_place(stacked, p));
    ASSERT_TRUE(conv::dsp_1x1_stacked_doubled_takes(p, a));
    for (int32_t band = 1; band <= p.output_h; ++band) {
      for (int32_t o0 = 0; o0 < p.output_h; o0 += band, ++bands) {
        int32_t first = 0;
        const int32_t o1 = o0 + band < p.output_h ? o0 + band : p.output_h;
        const Conv2dParams q = rows_band_params(p, o0, o1, &first);
        ASSERT_TRUE(v->supports(q) && conv::dsp_1x1_stacked_doubled_takes(q, a));
        ASSERT_EQ(v->scratch_bytes(q), stacked.scratch_bytes(q));
      }
    }
    ++narrowed;
    test::arena_rewind(mark);
  }
  platform::print("    %d layers: narrowed %d (%d row bands supported), kept: shape %d, tables %d\n", cases, narrowed, bands,
                  shape_out, table_out);
  EXPECT_GT(narrowed, 50);
  EXPECT_GT(shape_out, 50);
  EXPECT_GT(table_out, 50);
}

// Broadcasting binary ops: hand-derived bytes for small cases, the params helpers' derived values,
// broadcast results equal to the same op on materialized (expanded) inputs, the same-shape case
// equal to the existing flat add_s8 / mul_s8 / maximum_s8 kernels, guard bytes, parameter checks.
// Bit-exactness with TFLM itself is checked against the oracle cases (see the report of h-binary).
#include <cstring>
#include <initializer_list>

#include "cmnn/elementwise.h"
#include "test.h"
#include "test_data.h"

using namespace cmnn;

namespace {
test::Xorshift32 g_rng(4242u);

void set_dims(int32_t* dst, const int32_t (&src)[6]) { std::memcpy(dst, src, sizeof src); }

// Output-sized copy of an input: element at every output index, following the broadcast.
template <typename T>
void expand(const T* in, const int32_t* in_dims, const int32_t* out_dims, T* out) {
  int32_t idx[6] = {0, 0, 0, 0, 0, 0};
  int32_t total = 1;
  for (int d = 0; d < 6; ++d) total *= out_dims[d];
  for (int32_t o = 0; o < total; ++o) {
    int32_t offset = 0;
    for (int d = 0; d < 6; ++d) offset = offset * in_dims[d] + (in_dims[d] == 1 ? 0 : idx[d]);
    out[o] = in[offset];
    for (int d = 5; d >= 0; --d) {
      if (++idx[d] < out_dims[d]) break;
      idx[d] = 0;
    }
  }
}

// Random broadcast-compatible shapes of up to 6 dims, at most ~200 output elements.
void random_dims(int32_t* d1, int32_t* d2, int32_t* dout) {
  for (;;) {
    int32_t total = 1;
    for (int d = 0; d < 6; ++d) {
      dout[d] = g_rng.next() % 3 == 0 ? 1 : g_rng.pick(1, 4);
      total *= dout[d];
      const uint32_t r = g_rng.next() % 4;
      d1[d] = r == 0 ? 1 : dout[d];
      d2[d] = r == 1 ? 1 : dout[d];
    }
    if (total <= 200) return;
  }
}
}  // namespace

TEST(BroadcastParams, HelpersDeriveTflmValues) {
  // Equal unit scales: inputs halve (2^30, shift 0), the output undoes 2^20 / 2 = 2^19.
  ArithmeticBroadcastParams p = sub_params(1.0f, 0, 1.0f, 0, 1.0f, 0, -128, 127, false);
  EXPECT_EQ(p.input1_multiplier, 1 << 30);
  EXPECT_EQ(p.input1_shift, 0);
  EXPECT_EQ(p.output_multiplier, 1 << 30);
  EXPECT_EQ(p.output_shift, -18);
  EXPECT_EQ(p.left_shift, 20);
  p = add_broadcast_params(0.5f, 3, 0.25f, -7, 1.0f, 5, -100, 100, true);
  EXPECT_EQ(p.left_shift, 15);
  EXPECT_EQ(p.input1_offset, -3);
  EXPECT_EQ(p.input2_offset, 7);
  EXPECT_EQ(p.output_offset, 5);
  EXPECT_EQ(p.input2_multiplier, 1 << 30);  // 0.25 / 1.0 = 0.5 * 2^-1
  EXPECT_EQ(p.input2_shift, -1);
  EXPECT_EQ(p.activation_min, -100);
  p = squared_difference_params(1.0f, 0, 1.0f, 0, 1.0f, 0, false);
  EXPECT_EQ(p.left_shift, 7);
  EXPECT_EQ(p.output_shift, -11);  // 4 / 2^14 = 2^-12 = 0.5 * 2^-11
  EXPECT_EQ(p.activation_max, 127);
  const MulBroadcastParams m = mul_broadcast_params(0.5f, 0, 0.5f, 0, 0.25f, 0, -128, 127);
  EXPECT_EQ(m.output_multiplier, 1 << 30);
  EXPECT_EQ(m.output_shift, 1);

  int32_t d1[6], d2[6], d3[6];
  const int32_t a[] = {2, 1, 4}, b[] = {3, 1};
  ASSERT_EQ(broadcast_dims(a, 3, b, 2, d1, d2, d3), Status::kOk);
  const int32_t w1[] = {1, 1, 1, 2, 1, 4}, w2[] = {1, 1, 1, 1, 3, 1}, w3[] = {1, 1, 1, 2, 3, 4};
  EXPECT_BYTES_EQ(d1, w1, sizeof w1);
  EXPECT_BYTES_EQ(d2, w2, sizeof w2);
  EXPECT_BYTES_EQ(d3, w3, sizeof w3);
  const int32_t c[] = {3, 2}, big[] = {1, 1, 1, 1, 1, 1, 1};
  EXPECT_EQ(broadcast_dims(a, 3, c, 2, d1, d2, d3), Status::kBadShape);   // 4 vs 2
  EXPECT_EQ(broadcast_dims(big, 7, c, 2, d1, d2, d3), Status::kBadShape);  // rank 7
  EXPECT_EQ(broadcast_dims(nullptr, 0, nullptr, 0, d1, d2, d3), Status::kOk);  // scalars
}

TEST(Broadcast, HandDerivedBytes) {
  // sub with unit scales is a saturating x1 - x2; input2 [3] broadcasts over [2, 3].
  ArithmeticBroadcastParams p = sub_params(1.0f, 0, 1.0f, 0, 1.0f, 0, -128, 127, false);
  set_dims(p.input1_dims, {1, 1, 1, 1, 2, 3});
  set_dims(p.input2_dims, {1, 1, 1, 1, 1, 3});
  set_dims(p.output_dims, {1, 1, 1, 1, 2, 3});
  const int8_t x[6] = {10, -100, 127, 0, 5, -128}, y[3] = {20, 100, -128};
  int8_t* out = test::guarded_array<int8_t>(6);
  ASSERT_EQ(sub_s8(p, BinaryArgs<int8_t>{x, y, out}, nullptr, 0), Status::kOk);
  const int8_t want_sub[6] = {-10, -128, 127, -20, -95, 0};
  EXPECT_BYTES_EQ(out, want_sub, 6);
  EXPECT_TRUE(test::guards_intact(out, 6));

  // Same with a fused clamp and zero points: out = clamp(x1 - x2 + (zp2 - zp1) + zp_out).
  p = sub_params(1.0f, 2, 1.0f, -3, 1.0f, 4, -10, 10, false);
  set_dims(p.input1_dims, {1, 1, 1, 1, 2, 3});
  set_dims(p.input2_dims, {1, 1, 1, 1, 1, 3});
  set_dims(p.output_dims, {1, 1, 1, 1, 2, 3});
  const int8_t x2[6] = {0, 1, 2, 3, 30, -30}, y2[3] = {0, 1, 2};
  ASSERT_EQ(sub_s8(p, BinaryArgs<int8_t>{x2, y2, out}, nullptr, 0), Status::kOk);
  const int8_t want_sub2[6] = {-1, -1, -1, 2, 10, -10};
  EXPECT_BYTES_EQ(out, want_sub2, 6);

  // add int16, unit scales: x1 + x2 saturated to the activation range; input1 [2,1] x input2 [1,2].
  ArithmeticBroadcastParams a = add_broadcast_params(1.0f, 0, 1.0f, 0, 1.0f, 0, -32768, 32767, true);
  set_dims(a.input1_dims, {1, 1, 1, 1, 2, 1});
  set_dims(a.input2_dims, {1, 1, 1, 1, 1, 2});
  set_dims(a.output_dims, {1, 1, 1, 1, 2, 2});
  const int16_t u[2] = {1000, 32000}, v[2] = {-3, 1000};
  int16_t* o16 = test::guarded_array<int16_t>(4);
  ASSERT_EQ(add_broadcast_s16(a, BinaryArgs<int16_t>{u, v, o16}, nullptr, 0), Status::kOk);
  const int16_t want_add[4] = {997, 2000, 31997, 32767};
  EXPECT_BYTES_EQ(o16, want_add, sizeof want_add);
  EXPECT_TRUE(test::guards_intact(o16, 4));

  // squared difference, unit scales: (x1 - x2)^2 saturated.
  ArithmeticBroadcastParams q = squared_difference_params(1.0f, 0, 1.0f, 0, 1.0f, 0, false);
  set_dims(q.input1_dims, {1, 1, 1, 1, 1, 4});
  set_dims(q.input2_dims, {1, 1, 1, 1, 1, 1});
  set_dims(q.output_dims, {1, 1, 1, 1, 1, 4});
  const int8_t s1[4] = {3, -2, 12, -100}, s2[1] = {1};
  ASSERT_EQ(squared_difference_s8(q, BinaryArgs<int8_t>{s1, s2, out}, nullptr, 0), Status::kOk);
  const int8_t want_sq[4] = {4, 9, 121, 127};
  EXPECT_BYTES_EQ(out, want_sq, 4);

  // mul: 0.5 * 0.5 / 0.25 = 1, so out = clamp(x1 * x2).
  MulBroadcastParams m = mul_broadcast_params(0.5f, 0, 0.5f, 0, 0.25f, 0, -128, 127);
  set_dims(m.input1_dims, {1, 1, 1, 1, 1, 3});
  set_dims(m.input2_dims, {1, 1, 1, 1, 2, 1});
  set_dims(m.output_dims, {1, 1, 1, 1, 2, 3});
  const int8_t m1[3] = {1, -2, 100}, m2[2] = {3, -5};
  ASSERT_EQ(mul_broadcast_s8(m, BinaryArgs<int8_t>{m1, m2, out}, nullptr, 0), Status::kOk);
  const int8_t want_mul[6] = {3, -6, 127, -5, 10, -128};
  EXPECT_BYTES_EQ(out, want_mul, 6);

  // maximum / minimum int16 with a scalar.
  MaxMinBroadcastParams mm;
  set_dims(mm.input1_dims, {1, 1, 1, 1, 1, 3});
  set_dims(mm.output_dims, {1, 1, 1, 1, 1, 3});
  const int16_t h[3] = {-300, 7, 300}, k[1] = {7};
  int16_t r[3];
  ASSERT_EQ(maximum_broadcast_s16(mm, BinaryArgs<int16_t>{h, k, r}, nullptr, 0), Status::kOk);
  EXPECT_EQ(r[0], 7);
  EXPECT_EQ(r[2], 300);
  ASSERT_EQ(minimum_broadcast_s16(mm, BinaryArgs<int16_t>{h, k, r}, nullptr, 0), Status::kOk);
  EXPECT_EQ(r[0], -300);
  EXPECT_EQ(r[2], 7);
}

// Every broadcast op on random shapes equals the same op on inputs expanded to the output shape.
TEST(Broadcast, MatchesExpandedInputs) {
  int runs = 0;
  for (int iter = 0; iter < 150; ++iter) {
    const size_t mark = test::arena_mark();
    int32_t d1[6], d2[6], dout[6];
    random_dims(d1, d2, dout);
    int32_t n1 = 1, n2 = 1, n = 1;
    for (int d = 0; d < 6; ++d) {
      n1 *= d1[d];
      n2 *= d2[d];
      n *= dout[d];
    }
    const auto sz = static_cast<size_t>(n);
    int8_t* x = test::arena_alloc<int8_t>(static_cast<size_t>(n1));
    int8_t* y = test::arena_alloc<int8_t>(static_cast<size_t>(n2));
    int16_t* x16 = test::arena_alloc<int16_t>(static_cast<size_t>(n1));
    int16_t* y16 = test::arena_alloc<int16_t>(static_cast<size_t>(n2));
    for (int32_t i = 0; i < n1; ++i) x16[i] = static_cast<int16_t>(g_rng.next()), x[i] = static_cast<int8_t>(x16[i]);
    for (int32_t i = 0; i < n2; ++i) y16[i] = static_cast<int16_t>(g_rng.next()), y[i] = static_cast<int8_t>(y16[i]);
    int8_t* xe = test::arena_alloc<int8_t>(sz);
    int8_t* ye = test::arena_alloc<int8_t>(sz);
    int16_t* xe16 = test::arena_alloc<int16_t>(sz);
    int16_t* ye16 = test::arena_alloc<int16_t>(sz);
    expand(x, d1, dout, xe);
    expand(y, d2, dout, ye);
    expand(x16, d1, dout, xe16);
    expand(y16, d2, dout, ye16);
    int8_t* got = test::guarded_array<int8_t>(sz);
    int8_t* want = test::arena_alloc<int8_t>(sz);
    int16_t* got16 = test::guarded_array<int16_t>(sz);
    int16_t* want16 = test::arena_alloc<int16_t>(sz);

    const float s1 = 0.01f * static_cast<float>(g_rng.pick(1, 100)), s2 = 0.01f * static_cast<float>(g_rng.pick(1, 100));
    const float so = 0.01f * static_cast<float>(g_rng.pick(1, 300));
    const int32_t z1 = g_rng.pick(-128, 127), z2 = g_rng.pick(-128, 127), zo = g_rng.pick(-128, 127);
    const int which = iter % 3;
    ArithmeticBroadcastParams p = which == 0   ? add_broadcast_params(s1, z1, s2, z2, so, zo, -128, 127, false)
                                  : which == 1 ? sub_params(s1, z1, s2, z2, so, zo, -128, 127, false)
                                               : squared_difference_params(s1, z1, s2, z2, so * 50, zo, false);
    ArithmeticBroadcastParams p16 = which == 0   ? add_broadcast_params(s1, 0, s2, 0, so, 0, -32768, 32767, true)
                                    : which == 1 ? sub_params(s1, 0, s2, 0, so, 0, -32768, 32767, true)
                                                 : squared_difference_params(s1, 0, s2, 0, so * 50, 0, true);
    using Fn8 = Status (*)(const ArithmeticBroadcastParams&, const BinaryArgs<int8_t>&, void*, size_t);
    using Fn16 = Status (*)(const ArithmeticBroadcastParams&, const BinaryArgs<int16_t>&, void*, size_t);
    const Fn8 f8 = which == 0 ? add_broadcast_s8 : which == 1 ? sub_s8 : squared_difference_s8;
    const Fn16 f16 = which == 0 ? add_broadcast_s16 : which == 1 ? sub_s16 : squared_difference_s16;
    MulBroadcastParams m = mul_broadcast_params(s1, z1, s2, z2, so, zo, -128, 127);
    MaxMinBroadcastParams mm;
    for (auto* q : {&p, &p16}) {
      std::memcpy(q->input1_dims, dout, sizeof dout);
      std::memcpy(q->input2_dims, dout, sizeof dout);
      std::memcpy(q->output_dims, dout, sizeof dout);
    }
    std::memcpy(m.input1_dims, dout, sizeof dout);
    std::memcpy(m.input2_dims, dout, sizeof dout);
    std::memcpy(m.output_dims, dout, sizeof dout);
    std::memcpy(mm.input1_dims, dout, sizeof dout);
    std::memcpy(mm.input2_dims, dout, sizeof dout);
    std::memcpy(mm.output_dims, dout, sizeof dout);

    // Same-shape runs on the expanded inputs first (the expected bytes), then the broadcast ones.
    ASSERT_EQ(f8(p, BinaryArgs<int8_t>{xe, ye, want}, nullptr, 0), Status::kOk);
    ASSERT_EQ(f16(p16, BinaryArgs<int16_t>{xe16, ye16, want16}, nullptr, 0), Status::kOk);
    std::memcpy(p.input1_dims, d1, sizeof d1);
    std::memcpy(p.input2_dims, d2, sizeof d2);
    std::memcpy(p16.input1_dims, d1, sizeof d1);
    std::memcpy(p16.input2_dims, d2, sizeof d2);
    ASSERT_EQ(f8(p, BinaryArgs<int8_t>{x, y, got}, nullptr, 0), Status::kOk);
    EXPECT_BYTES_EQ(got, want, sz);
    ASSERT_EQ(f16(p16, BinaryArgs<int16_t>{x16, y16, got16}, nullptr, 0), Status::kOk);
    EXPECT_BYTES_EQ(got16, want16, sz * 2);

    ASSERT_EQ(mul_broadcast_s8(m, BinaryArgs<int8_t>{xe, ye, want}, nullptr, 0), Status::kOk);
    std::memcpy(m.input1_dims, d1, sizeof d1);
    std::memcpy(m.input2_dims, d2, sizeof d2);
    ASSERT_EQ(mul_broadcast_s8(m, BinaryArgs<int8_t>{x, y, got}, nullptr, 0), Status::kOk);
    EXPECT_BYTES_EQ(got, want, sz);

    ASSERT_EQ(minimum_broadcast_s16(mm, BinaryArgs<int16_t>{xe16, ye16, want16}, nullptr, 0), Status::kOk);
    std::memcpy(mm.input1_dims, d1, sizeof d1);
    std::memcpy(mm.input2_dims, d2, sizeof d2);
    ASSERT_EQ(minimum_broadcast_s16(mm, BinaryArgs<int16_t>{x16, y16, got16}, nullptr, 0), Status::kOk);
    EXPECT_BYTES_EQ(got16, want16, sz * 2);
    EXPECT_TRUE(test::guards_intact(got, sz));
    EXPECT_TRUE(test::guards_intact(got16, sz));
    ++runs;
    test::arena_rewind(mark);
    if (test::current_failed()) return;
  }
  platform::print("  %d random shapes compared with expanded inputs\n", runs);
}

// With equal shapes the broadcast kernels equal the existing flat ones.
TEST(Broadcast, SameShapeMatchesFlatKernels) {
  int8_t x[97], y[97], a[97], b[97];
  for (int iter = 0; iter < 40; ++iter) {
    for (int i = 0; i < 97; ++i) x[i] = static_cast<int8_t>(g_rng.next()), y[i] = static_cast<int8_t>(g_rng.next());
    const float s1 = 0.005f * static_cast<float>(g_rng.pick(1, 100)), s2 = 0.005f * static_cast<float>(g_rng.pick(1, 100));
    const float so = 0.01f * static_cast<float>(g_rng.pick(1, 100));
    const int32_t z1 = g_rng.pick(-128, 127), z2 = g_rng.pick(-128, 127), zo = g_rng.pick(-128, 127);
    const int32_t lo = g_rng.pick(-128, 0), hi = g_rng.pick(0, 127);
    ArithmeticBroadcastParams p = add_broadcast_params(s1, z1, s2, z2, so, zo, lo, hi, false);
    p.input1_dims[5] = p.input2_dims[5] = p.output_dims[5] = 97;
    AddParams f;
    f.size = 97;
    f.input1_offset = p.input1_offset, f.input1_multiplier = p.input1_multiplier, f.input1_shift = p.input1_shift;
    f.input2_offset = p.input2_offset, f.input2_multiplier = p.input2_multiplier, f.input2_shift = p.input2_shift;
    f.left_shift = p.left_shift;
    f.output_offset = p.output_offset, f.output_multiplier = p.output_multiplier, f.output_shift = p.output_shift;
    f.activation_min = lo, f.activation_max = hi;
    ASSERT_EQ(add_broadcast_s8(p, BinaryArgs<int8_t>{x, y, a}, nullptr, 0), Status::kOk);
    ASSERT_EQ(add_s8(f, BinaryArgs<int8_t>{x, y, b}, nullptr, 0), Status::kOk);
    EXPECT_BYTES_EQ(a, b, 97);

    MulBroadcastParams m = mul_broadcast_params(s1, z1, s2, z2, so, zo, lo, hi);
    m.input1_dims[4] = m.input2_dims[4] = m.output_dims[4] = 97;
    MulParams mf;
    mf.size = 97;
    mf.input1_offset = m.input1_offset, mf.input2_offset = m.input2_offset;
    mf.output_offset = m.output_offset, mf.output_multiplier = m.output_multiplier, mf.output_shift = m.output_shift;
    mf.activation_min = lo, mf.activation_max = hi;
    ASSERT_EQ(mul_broadcast_s8(m, BinaryArgs<int8_t>{x, y, a}, nullptr, 0), Status::kOk);
    ASSERT_EQ(mul_s8(mf, BinaryArgs<int8_t>{x, y, b}, nullptr, 0), Status::kOk);
    EXPECT_BYTES_EQ(a, b, 97);
  }
  // maximum_s8 (4-D) against maximum_broadcast_s8 on a broadcast [2,1,3,1] x [1,4,1,2].
  BroadcastParams bp;
  const int32_t i1[4] = {2, 1, 3, 1}, i2[4] = {1, 4, 1, 2}, o4[4] = {2, 4, 3, 2};
  std::memcpy(bp.input1, i1, sizeof i1);
  std::memcpy(bp.input2, i2, sizeof i2);
  std::memcpy(bp.output, o4, sizeof o4);
  MaxMinBroadcastParams mm;
  ASSERT_EQ(broadcast_dims(i1, 4, i2, 4, mm.input1_dims, mm.input2_dims, mm.output_dims), Status::kOk);
  ASSERT_EQ(maximum_s8(bp, BinaryArgs<int8_t>{x, y, a}, nullptr, 0), Status::kOk);
  ASSERT_EQ(maximum_broadcast_s8(mm, BinaryArgs<int8_t>{x, y, b}, nullptr, 0), Status::kOk);
  EXPECT_BYTES_EQ(a, b, 48);
}

TEST(Broadcast, ParameterChecks) {
  int8_t a[8] = {}, out[8];
  int16_t h[8] = {}, o16[8];
  ArithmeticBroadcastParams p = sub_params(1.0f, 0, 1.0f, 0, 1.0f, 0, -128, 127, false);
  p.input1_dims[5] = p.input2_dims[5] = p.output_dims[5] = 8;
  EXPECT_EQ(sub_s8(p, BinaryArgs<int8_t>{a, a, out}, nullptr, 0), Status::kOk);
  EXPECT_EQ(sub_s8(p, BinaryArgs<int8_t>{a, nullptr, out}, nullptr, 0), Status::kNullPointer);
  EXPECT_EQ(sub_s8(p, BinaryArgs<int8_t>{a, a, nullptr}, nullptr, 0), Status::kNullPointer);
  ArithmeticBroadcastParams q = p;
  q.input2_dims[5] = 4;  // neither 1 nor 8
  EXPECT_EQ(sub_s8(q, BinaryArgs<int8_t>{a, a, out}, nullptr, 0), Status::kBadShape);
  q = p;
  q.output_dims[5] = 16;  // output larger than both inputs
  EXPECT_EQ(sub_s8(q, BinaryArgs<int8_t>{a, a, out}, nullptr, 0), Status::kBadShape);
  q = p;
  q.output_dims[0] = 0;
  EXPECT_EQ(sub_s8(q, BinaryArgs<int8_t>{a, a, out}, nullptr, 0), Status::kBadShape);
  q = p;
  q.output_shift = 1;  // only squared difference may scale up
  EXPECT_EQ(sub_s8(q, BinaryArgs<int8_t>{a, a, out}, nullptr, 0), Status::kBadParameter);
  EXPECT_EQ(squared_difference_s8(q, BinaryArgs<int8_t>{a, a, out}, nullptr, 0), Status::kOk);
  q = p;
  q.input1_shift = 1;
  EXPECT_EQ(add_broadcast_s8(q, BinaryArgs<int8_t>{a, a, out}, nullptr, 0), Status::kBadParameter);
  q = p;
  q.input2_offset = 129;
  EXPECT_EQ(add_broadcast_s8(q, BinaryArgs<int8_t>{a, a, out}, nullptr, 0), Status::kBadParameter);
  q = p;
  q.activation_min = 10;
  q.activation_max = 9;
  EXPECT_EQ(sub_s8(q, BinaryArgs<int8_t>{a, a, out}, nullptr, 0), Status::kBadParameter);
  q = p;
  q.left_shift = 23;
  EXPECT_EQ(sub_s8(q, BinaryArgs<int8_t>{a, a, out}, nullptr, 0), Status::kBadParameter);
  q = sub_params(1.0f, 0, 1.0f, 0, 1.0f, 0, -32768, 32767, true);
  q.input1_dims[5] = q.input2_dims[5] = q.output_dims[5] = 8;
  EXPECT_EQ(sub_s16(q, BinaryArgs<int16_t>{h, h, o16}, nullptr, 0), Status::kOk);
  q.input1_offset = 1;  // int16 zero points are 0
  EXPECT_EQ(sub_s16(q, BinaryArgs<int16_t>{h, h, o16}, nullptr, 0), Status::kBadParameter);
  q.input1_offset = 0;
  q.activation_min = -40000;
  EXPECT_EQ(add_broadcast_s16(q, BinaryArgs<int16_t>{h, h, o16}, nullptr, 0), Status::kBadParameter);

  MulBroadcastParams m = mul_broadcast_params(1.0f, 0, 1.0f, 0, 1.0f, 0, -128, 127);
  m.output_shift = 31;
  EXPECT_EQ(mul_broadcast_s8(m, BinaryArgs<int8_t>{a, a, out}, nullptr, 0), Status::kBadParameter);
  m.output_shift = 0;
  m.input1_offset = 5;
  EXPECT_EQ(mul_broadcast_s16(m, BinaryArgs<int16_t>{h, h, o16}, nullptr, 0), Status::kBadParameter);
  MaxMinBroadcastParams mm;
  mm.input1_dims[2] = 2;
  mm.input2_dims[2] = 3;
  mm.output_dims[2] = 3;
  EXPECT_EQ(maximum_broadcast_s8(mm, BinaryArgs<int8_t>{a, a, out}, nullptr, 0), Status::kBadShape);
  mm.input1_dims[2] = 1;
  EXPECT_EQ(maximum_broadcast_s8(mm, BinaryArgs<int8_t>{nullptr, a, out}, nullptr, 0), Status::kNullPointer);
  EXPECT_EQ(maximum_broadcast_s8(mm, BinaryArgs<int8_t>{a, a, out}, nullptr, 0), Status::kOk);

  size_t count = 0;
  EXPECT_EQ(std::strcmp(sub_s8_variants(&count)[count - 1].id, "sub_s8.ref"), 0);
  EXPECT_TRUE(squared_difference_s16_find_variant("squared_difference_s16.ref") != nullptr);
  EXPECT_EQ(add_broadcast_s8_scratch_bytes(p), size_t{0});
}

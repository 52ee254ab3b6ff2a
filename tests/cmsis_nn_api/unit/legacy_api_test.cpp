// The legacy q7/q15 names of the CMSIS-NN API (CMSIS-NN 3.x, the paper's functions) against
// cmnn's reference forms: the CMSIS_5 CIFAR-10 example network (../shared, the calls and layouts
// of arm_nnexamples_cifar10.cpp, IP1 weights interleaved for arm_fully_connected_q7_opt) layer by
// layer against the basic/row-major forms, and seeded random shapes for the other functions.
#include <cstring>
#include <initializer_list>

#include "arm_nnfunctions.h"
#include "arm_nnsupportfunctions.h"
#include "cmnn/legacy/activations.h"
#include "cmnn/legacy/convolution.h"
#include "cmnn/legacy/fully_connected.h"
#include "cmnn/legacy/pooling.h"
#include "test.h"
#include "test_data.h"

using namespace cmnn;
using namespace cmnn::legacy;

namespace {

template <typename T>
T* alloc(size_t n) {
  return test::arena_alloc<T>(n > 0 ? n : 1);
}

template <typename T>
void fill(test::Xorshift32& rng, T* p, size_t n, int lo, int hi) {
  for (size_t i = 0; i < n; ++i) p[i] = static_cast<T>(rng.pick(lo, hi));
}

// The average pooling rounding the API uses on this core (see legacy_other.cpp).
AvgRounding api_rounding() { return isa_native(Isa::kDsp) ? AvgRounding::kSeparable : AvgRounding::kExact; }

const q7_t* shared_q7(const char* name, size_t expected_count) {
  char path[160];
  platform::format(path, sizeof path, "data/paper-cifar10/cmsis5_example_v1_2017/%s", name);
  size_t n = 0;
  const uint8_t* data = test::read_shared(path, &n);
  return data != nullptr && n == expected_count ? reinterpret_cast<const q7_t*>(data) : nullptr;
}

ConvShape square(int dim, int in_ch, int out_ch, int ker, int pad, int stride, int out_dim) {
  return ConvShape{dim, dim, in_ch, out_ch, ker, ker, pad, pad, stride, stride, out_dim, out_dim};
}

}  // namespace

TEST(cmsis_nn_legacy, cifar10_example_layer_by_layer) {
  const q7_t* img = shared_q7("img_data.bin", 32 * 32 * 3);
  const q7_t* w1 = shared_q7("conv1_wt.bin", 2400);
  const q7_t* b1 = shared_q7("conv1_bias.bin", 32);
  const q7_t* w2 = shared_q7("conv2_wt.bin", 12800);
  const q7_t* b2 = shared_q7("conv2_bias.bin", 16);
  const q7_t* w3 = shared_q7("conv3_wt.bin", 12800);
  const q7_t* b3 = shared_q7("conv3_bias.bin", 32);
  const q7_t* ip_opt = shared_q7("ip1_wt.bin", 5120);
  const q7_t* ip_row = shared_q7("ip1_wt_rowmajor.bin", 5120);
  const q7_t* ip_b = shared_q7("ip1_bias.bin", 10);
  if (img == nullptr || w1 == nullptr || b1 == nullptr || w2 == nullptr || b2 == nullptr || w3 == nullptr ||
      b3 == nullptr || ip_opt == nullptr || ip_row == nullptr || ip_b == nullptr)
    SKIP("paper-cifar10/cmsis5_example_v1_2017 absent");
  // The example's buffers: col_buffer (2 * 5 * 5 * 32 q15) and two activation buffers.
  auto* col = alloc<q15_t>(2 * 5 * 5 * 32);
  auto* a = alloc<q7_t>(32 * 32 * 32);
  auto* b = alloc<q7_t>(32 * 32 * 32);
  auto* ra = alloc<q7_t>(32 * 32 * 32);  // reference path
  auto* rb = alloc<q7_t>(32 * 32 * 32);
  auto* out = alloc<q7_t>(10);
  auto* ref_out = alloc<q7_t>(10);
  const AvgRounding rounding = api_rounding();
  auto* input = alloc<q7_t>(32 * 32 * 3);  // arm_maxpool/avepool take a non-const input
  std::memcpy(input, img, 32 * 32 * 3);

  // conv1 5x5 3->32 pad 2 (RGB), relu, maxpool 3x3 s2.
  ASSERT_EQ(arm_convolve_HWC_q7_RGB(input, 32, 3, w1, 32, 5, 2, 1, b1, 0, 11, a, 32, col, nullptr), ARM_CMSIS_NN_SUCCESS);
  ASSERT_EQ(convolve_hwc_q7_basic(square(32, 3, 32, 5, 2, 1, 32), img, w1, b1, Shifts{0, 11}, ra), Status::kOk);
  ASSERT_BYTES_EQ(a, ra, 32 * 32 * 32);
  arm_relu_q7(a, 32 * 32 * 32);
  ASSERT_EQ(relu_q7(ra, 32 * 32 * 32, ra, Path::kPortable), Status::kOk);
  arm_maxpool_q7_HWC(a, 32, 32, 3, 0, 2, 16, nullptr, b);
  ASSERT_EQ(maxpool_q7_hwc(PoolShape{32, 32, 32, 3, 3, 0, 0, 2, 2, 16, 16}, ra, rb, Path::kPortable), Status::kOk);
  ASSERT_BYTES_EQ(b, rb, 16 * 16 * 32);
  // conv2 5x5 32->16 pad 2 (fast), relu, avepool 3x3 s2.
  ASSERT_EQ(arm_convolve_HWC_q7_fast(b, 16, 32, w2, 16, 5, 2, 1, b2, 0, 8, a, 16, col, nullptr), ARM_CMSIS_NN_SUCCESS);
  ASSERT_EQ(convolve_hwc_q7_basic(square(16, 32, 16, 5, 2, 1, 16), rb, w2, b2, Shifts{0, 8}, ra), Status::kOk);
  ASSERT_BYTES_EQ(a, ra, 16 * 16 * 16);
  arm_relu_q7(a, 16 * 16 * 16);
  ASSERT_EQ(relu_q7(ra, 16 * 16 * 16, ra, Path::kPortable), Status::kOk);
  arm_avepool_q7_HWC(a, 16, 16, 3, 0, 2, 8, nullptr, b);
  ASSERT_EQ(avepool_q7_hwc(PoolShape{16, 16, 16, 3, 3, 0, 0, 2, 2, 8, 8}, ra, rb, rounding, Path::kPortable),
            Status::kOk);
  ASSERT_BYTES_EQ(b, rb, 8 * 8 * 16);
  // conv3 5x5 16->32 pad 2 (fast), relu, avepool 3x3 s2.
  ASSERT_EQ(arm_convolve_HWC_q7_fast(b, 8, 16, w3, 32, 5, 2, 1, b3, 0, 8, a, 8, col, nullptr), ARM_CMSIS_NN_SUCCESS);
  ASSERT_EQ(convolve_hwc_q7_basic(square(8, 16, 32, 5, 2, 1, 8), rb, w3, b3, Shifts{0, 8}, ra), Status::kOk);
  ASSERT_BYTES_EQ(a, ra, 8 * 8 * 32);
  arm_relu_q7(a, 8 * 8 * 32);
  ASSERT_EQ(relu_q7(ra, 8 * 8 * 32, ra, Path::kPortable), Status::kOk);
  arm_avepool_q7_HWC(a, 8, 32, 3, 0, 2, 4, nullptr, b);
  ASSERT_EQ(avepool_q7_hwc(PoolShape{8, 8, 32, 3, 3, 0, 0, 2, 2, 4, 4}, ra, rb, rounding, Path::kPortable),
            Status::kOk);
  ASSERT_BYTES_EQ(b, rb, 4 * 4 * 32);
  // ip1 512->10: the interleaved weights through _opt against the row-major ones, then softmax.
  ASSERT_EQ(arm_fully_connected_q7_opt(b, ip_opt, 512, 10, 5, 7, ip_b, out, col), ARM_CMSIS_NN_SUCCESS);
  auto* vec = alloc<q15_t>(512);
  ASSERT_EQ(fully_connected_q7(rb, ip_row, 512, 10, ip_b, Shifts{5, 7}, ref_out, vec, 512 * sizeof(q15_t),
                               Path::kPortable),
            Status::kOk);
  ASSERT_BYTES_EQ(out, ref_out, 10);
  ASSERT_EQ(arm_fully_connected_q7(b, ip_row, 512, 10, 5, 7, ip_b, out, col), ARM_CMSIS_NN_SUCCESS);
  ASSERT_BYTES_EQ(out, ref_out, 10);
  arm_softmax_q7(out, 10, a);
  ASSERT_EQ(softmax_q7(ref_out, 10, ra), Status::kOk);
  ASSERT_BYTES_EQ(a, ra, 10);
  int top = 0;
  for (int i = 1; i < 10; ++i) top = a[i] > a[top] ? i : top;
  platform::print("    CMSIS_5 example image: class %d (score %d/127) through the legacy C API\n", top, a[top]);
}

TEST(cmsis_nn_legacy, q7_convolutions_equal_basic_on_random_shapes) {
  test::Xorshift32 rng(0xC0FFEEu);
  int compared = 0;
  for (int n = 0; n < 24; ++n) {
    test::arena_reset();
    const int kind = n % 4;  // 0 basic, 1 fast, 2 RGB, 3 1x1
    ConvShape s{};
    s.in_ch = kind == 2 ? 3 : kind == 0 ? rng.pick(1, 6) : 4 * rng.pick(1, 3);
    s.out_ch = kind == 0 ? rng.pick(1, 5) : 2 * rng.pick(1, 3);
    s.in_x = rng.pick(4, 8);  // at least the largest kernel: every output size is positive
    s.in_y = rng.pick(4, 8);
    s.ker_x = kind == 3 ? 1 : rng.pick(1, 4);
    s.ker_y = kind == 3 ? 1 : rng.pick(1, 4);
    s.pad_x = kind == 3 ? 0 : rng.pick(0, 1);
    s.pad_y = kind == 3 ? 0 : rng.pick(0, 1);
    s.stride_x = kind == 3 ? 1 : rng.pick(1, 2);
    s.stride_y = kind == 3 ? 1 : rng.pick(1, 2);
    if (kind == 2) {  // the RGB form is square only
      s.in_y = s.in_x;
      s.ker_y = s.ker_x;
      s.pad_y = s.pad_x;
      s.stride_y = s.stride_x;
    }
    s.out_x = (s.in_x + 2 * s.pad_x - s.ker_x) / s.stride_x + 1;
    s.out_y = (s.in_y + 2 * s.pad_y - s.ker_y) / s.stride_y + 1;
    const size_t in_n = static_cast<size_t>(s.in_x) * s.in_y * s.in_ch;
    const size_t w_n = static_cast<size_t>(s.out_ch) * s.ker_x * s.ker_y * s.in_ch;
    const size_t out_n = static_cast<size_t>(s.out_x) * s.out_y * s.out_ch;
    auto* in = alloc<q7_t>(in_n);
    auto* wt = alloc<q7_t>(w_n);
    auto* bias = alloc<q7_t>(static_cast<size_t>(s.out_ch));
    auto* out = alloc<q7_t>(out_n);
    auto* ref = alloc<q7_t>(out_n);
    auto* buffer = alloc<q15_t>(2 * static_cast<size_t>(s.in_ch) * s.ker_x * s.ker_y);
    fill(rng, in, in_n, -128, 127);
    fill(rng, wt, w_n, -128, 127);
    fill(rng, bias, static_cast<size_t>(s.out_ch), -128, 127);
    const auto shift = static_cast<uint16_t>(rng.pick(6, 10));
    ASSERT_EQ(convolve_hwc_q7_basic(s, in, wt, bias, Shifts{1, shift}, ref), Status::kOk);
    const auto u = [](int v) { return static_cast<uint16_t>(v); };
    arm_cmsis_nn_status st = ARM_CMSIS_NN_FAILURE;
    if (kind == 0)
      st = arm_convolve_HWC_q7_basic_nonsquare(in, u(s.in_x), u(s.in_y), u(s.in_ch), wt, u(s.out_ch), u(s.ker_x),
                                               u(s.ker_y), u(s.pad_x), u(s.pad_y), u(s.stride_x), u(s.stride_y), bias,
                                               1, shift, out, u(s.out_x), u(s.out_y), buffer, nullptr);
    else if (kind == 1)
      st = arm_convolve_HWC_q7_fast_nonsquare(in, u(s.in_x), u(s.in_y), u(s.in_ch), wt, u(s.out_ch), u(s.ker_x),
                                              u(s.ker_y), u(s.pad_x), u(s.pad_y), u(s.stride_x), u(s.stride_y), bias, 1,
                                              shift, out, u(s.out_x), u(s.out_y), buffer, nullptr);
    else if (kind == 2)
      st = arm_convolve_HWC_q7_RGB(in, u(s.in_x), 3, wt, u(s.out_ch), u(s.ker_x), u(s.pad_x), u(s.stride_x), bias, 1,
                                   shift, out, u(s.out_x), buffer, nullptr);
    else
      st = arm_convolve_1x1_HWC_q7_fast_nonsquare(in, u(s.in_x), u(s.in_y), u(s.in_ch), wt, u(s.out_ch), 1, 1, 0, 0,
                                                  1, 1, bias, 1, shift, out, u(s.out_x), u(s.out_y), buffer, nullptr);
    ASSERT_EQ(st, ARM_CMSIS_NN_SUCCESS);
    ASSERT_BYTES_EQ(out, ref, out_n);
    // q15 and depthwise on the same shape (depthwise: out_ch = in_ch).
    auto* in15 = alloc<q15_t>(in_n);
    auto* wt15 = alloc<q15_t>(w_n);
    auto* b15 = alloc<q15_t>(static_cast<size_t>(s.out_ch));
    auto* out15 = alloc<q15_t>(out_n);
    auto* ref15 = alloc<q15_t>(out_n);
    fill(rng, in15, in_n, -2000, 2000);
    fill(rng, wt15, w_n, -2000, 2000);
    fill(rng, b15, static_cast<size_t>(s.out_ch), -2000, 2000);
    ASSERT_EQ(convolve_hwc_q15_basic(s, in15, wt15, b15, Shifts{2, 15}, ref15), Status::kOk);
    if (s.in_ch % 2 == 0 && s.out_ch % 2 == 0) {
      ASSERT_EQ(arm_convolve_HWC_q15_fast_nonsquare(in15, u(s.in_x), u(s.in_y), u(s.in_ch), wt15, u(s.out_ch),
                                                    u(s.ker_x), u(s.ker_y), u(s.pad_x), u(s.pad_y), u(s.stride_x),
                                                    u(s.stride_y), b15, 2, 15, out15, u(s.out_x), u(s.out_y), buffer,
                                                    nullptr),
                ARM_CMSIS_NN_SUCCESS);
      ASSERT_BYTES_EQ(out15, ref15, out_n * 2);
    }
    ConvShape d = s;
    d.out_ch = d.in_ch;
    const size_t d_out = static_cast<size_t>(d.out_x) * d.out_y * d.out_ch;
    auto* dw = alloc<q7_t>(static_cast<size_t>(d.ker_x) * d.ker_y * d.in_ch);
    auto* db = alloc<q7_t>(static_cast<size_t>(d.in_ch));
    auto* dout = alloc<q7_t>(d_out);
    auto* dref = alloc<q7_t>(d_out);
    fill(rng, dw, static_cast<size_t>(d.ker_x) * d.ker_y * d.in_ch, -128, 127);
    fill(rng, db, static_cast<size_t>(d.in_ch), -128, 127);
    ASSERT_EQ(depthwise_separable_conv_hwc_q7_basic(d, in, dw, db, Shifts{1, shift}, dref), Status::kOk);
    ASSERT_EQ(arm_depthwise_separable_conv_HWC_q7_nonsquare(in, u(d.in_x), u(d.in_y), u(d.in_ch), dw, u(d.out_ch),
                                                            u(d.ker_x), u(d.ker_y), u(d.pad_x), u(d.pad_y),
                                                            u(d.stride_x), u(d.stride_y), db, 1, shift, dout,
                                                            u(d.out_x), u(d.out_y), nullptr, nullptr),
              ARM_CMSIS_NN_SUCCESS);
    ASSERT_BYTES_EQ(dout, dref, d_out);
    ++compared;
  }
  platform::print("    %d shapes: q7 basic/fast/RGB/1x1, q15 fast and depthwise equal the basic forms\n", compared);
}

TEST(cmsis_nn_legacy, rejections_write_nothing) {
  q7_t in[4 * 4 * 3] = {}, wt[2 * 3 * 3 * 3] = {}, bias[2] = {};
  q7_t out[4 * 4 * 2];
  q15_t buffer[2 * 3 * 3 * 4];
  std::memset(out, 0x5A, sizeof out);
  // fast needs ch_im_in % 4 == 0; RGB needs 3 input channels; depthwise out == in; q15 fast its buffer.
  EXPECT_EQ(arm_convolve_HWC_q7_fast(in, 4, 3, wt, 2, 3, 1, 1, bias, 0, 7, out, 4, buffer, nullptr),
            ARM_CMSIS_NN_ARG_ERROR);
  EXPECT_EQ(arm_convolve_HWC_q7_RGB(in, 4, 4, wt, 2, 3, 1, 1, bias, 0, 7, out, 4, buffer, nullptr),
            ARM_CMSIS_NN_ARG_ERROR);
  EXPECT_EQ(arm_depthwise_separable_conv_HWC_q7(in, 4, 3, wt, 2, 3, 1, 1, bias, 0, 7, out, 4, buffer, nullptr),
            ARM_CMSIS_NN_ARG_ERROR);
  q15_t in15[4 * 4 * 2] = {}, wt15[2 * 3 * 3 * 2] = {}, b15[2] = {}, out15[4 * 4 * 2];
  EXPECT_EQ(arm_convolve_HWC_q15_fast(in15, 4, 2, wt15, 2, 3, 1, 1, b15, 0, 7, out15, 4, nullptr, nullptr),
            ARM_CMSIS_NN_ARG_ERROR);
  EXPECT_EQ(arm_convolve_HWC_q7_basic(in, 4, 3, wt, 2, 3, 1, 1, bias, 0, 7, out, 0, buffer, nullptr),
            ARM_CMSIS_NN_ARG_ERROR);  // output size 0
  for (q7_t v : out) ASSERT_EQ(v, static_cast<q7_t>(0x5A));
}

TEST(cmsis_nn_legacy, fully_connected_activations_softmax_support) {
  test::Xorshift32 rng(0x5EEDu);
  const int dim = 37, rows = 11;
  auto* v7 = alloc<q7_t>(dim);
  auto* m7 = alloc<q7_t>(dim * rows);
  auto* m7i = alloc<q7_t>(dim * rows);
  auto* b7 = alloc<q7_t>(rows);
  auto* v15 = alloc<q15_t>(dim);
  auto* m15 = alloc<q15_t>(dim * rows);
  auto* m15i = alloc<q15_t>(dim * rows);
  auto* b15 = alloc<q15_t>(rows);
  auto* o15 = alloc<q15_t>(rows);
  auto* r15 = alloc<q15_t>(rows);
  auto* vb = alloc<q15_t>(dim);
  fill(rng, v7, dim, -128, 127);
  fill(rng, m7, static_cast<size_t>(dim) * rows, -128, 127);
  fill(rng, b7, rows, -128, 127);
  fill(rng, v15, dim, -3000, 3000);
  fill(rng, m15, static_cast<size_t>(dim) * rows, -3000, 3000);
  fill(rng, b15, rows, -3000, 3000);
  // q15 and mixed forms, row-major and interleaved, against the portable reference.
  ASSERT_EQ(fully_connected_q15(v15, m15, dim, rows, b15, Shifts{3, 15}, r15, Path::kPortable), Status::kOk);
  ASSERT_EQ(arm_fully_connected_q15(v15, m15, dim, rows, 3, 15, b15, o15, vb), ARM_CMSIS_NN_SUCCESS);
  ASSERT_BYTES_EQ(o15, r15, rows * 2);
  ASSERT_EQ(reorder_fully_connected_q15_opt(m15, dim, rows, m15i), Status::kOk);
  ASSERT_EQ(arm_fully_connected_q15_opt(v15, m15i, dim, rows, 3, 15, b15, o15, vb), ARM_CMSIS_NN_SUCCESS);
  ASSERT_BYTES_EQ(o15, r15, rows * 2);
  ASSERT_EQ(fully_connected_mat_q7_vec_q15(v15, m7, dim, rows, b7, Shifts{4, 9}, r15, Path::kPortable), Status::kOk);
  ASSERT_EQ(arm_fully_connected_mat_q7_vec_q15(v15, m7, dim, rows, 4, 9, b7, o15, vb), ARM_CMSIS_NN_SUCCESS);
  ASSERT_BYTES_EQ(o15, r15, rows * 2);
  ASSERT_EQ(reorder_fully_connected_mat_q7_vec_q15_opt(m7, dim, rows, m7i), Status::kOk);
  ASSERT_EQ(arm_fully_connected_mat_q7_vec_q15_opt(v15, m7i, dim, rows, 4, 9, b7, o15, vb), ARM_CMSIS_NN_SUCCESS);
  ASSERT_BYTES_EQ(o15, r15, rows * 2);
  // Activations in place against the out-of-place reference.
  auto* a7 = alloc<q7_t>(dim);
  auto* r7 = alloc<q7_t>(dim);
  for (int width = 0; width <= 3; ++width) {
    for (arm_nn_activation_type type : {ARM_SIGMOID, ARM_TANH}) {
      std::memcpy(a7, v7, dim);
      arm_nn_activations_direct_q7(a7, dim, static_cast<uint16_t>(width), type);
      ASSERT_EQ(activation_q7(v7, dim, width, type == ARM_TANH ? Activation::kTanh : Activation::kSigmoid, r7),
                Status::kOk);
      ASSERT_BYTES_EQ(a7, r7, dim);
      std::memcpy(o15, v15, rows * 2);
      arm_nn_activations_direct_q15(o15, static_cast<uint16_t>(rows), static_cast<uint16_t>(width), type);
      ASSERT_EQ(activation_q15(v15, rows, width, type == ARM_TANH ? Activation::kTanh : Activation::kSigmoid, r15),
                Status::kOk);
      ASSERT_BYTES_EQ(o15, r15, rows * 2);
    }
  }
  std::memcpy(o15, v15, rows * 2);
  arm_relu_q15(o15, static_cast<uint16_t>(rows));
  for (int i = 0; i < rows; ++i) ASSERT_EQ(o15[i], static_cast<q15_t>(v15[i] < 0 ? 0 : v15[i]));
  // Batched softmax row by row; q15 softmax.
  auto* s_out = alloc<q7_t>(dim);
  arm_softmax_with_batch_q7(v7, 1, static_cast<uint16_t>(dim), s_out);
  ASSERT_EQ(softmax_q7(v7, dim, r7), Status::kOk);
  ASSERT_BYTES_EQ(s_out, r7, dim);
  arm_softmax_q15(v15, static_cast<uint16_t>(rows), o15);
  ASSERT_EQ(softmax_q15(v15, rows, r15), Status::kOk);
  ASSERT_BYTES_EQ(o15, r15, rows * 2);
  // Widening: plain, reordered (a b c d -> a c b d), with an offset.
  q7_t src[6] = {1, -2, 3, -4, 5, -6};
  q15_t dst[6];
  arm_q7_to_q15_no_shift(src, dst, 6);
  for (int i = 0; i < 6; ++i) ASSERT_EQ(dst[i], static_cast<q15_t>(src[i]));
  arm_q7_to_q15_reordered_no_shift(src, dst, 6);
  const q15_t reordered[6] = {1, 3, -2, -4, 5, -6};
  ASSERT_BYTES_EQ(dst, reordered, sizeof reordered);
  arm_q7_to_q15_with_offset(src, dst, 6, 100);
  for (int i = 0; i < 6; ++i) ASSERT_EQ(dst[i], static_cast<q15_t>(src[i] + 100));
  // Products: sat((a * b + round) >> shift).
  q7_t p7[3] = {100, -100, 7}, q7v[3] = {100, 100, 3}, m7o[3];
  arm_nn_mult_q7(p7, q7v, m7o, 7, 3);
  const q7_t expected7[3] = {78, -78, 0};  // 10000 + 64 >> 7 = 78; -10000 + 64 >> 7 = -78; 21 + 64 >> 7 = 0
  ASSERT_BYTES_EQ(m7o, expected7, 3);
}

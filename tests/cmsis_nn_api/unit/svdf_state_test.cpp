// arm_svdf_s8 with a non-zero state zero point, which cmsis_nn_svdf_params cannot carry: the
// wrapper reads it back from the kernel sums the caller stores in ctx (as TFLM does). Checked
// against cmnn's svdf_s8 given the zero point directly (TFLite's reference, bit-exact on the oracle),
// over six steps on one state; and with no sums, the state zero point is taken as 0.
#include <cstring>

#include "arm_nnfunctions.h"
#include "cmnn/svdf.h"
#include "test.h"
#include "test_data.h"

using namespace cmnn;

TEST(cmsis_nn_svdf, state_zero_point_from_kernel_sums) {
  test::Xorshift32 rng(0x5D0Fu);
  constexpr int32_t kBatches = 2, kInput = 7, kFeatures = 6, kRank = 2, kTime = 4, kUnits = kFeatures / kRank;
  constexpr int32_t kInputZp = -128, kStateZp = -20;
  int8_t wf[kFeatures * kInput], wt[kFeatures * kTime], x[6][kBatches * kInput];
  int32_t bias[kUnits];
  for (auto& v : wf) v = static_cast<int8_t>(rng.pick(-128, 127));
  for (auto& v : wt) v = static_cast<int8_t>(rng.pick(-128, 127));
  for (auto& row : x)
    for (auto& v : row) v = static_cast<int8_t>(rng.pick(-128, 127));
  for (auto& v : bias) v = rng.pick(-5000, 5000);
  int8_t state_api[kBatches * kFeatures * kTime], state_ref[kBatches * kFeatures * kTime];
  std::memset(state_api, kStateZp, sizeof state_api);  // TFLM starts a variable tensor at its zero point
  std::memset(state_ref, kStateZp, sizeof state_ref);
  int32_t sums[kFeatures], in_buf[kBatches * kFeatures], out_buf[kBatches * kUnits];
  ASSERT_EQ(arm_vector_sum_s8(sums, kInput, kFeatures, wf, -kInputZp, -kStateZp, nullptr), ARM_CMSIS_NN_SUCCESS);
  const cmsis_nn_context ctx{sums, 0}, in_ctx{in_buf, 0}, out_ctx{out_buf, 0};
  // TFLM's glue: the input zero point itself, int16 limits for the state.
  const cmsis_nn_svdf_params sp{kRank, kInputZp, 3, cmsis_nn_activation{INT16_MIN, INT16_MAX},
                                cmsis_nn_activation{-128, 127}};
  const cmsis_nn_per_tensor_quant_params in_q{1500000000, -9}, out_q{1300000000, -8};
  const cmsis_nn_dims in_d{kBatches, kInput, 1, 1}, wf_d{kFeatures, kInput, 1, 1}, wt_d{kFeatures, kTime, 1, 1};
  const cmsis_nn_dims state_d{kBatches, kFeatures * kTime, 1, 1}, bias_d{kUnits, 1, 1, 1}, out_d{kBatches, kUnits, 1, 1};
  SvdfParams p;
  p.batches = kBatches;
  p.input_size = kInput;
  p.feature_batches = kFeatures;
  p.rank = kRank;
  p.time_batches = kTime;
  p.input_offset = -kInputZp;
  p.output_offset = 3;
  p.input_multiplier = in_q.multiplier;
  p.input_shift = in_q.shift;
  p.output_multiplier = out_q.multiplier;
  p.output_shift = out_q.shift;
  p.state_zero_point = kStateZp;
  SvdfS8Args a;
  a.weights_feature = wf;
  a.weights_time = wt;
  a.bias = bias;
  a.state = state_ref;
  int8_t out_api[kBatches * kUnits], out_ref[kBatches * kUnits];
  a.output = out_ref;
  for (int step = 0; step < 6; ++step) {
    ASSERT_EQ(arm_svdf_s8(&ctx, &in_ctx, &out_ctx, &sp, &in_q, &out_q, &in_d, x[step], &state_d, state_api, &wf_d, wf,
                          &wt_d, wt, &bias_d, bias, &out_d, out_api),
              ARM_CMSIS_NN_SUCCESS);
    a.input = x[step];
    ASSERT_EQ(svdf_s8(p, a, nullptr, 0), Status::kOk);
    ASSERT_BYTES_EQ(out_api, out_ref, sizeof out_ref);
    ASSERT_BYTES_EQ(state_api, state_ref, sizeof state_ref);
  }
  // Without the sums there is no zero point to read: 0, as CMSIS-NN assumes.
  const cmsis_nn_context no_sums{nullptr, 0};
  std::memset(state_api, 0, sizeof state_api);
  std::memset(state_ref, 0, sizeof state_ref);
  p.state_zero_point = 0;
  ASSERT_EQ(arm_svdf_s8(&no_sums, &in_ctx, &out_ctx, &sp, &in_q, &out_q, &in_d, x[0], &state_d, state_api, &wf_d, wf,
                        &wt_d, wt, &bias_d, bias, &out_d, out_api),
            ARM_CMSIS_NN_SUCCESS);
  a.input = x[0];
  ASSERT_EQ(svdf_s8(p, a, nullptr, 0), Status::kOk);
  ASSERT_BYTES_EQ(out_api, out_ref, sizeof out_ref);
}

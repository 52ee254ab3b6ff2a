// Softmax parameter limits: the scalings of the real models (layers.json: shift 24 with diff_min
// -124 in ic_resnet8 and kws_dscnn) are accepted and give a distribution; a shift whose rescaled
// diff_min would overflow int32 is refused.
#include "cmnn/softmax.h"
#include "test.h"

TEST(SoftmaxS8, AcceptsTheModelsScalings) {
  struct Scaling {
    int32_t multiplier, shift, diff_min;
  };
  const Scaling scalings[] = {{1476214619, 24, -124}, {1242903406, 24, -124}, {2011556523, 20, -1984},
                              {1073741824, 23, -248}};
  int8_t input[12], output[12];
  for (int i = 0; i < 12; ++i) input[i] = static_cast<int8_t>(i * 9 - 50);
  int cases = 0;
  for (const Scaling& s : scalings) {
    cmnn::SoftmaxParams p;
    p.row_size = 12;
    p.input_multiplier = s.multiplier;
    p.input_left_shift = s.shift;
    p.diff_min = s.diff_min;
    ASSERT_EQ(cmnn::softmax_s8(p, {input, output}, nullptr, 0), cmnn::Status::kOk);
    int sum = 0;
    for (int i = 0; i < 12; ++i) sum += output[i] + 128;
    EXPECT_GE(sum, 244);  // probabilities in 1/256 steps, each rounded: the total is 256 within the rounding
    EXPECT_LE(sum, 268);
    for (int i = 1; i < 12; ++i) EXPECT_GE(output[i], output[i - 1]);  // monotonic in the input
    ++cases;
  }
  EXPECT_EQ(cases, 4);
}

TEST(SoftmaxS8, RefusesAnOverflowingScaling) {
  int8_t input[4] = {1, 2, 3, 4}, output[4];
  cmnn::SoftmaxParams p;
  p.row_size = 4;
  p.input_multiplier = 1 << 30;
  p.input_left_shift = 24;
  p.diff_min = -200;  // 200 << 24 > INT32_MAX
  EXPECT_EQ(cmnn::softmax_s8(p, {input, output}, nullptr, 0), cmnn::Status::kBadParameter);
  p.input_left_shift = 31;
  p.diff_min = 0;
  EXPECT_EQ(cmnn::softmax_s8(p, {input, output}, nullptr, 0), cmnn::Status::kBadParameter);
}

// TFLM's oracle case softmax_int16_3: rows of one element (shape [4,1], input scale 2^-8, beta 2).
// Each probability is 1.0 = 32767; the rescale rounds to 32768 first and must saturate, not wrap.
TEST(SoftmaxS16, LoneElementRowsSaturateToOne) {
  cmnn::SoftmaxParams p;
  p.rows = 4;
  p.row_size = 1;
  p.input_multiplier = 1717960704;  // QuantizeMultiplier(2^-8 * 2 / (10 / 65535))
  p.input_left_shift = 6;
  const int16_t input[4] = {-30623, 28628, -15876, -9807};
  int16_t output[4] = {0, 0, 0, 0};
  ASSERT_EQ(cmnn::softmax_s16(p, {input, output}, nullptr, 0), cmnn::Status::kOk);
  for (int i = 0; i < 4; ++i) EXPECT_EQ(output[i], 32767);
}

// TFLite's parameter arithmetic on hand-checked cases (expected values worked out from the
// TFLite formulas; the add/softmax ones also appear in shared/bench/layers.json).
#include "graph/quant_math.h"
#include "import/flatbuffer.h"
#include "test.h"

using cmnn::tool::tflite::Activation;
using cmnn::tool::tflite::Padding;

TEST(quant_math, same_and_valid_padding) {
  // 32 -> 16 with 3x3 stride 2 SAME: total padding 1, all of it after.
  EXPECT_EQ(cmnn::tool::conv_output_size(Padding::kSame, 32, 3, 2, 1), 16);
  auto p = cmnn::tool::conv_padding(32, 3, 2, 1, 16);
  EXPECT_EQ(p.before, 0);
  EXPECT_EQ(p.after, 1);
  // KWS first layer: 49 rows, 10-tall filter, stride 2 SAME -> 25 rows, padding 4 + 5.
  EXPECT_EQ(cmnn::tool::conv_output_size(Padding::kSame, 49, 10, 2, 1), 25);
  p = cmnn::tool::conv_padding(49, 10, 2, 1, 25);
  EXPECT_EQ(p.before, 4);
  EXPECT_EQ(p.after, 5);
  // VALID: (in + stride - effective) / stride; dilation 2 makes a 3-tap filter 5 wide.
  EXPECT_EQ(cmnn::tool::conv_output_size(Padding::kValid, 10, 3, 1, 2), 6);
  EXPECT_EQ(cmnn::tool::conv_output_size(Padding::kValid, 3, 3, 2, 1), 1);
  EXPECT_EQ(cmnn::tool::conv_output_size(Padding::kValid, 3, 3, 0, 1), 0);
  p = cmnn::tool::conv_padding(3, 3, 2, 1, 1);
  EXPECT_EQ(p.before + p.after, 0);
}

TEST(quant_math, activation_ranges) {
  auto r = cmnn::tool::activation_range(Activation::kRelu, 0.1f, 10, -128, 127);
  EXPECT_EQ(r.min, 10);
  EXPECT_EQ(r.max, 127);
  r = cmnn::tool::activation_range(Activation::kRelu6, 0.05f, -128, -128, 127);  // 6/0.05 = 120
  EXPECT_EQ(r.min, -128);
  EXPECT_EQ(r.max, -8);
  r = cmnn::tool::activation_range(Activation::kReluN1To1, 0.01f, 0, -128, 127);
  EXPECT_EQ(r.min, -100);
  EXPECT_EQ(r.max, 100);
  r = cmnn::tool::activation_range(Activation::kNone, 0.01f, 3, -128, 127);
  EXPECT_EQ(r.min, -128);
  EXPECT_EQ(r.max, 127);
  bool threw = false;
  try {
    cmnn::tool::activation_range(Activation::kTanh, 0.01f, 0, -128, 127);
  } catch (const cmnn::tool::ImportError&) {
    threw = true;
  }
  EXPECT_TRUE(threw);
}

TEST(quant_math, multipliers) {
  auto q = cmnn::tool::quantize(0.5);
  EXPECT_EQ(q.multiplier, 1 << 30);
  EXPECT_EQ(q.shift, 0);
  q = cmnn::tool::quantize(1.0);
  EXPECT_EQ(q.multiplier, 1 << 30);
  EXPECT_EQ(q.shift, 1);
  q = cmnn::tool::quantize(0.0);
  EXPECT_EQ(q.multiplier, 0);
  // ResNet-8's first add, from layers.json's scales: TFLite's left_shift-20 scheme.
  const auto a = cmnn::tool::add_rescale(0.039394, 0.104195, 0.050946, 20);
  EXPECT_EQ(a.input1.multiplier, 1623839356);
  EXPECT_EQ(a.input1.shift, -2);
  EXPECT_EQ(a.input2.multiplier, 1073741824);
  EXPECT_EQ(a.input2.shift, 0);
  EXPECT_EQ(a.output.multiplier, 1098010927);
  EXPECT_EQ(a.output.shift, -17);
}

TEST(quant_math, softmax_scaling) {
  // beta 1, input scale 0.171854 (ResNet-8) and 0.014636 (VWW), as layers.json lists them.
  auto s = cmnn::tool::softmax_scaling(1.0, 0.171854);
  EXPECT_EQ(s.input_multiplier, 1476214619);
  EXPECT_EQ(s.input_left_shift, 24);
  EXPECT_EQ(s.diff_min, -124);
  s = cmnn::tool::softmax_scaling(1.0, 0.014636);
  EXPECT_EQ(s.input_multiplier, 2011556523);
  EXPECT_EQ(s.input_left_shift, 20);
  EXPECT_EQ(s.diff_min, -1984);
}

TEST(quant_math, unusable_rescales_are_errors) {
  int thrown = 0;
  for (double bad : {1.0 / 0.0, -1.0, 4.0e9, 0.0 / 0.0}) {
    try {
      cmnn::tool::quantize(bad);
    } catch (const cmnn::tool::ImportError&) {
      ++thrown;
    }
  }
  EXPECT_EQ(thrown, 4);
}

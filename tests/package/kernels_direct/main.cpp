// One fully connected layer through cmnn's public API: 4 inputs, 2 outputs, output = acc / 2
// (multiplier 2^30 = 0.5 in Q31). Expected: acc = {1+2+3+4, 1-2+6-8+11} = {10, 8} -> {5, 4}.
// Prints "fully_connected_s8: 5 4 (ok)" and exits 0, or exits 1.
#include <cstdint>

#include "cmnn/fully_connected.h"
#include "platform.h"

int main() {
  const int8_t input[4] = {1, 2, 3, 4};
  const int8_t weights[2 * 4] = {1, 1, 1, 1, 1, -1, 2, -2};
  const int32_t bias[2] = {0, 11};
  const int32_t multiplier[1] = {1 << 30};
  const int32_t shift[1] = {0};
  int8_t output[2] = {0, 0};

  cmnn::FullyConnectedParams p;
  p.input_depth = 4;
  p.output_depth = 2;
  cmnn::FullyConnectedS8Args a;
  a.input = input;
  a.weights = weights;
  a.bias = bias;
  a.multiplier = multiplier;
  a.shift = shift;
  a.output = output;
  // Scratch: what the variant this build would run needs (0 for most); a real firmware sizes it once.
  alignas(16) static uint8_t scratch[4096];
  if (cmnn::fully_connected_s8_scratch_bytes(p) > sizeof scratch) return 1;
  const cmnn::Status s = cmnn::fully_connected_s8(p, a, scratch, sizeof scratch);
  const bool ok = s == cmnn::Status::kOk && output[0] == 5 && output[1] == 4;
  cmnn::platform::print("fully_connected_s8: %d %d (%s)\n", output[0], output[1], ok ? "ok" : cmnn::status_name(s));
  return ok ? 0 : 1;
}

// The example's activation memory plan and the optional softmax layer (see paper_network.h).
#include "paper_network.h"

#include "cmnn/legacy/convolution.h"
#include "platform.h"

namespace paper {

bool append_softmax(Network* net) {
  if (net->layer_count > 0 && net->layers[net->layer_count - 1].kind == LayerKind::kSoftmax) return true;
  if (net->layer_count == 0 || net->layer_count == 16) return false;
  const Layer& last = net->layers[net->layer_count - 1];
  Layer& l = net->layers[net->layer_count++];
  l = Layer{};
  l.kind = LayerKind::kSoftmax;
  l.conv.in_ch = last.kind == LayerKind::kFullyConnected ? last.conv.out_ch : last.conv.in_ch;
  cmnn::platform::format(l.name, sizeof l.name, "softmax");
  return true;
}

// Mirrors classify(): the same output sizes and the same buffer swaps (ReLU in place).
MemoryPlan memory_plan(const Network& net) {
  MemoryPlan plan{};
  plan.input_bytes = 3072;
  plan.buffer_bytes[0] = plan.input_bytes;
  int cur = 0;
  size_t size = plan.input_bytes;
  for (int i = 0; i < net.layer_count && i < 16; ++i) {
    const Layer& l = net.layers[i];
    MemoryStep& step = plan.steps[plan.step_count++];
    step.in_buf = cur;
    step.in_bytes = size;
    size_t out = size;
    bool in_place = false;
    switch (l.kind) {
      case LayerKind::kConv: {
        const cmnn::legacy::ConvShape& s = l.conv;
        out = static_cast<size_t>(s.out_x) * static_cast<size_t>(s.out_y) * static_cast<size_t>(s.out_ch);
        step.scratch_bytes = cmnn::legacy::conv_q7_scratch_bytes(s, net.im2col);
        plan.weight_bytes += static_cast<size_t>(s.out_ch) * static_cast<size_t>(s.in_ch * s.ker_x * s.ker_y + 1);
        break;
      }
      case LayerKind::kMaxPool:
      case LayerKind::kAvgPool:
        out = static_cast<size_t>(l.pool.out_x) * static_cast<size_t>(l.pool.out_y) * static_cast<size_t>(l.pool.ch);
        break;
      case LayerKind::kRelu:
        in_place = true;
        break;
      case LayerKind::kFullyConnected:
        out = static_cast<size_t>(l.conv.out_ch);
        plan.weight_bytes += static_cast<size_t>(l.conv.out_ch) * static_cast<size_t>(l.conv.in_ch + 1);
        break;
      case LayerKind::kSoftmax:
        break;
    }
    step.out_buf = in_place ? cur : 1 - cur;
    step.out_bytes = in_place ? 0 : out;  // in place: no second tensor alive
    if (out > plan.buffer_bytes[step.out_buf]) plan.buffer_bytes[step.out_buf] = out;
    if (step.scratch_bytes > plan.scratch_bytes) plan.scratch_bytes = step.scratch_bytes;
    cur = step.out_buf;
    size = out;
  }
  return plan;
}

}  // namespace paper

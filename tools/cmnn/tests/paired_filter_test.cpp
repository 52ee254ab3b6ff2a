// Paired and stacked int8 filters (conv2d_s8 "*.paired.dsp", "*.stacked.dsp", include/cmnn/conv.h)
// in the compiler, on the anchor models lowered for Cortex-M4 and M7 at the default weight budget
// (unpacked constants x 1.25):
//   - a layer that runs a paired (stacked) variant carries paired_filter (stacked_filter), has no
//     packed copy, and stores its filter once: its "filter" constant has the int8 filter's size, it
//     is conv2d_s8_pair_filter (conv2d_s8_stack_filter) of the OHWI filter the host lowering keeps,
//     and the layer's constants take exactly the bytes the host layer's do (so the model's flash is
//     unchanged by the reordering);
//   - stacked filters on the Cortex-M4 only (the cost table's stand-in; the M7 keeps paired ones);
//   - a row-window layer (conv2d_s8.im2col.window.*: ResNet-8's 3x3 convolutions) carries
//     x_major_filter and its filter is conv2d_s8_x_major_filter's order, then stacked or paired;
//   - its variant gives, on the host (DSP emulation) on random inputs, the bytes the host layer's
//     .ref gives with the OHWI filter.
//   - narrowing: a stacked 1x1 layer is renamed to conv2d_s8.1x1.stacked_doubled.dsp exactly when
//     its tables take the doubled stage (KWS's fold; one with a shift of 0 written in does).
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "cmnn/conv.h"
#include "graph/graph.h"
#include "import/tflite_model.h"
#include "plan/memory_plan.h"
#include "select/lowered.h"
#include "select/narrow.h"
#include "test.h"

namespace {

using namespace cmnn::tool;

const char* const kModels[] = {"mlcommons-tiny/pretrainedResnet_quant", "mlcommons-tiny/kws_ref_model",
                               "mlcommons-tiny/vww_96_int8", "mlcommons-tiny/ad01_int8", "tflite-micro/person_detect"};

Graph load_model(const char* name) {
  return build_graph(tflite::read_model_file(std::string(CMNN_SHARED_DIR) + "/data/models/" + name + ".tflite"));
}

int64_t param(const LayerCall& call, const char* name) {
  for (const ParamField& f : call.fields()) {
    if (f.name == name) return f.i;
  }
  return -1;
}

int64_t constant_bytes(const Layer& l) {
  int64_t n = 0;
  for (const ConstArray& a : l.constants) n += static_cast<int64_t>(a.bytes());
  return n;
}

const Layer* same_node(const LoweredModel& m, int node) {
  for (const Layer& l : m.layers) {
    if (l.node == node && l.call) return &l;
  }
  return nullptr;
}

// Runs variant `id` of `call` with layer l's constants on input x.
bool run_layer(const Graph& g, const Layer& l, const std::string& id, const std::vector<uint8_t>& x,
               std::vector<uint8_t>* out) {
  out->assign(static_cast<size_t>(g.tensors.at(static_cast<size_t>(l.outputs.at(0))).bytes), 0);
  const std::vector<void*> ptrs = l.binding_ptrs([&](const ArgSource& src) -> void* {
    if (src.kind == ArgSource::Kind::kInput) return const_cast<uint8_t*>(x.data());
    return src.kind == ArgSource::Kind::kOutput ? out->data() : nullptr;
  });
  std::vector<uint8_t> scratch(l.call->scratch_bytes(id) + 16);
  return l.call->run(id, ptrs, scratch.data(), scratch.size()) == cmnn::Status::kOk;
}

}  // namespace

TEST(paired_filter, stored_once_and_bit_exact) {
  int paired_layers = 0, stacked_layers = 0, stacked_m7 = 0, window_layers = 0;
  for (const char* name : kModels) {
    const Graph g = load_model(name);
    const LoweredModel host = lower_graph(g, Target::kHost);
    for (Target t : {Target::kCortexM4, Target::kCortexM7}) {
      LowerOptions o;
      o.weight_budget = unpacked_constant_bytes(g, t) * 5 / 4;
      const LoweredModel m = lower_graph(g, t, o);
      int here = 0, stacked_here = 0;
      for (const Layer& l : m.layers) {
        if (!l.call) continue;
        const bool stacked = l.variant_id.find(".stacked.") != std::string::npos;
        if (!stacked && l.variant_id.find(".paired.") == std::string::npos) continue;
        ++(stacked ? stacked_here : here);
        EXPECT_EQ(param(*l.call, "paired_filter"), stacked ? 0 : 1);
        EXPECT_EQ(param(*l.call, "stacked_filter"), stacked ? 1 : 0);
        EXPECT_TRUE(l.constant("packed_filter") == nullptr);
        const Layer* k = same_node(host, l.node);
        ASSERT_TRUE(k != nullptr && k->constant("filter") != nullptr && l.constant("filter") != nullptr);
        EXPECT_EQ(param(*k->call, "paired_filter"), 0);
        EXPECT_EQ(constant_bytes(l), constant_bytes(*k));
        const ConstArray& ohwi = *k->constant("filter");
        const ConstArray& paired = *l.constant("filter");
        ASSERT_EQ(paired.bytes(), ohwi.bytes());
        // The interleaving of the OHWI filter, computed here from the layer's own parameters.
        cmnn::Conv2dParams p;
        p.input_h = static_cast<int32_t>(param(*l.call, "input_h")), p.input_w = static_cast<int32_t>(param(*l.call, "input_w"));
        p.input_c = static_cast<int32_t>(param(*l.call, "input_c")), p.output_c = static_cast<int32_t>(param(*l.call, "output_c"));
        p.output_h = static_cast<int32_t>(param(*l.call, "output_h")), p.output_w = static_cast<int32_t>(param(*l.call, "output_w"));
        p.filter_h = static_cast<int32_t>(param(*l.call, "filter_h")), p.filter_w = static_cast<int32_t>(param(*l.call, "filter_w"));
        p.stride_h = static_cast<int32_t>(param(*l.call, "stride_h")), p.stride_w = static_cast<int32_t>(param(*l.call, "stride_w"));
        p.pad_top = static_cast<int32_t>(param(*l.call, "pad_top")), p.pad_left = static_cast<int32_t>(param(*l.call, "pad_left"));
        p.dilation_h = static_cast<int32_t>(param(*l.call, "dilation_h")), p.dilation_w = static_cast<int32_t>(param(*l.call, "dilation_w"));
        p.groups = static_cast<int32_t>(param(*l.call, "groups"));
        // A row-window layer (x_major_filter) reorders the taps x-major first.
        const bool x_major = param(*l.call, "x_major_filter") == 1;
        EXPECT_EQ(x_major, l.variant_id.find(".window.") != std::string::npos);
        if (x_major) ++window_layers;
        std::vector<int8_t> taps(ohwi.as<int8_t>(), ohwi.as<int8_t>() + ohwi.bytes()), want(ohwi.bytes());
        if (x_major) {
          ASSERT_EQ(cmnn::conv2d_s8_x_major_filter(p, ohwi.as<int8_t>(), taps.data(), taps.size()), cmnn::Status::kOk);
        }
        if (stacked) {
          ASSERT_EQ(cmnn::conv2d_s8_stack_filter(p, taps.data(), want.data(), want.size()), cmnn::Status::kOk);
        } else {
          ASSERT_EQ(cmnn::conv2d_s8_pair_filter(p, taps.data(), want.data(), want.size()), cmnn::Status::kOk);
        }
        EXPECT_BYTES_EQ(paired.as<int8_t>(), want.data(), want.size());
        // Bit-exact with the host layer's .ref (OHWI filter) on a random input.
        std::vector<uint8_t> x(static_cast<size_t>(g.tensors.at(static_cast<size_t>(l.inputs.at(0))).bytes));
        uint32_t seed = static_cast<uint32_t>(l.node * 7919 + 17);
        for (uint8_t& b : x) b = static_cast<uint8_t>((seed = seed * 1664525u + 1013904223u) >> 24);
        std::vector<uint8_t> got, ref;
        ASSERT_TRUE(run_layer(g, l, l.variant_id, x, &got));
        ASSERT_TRUE(run_layer(g, *k, k->call->reference_id(), x, &ref));
        ASSERT_EQ(got.size(), ref.size());
        EXPECT_BYTES_EQ(got.data(), ref.data(), got.size());
      }
      std::printf("%s %s: %d layers with a paired filter, %d with a stacked one\n", name, target_name(t), here,
                  stacked_here);
      paired_layers += here;
      stacked_layers += stacked_here;
      if (t == Target::kCortexM7) stacked_m7 += stacked_here;
    }
  }
  EXPECT_GT(paired_layers, 15);
  EXPECT_GT(stacked_layers, 15);
  EXPECT_EQ(stacked_m7, 0);
  EXPECT_GT(window_layers, 0);  // ResNet-8's 3x3 layers
}

// A filter with no stacked form (an odd row's -128 under a negative even-row weight, outside
// TFLite's [-127, 127] but any byte may come): the M4 lowering falls back for that layer (to the
// packed copy the budget now has room for, or the paired filter), bit-exact with the host's .ref;
// the other layers stay stacked.
TEST(paired_filter, unstackable_filter_falls_back) {
  Graph g = load_model("mlcommons-tiny/kws_ref_model");
  LowerOptions o;
  o.weight_budget = unpacked_constant_bytes(g, Target::kCortexM4) * 5 / 4;
  int node = -1;
  for (const Layer& l : lower_graph(g, Target::kCortexM4, o).layers) {
    if (l.call && l.variant_id.find(".stacked.") != std::string::npos && node < 0) node = l.node;
  }
  ASSERT_TRUE(node >= 0);
  const auto* c = std::get_if<ConvParams>(&g.nodes.at(static_cast<size_t>(node)).params);
  ASSERT_TRUE(c != nullptr);
  GraphTensor& f = g.tensors.at(static_cast<size_t>(c->filter_tensor));
  const int64_t depth = f.elements / f.shape.at(0);
  auto* w = const_cast<int8_t*>(reinterpret_cast<const int8_t*>(f.data));  // the graph's own copy of the model
  w[0] = -1, w[depth] = -128;                                             // rows 0 and 1, step 0
  const LoweredModel host = lower_graph(g, Target::kHost);
  const LoweredModel m = lower_graph(g, Target::kCortexM4, o);
  int stacked = 0;
  for (const Layer& l : m.layers) {
    if (!l.call) continue;
    if (l.variant_id.find(".stacked.") != std::string::npos) ++stacked;
    if (l.node != node) continue;
    std::printf("unstackable layer %d: %s\n", l.node, l.variant_id.c_str());
    EXPECT_TRUE(l.variant_id.find(".paired.") != std::string::npos || l.variant_id.find(".packed.") != std::string::npos);
    EXPECT_EQ(param(*l.call, "stacked_filter"), 0);
    const Layer* k = same_node(host, l.node);
    ASSERT_TRUE(k != nullptr);
    std::vector<uint8_t> x(static_cast<size_t>(g.tensors.at(static_cast<size_t>(l.inputs.at(0))).bytes));
    uint32_t seed = 12345u;
    for (uint8_t& b : x) b = static_cast<uint8_t>((seed = seed * 1664525u + 1013904223u) >> 24);
    std::vector<uint8_t> got, ref;
    ASSERT_TRUE(run_layer(g, l, l.variant_id, x, &got));
    ASSERT_TRUE(run_layer(g, *k, k->call->reference_id(), x, &ref));
    ASSERT_EQ(got.size(), ref.size());
    EXPECT_BYTES_EQ(got.data(), ref.data(), got.size());
  }
  EXPECT_EQ(stacked, 4);  // KWS's four 1x1 layers (the first stacked layer, the 10x4 conv, is the one made unstackable)
}

// Narrowing (select/narrow.h) of a stacked 1x1 layer: KWS's own tables fold, so no layer of its M4
// lowering narrows to conv2d_s8.1x1.stacked_doubled.dsp; with a shift of 0 written into one
// channel of a 1x1 layer's table (its multipliers are >= 2^30 and its shifts in [-22, 0], as
// TFLite's usually are), that layer, and only it, is renamed to the doubled entry after the memory
// plan, with the verdicts the report prints.
TEST(paired_filter, doubled_tables_narrow) {
  const Graph g = load_model("mlcommons-tiny/kws_ref_model");
  LowerOptions o;
  o.weight_budget = unpacked_constant_bytes(g, Target::kCortexM4) * 5 / 4;
  const LoweredModel base = lower_graph(g, Target::kCortexM4, o);
  const MemoryPlan plan = plan_memory(g, base);
  const char* const kDoubled = "conv2d_s8.1x1.stacked_doubled.dsp";
  LoweredModel same = base;
  narrow_variants(same, plan);
  int stacked_1x1 = 0;
  for (const Layer& l : same.layers) {
    EXPECT_TRUE(l.variant_id != kDoubled);
    if (l.variant_id == "conv2d_s8.1x1.stacked.dsp") ++stacked_1x1;
  }
  ASSERT_TRUE(stacked_1x1 > 0);
  LoweredModel m = base;
  size_t target = m.layers.size();
  for (size_t i = 0; i < m.layers.size() && target == m.layers.size(); ++i) {
    if (m.layers[i].variant_id == "conv2d_s8.1x1.stacked.dsp") target = i;
  }
  for (ConstArray& c : m.layers[target].constants) {
    if (c.role != "shift") continue;
    ASSERT_TRUE(c.type == ConstArray::Type::kI32 && c.count() > 0);
    const int32_t zero = 0;
    std::memcpy(c.data.data(), &zero, sizeof zero);
  }
  narrow_variants(m, plan);
  int doubled = 0;
  for (size_t i = 0; i < m.layers.size(); ++i) {
    const Layer& l = m.layers[i];
    if (l.variant_id != kDoubled) continue;
    ++doubled;
    EXPECT_EQ(i, target);
    int chosen = 0;
    for (const Candidate& c : l.candidates) {
      if (c.chosen) {
        ++chosen;
        EXPECT_TRUE(c.id == kDoubled && c.verdict == "chosen (narrowed from conv2d_s8.1x1.stacked.dsp)");
      }
      if (c.id == "conv2d_s8.1x1.stacked.dsp") EXPECT_EQ(c.verdict.rfind("narrowed: ", 0), 0u);
    }
    EXPECT_EQ(chosen, 1);
    EXPECT_TRUE(l.candidates.at(l.variant_index).id == kDoubled);
  }
  EXPECT_EQ(doubled, 1);
  std::printf("KWS M4: %d stacked 1x1 layers; a shift of 0 in layer %d narrows it alone\n", stacked_1x1,
              static_cast<int>(target));
}

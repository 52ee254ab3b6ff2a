// Memory plan and lowering of the shared models, checked independently of the planner's own
// verify_plan(): liveness recomputed from the graph's producers/consumers, every pair of tensors
// live at the same layer must occupy disjoint arena bytes unless one aliases the other (reshape).
#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "graph/graph.h"
#include "import/tflite_model.h"
#include "plan/memory_plan.h"
#include "select/lowered.h"
#include "test.h"

namespace {

using namespace cmnn::tool;

const char* const kModels[] = {
    "mlcommons-tiny/pretrainedResnet_quant", "mlcommons-tiny/kws_ref_model", "mlcommons-tiny/vww_96_int8",
    "mlcommons-tiny/ad01_int8",              "tflite-micro/person_detect",   "tflite-micro/hello_world_int8",
    "tflite-micro/micro_speech_quantized",   "tflite-micro/trained_lstm_int8"};

Graph load(const char* name) {
  return build_graph(tflite::read_model_file(std::string(CMNN_SHARED_DIR) + "/data/models/" + name + ".tflite"));
}

TEST(compiler, plan_live_tensors_never_overlap) {
  int pairs = 0, models = 0, in_place_pairs = 0;
  for (const char* name : kModels) {
    const Graph g = load(name);
    const LoweredModel m = lower_graph(g, Target::kCortexM4);
    ASSERT_TRUE(m.ok());
    const MemoryPlan plan = plan_memory(g, m);
    // Position of each graph node among the layers; reshape outputs alias their inputs.
    std::vector<int> pos_of_node(g.nodes.size() + 1, -1);
    std::vector<int> alias_of(g.tensors.size(), -1);
    for (size_t i = 0; i < m.layers.size(); ++i) {
      pos_of_node[static_cast<size_t>(m.layers[i].node)] = static_cast<int>(i);
      if (m.layers[i].is_alias()) alias_of[static_cast<size_t>(m.layers[i].outputs[0])] = m.layers[i].inputs[0];
    }
    const int end = static_cast<int>(m.layers.size());
    auto first = [&](const GraphTensor& t) { return t.graph_input || t.producer < 0 ? -1 : pos_of_node[static_cast<size_t>(t.producer)]; };
    auto last = [&](const GraphTensor& t) {
      int l = first(t);
      for (int c : t.consumers) l = std::max(l, pos_of_node[static_cast<size_t>(c)]);
      return t.graph_output ? end : l;
    };
    auto root = [&](int t) {
      while (alias_of[static_cast<size_t>(t)] >= 0) t = alias_of[static_cast<size_t>(t)];
      return t;
    };
    for (const GraphTensor& a : g.tensors) {
      const int64_t oa = plan.tensor_offset[static_cast<size_t>(a.index)];
      if (oa < 0) continue;
      EXPECT_EQ(oa % 16, 0);
      EXPECT_LE(oa + a.bytes, plan.arena_bytes);
      for (const GraphTensor& b : g.tensors) {
        const int64_t ob = plan.tensor_offset[static_cast<size_t>(b.index)];
        if (b.index <= a.index || ob < 0 || root(a.index) == root(b.index)) continue;
        const bool live_together = first(a) <= last(b) && first(b) <= last(a);
        const bool bytes_overlap = oa < ob + b.bytes && ob < oa + a.bytes;
        ++pairs;
        // Legal in-place write: the only shared layer is an ADD/MUL/SOFTMAX reading one and writing
        // the other at the same offset.
        auto in_place = [&](const GraphTensor& x, const GraphTensor& y) {
          if (last(x) != first(y) || first(y) < 0 || first(y) >= end || oa != ob) return false;
          const Layer& l = m.layers[static_cast<size_t>(first(y))];
          const bool kind = l.in_place;
          return kind && l.outputs[0] == y.index && std::find(l.inputs.begin(), l.inputs.end(), x.index) != l.inputs.end();
        };
        if (live_together && bytes_overlap && (in_place(a, b) || in_place(b, a))) {
          ++in_place_pairs;
          continue;
        }
        if (live_together && bytes_overlap) {
          std::printf("%s: tensors %d and %d overlap while both live\n", name, a.index, b.index);
          EXPECT_FALSE(live_together && bytes_overlap);
        }
      }
    }
    EXPECT_LT(plan.peak_bytes(), plan.naive_bytes + plan.state_bytes);
    ++models;
  }
  std::printf("checked %d tensor pairs in %d models (%d in-place writes)\n", pairs, models, in_place_pairs);
  EXPECT_EQ(models, 8);
  EXPECT_EQ(in_place_pairs, 9);  // ResNet-8: 3 adds + softmax; kws, vww, person, micro_speech, lstm: softmax
}

TEST(compiler, plan_figures) {
  // Greedy by size on person_detect: the two largest activations (48x48x8 and 48x48x16 ...) set the
  // arena; the reshape before the softmax costs nothing.
  const Graph g = load("tflite-micro/person_detect");
  const LoweredModel m = lower_graph(g, Target::kHost);
  const MemoryPlan plan = plan_memory(g, m);
  EXPECT_EQ(plan.arena_bytes, 55296);
  EXPECT_EQ(plan.scratch_bytes, 0);
  int aliases = 0;
  for (const Layer& l : m.layers) {
    if (!l.is_alias()) continue;
    ++aliases;
    EXPECT_EQ(plan.tensor_offset[static_cast<size_t>(l.outputs[0])], plan.tensor_offset[static_cast<size_t>(l.inputs[0])]);
  }
  EXPECT_EQ(aliases, 1);
  // LSTM state lives outside the arena: int8 hidden [1,20] and int16 cell [1,20], 16-byte slots.
  const Graph lg = load("tflite-micro/trained_lstm_int8");
  const MemoryPlan lp = plan_memory(lg, lower_graph(lg, Target::kHost));
  EXPECT_EQ(lp.state_bytes, 32 + 48);
}

TEST(compiler, selection_by_core) {
  int layers = 0;
  for (const char* name : kModels) {
    const Graph g = load(name);
    for (Target t : {Target::kHost, Target::kCortexM3, Target::kCortexM4, Target::kCortexM55}) {
      const LoweredModel m = lower_graph(g, t);
      for (const Layer& l : m.layers) {
        if (l.is_alias()) continue;
        ++layers;
        int chosen = 0;
        for (const Candidate& c : l.candidates) {
          if (!c.chosen) continue;
          ++chosen;
          EXPECT_TRUE(isa_available(t, c.isa));
          EXPECT_EQ(c.id, l.variant_id);
        }
        EXPECT_EQ(chosen, 1);
        // Every entry before the chosen one was rejected for a stated reason.
        for (const Candidate& c : l.candidates) {
          if (c.chosen) break;
          EXPECT_EQ(c.verdict.rfind("rejected: ", 0), 0u);
        }
      }
    }
  }
  std::printf("checked the selection of %d layers\n", layers);
  EXPECT_GT(layers, 400);
}

}  // namespace

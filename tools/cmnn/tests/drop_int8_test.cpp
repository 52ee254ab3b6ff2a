// Packed copies that replace the int8 weights (select/drop_int8.h), on the anchor models lowered for
// Cortex-M4 and M7:
//   - a layer without its int8 weights runs a packed variant (or fully_connected_s8.pairs.dsp on
//     its pair-reordered copy), binds them to null, carries
//     packed_filter_only / packed_weights_only, and its chosen variant gives, on the host (DSP
//     emulation) on random inputs, the bytes the same layer's .ref gives with the int8 weights;
//   - without a budget every packed layer drops them (the constants shrink by exactly those bytes);
//   - at the default budget (unpacked x 1.25) the constants fit, the net ranking keeps at least as
//     many copies and as many est. cycles saved as keeping the int8 weights did;
//   - an FC fed by row bands of its producer (rows_into_fc.h reads its int8 weights) keeps them.
#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "graph/graph.h"
#include "import/tflite_model.h"
#include "select/lowered.h"
#include "test.h"

namespace {

using namespace cmnn::tool;

const char* const kAnchors[] = {"mlcommons-tiny/pretrainedResnet_quant", "mlcommons-tiny/kws_ref_model",
                                "mlcommons-tiny/vww_96_int8", "mlcommons-tiny/ad01_int8", "tflite-micro/person_detect"};

Graph load(const char* name) {
  return build_graph(tflite::read_model_file(std::string(CMNN_SHARED_DIR) + "/data/models/" + name + ".tflite"));
}

bool has_packed_copy(const Layer& l) {
  return l.constant("packed_filter") != nullptr || l.constant("packed_weights") != nullptr ||
         l.constant("pair_weights") != nullptr;
}

int64_t field(const LayerCall& call, const char* name) {
  for (const ParamField& f : call.fields()) {
    if (f.name == name) return f.i;
  }
  return -1;
}

std::vector<uint8_t> random_bytes(size_t n, uint32_t seed) {
  std::vector<uint8_t> v(n);
  for (uint8_t& b : v) b = static_cast<uint8_t>((seed = seed * 1664525u + 1013904223u) >> 24);
  return v;
}

// Runs `call` with variant `id` of layer l: input 0 = x, the constants of l, output into a buffer.
bool run(const Graph& g, const Layer& l, const LayerCall& call, const std::string& id, const std::vector<uint8_t>& x,
         std::vector<uint8_t>* out) {
  out->assign(static_cast<size_t>(g.tensors.at(static_cast<size_t>(l.outputs.at(0))).bytes), 0);
  std::vector<void*> ptrs;
  for (const auto& [name, src] : call.bindings()) {
    void* p = nullptr;
    if (src.kind == ArgSource::Kind::kInput) p = const_cast<uint8_t*>(x.data());
    if (src.kind == ArgSource::Kind::kOutput) p = out->data();
    if (src.kind == ArgSource::Kind::kConstant) {
      const ConstArray* a = l.constant(src.role);
      p = a != nullptr ? const_cast<void*>(a->ptr()) : nullptr;
    }
    ptrs.push_back(p);
  }
  std::vector<uint8_t> scratch(call.scratch_bytes(id) + 16);
  return call.run(id, ptrs, scratch.data(), scratch.size()) == cmnn::Status::kOk;
}

const Layer* layer_of(const LoweredModel& m, int node) {
  for (const Layer& l : m.layers) {
    if (l.node == node && l.call) return &l;
  }
  return nullptr;
}

}  // namespace

TEST(drop_int8, packed_layers_run_without_int8_weights) {
  int dropped = 0, compared = 0;
  for (const char* name : kAnchors) {
    const Graph g = load(name);
    for (Target t : {Target::kCortexM4, Target::kCortexM7}) {
      LowerOptions keep;
      keep.keep_int8_weights = true;
      const LoweredModel with = lower_graph(g, t, keep);
      const LoweredModel without = lower_graph(g, t);
      int64_t left_out = 0;
      for (const Layer& l : without.layers) {
        if (l.is_alias()) continue;
        if (has_packed_copy(l)) EXPECT_GT(l.int8_dropped_bytes, 0);  // nothing else reads them here
        if (l.int8_dropped_bytes == 0) continue;
        ++dropped;
        left_out += l.int8_dropped_bytes;
        EXPECT_TRUE(l.variant_id.find(".packed.") != std::string::npos || l.variant_id.find(".pairs.") != std::string::npos ||
                    l.variant_id.find(".rgb3x3.") != std::string::npos);
        EXPECT_TRUE(l.constant(l.int8_dropped_role) == nullptr);
        const bool conv = l.int8_dropped_role == "filter";
        EXPECT_EQ(field(*l.call, conv ? "packed_filter_only" : "packed_weights_only"), 1);
        for (const auto& [arg, src] : l.call->bindings()) {
          if (arg == (conv ? "filter" : "weights")) EXPECT_TRUE(src.kind == ArgSource::Kind::kNull);
        }
        // The same bytes as .ref of the layer that keeps its int8 weights.
        const Layer* k = layer_of(with, l.node);
        ASSERT_TRUE(k != nullptr && k->constant(l.int8_dropped_role) != nullptr);
        EXPECT_EQ(static_cast<int64_t>(k->constant(l.int8_dropped_role)->bytes()), l.int8_dropped_bytes);
        const auto x = random_bytes(static_cast<size_t>(g.tensors.at(static_cast<size_t>(l.inputs.at(0))).bytes),
                                    static_cast<uint32_t>(l.node * 7919 + 1));
        std::vector<uint8_t> got, want;
        ASSERT_TRUE(run(g, l, *l.call, l.variant_id, x, &got));
        ASSERT_TRUE(run(g, *k, *k->call, k->call->reference_id(), x, &want));
        ASSERT_EQ(got.size(), want.size());
        EXPECT_BYTES_EQ(got.data(), want.data(), got.size());
        ++compared;
      }
      EXPECT_EQ(without.constant_bytes(), with.constant_bytes() - left_out);
    }
  }
  std::printf("%d layers without their int8 weights, %d compared with .ref\n", dropped, compared);
  EXPECT_GT(dropped, 50);
}

TEST(drop_int8, default_budget_ranks_net_bytes) {
  for (const char* name : kAnchors) {
    const Graph g = load(name);
    for (Target t : {Target::kCortexM4, Target::kCortexM7}) {
      LowerOptions o;
      o.weight_budget = unpacked_constant_bytes(g, t) * 5 / 4;
      LowerOptions keep = o;
      keep.keep_int8_weights = true;
      const LoweredModel now = lower_graph(g, t, o);
      const LoweredModel before = lower_graph(g, t, keep);
      EXPECT_TRUE(now.constant_bytes() <= o.weight_budget);
      auto kept = [](const LoweredModel& m, int* copies) {
        double saved = 0.0;
        *copies = 0;
        for (const Layer& l : m.layers) {
          if (l.call && has_packed_copy(l)) ++*copies, saved += m.copies.saving.count(l.node) ? m.copies.saving.at(l.node) : 0.0;
        }
        return saved;
      };
      int copies_now = 0, copies_before = 0;
      const double saved_now = kept(now, &copies_now), saved_before = kept(before, &copies_before);
      std::printf("%s %s: %d copies kept (%d keeping int8), est. cycles saved %.0f (%.0f), constants %lld B (%lld B)\n",
                  name, target_name(t), copies_now, copies_before, saved_now, saved_before,
                  static_cast<long long>(now.constant_bytes()), static_cast<long long>(before.constant_bytes()));
      EXPECT_GE(copies_now, copies_before);
      // Savings are estimated only under budget pressure: a model whose copies all fit (ad01 with
      // its pair copies, net 0 B) dropped none, which is the most it can save.
      EXPECT_TRUE(saved_now >= saved_before || now.copies.declined.empty());
      // Net bytes of each node's first-choice copy (copies.bytes): the copy minus the int8 weights,
      // against that copy's own size (no budget, int8 weights kept: every node on its first choice).
      LowerOptions first_choice = keep;
      first_choice.weight_budget = -1;
      const LoweredModel unbudgeted = lower_graph(g, t, first_choice);
      for (const auto& [node, bytes] : now.copies.bytes) {
        const Layer* l = layer_of(unbudgeted, node);
        if (l == nullptr || !has_packed_copy(*l)) continue;
        const ConstArray* copy = l->constant("packed_filter") ? l->constant("packed_filter")
                                 : l->constant("packed_weights") ? l->constant("packed_weights")
                                                                 : l->constant("pair_weights");
        EXPECT_TRUE(bytes < static_cast<int64_t>(copy->bytes()));
      }
    }
  }
}

// micro_speech: DEPTHWISE_CONV_2D -> RESHAPE -> FULLY_CONNECTED (4000 -> 4). Run by bands into the FC, the
// FC's partial sums read its int8 weights: they stay; otherwise the packed copy replaces them.
TEST(drop_int8, fc_fed_by_row_bands_keeps_its_weights) {
  const Graph g = load("tflite-micro/micro_speech_quantized");
  const LoweredModel plain = lower_graph(g, Target::kCortexM4);
  const Layer* fc = nullptr;
  int producer = -1;
  for (const Layer& l : plain.layers) {
    if (l.call && l.call->function() == "fully_connected_s8") fc = &l;
    if (l.call && fc == nullptr) producer = l.node;  // the last layer with code before the FC
  }
  ASSERT_TRUE(fc != nullptr && producer >= 0);
  EXPECT_EQ(fc->int8_dropped_role, std::string("weights"));
  EXPECT_TRUE(fc->constant("weights") == nullptr);
  LowerOptions o;
  o.fuse_into_fc[producer] = 4;
  const LoweredModel fused = lower_graph(g, Target::kCortexM4, o);
  bool found = false;
  for (const Layer& l : fused.layers) {
    if (!l.call || l.call->function() != "fully_connected_s8") continue;
    found = true;
    EXPECT_GT(l.fc_band, 0);
    EXPECT_EQ(l.int8_dropped_bytes, 0);
    EXPECT_TRUE(l.constant("weights") != nullptr);
  }
  EXPECT_TRUE(found);
}

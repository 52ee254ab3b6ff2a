// Patch-based execution (select/patch_stage.h) against layer by layer, byte for byte: a generated
// MobileNetV2 (scripts/make_mobilenet.py, 64x64, PAD folded) lowered for the host and for
// Cortex-M4 (its DSP variants run here through the portable emulation); every chain from the input
// that make_patch_stage accepts, on grids 1x1 to 8x8, runs tile by tile with the chosen variants on
// each tile's sub-image (the same steps as the generated code: window in, layers slot to slot, tile
// out) and must equal the whole-layer calls. A perturbed sub-image must not (the check can fail).
#include <cstring>
#include <string>
#include <vector>

#include "graph/graph.h"
#include "import/tflite_model.h"
#include "plan/memory_plan.h"
#include "plan/patch_fit.h"
#include "select/lowered.h"
#include "test.h"

namespace {

using namespace cmnn::tool;

// Runs `call` (layer l's call or its sub-image) with variant `id`: input 0 from `in`, output 0 to `out`.
void run_call(const Graph& g, const LoweredModel& m, const Layer& l, const LayerCall& call, const std::string& id,
              const uint8_t* in, uint8_t* out, bool* ok) {
  std::vector<void*> ptrs;
  for (const auto& [field, src] : call.bindings()) {
    void* p = nullptr;
    if (src.kind == ArgSource::Kind::kInput) {
      p = src.index == 0 ? const_cast<uint8_t*>(in)
                         : const_cast<uint8_t*>(m.constant_data(g, l.inputs.at(static_cast<size_t>(src.index))));
    } else if (src.kind == ArgSource::Kind::kOutput) {
      p = out;
    } else if (src.kind == ArgSource::Kind::kConstant) {
      const ConstArray* a = l.constant(src.role);
      p = a ? const_cast<void*>(a->ptr()) : nullptr;
    }
    ptrs.push_back(p);
  }
  std::vector<uint8_t> scratch(call.scratch_bytes(id) + 16);
  *ok = call.run(id, ptrs, scratch.data(), scratch.size()) == cmnn::Status::kOk;
}

std::vector<uint8_t> random_bytes(size_t n, uint32_t seed) {
  std::vector<uint8_t> v(n);
  for (uint8_t& b : v) b = static_cast<uint8_t>((seed = seed * 1664525u + 1013904223u) >> 24);
  return v;
}

// The chain's output layer by layer.
std::vector<uint8_t> whole(const Graph& g, const LoweredModel& m, int first, int last, std::vector<uint8_t> x) {
  for (int pos = first; pos <= last; ++pos) {
    const Layer& l = m.layers[static_cast<size_t>(pos)];
    std::vector<uint8_t> y(static_cast<size_t>(g.tensors.at(static_cast<size_t>(l.outputs[0])).bytes));
    bool ok = false;
    run_call(g, m, l, *l.call, l.variant_id, x.data(), y.data(), &ok);
    if (!ok) return {};
    x = std::move(y);
  }
  return x;
}

// The chain's output tile by tile; `perturb` adds 1 to tile 0's first sub-image's pad_left.
std::vector<uint8_t> patched(const Graph& g, const LoweredModel& m, const PatchStage& st, const std::vector<uint8_t>& x,
                             bool perturb) {
  std::vector<uint8_t> out(static_cast<size_t>(g.tensors.at(static_cast<size_t>(st.output_tensor)).bytes), 0);
  std::vector<uint8_t> slot[2] = {std::vector<uint8_t>(st.slot_bytes[0]), std::vector<uint8_t>(st.slot_bytes[1])};
  for (size_t t = 0; t < st.in_windows.size(); ++t) {
    const PatchRect& w = st.in_windows[t];
    const size_t c0 = static_cast<size_t>(st.channels.front());
    for (int32_t y = 0; y < w.h; ++y) {
      std::memcpy(slot[0].data() + static_cast<size_t>(y) * static_cast<size_t>(w.w) * c0,
                  x.data() + (static_cast<size_t>(w.y0 + y) * static_cast<size_t>(st.input_w) + static_cast<size_t>(w.x0)) * c0,
                  static_cast<size_t>(w.w) * c0);
    }
    for (int pos = st.first; pos <= st.last; ++pos) {
      const Layer& l = m.layers[static_cast<size_t>(pos)];
      const int i = pos - st.first;
      SubImage s = st.subs[t][static_cast<size_t>(i)];
      if (perturb && t == 0 && i == 0) s.pad_left += 1;  // the window one column off
      bool ok = false;
      run_call(g, m, l, *l.call->on_subimage(s), l.variant_id, slot[i % 2].data(), slot[(i + 1) % 2].data(), &ok);
      if (!ok) return {};
    }
    const PatchRect& o = st.out_windows[t];
    const size_t c = static_cast<size_t>(st.channels.back());
    const std::vector<uint8_t>& res = slot[(st.last - st.first + 1) % 2];
    for (int32_t y = 0; y < o.h; ++y) {
      std::memcpy(out.data() + (static_cast<size_t>(o.y0 + y) * static_cast<size_t>(st.output_w) + static_cast<size_t>(o.x0)) * c,
                  res.data() + static_cast<size_t>(y) * static_cast<size_t>(o.w) * c, static_cast<size_t>(o.w) * c);
    }
  }
  return out;
}

TEST(patch, tiles_equal_layer_by_layer) {
  const Graph g = build_graph(tflite::read_model_file(CMNN_PATCH_TEST_MODEL));
  int stages = 0, compared = 0, detected = 0, switched = 0;
  for (Target target : {Target::kHost, Target::kCortexM4}) {
    LowerOptions o;
    o.fold_pad = true;
    const LoweredModel m = lower_graph(g, target, o);
    ASSERT_TRUE(m.ok());
    for (const Layer& l : m.layers) EXPECT_TRUE(l.call == nullptr || l.call->function() != "pad_s8");  // all folded
    const int first = 0;
    const std::vector<uint8_t> x = random_bytes(static_cast<size_t>(g.tensors.at(static_cast<size_t>(m.layers[0].inputs[0])).bytes), 7);
    for (int last = first + 1; last < static_cast<int>(m.layers.size()); ++last) {
      LoweredModel probe = m;
      if (!make_patch_stage(g, probe, first, last, 1)) break;
      const std::vector<uint8_t> want = whole(g, m, first, last, x);
      ASSERT_FALSE(want.empty());
      for (int32_t grid = 1; grid <= 8; ++grid) {
        LoweredModel mm = m;  // the stage may choose other variants for some layers
        const auto st = make_patch_stage(g, mm, first, last, grid);
        if (!st) continue;
        ++stages;
        if (grid > 1) EXPECT_GT(st->macs, st->layer_macs);  // 3x3 layers: halos are recomputed
        if (grid == 1) EXPECT_EQ(st->macs, st->layer_macs);
        for (int pos = first; pos <= last; ++pos) {
          switched += mm.layers[static_cast<size_t>(pos)].variant_id != m.layers[static_cast<size_t>(pos)].variant_id;
        }
        const std::vector<uint8_t> got = patched(g, mm, *st, x, false);
        ASSERT_EQ(got.size(), want.size());
        EXPECT_TRUE(got == want);
        compared += got == want;
        detected += patched(g, mm, *st, x, true) != want;
      }
    }
  }
  std::printf("    %d stages, %d bit-exact, %d perturbations detected, %d layer variants switched for tiles\n", stages,
              compared, detected, switched);
  EXPECT_EQ(compared, stages);
  EXPECT_GE(stages, 80);
  EXPECT_GE(detected, 10);
}

// The planner: under a budget the chosen stage fits it and the plan checks (verify_plan inside).
TEST(patch, choice_fits_budget_and_plan_verifies) {
  const Graph g = build_graph(tflite::read_model_file(CMNN_PATCH_TEST_MODEL));
  LowerOptions o;
  o.fold_pad = true;
  const LoweredModel m = lower_graph(g, Target::kCortexM4, o);
  const MemoryPlan unpatched = plan_memory(g, m);
  const std::vector<PatchCandidate> cands = patch_candidates(g, m);
  ASSERT_GT(cands.size(), 10u);
  const PatchChoice least = choose_patch(cands, 0, unpatched.peak_bytes());
  ASSERT_GT(least.grid, 0);
  int64_t least_stage = 0;
  for (const PatchCandidate& c : cands) {
    if (c.choice.last_node == least.last_node && c.choice.grid == least.grid) least_stage = c.stage_peak;
  }
  for (const PatchCandidate& c : cands) EXPECT_GE(c.stage_peak, least_stage);
  // A budget between the least stage peak and the unpatched peak: the choice fits it, fewest MACs.
  const int64_t budget = (least_stage + unpatched.peak_bytes()) / 2;
  const PatchChoice b = choose_patch(cands, budget, unpatched.peak_bytes());
  ASSERT_GT(b.grid, 0);
  for (const PatchCandidate& c : cands) {
    if (c.choice.last_node == b.last_node && c.choice.grid == b.grid) {
      EXPECT_LE(c.stage_peak, budget);
      for (const PatchCandidate& d : cands) {
        if (d.stage_peak <= budget && d.peak < unpatched.peak_bytes()) EXPECT_GE(d.extra_macs, c.extra_macs);
      }
    }
  }
  LowerOptions with = o;
  with.patch = b;
  const LoweredModel pm = lower_graph(g, Target::kCortexM4, with);
  const MemoryPlan pp = plan_memory(g, pm);  // verify_plan runs inside
  EXPECT_LT(pp.peak_bytes(), unpatched.peak_bytes());
  ASSERT_TRUE(find_patch_stage(pm) != nullptr);
  EXPECT_GT(pp.scratch_offset.at(static_cast<size_t>(find_patch_stage(pm)->last)), -1);
}

}  // namespace

// Patch-based execution (select/patch_stage.h) against layer by layer, byte for byte: a generated
// MobileNetV2 (scripts/make_mobilenet.py, 64x64, PAD folded) lowered for the host and for
// Cortex-M4 (its DSP variants run here through the portable emulation); every run from the input
// that make_patch_stage accepts (chains, and runs with residual ADDs inside), on grids 1x1 to 8x8,
// runs tile by tile with the chosen variants on each tile's sub-image (the same steps as the
// generated code: window in, layers buffer to buffer, ADDs row by row, tile out) and must equal
// the whole-layer calls. A perturbed sub-image must not (the check can fail).
#include <cstring>
#include <map>
#include <string>
#include <vector>

#include "cmnn/elementwise.h"
#include "cmnn/patch.h"
#include "graph/graph.h"
#include "import/tflite_model.h"
#include "plan/memory_plan.h"
#include "plan/patch_fit.h"
#include "select/lowered.h"
#include "test.h"

namespace {

using namespace cmnn::tool;

// Runs `call` (layer l's call or its sub-image) with variant `id`: data inputs from `in` (input 0,
// input 1 of an ADD; constants from the model), output 0 to `out`.
void run_call(const Graph& g, const LoweredModel& m, const Layer& l, const LayerCall& call, const std::string& id,
              const std::vector<const uint8_t*>& in, uint8_t* out, bool* ok) {
  std::vector<void*> ptrs;
  for (const auto& [field, src] : call.bindings()) {
    void* p = nullptr;
    if (src.kind == ArgSource::Kind::kInput) {
      const size_t k = static_cast<size_t>(src.index);
      p = k < in.size() && in[k] != nullptr ? const_cast<uint8_t*>(in[k])
                                            : const_cast<uint8_t*>(m.constant_data(g, l.inputs.at(k)));
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

// The output of layers [first, last] layer by layer (every tensor kept), x = layer first's input 0.
std::vector<uint8_t> whole(const Graph& g, const LoweredModel& m, int first, int last, const std::vector<uint8_t>& x) {
  std::map<int, std::vector<uint8_t>> t = {{m.layers[static_cast<size_t>(first)].inputs[0], x}};
  for (int pos = first; pos <= last; ++pos) {
    const Layer& l = m.layers[static_cast<size_t>(pos)];
    std::vector<const uint8_t*> in;
    for (int i : l.inputs) in.push_back(t.count(i) ? t[i].data() : nullptr);
    std::vector<uint8_t> y(static_cast<size_t>(g.tensors.at(static_cast<size_t>(l.outputs[0])).bytes));
    bool ok = false;
    run_call(g, m, l, *l.call, l.variant_id, in, y.data(), &ok);
    if (!ok) return {};
    t[l.outputs[0]] = std::move(y);
  }
  return t[m.layers[static_cast<size_t>(last)].outputs[0]];
}

// The stage's output tile by tile, the steps of the generated code (window in, each layer from its
// input buffers into its own, an ADD row by row out of its inputs' windows, tile out), every buffer
// at its offset in one work area; `perturb` adds 1 to tile 0's first sub-image's pad_left.
std::vector<uint8_t> patched(const Graph& g, const LoweredModel& m, const PatchStage& st, const std::vector<uint8_t>& x,
                             bool perturb) {
  std::vector<uint8_t> out(static_cast<size_t>(g.tensors.at(static_cast<size_t>(st.output_tensor)).bytes), 0);
  std::vector<uint8_t> work(st.work_bytes + 16);
  std::vector<uint8_t> scratch(st.kernel_scratch + 16);
  auto buf = [&](int b) { return work.data() + st.buf_offset.at(static_cast<size_t>(b)); };
  for (size_t t = 0; t < st.in_windows.size(); ++t) {
    const PatchRect& w = st.in_windows[t];
    const size_t c0 = static_cast<size_t>(st.channels.front());
    for (int32_t y = 0; y < w.h; ++y) {
      std::memcpy(buf(0) + static_cast<size_t>(y) * static_cast<size_t>(w.w) * c0,
                  x.data() + (static_cast<size_t>(w.y0 + y) * static_cast<size_t>(st.input_w) + static_cast<size_t>(w.x0)) * c0,
                  static_cast<size_t>(w.w) * c0);
    }
    for (int pos = st.first; pos <= st.last; ++pos) {
      const Layer& l = m.layers[static_cast<size_t>(pos)];
      const size_t i = static_cast<size_t>(pos - st.first);
      if (st.is_add[i]) {
        const auto* v = cmnn::add_s8_find_variant(l.variant_id.c_str());
        if (v == nullptr) return {};
        const PatchRect& r = st.regions[t][i + 1];
        const int32_t ch = st.channels[i + 1];
        cmnn::AddParams q = static_cast<const TableCall<cmnn::AddParams, cmnn::BinaryArgs<int8_t>>&>(*l.call).params();
        q.size = r.w * ch;
        for (int32_t y = 0; y < r.h; ++y) {
          auto row = [&](int b) {
            const PatchRect& o = st.regions[t][static_cast<size_t>(b)];
            return reinterpret_cast<const int8_t*>(buf(b)) +
                   cmnn::patch_row_offset({r.y0, r.x0, r.h, r.w}, {o.y0, o.x0, o.h, o.w}, y, ch);
          };
          cmnn::BinaryArgs<int8_t> a;
          a.input1 = row(st.read0[i]), a.input2 = row(st.read1[i]);
          a.output = reinterpret_cast<int8_t*>(buf(static_cast<int>(i) + 1)) + static_cast<size_t>(y) * static_cast<size_t>(q.size);
          if (cmnn::add_s8_run_variant(*v, q, a, scratch.data(), st.kernel_scratch) != cmnn::Status::kOk) return {};
        }
        continue;
      }
      SubImage s = st.subs[t][i];
      if (perturb && t == 0 && i == 0) s.pad_left += 1;  // the window one column off
      bool ok = false;
      run_call(g, m, l, *l.call->on_subimage(s), l.variant_id, {buf(st.read0[i])}, buf(static_cast<int>(i) + 1), &ok);
      if (!ok) return {};
    }
    const PatchRect& o = st.out_windows[t];
    const size_t c = static_cast<size_t>(st.channels.back());
    const uint8_t* res = buf(st.last - st.first + 1);
    for (int32_t y = 0; y < o.h; ++y) {
      std::memcpy(out.data() + (static_cast<size_t>(o.y0 + y) * static_cast<size_t>(st.output_w) + static_cast<size_t>(o.x0)) * c,
                  res + static_cast<size_t>(y) * static_cast<size_t>(o.w) * c, static_cast<size_t>(o.w) * c);
    }
  }
  return out;
}

TEST(patch, tiles_equal_layer_by_layer) {
  const Graph g = build_graph(tflite::read_model_file(CMNN_PATCH_TEST_MODEL));
  int stages = 0, compared = 0, detected = 0, switched = 0, with_add = 0;
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
      const Layer& end = m.layers[static_cast<size_t>(last)];
      SubImage whole_image;
      if (end.is_alias() || (!end.call->subimage(&whole_image) && end.call->function() != "add_s8")) break;
      if (!make_patch_stage(g, probe, first, last, 1)) continue;  // a block input still read further on
      const std::vector<uint8_t> want = whole(g, m, first, last, x);
      ASSERT_FALSE(want.empty());
      for (int32_t grid = 1; grid <= 8; ++grid) {
        LoweredModel mm = m;  // the stage may choose other variants for some layers
        const auto st = make_patch_stage(g, mm, first, last, grid);
        if (!st) continue;
        ++stages;
        with_add += st->has_add();
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
  std::printf("    %d stages (%d with residual ADDs), %d bit-exact, %d perturbations detected, %d layer variants switched for tiles\n",
              stages, with_add, compared, detected, switched);
  EXPECT_EQ(compared, stages);
  EXPECT_GE(stages, 80);
  EXPECT_GE(detected, 10);
  EXPECT_GE(with_add, 40);
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

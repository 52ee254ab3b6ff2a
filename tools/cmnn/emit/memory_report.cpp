#include "emit/memory_report.h"

#include <algorithm>
#include <cstdio>
#include <sstream>

#include "plan/patch_fit.h"
#include "plan/timeline.h"

namespace cmnn::tool {

namespace {

std::string percent(int64_t part, int64_t whole) {
  char b[32];
  std::snprintf(b, sizeof b, "%.1f %%", whole > 0 ? 100.0 * static_cast<double>(part) / static_cast<double>(whole) : 0.0);
  return b;
}

// Layers whose packed copy the weight budget dropped (they run the unpacked variant).
std::vector<const Layer*> dropped_packs(const LoweredModel& m) {
  std::vector<const Layer*> v;
  for (const Layer& l : m.layers) {
    for (const Candidate& c : l.candidates) {
      if (c.verdict.find("dropped by the weight budget") != std::string::npos) {
        v.push_back(&l);
        break;
      }
    }
  }
  return v;
}

// Layers whose int8 weights their packed copy replaces (select/drop_int8.h), and those bytes in all.
std::vector<const Layer*> int8_replaced(const LoweredModel& m, int64_t* bytes) {
  std::vector<const Layer*> v;
  *bytes = 0;
  for (const Layer& l : m.layers) {
    if (l.int8_dropped_bytes > 0) v.push_back(&l), *bytes += l.int8_dropped_bytes;
  }
  return v;
}

int64_t round_cycles(double c) { return static_cast<int64_t>(c + (c < 0 ? -0.5 : 0.5)); }

// Est. cycles the dropped packed copies would save (0 without the cost table).
double pack_cycles_given_up(const LoweredModel& m) {
  double t = 0.0;
  for (const Layer* l : dropped_packs(m)) t += m.copies.given_up(l->node);
  return t;
}

int64_t total_macs(const LoweredModel& m) {
  int64_t t = 0;
  for (const Layer& l : m.layers) t += l.macs;
  return t;
}

std::string patch_text(const EmitInput& in, const PatchStage& st, int64_t layer_peak, int64_t model_macs) {
  const GraphTensor& cut = in.graph.tensors.at(static_cast<size_t>(st.output_tensor));
  const int64_t extra = st.macs - st.layer_macs;
  const double cpm = patch_cycles_per_mac(in.model.target);
  std::ostringstream o;
  o << "\nPatch-based execution (include/cmnn/patch.h): layers " << st.first << ".." << st.last << " (operators "
    << in.model.layers[static_cast<size_t>(st.first)].node << ".." << in.model.layers[static_cast<size_t>(st.last)].node
    << ") run on " << st.grid << "x" << st.grid << " tiles of tensor " << st.output_tensor << " (";
  for (size_t i = 1; i < cut.shape.size(); ++i) o << (i > 1 ? "x" : "") << cut.shape[i];
  o << "); peak RAM layer by layer (fastest variants) " << layer_peak << " B, now " << in.plan.peak_bytes()
    << " B. MACs of these layers: " << st.layer_macs << " layer by layer, " << st.macs << " patched: " << extra
    << " recomputed (halos; " << percent(extra, model_macs) << " of the model's MACs)";
  if (cpm > 0) {
    char b[64];
    std::snprintf(b, sizeof b, "%.0f", cpm * static_cast<double>(extra));
    o << ", about " << b << " est. " << target_name(in.model.target) << " cycles at " << cpm
      << " est. cycles/MAC (docs/models.md; cmnn bench measures it)";
  }
  size_t adds = 0;
  for (bool a : st.is_add) adds += a ? 1 : 0;
  o << ". Work area " << st.work_bytes << " B: " << st.buf_bytes.size() << " tile buffers in " << st.buffers_end
    << " B (" << adds << " residual ADDs inside), kernel scratch " << st.kernel_scratch << " B.\n";
  return o.str();
}

}  // namespace

std::string patch_markdown(const EmitInput& in, const PatchStage& st, int64_t layer_peak, int64_t model_macs) {
  return patch_text(in, st, layer_peak, model_macs);
}

std::string memory_markdown(const EmitInput& in, const FitSummary* fit) {
  std::ostringstream o;
  const MemoryPlan& p = in.plan;
  const int64_t macs = total_macs(in.model);
  o << "\n## Memory fit\n\n";
  o << "Placement: " << p.strategy << "; arena " << p.arena_bytes << " B, live-bytes lower bound " << p.lower_bound_bytes
    << " B" << (p.arena_bytes == p.lower_bound_bytes ? " (optimal for this schedule)" : "") << ".\n";
  if (fit != nullptr) {
    if (fit->board != nullptr) {
      o << "Board `" << fit->board->name << "` (" << fit->board->part << "; " << fit->board->memory << "): peak RAM "
        << p.peak_bytes() << " of " << fit->board->ram_bytes << " B (" << percent(p.peak_bytes(), fit->board->ram_bytes)
        << "), constants " << in.model.constant_bytes() << " B + code reserve " << kCodeReserveBytes << " of "
        << fit->board->flash_bytes << " B flash ("
        << percent(in.model.constant_bytes() + kCodeReserveBytes, fit->board->flash_bytes) << ").\n";
    }
    const char* goal = fit->goal.kind == RamGoal::Kind::kLean       ? "lower peak RAM keeping every variant (lean)"
                       : fit->goal.kind == RamGoal::Kind::kMinimize ? "minimize peak RAM"
                       : fit->goal.kind == RamGoal::Kind::kBudget ? "fit the RAM budget"
                                                                   : "fastest variants";
    o << "RAM goal: " << goal;
    if (fit->goal.kind == RamGoal::Kind::kBudget) o << " of " << fit->goal.bytes << " B";
    o << "; peak with the fastest variants " << fit->fastest_peak << " B, now " << p.peak_bytes() << " B.\n";
    o << "TFLM's arena for this model, estimated from below (plan/tflm_arena.h: its greedy plan of the activations "
      << fit->tflm_arena.head_bytes << " B + per-channel arrays and state " << fit->tflm_arena.persistent_bytes
      << " B): at least " << fit->tflm_arena.total() << " B; peak / estimate "
      << percent(p.peak_bytes(), fit->tflm_arena.total()) << ".\n";
    if (fit->goal.kind == RamGoal::Kind::kLean && fit->goal.patch_above > 0) {
      if (fit->lean_peak > 0) {
        o << "Lean alone reached " << fit->lean_peak << " B, above half the estimate (" << fit->goal.patch_above
          << " B), and a patch stage at least halves it: fitted to " << fit->goal.patch_above
          << " B with the stage below (pass --ram-budget lean to keep the layer-by-layer speed).\n";
      } else if (p.peak_bytes() > fit->goal.patch_above) {
        o << "The peak is above half the estimate (" << fit->goal.patch_above
          << " B), but no patch stage would halve it, so the default stays lean (--ram-budget BYTES or min go further).\n";
      }
    }
    if (const PatchStage* st = find_patch_stage(in.model)) o << patch_markdown(in, *st, fit->fastest_peak, macs);
    if (!fit->swaps.empty()) {
      o << "\nTrades for RAM, in order (a table entry needing less scratch is slower; in place by row bands keeps the\n"
        << "variant and copies each row once more; cmnn bench measures the cycles):\n\n"
        << "| op # | operator | fastest variant | now | scratch / work B | peak B | MACs of the layer |\n"
        << "|---:|---|---|---|---|---|---:|\n";
      for (const VariantSwap& s : fit->swaps) {
        o << "| " << s.node << " | " << s.op_name << " | `" << s.from << "` | `" << s.to << "` | " << s.from_scratch
          << " -> " << s.to_scratch << " | " << s.peak_before << " -> " << s.peak_after << " | " << s.macs << " ("
          << percent(s.macs, macs) << " of the model) |\n";
      }
    }
    o << "\nFlash: constants " << in.model.constant_bytes() << " B, without packed copies " << fit->unpacked_bytes
      << " B (" << (fit->unpacked_bytes > 0 ? percent(in.model.constant_bytes(), fit->unpacked_bytes) : "-")
      << "); weight budget ";
    if (fit->weight_budget < 0) o << "none";
    else o << fit->weight_budget << " B";
    o << " (" << fit->weight_budget_source << ").\n";
    int64_t replaced_bytes = 0;
    const std::vector<const Layer*> replaced = int8_replaced(in.model, &replaced_bytes);
    if (!replaced.empty()) {
      o << "Int8 weights not stored (their packed copy replaces them: only the packed variant reads them, "
        << "select/drop_int8.h): " << replaced.size() << " layers, " << replaced_bytes << " B:\n\n"
        << "| op # | operator | runs | int8 B not stored | packed copy B |\n|---:|---|---|---:|---:|\n";
      for (const Layer* l : replaced) {
        int64_t packed = 0;
        for (const ConstArray& a : l->constants) {
          if (a.role == "packed_filter" || a.role == "packed_weights") packed += static_cast<int64_t>(a.bytes());
        }
        o << "| " << l->node << " | " << l->op_name << " | `" << l->variant_id << "` | " << l->int8_dropped_bytes << " | "
          << packed << " |\n";
      }
      o << "\n";
    }
    const std::vector<const Layer*> dropped = dropped_packs(in.model);
    if (!dropped.empty()) {
      int64_t slow = 0;
      for (const Layer* l : dropped) slow += l->macs;
      const bool est = in.model.copies.estimated;
      o << "Packed copies left out by the budget (ranked by "
        << (est ? "est. cycles saved per packed byte, select/variant_cost.h" : "MACs per packed byte: no cost data for this core")
        << "): " << dropped.size() << " layers, " << slow << " MACs (" << percent(slow, macs)
        << " of the model) run the unpacked variant";
      if (est) {
        o << "; speed given up against no budget: about " << round_cycles(pack_cycles_given_up(in.model)) << " est. "
          << target_name(in.model.target) << " cycles (cycles modelled, cmnn bench measures them):\n\n"
          << "| op # | operator | runs | packed copy net B | est. cycles given up | est. cycles / packed B |\n"
          << "|---:|---|---|---:|---:|---:|\n";
        for (const Layer* l : dropped) {
          const double saved = in.model.copies.given_up(l->node);
          const int64_t bytes = in.model.copies.freed_bytes(l->node);
          char per_byte[32];
          std::snprintf(per_byte, sizeof per_byte, "%.2f", bytes > 0 ? saved / static_cast<double>(bytes) : 0.0);
          o << "| " << l->node << " | " << l->op_name << " | `" << l->variant_id << "` | " << bytes << " | "
            << round_cycles(saved) << " | " << per_byte << " |\n";
        }
      } else {
        o << "; cmnn bench measures the difference.\n";
      }
    }
  }
  o << "\n## RAM per layer\n\n"
    << "Live tensors and the layer's own scratch at each layer; high water = the highest arena byte in use.\n\n"
    << "| # | op # | operator | live tensors B | scratch B | live B | high water B | |\n|---:|---:|---|---:|---:|---:|---:|---|\n";
  for (const TimelineRow& r : ram_timeline(in.model, p)) {
    std::string note;
    if (r.in_place) note = "in place";
    if (r.live() == p.lower_bound_bytes) note += std::string(note.empty() ? "" : ", ") + "peak";
    o << "| " << r.position << " | " << r.node << " | " << r.op_name << " | " << r.tensor_bytes << " | " << r.scratch_bytes
      << " | " << r.live() << " | " << r.high_water << " | " << note << " |\n";
  }
  return o.str();
}

void memory_json(Json& j, const EmitInput& in, const FitSummary* fit) {
  const MemoryPlan& p = in.plan;
  if (fit != nullptr) {
    Json f;
    f["board"] = fit->board ? fit->board->name : "";
    if (fit->board) {
      f["board_ram_bytes"] = fit->board->ram_bytes;
      f["board_flash_bytes"] = fit->board->flash_bytes;
      f["code_reserve_bytes"] = kCodeReserveBytes;
    }
    f["ram_goal"] = fit->goal.kind == RamGoal::Kind::kLean       ? "lean"
                    : fit->goal.kind == RamGoal::Kind::kMinimize ? "min"
                    : fit->goal.kind == RamGoal::Kind::kBudget   ? "budget"
                                                                 : "fastest";
    f["ram_budget_bytes"] = fit->goal.kind == RamGoal::Kind::kBudget ? fit->goal.bytes : int64_t{-1};
    f["fastest_peak_ram_bytes"] = fit->fastest_peak;
    f["tflm_arena_estimate_bytes"] = fit->tflm_arena.total();
    f["tflm_arena_estimate_head_bytes"] = fit->tflm_arena.head_bytes;
    f["patch_above_bytes"] = fit->goal.patch_above;
    f["lean_peak_ram_bytes"] = fit->lean_peak;
    f["weight_budget_bytes"] = fit->weight_budget;
    f["weight_budget_source"] = fit->weight_budget_source;
    f["unpacked_weight_bytes"] = fit->unpacked_bytes;
    Json swaps = Json::array();
    for (const VariantSwap& s : fit->swaps) {
      swaps.push_back({{"operator", s.node}, {"from", s.from}, {"to", s.to}, {"scratch_before", s.from_scratch},
                       {"scratch_after", s.to_scratch}, {"peak_before", s.peak_before}, {"peak_after", s.peak_after},
                       {"macs", s.macs}});
    }
    f["swaps"] = swaps;
    Json dropped = Json::array();
    Json given_up = Json::array();
    for (const Layer* l : dropped_packs(in.model)) {
      dropped.push_back(l->node);
      given_up.push_back({{"operator", l->node}, {"variant", l->variant_id},
                          {"packed_bytes", in.model.copies.freed_bytes(l->node)},
                          {"est_cycles_given_up", round_cycles(in.model.copies.given_up(l->node))}});
    }
    f["packed_dropped_operators"] = dropped;
    // Layers whose int8 weights the packed copy replaces (select/drop_int8.h): not stored.
    int64_t replaced_bytes = 0;
    Json replaced = Json::array();
    for (const Layer* l : int8_replaced(in.model, &replaced_bytes)) {
      replaced.push_back({{"operator", l->node}, {"variant", l->variant_id}, {"role", l->int8_dropped_role},
                          {"int8_bytes", l->int8_dropped_bytes}});
    }
    f["int8_replaced"] = replaced;
    f["int8_replaced_bytes"] = replaced_bytes;
    // Ranking of the copies: "est_cycles_per_byte" (cost table) or "macs_per_byte" (no table for the core).
    f["packed_ranking"] = in.model.copies.estimated ? "est_cycles_per_byte" : "macs_per_byte";
    f["packed_dropped"] = in.model.copies.estimated ? given_up : Json::array();
    f["est_cycles_given_up"] = round_cycles(pack_cycles_given_up(in.model));
    if (const PatchStage* st = find_patch_stage(in.model)) {
      const double cpm = patch_cycles_per_mac(in.model.target);
      f["patch"] = {{"first_layer", st->first}, {"last_layer", st->last},
                    {"first_operator", in.model.layers[static_cast<size_t>(st->first)].node},
                    {"last_operator", in.model.layers[static_cast<size_t>(st->last)].node}, {"grid", st->grid},
                    {"output_tensor", st->output_tensor}, {"macs_layer_by_layer", st->layer_macs}, {"macs_patched", st->macs},
                    {"macs_recomputed", st->macs - st->layer_macs},
                    {"est_cycles_recomputed", static_cast<int64_t>(cpm * static_cast<double>(st->macs - st->layer_macs))},
                    {"work_bytes", static_cast<int64_t>(st->work_bytes)}, {"peak_layer_by_layer", fit->fastest_peak}};
    }
    j["fit"] = f;
  }
  Json timeline = Json::array();
  for (const TimelineRow& r : ram_timeline(in.model, p)) {
    timeline.push_back({{"layer", r.position}, {"operator", r.node}, {"op", r.op_name}, {"tensor_bytes", r.tensor_bytes},
                        {"scratch_bytes", r.scratch_bytes}, {"high_water_bytes", r.high_water}, {"in_place", r.in_place},
                        {"live_tensors", r.tensors}});
  }
  j["ram_timeline"] = timeline;
}

std::string memory_svg(const EmitInput& in, const FitSummary* fit) {
  const std::vector<TimelineRow> rows = ram_timeline(in.model, in.plan);
  int64_t top = in.plan.arena_bytes;
  if (fit && fit->goal.kind == RamGoal::Kind::kBudget) top = std::max(top, fit->goal.bytes);
  top = std::max<int64_t>(top, 1);
  const int w = 60 + 24 * static_cast<int>(std::max<size_t>(rows.size(), 1)), h = 300, base = 260;
  auto y = [&](int64_t bytes) { return base - static_cast<int>(220.0 * static_cast<double>(bytes) / static_cast<double>(top)); };
  std::ostringstream o;
  o << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << w << "\" height=\"" << h << "\" font-family=\"sans-serif\" font-size=\"10\">\n"
    << "<!-- Generated by `cmnn compile`. Per-layer RAM: live tensors (blue), the layer's scratch (orange), arena (line), patch stage (green). -->\n"
    << "<text x=\"4\" y=\"14\">" << in.name << " " << target_name(in.model.target) << ": RAM per layer (arena "
    << in.plan.arena_bytes << " B; blue live tensors, orange scratch)</text>\n";
  for (size_t i = 0; i < rows.size(); ++i) {
    const TimelineRow& r = rows[i];
    const int x = 50 + 24 * static_cast<int>(i);
    o << "<rect x=\"" << x << "\" y=\"" << y(r.tensor_bytes) << "\" width=\"18\" height=\"" << base - y(r.tensor_bytes)
      << "\" fill=\"#4a78b5\"><title>layer " << r.position << " op " << r.node << " " << r.op_name << ": tensors "
      << r.tensor_bytes << " B</title></rect>\n";
    if (r.scratch_bytes > 0) {
      o << "<rect x=\"" << x << "\" y=\"" << y(r.live()) << "\" width=\"18\" height=\"" << y(r.tensor_bytes) - y(r.live())
        << "\" fill=\"#e8903a\"><title>scratch " << r.scratch_bytes << " B</title></rect>\n";
    }
    o << "<text x=\"" << x << "\" y=\"" << base + 12 << "\">" << r.node << "</text>\n";
    const Layer& l = in.model.layers.at(static_cast<size_t>(r.position));
    if (l.in_patch || l.patch) {
      o << "<rect x=\"" << x << "\" y=\"" << base + 16 << "\" width=\"22\" height=\"4\" fill=\"#3a9a4a\"><title>patch stage"
        << (l.patch ? " (" + std::to_string(l.patch->grid) + "x" + std::to_string(l.patch->grid) + " tiles)" : std::string())
        << "</title></rect>\n";
    }
  }
  o << "<line x1=\"40\" x2=\"" << w - 4 << "\" y1=\"" << y(in.plan.arena_bytes) << "\" y2=\"" << y(in.plan.arena_bytes)
    << "\" stroke=\"black\" stroke-dasharray=\"4 2\"/>\n<text x=\"2\" y=\"" << y(in.plan.arena_bytes) + 3 << "\">"
    << in.plan.arena_bytes << "</text>\n";
  if (fit && fit->goal.kind == RamGoal::Kind::kBudget) {
    o << "<line x1=\"40\" x2=\"" << w - 4 << "\" y1=\"" << y(fit->goal.bytes) << "\" y2=\"" << y(fit->goal.bytes)
      << "\" stroke=\"red\"/>\n";
  }
  o << "<text x=\"50\" y=\"" << base + 28 << "\">operator index</text>\n</svg>\n";
  return o.str();
}

}  // namespace cmnn::tool

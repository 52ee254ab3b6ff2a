// One library call of a lowered layer, described once so that every compiler stage can use it:
// the parameter struct's fields (emitted as a constexpr struct, listed by `cmnn inspect`), the
// tensors and constants bound to the Args struct's pointer fields, variant selection for a core,
// and a host run of any variant (the reference runner, compile-time constant folding).
// An op file builds it with make_call(spec, params, {CMNN_ARG(...), ...}); see ops/README.md.
#pragma once
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

#include "cmnn/conv.h"
#include "cmnn/depthwise.h"
#include "cmnn/fully_connected.h"
#include "cmnn/rows_in_place.h"
#include "cmnn/rows_into_pool.h"
#include "cmnn/status.h"
#include "cmnn/variant.h"
#include "select/target.h"

namespace cmnn::tool {

// One field of a library parameter struct, as the emitter writes it ("p.input[2] = 5;").
struct ParamField {
  enum class Kind { kInt, kBool, kFloat };
  std::string name;  // C++ member path: "stride_h", "before[1]", "input_gate.input_shift"
  Kind kind = Kind::kInt;
  int64_t i = 0;
  double f = 0.0;
};

template <typename T>
ParamField param_field(const char* name, const T& v) {
  ParamField f;
  f.name = name;
  if constexpr (std::is_same_v<T, bool>) {
    f.kind = ParamField::Kind::kBool;
    f.i = v ? 1 : 0;
  } else if constexpr (std::is_floating_point_v<T>) {
    f.kind = ParamField::Kind::kFloat;
    f.f = static_cast<double>(v);
  } else if constexpr (std::is_enum_v<T>) {
    f.i = static_cast<int64_t>(v);
  } else {
    static_assert(std::is_integral_v<T>, "parameter fields are integers, bools, floats or enums");
    f.i = static_cast<int64_t>(v);
  }
  return f;
}

// What an Args pointer field points at.
struct ArgSource {
  enum class Kind { kInput, kOutput, kState, kConstant, kNull };
  Kind kind = Kind::kNull;
  int index = 0;     // position in Layer::inputs / outputs / states
  std::string role;  // Layer::constants role
};
inline ArgSource in(int k) { return {ArgSource::Kind::kInput, k, {}}; }
inline ArgSource out(int k) { return {ArgSource::Kind::kOutput, k, {}}; }
inline ArgSource state(int k) { return {ArgSource::Kind::kState, k, {}}; }
inline ArgSource constant(const std::string& role) { return {ArgSource::Kind::kConstant, 0, role}; }
inline ArgSource null_arg() { return {ArgSource::Kind::kNull, 0, {}}; }

// One variant of the op's table that was considered, in table order.
struct Candidate {
  std::string id;
  Isa isa = Isa::kPortable;
  bool chosen = false;
  std::string verdict;  // "chosen", "rejected: ISA dsp not available on cortex-m3", "rejected: supports() false",
                        // "rejected: packed copy dropped by the weight budget (393216 bytes)"
};

struct Choice {
  bool found = false;
  size_t index = 0;
  std::string id;
  size_t scratch_bytes = 0;
  std::vector<Candidate> candidates;
};

// What row banding needs to know of a conv/depthwise call (the fields rows_band_params reads).
struct RowGeometry {
  int32_t batches = 1, input_h = 0, input_w = 0, input_c = 0, output_h = 0, output_w = 0, output_c = 0;
  int32_t stride_h = 1, pad_top = 0, filter_h = 1, dilation_h = 1;
  int32_t stride_w = 1, pad_left = 0, filter_w = 1, dilation_w = 1;  // columns (patch-based execution)
  bool pool = false;  // a max/average pool (pool_rows_geometry), else a conv/depthwise
};
inline int32_t rows_output_channels(const RowGeometry& g) { return g.output_c; }
// A whole-image pool: run_rows_fused reduces producer bands into accumulators (include/cmnn/rows_into_pool.h).
inline bool rows_global_pool(const RowGeometry& g) {
  return g.pool && g.output_h == 1 && g.output_w == 1 && g.filter_h == g.input_h && g.filter_w == g.input_w && g.pad_top == 0 &&
         g.pad_left == 0;
}

// A conv/depthwise call on a rectangle of its input (patch-based execution, plan/patch.h, and PAD
// folding): the sub-image's sizes and its own top/left padding; bottom/right padding follows from
// the output size, as for the whole layer.
struct SubImage {
  int32_t input_h = 0, input_w = 0, output_h = 0, output_w = 0, pad_top = 0, pad_left = 0;
};

class LayerCall {
 public:
  virtual ~LayerCall() = default;
  virtual const std::string& function() const = 0;     // library op prefix: "pad_s8"
  virtual const std::string& header() const = 0;       // "cmnn/pad.h"
  virtual const std::string& params_type() const = 0;  // "cmnn::PadParams"
  virtual const std::string& args_type() const = 0;    // "cmnn::PadArgs"
  virtual std::vector<ParamField> fields() const = 0;
  virtual std::vector<std::pair<std::string, ArgSource>> bindings() const = 0;  // Args field -> source
  // Walks the table (fastest first) as the library does on `target`; every entry's verdict kept.
  // Entries needing more than scratch_cap bytes of scratch are passed over (a RAM budget's choice).
  virtual Choice choose(Target target, size_t scratch_cap) const = 0;
  Choice choose(Target target) const { return choose(target, SIZE_MAX); }
  // The table's portable ".ref" entry.
  virtual std::string reference_id() const = 0;
  virtual size_t scratch_bytes(const std::string& id) const = 0;
  // Work bytes for running variant `id` with its output over its input in bands of `band` output
  // rows (include/cmnn/rows_in_place.h), the variant's scratch included; 0 when this call cannot
  // (not an int8 conv/depthwise, output rows wider than stride x input rows, or a band's
  // parameters the variant does not support or that need more scratch than the whole layer).
  virtual size_t rows_in_place_work(const std::string& id, int32_t band) const = 0;
  // Row geometry of an int8 conv/depthwise call (false for any other call), for row fusion.
  virtual bool rows_geometry(RowGeometry* g) const = 0;
  // Row geometry of an int8 MAX_POOL_2D / AVERAGE_POOL_2D call (input_c = output_c = channels,
  // dilation 1); false for any other call. A pool is only ever the second layer of a fused pair
  // (select/fuse_rows.h): pooling fused into its conv/depthwise producer.
  virtual bool pool_rows_geometry(RowGeometry* g) const { (void)g; return false; }
  // Scratch of variant `id` on output rows [o0, o1) alone (rows_band_params), or SIZE_MAX when the
  // variant does not support that sub-image.
  virtual size_t band_scratch(const std::string& id, int32_t o0, int32_t o1) const = 0;
  // The same call on a sub-image (SubImage), or nullptr when this is not an int8 conv/depthwise.
  // PAD folding passes the input without the padded border and the pads added to pad_top/pad_left.
  virtual std::shared_ptr<const LayerCall> on_subimage(const SubImage& s) const = 0;
  // The sub-image this call runs on (false for any other call).
  virtual bool subimage(SubImage* s) const = 0;
  // The first table entry that runs on `target` and supports every one of `subs` (scratch: the most
  // any of them needs); found = false when none does or this is not an int8 conv/depthwise.
  virtual Choice choose_for_subimages(Target target, const std::vector<SubImage>& subs) const = 0;
  // Scratch of variant `id` on that sub-image, or SIZE_MAX when the variant does not support it.
  virtual size_t subimage_scratch(const std::string& id, const SubImage& s) const = 0;
  // Runs variant `id` through the op's checked run_variant; `ptrs` in bindings() order.
  virtual Status run(const std::string& id, const std::vector<void*>& ptrs, void* scratch, size_t size) const = 0;
  // The same call without its int8 weights, for a call that has their packed int16 copy: conv2d_s8
  // with has_packed_filter gets packed_filter_only, fully_connected_s8 with has_packed_weights or
  // has_pair_weights gets packed_weights_only (include/cmnn/conv.h, fully_connected.h), and the weights' argument is bound
  // to null. Only the packed variants support it. *role: the constant role the int8 weights were
  // bound to ("filter", "weights"). nullptr for any other call (select/drop_int8.h).
  virtual std::shared_ptr<const LayerCall> without_int8_weights(std::string* role) const {
    (void)role;
    return nullptr;
  }
  // The id of a narrower table entry that runs exactly the code variant `id` would run for every
  // call of this layer (so an image naming it links less), or "" when there is none. `ptrs` in
  // bindings() order (tensors may point anywhere: they are not read); rows_in_place: the layer
  // runs in place by row bands, its output over its input (select/narrow.h).
  virtual std::string narrowest(const std::string& id, const std::vector<void*>& ptrs, bool rows_in_place) const {
    (void)id, (void)ptrs, (void)rows_in_place;
    return "";
  }
};

// The static description of one library op that an op file writes once.
template <typename P, typename A>
struct CallSpec {
  const char* function;     // "pad_s8"
  const char* header;       // "cmnn/pad.h"
  const char* params_type;  // "cmnn::PadParams"
  const char* args_type;    // "cmnn::PadArgs"
  const ::cmnn::Variant<P, A>* (*variants)(size_t* count);
  Status (*run_variant)(const ::cmnn::Variant<P, A>&, const P&, const A&, void*, size_t);
  std::vector<ParamField> (*fields)(const P&);
};

template <typename A>
struct ArgDef {
  const char* field;
  ArgSource source;
  void (*set)(A& args, void* ptr);
};

// CMNN_ARG(Args, input, in(0)): binds args.input to the layer's first input.
#define CMNN_ARG(Args, member, source)                                                                  \
  ::cmnn::tool::ArgDef<Args> {                                                                          \
    #member, source, [](Args& a_, void* p_) { a_.member = static_cast<decltype(a_.member)>(p_); }      \
  }
// Inside a fields function with `p` the params: CMNN_FIELD(stride_h) -> ParamField "stride_h".
#define CMNN_FIELD(member) ::cmnn::tool::param_field(#member, p.member)


template <typename P, typename A>
class TableCall final : public LayerCall {
 public:
  TableCall(const CallSpec<P, A>& spec, const P& params, std::vector<ArgDef<A>> args)
      : spec_(spec), params_(params), args_(std::move(args)), function_(spec.function), header_(spec.header),
        params_type_(spec.params_type), args_type_(spec.args_type) {}
  const P& params() const { return params_; }
  const std::string& function() const override { return function_; }
  const std::string& header() const override { return header_; }
  const std::string& params_type() const override { return params_type_; }
  const std::string& args_type() const override { return args_type_; }
  std::vector<ParamField> fields() const override { return spec_.fields(params_); }
  std::vector<std::pair<std::string, ArgSource>> bindings() const override {
    std::vector<std::pair<std::string, ArgSource>> b;
    for (const ArgDef<A>& a : args_) b.emplace_back(a.field, a.source);
    return b;
  }
  using LayerCall::choose;
  Choice choose(Target target, size_t scratch_cap) const override {
    Choice c;
    size_t count = 0;
    const ::cmnn::Variant<P, A>* table = spec_.variants(&count);
    for (size_t i = 0; i < count; ++i) {
      const auto& v = table[i];
      Candidate cand{v.id, v.isa, false, ""};
      if (c.found) {
        cand.verdict = "not considered (an earlier entry was chosen)";
      } else if (!isa_available(target, v.isa)) {
        cand.verdict = std::string("rejected: ISA ") + isa_name(v.isa) + " not available on " + target_name(target);
      } else if (!v.supports(params_)) {
        cand.verdict = "rejected: supports() is false for these parameters";
      } else if (v.scratch_bytes(params_) > scratch_cap) {
        cand.verdict = "rejected: needs " + std::to_string(v.scratch_bytes(params_)) +
                       " B of scratch, which would raise the model's peak RAM (RAM-aware choice, cap " +
                       std::to_string(scratch_cap) + " B)";
      } else {
        cand.verdict = "chosen";
        cand.chosen = true;
        c.found = true;
        c.index = i;
        c.id = v.id;
        c.scratch_bytes = v.scratch_bytes(params_);
      }
      c.candidates.push_back(cand);
    }
    return c;
  }
  std::string reference_id() const override {
    size_t count = 0;
    const ::cmnn::Variant<P, A>* table = spec_.variants(&count);
    for (size_t i = 0; i < count; ++i) {
      const std::string id = table[i].id;
      if (table[i].isa == Isa::kPortable && id.size() >= 4 && id.compare(id.size() - 4, 4, ".ref") == 0) return id;
    }
    throw std::runtime_error(function_ + " has no .ref variant");
  }
  size_t scratch_bytes(const std::string& id) const override { return find(id).scratch_bytes(params_); }
  size_t rows_in_place_work(const std::string& id, int32_t band) const override {
    if constexpr (kRowLocal) {
      const auto& v = find(id);
      const size_t kernel = v.scratch_bytes(params_);
      // A whole call in place needs the variant's scratch alone (the overload below); no bands to check.
      if (::cmnn::rows_whole_call_in_place(v, params_)) return ::cmnn::rows_in_place_work_bytes(v, params_, band, kernel, 1);
      if (::cmnn::rows_in_place_work_bytes(params_, band, kernel, 1) == 0) return 0;
      for (int32_t o0 = 0; o0 < params_.output_h; o0 += band) {
        int32_t first = 0;
        const P q = ::cmnn::rows_band_params(params_, o0, std::min(o0 + band, params_.output_h), &first);
        if (!v.supports(q) || v.scratch_bytes(q) > kernel) return 0;
      }
      return ::cmnn::rows_in_place_work_bytes(params_, band, kernel, 1);
    } else {
      (void)id, (void)band;
      return 0;
    }
  }
  bool rows_geometry(RowGeometry* g) const override {
    if constexpr (kRowLocal) {
      g->batches = params_.batches, g->input_h = params_.input_h, g->input_w = params_.input_w;
      g->input_c = params_.input_c, g->output_h = params_.output_h, g->output_w = params_.output_w;
      g->output_c = ::cmnn::rows_output_channels(params_), g->stride_h = params_.stride_h;
      g->pad_top = params_.pad_top, g->filter_h = params_.filter_h, g->dilation_h = params_.dilation_h;
      g->stride_w = params_.stride_w, g->pad_left = params_.pad_left, g->filter_w = params_.filter_w;
      g->dilation_w = params_.dilation_w;
      return true;
    } else {
      (void)g;
      return false;
    }
  }
  bool pool_rows_geometry(RowGeometry* g) const override {
    if constexpr (kPoolRows) {
      g->batches = params_.batches, g->input_h = params_.input_h, g->input_w = params_.input_w;
      g->input_c = g->output_c = params_.channels, g->output_h = params_.output_h, g->output_w = params_.output_w;
      g->stride_h = params_.stride_h, g->pad_top = params_.pad_top, g->filter_h = params_.filter_h, g->dilation_h = 1;
      g->stride_w = params_.stride_w, g->pad_left = params_.pad_left, g->filter_w = params_.filter_w, g->dilation_w = 1;
      g->pool = true;
      return true;
    } else {
      (void)g;
      return false;
    }
  }
  size_t band_scratch(const std::string& id, int32_t o0, int32_t o1) const override {
    if constexpr (kRowLocal || kPoolRows) {
      int32_t first = 0;
      const P q = ::cmnn::rows_band_params(params_, o0, o1, &first);
      const auto& v = find(id);
      return v.supports(q) ? v.scratch_bytes(q) : SIZE_MAX;
    } else {
      (void)id, (void)o0, (void)o1;
      return SIZE_MAX;
    }
  }
  std::shared_ptr<const LayerCall> on_subimage(const SubImage& s) const override {
    if constexpr (kRowLocal) {
      return std::make_shared<TableCall<P, A>>(spec_, with(s), args_);
    } else {
      (void)s;
      return nullptr;
    }
  }
  bool subimage(SubImage* s) const override {
    if constexpr (kRowLocal) {
      s->input_h = params_.input_h, s->input_w = params_.input_w, s->output_h = params_.output_h;
      s->output_w = params_.output_w, s->pad_top = params_.pad_top, s->pad_left = params_.pad_left;
      return true;
    } else {
      (void)s;
      return false;
    }
  }
  Choice choose_for_subimages(Target target, const std::vector<SubImage>& subs) const override {
    Choice c;
    if constexpr (kRowLocal) {
      size_t count = 0;
      const ::cmnn::Variant<P, A>* table = spec_.variants(&count);
      for (size_t i = 0; i < count; ++i) {
        const auto& v = table[i];
        Candidate cand{v.id, v.isa, false, ""};
        bool all = !c.found && isa_available(target, v.isa);
        size_t scratch = 0;
        for (const SubImage& s : subs) {
          if (!all) break;
          const P q = with(s);
          all = v.supports(q);
          if (all) scratch = std::max(scratch, v.scratch_bytes(q));
        }
        if (c.found) {
          cand.verdict = "not considered (an earlier entry was chosen)";
        } else if (!all) {
          cand.verdict = isa_available(target, v.isa) ? "rejected: supports() is false for some tile of the patch stage"
                                                      : std::string("rejected: ISA ") + isa_name(v.isa) + " not available on " + target_name(target);
        } else {
          cand.verdict = "chosen (runs every tile of the patch stage)";
          cand.chosen = true;
          c.found = true, c.index = i, c.id = v.id, c.scratch_bytes = scratch;
        }
        c.candidates.push_back(cand);
      }
    } else {
      (void)target, (void)subs;
    }
    return c;
  }
  size_t subimage_scratch(const std::string& id, const SubImage& s) const override {
    if constexpr (kRowLocal) {
      const P q = with(s);
      const auto& v = find(id);
      return v.supports(q) ? v.scratch_bytes(q) : SIZE_MAX;
    } else {
      (void)id, (void)s;
      return SIZE_MAX;
    }
  }
  Status run(const std::string& id, const std::vector<void*>& ptrs, void* scratch, size_t size) const override {
    A a{};
    for (size_t i = 0; i < args_.size() && i < ptrs.size(); ++i) args_[i].set(a, ptrs[i]);
    return spec_.run_variant(find(id), params_, a, scratch, size);
  }
  std::shared_ptr<const LayerCall> without_int8_weights(std::string* role) const override {
    if constexpr (std::is_same_v<P, ::cmnn::Conv2dParams> && std::is_same_v<A, ::cmnn::Conv2dS8Args>) {
      if (!params_.has_packed_filter) return nullptr;
      P q = params_;
      q.packed_filter_only = true;
      return with_null_arg(q, "filter", role);
    } else if constexpr (std::is_same_v<P, ::cmnn::FullyConnectedParams> && std::is_same_v<A, ::cmnn::FullyConnectedS8Args>) {
      if (!params_.has_packed_weights && !params_.has_pair_weights) return nullptr;
      P q = params_;
      q.packed_weights_only = true;
      return with_null_arg(q, "weights", role);
    } else {
      (void)role;
      return nullptr;
    }
  }

 private:
  // int8 conv and depthwise: calls that can run on row bands (include/cmnn/rows_in_place.h).
  static constexpr bool kRowLocal =
      (std::is_same_v<P, ::cmnn::Conv2dParams> || std::is_same_v<P, ::cmnn::DepthwiseConvParams>) &&
      std::is_same_v<decltype(A{}.output), int8_t*>;
  // int8 max / average pooling: the second layer of a fused pair (include/cmnn/rows_fused.h).
  static constexpr bool kPoolRows = std::is_same_v<P, ::cmnn::PoolParams> && std::is_same_v<decltype(A{}.output), int8_t*>;
  P with(const SubImage& s) const {
    P q = params_;
    if constexpr (kRowLocal) {
      q.input_h = s.input_h, q.input_w = s.input_w, q.output_h = s.output_h, q.output_w = s.output_w;
      q.pad_top = s.pad_top, q.pad_left = s.pad_left;
    }
    return q;
  }
  // A copy with params q and Args field `field` bound to null (its constant role into *role).
  std::shared_ptr<const LayerCall> with_null_arg(const P& q, const char* field, std::string* role) const {
    std::vector<ArgDef<A>> args = args_;
    for (ArgDef<A>& a : args) {
      if (std::string(a.field) != field) continue;
      if (a.source.kind != ArgSource::Kind::kConstant) return nullptr;
      *role = a.source.role;
      a.source = null_arg();
      return std::make_shared<TableCall<P, A>>(spec_, q, std::move(args));
    }
    return nullptr;
  }
  std::string narrowest(const std::string& id, const std::vector<void*>& ptrs, bool rows_in_place) const override {
    constexpr bool kDepthwise = std::is_same_v<A, ::cmnn::DepthwiseConvS8Args>;
    constexpr bool kConv = std::is_same_v<P, ::cmnn::Conv2dParams> && std::is_same_v<A, ::cmnn::Conv2dS8Args>;
    if constexpr (kDepthwise || kConv) {
      A a{};
      for (size_t i = 0; i < args_.size() && i < ptrs.size(); ++i) args_[i].set(a, ptrs[i]);
      const ::cmnn::Variant<P, A>* v = nullptr;
      if constexpr (kDepthwise) v = ::cmnn::depthwise_conv2d_s8_dsp_narrowest(find(id), params_, a, rows_in_place);
      else v = ::cmnn::conv2d_s8_stacked_narrowest(find(id), params_, a, rows_in_place);
      return v != nullptr ? std::string(v->id) : std::string();
    } else {
      (void)id, (void)ptrs, (void)rows_in_place;
      return "";
    }
  }
  const ::cmnn::Variant<P, A>& find(const std::string& id) const {
    size_t count = 0;
    const ::cmnn::Variant<P, A>* table = spec_.variants(&count);
    for (size_t i = 0; i < count; ++i) {
      if (id == table[i].id) return table[i];
    }
    throw std::runtime_error(function_ + " has no variant " + id);
  }
  CallSpec<P, A> spec_;
  P params_;
  std::vector<ArgDef<A>> args_;
  std::string function_, header_, params_type_, args_type_;
};

template <typename P, typename A>
std::shared_ptr<const LayerCall> make_call(const CallSpec<P, A>& spec, const P& params, std::vector<ArgDef<A>> args) {
  return std::make_shared<TableCall<P, A>>(spec, params, std::move(args));
}

}  // namespace cmnn::tool

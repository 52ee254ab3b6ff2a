// BATCH_MATMUL int8 (batch_matmul_s8) and int16 (batch_matmul_s16), as TFLM's batch_matmul.cc
// Prepare: one multiplier from the three scales (the two input scales multiplied in float first),
// no fused activation, batch dimensions broadcast, int16 with zero points of 0. The library reads
// the right-hand side as rows of depth (TFLite's adj_y = true layout); a constant operand in the
// other layout is transposed here, at compile time, and a non-constant one is read depth-major by
// the reference variant (lhs_depth_major / rhs_depth_major).
#include <cstring>

#include "cmnn/batch_matmul.h"
#include "ops/op_support.h"

namespace cmnn::tool::ops {

namespace {

namespace lib = ::cmnn;

std::vector<ParamField> bmm_fields(const lib::BatchMatmulParams& p) {
  return {CMNN_FIELD(lhs_batch),      CMNN_FIELD(lhs_height),      CMNN_FIELD(rhs_batch),
          CMNN_FIELD(rhs_height),     CMNN_FIELD(rows),            CMNN_FIELD(cols),
          CMNN_FIELD(depth),          CMNN_FIELD(lhs_offset),      CMNN_FIELD(rhs_offset),
          CMNN_FIELD(output_offset),  CMNN_FIELD(output_multiplier), CMNN_FIELD(output_shift),
          CMNN_FIELD(activation_min), CMNN_FIELD(activation_max),  CMNN_FIELD(lhs_depth_major),
          CMNN_FIELD(rhs_depth_major)};
}

const CallSpec<lib::BatchMatmulParams, lib::BatchMatmulArgs<int8_t>> kS8 = {
    "batch_matmul_s8", "cmnn/batch_matmul.h", "cmnn::BatchMatmulParams", "cmnn::BatchMatmulArgs<int8_t>",
    lib::batch_matmul_s8_variants, lib::batch_matmul_s8_run_variant, bmm_fields};
const CallSpec<lib::BatchMatmulParams, lib::BatchMatmulArgs<int16_t>> kS16 = {
    "batch_matmul_s16", "cmnn/batch_matmul.h", "cmnn::BatchMatmulParams", "cmnn::BatchMatmulArgs<int16_t>",
    lib::batch_matmul_s16_variants, lib::batch_matmul_s16_run_variant, bmm_fields};

// The tensor's shape with leading 1s up to `rank` dimensions.
std::vector<int64_t> extended(const GraphTensor& t, size_t rank) {
  std::vector<int64_t> s(rank - t.shape.size(), 1);
  for (int32_t d : t.shape) s.push_back(d);
  return s;
}

// A constant operand's matrices transposed, [count][a][b] -> [count][b][a], as a constant array of
// the tensor's own element type.
ConstArray transposed(const Graph& g, int tensor, int64_t count, int64_t a, int64_t b, const std::string& role) {
  const GraphTensor& t = g.tensors.at(static_cast<size_t>(tensor));
  ConstArray c = tensor_constant(g, tensor, t.type, role);
  const size_t size = ConstArray::element_size(c.type);
  if (static_cast<int64_t>(c.data.size()) != count * a * b * static_cast<int64_t>(size)) {
    throw ImportError(role + ": constant data size does not match its shape");
  }
  std::vector<uint8_t> out(c.data.size());
  for (int64_t n = 0; n < count; ++n) {
    const uint8_t* src = c.data.data() + static_cast<size_t>(n * a * b) * size;
    uint8_t* dst = out.data() + static_cast<size_t>(n * a * b) * size;
    for (int64_t i = 0; i < a; ++i) {
      for (int64_t j = 0; j < b; ++j) std::memcpy(dst + static_cast<size_t>(j * a + i) * size, src + static_cast<size_t>(i * b + j) * size, size);
    }
  }
  c.data = std::move(out);
  return c;
}

// Folds the broadcast batch dimensions (up to three) into the library's two levels, batch and
// height: dimensions of size 1 on both sides are dropped, and neighbours that broadcast the same way
// (equal, lhs of 1, or rhs of 1) are merged. Unsupported when more than two groups remain.
void fold_batches(const std::vector<int64_t>& lhs, const std::vector<int64_t>& rhs, size_t batch_dims,
                  lib::BatchMatmulParams& p) {
  struct Group {
    int64_t l, r;
  };
  auto kind = [](int64_t l, int64_t r) { return l == r ? 0 : (l == 1 ? 1 : 2); };
  std::vector<Group> groups;
  for (size_t i = 0; i < batch_dims; ++i) {
    if (lhs[i] == 1 && rhs[i] == 1) continue;
    if (!groups.empty() && kind(groups.back().l, groups.back().r) == kind(lhs[i], rhs[i])) {
      groups.back().l *= lhs[i];
      groups.back().r *= rhs[i];
    } else {
      groups.push_back({lhs[i], rhs[i]});
    }
  }
  if (groups.size() > 2) {
    throw Unsupported("BATCH_MATMUL: the batch dimensions broadcast in a pattern that does not fold into the "
                      "kernel's two batch levels");
  }
  while (groups.size() < 2) groups.insert(groups.begin(), Group{1, 1});
  for (const Group& g : groups) {
    if (g.l > INT32_MAX || g.r > INT32_MAX) throw Unsupported("BATCH_MATMUL: batch too large");
  }
  p.lhs_batch = static_cast<int32_t>(groups[0].l), p.lhs_height = static_cast<int32_t>(groups[1].l);
  p.rhs_batch = static_cast<int32_t>(groups[0].r), p.rhs_height = static_cast<int32_t>(groups[1].r);
}

void lower(LowerContext& ctx) {
  ctx.expect_arity(2, 2, 1);
  const GraphTensor& lhs = ctx.input(0);
  const GraphTensor& rhs = ctx.input(1);
  const GraphTensor& output = ctx.output(0);
  if (lhs.type != rhs.type || lhs.type != output.type ||
      (lhs.type != TensorType::kInt8 && lhs.type != TensorType::kInt16)) {
    throw Unsupported("BATCH_MATMUL " + types_text(ctx) + " has no cmnn kernel (int8 or int16, all three alike)");
  }
  const auto o = ctx.options<tflite::BatchMatMulOptions>();
  const size_t lr = lhs.shape.size(), rr = rhs.shape.size();
  if (lr < 2 || lr > 5 || rr < 2 || rr > 5) throw ImportError("BATCH_MATMUL: operands must have 2 to 5 dimensions");
  const size_t rank = lr > rr ? lr : rr;
  if (output.shape.size() != rank) throw ImportError("BATCH_MATMUL: output rank is not the operands' larger rank");
  const std::vector<int64_t> ls = extended(lhs, rank), rs = extended(rhs, rank);
  for (int64_t d : ls) {
    if (d <= 0) throw Unsupported("BATCH_MATMUL: empty lhs");
  }
  for (int64_t d : rs) {
    if (d <= 0) throw Unsupported("BATCH_MATMUL: empty rhs");
  }
  const size_t batch_dims = rank - 2;
  for (size_t i = 0; i < batch_dims; ++i) {
    if (ls[i] != rs[i] && ls[i] != 1 && rs[i] != 1) {
      throw ImportError("BATCH_MATMUL: batch dimension " + std::to_string(i) + " does not broadcast (" +
                        std::to_string(ls[i]) + " vs " + std::to_string(rs[i]) + ")");
    }
    const int64_t out_dim = ls[i] > rs[i] ? ls[i] : rs[i];
    if (output.shape[i] != out_dim) throw ImportError("BATCH_MATMUL: output batch dimensions are not the broadcast");
  }
  // lhs [.., rows, depth] (adj_x: [.., depth, rows]); rhs [.., depth, cols] (adj_y: [.., cols, depth]).
  const int64_t rows = o.adj_x ? ls[rank - 1] : ls[rank - 2];
  const int64_t lhs_depth = o.adj_x ? ls[rank - 2] : ls[rank - 1];
  const int64_t cols = o.adj_y ? rs[rank - 2] : rs[rank - 1];
  const int64_t rhs_depth = o.adj_y ? rs[rank - 1] : rs[rank - 2];
  if (lhs_depth != rhs_depth) throw ImportError("BATCH_MATMUL: the operands' accumulation depths differ");
  if (output.shape[rank - 2] != rows || output.shape[rank - 1] != cols) {
    throw ImportError("BATCH_MATMUL: output is not [.., " + std::to_string(rows) + ", " + std::to_string(cols) + "]");
  }

  const Quant lq = activation_quant(lhs, "lhs"), rq = activation_quant(rhs, "rhs"), oq = activation_quant(output, "output");
  lib::BatchMatmulParams p;
  fold_batches(ls, rs, batch_dims, p);
  p.rows = static_cast<int32_t>(rows), p.cols = static_cast<int32_t>(cols), p.depth = static_cast<int32_t>(lhs_depth);
  const QuantizedMultiplier m = quantize(float_product_multiplier(lq.scale, rq.scale, oq.scale));
  if (m.multiplier < 0 || m.shift < -31 || m.shift > 30) {
    throw Unsupported("BATCH_MATMUL: output multiplier out of the kernels' range (shift " + std::to_string(m.shift) + ")");
  }
  p.output_multiplier = m.multiplier, p.output_shift = m.shift;
  p.lhs_offset = -lq.zero_point, p.rhs_offset = -rq.zero_point, p.output_offset = oq.zero_point;
  p.activation_min = type_min(lhs.type), p.activation_max = type_max(lhs.type);
  if (lhs.type == TensorType::kInt16) {
    if (lq.zero_point != 0 || rq.zero_point != 0 || oq.zero_point != 0) {
      throw ImportError("BATCH_MATMUL int16: zero points must be 0");
    }
  } else if (p.depth > 32768) {
    throw Unsupported("BATCH_MATMUL int8: depth " + std::to_string(p.depth) + " overflows the int32 accumulator");
  }

  Layer& l = ctx.add_layer();
  l.outputs = {ctx.node.outputs[0]};
  l.macs = static_cast<int64_t>(output.elements) * p.depth;
  // The library wants lhs [rows][depth] and rhs_t [cols][depth]: a constant operand in the other
  // layout is transposed now, a non-constant one is read depth-major by the reference variant.
  ArgSource lhs_src = in(0), rhs_src = in(0);
  const bool lhs_constant = lhs.constant && lhs.data != nullptr, rhs_constant = rhs.constant && rhs.data != nullptr;
  if (o.adj_x && lhs_constant) {
    l.constants.push_back(transposed(ctx.graph, ctx.node.inputs[0], int64_t{p.lhs_batch} * p.lhs_height, lhs_depth,
                                     rows, "lhs"));
    lhs_src = constant("lhs");
  } else {
    p.lhs_depth_major = o.adj_x;
    l.inputs.push_back(ctx.node.inputs[0]);
    lhs_src = in(static_cast<int>(l.inputs.size()) - 1);
  }
  if (!o.adj_y && rhs_constant) {
    l.constants.push_back(transposed(ctx.graph, ctx.node.inputs[1], int64_t{p.rhs_batch} * p.rhs_height, rhs_depth,
                                     cols, "rhs_t"));
    rhs_src = constant("rhs_t");
  } else {
    p.rhs_depth_major = !o.adj_y;
    l.inputs.push_back(ctx.node.inputs[1]);
    rhs_src = in(static_cast<int>(l.inputs.size()) - 1);
  }
  if (lhs.type == TensorType::kInt8) {
    using A = lib::BatchMatmulArgs<int8_t>;
    l.call = make_call(kS8, p, {CMNN_ARG(A, lhs, lhs_src), CMNN_ARG(A, rhs_t, rhs_src), CMNN_ARG(A, output, out(0))});
  } else {
    using A = lib::BatchMatmulArgs<int16_t>;
    l.call = make_call(kS16, p, {CMNN_ARG(A, lhs, lhs_src), CMNN_ARG(A, rhs_t, rhs_src), CMNN_ARG(A, output, out(0))});
  }
}

}  // namespace

extern const OpDef kBatchMatMul = {tflite::op::kBatchMatMul, "batch_matmul", lower};

}  // namespace cmnn::tool::ops

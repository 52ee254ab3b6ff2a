// Bench adapter of add (int8) with the model's fixed-point parameters from layers.json.
#include "bench_op.h"
#include "cmnn/elementwise.h"

namespace cmnn::bench {
namespace {

int run_add(const Layer& l) {
  AddParams p;
  p.size = l.batch * l.in_h * l.in_w * l.in_c;
  p.input1_offset = -l.input_zp;
  p.input2_offset = -l.input2_zp;
  p.input1_multiplier = l.add_in1_mult;
  p.input1_shift = l.add_in1_shift;
  p.input2_multiplier = l.add_in2_mult;
  p.input2_shift = l.add_in2_shift;
  p.left_shift = l.add_left_shift;
  p.output_offset = l.output_zp;
  p.output_multiplier = l.add_out_mult;
  p.output_shift = l.add_out_shift;
  p.activation_min = l.act_min;
  p.activation_max = l.act_max;
  const auto n = static_cast<size_t>(p.size);
  bool ok = true;
  auto* in1 = take<int8_t>(n, &ok);
  auto* in2 = take<int8_t>(n, &ok);
  auto* output = take<int8_t>(n, &ok);
  if (!ok) return 1;
  Random r(static_cast<uint32_t>(l.idx) + 1u);
  r.fill_s8(in1, n);
  r.fill_s8(in2, n);
  const BinaryArgs<int8_t> a{in1, in2, output};
  size_t count = 0;
  const auto* table = add_s8_variants(&count);
  return measure_table(l, table, count, p, output, n, [&](const Variant<AddParams, BinaryArgs<int8_t>>& v, void* s,
                                                          size_t bytes) { return add_s8_run_variant(v, p, a, s, bytes); });
}

const AdapterRegistration kAdd("add", run_add);

}  // namespace
}  // namespace cmnn::bench

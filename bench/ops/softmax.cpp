// Bench adapter of softmax (int8 -> int8) with the model's scaling from layers.json.
#include "bench_op.h"
#include "cmnn/softmax.h"

namespace cmnn::bench {
namespace {

int run_softmax(const Layer& l) {
  SoftmaxParams p;
  p.rows = l.batch * l.in_h * l.in_w;
  p.row_size = l.in_c;
  p.input_multiplier = l.softmax_mult;
  p.input_left_shift = l.softmax_shift;
  p.diff_min = l.softmax_diff_min;
  const auto n = static_cast<size_t>(p.rows) * static_cast<size_t>(p.row_size);
  bool ok = true;
  auto* input = take<int8_t>(n, &ok);
  auto* output = take<int8_t>(n, &ok);
  if (!ok) return 1;
  Random r(static_cast<uint32_t>(l.idx) + 1u);
  r.fill_s8(input, n);
  const SoftmaxS8Args a{input, output};
  size_t count = 0;
  const auto* table = softmax_s8_variants(&count);
  return measure_table(l, table, count, p, output, n, [&](const Variant<SoftmaxParams, SoftmaxS8Args>& v, void* s,
                                                          size_t bytes) { return softmax_s8_run_variant(v, p, a, s, bytes); });
}

const AdapterRegistration kSoftmax("softmax", run_softmax);

}  // namespace
}  // namespace cmnn::bench

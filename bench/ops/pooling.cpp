// Bench adapters of avg_pool and max_pool (int8): every native variant of the op's table.
#include "bench_op.h"
#include "cmnn/pooling.h"

namespace cmnn::bench {
namespace {

PoolParams pool_params(const Layer& l) {
  PoolParams p;
  p.batches = l.batch;
  p.input_h = l.in_h;
  p.input_w = l.in_w;
  p.channels = l.in_c;
  p.output_h = l.out_h;
  p.output_w = l.out_w;
  p.filter_h = l.filter_h;
  p.filter_w = l.filter_w;
  p.stride_h = l.stride_h;
  p.stride_w = l.stride_w;
  p.pad_top = l.pad_top;
  p.pad_left = l.pad_left;
  p.activation_min = l.act_min;
  p.activation_max = l.act_max;
  return p;
}

template <typename Table, typename RunVariant>
int run_pool(const Layer& l, Table table_of, RunVariant run_variant) {
  const PoolParams p = pool_params(l);
  const size_t in_n = static_cast<size_t>(l.batch) * l.in_h * l.in_w * l.in_c;
  const size_t out_n = static_cast<size_t>(l.batch) * l.out_h * l.out_w * l.out_c;
  bool ok = true;
  auto* input = take<int8_t>(in_n, &ok);
  auto* output = take<int8_t>(out_n, &ok);
  if (!ok) return 1;
  Random r(static_cast<uint32_t>(l.idx) + 1u);
  r.fill_s8(input, in_n);
  const PoolArgs<int8_t> a{input, output};
  size_t count = 0;
  const PoolS8Variant* table = table_of(&count);
  return measure_table(l, table, count, p, output, out_n,
                       [&](const PoolS8Variant& v, void* s, size_t n) { return run_variant(v, p, a, s, n); });
}

int run_avg_pool(const Layer& l) { return run_pool(l, avgpool_s8_variants, avgpool_s8_run_variant); }
int run_max_pool(const Layer& l) { return run_pool(l, maxpool_s8_variants, maxpool_s8_run_variant); }

const AdapterRegistration kAvgPool("avg_pool", run_avg_pool);
const AdapterRegistration kMaxPool("max_pool", run_max_pool);

}  // namespace
}  // namespace cmnn::bench

// Maximum / minimum of int8 tensors with 4-D broadcasting (reference).
#include "cmnn/elementwise.h"
#include "kernels/op_table/op_table.h"

namespace cmnn {

namespace {
template <bool kMax>
Status max_min_ref(const BroadcastParams& p, const BinaryArgs<int8_t>& a, void*, size_t) {
  // Element strides of each input per output dimension; 0 where the input broadcasts.
  int32_t s1[4], s2[4];
  int32_t step1 = 1, step2 = 1;
  for (int d = 3; d >= 0; --d) {
    s1[d] = p.input1[d] == 1 ? 0 : step1;
    s2[d] = p.input2[d] == 1 ? 0 : step2;
    step1 *= p.input1[d];
    step2 *= p.input2[d];
  }
  int8_t* out = a.output;
  for (int32_t n = 0; n < p.output[0]; ++n) {
    for (int32_t h = 0; h < p.output[1]; ++h) {
      for (int32_t w = 0; w < p.output[2]; ++w) {
        const int8_t* x1 = a.input1 + n * s1[0] + h * s1[1] + w * s1[2];
        const int8_t* x2 = a.input2 + n * s2[0] + h * s2[1] + w * s2[2];
        for (int32_t c = 0; c < p.output[3]; ++c) {
          const int8_t u = x1[c * s1[3]], v = x2[c * s2[3]];
          *out++ = kMax ? (u > v ? u : v) : (u < v ? u : v);
        }
      }
    }
  }
  return Status::kOk;
}

Status check_broadcast(const BroadcastParams& p, const BinaryArgs<int8_t>& a) {
  if (a.input1 == nullptr || a.input2 == nullptr || a.output == nullptr) return Status::kNullPointer;
  if (!op_table::product_fits(p.input1, 4) || !op_table::product_fits(p.input2, 4) ||
      !op_table::product_fits(p.output, 4)) {
    return Status::kBadShape;
  }
  for (int d = 0; d < 4; ++d) {
    const bool ok1 = p.input1[d] == p.output[d] || p.input1[d] == 1;
    const bool ok2 = p.input2[d] == p.output[d] || p.input2[d] == 1;
    const bool covered = p.output[d] == (p.input1[d] > p.input2[d] ? p.input1[d] : p.input2[d]);
    if (!ok1 || !ok2 || !covered) return Status::kBadShape;
  }
  return Status::kOk;
}

bool always(const BroadcastParams&) { return true; }
size_t no_scratch(const BroadcastParams&) { return 0; }

constexpr Variant<BroadcastParams, BinaryArgs<int8_t>> kMax[] = {
    {"maximum_s8.ref", Isa::kPortable, always, no_scratch, max_min_ref<true>},
};
constexpr Variant<BroadcastParams, BinaryArgs<int8_t>> kMin[] = {
    {"minimum_s8.ref", Isa::kPortable, always, no_scratch, max_min_ref<false>},
};
}  // namespace

CMNN_DEFINE_OP_TABLE(maximum_s8, BroadcastParams, BinaryArgs<int8_t>, kMax, check_broadcast)
CMNN_DEFINE_OP_TABLE(minimum_s8, BroadcastParams, BinaryArgs<int8_t>, kMin, check_broadcast)

}  // namespace cmnn

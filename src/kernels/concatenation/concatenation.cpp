// Concatenation s8 (reference): one memcpy per input per outer step.
#include <cstring>

#include "cmnn/concatenation.h"
#include "kernels/op_table/op_table.h"

namespace cmnn {

namespace {
Status concat_ref(const ConcatParams& p, const ConcatArgs& a, void*, size_t) {
  int8_t* out = a.output;
  for (int32_t o = 0; o < p.outer; ++o) {
    for (int32_t k = 0; k < p.num_inputs; ++k) {
      const size_t n = static_cast<size_t>(p.inner_bytes[k]);
      std::memcpy(out, a.inputs[k] + static_cast<size_t>(o) * n, n);
      out += n;
    }
  }
  return Status::kOk;
}

Status check_concat(const ConcatParams& p, const ConcatArgs& a) {
  if (a.output == nullptr || a.inputs == nullptr || p.inner_bytes == nullptr) return Status::kNullPointer;
  if (p.num_inputs <= 0 || p.outer <= 0) return Status::kBadShape;
  int64_t row = 0;
  for (int32_t k = 0; k < p.num_inputs; ++k) {
    if (a.inputs[k] == nullptr) return Status::kNullPointer;
    if (p.inner_bytes[k] < 0) return Status::kBadShape;
    row += p.inner_bytes[k];
  }
  if (row == 0 || row * p.outer > INT32_MAX) return Status::kBadShape;
  return Status::kOk;
}

bool always(const ConcatParams&) { return true; }
size_t no_scratch(const ConcatParams&) { return 0; }

constexpr Variant<ConcatParams, ConcatArgs> kConcat[] = {
    {"concatenation_s8.ref", Isa::kPortable, always, no_scratch, concat_ref},
};
}  // namespace

CMNN_DEFINE_OP_TABLE(concatenation_s8, ConcatParams, ConcatArgs, kConcat, check_concat)

}  // namespace cmnn

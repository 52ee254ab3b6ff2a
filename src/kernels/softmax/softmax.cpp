// Softmax entry points and variant tables.
#include "cmnn/softmax.h"

#include "kernels/op_table/op_table.h"
#include "kernels/softmax/softmax_variants.h"

namespace cmnn {

namespace {
using namespace softmax;

template <typename In, typename Out>
Status check_softmax(const SoftmaxParams& p, const SoftmaxArgs<In, Out>& a) {
  if (a.input == nullptr || a.output == nullptr) return Status::kNullPointer;
  const int32_t dims[2] = {p.rows, p.row_size};
  if (!op_table::product_fits(dims, 2)) return Status::kBadShape;
  if (p.input_multiplier < 0) return Status::kBadParameter;
  if constexpr (sizeof(In) == 1) {
    // The exp sum (at most row_size * 2^19) must fit int32. Only differences x - max >= diff_min
    // are rescaled, so (-diff_min) << shift must fit int32 (TFLite derives diff_min from the shift
    // so that it does: CalculateInputRadius).
    if (p.row_size > 4095) return Status::kBadShape;
    if (p.input_left_shift < 0 || p.input_left_shift > 30 || p.diff_min > 0) return Status::kBadParameter;
    if ((-static_cast<int64_t>(p.diff_min) << p.input_left_shift) > INT32_MAX) return Status::kBadParameter;
  } else {
    if (p.row_size > 65535) return Status::kBadShape;  // sum of exps (<= 32767 each) fits int32
    if (p.input_left_shift < -31 || p.input_left_shift > 14) return Status::kBadParameter;
  }
  return Status::kOk;
}

bool always(const SoftmaxParams&) { return true; }
size_t no_scratch(const SoftmaxParams&) { return 0; }

constexpr Variant<SoftmaxParams, SoftmaxS8Args> kS8[] = {
    {"softmax_s8.mve", Isa::kMve, always, no_scratch, softmax_s8_mve},
    {"softmax_s8.exp_once", Isa::kPortable, always, softmax_exp_once_scratch_bytes, softmax_s8_exp_once},
    {"softmax_s8.ref", Isa::kPortable, always, no_scratch, softmax_s8_ref},
};
constexpr Variant<SoftmaxParams, SoftmaxS8S16Args> kS8S16[] = {
    {"softmax_s8_s16.mve", Isa::kMve, always, no_scratch, softmax_s8_s16_mve},
    {"softmax_s8_s16.exp_once", Isa::kPortable, always, softmax_exp_once_scratch_bytes, softmax_s8_s16_exp_once},
    {"softmax_s8_s16.ref", Isa::kPortable, always, no_scratch, softmax_s8_s16_ref},
};
constexpr Variant<SoftmaxParams, SoftmaxS16Args> kS16[] = {
    {"softmax_s16.ref", Isa::kPortable, always, no_scratch, softmax_s16_ref},
};
}  // namespace

CMNN_DEFINE_OP_TABLE(softmax_s8, SoftmaxParams, SoftmaxS8Args, kS8, (check_softmax<int8_t, int8_t>))
CMNN_DEFINE_OP_TABLE(softmax_s8_s16, SoftmaxParams, SoftmaxS8S16Args, kS8S16, (check_softmax<int8_t, int16_t>))
CMNN_DEFINE_OP_TABLE(softmax_s16, SoftmaxParams, SoftmaxS16Args, kS16, (check_softmax<int16_t, int16_t>))

}  // namespace cmnn

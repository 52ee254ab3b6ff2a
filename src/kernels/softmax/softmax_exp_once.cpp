// softmax_s8.exp_once and softmax_s8_s16.exp_once: the ref's row (softmax_s8_row.h) with each exp
// computed once. The ref evaluates exp_on_negative_values (about a dozen doubling multiplies) twice
// per element, once for the sum and once for the output; here the first pass keeps them in scratch:
//  - per element (exp[i]) when the row has at most as many elements as distinct differences, or
//  - per difference (exp[-d] for d = lo..0, lo = max(diff_min, min - max) >= -255) when the row is
//    longer than the range of its differences (long rows, rows of few distinct values).
// Either way at most 256 int32 of scratch (softmax_exp_once_scratch_bytes). In place is fine: each
// element is read before its output is written. A difference of 0 (the row's maxima) takes exp = one
// without evaluating it: on short rows (a 1x2 or 1x10 head) that is a large part of the work.
#include <algorithm>

#include "kernels/softmax/softmax_s8_row.h"
#include "kernels/softmax/softmax_variants.h"

namespace cmnn::softmax {

namespace {
constexpr int32_t kMaxCached = 256;  // int8 differences x - max lie in [-255, 0]
// exp_of_diff(0): the row's maxima need no polynomial (gemmlowp's exp of 0 is exactly its one).
constexpr int32_t kExpOfZero = INT32_MAX;
// Rows up to this long take exps per element without looking for their minimum: the per-difference
// table saves exps only on rows with repeated values, and the min costs a compare per element.
constexpr int32_t kShortRow = 32;

template <typename Out>
void row_exp_once(const int8_t* in, Out* out, const SoftmaxParams& p, int32_t* exps) {
  const bool short_row = p.row_size <= kShortRow;
  int32_t max = in[0], min = in[0];
  if (short_row) {
    for (int32_t i = 1; i < p.row_size; ++i) max = in[i] > max ? in[i] : max;
  } else {
    for (int32_t i = 1; i < p.row_size; ++i) {
      max = in[i] > max ? in[i] : max;
      min = in[i] < min ? in[i] : min;
    }
  }
  // The smallest difference that contributes (on short rows diff_min: no difference is below min - max).
  const int32_t lo = short_row ? p.diff_min : std::max(p.diff_min, min - max);
  const bool by_difference = 1 - lo < p.row_size;
  int32_t sum = 0;
  if (by_difference) {
    exps[0] = kExpOfZero;
    for (int32_t d = lo; d < 0; ++d) exps[-d] = exp_of_diff(d, p);
    for (int32_t i = 0; i < p.row_size; ++i) {
      const int32_t diff = in[i] - max;
      if (diff >= lo) sum += sum_term(exps[-diff]);
    }
  } else {
    for (int32_t i = 0; i < p.row_size; ++i) {
      const int32_t diff = in[i] - max;
      if (diff < lo) continue;
      exps[i] = diff == 0 ? kExpOfZero : exp_of_diff(diff, p);
      sum += sum_term(exps[i]);
    }
  }
  const RowOutput<Out> stage(sum);
  for (int32_t i = 0; i < p.row_size; ++i) {
    const int32_t diff = in[i] - max;
    out[i] = diff < lo ? static_cast<Out>(RowOutput<Out>::kMin) : stage.of_exp(exps[by_difference ? -diff : i]);
  }
}

template <typename Out>
Status run_exp_once(const SoftmaxParams& p, const SoftmaxArgs<int8_t, Out>& a, void* scratch, size_t scratch_size) {
  if (scratch == nullptr) return Status::kNullPointer;
  if (scratch_size < softmax_exp_once_scratch_bytes(p)) return Status::kScratchTooSmall;
  auto* exps = static_cast<int32_t*>(scratch);
  for (int32_t r = 0; r < p.rows; ++r) {
    const size_t at = static_cast<size_t>(r) * static_cast<size_t>(p.row_size);
    row_exp_once(a.input + at, a.output + at, p, exps);
  }
  return Status::kOk;
}
}  // namespace

size_t softmax_exp_once_scratch_bytes(const SoftmaxParams& p) {
  return static_cast<size_t>(std::min(p.row_size, kMaxCached)) * sizeof(int32_t);
}

Status softmax_s8_exp_once(const SoftmaxParams& p, const SoftmaxS8Args& a, void* scratch, size_t scratch_size) {
  return run_exp_once(p, a, scratch, scratch_size);
}

Status softmax_s8_s16_exp_once(const SoftmaxParams& p, const SoftmaxS8S16Args& a, void* scratch,
                               size_t scratch_size) {
  return run_exp_once(p, a, scratch, scratch_size);
}

}  // namespace cmnn::softmax

// Full-length 1-D convolution of q7/q15 sequences (the baseline's building block, see
// include/cmnn/legacy/baseline.h). Plain loops over the overlap of a and the reversed b.
#include "cmnn/legacy/baseline.h"
#include "legacy/common.h"

namespace cmnn::legacy::baseline {
namespace {

bool lengths_valid(const void* a, int len_a, const void* b, int len_b, const void* out) {
  return a != nullptr && b != nullptr && out != nullptr && len_a >= 1 && len_b >= 1 && len_a < (1 << 17) &&
         len_b < (1 << 17);
}

// out[n] = sum over k in [max(0, n - len_b + 1), min(n, len_a - 1)] of a[k] * b[n - k]. Lengths stay
// below 2^17 (arm_conv_q7's limit), so the q7 sum fits int32 (|product| <= 2^14) and the q15 sum int64.
template <typename In, typename Acc, typename Emit>
void convolve_full(const In* a, int len_a, const In* b, int len_b, Emit emit) {
  const int n_out = len_a + len_b - 1;
  for (int n = 0; n < n_out; ++n) {
    const int k0 = n - len_b + 1 > 0 ? n - len_b + 1 : 0;
    const int k1 = n < len_a - 1 ? n : len_a - 1;
    Acc sum = 0;
    for (int k = k0; k <= k1; ++k) sum += static_cast<Acc>(a[k]) * static_cast<Acc>(b[n - k]);
    emit(n, sum);
  }
}

}  // namespace

Status conv1d_q7_full(const q7_t* a, int len_a, const q7_t* b, int len_b, int32_t* out) {
  if (!lengths_valid(a, len_a, b, len_b, out)) return a && b && out ? Status::kBadShape : Status::kNullPointer;
  convolve_full<q7_t, int32_t>(a, len_a, b, len_b, [out](int n, int32_t s) { out[n] = s; });
  return Status::kOk;
}

Status conv1d_q15_full(const q15_t* a, int len_a, const q15_t* b, int len_b, int64_t* out) {
  if (!lengths_valid(a, len_a, b, len_b, out)) return a && b && out ? Status::kBadShape : Status::kNullPointer;
  convolve_full<q15_t, int64_t>(a, len_a, b, len_b, [out](int n, int64_t s) { out[n] = s; });
  return Status::kOk;
}

Status conv1d_q7(const q7_t* a, int len_a, const q7_t* b, int len_b, q7_t* out) {
  if (!lengths_valid(a, len_a, b, len_b, out)) return a && b && out ? Status::kBadShape : Status::kNullPointer;
  convolve_full<q7_t, int32_t>(a, len_a, b, len_b,
                               [out](int n, int32_t s) { out[n] = detail::saturate_q7(s >> 7); });
  return Status::kOk;
}

Status conv1d_q15(const q15_t* a, int len_a, const q15_t* b, int len_b, q15_t* out) {
  if (!lengths_valid(a, len_a, b, len_b, out)) return a && b && out ? Status::kBadShape : Status::kNullPointer;
  convolve_full<q15_t, int64_t>(a, len_a, b, len_b, [out](int n, int64_t s) {
    const int64_t v = s >> 15;
    out[n] = static_cast<q15_t>(v < -32768 ? -32768 : v > 32767 ? 32767 : v);
  });
  return Status::kOk;
}

}  // namespace cmnn::legacy::baseline

// Full-length 1-D convolution of q7/q15 sequences (the baseline's building block, see
// include/cmnn/legacy/baseline.h). Two paths with the same exact sums:
//   portable: plain loops over the overlap of a and the reversed b;
//   DSP (q7): the structure of CMSIS-DSP's arm_conv_q7 (which the paper's baseline called): the
//     shorter sequence slides over the longer one in three stages (ramp-up, full overlap, ramp-down);
//     in the full-overlap stage four outputs are computed at once, samples are read one byte at a
//     time and packed into 16-bit pairs, and each SMLAD does two multiply-accumulates; the ramps do
//     two per SMLAD as well. Sums are exact in 32 bits (lengths < 2^17), so the order of the
//     additions does not matter and both paths agree bit for bit.
#include "cmnn/legacy/baseline.h"
#include "legacy/common.h"
#include "legacy/dsp_intrinsics.h"

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

// Two sign-extended samples in the 16-bit lanes of one word (low = first), as SMLAD takes them.
inline int32_t pair(int32_t lo, int32_t hi) {
  return static_cast<int32_t>(cmnn::dsp::pkhbt_lsl16(static_cast<uint32_t>(lo), static_cast<uint32_t>(hi)));
}

// sum over i in [0, count) of x[xi + i] * y[yi - i]: two products per SMLAD, the rest one by one.
inline int32_t dot_reversed(const q7_t* x, int xi, const q7_t* y, int yi, int count) {
  int32_t sum = 0;
  int i = 0;
  for (; i + 4 <= count; i += 4) {
    sum = dsp::smlad(pair(x[xi + i], x[xi + i + 1]), pair(y[yi - i], y[yi - i - 1]), sum);
    sum = dsp::smlad(pair(x[xi + i + 2], x[xi + i + 3]), pair(y[yi - i - 2], y[yi - i - 3]), sum);
  }
  for (; i < count; ++i) sum += x[xi + i] * y[yi - i];
  return sum;
}

// The DSP path of the q7 full convolution; emit(n, sum) receives every output once.
template <typename Emit>
void convolve_full_q7_dsp(const q7_t* a, int len_a, const q7_t* b, int len_b, Emit emit) {
  // y, the shorter sequence, slides over x (convolution is symmetric in its operands).
  const q7_t* x = len_a >= len_b ? a : b;
  const q7_t* y = len_a >= len_b ? b : a;
  const int lx = len_a >= len_b ? len_a : len_b, ly = len_a >= len_b ? len_b : len_a;
  // Stage 1: n in [0, ly - 1): n + 1 products x[0..n] * y[n..0].
  for (int n = 0; n < ly - 1; ++n) emit(n, dot_reversed(x, 0, y, n, n + 1));
  // Stage 2: n in [ly - 1, lx): ly products x[s..s + ly) * y[ly - 1..0], s = n - ly + 1.
  int n = ly - 1;
  if (ly >= 4) {
    for (; n + 3 < lx; n += 4) {
      const int s = n - ly + 1;
      int32_t acc0 = 0, acc1 = 0, acc2 = 0, acc3 = 0;
      int32_t x0 = x[s], x1 = x[s + 1], x2 = x[s + 2];
      int i = 0;
      for (; i + 4 <= ly; i += 4) {
        const int32_t c01 = pair(y[ly - 1 - i], y[ly - 2 - i]);
        const int32_t c23 = pair(y[ly - 3 - i], y[ly - 4 - i]);
        const int32_t x3 = x[s + i + 3], x4 = x[s + i + 4], x5 = x[s + i + 5], x6 = x[s + i + 6];
        const int32_t p23 = pair(x2, x3), p34 = pair(x3, x4);
        acc0 = dsp::smlad(pair(x0, x1), c01, acc0);
        acc1 = dsp::smlad(pair(x1, x2), c01, acc1);
        acc2 = dsp::smlad(p23, c01, acc2);
        acc3 = dsp::smlad(p34, c01, acc3);
        acc0 = dsp::smlad(p23, c23, acc0);
        acc1 = dsp::smlad(p34, c23, acc1);
        acc2 = dsp::smlad(pair(x4, x5), c23, acc2);
        acc3 = dsp::smlad(pair(x5, x6), c23, acc3);
        x0 = x4;
        x1 = x5;
        x2 = x6;
      }
      // ly % 4 remaining products; x[s + i + 3] is at most x[n + 3] < lx.
      for (; i < ly; ++i) {
        const int32_t c = y[ly - 1 - i], x3 = x[s + i + 3];
        acc0 += x0 * c;
        acc1 += x1 * c;
        acc2 += x2 * c;
        acc3 += x3 * c;
        x0 = x1;
        x1 = x2;
        x2 = x3;
      }
      emit(n, acc0);
      emit(n + 1, acc1);
      emit(n + 2, acc2);
      emit(n + 3, acc3);
    }
  }
  for (; n < lx; ++n) emit(n, dot_reversed(x, n - ly + 1, y, ly - 1, ly));
  // Stage 3: n in [lx, lx + ly - 1): x[n - ly + 1..lx) * y[ly - 1..].
  for (n = lx; n < lx + ly - 1; ++n) emit(n, dot_reversed(x, n - ly + 1, y, ly - 1, lx + ly - 1 - n));
}

bool use_dsp(Path path, Status* st) {
  Isa resolved = Isa::kPortable;
  if (!resolve_isa(path, &resolved)) {
    *st = Status::kUnsupported;
    return false;
  }
  *st = Status::kOk;
  return resolved == Isa::kDsp;
}

Status check(const void* a, int len_a, const void* b, int len_b, const void* out) {
  if (a == nullptr || b == nullptr || out == nullptr) return Status::kNullPointer;
  return lengths_valid(a, len_a, b, len_b, out) ? Status::kOk : Status::kBadShape;
}

}  // namespace

Status conv1d_q7_full(const q7_t* a, int len_a, const q7_t* b, int len_b, int32_t* out, Path path) {
  Status st = check(a, len_a, b, len_b, out);
  if (st != Status::kOk) return st;
  auto emit = [out](int n, int32_t s) { out[n] = s; };
  if (use_dsp(path, &st)) {
    convolve_full_q7_dsp(a, len_a, b, len_b, emit);
  } else if (st == Status::kOk) {
    convolve_full<q7_t, int32_t>(a, len_a, b, len_b, emit);
  }
  return st;
}

Status conv1d_q15_full(const q15_t* a, int len_a, const q15_t* b, int len_b, int64_t* out) {
  const Status st = check(a, len_a, b, len_b, out);
  if (st != Status::kOk) return st;
  convolve_full<q15_t, int64_t>(a, len_a, b, len_b, [out](int n, int64_t s) { out[n] = s; });
  return Status::kOk;
}

Status conv1d_q7(const q7_t* a, int len_a, const q7_t* b, int len_b, q7_t* out, Path path) {
  Status st = check(a, len_a, b, len_b, out);
  if (st != Status::kOk) return st;
  auto emit = [out](int n, int32_t s) { out[n] = detail::saturate_q7(s >> 7); };
  if (use_dsp(path, &st)) {
    convolve_full_q7_dsp(a, len_a, b, len_b, emit);
  } else if (st == Status::kOk) {
    convolve_full<q7_t, int32_t>(a, len_a, b, len_b, emit);
  }
  return st;
}

Status conv1d_q15(const q15_t* a, int len_a, const q15_t* b, int len_b, q15_t* out) {
  const Status st = check(a, len_a, b, len_b, out);
  if (st != Status::kOk) return st;
  convolve_full<q15_t, int64_t>(a, len_a, b, len_b, [out](int n, int64_t s) {
    const int64_t v = s >> 15;
    out[n] = static_cast<q15_t>(v < -32768 ? -32768 : v > 32767 ? 32767 : v);
  });
  return Status::kOk;
}

}  // namespace cmnn::legacy::baseline

// q7 -> q15 conversions and elementwise products of the legacy API.
#include "cmnn/legacy/support.h"
#include "legacy/common.h"
#include "legacy/dot_kernels.h"

namespace cmnn::legacy {
namespace {

Status check_vector(const void* in, int size, const void* out) {
  if (in == nullptr || out == nullptr) return Status::kNullPointer;
  if (size < 1) return Status::kBadShape;
  return Status::kOk;
}

}  // namespace

Status q7_to_q15(const q7_t* in, int size, q15_t* out) {
  const Status st = check_vector(in, size, out);
  if (st != Status::kOk) return st;
  detail::PortableQ7::expand(in, out, size);
  return Status::kOk;
}

Status q7_to_q15_reordered(const q7_t* in, int size, q15_t* out) {
  const Status st = check_vector(in, size, out);
  if (st != Status::kOk) return st;
  detail::DspReorderedQ7::expand(in, out, size);
  return Status::kOk;
}

Status mult_q7(const q7_t* a, const q7_t* b, int size, int out_shift, q7_t* out, Path path) {
  if (b == nullptr) return Status::kNullPointer;
  const Status st = check_vector(a, size, out);
  if (st != Status::kOk) return st;
  if (out_shift < 0 || out_shift > 14) return Status::kBadParameter;
  Isa resolved;
  if (!resolve_isa(path, &resolved)) return Status::kUnsupported;
  const int32_t round = detail::round_term(out_shift);
  int i = 0;
  if (resolved == Isa::kDsp) {
    // Two products per step: lanes (a0, a2) x (b0, b2) and (a1, a3) x (b1, b3) with SMLABB/SMLATT.
    for (; i + 4 <= size; i += 4) {
      const int32_t wa = dsp::load32(a + i), wb = dsp::load32(b + i);
      const int32_t ea = dsp::sxtb16(wa), eb = dsp::sxtb16(wb), oa = dsp::sxtb16_ror8(wa), ob = dsp::sxtb16_ror8(wb);
      out[i] = detail::saturate_q7(dsp::smlabb(ea, eb, round) >> out_shift);
      out[i + 2] = detail::saturate_q7(dsp::smlatt(ea, eb, round) >> out_shift);
      out[i + 1] = detail::saturate_q7(dsp::smlabb(oa, ob, round) >> out_shift);
      out[i + 3] = detail::saturate_q7(dsp::smlatt(oa, ob, round) >> out_shift);
    }
  }
  for (; i < size; ++i) out[i] = detail::saturate_q7((a[i] * b[i] + round) >> out_shift);
  return Status::kOk;
}

Status mult_q15(const q15_t* a, const q15_t* b, int size, int out_shift, q15_t* out, Path path) {
  if (b == nullptr) return Status::kNullPointer;
  const Status st = check_vector(a, size, out);
  if (st != Status::kOk) return st;
  if (out_shift < 0 || out_shift > 30) return Status::kBadParameter;
  Isa resolved;
  if (!resolve_isa(path, &resolved)) return Status::kUnsupported;
  const int32_t round = detail::round_term(out_shift);
  int i = 0;
  if (resolved == Isa::kDsp) {
    for (; i + 2 <= size; i += 2) {
      const int32_t wa = dsp::load32(a + i), wb = dsp::load32(b + i);
      out[i] = detail::saturate_q15(dsp::smlabb(wa, wb, round) >> out_shift);
      out[i + 1] = detail::saturate_q15(dsp::smlatt(wa, wb, round) >> out_shift);
    }
  }
  // (-32768)^2 + round can exceed INT32_MAX: wrap like SMLABB does.
  for (; i < size; ++i) out[i] = detail::saturate_q15(detail::wrap_add(a[i] * b[i], round) >> out_shift);
  return Status::kOk;
}

}  // namespace cmnn::legacy

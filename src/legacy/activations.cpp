// ReLU, table sigmoid/tanh and base-2 softmax of the legacy q7/q15 API.
#include "cmnn/legacy/activations.h"
#include "legacy/activation_tables.h"
#include "arch/dsp/intrinsics.h"
#include "legacy/common.h"

namespace cmnn::legacy {
namespace {

Status check_vector(const void* in, int size, const void* out) {
  if (in == nullptr || out == nullptr) return Status::kNullPointer;
  if (size < 1) return Status::kBadShape;
  return Status::kOk;
}

// Clears the lanes of w whose sign bit (in `signs`, one bit per lane, lane width `bits`) is set:
// (s << 1) - (s >> (bits - 1)) turns every set sign bit into an all-ones lane without borrowing
// between lanes (each term is exact; the top lane's 2^32 wraps away).
template <int kBits>
inline uint32_t clear_negative_lanes(uint32_t w, uint32_t signs) {
  const uint32_t s = w & signs;
  return w & ~((s << 1) - (s >> (kBits - 1)));
}

Status relu_prepare(const void* in, int size, const void* out, Path path, Isa* resolved) {
  const Status st = check_vector(in, size, out);
  if (st != Status::kOk) return st;
  return resolve_isa(path, resolved) ? Status::kOk : Status::kUnsupported;
}

}  // namespace

Status relu_q7(const q7_t* in, int size, q7_t* out, Path path) {
  Isa resolved = Isa::kPortable;
  const Status st = relu_prepare(in, size, out, path, &resolved);
  if (st != Status::kOk) return st;
  if (resolved == Isa::kPortable) {
    for (int i = 0; i < size; ++i) out[i] = in[i] < 0 ? q7_t{0} : in[i];
    return Status::kOk;
  }
  int i = 0;
  for (; i + 4 <= size; i += 4) {
    cmnn::dsp::store_u32(out + i, clear_negative_lanes<8>(cmnn::dsp::load_u32(in + i), 0x80808080u));
  }
  for (; i < size; ++i) out[i] = in[i] < 0 ? q7_t{0} : in[i];
  return Status::kOk;
}

Status relu_q15(const q15_t* in, int size, q15_t* out, Path path) {
  Isa resolved = Isa::kPortable;
  const Status st = relu_prepare(in, size, out, path, &resolved);
  if (st != Status::kOk) return st;
  if (resolved == Isa::kPortable) {
    for (int i = 0; i < size; ++i) out[i] = in[i] < 0 ? q15_t{0} : in[i];
    return Status::kOk;
  }
  int i = 0;
  for (; i + 2 <= size; i += 2) {
    cmnn::dsp::store_u32(out + i, clear_negative_lanes<16>(cmnn::dsp::load_u32(in + i), 0x80008000u));
  }
  for (; i < size; ++i) out[i] = in[i] < 0 ? q15_t{0} : in[i];
  return Status::kOk;
}

Status activation_q7(const q7_t* in, int size, int int_width, Activation fn, q7_t* out) {
  const Status st = check_vector(in, size, out);
  if (st != Status::kOk) return st;
  if (int_width < 0 || int_width > 3) return Status::kBadParameter;
  const int8_t* table = fn == Activation::kSigmoid ? detail::kTable7.sigmoid : detail::kTable7.tanh;
  const int shift = 3 - int_width;
  for (int i = 0; i < size; ++i) out[i] = table[(in[i] >> shift) + 128];
  return Status::kOk;
}

Status activation_q15(const q15_t* in, int size, int int_width, Activation fn, q15_t* out) {
  const Status st = check_vector(in, size, out);
  if (st != Status::kOk) return st;
  if (int_width < 0 || int_width > 3) return Status::kBadParameter;
  const int16_t* table = fn == Activation::kSigmoid ? detail::kTable15.sigmoid : detail::kTable15.tanh;
  const int shift = 3 - int_width;
  for (int i = 0; i < size; ++i) {
    const int32_t v = in[i] >> shift;
    const int32_t index = (v >> 8) + 128, fraction = v & 255;
    const int32_t a = table[index], b = table[index + 1];
    out[i] = detail::saturate_q15(a + (((b - a) * fraction) >> 8));
  }
  return Status::kOk;
}

Status softmax_q7(const q7_t* in, int size, q7_t* out) {
  const Status st = check_vector(in, size, out);
  if (st != Status::kOk) return st;
  if (size > (1 << 16)) return Status::kBadShape;
  int32_t max = in[0], min = in[0];
  for (int i = 1; i < size; ++i) {
    max = in[i] > max ? in[i] : max;
    min = in[i] < min ? in[i] : min;
  }
  const int32_t base = max - min > 8 ? max - 8 : min;
  // Terms below base are dropped (CMSIS shifts by a negative amount there; they end up ~0 anyway).
  int32_t sum = 0;
  for (int i = 0; i < size; ++i) {
    if (in[i] >= base) sum += int32_t{1} << (in[i] - base);
  }
  for (int i = 0; i < size; ++i) {
    out[i] = in[i] < base ? q7_t{0} : detail::saturate_q7(((int32_t{1} << (in[i] - base + 20)) / sum) >> 13);
  }
  return Status::kOk;
}

Status softmax_q15(const q15_t* in, int size, q15_t* out) {
  const Status st = check_vector(in, size, out);
  if (st != Status::kOk) return st;
  if (size > (1 << 16)) return Status::kBadShape;
  int32_t max = in[0], min = in[0];
  for (int i = 1; i < size; ++i) {
    max = in[i] > max ? in[i] : max;
    min = in[i] < min ? in[i] : min;
  }
  const int32_t base = max - min > 16 ? max - 16 : min;
  int64_t sum = 0;
  for (int i = 0; i < size; ++i) {
    if (in[i] >= base) sum += int64_t{1} << (in[i] - base);
  }
  for (int i = 0; i < size; ++i) {
    if (in[i] < base) {
      out[i] = 0;
      continue;
    }
    const int64_t q = (int64_t{1} << (in[i] - base + 15)) / sum;
    out[i] = static_cast<q15_t>(q > 32767 ? 32767 : q);
  }
  return Status::kOk;
}

}  // namespace cmnn::legacy

// Clamp s8: reference, and a DSP variant doing four bytes per word (unsigned byte max / min of
// 0x80-biased lanes with UQSUB8 / UADD8 / USUB8).
#include "arch/dsp/intrinsics.h"
#include "cmnn/activation.h"
#include "kernels/op_table/op_table.h"
#include "quant/fixed_point.h"

namespace cmnn {

namespace {
Status clamp_ref(const ClampParams& p, const ClampArgs& a, void*, size_t) {
  for (int32_t i = 0; i < p.size; ++i) a.output[i] = static_cast<int8_t>(quant::clamp(a.input[i], p.min, p.max));
  return Status::kOk;
}

Status clamp_dsp(const ClampParams& p, const ClampArgs& a, void*, size_t) {
  constexpr uint32_t kBias = 0x80808080u;
  const uint32_t lo = 0x01010101u * static_cast<uint32_t>(p.min + 128);
  const uint32_t hi = 0x01010101u * static_cast<uint32_t>(p.max + 128);
  int32_t i = 0;
  for (; i + 4 <= p.size; i += 4) {
    uint32_t v = dsp::load_u32(a.input + i) ^ kBias;
    v = dsp::uadd8(lo, dsp::uqsub8(v, lo));  // max(v, lo)
    v = dsp::usub8(v, dsp::uqsub8(v, hi));   // min(v, hi)
    dsp::store_u32(a.output + i, v ^ kBias);
  }
  for (; i < p.size; ++i) a.output[i] = static_cast<int8_t>(quant::clamp(a.input[i], p.min, p.max));
  return Status::kOk;
}

Status check_clamp(const ClampParams& p, const ClampArgs& a) {
  if (a.input == nullptr || a.output == nullptr) return Status::kNullPointer;
  if (p.size <= 0) return Status::kBadShape;
  if (p.min < -128 || p.max > 127 || p.min > p.max) return Status::kBadParameter;
  return Status::kOk;
}

bool always(const ClampParams&) { return true; }
size_t no_scratch(const ClampParams&) { return 0; }

constexpr Variant<ClampParams, ClampArgs> kClamp[] = {
    {"clamp_s8.dsp", Isa::kDsp, always, no_scratch, clamp_dsp},
    {"clamp_s8.ref", Isa::kPortable, always, no_scratch, clamp_ref},
};
}  // namespace

CMNN_DEFINE_OP_TABLE(clamp_s8, ClampParams, ClampArgs, kClamp, check_clamp)

Status relu_s8(const int8_t* input, int8_t* output, int32_t size, int32_t zero_point) {
  ClampParams p;
  p.size = size;
  p.min = zero_point;
  p.max = 127;
  return clamp_s8(p, ClampArgs{input, output}, nullptr, 0);
}

Status relu6_s8(const int8_t* input, int8_t* output, int32_t size, int32_t zero_point, int32_t six_quantized) {
  ClampParams p;
  p.size = size;
  p.min = zero_point;
  p.max = six_quantized > 127 ? 127 : six_quantized;
  return clamp_s8(p, ClampArgs{input, output}, nullptr, 0);
}

}  // namespace cmnn

// fully_connected_s4 Helium (MVE) variant for Cortex-M55 (the bit-exact emulation of src/arch/mve
// elsewhere): int8 activations, int4 weights read in place (no unpacked copy, no scratch). For an
// even input depth every weight row starts on a byte. Per batch and pair of weight rows, 32 depth
// elements per step: the input split into even and odd elements once (VLD20/VLD21, shared by both
// rows), per row one 16-byte weight load, its low and high nibbles sign-extended in int8 lanes
// (src/arch/mve/s4_ops.h), two VMLADAVA for the dot product and two VADDVA for the row sum; the
// input offset enters as input_offset x row sum (exact: |dot| < 2^25). The last 2..30 elements:
// the input tail copied once per batch into a zeroed 32-byte buffer, the weight bytes by a zeroing
// predicated load (lanes past the row are 0, so are their products). Output: bias (wrapping, as the
// ref), quant::requantize_to_s8 with the ref's offsets and clamp.
#include <cstring>

#include "arch/mve/s4_ops.h"
#include "kernels/fully_connected/fc_s4_mve.h"
#include "quant/fixed_point.h"

namespace cmnn::fc_s4 {

namespace {
constexpr int32_t kStep = 32;  // depth elements per step: 16 weight bytes

using Sums = mve::S4Sums;
constexpr auto step = mve::s4_step;

int8_t finish(const FullyConnectedParams& p, const FullyConnectedS4Args& a, int32_t o, Sums s) {
  uint32_t acc = static_cast<uint32_t>(s.dot) + static_cast<uint32_t>(p.input_offset) * static_cast<uint32_t>(s.wsum);
  if (a.bias != nullptr) acc += static_cast<uint32_t>(a.bias[o]);
  const int32_t q = p.per_channel ? o : 0;
  return quant::requantize_to_s8(static_cast<int32_t>(acc), a.multiplier[q], a.shift[q], p.output_offset,
                                 p.activation_min, p.activation_max);
}
}  // namespace

bool mve_supports(const FullyConnectedParams& p) { return (p.input_depth & 1) == 0; }

Status run_mve(const FullyConnectedParams& p, const FullyConnectedS4Args& a, void*, size_t) {
  const int32_t depth = p.input_depth, full = depth & ~(kStep - 1), rest = depth - full;
  const size_t row_bytes = static_cast<size_t>(depth) / 2;
  const mve::pred tail = mve::tail_8(rest / 2);
  const auto* weights = reinterpret_cast<const int8_t*>(a.weights);
  int8_t last[kStep];
  for (int32_t b = 0; b < p.batches; ++b) {
    const int8_t* x = a.input + static_cast<size_t>(b) * depth;
    std::memset(last, 0, sizeof last);
    std::memcpy(last, x + full, static_cast<size_t>(rest));
    int8_t* out = a.output + static_cast<size_t>(b) * p.output_depth;
    for (int32_t o = 0; o < p.output_depth; o += 2) {
      const bool pair = o + 1 < p.output_depth;
      const int8_t* w0 = weights + static_cast<size_t>(o) * row_bytes;
      const int8_t* w1 = pair ? w0 + row_bytes : w0;  // a lone last row runs twice, once kept
      Sums s0{0, 0}, s1{0, 0};
      for (int32_t k = 0; k < full; k += kStep) {
        const mve::s8x16x2 xv = mve::load_deinterleave_s8(x + k);
        s0 = step(s0, xv, mve::load_s8(w0 + k / 2));
        s1 = step(s1, xv, mve::load_s8(w1 + k / 2));
      }
      if (rest > 0) {
        const mve::s8x16x2 xv = mve::load_deinterleave_s8(last);
        s0 = step(s0, xv, mve::load_s8_z(w0 + full / 2, tail));
        s1 = step(s1, xv, mve::load_s8_z(w1 + full / 2, tail));
      }
      out[o] = finish(p, a, o, s0);
      if (pair) out[o + 1] = finish(p, a, o + 1, s1);
    }
  }
  return Status::kOk;
}

}  // namespace cmnn::fc_s4

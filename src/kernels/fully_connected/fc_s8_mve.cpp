// fully_connected_s8 Helium (MVE) variants (Cortex-M55; the bit-exact emulation of src/arch/mve
// elsewhere): the input row against four weight rows per pass with VMLADAVA (mat_vec_s8_mve.h).
// ksum mve reads the prepared kernel sums (bias + input offset term) and needs no scratch; mve
// computes the same sums per call into scratch (one VADDVA pass over the weights). A filter
// offset adds filter_offset * sum(x) per batch. No int16 weight copy.
#include "kernels/fully_connected/fc_s8_variants.h"
#include "kernels/fully_connected/mat_vec_s8_mve.h"

namespace cmnn::fc {
namespace {

void run_rows(const FullyConnectedParams& p, const FullyConnectedS8Args& a, const int32_t* start) {
  const mve_mv::OutputStage stage(a.multiplier, a.shift, p.per_channel, p.output_offset, p.activation_min,
                                  p.activation_max);
  for (int32_t b = 0; b < p.batches; ++b) {
    const int8_t* x = a.input + static_cast<size_t>(b) * p.input_depth;
    // |sum(x)| <= 128 * 32768 and |filter_offset| <= 128: the product fits int32.
    const int32_t extra = p.filter_offset != 0 ? p.filter_offset * mve_mv::sum_s8(x, p.input_depth) : 0;
    mve_mv::mat_vec(x, a.weights, p.input_depth, p.output_depth, extra, start, stage,
                    a.output + static_cast<size_t>(b) * p.output_depth);
  }
}

}  // namespace

bool mve_ksum_supports(const FullyConnectedParams& p) { return p.has_kernel_sums; }

Status mve_ksum_run(const FullyConnectedParams& p, const FullyConnectedS8Args& a, void*, size_t) {
  run_rows(p, a, a.kernel_sums);
  return Status::kOk;
}

size_t mve_scratch_bytes(const FullyConnectedParams& p) {
  return p.output_depth > 0 ? sizeof(int32_t) * static_cast<size_t>(p.output_depth) : 0;
}

Status mve_run(const FullyConnectedParams& p, const FullyConnectedS8Args& a, void* scratch, size_t) {
  auto* start = static_cast<int32_t*>(scratch);
  mve_mv::start_values(a.weights, p.input_depth, p.output_depth, a.bias, p.input_offset, p.filter_offset, start);
  run_rows(p, a, start);
  return Status::kOk;
}

}  // namespace cmnn::fc

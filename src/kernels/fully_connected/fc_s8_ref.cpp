// fully_connected_s8 reference: one output at a time, exactly the definition in the header.
#include "kernels/fully_connected/fc_s8_variants.h"

namespace cmnn::fc {

Status ref_run(const FullyConnectedParams& p, const FullyConnectedS8Args& a, void*, size_t) {
  for (int32_t b = 0; b < p.batches; ++b) {
    const int8_t* input = a.input + static_cast<size_t>(b) * p.input_depth;
    for (int32_t o = 0; o < p.output_depth; ++o) {
      const int8_t* w = a.weights + static_cast<size_t>(o) * p.input_depth;
      int32_t acc = a.bias != nullptr ? a.bias[o] : 0;
      for (int32_t k = 0; k < p.input_depth; ++k) {
        acc = wrapping_add(acc, (input[k] + p.input_offset) * (w[k] + p.filter_offset));
      }
      a.output[static_cast<size_t>(b) * p.output_depth + o] = requantize_row(acc, p, a, o);
    }
  }
  return Status::kOk;
}

}  // namespace cmnn::fc

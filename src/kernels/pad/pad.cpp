// Pad s8 (reference): whole padded rows are filled with memset, input rows copied with memcpy.
#include <cstring>

#include "cmnn/pad.h"
#include "kernels/op_table/op_table.h"

namespace cmnn {

namespace {
int32_t padded(const PadParams& p, int d) { return p.before[d] + p.input[d] + p.after[d]; }

Status pad_ref(const PadParams& p, const PadArgs& a, void*, size_t) {
  const int32_t oh = padded(p, 1), ow = padded(p, 2), oc = padded(p, 3);
  const size_t plane = static_cast<size_t>(oh) * ow * oc, row = static_cast<size_t>(ow) * oc;
  int8_t* out = a.output;
  const int8_t* in = a.input;
  std::memset(out, p.value, static_cast<size_t>(p.before[0]) * plane);
  out += static_cast<size_t>(p.before[0]) * plane;
  for (int32_t n = 0; n < p.input[0]; ++n) {
    std::memset(out, p.value, static_cast<size_t>(p.before[1]) * row);
    out += static_cast<size_t>(p.before[1]) * row;
    for (int32_t h = 0; h < p.input[1]; ++h) {
      std::memset(out, p.value, static_cast<size_t>(p.before[2]) * oc);
      out += static_cast<size_t>(p.before[2]) * oc;
      for (int32_t w = 0; w < p.input[2]; ++w) {
        std::memset(out, p.value, static_cast<size_t>(p.before[3]));
        out += p.before[3];
        std::memcpy(out, in, static_cast<size_t>(p.input[3]));
        out += p.input[3];
        in += p.input[3];
        std::memset(out, p.value, static_cast<size_t>(p.after[3]));
        out += p.after[3];
      }
      std::memset(out, p.value, static_cast<size_t>(p.after[2]) * oc);
      out += static_cast<size_t>(p.after[2]) * oc;
    }
    std::memset(out, p.value, static_cast<size_t>(p.after[1]) * row);
    out += static_cast<size_t>(p.after[1]) * row;
  }
  std::memset(out, p.value, static_cast<size_t>(p.after[0]) * plane);
  return Status::kOk;
}

Status check_pad(const PadParams& p, const PadArgs& a) {
  if (a.input == nullptr || a.output == nullptr) return Status::kNullPointer;
  int32_t out[4];
  for (int d = 0; d < 4; ++d) {
    if (p.before[d] < 0 || p.after[d] < 0 || p.before[d] > INT32_MAX / 4 || p.after[d] > INT32_MAX / 4) {
      return Status::kBadParameter;
    }
    out[d] = p.input[d] > INT32_MAX / 4 ? -1 : padded(p, d);
  }
  if (!op_table::product_fits(p.input, 4) || !op_table::product_fits(out, 4)) return Status::kBadShape;
  return Status::kOk;
}

bool always(const PadParams&) { return true; }
size_t no_scratch(const PadParams&) { return 0; }

constexpr Variant<PadParams, PadArgs> kPad[] = {
    {"pad_s8.ref", Isa::kPortable, always, no_scratch, pad_ref},
};
}  // namespace

CMNN_DEFINE_OP_TABLE(pad_s8, PadParams, PadArgs, kPad, check_pad)

}  // namespace cmnn

// Pad s16 (reference): runs of padding filled element by element, input rows copied with memcpy.
#include <cstring>

#include "cmnn/pad.h"
#include "kernels/op_table/op_table.h"

namespace cmnn {

namespace {
int32_t padded(const PadS16Params& p, int d) { return p.before[d] + p.input[d] + p.after[d]; }

int16_t* fill(int16_t* out, int16_t value, size_t count) {
  for (size_t i = 0; i < count; ++i) out[i] = value;
  return out + count;
}

Status pad_s16_ref(const PadS16Params& p, const PadS16Args& a, void*, size_t) {
  const size_t oh = static_cast<size_t>(padded(p, 1)), ow = static_cast<size_t>(padded(p, 2)),
               oc = static_cast<size_t>(padded(p, 3));
  const size_t plane = oh * ow * oc, row = ow * oc;
  const int16_t v = p.value;
  int16_t* out = fill(a.output, v, static_cast<size_t>(p.before[0]) * plane);
  const int16_t* in = a.input;
  for (int32_t n = 0; n < p.input[0]; ++n) {
    out = fill(out, v, static_cast<size_t>(p.before[1]) * row);
    for (int32_t h = 0; h < p.input[1]; ++h) {
      out = fill(out, v, static_cast<size_t>(p.before[2]) * oc);
      for (int32_t w = 0; w < p.input[2]; ++w) {
        out = fill(out, v, static_cast<size_t>(p.before[3]));
        std::memcpy(out, in, static_cast<size_t>(p.input[3]) * sizeof(int16_t));
        out += p.input[3];
        in += p.input[3];
        out = fill(out, v, static_cast<size_t>(p.after[3]));
      }
      out = fill(out, v, static_cast<size_t>(p.after[2]) * oc);
    }
    out = fill(out, v, static_cast<size_t>(p.after[1]) * row);
  }
  fill(out, v, static_cast<size_t>(p.after[0]) * plane);
  return Status::kOk;
}

Status check_pad_s16(const PadS16Params& p, const PadS16Args& a) {
  if (a.input == nullptr || a.output == nullptr) return Status::kNullPointer;
  int32_t out[4];
  for (int d = 0; d < 4; ++d) {
    if (p.before[d] < 0 || p.after[d] < 0 || p.before[d] > INT32_MAX / 4 || p.after[d] > INT32_MAX / 4) {
      return Status::kBadParameter;
    }
    out[d] = p.input[d] > INT32_MAX / 4 ? -1 : padded(p, d);
  }
  // Sizes in bytes must fit too (the kernel steps through int16 elements).
  if (!op_table::product_fits(p.input, 4, INT32_MAX / 2) || !op_table::product_fits(out, 4, INT32_MAX / 2)) {
    return Status::kBadShape;
  }
  return Status::kOk;
}

bool always(const PadS16Params&) { return true; }
size_t no_scratch(const PadS16Params&) { return 0; }

constexpr Variant<PadS16Params, PadS16Args> kPadS16[] = {
    {"pad_s16.ref", Isa::kPortable, always, no_scratch, pad_s16_ref},
};
}  // namespace

CMNN_DEFINE_OP_TABLE(pad_s16, PadS16Params, PadS16Args, kPadS16, check_pad_s16)

Status pad_s16_plan(int32_t rank, const int32_t* in_shape, const int32_t* paddings, int16_t value, PadS16Params* p,
                    int32_t* out_shape) {
  if (p == nullptr || in_shape == nullptr || paddings == nullptr || out_shape == nullptr) return Status::kNullPointer;
  if (rank < 1 || rank > 4) return Status::kBadShape;
  *p = PadS16Params{};
  p->value = value;
  for (int32_t d = 0; d < rank; ++d) {
    const int32_t k = 4 - rank + d;
    p->input[k] = in_shape[d];
    p->before[k] = paddings[2 * d];
    p->after[k] = paddings[2 * d + 1];
    if (in_shape[d] < 1 || p->before[k] < 0 || p->after[k] < 0) return Status::kBadParameter;
    const int64_t o = int64_t{p->before[k]} + in_shape[d] + p->after[k];
    if (o > INT32_MAX) return Status::kBadShape;
    out_shape[d] = static_cast<int32_t>(o);
  }
  return Status::kOk;
}

}  // namespace cmnn

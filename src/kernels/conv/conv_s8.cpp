// conv2d_s8: parameter checks, the variant table and the entry points.

#include "cmnn/conv.h"
#include "kernels/conv/conv_s8_mve.h"
#include "kernels/conv/conv_s8_variants.h"
#include "kernels/op_table/op_table.h"

namespace cmnn {
namespace {

// Variants that read the OHWI int8 filter: none of them supports a call without it
// (Conv2dParams::packed_filter_only) or with it paired or stacked (paired_filter, stacked_filter:
// only the paired or stacked variants and ref read those orders), so the entry point refuses such
// calls instead of falling back.
bool reordered(const Conv2dParams& p) { return p.paired_filter || p.stacked_filter || p.x_major_filter; }
bool with_filter(const Conv2dParams& p) { return !p.packed_filter_only && !reordered(p); }
template <bool (*Supports)(const Conv2dParams&)>
bool with_filter_and(const Conv2dParams& p) { return with_filter(p) && Supports(p); }
// The packed variants read conv2d_s8_pack's copy: not with rgb_packed (conv2d_s8_rgb_pack's layout).
template <bool (*Supports)(const Conv2dParams&)>
bool unpaired_and(const Conv2dParams& p) { return !reordered(p) && !p.rgb_packed && Supports(p); }
bool ref_supports(const Conv2dParams& p) { return !p.packed_filter_only; }

// Fastest first; ref is last and supports everything that gives the int8 filter.
bool with_sums(const Conv2dParams& p) { return p.has_kernel_sums && with_filter(p); }
bool with_sums_1x1(const Conv2dParams& p) { return p.has_kernel_sums && with_filter_and<conv::mve_1x1_supports>(p); }

constexpr Conv2dS8Variant kVariants[] = {
    // The mve variants with offline kernel sums (the same code, start values read, not computed).
    {"conv2d_s8.1x1.ksum.mve", Isa::kMve, with_sums_1x1, conv::mve_1x1_scratch_bytes, conv::mve_1x1_run},
    {"conv2d_s8.im2col.ksum.mve", Isa::kMve, with_sums, conv::mve_scratch_bytes, conv::mve_run},
    {"conv2d_s8.1x1.mve", Isa::kMve, with_filter_and<conv::mve_1x1_supports>, conv::mve_1x1_scratch_bytes, conv::mve_1x1_run},
    {"conv2d_s8.im2col.mve", Isa::kMve, with_filter_and<conv::mve_supports>, conv::mve_scratch_bytes, conv::mve_run},
    {"conv2d_s8.1x1.smallk.dsp", Isa::kDsp, with_filter_and<conv::dsp_1x1_smallk_supports>,
     conv::dsp_1x1_smallk_scratch_bytes, conv::dsp_1x1_smallk_run},
    // The RGB first layer with its own packed copy (rgb_packed; the compiler offers it where the
    // cost table says it wins: tools/cmnn/ops/conv2d.cpp).
    {"conv2d_s8.rgb3x3.dsp", Isa::kDsp, conv::rgb_supports, conv::rgb_scratch_bytes, conv::rgb_run},
    {"conv2d_s8.1x1.packed.dsp", Isa::kDsp, unpaired_and<conv::dsp_1x1_packed_supports>, conv::dsp_packed_scratch_bytes,
     conv::dsp_1x1_packed_run},
    {"conv2d_s8.im2col.packed.dsp", Isa::kDsp, unpaired_and<conv::dsp_packed_supports>, conv::dsp_packed_scratch_bytes,
     conv::dsp_packed_run},
    // The int8 filter stacked (4x2 blocks, two rows per raw SMLAD; Cortex-M4 assembly), then in the
    // row-pair interleaved order (4x2 blocks): before the int8 2x2 ones. Each needs its own filter
    // order (a flag), so their place against each other only ranks them for the compiler, which
    // offers the stacked order where its cost table says it wins (tools/cmnn/ops/conv2d.cpp).
    // The same micro-kernels fed from a row window of column-pair slots (x-major filter depth).
    {"conv2d_s8.im2col.window.stacked.dsp", Isa::kDsp, conv::dsp_window_stacked_supports, conv::dsp_window_scratch_bytes,
     conv::dsp_window_stacked_run},
    {"conv2d_s8.im2col.window.paired.dsp", Isa::kDsp, conv::dsp_window_paired_supports, conv::dsp_window_scratch_bytes,
     conv::dsp_window_paired_run},
    {"conv2d_s8.1x1.stacked.dsp", Isa::kDsp, conv::dsp_1x1_stacked_supports, conv::dsp_1x1_scratch_bytes,
     conv::dsp_1x1_stacked_run},
    {"conv2d_s8.im2col.stacked.dsp", Isa::kDsp, conv::dsp_stacked_supports, conv::dsp_scratch_bytes,
     conv::dsp_stacked_run},
    {"conv2d_s8.1x1.paired.dsp", Isa::kDsp, conv::dsp_1x1_paired_supports, conv::dsp_1x1_scratch_bytes,
     conv::dsp_1x1_paired_run},
    {"conv2d_s8.im2col.paired.dsp", Isa::kDsp, conv::dsp_paired_supports, conv::dsp_scratch_bytes, conv::dsp_paired_run},
    // Depth 16 on the small-depth code: after the copies and reorderings, so the compiler offers it
    // only where its cost entry beats them (the Cortex-M4 loop; tools/cmnn/ops/conv2d.cpp).
    {"conv2d_s8.1x1.smallk16.dsp", Isa::kDsp, with_filter_and<conv::dsp_1x1_smallk16_supports>,
     conv::dsp_1x1_smallk_scratch_bytes, conv::dsp_1x1_smallk_run},
    {"conv2d_s8.1x1.dsp", Isa::kDsp, with_filter_and<conv::dsp_1x1_supports>, conv::dsp_1x1_scratch_bytes, conv::dsp_1x1_run},
    {"conv2d_s8.im2col.dsp", Isa::kDsp, with_filter, conv::dsp_scratch_bytes, conv::dsp_run},
    // The stacked 1x1 driver with the doubled output stage (tables with right shifts of 0), listed
    // after conv2d_s8.1x1.stacked.dsp, whose supports() it has, so that no table walk picks it:
    // the compiler names it where a layer's tables take that stage (conv2d_s8_stacked_narrowest),
    // and only those images link it. It runs every call stacked.dsp supports (the others through
    // stacked.dsp's code).
    {"conv2d_s8.1x1.stacked_doubled.dsp", Isa::kDsp, conv::dsp_1x1_stacked_supports, conv::dsp_1x1_scratch_bytes,
     conv::dsp_1x1_stacked_doubled_run},
    {"conv2d_s8.ref", Isa::kPortable, ref_supports, conv::ref_scratch_bytes, conv::ref_run},
};

// Deepest accumulation whose worst case (|x + offset| <= 255, |w| <= 128) stays inside int32.
constexpr int32_t kMaxDepth = 65536;

Status check_quant(const Conv2dParams& p, const Conv2dS8Args& a) {
  if (p.input_offset < -127 || p.input_offset > 128) return Status::kBadParameter;
  if (p.output_offset < -128 || p.output_offset > 127) return Status::kBadParameter;
  if (p.activation_min > p.activation_max || p.activation_min < -128 || p.activation_max > 127)
    return Status::kBadParameter;
  // Branch-free per channel (this runs before every call, once per row band of a banded layer):
  // a negative multiplier sets bit 31, a shift outside [-31, 30] gives shift + 31 > 61 unsigned.
  uint32_t bad = 0;
  for (int32_t c = 0; c < p.output_c; ++c) {
    bad |= static_cast<uint32_t>(a.multiplier[c]) | static_cast<uint32_t>(static_cast<uint32_t>(a.shift[c]) + 31u > 61u) << 31;
  }
  return (bad >> 31) != 0 ? Status::kBadParameter : Status::kOk;
}

Status check(const Conv2dParams& p, const Conv2dS8Args& a) {
  if (a.input == nullptr || (a.filter == nullptr && !p.packed_filter_only) || a.multiplier == nullptr ||
      a.shift == nullptr || a.output == nullptr || (p.has_packed_filter && a.packed_filter == nullptr) ||
      (p.has_kernel_sums && a.kernel_sums == nullptr))
    return Status::kNullPointer;
  if (p.packed_filter_only && (!p.has_packed_filter || reordered(p))) return Status::kBadParameter;
  if (p.paired_filter && p.stacked_filter) return Status::kBadParameter;
  if (p.rgb_packed && !p.has_packed_filter) return Status::kBadParameter;
  const Status shape = conv2d_check_shape(p);
  if (shape != Status::kOk) return shape;
  return check_quant(p, a);
}

}  // namespace

// a * b for a, b >= 0, or -1 when the product does not fit int32 (one SMULL and a compare: these
// checks run before every call, so they avoid int64 multiply chains and divisions).
int32_t product_or_minus1(int32_t a, int32_t b) {
  int32_t r;
  return __builtin_mul_overflow(a, b, &r) ? -1 : r;
}

namespace {
// conv2d_check_shape for the usual call, every extent, stride and dilation in [1, 2^15], pads in
// [0, 2^15) and one group (kFastLimit): no product of two fields can overflow int32, so the sizes
// take two 32-bit multiplies and one 64-bit one each and the field checks are one OR and one
// compare instead of a branch per field (person_detect's 256 -> 2 head: 205 -> 163 est. cycles on
// M55). Same verdicts as the general checks below, in the same order.
constexpr uint32_t kFastLimit = 32768;

bool fast_checkable(const Conv2dParams& p) {
  auto one_up = [](int32_t v) { return static_cast<uint32_t>(v) - 1u; };  // v in [1, 2^15] <=> < 2^15
  const uint32_t any = one_up(p.batches) | one_up(p.input_h) | one_up(p.input_w) | one_up(p.input_c) |
                       one_up(p.output_h) | one_up(p.output_w) | one_up(p.output_c) | one_up(p.filter_h) |
                       one_up(p.filter_w) | one_up(p.groups) | one_up(p.stride_h) | one_up(p.stride_w) |
                       one_up(p.dilation_h) | one_up(p.dilation_w) | static_cast<uint32_t>(p.pad_top) |
                       static_cast<uint32_t>(p.pad_left);
  return any < kFastLimit && p.groups == 1;
}

Status fast_check_shape(const Conv2dParams& p) {
  const int64_t in_size = int64_t{p.batches * p.input_h} * (p.input_w * p.input_c);
  const int64_t out_size = int64_t{p.batches * p.output_h} * (p.output_w * p.output_c);
  const int64_t depth = int64_t{p.filter_h * p.filter_w} * p.input_c;
  if (in_size > INT32_MAX || out_size > INT32_MAX || depth > kMaxDepth || depth * p.output_c > INT32_MAX)
    return Status::kBadShape;
  if (p.pad_top > (p.filter_h - 1) * p.dilation_h || p.pad_left > (p.filter_w - 1) * p.dilation_w)
    return Status::kBadParameter;
  if ((p.output_h - 1) * p.stride_h - p.pad_top > p.input_h - 1 ||
      (p.output_w - 1) * p.stride_w - p.pad_left > p.input_w - 1)
    return Status::kBadShape;
  return Status::kOk;
}
}  // namespace

static Status general_check_shape(const Conv2dParams& p);

Status conv2d_check_shape(const Conv2dParams& p) {
  if (fast_checkable(p)) return fast_check_shape(p);
  return general_check_shape(p);
}

// Not inlined: merged into conv2d_check_shape, its live values were spilled on the fast path too.
__attribute__((noinline)) static Status general_check_shape(const Conv2dParams& p) {
  if (p.batches <= 0 || p.input_h <= 0 || p.input_w <= 0 || p.input_c <= 0 || p.output_h <= 0 ||
      p.output_w <= 0 || p.output_c <= 0 || p.filter_h <= 0 || p.filter_w <= 0 || p.groups <= 0)
    return Status::kBadShape;
  if (p.groups != 1 && (p.input_c % p.groups != 0 || p.output_c % p.groups != 0)) return Status::kBadShape;
  if (p.stride_h <= 0 || p.stride_w <= 0 || p.dilation_h <= 0 || p.dilation_w <= 0 || p.pad_top < 0 ||
      p.pad_left < 0)
    return Status::kBadParameter;
  // Every size a positive int32 (a partial product that overflows makes the whole one -1).
  auto size4 = [](int32_t a, int32_t b, int32_t c, int32_t d) {
    const int32_t ab = product_or_minus1(a, b);
    const int32_t abc = ab < 0 ? -1 : product_or_minus1(ab, c);
    return abc < 0 ? -1 : product_or_minus1(abc, d);
  };
  const int32_t group_c = p.groups == 1 ? p.input_c : p.input_c / p.groups;
  const int32_t in_size = size4(p.batches, p.input_h, p.input_w, p.input_c);
  const int32_t out_size = size4(p.batches, p.output_h, p.output_w, p.output_c);
  const int32_t depth = size4(p.filter_h, p.filter_w, group_c, 1);
  const int32_t filter_size = depth < 0 ? -1 : product_or_minus1(depth, p.output_c);
  const int32_t extent_h = product_or_minus1(p.filter_h - 1, p.dilation_h);
  const int32_t extent_w = product_or_minus1(p.filter_w - 1, p.dilation_w);
  if (in_size < 0 || out_size < 0 || filter_size < 0 || depth > kMaxDepth || extent_h < 0 || extent_h == INT32_MAX ||
      extent_w < 0 || extent_w == INT32_MAX)
    return Status::kBadShape;
  // Every window must overlap the input: the first starts no further above/left than its
  // extent, the last starts inside the input.
  if (p.pad_top > extent_h || p.pad_left > extent_w) return Status::kBadParameter;
  if (int64_t{p.output_h - 1} * p.stride_h - p.pad_top > p.input_h - 1 ||
      int64_t{p.output_w - 1} * p.stride_w - p.pad_left > p.input_w - 1)
    return Status::kBadShape;
  return Status::kOk;
}

size_t conv2d_s8_packed_count(const Conv2dParams& p) {
  return conv2d_check_shape(p) == Status::kOk ? conv::packed_filter_count(p) : 0;
}

Status conv2d_s8_pack(const Conv2dParams& p, const int8_t* filter, int16_t* packed, size_t packed_count) {
  if (filter == nullptr || packed == nullptr) return Status::kNullPointer;
  const Status shape = conv2d_check_shape(p);
  if (shape != Status::kOk) return shape;
  const size_t need = conv::packed_filter_count(p);
  if (need == 0) return Status::kBadShape;
  if (packed_count < need) return Status::kScratchTooSmall;
  conv::pack_filter(p, filter, packed);
  return Status::kOk;
}

size_t conv2d_s8_rgb_packed_count(const Conv2dParams& p) {
  return conv2d_check_shape(p) == Status::kOk ? conv::rgb_packed_count(p) : 0;
}

Status conv2d_s8_rgb_pack(const Conv2dParams& p, const int8_t* filter, const int32_t* bias, const int32_t* multiplier,
                          const int32_t* shift, int16_t* packed, size_t packed_count) {
  if (filter == nullptr || multiplier == nullptr || shift == nullptr || packed == nullptr) return Status::kNullPointer;
  const Status shape = conv2d_check_shape(p);
  if (shape != Status::kOk) return shape;
  const size_t need = conv::rgb_packed_count(p);
  if (need == 0) return Status::kBadShape;
  if (packed_count < need) return Status::kScratchTooSmall;
  for (int32_t c = 0; c < p.output_c; ++c) {
    if (multiplier[c] < 0 || shift[c] < -31 || shift[c] > 30) return Status::kBadParameter;
  }
  conv::rgb_pack(p, filter, bias, multiplier, shift, packed);
  return Status::kOk;
}

size_t conv2d_s8_paired_count(const Conv2dParams& p) {
  if (conv2d_check_shape(p) != Status::kOk) return 0;
  return static_cast<size_t>(p.output_c) * p.filter_h * p.filter_w * (p.input_c / p.groups);
}

Status conv2d_s8_pair_filter(const Conv2dParams& p, const int8_t* filter, int8_t* paired, size_t paired_count) {
  if (filter == nullptr || paired == nullptr) return Status::kNullPointer;
  const Status shape = conv2d_check_shape(p);
  if (shape != Status::kOk) return shape;
  if (paired_count < conv2d_s8_paired_count(p)) return Status::kScratchTooSmall;
  conv::pair_filter(p, filter, paired);
  return Status::kOk;
}

Status conv2d_s8_stack_filter(const Conv2dParams& p, const int8_t* filter, int8_t* stacked, size_t stacked_count) {
  if (filter == nullptr || stacked == nullptr) return Status::kNullPointer;
  const Status shape = conv2d_check_shape(p);
  if (shape != Status::kOk) return shape;
  if (stacked_count < conv2d_s8_paired_count(p)) return Status::kScratchTooSmall;
  return conv::stack_filter(p, filter, stacked);
}

Status conv2d_s8_x_major_filter(const Conv2dParams& p, const int8_t* filter, int8_t* out, size_t out_count) {
  if (filter == nullptr || out == nullptr) return Status::kNullPointer;
  const Status shape = conv2d_check_shape(p);
  if (shape != Status::kOk) return shape;
  const size_t need = conv2d_s8_paired_count(p);
  if (out_count < need) return Status::kScratchTooSmall;
  if (out < filter + need && filter < out + need) return Status::kBadParameter;  // not in place
  conv::x_major_filter(p, filter, out);
  return Status::kOk;
}

Status conv2d_s8_prepare(const Conv2dParams& p, const int8_t* filter, const int32_t* bias, int32_t* kernel_sums) {
  if (filter == nullptr || kernel_sums == nullptr) return Status::kNullPointer;
  const Status shape = conv2d_check_shape(p);
  if (shape != Status::kOk) return shape;
  if (p.input_offset < -127 || p.input_offset > 128) return Status::kBadParameter;
  const size_t depth = static_cast<size_t>(p.filter_h) * p.filter_w * (p.input_c / p.groups);
  for (int32_t o = 0; o < p.output_c; ++o, filter += depth) {
    uint32_t sum = 0;
    for (size_t k = 0; k < depth; ++k) sum += static_cast<uint32_t>(int32_t{filter[k]});
    const uint32_t b = bias != nullptr ? static_cast<uint32_t>(bias[o]) : 0u;
    kernel_sums[o] = static_cast<int32_t>(b + static_cast<uint32_t>(p.input_offset) * sum);
  }
  return Status::kOk;
}

namespace {
// The variants' supports() and scratch_bytes() compute int32 sizes: only for shapes that pass.
bool valid_shape(const Conv2dParams& p) { return conv2d_check_shape(p) == Status::kOk; }
}  // namespace

CMNN_DEFINE_OP_TABLE_VALIDATED(conv2d_s8, Conv2dParams, Conv2dS8Args, kVariants, check, valid_shape)

namespace {
// The entries of the DSP 1x1 drivers, told apart by their supports(), each of which no other entry
// has (asserted below), never by their run(): code that takes a run function's address links it,
// and all it calls, into every image that runs that code, and run_rows_in_place asks this on
// every in-place call (an image with one 1x1 driver would carry all four).
constexpr bool (*kPointwiseDrivers[])(const Conv2dParams&) = {
    with_filter_and<conv::dsp_1x1_supports>, unpaired_and<conv::dsp_1x1_packed_supports>,
    conv::dsp_1x1_paired_supports, conv::dsp_1x1_stacked_supports};
using RunFn = Status (*)(const Conv2dParams&, const Conv2dS8Args&, void*, size_t);
// Whether the entries whose supports() is `supports` are exactly those of runs first and then
// (where not null) second, in that order.
constexpr bool entries_of(bool (*supports)(const Conv2dParams&), RunFn first, RunFn second = nullptr) {
  int n = 0;
  bool runs = true;
  for (const Conv2dS8Variant& v : kVariants) {
    if (v.supports == supports) runs = runs && v.run == (n++ == 0 ? first : second);
  }
  return runs && n == (second == nullptr ? 1 : 2);
}
// The index of the first entry whose run is `run`, or -1.
constexpr int index_of(RunFn run) {
  for (size_t i = 0; i < sizeof(kVariants) / sizeof(kVariants[0]); ++i) {
    if (kVariants[i].run == run) return static_cast<int>(i);
  }
  return -1;
}
// GCC does not evaluate comparisons of function addresses in constant expressions under
// -fsanitize=undefined (the host-asan preset, which also sets __SANITIZE_ADDRESS__): these checks
// run in every other build.
#if !defined(__SANITIZE_ADDRESS__)
// stacked.dsp's supports() names it and conv2d_s8.1x1.stacked_doubled.dsp after it, which runs in
// place alike (the doubled pixel loop takes the pairs as run_im2col<true> does).
static_assert(entries_of(kPointwiseDrivers[0], conv::dsp_1x1_run) &&
                  entries_of(kPointwiseDrivers[1], conv::dsp_1x1_packed_run) &&
                  entries_of(kPointwiseDrivers[2], conv::dsp_1x1_paired_run) &&
                  entries_of(kPointwiseDrivers[3], conv::dsp_1x1_stacked_run, conv::dsp_1x1_stacked_doubled_run),
              "each pointwise driver's supports() names its entry alone (stacked: and the doubled one)");
static_assert(index_of(conv::dsp_1x1_stacked_run) >= 0 &&
                  index_of(conv::dsp_1x1_stacked_doubled_run) > index_of(conv::dsp_1x1_stacked_run),
              "the doubled entry after stacked.dsp");
#endif
}  // namespace

bool conv2d_s8_pointwise_in_place(const Conv2dS8Variant& v, const Conv2dParams& p) {
  bool pointwise_driver = false;
  for (auto* s : kPointwiseDrivers) pointwise_driver = pointwise_driver || v.supports == s;
  return pointwise_driver && conv::dsp_1x1_supports(p) && p.groups == 1 && p.output_c <= p.input_c;
}

const Conv2dS8Variant* conv2d_s8_stacked_narrowest(const Conv2dS8Variant& variant, const Conv2dParams& params,
                                                   const Conv2dS8Args& args, bool rows_in_place) {
  (void)rows_in_place;  // both entries run in place alike (conv2d_s8_pointwise_in_place)
  if (&variant != &kVariants[index_of(conv::dsp_1x1_stacked_run)] || args.multiplier == nullptr || args.shift == nullptr) {
    return nullptr;
  }
  if (!variant.supports(params) || !conv::dsp_1x1_stacked_doubled_takes(params, args)) return nullptr;
  return &kVariants[index_of(conv::dsp_1x1_stacked_doubled_run)];
}

}  // namespace cmnn

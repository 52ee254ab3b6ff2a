// Depthwise 2-D convolution, TFLite quantization (bit-exact with TFLite's reference
// DepthwiseConvPerChannel): NHWC activations, weights 1 x filter_h x filter_w x (input_c * ch_mult),
// output channel oc = ic * ch_mult + m reads input channel ic. Out-of-image taps are skipped
// (TFLite padding). Three element types share one parameter struct:
//   s8:  int8 activations (zero points), int8 weights, int32 bias, int32 accumulator (wraps).
//   s16: int16 activations (input_offset must be 0), int8 weights, int64 bias, int64 accumulator.
//   s4:  as s8, with int4 weights packed two per byte, low nibble first, in the flat weight order.
// Every op has a constexpr table of variants, fastest first; the op's entry point runs the first
// one that is native here and supports the parameters. Any table entry may also be run directly
// (tests run every one); every run checks the parameters first and returns a Status.
#pragma once
#include <cstddef>
#include <cstdint>

#include "cmnn/op_api.h"
#include "cmnn/status.h"
#include "cmnn/variant.h"

namespace cmnn {

struct DepthwiseConvParams {
  int32_t batches = 1;
  int32_t input_h = 0, input_w = 0, input_c = 0;
  int32_t ch_mult = 1;  // output_c = input_c * ch_mult
  int32_t filter_h = 0, filter_w = 0;
  int32_t output_h = 0, output_w = 0;
  int32_t stride_h = 1, stride_w = 1;
  int32_t dilation_h = 1, dilation_w = 1;
  int32_t pad_top = 0, pad_left = 0;  // >= 0; bottom/right padding follows from output_h/output_w
  int32_t input_offset = 0;           // -(input zero point): [-127, 128] for s8, 0 for s16
  int32_t output_offset = 0;          // output zero point, within the output type
  int32_t activation_min = -128, activation_max = 127;  // in the output's integer domain
  // true: the scratch still holds what a previous call of the same variant prepared for the same
  // tensors and parameters (other than input_h, output_h, pad_top), so a variant may skip its
  // per-call setup (the .dsp variants' weight records). run_rows_in_place() sets it for every band
  // after the first; a caller that sets it otherwise gets wrong values, never an out-of-bounds access.
  // The parameter check then skips its per-channel multiplier/shift scan (the first call scanned the
  // same arrays).
  bool scratch_prepared = false;
  // true: args.prepared_records holds depthwise_conv2d_s8_dsp_records()' result for these tensors and
  // parameters (rows aside), so the .dsp variants read their weight records from there (flash) and
  // need scratch for one pixel's tap list only. Other variants ignore it.
  bool has_prepared_records = false;

  constexpr int32_t output_c() const { return input_c * ch_mult; }
};

// Tensors of one call. bias may be null (treated as zeros); multiplier/shift are per output
// channel (Q31 multiplier >= 0, shift in [-31, 30], positive = left).
template <typename Activation, typename Bias, typename Weight = int8_t>
struct DepthwiseConvTensors {
  using activation_type = Activation;
  using bias_type = Bias;
  using weight_type = Weight;
  const Activation* input = nullptr;
  const Weight* filter = nullptr;
  const Bias* bias = nullptr;
  const int32_t* output_multiplier = nullptr;
  const int32_t* output_shift = nullptr;
  Activation* output = nullptr;
  const int32_t* prepared_records = nullptr;  // when params.has_prepared_records (4-byte aligned)
};
using DepthwiseConvS8Args = DepthwiseConvTensors<int8_t, int32_t>;
using DepthwiseConvS16Args = DepthwiseConvTensors<int16_t, int64_t>;
using DepthwiseConvS4Args = DepthwiseConvTensors<int8_t, int32_t, uint8_t>;  // filter: packed int4

using DepthwiseConvS8Variant = Variant<DepthwiseConvParams, DepthwiseConvS8Args>;
using DepthwiseConvS16Variant = Variant<DepthwiseConvParams, DepthwiseConvS16Args>;
using DepthwiseConvS4Variant = Variant<DepthwiseConvParams, DepthwiseConvS4Args>;

namespace depthwise {
// Variant entry points (src/kernels/depthwise/). Each validates, checks supports() and the scratch size.
bool supports_any(const DepthwiseConvParams& p);
bool supports_3x3(const DepthwiseConvParams& p);
bool rows_3x3_can_run(const DepthwiseConvParams& p);
bool supports_rows_3x3(const DepthwiseConvParams& p);
size_t scratch_rows(const DepthwiseConvParams& p);
size_t scratch_none(const DepthwiseConvParams& p);
size_t scratch_dsp(const DepthwiseConvParams& p);
size_t dsp_record_words(const DepthwiseConvParams& p);
bool ring_in_place_shape(const DepthwiseConvParams& p);
Status dsp_prepare_records(const DepthwiseConvParams& p, const DepthwiseConvS8Args& a, int32_t* records, size_t words);
size_t scratch_dsp_s4(const DepthwiseConvParams& p);
bool supports_mve(const DepthwiseConvParams& p);
bool supports_3x3_mve(const DepthwiseConvParams& p);
size_t scratch_mve(const DepthwiseConvParams& p);
size_t scratch_3x3_mve(const DepthwiseConvParams& p);
Status run_s8_3x3_mve(const DepthwiseConvParams& p, const DepthwiseConvS8Args& a, void* scratch, size_t scratch_size);
bool supports_mult_mve(const DepthwiseConvParams& p);
size_t scratch_mult_mve(const DepthwiseConvParams& p);
Status run_s8_mult_mve(const DepthwiseConvParams& p, const DepthwiseConvS8Args& a, void* scratch, size_t scratch_size);
Status run_s8_mve(const DepthwiseConvParams& p, const DepthwiseConvS8Args& a, void* scratch, size_t scratch_size);
Status run_s8_ref(const DepthwiseConvParams& p, const DepthwiseConvS8Args& a, void* scratch, size_t scratch_size);
Status run_s8_dsp(const DepthwiseConvParams& p, const DepthwiseConvS8Args& a, void* scratch, size_t scratch_size);
Status run_s8_rows_3x3_dsp(const DepthwiseConvParams& p, const DepthwiseConvS8Args& a, void* scratch,
                           size_t scratch_size);
Status run_s8_dsp_3x3(const DepthwiseConvParams& p, const DepthwiseConvS8Args& a, void* scratch, size_t scratch_size);
bool supports_3x3_ring(const DepthwiseConvParams& p);
bool supports_3x3_ring_stages(const DepthwiseConvParams& p);
bool supports_3x3_pixels(const DepthwiseConvParams& p);
Status run_s8_dsp_3x3_ring(const DepthwiseConvParams& p, const DepthwiseConvS8Args& a, void* scratch,
                           size_t scratch_size);
Status run_s8_dsp_3x3_ring_stages(const DepthwiseConvParams& p, const DepthwiseConvS8Args& a, void* scratch,
                                  size_t scratch_size);
Status run_s8_dsp_3x3_pixels(const DepthwiseConvParams& p, const DepthwiseConvS8Args& a, void* scratch,
                             size_t scratch_size);
Status run_s16_ref(const DepthwiseConvParams& p, const DepthwiseConvS16Args& a, void* scratch, size_t scratch_size);
bool supports_s16_mve(const DepthwiseConvParams& p);
Status run_s16_mve(const DepthwiseConvParams& p, const DepthwiseConvS16Args& a, void* scratch, size_t scratch_size);
Status run_s4_ref(const DepthwiseConvParams& p, const DepthwiseConvS4Args& a, void* scratch, size_t scratch_size);
Status run_s4_dsp(const DepthwiseConvParams& p, const DepthwiseConvS4Args& a, void* scratch, size_t scratch_size);
size_t scratch_s4_unpacked(const DepthwiseConvParams& p);
Status run_s4_unpacked(const DepthwiseConvParams& p, const DepthwiseConvS4Args& a, void* scratch, size_t scratch_size);
}  // namespace depthwise

// Fastest first. "ref" is the one variant that is always available and supports every valid call.
inline constexpr DepthwiseConvS8Variant kDepthwiseConvS8Variants[] = {
    {"depthwise_s8.3x3.mve", Isa::kMve, depthwise::supports_3x3_mve, depthwise::scratch_3x3_mve, depthwise::run_s8_3x3_mve},
    {"depthwise_s8.rows3x3.dsp", Isa::kDsp, depthwise::supports_rows_3x3, depthwise::scratch_rows,
     depthwise::run_s8_rows_3x3_dsp},
    {"depthwise_s8.3x3.dsp", Isa::kDsp, depthwise::supports_3x3, depthwise::scratch_dsp, depthwise::run_s8_dsp_3x3},
    {"depthwise_s8.dsp", Isa::kDsp, depthwise::supports_any, depthwise::scratch_dsp, depthwise::run_s8_dsp},
    // Helium, any filter (ch_mult 1): bit-exact but slower than .dsp on the M55 cycle model (per-tap
    // source pointers), so listed after it: tests, vectors and generated code can still name it.
    {"depthwise_s8.mve", Isa::kMve, depthwise::supports_mve, depthwise::scratch_mve, depthwise::run_s8_mve},
    // Helium, ch_mult > 1, 3x3: the 3x3.mve code on a per-call copy of the image with its channels
    // repeated. Listed after the .dsp variants: on the one such oracle layer (9x9x4 -> 4x4x8,
    // stride 2) it needs 25,096 est. M55 cycles against rows3x3.dsp's 18,397 (per-call setup);
    // larger layers are not measured.
    {"depthwise_s8.mult3x3.mve", Isa::kMve, depthwise::supports_mult_mve, depthwise::scratch_mult_mve,
     depthwise::run_s8_mult_mve},
    // depthwise_s8.3x3.dsp's two code paths as variants of their own, listed after it so that no
    // table walk picks them: the compiler names one where it knows that 3x3.dsp would run exactly
    // its code (depthwise_conv2d_s8_dsp_narrowest), so that the image links that path only. Each
    // runs every call its supports() admits. ring: every row from the ring of widened rows (5-wide
    // images, ring_in_place_shape; in place or not, any table), the fast output stage's rows in
    // assembly and the other stages' in a small C loop; ring_stages: the same with the other
    // stages' rows fast (pairs in assembly, prepared output stages), named for layers whose tables
    // take them (an image of fast-stage tables does not carry that code); pixels: the pixel
    // kernels with the fast output stage, or the general one for any other table (no ring shape).
    {"depthwise_s8.3x3.ring.dsp", Isa::kDsp, depthwise::supports_3x3_ring, depthwise::scratch_dsp,
     depthwise::run_s8_dsp_3x3_ring},
    {"depthwise_s8.3x3.ring_stages.dsp", Isa::kDsp, depthwise::supports_3x3_ring_stages, depthwise::scratch_dsp,
     depthwise::run_s8_dsp_3x3_ring_stages},
    {"depthwise_s8.3x3.pixels.dsp", Isa::kDsp, depthwise::supports_3x3_pixels, depthwise::scratch_dsp,
     depthwise::run_s8_dsp_3x3_pixels},
    {"depthwise_s8.ref", Isa::kPortable, depthwise::supports_any, depthwise::scratch_none, depthwise::run_s8_ref},
};
inline constexpr DepthwiseConvS16Variant kDepthwiseConvS16Variants[] = {
    // Helium, ch_mult 1, up to 511 taps: 4 channels per vector in exact int32 lanes, the ref's output stage.
    {"depthwise_s16.mve", Isa::kMve, depthwise::supports_s16_mve, depthwise::scratch_none, depthwise::run_s16_mve},
    {"depthwise_s16.ref", Isa::kPortable, depthwise::supports_any, depthwise::scratch_none, depthwise::run_s16_ref},
};
inline constexpr DepthwiseConvS4Variant kDepthwiseConvS4Variants[] = {
    // Helium: unpacked to int8 in scratch, then depthwise_conv2d_s8's fastest (MVE) variant.
    {"depthwise_s4.unpacked.mve", Isa::kMve, depthwise::supports_any, depthwise::scratch_s4_unpacked,
     depthwise::run_s4_unpacked},
    {"depthwise_s4.dsp", Isa::kDsp, depthwise::supports_any, depthwise::scratch_dsp_s4, depthwise::run_s4_dsp},
    {"depthwise_s4.ref", Isa::kPortable, depthwise::supports_any, depthwise::scratch_none, depthwise::run_s4_ref},
};

// True when `variant` may run one whole call with args.output == args.input (run_rows_in_place
// then makes that one call: no bands, no row copies, no output slots). Holds for
// depthwise_s8.3x3.dsp and depthwise_s8.dsp on 5-wide images of one batch whose every output row
// has at most one filter row outside the image (3x3, ch_mult 1, channels % 4 == 0, stride 1,
// dilation 1, pad_left 1, pad_top <= 1: KWS's 25x5x64 layers): in place they run every row from
// their ring of pre-widened input rows (depthwise_dsp.cpp's ring_rows_3x3), which holds each input
// row before the output row over it is written.
bool depthwise_conv2d_s8_ring_in_place(const DepthwiseConvS8Variant& variant, const DepthwiseConvParams& params);

// For a layer on depthwise_s8.3x3.dsp (`variant`; nullptr for any other) whose calls are known
// when a model is compiled: the narrower entry that runs exactly the code 3x3.dsp would run on
// every call of the layer (its row bands too), so that an image naming it links that code only
// (~50 KB less on KWS's Cortex-M4 image); nullptr when there is none. rows_in_place: the layer
// runs through run_rows_in_place with its output over its input. On ring_in_place_shape layers
// that is one call in place -> depthwise_s8.3x3.ring.dsp where the tables take the fast output
// stage, depthwise_s8.3x3.ring_stages.dsp otherwise. Images not 5 wide (no call has the ring
// shape) whose tables do not take the doubled output stage -> depthwise_s8.3x3.pixels.dsp. Reads
// args' filter, bias, multipliers and shifts (not the tensors).
const DepthwiseConvS8Variant* depthwise_conv2d_s8_dsp_narrowest(const DepthwiseConvS8Variant& variant,
                                                                 const DepthwiseConvParams& params,
                                                                 const DepthwiseConvS8Args& args, bool rows_in_place);

// Parameter checks shared by every variant (shapes, overflow, quantization, activation range).
Status depthwise_conv_check(const DepthwiseConvParams& p, const DepthwiseConvS8Args& a);
Status depthwise_conv_check(const DepthwiseConvParams& p, const DepthwiseConvS16Args& a);
Status depthwise_conv_check(const DepthwiseConvParams& p, const DepthwiseConvS4Args& a);

// The table API every op has (cmnn/op_api.h), one per type: depthwise_conv2d_s8_variants (the
// tables above), _find_variant, _select, _scratch_bytes, the entry point (checks, then the fastest
// native variant that supports p and fits the scratch given: depthwise_conv2d_*_scratch_bytes()
// bytes get the fastest, none still gets the reference), _run_variant (kUnsupported if it cannot
// run here) and _variant_at<I>.
CMNN_DECLARE_OP_TABLE(depthwise_conv2d_s8, DepthwiseConvParams, DepthwiseConvS8Args)
CMNN_DECLARE_OP_TABLE(depthwise_conv2d_s16, DepthwiseConvParams, DepthwiseConvS16Args)
CMNN_DECLARE_OP_TABLE(depthwise_conv2d_s4, DepthwiseConvParams, DepthwiseConvS4Args)

// The .dsp variants' weight records (per group of 4 output channels: biases, weight pairs,
// requantization constants), made once offline for params.has_prepared_records; they do not depend
// on input_h, output_h or pad_top. `records` holds depthwise_conv2d_s8_dsp_record_words(params) words.
size_t depthwise_conv2d_s8_dsp_record_words(const DepthwiseConvParams& params);
Status depthwise_conv2d_s8_dsp_records(const DepthwiseConvParams& params, const DepthwiseConvS8Args& args,
                                       int32_t* records, size_t words);

// The variant the entry point would run here (_select under its older name).
inline const DepthwiseConvS8Variant* depthwise_conv2d_s8_variant(const DepthwiseConvParams& p) {
  return depthwise_conv2d_s8_select(p);
}
inline const DepthwiseConvS16Variant* depthwise_conv2d_s16_variant(const DepthwiseConvParams& p) {
  return depthwise_conv2d_s16_select(p);
}
inline const DepthwiseConvS4Variant* depthwise_conv2d_s4_variant(const DepthwiseConvParams& p) {
  return depthwise_conv2d_s4_select(p);
}

}  // namespace cmnn

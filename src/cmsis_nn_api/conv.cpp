// CMSIS-NN's convolutions over cmnn's conv2d_s8 / conv2d_s4 / conv2d_s16 tables. CMSIS-NN's
// separate kernels (general, 1x1, 1xN, grouped) are one op in cmnn, whose table picks the fastest
// variant for the shape; the specialised names keep CMSIS-NN's argument checks.
#include "arm_nnfunctions.h"
#include "cmnn/conv.h"
#include "cmnn/conv_s16.h"
#include "cmnn/conv_s4.h"
#include "cmsis_nn_api/common.h"

namespace cmnn::cmsis_nn_api {
namespace {

// Shape and quantization of a call; false when a pointer is null or an extent is not positive.
bool shape_of(const cmsis_nn_conv_params* cp, const cmsis_nn_dims* in, const cmsis_nn_dims* f,
              const cmsis_nn_dims* out, Conv2dParams* p) {
  if (cp == nullptr || !positive(in) || !positive(f) || !positive(out)) return false;
  p->batches = in->n;
  p->input_h = in->h;
  p->input_w = in->w;
  p->input_c = in->c;
  p->output_h = out->h;
  p->output_w = out->w;
  p->output_c = out->c;
  p->filter_h = f->h;
  p->filter_w = f->w;
  p->groups = in->c / f->c;  // grouped when the filter sees fewer channels than the input has
  p->stride_h = cp->stride.h;
  p->stride_w = cp->stride.w;
  p->dilation_h = cp->dilation.h;
  p->dilation_w = cp->dilation.w;
  p->pad_top = cp->padding.h;
  p->pad_left = cp->padding.w;
  p->input_offset = cp->input_offset;
  p->output_offset = cp->output_offset;
  p->activation_min = cp->activation.min;
  p->activation_max = cp->activation.max;
  // filter_dims->n is not read: the output channels are output_dims->c (TFLM passes n = 1).
  return p->groups * f->c == in->c && out->n == in->n && conv2d_check_shape(*p) == Status::kOk;
}

// The shape the partial-shape buffer sizes assume: stride 1, as many output pixels as input
// pixels (same padding), output_c output channels (filter_dims->n when the caller sets it, else
// as many as input channels).
bool assumed_shape(const cmsis_nn_dims* in, int32_t filter_h, int32_t filter_w, int32_t filter_c, int32_t output_c,
                   Conv2dParams* p) {
  if (!positive(in) || filter_h <= 0 || filter_w <= 0 || filter_c <= 0 || output_c <= 0) return false;
  p->batches = in->n;
  p->input_h = p->output_h = in->h;
  p->input_w = p->output_w = in->w;
  p->input_c = in->c;
  p->output_c = output_c;
  p->filter_h = filter_h;
  p->filter_w = filter_w;
  p->groups = in->c / filter_c;
  p->pad_top = (filter_h - 1) / 2;
  p->pad_left = (filter_w - 1) / 2;
  return p->groups * filter_c == in->c && conv2d_check_shape(*p) == Status::kOk;
}

size_t s8_scratch(const Conv2dParams& p) { return conv2d_s8_scratch_bytes(p); }
size_t s4_scratch(const Conv2dParams& p) { return conv2d_s4_scratch_bytes(p); }
size_t s16_scratch(const Conv2dParams& p) { return conv2d_s16_scratch_bytes(p); }

int32_t full_size(const cmsis_nn_conv_params* cp, const cmsis_nn_dims* in, const cmsis_nn_dims* f,
                  const cmsis_nn_dims* out, size_t (*scratch)(const Conv2dParams&)) {
  Conv2dParams p;
  return shape_of(cp, in, f, out, &p) ? size_result(scratch(p)) : 0;
}

int32_t partial_size(const cmsis_nn_dims* in, const cmsis_nn_dims* f, size_t (*scratch)(const Conv2dParams&)) {
  Conv2dParams p;
  if (!positive(f) || !positive(in)) return 0;
  const int32_t out_c = f->n > 1 ? f->n : in->c;
  return assumed_shape(in, f->h, f->w, f->c, out_c, &p) ? size_result(scratch(p)) : 0;
}

// 1x1 sizes see only the input: the output channels are assumed equal to the input channels.
int32_t input_only_size(const cmsis_nn_dims* in, size_t (*scratch)(const Conv2dParams&)) {
  Conv2dParams p;
  return positive(in) && assumed_shape(in, 1, 1, in->c, in->c, &p) ? size_result(scratch(p)) : 0;
}

// What a specialised entry point requires of the shape beyond validity (CMSIS-NN's checks).
enum class Kind { kAny, k1x1, k1x1Fast, k1xN };

bool kind_holds(Kind kind, const Conv2dParams& p) {
  switch (kind) {
    case Kind::kAny: return true;
    case Kind::k1x1Fast:
      return p.filter_h == 1 && p.filter_w == 1 && p.stride_h == 1 && p.stride_w == 1 && p.pad_top == 0 &&
             p.pad_left == 0 && p.groups == 1;
    case Kind::k1x1: return p.filter_h == 1 && p.filter_w == 1 && p.pad_top == 0 && p.pad_left == 0 && p.groups == 1;
    case Kind::k1xN: return p.input_h == 1 && p.filter_h == 1 && p.output_h == 1 && p.groups == 1;
  }
  return false;
}

// contract: the bytes the buffer holds by the function's *_get_buffer_size().
// The filter dims a call's kernel reads. CMSIS-NN's 1x1 kernels do not read filter_dims (TFLM's
// fully connected passes its own [depth, 1, 1, output depth] there): a 1x1 filter over every input
// channel, as they assume.
cmsis_nn_dims filter_of(Kind kind, const cmsis_nn_dims* f, const cmsis_nn_dims* in, const cmsis_nn_dims* out) {
  if ((kind == Kind::k1x1 || kind == Kind::k1x1Fast) && in != nullptr && out != nullptr) {
    return cmsis_nn_dims{out->c, 1, 1, in->c};
  }
  return f != nullptr ? *f : cmsis_nn_dims{0, 0, 0, 0};
}

arm_cmsis_nn_status conv_s8(Kind kind, const cmsis_nn_context* ctx, const cmsis_nn_conv_params* cp,
                            const cmsis_nn_per_channel_quant_params* q, const cmsis_nn_dims* in, const int8_t* input,
                            const cmsis_nn_dims* f_given, const int8_t* filter, const int32_t* bias,
                            const cmsis_nn_dims* out, int8_t* output, size_t contract) {
  const cmsis_nn_dims f_used = filter_of(kind, f_given, in, out);
  const cmsis_nn_dims* f = &f_used;
  Conv2dParams p;
  if (q == nullptr || !shape_of(cp, in, f, out, &p) || !kind_holds(kind, p)) return ARM_CMSIS_NN_ARG_ERROR;
  Conv2dS8Args a;
  a.input = input;
  a.filter = filter;
  a.bias = bias;
  a.multiplier = q->multiplier;
  a.shift = q->shift;
  a.output = output;
  return run_on_buffer(conv2d_s8_variants, conv2d_s8_run_variant, p, a, ctx, contract);
}

arm_cmsis_nn_status conv_s4(Kind kind, const cmsis_nn_context* ctx, const cmsis_nn_conv_params* cp,
                            const cmsis_nn_per_channel_quant_params* q, const cmsis_nn_dims* in, const int8_t* input,
                            const cmsis_nn_dims* f_given, const int8_t* filter, const int32_t* bias,
                            const cmsis_nn_dims* out, int8_t* output, size_t contract) {
  const cmsis_nn_dims f_used = filter_of(kind, f_given, in, out);
  const cmsis_nn_dims* f = &f_used;
  Conv2dParams p;
  if (q == nullptr || !shape_of(cp, in, f, out, &p) || !kind_holds(kind, p)) return ARM_CMSIS_NN_ARG_ERROR;
  Conv2dS4Args a;
  a.input = input;
  a.filter = reinterpret_cast<const uint8_t*>(filter);
  a.bias = bias;
  a.multiplier = q->multiplier;
  a.shift = q->shift;
  a.output = output;
  return run_on_buffer(conv2d_s4_variants, conv2d_s4_run_variant, p, a, ctx, contract);
}

arm_cmsis_nn_status conv_s16(const cmsis_nn_context* ctx, const cmsis_nn_conv_params* cp,
                             const cmsis_nn_per_channel_quant_params* q, const cmsis_nn_dims* in, const int16_t* input,
                             const cmsis_nn_dims* f, const int8_t* filter, const cmsis_nn_bias_data* bias,
                             const cmsis_nn_dims* out, int16_t* output, size_t contract) {
  Conv2dParams p;
  if (q == nullptr || bias == nullptr || !shape_of(cp, in, f, out, &p)) return ARM_CMSIS_NN_ARG_ERROR;
  Conv2dS16Args a;
  a.input = input;
  a.filter = filter;
  // TFLite's 16x8 convolution: an int64 bias keeps the int64 accumulator, an int32 one the int32 path.
  if (bias->is_int32_bias) a.bias32 = static_cast<const int32_t*>(bias->data);
  else a.bias = static_cast<const int64_t*>(bias->data);
  a.multiplier = q->multiplier;
  a.shift = q->shift;
  a.output = output;
  return run_on_buffer(conv2d_s16_variants, conv2d_s16_run_variant, p, a, ctx, contract);
}

size_t unsigned_size(int32_t bytes) { return bytes > 0 ? static_cast<size_t>(bytes) : 0; }

}  // namespace
}  // namespace cmnn::cmsis_nn_api

using namespace cmnn::cmsis_nn_api;

extern "C" {

// ---- int8 ----
int32_t arm_convolve_wrapper_s8_get_buffer_size(const cmsis_nn_conv_params* conv_params, const cmsis_nn_dims* input_dims,
                                                const cmsis_nn_dims* filter_dims, const cmsis_nn_dims* output_dims) {
  return full_size(conv_params, input_dims, filter_dims, output_dims, s8_scratch);
}
// cmnn's figure is one per core (the build's), so the per-ISA names return it too.
int32_t arm_convolve_wrapper_s8_get_buffer_size_dsp(const cmsis_nn_conv_params* conv_params,
                                                    const cmsis_nn_dims* input_dims, const cmsis_nn_dims* filter_dims,
                                                    const cmsis_nn_dims* output_dims) {
  return arm_convolve_wrapper_s8_get_buffer_size(conv_params, input_dims, filter_dims, output_dims);
}
int32_t arm_convolve_wrapper_s8_get_buffer_size_mve(const cmsis_nn_conv_params* conv_params,
                                                    const cmsis_nn_dims* input_dims, const cmsis_nn_dims* filter_dims,
                                                    const cmsis_nn_dims* output_dims) {
  return arm_convolve_wrapper_s8_get_buffer_size(conv_params, input_dims, filter_dims, output_dims);
}
int32_t arm_convolve_s8_get_buffer_size(const cmsis_nn_dims* input_dims, const cmsis_nn_dims* filter_dims) {
  return partial_size(input_dims, filter_dims, s8_scratch);
}
int32_t arm_convolve_1x1_s8_fast_get_buffer_size(const cmsis_nn_dims* input_dims) {
  return input_only_size(input_dims, s8_scratch);
}
int32_t arm_convolve_1_x_n_s8_get_buffer_size(const cmsis_nn_conv_params* conv_params, const cmsis_nn_dims* input_dims,
                                              const cmsis_nn_dims* filter_dims, const cmsis_nn_dims* output_dims) {
  return full_size(conv_params, input_dims, filter_dims, output_dims, s8_scratch);
}

arm_cmsis_nn_status arm_convolve_wrapper_s8(ARM_NN_CONV_S8_ARGS) {
  (void)bias_dims;
  const int32_t need = arm_convolve_wrapper_s8_get_buffer_size(conv_params, input_dims, filter_dims, output_dims);
  return conv_s8(Kind::kAny, ctx, conv_params, quant_params, input_dims, input_data, filter_dims, filter_data,
                 bias_data, output_dims, output_data, unsigned_size(need));
}

arm_cmsis_nn_status arm_convolve_s8(const cmsis_nn_context* ctx, const cmsis_nn_conv_params* conv_params,
                                    const cmsis_nn_per_channel_quant_params* quant_params,
                                    const cmsis_nn_dims* input_dims, const int8_t* input_data,
                                    const cmsis_nn_dims* filter_dims, const int8_t* filter_data,
                                    const cmsis_nn_dims* bias_dims, const int32_t* bias_data,
                                    const cmsis_nn_dims* upscale_dims, const cmsis_nn_dims* output_dims,
                                    int8_t* output_data) {
  (void)bias_dims;
  if (upscale_dims != nullptr && (upscale_dims->h != 1 || upscale_dims->w != 1)) {
    return upscale_dims->h < 1 || upscale_dims->w < 1 ? ARM_CMSIS_NN_ARG_ERROR : ARM_CMSIS_NN_NO_IMPL_ERROR;
  }
  const int32_t need = arm_convolve_s8_get_buffer_size(input_dims, filter_dims);
  return conv_s8(Kind::kAny, ctx, conv_params, quant_params, input_dims, input_data, filter_dims, filter_data,
                 bias_data, output_dims, output_data, unsigned_size(need));
}

arm_cmsis_nn_status arm_convolve_1x1_s8_fast(ARM_NN_CONV_S8_ARGS) {
  (void)bias_dims;
  const int32_t need = arm_convolve_1x1_s8_fast_get_buffer_size(input_dims);
  return conv_s8(Kind::k1x1Fast, ctx, conv_params, quant_params, input_dims, input_data, filter_dims, filter_data,
                 bias_data, output_dims, output_data, unsigned_size(need));
}

// CMSIS-NN's arm_convolve_1x1_s8 takes no buffer; cmnn uses one only when ctx->size says so.
arm_cmsis_nn_status arm_convolve_1x1_s8(ARM_NN_CONV_S8_ARGS) {
  (void)bias_dims;
  return conv_s8(Kind::k1x1, ctx, conv_params, quant_params, input_dims, input_data, filter_dims, filter_data,
                 bias_data, output_dims, output_data, 0);
}

arm_cmsis_nn_status arm_convolve_1_x_n_s8(ARM_NN_CONV_S8_ARGS) {
  (void)bias_dims;
  const int32_t need = arm_convolve_1_x_n_s8_get_buffer_size(conv_params, input_dims, filter_dims, output_dims);
  return conv_s8(Kind::k1xN, ctx, conv_params, quant_params, input_dims, input_data, filter_dims, filter_data,
                 bias_data, output_dims, output_data, unsigned_size(need));
}

// ---- int4 weights ----
int32_t arm_convolve_wrapper_s4_get_buffer_size(const cmsis_nn_conv_params* conv_params, const cmsis_nn_dims* input_dims,
                                                const cmsis_nn_dims* filter_dims, const cmsis_nn_dims* output_dims) {
  return full_size(conv_params, input_dims, filter_dims, output_dims, s4_scratch);
}
int32_t arm_convolve_wrapper_s4_get_buffer_size_dsp(const cmsis_nn_conv_params* conv_params,
                                                    const cmsis_nn_dims* input_dims, const cmsis_nn_dims* filter_dims,
                                                    const cmsis_nn_dims* output_dims) {
  return arm_convolve_wrapper_s4_get_buffer_size(conv_params, input_dims, filter_dims, output_dims);
}
int32_t arm_convolve_wrapper_s4_get_buffer_size_mve(const cmsis_nn_conv_params* conv_params,
                                                    const cmsis_nn_dims* input_dims, const cmsis_nn_dims* filter_dims,
                                                    const cmsis_nn_dims* output_dims) {
  return arm_convolve_wrapper_s4_get_buffer_size(conv_params, input_dims, filter_dims, output_dims);
}
int32_t arm_convolve_s4_get_buffer_size(const cmsis_nn_dims* input_dims, const cmsis_nn_dims* filter_dims) {
  return partial_size(input_dims, filter_dims, s4_scratch);
}
int32_t arm_convolve_1x1_s4_fast_get_buffer_size(const cmsis_nn_dims* input_dims) {
  return input_only_size(input_dims, s4_scratch);
}
int32_t arm_convolve_1_x_n_s4_get_buffer_size(const cmsis_nn_conv_params* conv_params, const cmsis_nn_dims* input_dims,
                                              const cmsis_nn_dims* filter_dims, const cmsis_nn_dims* output_dims) {
  return full_size(conv_params, input_dims, filter_dims, output_dims, s4_scratch);
}

arm_cmsis_nn_status arm_convolve_wrapper_s4(ARM_NN_CONV_S8_ARGS) {
  (void)bias_dims;
  const int32_t need = arm_convolve_wrapper_s4_get_buffer_size(conv_params, input_dims, filter_dims, output_dims);
  return conv_s4(Kind::kAny, ctx, conv_params, quant_params, input_dims, input_data, filter_dims, filter_data,
                 bias_data, output_dims, output_data, unsigned_size(need));
}
arm_cmsis_nn_status arm_convolve_s4(ARM_NN_CONV_S8_ARGS) {
  (void)bias_dims;
  const int32_t need = arm_convolve_s4_get_buffer_size(input_dims, filter_dims);
  return conv_s4(Kind::kAny, ctx, conv_params, quant_params, input_dims, input_data, filter_dims, filter_data,
                 bias_data, output_dims, output_data, unsigned_size(need));
}
// CMSIS-NN's variant for an even number of weights per filter; cmnn's s4 kernels take any count.
arm_cmsis_nn_status arm_convolve_even_s4(ARM_NN_CONV_S8_ARGS) {
  return arm_convolve_s4(ctx, conv_params, quant_params, input_dims, input_data, filter_dims, filter_data, bias_dims,
                         bias_data, output_dims, output_data);
}
arm_cmsis_nn_status arm_convolve_1x1_s4_fast(ARM_NN_CONV_S8_ARGS) {
  (void)bias_dims;
  const int32_t need = arm_convolve_1x1_s4_fast_get_buffer_size(input_dims);
  return conv_s4(Kind::k1x1Fast, ctx, conv_params, quant_params, input_dims, input_data, filter_dims, filter_data,
                 bias_data, output_dims, output_data, unsigned_size(need));
}
arm_cmsis_nn_status arm_convolve_1x1_s4(ARM_NN_CONV_S8_ARGS) {
  (void)bias_dims;
  return conv_s4(Kind::k1x1, ctx, conv_params, quant_params, input_dims, input_data, filter_dims, filter_data,
                 bias_data, output_dims, output_data, 0);
}
arm_cmsis_nn_status arm_convolve_1_x_n_s4(ARM_NN_CONV_S8_ARGS) {
  (void)bias_dims;
  const int32_t need = arm_convolve_1_x_n_s4_get_buffer_size(conv_params, input_dims, filter_dims, output_dims);
  return conv_s4(Kind::k1xN, ctx, conv_params, quant_params, input_dims, input_data, filter_dims, filter_data,
                 bias_data, output_dims, output_data, unsigned_size(need));
}

// ---- 16x8 ----
int32_t arm_convolve_wrapper_s16_get_buffer_size(const cmsis_nn_conv_params* conv_params,
                                                 const cmsis_nn_dims* input_dims, const cmsis_nn_dims* filter_dims,
                                                 const cmsis_nn_dims* output_dims) {
  return full_size(conv_params, input_dims, filter_dims, output_dims, s16_scratch);
}
int32_t arm_convolve_wrapper_s16_get_buffer_size_dsp(const cmsis_nn_conv_params* conv_params,
                                                     const cmsis_nn_dims* input_dims, const cmsis_nn_dims* filter_dims,
                                                     const cmsis_nn_dims* output_dims) {
  return arm_convolve_wrapper_s16_get_buffer_size(conv_params, input_dims, filter_dims, output_dims);
}
int32_t arm_convolve_wrapper_s16_get_buffer_size_mve(const cmsis_nn_conv_params* conv_params,
                                                     const cmsis_nn_dims* input_dims, const cmsis_nn_dims* filter_dims,
                                                     const cmsis_nn_dims* output_dims) {
  return arm_convolve_wrapper_s16_get_buffer_size(conv_params, input_dims, filter_dims, output_dims);
}
int32_t arm_convolve_s16_get_buffer_size(const cmsis_nn_dims* input_dims, const cmsis_nn_dims* filter_dims) {
  return partial_size(input_dims, filter_dims, s16_scratch);
}

arm_cmsis_nn_status arm_convolve_wrapper_s16(ARM_NN_CONV_S16_ARGS) {
  (void)bias_dims;
  const int32_t need = arm_convolve_wrapper_s16_get_buffer_size(conv_params, input_dims, filter_dims, output_dims);
  return conv_s16(ctx, conv_params, quant_params, input_dims, input_data, filter_dims, filter_data, bias_data,
                  output_dims, output_data, unsigned_size(need));
}
arm_cmsis_nn_status arm_convolve_s16(ARM_NN_CONV_S16_ARGS) {
  (void)bias_dims;
  const int32_t need = arm_convolve_s16_get_buffer_size(input_dims, filter_dims);
  return conv_s16(ctx, conv_params, quant_params, input_dims, input_data, filter_dims, filter_data, bias_data,
                  output_dims, output_data, unsigned_size(need));
}

}  // extern "C"

/* CMSIS-NN's function API (names, argument lists and status codes of CMSIS-NN at commit 4ab83cc3,
 * the one tflite-micro 90b983c2 pins, plus the legacy q7/q15 functions of CMSIS-NN 3.x) implemented
 * over cmnn's kernels: each call maps its arguments onto cmnn's parameters and runs the fastest
 * cmnn variant for the core that fits the buffer given. Results are TFLite reference results
 * (TFLM's reference kernels), also where CMSIS-NN differs. docs/cmsis-nn-api.md lists the functions
 * and the differences.
 *
 * Conventions (as CMSIS-NN): tensors NHWC; conv filters [out_ch][h][w][in_ch / groups] with
 * ->c = in_ch / groups (out_ch is output_dims->c; filter_dims->n is not read, TFLM sets it to 1);
 * depthwise filters [1][h][w][out_ch];
 * fully connected filter_dims->n = accumulation depth, ->c = output depth; *_offset are negated
 * input zero points and plain output zero points; multipliers Q31, shifts positive = left.
 * Every function checks its arguments and returns ARM_CMSIS_NN_ARG_ERROR (writing nothing) when
 * they are out of contract; ctx->buf must hold the matching *_get_buffer_size() bytes (NULL when
 * that is 0). Buffer sizes depend only on the arguments and the core, never on host vs target. */
#ifndef ARM_NNFUNCTIONS_H
#define ARM_NNFUNCTIONS_H

#include "arm_nn_math_types.h"
#include "arm_nn_types.h"

#define USE_INTRINSIC

#ifdef __cplusplus
extern "C" {
#endif

/* The argument list shared by the int8-activation convolutions (s8, and s4 with packed weights). */
#define ARM_NN_CONV_S8_ARGS                                                                                            \
    const cmsis_nn_context *ctx, const cmsis_nn_conv_params *conv_params,                                              \
        const cmsis_nn_per_channel_quant_params *quant_params, const cmsis_nn_dims *input_dims,                        \
        const int8_t *input_data, const cmsis_nn_dims *filter_dims, const int8_t *filter_data,                         \
        const cmsis_nn_dims *bias_dims, const int32_t *bias_data, const cmsis_nn_dims *output_dims,                    \
        int8_t *output_data
#define ARM_NN_CONV_SIZE_ARGS                                                                                          \
    const cmsis_nn_conv_params *conv_params, const cmsis_nn_dims *input_dims, const cmsis_nn_dims *filter_dims,        \
        const cmsis_nn_dims *output_dims
#define ARM_NN_DW_S8_ARGS                                                                                              \
    const cmsis_nn_context *ctx, const cmsis_nn_dw_conv_params *dw_conv_params,                                        \
        const cmsis_nn_per_channel_quant_params *quant_params, const cmsis_nn_dims *input_dims,                        \
        const int8_t *input_data, const cmsis_nn_dims *filter_dims, const int8_t *filter_data,                         \
        const cmsis_nn_dims *bias_dims, const int32_t *bias_data, const cmsis_nn_dims *output_dims,                    \
        int8_t *output_data
#define ARM_NN_DW_S16_ARGS                                                                                             \
    const cmsis_nn_context *ctx, const cmsis_nn_dw_conv_params *dw_conv_params,                                        \
        const cmsis_nn_per_channel_quant_params *quant_params, const cmsis_nn_dims *input_dims,                        \
        const int16_t *input_data, const cmsis_nn_dims *filter_dims, const int8_t *filter_data,                        \
        const cmsis_nn_dims *bias_dims, const int64_t *bias_data, const cmsis_nn_dims *output_dims,                    \
        int16_t *output_data
#define ARM_NN_DW_SIZE_ARGS                                                                                            \
    const cmsis_nn_dw_conv_params *dw_conv_params, const cmsis_nn_dims *input_dims,                                    \
        const cmsis_nn_dims *filter_dims, const cmsis_nn_dims *output_dims
#define ARM_NN_CONV_S16_ARGS                                                                                           \
    const cmsis_nn_context *ctx, const cmsis_nn_conv_params *conv_params,                                              \
        const cmsis_nn_per_channel_quant_params *quant_params, const cmsis_nn_dims *input_dims,                        \
        const int16_t *input_data, const cmsis_nn_dims *filter_dims, const int8_t *filter_data,                        \
        const cmsis_nn_dims *bias_dims, const cmsis_nn_bias_data *bias_data, const cmsis_nn_dims *output_dims,         \
        int16_t *output_data
#define ARM_NN_TRANSPOSE_CONV_S8_ARGS                                                                                  \
    const cmsis_nn_context *ctx, const cmsis_nn_context *output_ctx,                                                   \
        const cmsis_nn_transpose_conv_params *transpose_conv_params,                                                   \
        const cmsis_nn_per_channel_quant_params *quant_params, const cmsis_nn_dims *input_dims,                        \
        const int8_t *input_data, const cmsis_nn_dims *filter_dims, const int8_t *filter_data,                         \
        const cmsis_nn_dims *bias_dims, const int32_t *bias_data, const cmsis_nn_dims *output_dims,                    \
        int8_t *output_data
#define ARM_NN_POOL_ARGS(T)                                                                                            \
    const cmsis_nn_context *ctx, const cmsis_nn_pool_params *pool_params, const cmsis_nn_dims *input_dims,             \
        const T *input_data, const cmsis_nn_dims *filter_dims, const cmsis_nn_dims *output_dims, T *output_data
#define ARM_NN_ADD_ARGS(T)                                                                                             \
    const T *input_1_vect, const T *input_2_vect, const int32_t input_1_offset, const int32_t input_1_mult,            \
        const int32_t input_1_shift, const int32_t input_2_offset, const int32_t input_2_mult,                         \
        const int32_t input_2_shift, const int32_t left_shift, T *output, const int32_t out_offset,                    \
        const int32_t out_mult, const int32_t out_shift, const int32_t out_activation_min,                             \
        const int32_t out_activation_max, const int32_t block_size
#define ARM_NN_MUL_ARGS(T)                                                                                             \
    const T *input_1_vect, const T *input_2_vect, const int32_t input_1_offset, const int32_t input_2_offset,          \
        T *output, const int32_t out_offset, const int32_t out_mult, const int32_t out_shift,                          \
        const int32_t out_activation_min, const int32_t out_activation_max, const int32_t block_size

/* ---- Convolution (int8, int4 weights, 16x8). Grouped when filter_dims->c != input_dims->c. ---- */
/* The wrappers run cmnn's fastest conv variant for the shape (1x1, 1xN and general are one op). */
arm_cmsis_nn_status arm_convolve_wrapper_s8(ARM_NN_CONV_S8_ARGS);
arm_cmsis_nn_status arm_convolve_wrapper_s4(ARM_NN_CONV_S8_ARGS); /* filter_data: int4 packed, low nibble first */
arm_cmsis_nn_status arm_convolve_wrapper_s16(ARM_NN_CONV_S16_ARGS);
int32_t arm_convolve_wrapper_s8_get_buffer_size(ARM_NN_CONV_SIZE_ARGS);
int32_t arm_convolve_wrapper_s8_get_buffer_size_dsp(ARM_NN_CONV_SIZE_ARGS);
int32_t arm_convolve_wrapper_s8_get_buffer_size_mve(ARM_NN_CONV_SIZE_ARGS);
int32_t arm_convolve_wrapper_s4_get_buffer_size(ARM_NN_CONV_SIZE_ARGS);
int32_t arm_convolve_wrapper_s4_get_buffer_size_dsp(ARM_NN_CONV_SIZE_ARGS);
int32_t arm_convolve_wrapper_s4_get_buffer_size_mve(ARM_NN_CONV_SIZE_ARGS);
int32_t arm_convolve_wrapper_s16_get_buffer_size(ARM_NN_CONV_SIZE_ARGS);
int32_t arm_convolve_wrapper_s16_get_buffer_size_dsp(ARM_NN_CONV_SIZE_ARGS);
int32_t arm_convolve_wrapper_s16_get_buffer_size_mve(ARM_NN_CONV_SIZE_ARGS);

/* upscale_dims: NULL or h = w = 1 (the zero-inserting upscale of CMSIS-NN's transpose path is
 * not provided: ARM_CMSIS_NN_NO_IMPL_ERROR). */
arm_cmsis_nn_status arm_convolve_s8(const cmsis_nn_context *ctx,
                                    const cmsis_nn_conv_params *conv_params,
                                    const cmsis_nn_per_channel_quant_params *quant_params,
                                    const cmsis_nn_dims *input_dims,
                                    const int8_t *input_data,
                                    const cmsis_nn_dims *filter_dims,
                                    const int8_t *filter_data,
                                    const cmsis_nn_dims *bias_dims,
                                    const int32_t *bias_data,
                                    const cmsis_nn_dims *upscale_dims,
                                    const cmsis_nn_dims *output_dims,
                                    int8_t *output_data);
arm_cmsis_nn_status arm_convolve_s4(ARM_NN_CONV_S8_ARGS);
arm_cmsis_nn_status arm_convolve_even_s4(ARM_NN_CONV_S8_ARGS);
arm_cmsis_nn_status arm_convolve_s16(ARM_NN_CONV_S16_ARGS);
arm_cmsis_nn_status arm_convolve_1x1_s8_fast(ARM_NN_CONV_S8_ARGS);
arm_cmsis_nn_status arm_convolve_1x1_s8(ARM_NN_CONV_S8_ARGS);
arm_cmsis_nn_status arm_convolve_1x1_s4_fast(ARM_NN_CONV_S8_ARGS);
arm_cmsis_nn_status arm_convolve_1x1_s4(ARM_NN_CONV_S8_ARGS);
arm_cmsis_nn_status arm_convolve_1_x_n_s8(ARM_NN_CONV_S8_ARGS);
arm_cmsis_nn_status arm_convolve_1_x_n_s4(ARM_NN_CONV_S8_ARGS);
/* The sizes below see only part of the shape; they return the most cmnn's variant may need over
 * the shapes those dimensions allow (stride 1, no padding, as many output pixels as input). */
int32_t arm_convolve_s8_get_buffer_size(const cmsis_nn_dims *input_dims, const cmsis_nn_dims *filter_dims);
int32_t arm_convolve_s4_get_buffer_size(const cmsis_nn_dims *input_dims, const cmsis_nn_dims *filter_dims);
int32_t arm_convolve_s16_get_buffer_size(const cmsis_nn_dims *input_dims, const cmsis_nn_dims *filter_dims);
int32_t arm_convolve_1x1_s8_fast_get_buffer_size(const cmsis_nn_dims *input_dims);
int32_t arm_convolve_1x1_s4_fast_get_buffer_size(const cmsis_nn_dims *input_dims);
int32_t arm_convolve_1_x_n_s8_get_buffer_size(ARM_NN_CONV_SIZE_ARGS);
int32_t arm_convolve_1_x_n_s4_get_buffer_size(ARM_NN_CONV_SIZE_ARGS);

/* ---- Transposed convolution (int8). padding_offsets is ignored: the output size implies it. ---- */
arm_cmsis_nn_status arm_transpose_conv_wrapper_s8(ARM_NN_TRANSPOSE_CONV_S8_ARGS);
arm_cmsis_nn_status arm_transpose_conv_s8(ARM_NN_TRANSPOSE_CONV_S8_ARGS);
int32_t arm_transpose_conv_s8_get_buffer_size(const cmsis_nn_transpose_conv_params *transposed_conv_params,
                                              const cmsis_nn_dims *input_dims,
                                              const cmsis_nn_dims *filter_dims,
                                              const cmsis_nn_dims *out_dims);
int32_t arm_transpose_conv_s8_get_buffer_size_mve(const cmsis_nn_transpose_conv_params *transposed_conv_params,
                                                  const cmsis_nn_dims *input_dims,
                                                  const cmsis_nn_dims *filter_dims,
                                                  const cmsis_nn_dims *out_dims);
/* Size of output_ctx (CMSIS-NN's reverse-conv path); cmnn needs none: 0. */
int32_t arm_transpose_conv_s8_get_reverse_conv_buffer_size(const cmsis_nn_transpose_conv_params *transposed_conv_params,
                                                           const cmsis_nn_dims *input_dims,
                                                           const cmsis_nn_dims *filter_dims);

/* ---- Depthwise convolution ---- */
arm_cmsis_nn_status arm_depthwise_conv_wrapper_s8(ARM_NN_DW_S8_ARGS);
arm_cmsis_nn_status arm_depthwise_conv_wrapper_s4(ARM_NN_DW_S8_ARGS); /* filter_data: int4 packed */
arm_cmsis_nn_status arm_depthwise_conv_wrapper_s16(ARM_NN_DW_S16_ARGS);
int32_t arm_depthwise_conv_wrapper_s8_get_buffer_size(ARM_NN_DW_SIZE_ARGS);
int32_t arm_depthwise_conv_wrapper_s8_get_buffer_size_dsp(ARM_NN_DW_SIZE_ARGS);
int32_t arm_depthwise_conv_wrapper_s8_get_buffer_size_mve(ARM_NN_DW_SIZE_ARGS);
int32_t arm_depthwise_conv_wrapper_s4_get_buffer_size(ARM_NN_DW_SIZE_ARGS);
int32_t arm_depthwise_conv_wrapper_s4_get_buffer_size_dsp(ARM_NN_DW_SIZE_ARGS);
int32_t arm_depthwise_conv_wrapper_s4_get_buffer_size_mve(ARM_NN_DW_SIZE_ARGS);
int32_t arm_depthwise_conv_wrapper_s16_get_buffer_size(ARM_NN_DW_SIZE_ARGS);
int32_t arm_depthwise_conv_wrapper_s16_get_buffer_size_dsp(ARM_NN_DW_SIZE_ARGS);
int32_t arm_depthwise_conv_wrapper_s16_get_buffer_size_mve(ARM_NN_DW_SIZE_ARGS);
arm_cmsis_nn_status arm_depthwise_conv_s8(ARM_NN_DW_S8_ARGS);
arm_cmsis_nn_status arm_depthwise_conv_s8_opt(ARM_NN_DW_S8_ARGS);
arm_cmsis_nn_status arm_depthwise_conv_3x3_s8(ARM_NN_DW_S8_ARGS);
arm_cmsis_nn_status arm_depthwise_conv_s4(ARM_NN_DW_S8_ARGS);
arm_cmsis_nn_status arm_depthwise_conv_s4_opt(ARM_NN_DW_S8_ARGS);
arm_cmsis_nn_status arm_depthwise_conv_s16(ARM_NN_DW_S16_ARGS);
arm_cmsis_nn_status arm_depthwise_conv_fast_s16(ARM_NN_DW_S16_ARGS);
/* Partial shapes as arm_convolve_s8_get_buffer_size. */
int32_t arm_depthwise_conv_s8_opt_get_buffer_size(const cmsis_nn_dims *input_dims, const cmsis_nn_dims *filter_dims);
int32_t arm_depthwise_conv_s4_opt_get_buffer_size(const cmsis_nn_dims *input_dims, const cmsis_nn_dims *filter_dims);
int32_t arm_depthwise_conv_fast_s16_get_buffer_size(const cmsis_nn_dims *input_dims, const cmsis_nn_dims *filter_dims);

/* ---- Fully connected. quant_params per tensor unless named per channel. ---- */
arm_cmsis_nn_status arm_fully_connected_s8(const cmsis_nn_context *ctx,
                                           const cmsis_nn_fc_params *fc_params,
                                           const cmsis_nn_per_tensor_quant_params *quant_params,
                                           const cmsis_nn_dims *input_dims,
                                           const int8_t *input_data,
                                           const cmsis_nn_dims *filter_dims,
                                           const int8_t *filter_data,
                                           const cmsis_nn_dims *bias_dims,
                                           const int32_t *bias_data,
                                           const cmsis_nn_dims *output_dims,
                                           int8_t *output_data);
arm_cmsis_nn_status arm_fully_connected_per_channel_s8(const cmsis_nn_context *ctx,
                                                       const cmsis_nn_fc_params *fc_params,
                                                       const cmsis_nn_per_channel_quant_params *quant_params,
                                                       const cmsis_nn_dims *input_dims,
                                                       const int8_t *input_data,
                                                       const cmsis_nn_dims *filter_dims,
                                                       const int8_t *filter_data,
                                                       const cmsis_nn_dims *bias_dims,
                                                       const int32_t *bias_data,
                                                       const cmsis_nn_dims *output_dims,
                                                       int8_t *output_data);
arm_cmsis_nn_status arm_fully_connected_wrapper_s8(const cmsis_nn_context *ctx,
                                                   const cmsis_nn_fc_params *fc_params,
                                                   const cmsis_nn_quant_params *quant_params,
                                                   const cmsis_nn_dims *input_dims,
                                                   const int8_t *input_data,
                                                   const cmsis_nn_dims *filter_dims,
                                                   const int8_t *filter_data,
                                                   const cmsis_nn_dims *bias_dims,
                                                   const int32_t *bias_data,
                                                   const cmsis_nn_dims *output_dims,
                                                   int8_t *output_data);
/* filter_data: int4 packed two per byte, low nibble first, over the flat [out][in] array. */
arm_cmsis_nn_status arm_fully_connected_s4(const cmsis_nn_context *ctx,
                                           const cmsis_nn_fc_params *fc_params,
                                           const cmsis_nn_per_tensor_quant_params *quant_params,
                                           const cmsis_nn_dims *input_dims,
                                           const int8_t *input_data,
                                           const cmsis_nn_dims *filter_dims,
                                           const int8_t *filter_data,
                                           const cmsis_nn_dims *bias_dims,
                                           const int32_t *bias_data,
                                           const cmsis_nn_dims *output_dims,
                                           int8_t *output_data);
arm_cmsis_nn_status arm_fully_connected_s16(const cmsis_nn_context *ctx,
                                            const cmsis_nn_fc_params *fc_params,
                                            const cmsis_nn_per_tensor_quant_params *quant_params,
                                            const cmsis_nn_dims *input_dims,
                                            const int16_t *input_data,
                                            const cmsis_nn_dims *filter_dims,
                                            const int8_t *filter_data,
                                            const cmsis_nn_dims *bias_dims,
                                            const int64_t *bias_data,
                                            const cmsis_nn_dims *output_dims,
                                            int16_t *output_data);
/* The fully connected buffer: cmnn's scratch, and at least output depth int32 values, because
 * callers (TFLM) store arm_vector_sum_s8's kernel sums there first; cmnn does not read them. */
int32_t arm_fully_connected_s8_get_buffer_size(const cmsis_nn_dims *filter_dims);
int32_t arm_fully_connected_s8_get_buffer_size_dsp(const cmsis_nn_dims *filter_dims);
int32_t arm_fully_connected_s8_get_buffer_size_mve(const cmsis_nn_dims *filter_dims);
int32_t arm_fully_connected_s16_get_buffer_size(const cmsis_nn_dims *filter_dims);
int32_t arm_fully_connected_s16_get_buffer_size_dsp(const cmsis_nn_dims *filter_dims);
int32_t arm_fully_connected_s16_get_buffer_size_mve(const cmsis_nn_dims *filter_dims);
/* sum[r] = bias[r] + lhs_offset * (sum_c data[r][c] + vector_cols * rhs_offset) in wrapping int32
 * (bias 0 when NULL; sum[r] = bias[r] when lhs_offset is 0); the s64 form with rhs_offset 0. */
arm_cmsis_nn_status arm_vector_sum_s8(int32_t *vector_sum_buf,
                                      const int32_t vector_cols,
                                      const int32_t vector_rows,
                                      const int8_t *vector_data,
                                      const int32_t lhs_offset,
                                      const int32_t rhs_offset,
                                      const int32_t *bias_data);
arm_cmsis_nn_status arm_vector_sum_s8_s64(int64_t *vector_sum_buf,
                                          const int32_t vector_cols,
                                          const int32_t vector_rows,
                                          const int8_t *vector_data,
                                          const int32_t lhs_offset,
                                          const int64_t *bias_data);

/* ---- Batch matmul: input_lhs [n][h][rows][depth], input_rhs transposed [n][h][cols][depth]; n and h
 * broadcast (1 against the other side's). As in CMSIS-NN the adjoint flags are not read: the caller
 * (TFLM) transposes the operands first. ctx->buf: output_dims->c int32 values, or NULL. ---- */
arm_cmsis_nn_status arm_batch_matmul_s8(const cmsis_nn_context *ctx,
                                        const cmsis_nn_bmm_params *bmm_params,
                                        const cmsis_nn_per_tensor_quant_params *quant_params,
                                        const cmsis_nn_dims *input_lhs_dims,
                                        const int8_t *input_lhs,
                                        const cmsis_nn_dims *input_rhs_dims,
                                        const int8_t *input_rhs,
                                        const cmsis_nn_dims *output_dims,
                                        int8_t *output);
arm_cmsis_nn_status arm_batch_matmul_s16(const cmsis_nn_context *ctx,
                                         const cmsis_nn_bmm_params *bmm_params,
                                         const cmsis_nn_per_tensor_quant_params *quant_params,
                                         const cmsis_nn_dims *input_lhs_dims,
                                         const int16_t *input_lhs,
                                         const cmsis_nn_dims *input_rhs_dims,
                                         const int16_t *input_rhs,
                                         const cmsis_nn_dims *output_dims,
                                         int16_t *output);

/* ---- Elementwise ---- */
arm_cmsis_nn_status arm_elementwise_add_s8(ARM_NN_ADD_ARGS(int8_t));
arm_cmsis_nn_status arm_elementwise_add_s16(ARM_NN_ADD_ARGS(int16_t));
arm_cmsis_nn_status arm_elementwise_mul_s8(ARM_NN_MUL_ARGS(int8_t));
arm_cmsis_nn_status arm_elementwise_mul_s16(ARM_NN_MUL_ARGS(int16_t));
/* 4-D broadcasting (a dimension of 1 against the output's); ctx is unused. */
arm_cmsis_nn_status arm_maximum_s8(const cmsis_nn_context *ctx,
                                   const int8_t *input_1_data,
                                   const cmsis_nn_dims *input_1_dims,
                                   const int8_t *input_2_data,
                                   const cmsis_nn_dims *input_2_dims,
                                   int8_t *output_data,
                                   const cmsis_nn_dims *output_dims);
arm_cmsis_nn_status arm_minimum_s8(const cmsis_nn_context *ctx,
                                   const int8_t *input_1_data,
                                   const cmsis_nn_dims *input_1_dims,
                                   const int8_t *input_2_data,
                                   const cmsis_nn_dims *input_2_dims,
                                   int8_t *output_data,
                                   const cmsis_nn_dims *output_dims);

/* ---- Activations (in place) ---- */
void arm_relu_q7(int8_t *data, uint16_t size);
void arm_relu_q15(int16_t *data, uint16_t size);
void arm_relu6_s8(int8_t *data, uint16_t size);

/* ---- Pooling. filter_dims->h/w: the window. ---- */
arm_cmsis_nn_status arm_avgpool_s8(ARM_NN_POOL_ARGS(int8_t));
arm_cmsis_nn_status arm_avgpool_s16(ARM_NN_POOL_ARGS(int16_t));
arm_cmsis_nn_status arm_max_pool_s8(ARM_NN_POOL_ARGS(int8_t));
arm_cmsis_nn_status arm_max_pool_s16(ARM_NN_POOL_ARGS(int16_t));
int32_t arm_avgpool_s8_get_buffer_size(const int dim_dst_width, const int ch_src);
int32_t arm_avgpool_s8_get_buffer_size_dsp(const int dim_dst_width, const int ch_src);
int32_t arm_avgpool_s8_get_buffer_size_mve(const int dim_dst_width, const int ch_src);
int32_t arm_avgpool_s16_get_buffer_size(const int dim_dst_width, const int ch_src);
int32_t arm_avgpool_s16_get_buffer_size_dsp(const int dim_dst_width, const int ch_src);
int32_t arm_avgpool_s16_get_buffer_size_mve(const int dim_dst_width, const int ch_src);

/* ---- Softmax over rows. The void forms write nothing when arguments are invalid. ---- */
void arm_softmax_s8(const int8_t *input,
                    const int32_t num_rows,
                    const int32_t row_size,
                    const int32_t mult,
                    const int32_t shift,
                    const int32_t diff_min,
                    int8_t *output);
void arm_softmax_s8_s16(const int8_t *input,
                        const int32_t num_rows,
                        const int32_t row_size,
                        const int32_t mult,
                        const int32_t shift,
                        const int32_t diff_min,
                        int16_t *output);
/* softmax_params must be non-NULL; cmnn uses its built-in copies of TFLM's two tables. */
arm_cmsis_nn_status arm_softmax_s16(const int16_t *input,
                                    const int32_t num_rows,
                                    const int32_t row_size,
                                    const int32_t mult,
                                    const int32_t shift,
                                    const cmsis_nn_softmax_lut_s16 *softmax_params,
                                    int16_t *output);

/* ---- Data movement ---- */
void arm_reshape_s8(const int8_t *input, int8_t *output, const uint32_t total_size);
arm_cmsis_nn_status arm_transpose_s8(const int8_t *input_data,
                                     int8_t *const output_data,
                                     const cmsis_nn_dims *const input_dims,
                                     const cmsis_nn_dims *const output_dims,
                                     const cmsis_nn_transpose_params *const transpose_params);
arm_cmsis_nn_status arm_pad_s8(const int8_t *input,
                               int8_t *output,
                               const int8_t pad_value,
                               const cmsis_nn_dims *input_size,
                               const cmsis_nn_dims *pre_pad,
                               const cmsis_nn_dims *post_pad);

/* ---- SVDF (one time step). ctx->buf: arm_svdf_s8_get_buffer_size() bytes holding
 * arm_vector_sum_s8(weights_feature, lhs_offset = -input zero point, rhs_offset = -state zero
 * point), as TFLM stores them: cmnn reads the state zero point back from them (the params carry
 * none) and otherwise uses input_ctx as its scratch. ---- */
arm_cmsis_nn_status arm_svdf_s8(const cmsis_nn_context *ctx,
                                const cmsis_nn_context *input_ctx,
                                const cmsis_nn_context *output_ctx,
                                const cmsis_nn_svdf_params *svdf_params,
                                const cmsis_nn_per_tensor_quant_params *input_quant_params,
                                const cmsis_nn_per_tensor_quant_params *output_quant_params,
                                const cmsis_nn_dims *input_dims,
                                const int8_t *input_data,
                                const cmsis_nn_dims *state_dims,
                                int8_t *state_data,
                                const cmsis_nn_dims *weights_feature_dims,
                                const int8_t *weights_feature_data,
                                const cmsis_nn_dims *weights_time_dims,
                                const int8_t *weights_time_data,
                                const cmsis_nn_dims *bias_dims,
                                const int32_t *bias_data,
                                const cmsis_nn_dims *output_dims,
                                int8_t *output_data);
arm_cmsis_nn_status arm_svdf_state_s16_s8(const cmsis_nn_context *input_ctx,
                                          const cmsis_nn_context *output_ctx,
                                          const cmsis_nn_svdf_params *svdf_params,
                                          const cmsis_nn_per_tensor_quant_params *input_quant_params,
                                          const cmsis_nn_per_tensor_quant_params *output_quant_params,
                                          const cmsis_nn_dims *input_dims,
                                          const int8_t *input_data,
                                          const cmsis_nn_dims *state_dims,
                                          int16_t *state_data,
                                          const cmsis_nn_dims *weights_feature_dims,
                                          const int8_t *weights_feature_data,
                                          const cmsis_nn_dims *weights_time_dims,
                                          const int16_t *weights_time_data,
                                          const cmsis_nn_dims *bias_dims,
                                          const int32_t *bias_data,
                                          const cmsis_nn_dims *output_dims,
                                          int8_t *output_data);
int32_t arm_svdf_s8_get_buffer_size(const cmsis_nn_dims *filter_dims);
int32_t arm_svdf_s8_get_buffer_size_dsp(const cmsis_nn_dims *filter_dims);
int32_t arm_svdf_s8_get_buffer_size_mve(const cmsis_nn_dims *filter_dims);

/* ---- LSTM (no peephole, projection or layer norm; cell gate tanh, the others sigmoid).
 * hidden_state NULL: the cell state is zeroed and the sequence starts from a zero hidden state. */
arm_cmsis_nn_status arm_lstm_unidirectional_s8(const int8_t *input,
                                               int8_t *output,
                                               const cmsis_nn_lstm_params *params,
                                               cmsis_nn_lstm_context *buffers);
arm_cmsis_nn_status arm_lstm_unidirectional_s16(const int16_t *input,
                                                int16_t *output,
                                                const cmsis_nn_lstm_params *params,
                                                cmsis_nn_lstm_context *buffers);

/* ==== Legacy q7/q15 API (CMSIS-NN 3.x names, the CMSIS-NN paper's functions) over cmnn's
 * src/legacy. Square forms take dim_* for both axes. bufferA: q15 scratch of
 * 2 * ch_im_in * dim_kernel_x * dim_kernel_y values (fast/RGB/1x1 forms), NULL for the basic forms;
 * bufferB unused. out = sat(((bias << bias_shift) + round + sum) >> out_shift). ==== */
#define ARM_NN_LEGACY_CONV_ARGS(T)                                                                                     \
    const T *Im_in, const uint16_t dim_im_in, const uint16_t ch_im_in, const T *wt, const uint16_t ch_im_out,          \
        const uint16_t dim_kernel, const uint16_t padding, const uint16_t stride, const T *bias,                       \
        const uint16_t bias_shift, const uint16_t out_shift, T *Im_out, const uint16_t dim_im_out, q15_t *bufferA,     \
        q7_t *bufferB
#define ARM_NN_LEGACY_CONV_NONSQUARE_ARGS(T)                                                                           \
    const T *Im_in, const uint16_t dim_im_in_x, const uint16_t dim_im_in_y, const uint16_t ch_im_in, const T *wt,      \
        const uint16_t ch_im_out, const uint16_t dim_kernel_x, const uint16_t dim_kernel_y, const uint16_t padding_x,  \
        const uint16_t padding_y, const uint16_t stride_x, const uint16_t stride_y, const T *bias,                     \
        const uint16_t bias_shift, const uint16_t out_shift, T *Im_out, const uint16_t dim_im_out_x,                   \
        const uint16_t dim_im_out_y, q15_t *bufferA, q7_t *bufferB

arm_cmsis_nn_status arm_convolve_HWC_q7_basic(ARM_NN_LEGACY_CONV_ARGS(q7_t));
arm_cmsis_nn_status arm_convolve_HWC_q7_basic_nonsquare(ARM_NN_LEGACY_CONV_NONSQUARE_ARGS(q7_t));
arm_cmsis_nn_status arm_convolve_HWC_q7_fast(ARM_NN_LEGACY_CONV_ARGS(q7_t));
arm_cmsis_nn_status arm_convolve_HWC_q7_fast_nonsquare(ARM_NN_LEGACY_CONV_NONSQUARE_ARGS(q7_t));
arm_cmsis_nn_status arm_convolve_HWC_q7_RGB(ARM_NN_LEGACY_CONV_ARGS(q7_t));
arm_cmsis_nn_status arm_convolve_1x1_HWC_q7_fast_nonsquare(ARM_NN_LEGACY_CONV_NONSQUARE_ARGS(q7_t));
arm_cmsis_nn_status arm_convolve_HWC_q15_basic(ARM_NN_LEGACY_CONV_ARGS(q15_t));
arm_cmsis_nn_status arm_convolve_HWC_q15_fast(ARM_NN_LEGACY_CONV_ARGS(q15_t));
arm_cmsis_nn_status arm_convolve_HWC_q15_fast_nonsquare(ARM_NN_LEGACY_CONV_NONSQUARE_ARGS(q15_t));
/* ch_im_out must equal ch_im_in. */
arm_cmsis_nn_status arm_depthwise_separable_conv_HWC_q7(ARM_NN_LEGACY_CONV_ARGS(q7_t));
arm_cmsis_nn_status arm_depthwise_separable_conv_HWC_q7_nonsquare(ARM_NN_LEGACY_CONV_NONSQUARE_ARGS(q7_t));

/* pM row-major [num_of_rows][dim_vec]; the _opt forms take it interleaved (CMSIS-NN's documented
 * layouts). vec_buffer: dim_vec q15 values for the q7-vector forms, unused otherwise. */
#define ARM_NN_LEGACY_FC_ARGS(V, M, B, O)                                                                              \
    const V *pV, const M *pM, const uint16_t dim_vec, const uint16_t num_of_rows, const uint16_t bias_shift,           \
        const uint16_t out_shift, const B *bias, O *pOut, q15_t *vec_buffer
arm_cmsis_nn_status arm_fully_connected_q7(ARM_NN_LEGACY_FC_ARGS(q7_t, q7_t, q7_t, q7_t));
arm_cmsis_nn_status arm_fully_connected_q7_opt(ARM_NN_LEGACY_FC_ARGS(q7_t, q7_t, q7_t, q7_t));
arm_cmsis_nn_status arm_fully_connected_q15(ARM_NN_LEGACY_FC_ARGS(q15_t, q15_t, q15_t, q15_t));
arm_cmsis_nn_status arm_fully_connected_q15_opt(ARM_NN_LEGACY_FC_ARGS(q15_t, q15_t, q15_t, q15_t));
arm_cmsis_nn_status arm_fully_connected_mat_q7_vec_q15(ARM_NN_LEGACY_FC_ARGS(q15_t, q7_t, q7_t, q15_t));
arm_cmsis_nn_status arm_fully_connected_mat_q7_vec_q15_opt(ARM_NN_LEGACY_FC_ARGS(q15_t, q7_t, q7_t, q15_t));

/* int_width: integer bits of the input (0..3). In place. */
void arm_nn_activations_direct_q7(q7_t *data, uint16_t size, uint16_t int_width, arm_nn_activation_type type);
void arm_nn_activations_direct_q15(q15_t *data, uint16_t size, uint16_t int_width, arm_nn_activation_type type);

/* Square pooling; Im_in is not modified (CMSIS-NN used it as scratch); bufferA unused. */
void arm_maxpool_q7_HWC(q7_t *Im_in,
                        const uint16_t dim_im_in,
                        const uint16_t ch_im_in,
                        const uint16_t dim_kernel,
                        const uint16_t padding,
                        const uint16_t stride,
                        const uint16_t dim_im_out,
                        q7_t *bufferA,
                        q7_t *Im_out);
void arm_avepool_q7_HWC(q7_t *Im_in,
                        const uint16_t dim_im_in,
                        const uint16_t ch_im_in,
                        const uint16_t dim_kernel,
                        const uint16_t padding,
                        const uint16_t stride,
                        const uint16_t dim_im_out,
                        q7_t *bufferA,
                        q7_t *Im_out);

/* Base-2 softmax of the legacy API. */
void arm_softmax_q7(const q7_t *vec_in, const uint16_t dim_vec, q7_t *p_out);
void arm_softmax_with_batch_q7(const q7_t *vec_in, const uint16_t nb_batches, const uint16_t dim_vec, q7_t *p_out);
void arm_softmax_q15(const q15_t *vec_in, const uint16_t dim_vec, q15_t *p_out);

#ifdef __cplusplus
}
#endif

#endif /* ARM_NNFUNCTIONS_H */

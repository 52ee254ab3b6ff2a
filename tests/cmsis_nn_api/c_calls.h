/* Calls into the CMSIS-NN API made from C (c_calls.c), so the test proves the headers and the
 * library work from a C translation unit: structs filled positionally and by designator. */
#ifndef CMNN_TESTS_CMSIS_NN_API_C_CALLS_H
#define CMNN_TESTS_CMSIS_NN_API_C_CALLS_H

#include "arm_nnfunctions.h"

#ifdef __cplusplus
extern "C" {
#endif

/* One int8 convolution as plain numbers (a vector case's config). */
struct c_conv_case {
    int32_t batches, in_h, in_w, in_c, out_h, out_w, out_c, filter_h, filter_w, filter_c;
    int32_t stride_h, stride_w, pad_h, pad_w, dilation_h, dilation_w;
    int32_t input_offset, output_offset, act_min, act_max;
    int32_t *multiplier, *shift;
    const int8_t *input, *filter;
    const int32_t *bias;
};

int32_t c_conv_wrapper_s8_buffer_size(const struct c_conv_case *c);
arm_cmsis_nn_status c_conv_wrapper_s8(const struct c_conv_case *c, void *buffer, int8_t *output);

/* One int8 batch matmul: lhs [n][h][rows][depth], rhs transposed [n][h][cols][depth]. */
arm_cmsis_nn_status c_batch_matmul_s8(const int32_t lhs_dims[4], const int8_t *lhs, const int32_t rhs_dims[4],
                                      const int8_t *rhs, const int32_t out_dims[4], int8_t *out, int32_t lhs_offset,
                                      int32_t rhs_offset, int32_t out_offset, int32_t multiplier, int32_t shift,
                                      int32_t act_min, int32_t act_max, void *buffer);

#ifdef __cplusplus
}
#endif

#endif

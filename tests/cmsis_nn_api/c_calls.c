/* C callers of the CMSIS-NN API (see c_calls.h). Compiled as C99 or later. */
#include "c_calls.h"

#include <stddef.h>

static void fill_conv(const struct c_conv_case *c, cmsis_nn_conv_params *p, cmsis_nn_dims *in, cmsis_nn_dims *f,
                      cmsis_nn_dims *out)
{
    p->input_offset = c->input_offset;
    p->output_offset = c->output_offset;
    p->stride.h = c->stride_h;
    p->stride.w = c->stride_w;
    p->padding.h = c->pad_h;
    p->padding.w = c->pad_w;
    p->dilation.h = c->dilation_h;
    p->dilation.w = c->dilation_w;
    p->activation.min = c->act_min;
    p->activation.max = c->act_max;
    *in = (cmsis_nn_dims){c->batches, c->in_h, c->in_w, c->in_c};
    *f = (cmsis_nn_dims){.n = c->out_c, .h = c->filter_h, .w = c->filter_w, .c = c->filter_c};
    *out = (cmsis_nn_dims){c->batches, c->out_h, c->out_w, c->out_c};
}

int32_t c_conv_wrapper_s8_buffer_size(const struct c_conv_case *c)
{
    cmsis_nn_conv_params p;
    cmsis_nn_dims in, f, out;
    fill_conv(c, &p, &in, &f, &out);
    return arm_convolve_wrapper_s8_get_buffer_size(&p, &in, &f, &out);
}

arm_cmsis_nn_status c_conv_wrapper_s8(const struct c_conv_case *c, void *buffer, int8_t *output)
{
    cmsis_nn_conv_params p;
    cmsis_nn_dims in, f, out;
    fill_conv(c, &p, &in, &f, &out);
    const cmsis_nn_dims bias_dims = {1, 1, 1, c->out_c};
    const cmsis_nn_per_channel_quant_params q = {c->multiplier, c->shift};
    const cmsis_nn_context ctx = {buffer, 0}; /* size 0: the buffer holds the get_buffer_size() bytes */
    return arm_convolve_wrapper_s8(&ctx, &p, &q, &in, c->input, &f, c->filter, &bias_dims, c->bias, &out, output);
}

arm_cmsis_nn_status c_batch_matmul_s8(const int32_t lhs_dims[4], const int8_t *lhs, const int32_t rhs_dims[4],
                                      const int8_t *rhs, const int32_t out_dims[4], int8_t *out, int32_t lhs_offset,
                                      int32_t rhs_offset, int32_t out_offset, int32_t multiplier, int32_t shift,
                                      int32_t act_min, int32_t act_max, void *buffer)
{
    /* const members (adj_x, adj_y) are set by the initializer, as TFLM does. */
    const cmsis_nn_bmm_params bmm = {false, false, {lhs_offset, rhs_offset, out_offset, {act_min, act_max}}};
    const cmsis_nn_per_tensor_quant_params q = {multiplier, shift};
    const cmsis_nn_dims l = {lhs_dims[0], lhs_dims[1], lhs_dims[2], lhs_dims[3]};
    const cmsis_nn_dims r = {rhs_dims[0], rhs_dims[1], rhs_dims[2], rhs_dims[3]};
    const cmsis_nn_dims o = {out_dims[0], out_dims[1], out_dims[2], out_dims[3]};
    const cmsis_nn_context ctx = {buffer, 0};
    return arm_batch_matmul_s8(&ctx, &bmm, &q, &l, lhs, &r, rhs, &o, out);
}

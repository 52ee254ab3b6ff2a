/* CMSIS-NN's public types (the API of CMSIS-NN at commit 4ab83cc3, the one tflite-micro 90b983c2
 * pins), implemented by cmnn. Field names, order and meaning follow the published header because
 * callers (TFLM's cmsis_nn kernels) fill several of these structs positionally. Plain C; also
 * valid C++. Written for cmnn; see docs/cmsis-nn-api.md. */
#ifndef ARM_NN_TYPES_H
#define ARM_NN_TYPES_H

#include <stdbool.h>
#include <stdint.h>

/* Activation of an LSTM gate and of arm_nn_activation_s16 / arm_nn_activations_direct_q7/q15. */
typedef enum
{
    ARM_SIGMOID = 0,
    ARM_TANH = 1,
} arm_nn_activation_type;

/* Returned by every function that can fail; nothing is written when an argument is rejected. */
typedef enum
{
    ARM_CMSIS_NN_SUCCESS = 0,
    ARM_CMSIS_NN_ARG_ERROR = -1,     /* an argument is out of the function's contract */
    ARM_CMSIS_NN_NO_IMPL_ERROR = -2, /* valid, but no implementation for these arguments */
    ARM_CMSIS_NN_FAILURE = -3,
} arm_cmsis_nn_status;

typedef struct
{
    int32_t w;
    int32_t h;
} cmsis_nn_tile;

/* Caller-owned scratch. buf holds at least the function's *_get_buffer_size() bytes; size may be
 * 0 (TFLM leaves it 0): cmnn then trusts that contract. */
typedef struct
{
    void *buf;
    int32_t size;
} cmsis_nn_context;

typedef struct
{
    const void *data;         /* bias values, or NULL */
    const bool is_int32_bias; /* true: int32_t values, false: int64_t */
} cmsis_nn_bias_data;

/* n is the batch or, for filters, the output channels (see each function). */
typedef struct
{
    int32_t n;
    int32_t h;
    int32_t w;
    int32_t c;
} cmsis_nn_dims;

typedef struct
{
    int32_t max_time;
    int32_t num_inputs;
    int32_t num_batches;
    int32_t num_outputs;
} cmsis_nn_lstm_dims;

typedef struct
{
    int32_t *multiplier; /* one Q31 multiplier per output channel */
    int32_t *shift;      /* one shift per output channel, positive = left */
} cmsis_nn_per_channel_quant_params;

typedef struct
{
    int32_t multiplier;
    int32_t shift;
} cmsis_nn_per_tensor_quant_params;

typedef struct
{
    int32_t *multiplier;
    int32_t *shift;
    int32_t is_per_channel; /* non-zero: one entry per output channel, else one entry */
} cmsis_nn_quant_params;

typedef struct
{
    int32_t min;
    int32_t max;
} cmsis_nn_activation;

/* Offsets: input_offset is the negated input zero point, output_offset the output zero point. */
typedef struct
{
    int32_t input_offset;
    int32_t output_offset;
    cmsis_nn_tile stride;
    cmsis_nn_tile padding;
    cmsis_nn_tile dilation;
    cmsis_nn_activation activation;
} cmsis_nn_conv_params;

typedef struct
{
    int32_t input_offset;
    int32_t output_offset;
    cmsis_nn_tile stride;
    cmsis_nn_tile padding;
    cmsis_nn_tile padding_offsets;
    cmsis_nn_tile dilation;
    cmsis_nn_activation activation;
} cmsis_nn_transpose_conv_params;

typedef struct
{
    int32_t input_offset;
    int32_t output_offset;
    int32_t ch_mult; /* output channels = ch_mult * input channels */
    cmsis_nn_tile stride;
    cmsis_nn_tile padding;
    cmsis_nn_tile dilation;
    cmsis_nn_activation activation;
} cmsis_nn_dw_conv_params;

typedef struct
{
    cmsis_nn_tile stride;
    cmsis_nn_tile padding;
    cmsis_nn_activation activation;
} cmsis_nn_pool_params;

typedef struct
{
    int32_t input_offset;
    int32_t filter_offset;
    int32_t output_offset;
    cmsis_nn_activation activation;
} cmsis_nn_fc_params;

typedef struct
{
    const bool adj_x;
    const bool adj_y;
    cmsis_nn_fc_params fc_params;
} cmsis_nn_bmm_params;

typedef struct
{
    const int32_t num_dims;
    const uint32_t *permutations; /* output dimension i is input dimension permutations[i] */
} cmsis_nn_transpose_params;

typedef struct
{
    int32_t rank;
    int32_t input_offset; /* the input zero point (not negated, as TFLM passes it) */
    int32_t output_offset;
    cmsis_nn_activation input_activation;  /* clamp of new state values */
    cmsis_nn_activation output_activation;
} cmsis_nn_svdf_params;

/* TFLM's int16 softmax tables (513 entries each). */
typedef struct
{
    const int16_t *exp_lut;
    const int16_t *one_by_one_lut;
} cmsis_nn_softmax_lut_s16;

typedef struct
{
    int32_t multiplier;
    int32_t shift;
} cmsis_nn_scaling;

/* One LSTM gate. The effective biases are CMSIS-NN's precomputed kernel sums; cmnn reads the raw
 * weights and bias instead and ignores them. */
typedef struct
{
    int32_t input_multiplier;
    int32_t input_shift;
    const void *input_weights;
    const void *input_effective_bias;

    int32_t hidden_multiplier;
    int32_t hidden_shift;
    const void *hidden_weights;
    const void *hidden_effective_bias;

    const void *bias;
    arm_nn_activation_type activation_type;
} cmsis_nn_lstm_gate;

typedef struct
{
    int32_t time_major; /* 0: [batch][time][size], else [time][batch][size] */
    int32_t batch_size;
    int32_t time_steps;
    int32_t input_size;
    int32_t hidden_size;

    int32_t input_offset;

    int32_t forget_to_cell_multiplier;
    int32_t forget_to_cell_shift;
    int32_t input_to_cell_multiplier;
    int32_t input_to_cell_shift;
    int32_t cell_clip;
    int32_t cell_scale_power;

    int32_t output_multiplier;
    int32_t output_shift;
    int32_t output_offset;

    cmsis_nn_lstm_gate forget_gate;
    cmsis_nn_lstm_gate input_gate;
    cmsis_nn_lstm_gate cell_gate;
    cmsis_nn_lstm_gate output_gate;
} cmsis_nn_lstm_params;

/* temp1/temp2: batch_size * hidden_size int16 each; cell_state: batch_size * hidden_size int16;
 * hidden_state: NULL (start from zero state) or batch_size * hidden_size values, updated. */
typedef struct
{
    void *temp1;
    void *temp2;
    void *cell_state;
    void *hidden_state;
} cmsis_nn_lstm_context;

#endif /* ARM_NN_TYPES_H */

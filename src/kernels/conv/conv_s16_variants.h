// Variants of conv2d_s16 (internal), listed in the table of conv_s16_ref.cpp. run() may assume
// that conv2d_s16's checks passed and that supports() holds.
#pragma once
#include "cmnn/conv_s16.h"

namespace cmnn::conv {

bool s16_supports_any(const Conv2dParams& params);
size_t s16_no_scratch(const Conv2dParams& params);
// Bias, requantization and clamp of one output value from its int64 sum of products.
int16_t s16_finish(const Conv2dParams& params, const Conv2dS16Args& args, int32_t oc, int64_t sum);

// ref: the definition, int64 accumulation one value at a time.
Status s16_ref_run(const Conv2dParams& params, const Conv2dS16Args& args, void* scratch, size_t scratch_size);

// dsp: two output channels at a time straight from the NHWC input (no im2col), four products per
// two SMLADs on int16 input pairs against SXTB16-widened weights, int32 partial sums over at
// most 256 channels (cannot overflow) folded into int64.
size_t s16_dsp_scratch_bytes(const Conv2dParams& params);
Status s16_dsp_run(const Conv2dParams& params, const Conv2dS16Args& args, void* scratch, size_t scratch_size);

// mve (Helium): two output channels at a time straight from the NHWC input (no im2col, no
// scratch), 8 lanes per step (VLDRH + VLDRB.S16 + VMLALDAVA.S16 into exact int64 sums); with one
// group and no horizontal dilation each window row's in-bounds columns are one contiguous run.
Status s16_mve_run(const Conv2dParams& params, const Conv2dS16Args& args, void* scratch, size_t scratch_size);

}  // namespace cmnn::conv

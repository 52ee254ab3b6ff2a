// The depthwise tables' API (cmnn/op_api.h): the tables are listed in cmnn/depthwise.h, the checks
// in depthwise_check.cpp; everything else is the one table code of every op.
#include "cmnn/depthwise.h"
#include "kernels/op_table/op_table.h"

namespace cmnn {
namespace {
Status check_s8(const DepthwiseConvParams& p, const DepthwiseConvS8Args& a) { return depthwise_conv_check(p, a); }
Status check_s16(const DepthwiseConvParams& p, const DepthwiseConvS16Args& a) { return depthwise_conv_check(p, a); }
Status check_s4(const DepthwiseConvParams& p, const DepthwiseConvS4Args& a) { return depthwise_conv_check(p, a); }
}  // namespace

CMNN_DEFINE_OP_TABLE(depthwise_conv2d_s8, DepthwiseConvParams, DepthwiseConvS8Args, kDepthwiseConvS8Variants, check_s8)
CMNN_DEFINE_OP_TABLE(depthwise_conv2d_s16, DepthwiseConvParams, DepthwiseConvS16Args, kDepthwiseConvS16Variants,
                     check_s16)
CMNN_DEFINE_OP_TABLE(depthwise_conv2d_s4, DepthwiseConvParams, DepthwiseConvS4Args, kDepthwiseConvS4Variants, check_s4)

}  // namespace cmnn

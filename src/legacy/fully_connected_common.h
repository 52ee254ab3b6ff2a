// Parameter checks shared by the legacy fully connected functions.
#pragma once
#include "cmnn/legacy/types.h"

namespace cmnn::legacy::detail {

// dim_vec and rows in [1, 65535], non-null buffers, valid shifts.
Status check_fc(const void* vec, const void* wt, int dim_vec, int rows, const void* bias, Shifts shifts,
                const void* out);

}  // namespace cmnn::legacy::detail

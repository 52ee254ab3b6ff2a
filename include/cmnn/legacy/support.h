// Support functions of the paper's q7/q15 API.
#pragma once
#include "cmnn/legacy/types.h"

namespace cmnn::legacy {

// q7 -> q15 without scaling. Plain order.
Status q7_to_q15(const q7_t* input, int size, q15_t* output);
// q7 -> q15 in the order the fast kernels pair with sign-extended weight words: each group of 4
// inputs a b c d becomes a c b d; a tail of fewer than 4 stays in order.
Status q7_to_q15_reordered(const q7_t* input, int size, q15_t* output);

// Elementwise product: out = sat((a * b + round) >> out_shift), round = (1 << out_shift) >> 1.
Status mult_q7(const q7_t* a, const q7_t* b, int size, int out_shift, q7_t* output, Path path = Path::kAuto);
Status mult_q15(const q15_t* a, const q15_t* b, int size, int out_shift, q15_t* output, Path path = Path::kAuto);

}  // namespace cmnn::legacy

// Fully connected layers of the paper's q7/q15 API: out[r] = sat((bias[r] << bias_shift) + round +
// sum_c vec[c] * W[r][c]) >> out_shift). Plain functions take row-major W[rows][dim_vec]; the "opt"
// functions take W interleaved offline by the matching reorder_* function (the layouts below are
// those CMSIS-NN documents for arm_fully_connected_*_opt, so its pre-interleaved weights load as is).
#pragma once
#include "cmnn/legacy/types.h"

namespace cmnn::legacy {

// Scratch (bytes) of the q7-activation functions: the vector expanded to q15 (dim_vec q15).
size_t fully_connected_q7_scratch_bytes(int dim_vec);

// q7 vector, q7 weights, q7 bias, q7 output.
Status fully_connected_q7(const q7_t* vec, const q7_t* weights, int dim_vec, int rows, const q7_t* bias,
                          Shifts shifts, q7_t* output, void* scratch, size_t scratch_size, Path path = Path::kAuto);
Status fully_connected_q7_opt(const q7_t* vec, const q7_t* interleaved_weights, int dim_vec, int rows,
                              const q7_t* bias, Shifts shifts, q7_t* output, void* scratch, size_t scratch_size,
                              Path path = Path::kAuto);
// q15 vector, q15 weights, q15 bias, q15 output (no scratch).
Status fully_connected_q15(const q15_t* vec, const q15_t* weights, int dim_vec, int rows, const q15_t* bias,
                           Shifts shifts, q15_t* output, Path path = Path::kAuto);
Status fully_connected_q15_opt(const q15_t* vec, const q15_t* interleaved_weights, int dim_vec, int rows,
                               const q15_t* bias, Shifts shifts, q15_t* output, Path path = Path::kAuto);
// Mixed: q15 vector, q7 weights, q7 bias, q15 output (no scratch).
Status fully_connected_mat_q7_vec_q15(const q15_t* vec, const q7_t* weights, int dim_vec, int rows,
                                      const q7_t* bias, Shifts shifts, q15_t* output, Path path = Path::kAuto);
Status fully_connected_mat_q7_vec_q15_opt(const q15_t* vec, const q7_t* interleaved_weights, int dim_vec, int rows,
                                          const q7_t* bias, Shifts shifts, q15_t* output, Path path = Path::kAuto);

// Offline interleaving (row-major in, same element count out; in and out must not overlap).
// Rows go in groups of 4 (r0..r3); rows left over after the last group stay row-major at the end.
// q7 opt: per 4 columns c0..c3, 16 bytes  r0c0 r1c0 r0c2 r1c2 r2c0 r3c0 r2c2 r3c2  r0c1 r1c1 r0c3 r1c3 r2c1 r3c1 r2c3 r3c3
//         (pairs with the vector expanded by q7_to_q15_reordered); leftover columns c: r0c r1c r2c r3c.
// mat_q7_vec_q15 opt: per 2 columns c0,c1: r0c0 r1c0 r0c1 r1c1 r2c0 r3c0 r2c1 r3c1; leftover column: r0c r1c r2c r3c.
// q15 opt: per 2 columns c0,c1: r0c0 r0c1 r1c0 r1c1 r2c0 r2c1 r3c0 r3c1; leftover column: r0c r1c r2c r3c.
Status reorder_fully_connected_q7_opt(const q7_t* row_major, int dim_vec, int rows, q7_t* interleaved);
Status reorder_fully_connected_mat_q7_vec_q15_opt(const q7_t* row_major, int dim_vec, int rows, q7_t* interleaved);
Status reorder_fully_connected_q15_opt(const q15_t* row_major, int dim_vec, int rows, q15_t* interleaved);

}  // namespace cmnn::legacy

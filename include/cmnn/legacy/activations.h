// Activations of the paper's q7/q15 API (in place allowed: output may equal input).
#pragma once
#include "cmnn/legacy/types.h"

namespace cmnn::legacy {

// ReLU. kPortable: compare and set per element. kDsp: four q7 (two q15) lanes per 32-bit word, the
// negative lanes masked off (mask from the lanes' sign bits); identical results. kAuto: kDsp on
// Cortex-M4/M7/M55 (the word path needs no DSP instruction, but follows the legacy Path convention).
Status relu_q7(const q7_t* input, int size, q7_t* output, Path path = Path::kAuto);
Status relu_q15(const q15_t* input, int size, q15_t* output, Path path = Path::kAuto);

// Sigmoid and tanh by lookup table. int_width (0..3) is the number of integer bits of the input:
// a q7 input x means x / 2^(7 - int_width), a q15 input x / 2^(15 - int_width).
// Tables (computed at compile time by src/legacy/activation_tables.h) are indexed by the input
// converted to Q3.4 (q7) or Q3.12 (q15) by an arithmetic right shift of (3 - int_width):
//   q7:  v in Q3.4:  out = T7[v],  T7[v] = sat8(round(128 * fn(v / 16)))           (output Q0.7)
//   q15: v in Q3.12: i = v >> 8, f = v & 255 (Q3.4 index and fraction),
//        out = T15[i] + (((T15[i + 1] - T15[i]) * f) >> 8),
//        T15[k] = sat16(round(32768 * fn(k / 16))) for k in [-128, 128]           (output Q0.15)
// round() is to nearest, halves away from zero; fn is 1 / (1 + e^-x) or tanh(x).
enum class Activation : uint8_t { kSigmoid = 0, kTanh = 1 };
Status activation_q7(const q7_t* input, int size, int int_width, Activation fn, q7_t* output);
Status activation_q15(const q15_t* input, int size, int int_width, Activation fn, q15_t* output);

// Base-2 softmax as in CMSIS-NN arm_softmax_q7/q15 (the paper's networks): with m = max(x),
// inputs below m - 8 (q7) or m - 16 (q15) are ignored; q7: out = sat8(((1 << (x - base + 20)) / sum) >> 13),
// sum = sum(1 << (x - base)), base = max(min(x), m - 8); q15: base = max(min(x), m - 16),
// out = sat16((2^(x - base) << 15) / sum) in 64-bit arithmetic. Both truncate toward zero.
Status softmax_q7(const q7_t* input, int size, q7_t* output);
Status softmax_q15(const q15_t* input, int size, q15_t* output);

}  // namespace cmnn::legacy

// Instruction-schedule choice for the hand-written Armv7E-M kernels (performance only: every
// schedule computes the same results on every core).
//  - Cortex-M4: loads pipeline when they are back to back, so kernels load in runs.
//  - Cortex-M7: dual issue pairs a load with an SMLAD; a loaded value used by the next issue
//    group stalls, so kernels interleave loads with SMLADs one step ahead.
// Among the Armv7E-M cores this project builds, only the Cortex-M7 has a double-precision FPU
// (-mfpu=fpv5-d16: __ARM_FP bit 3), which selects the dual-issue schedule; define
// CMNN_DUAL_ISSUE_SCHEDULE to 0 or 1 to override (e.g. an M7 built without an FPU).
#pragma once

#ifndef CMNN_DUAL_ISSUE_SCHEDULE
#if defined(__ARM_FEATURE_DSP) && defined(__ARM_FP) && (__ARM_FP & 8)
#define CMNN_DUAL_ISSUE_SCHEDULE 1
#else
#define CMNN_DUAL_ISSUE_SCHEDULE 0
#endif
#endif

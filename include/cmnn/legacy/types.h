// Common types of the CMSIS-NN paper's q7/q15 API (Lai, Suda, Chandra 2018), cmnn's own code.
// Fixed point with power-of-two scaling: every layer computes
//   out = saturate((bias << bias_shift) + round + sum(x * w)) >> out_shift),  round = (1 << out_shift) >> 1
// i.e. CMSIS's NN_ROUND rounding (half up) before an arithmetic right shift, then saturation to q7/q15.
// Accumulation is 32-bit two's-complement (wrapping, like SMLAD); callers keep sums in range.
#pragma once
#include <cstddef>
#include <cstdint>

#include "cmnn/status.h"
#include "cmnn/variant.h"

namespace cmnn::legacy {

using q7_t = int8_t;
using q15_t = int16_t;

// Which code path an optimised function runs: an ISA of cmnn's one enum (cmnn/variant.h: the
// paper's portable and DSP paths are Isa::kPortable and Isa::kDsp, numbered as in the variant
// tables), or automatic. kAuto (also a default-constructed Path) picks the DSP path where it runs
// natively (Cortex-M4/M7/M55) and the portable path elsewhere. kDsp on the host runs the portable
// emulation of the intrinsics; on a Cortex-M core without the DSP extension it returns
// kUnsupported. An Isa converts to the Path that requests it.
class Path {
 public:
  constexpr Path() = default;
  constexpr Path(Isa isa) : isa_(isa), automatic_(false) {}  // NOLINT: implicit, an ISA names its path
  static const Path kAuto, kPortable, kDsp;

  constexpr bool automatic() const { return automatic_; }
  constexpr Isa isa() const { return isa_; }  // meaningful when !automatic()
  friend constexpr bool operator==(Path a, Path b) {
    return a.automatic_ == b.automatic_ && (a.automatic_ || a.isa_ == b.isa_);
  }
  friend constexpr bool operator!=(Path a, Path b) { return !(a == b); }

 private:
  Isa isa_ = Isa::kPortable;
  bool automatic_ = true;
};
inline constexpr Path Path::kAuto{};
inline constexpr Path Path::kPortable{Isa::kPortable};
inline constexpr Path Path::kDsp{Isa::kDsp};

// The ISA a requested path runs in this build (kAuto resolved); false when it cannot run here
// (the paper's functions then return kUnsupported). Only the portable and DSP paths exist.
constexpr bool resolve_isa(Path requested, Isa* resolved) {
  if (requested.automatic()) {
    *resolved = isa_native(Isa::kDsp) ? Isa::kDsp : Isa::kPortable;
    return true;
  }
  *resolved = requested.isa();
  return requested.isa() == Isa::kPortable || (requested.isa() == Isa::kDsp && isa_runnable(Isa::kDsp));
}

// Fixed-point scaling of a layer: accumulator = (bias << bias_shift) + round, output >> out_shift.
// bias_shift in [0, 16], out_shift in [0, 31].
struct Shifts {
  int bias_shift;
  int out_shift;
};

// Shape of a 2-D HWC convolution (square layers set x == y). Output positions follow CMSIS:
// input column = out_x * stride_x - pad_x + kernel_x, zero outside the image; out_x/out_y are
// given by the caller (not derived), as in CMSIS, and must be >= 1.
struct ConvShape {
  int in_x, in_y, in_ch;
  int out_ch;
  int ker_x, ker_y;
  int pad_x, pad_y;
  int stride_x, stride_y;
  int out_x, out_y;
};

// Shape of a 2-D HWC pooling layer (channels unchanged). Windows are clipped to the image.
struct PoolShape {
  int in_x, in_y, ch;
  int ker_x, ker_y;
  int pad_x, pad_y;
  int stride_x, stride_y;
  int out_x, out_y;
};

// How convolutions expand input patches (im2col) into their q15 scratch buffer.
//   kPartial: two output columns at a time (the paper's choice: the buffer is 2 * in_ch * ker_x * ker_y q15);
//   kFull:    every output column first; exists only to measure what partial im2col saves.
enum class Im2col : uint8_t { kPartial = 0, kFull = 1 };

}  // namespace cmnn::legacy

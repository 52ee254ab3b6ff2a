// Variants as data: every op lists its implementations in one constexpr table of Variant entries.
// The op's entry point, the tests, the benches and the model compiler all iterate the same table,
// so a variant is tested and measured the moment it is listed.
#pragma once
#include <cstddef>
#include <cstdint>

#include "cmnn/status.h"

namespace cmnn {

// Instruction-set requirement of a variant.
enum class Isa : uint8_t {
  kPortable = 0,  // plain C++: runs everywhere (the reference and portable fast paths)
  kDsp = 1,       // Armv7E-M DSP extension (Cortex-M4/M7/M33/M55); emulated on the host for testing
  kMve = 2,       // Armv8.1-M Helium (Cortex-M55); emulated on the host for testing
};

constexpr const char* isa_name(Isa isa) {
  return isa == Isa::kPortable ? "portable" : isa == Isa::kDsp ? "dsp" : "mve";
}

// True when code of this ISA runs natively in this build.
constexpr bool isa_native(Isa isa) {
  switch (isa) {
    case Isa::kPortable: return true;
    case Isa::kDsp:
#if defined(__ARM_FEATURE_DSP)
      return true;
#else
      return false;
#endif
    case Isa::kMve:
#if defined(__ARM_FEATURE_MVE)
      return true;
#else
      return false;
#endif
  }
  return false;
}

// True when code of this ISA can run in this build at all (natively, or through the portable
// emulation of the DSP and MVE intrinsics on the host, which tests use to check that code off-target).
constexpr bool isa_runnable(Isa isa) {
#if defined(CMNN_TARGET_CORTEX_M)
  return isa_native(isa);
#else
  return static_cast<void>(isa), true;  // DSP and MVE code run through their emulations (src/arch/dsp, src/arch/mve)
#endif
}

// One implementation of an op. Params is the op's parameter struct (shapes, quantization) and
// Args its tensors. Entries are listed fastest first; the entry point picks the first whose ISA
// is native and whose supports() holds.
template <typename Params, typename Args>
struct Variant {
  const char* id;                                // e.g. "conv2d_s8.1x1.dsp"
  Isa isa;                                       // requirement
  bool (*supports)(const Params&);               // parameter limits of this variant (validity is checked separately)
  size_t (*scratch_bytes)(const Params&);        // scratch the caller must provide, same on host and target
  Status (*run)(const Params&, const Args&, void* scratch, size_t scratch_size);
};

// First entry of table that runs natively here and supports params, or nullptr.
template <typename Params, typename Args, size_t N>
constexpr const Variant<Params, Args>* select_variant(const Variant<Params, Args> (&table)[N], const Params& params) {
  for (size_t i = 0; i < N; ++i) {
    if (isa_native(table[i].isa) && table[i].supports(params)) return &table[i];
  }
  return nullptr;
}

}  // namespace cmnn

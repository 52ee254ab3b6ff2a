// What the detailed cycle models (m3/m4/m7/m55) need to know about an instruction, derived from
// objdump's mnemonic and operand text: its kind, register reads/writes and a few properties.
#pragma once
#include <cstdint>
#include <string>

namespace cmnn::prof {

enum class Kind {
  kAlu,        // data processing, moves, compares, IT, NOP, shifts, bit fields, saturation
  kSimd,       // Armv7E-M packed SIMD (SADD16, SXTB16, ...)
  kMul,        // 32-bit multiply / multiply-accumulate (MUL, MLA, SMLAD, SMLABB, SMMLA, ...)
  kMulLong,    // 64-bit result multiplies (SMULL, UMLAL, SMLALD, ...)
  kDiv,        // SDIV / UDIV
  kLoad,       // single load (LDR*, LDREX*)
  kStore,      // single store (STR*, STREX*)
  kLoadPair,   // LDRD
  kStorePair,  // STRD
  kLoadMulti,  // LDM / POP (without PC)
  kStoreMulti, // STM / PUSH
  kBranch,     // B, BL, BX, BLX, CBZ/CBNZ, TBB/TBH, POP/LDM/LDR/MOV/ADD with PC, LE/LETP, DLS/WLS
  kFpu,        // scalar FP data processing (VADD.F32, VMOV, VCVT, ...)
  kFpuMac,     // VMLA/VMLS/VFMA/VFMS/VNMLA... (scalar)
  kFpuDiv,     // VDIV / VSQRT
  kFpuLoad,    // VLDR (scalar)
  kFpuStore,   // VSTR (scalar)
  kFpuMulti,   // VLDM/VSTM/VPUSH/VPOP
  kMveLoad,    // MVE vector loads (VLDRB/H/W to Q, VLD2x/VLD4x, gathers)
  kMveStore,   // MVE vector stores
  kMveMac,     // MVE multiplies / MACs / reductions with multiply (VMLADAV, VMLA, VQDMULH, ...)
  kMveAlu,     // other MVE (VADD, VSHL, VMAX, VADDV, VMOV to/from Q, ...)
  kMvePred,    // VPST / VPT / VCTP / VPNOT
  kBarrier,    // DSB / DMB / ISB
  kOther,      // BKPT, SVC, WFI, data
};

struct Decoded {
  Kind kind = Kind::kAlu;
  uint64_t reads = 0;   // bit i: r0..r15 (i < 16); bits 16..47: s0..s31 (d/q alias their s registers)
  uint64_t writes = 0;
  int list_registers = 0;       // registers transferred by LDM/STM/PUSH/POP/VLDM/VSTM/VPUSH/VPOP
  bool writes_pc = false;       // any control transfer (branch, pop {pc}, ldr pc, mov pc, ...)
  bool conditional = false;     // conditional branch (Bcc, CBZ/CBNZ, LE)
  bool indirect = false;        // target from a register or memory (BX, BLX reg, POP pc, LDR pc, TBB)
  bool loop_end = false;        // LE / LETP (Armv8.1-M low-overhead loop end)
  bool shifted_operand = false; // shifted register, extend, bit field, or a wide immediate (M7 issue rule)
  bool writeback = false;       // base register updated ("!" or post-index)
  uint64_t address_reads = 0;   // registers used to form a load/store address
};

Decoded decode(const std::string& mnemonic, const std::string& operands);

// True when a instruction kind is an MVE vector instruction (beats).
inline bool is_mve(Kind k) {
  return k == Kind::kMveLoad || k == Kind::kMveStore || k == Kind::kMveMac || k == Kind::kMveAlu;
}

}  // namespace cmnn::prof

#include "model_common.h"

#include <string>

namespace cmnn::prof {

std::vector<Step> build_steps(const Segment& segment, const Disassembly& code) {
  std::vector<Step> steps(segment.pcs.size());
  for (size_t i = 0; i < steps.size(); i++) {
    Step& s = steps[i];
    s.pc = &segment.pcs[i];
    auto found = code.find(s.pc->pc);
    if (found != code.end()) {
      s.mapped = true;
      s.d = decode(found->second.mnemonic, found->second.operands);
    }
    if (i == 0 || !s.mapped) continue;
    const Step& p = steps[i - 1];
    if (!p.mapped || p.pc->pc + p.pc->size != s.pc->pc) continue;
    uint64_t fell = p.pc->count - taken_of(p);
    s.prev = static_cast<long>(i - 1);
    s.after_prev = fell < s.pc->count ? fell : s.pc->count;
  }
  return steps;
}

namespace {

bool single_load(Kind k) { return k == Kind::kLoad || k == Kind::kFpuLoad; }
bool single_store(Kind k) { return k == Kind::kStore || k == Kind::kFpuStore; }
bool single_ldst(Kind k) { return single_load(k) || single_store(k); }
bool register_offset(const Decoded& d) { return __builtin_popcountll(d.address_reads & 0xffff) >= 2; }

}  // namespace

uint64_t scalar_cycles(const std::vector<Step>& steps, size_t i, const ScalarTimings& t) {
  const Step& s = steps[i];
  const Decoded& d = s.d;
  const uint64_t n = s.pc->count;
  const uint64_t p = static_cast<uint64_t>(t.branch_refill);
  uint64_t base = 1;
  switch (d.kind) {
    case Kind::kMul: base = static_cast<uint64_t>(d.reads & d.writes ? t.mul_accumulate : 1); break;
    case Kind::kMulLong: base = static_cast<uint64_t>(t.mul_long); break;
    case Kind::kDiv: base = static_cast<uint64_t>(t.divide); break;
    case Kind::kLoad: case Kind::kStore: case Kind::kFpuLoad: case Kind::kFpuStore: base = 2; break;
    case Kind::kLoadPair: case Kind::kStorePair: base = 3; break;
    case Kind::kLoadMulti: case Kind::kStoreMulti: case Kind::kFpuMulti:
      base = 1 + static_cast<uint64_t>(d.list_registers);
      break;
    case Kind::kFpuMac: base = 3; break;
    case Kind::kFpuDiv: base = 14; break;
    case Kind::kBarrier: base = 2; break;
    case Kind::kOther: base = 1; break;
    case Kind::kMveLoad: case Kind::kMveStore: case Kind::kMveMac: case Kind::kMveAlu: base = 2; break;
    default: base = 1; break;
  }
  uint64_t cycles = base * n;
  if (d.kind == Kind::kBranch) {
    // 1+P taken; TBB/TBH and LDR pc load first (2+P); POP {..pc} transfers N words (1+N+P).
    if (d.list_registers) cycles = (1 + static_cast<uint64_t>(d.list_registers)) * n;
    else if (d.address_reads && d.indirect) cycles = 2 * n;
    if (!(d.loop_end)) cycles += p * taken_of(s);
  }
  if (single_store(d.kind) && !register_offset(d)) cycles -= n - s.after_prev;  // no predecessor case
  if (s.prev >= 0) {
    const Decoded& prev = steps[static_cast<size_t>(s.prev)].d;
    const bool data_processing = prev.kind == Kind::kAlu || prev.kind == Kind::kSimd || prev.kind == Kind::kMul ||
                                 prev.kind == Kind::kMulLong;
    // TRM "Load/store timings": a load/store right after a single LDR saves one cycle, unless the
    // LDR's result forms this address or the LDR updates its base.
    if (single_ldst(d.kind) && single_load(prev.kind) && !prev.writeback && !(prev.writes & d.address_reads))
      cycles -= s.after_prev;
    // "STR Rx,[Ry,#imm] is always one cycle" (the data phase overlaps the next instruction through
    // the write buffer): immediate-offset stores cost 1 wherever they are.
    if (single_store(d.kind) && !register_offset(d) && !single_load(prev.kind)) cycles -= s.after_prev;
    // An address computed by the previous data-processing instruction: 1 stall (no forwarding path).
    if (single_ldst(d.kind) || d.kind == Kind::kLoadPair || d.kind == Kind::kStorePair ||
        d.kind == Kind::kLoadMulti || d.kind == Kind::kStoreMulti)
      if (data_processing && (prev.writes & d.address_reads & 0xffff)) cycles += s.after_prev;
  }
  return cycles;
}

}  // namespace cmnn::prof

// Host unit tests of cmnn-prof's parsers and cycle models on hand-made instruction sequences.
// Expected cycle figures are worked out by hand from the rules in docs/cycle-models.md.
#include <cstdio>
#include <stdexcept>
#include <string>

#include "analysis.h"

using namespace cmnn::prof;

namespace {

int g_checks = 0, g_failures = 0;

void check_eq(uint64_t got, uint64_t want, const char* what) {
  g_checks++;
  if (got != want) {
    g_failures++;
    std::printf("FAIL: %s: got %llu, expected %llu\n", what, static_cast<unsigned long long>(got),
                static_cast<unsigned long long>(want));
  }
}

// A straight-line sequence at 0x100.. (16-bit each unless the mnemonic ends in .w), every
// instruction executed `count` times, the last one `taken` times.
struct Sequence {
  Disassembly code;
  Segment segment;
};

Sequence make(std::initializer_list<std::pair<const char*, const char*>> insns, uint64_t count, uint64_t taken = 0) {
  Sequence s;
  uint32_t pc = 0x100;
  size_t i = 0;
  for (const auto& [mn, ops] : insns) {
    std::string m = mn;
    uint32_t size = m.size() > 2 && m.compare(m.size() - 2, 2, ".w") == 0 ? 4u : 2u;
    s.code[pc] = Instruction{m, ops, "f"};
    s.segment.pcs.push_back(PcCount{pc, size, count, ++i == insns.size() ? taken : 0});
    s.segment.instructions += count;
    pc += size;
  }
  return s;
}

uint64_t cycles(const char* model, const Sequence& s) {
  auto m = make_model(model);
  uint64_t total = 0;
  for (uint64_t c : m->estimate(s.segment, s.code)) total += c;
  return total;
}

void parser_tests() {
  Disassembly d = parse_objdump(
      "00000100 <foo>:\n"
      "     100:\t4801      \tldr\tr0, [pc, #4]\t@ (108 <foo+0x8>)\n"
      "     102:\tf000 b90b \tb.w\t2dc <bar>\n");
  check_eq(d.size(), 2, "objdump lines parsed");
  check_eq(d[0x100].operands == "r0, [pc, #4]", 1, "comment stripped from operands");
  check_eq(d[0x102].mnemonic == "b.w" && d[0x102].function == "foo", 1, "mnemonic and function");

  Profile p = parse_profile(
      "cmnn-prof-profile 1\nmark 00000200\ntotal_insns 7\nsegments 2\n"
      "segment 0 insns 3\n00000100 2 3 0\nsegment 1 insns 4\n00000100 2 1 0\n00000102 4 3 2\n");
  check_eq(p.segments.size(), 2, "segments");
  check_eq(p.segments[1].pcs[1].taken, 2, "taken count");
  check_eq(merge_segments(p).pcs[0].count, 4, "merged PC count");
  bool threw = false;
  try {
    parse_profile("cmnn-prof-profile 1\ntotal_insns 9\nsegments 1\nsegment 0 insns 3\n00000100 2 3 0\n");
  } catch (const std::runtime_error&) {
    threw = true;
  }
  check_eq(threw, 1, "inconsistent total rejected");
  auto names = parse_region_names("hello\n@@cmnn-region 3 conv 1x1\n@@cmnn-region 5 fc\n");
  check_eq(names.size() == 2 && names[3] == "conv 1x1" && names[5] == "fc", 1, "region names");
}

void model_tests() {
  // Lab M4: LDR 2, a following adjacent LDR 1; taken branch 1 + 2.
  Sequence two_loads = make({{"ldr", "r0, [r1]"}, {"ldr", "r2, [r3]"}}, 10);
  check_eq(cycles("lab-m4", two_loads), 30, "lab-m4 LDR;LDR pipelined");
  check_eq(cycles("lab-m4", make({{"str", "r0, [r1]"}, {"str", "r2, [r1, #4]"}}, 10)), 30, "lab-m4 STR;STR");
  check_eq(cycles("lab-m4", make({{"subs", "r0, #1"}, {"bne.n", "100 <f>"}}, 10, 9)), 10 + 10 + 18,
           "lab-m4 taken branch 1+P");
  // cmnn M4: LDR;LDR pipelined (3 cycles per pair), not when the first load forms the address;
  // ALU result used as an address stalls one cycle; immediate-offset STR is 1.
  check_eq(cycles("m4", two_loads), 30, "m4 LDR;LDR pipelined");
  check_eq(cycles("m4", make({{"ldr", "r0, [r1]"}, {"ldr", "r2, [r0]"}}, 10)), 40, "m4 dependent LDR not pipelined");
  check_eq(cycles("m4", make({{"adds", "r1, #4"}, {"ldr", "r2, [r1]"}}, 10)), 40, "m4 address from ALU stalls");
  check_eq(cycles("m4", make({{"str", "r0, [r1]"}, {"str", "r2, [r1, #4]"}}, 10)), 20, "m4 STR imm 1 each");
  check_eq(cycles("m4", make({{"push", "{r4, r5, r6, lr}"}}, 10)), 50, "m4 PUSH 1+N");
  check_eq(cycles("m3", make({{"mla", "r0, r1, r2, r0"}}, 10)), 20, "m3 MLA 2");
  // M7: independent ADD + LDR dual issue; dependent pair or two loads do not; load-use stall 1.
  check_eq(cycles("m7", make({{"add", "r0, r1, r2"}, {"ldr", "r3, [r4]"}}, 10)), 10, "m7 ALU+LDR dual issue");
  check_eq(cycles("m7", make({{"add", "r0, r1, r2"}, {"add", "r3, r0, r1"}}, 10)), 20, "m7 dependent pair");
  check_eq(cycles("m7", make({{"ldr", "r0, [r1]"}, {"ldr", "r2, [r3]"}}, 10)), 20, "m7 one load/store per cycle");
  check_eq(cycles("m7", make({{"ldr", "r0, [r1]"}, {"adds", "r2, r0, #1"}}, 10)), 30, "m7 load-use stall");
  check_eq(cycles("m7", make({{"smlad", "r0, r1, r2, r0"}, {"smlad", "r3, r4, r5, r3"}}, 10)), 20, "m7 one MAC pipe");
  check_eq(cycles("m7", make({{"adds", "r0, r1, r2"}, {"sadd16", "r3, r4, r5"}}, 10)), 20,
           "m7 DSP only in first slot");
  // M55: a 128-bit vector instruction is 2 cycles; VLDR followed by a vector MAC overlaps by 1.
  check_eq(cycles("m55", make({{"vldrb.s8", "q0, [r0]"}, {"vmladava.s8", "r2, q0, q1"}}, 10)), 30,
           "m55 VLDR+VMLADAVA overlap");
  check_eq(cycles("m55", make({{"vldrb.s8", "q0, [r0]"}, {"vldrb.s8", "q1, [r1]"}}, 10)), 40, "m55 two VLDR");
  check_eq(cycles("m55", make({{"vadd.i8", "q0, q1, q2"}, {"vpst", ""}, {"vstrbt.8", "q0, [r0]"}}, 10)), 10 * (2 + 1 + 1),
           "m55 overlap through VPST");
}

void analysis_tests() {
  Sequence s = make({{"ldr", "r0, [r1]"}, {"ldr", "r2, [r3]"}}, 10);
  Profile p;
  p.total_instructions = 20;
  p.segments.push_back(s.segment);
  auto lab = make_model("lab-m4");
  Report r = analyze(p, s.code, {{0, "region"}}, {lab.get()});
  check_eq(r.segments[0].totals.classes["load"], 20, "class histogram");
  check_eq(r.segments[0].totals.cycles["lab-m4"], 30, "report cycles");
  check_eq(format_json(r).find("\"cycles_lab_m4\": 30") != std::string::npos, 1, "JSON key cycles_<model>");
}

}  // namespace

int main() {
  parser_tests();
  model_tests();
  analysis_tests();
  std::printf("%d checks, %d failed\n", g_checks, g_failures);
  return g_failures ? 1 : 0;
}

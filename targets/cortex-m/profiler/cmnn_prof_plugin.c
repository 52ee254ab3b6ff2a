/* cmnn_prof_plugin: QEMU TCG plugin that counts executed guest instructions per PC and per
 * profile segment, deterministically (run QEMU with -icount shift=0, single vCPU).
 *
 *   -plugin cmnn_prof_plugin.so[,out=FILE][,mark=ADDR]
 *
 * mark=ADDR  address of the guest function cmnn_profile_mark (arm-none-eabi-nm). Every execution
 *            of its first instruction starts a new segment; segment 0 is everything before the
 *            first mark. Without mark= the whole run is segment 0.
 * out=FILE   writes the profile (format below). Without it only the total is reported.
 * The total instruction count is printed on stderr at exit: "cmnn-prof: total_insns=N segments=K".
 *
 * Counting: an instruction counts as executed when its translation block (TB) runs; QEMU runs a TB
 * to its end unless an exception (fault, semihosting call) leaves it early, and semihosting BKPT
 * always ends a TB, so counts are exact for ordinary code. Condition-failed instructions in IT
 * blocks count as executed (they occupy the pipeline on real cores too).
 * Taken branches: a TB-exec callback remembers the previous TB; when the next TB does not start
 * where the previous one ended, the previous TB's last instruction counts as a taken branch.
 *
 * Output file ("cmnn-prof-profile 1"), PCs in hex, counts in decimal:
 *   cmnn-prof-profile 1
 *   mark <hex or none>
 *   total_insns <N>
 *   segments <K>
 *   segment <i> insns <N_i>          then one line per executed PC of segment i, ascending PC:
 *   <pc> <size> <exec-count> <taken-count>
 * Segments appear in order 0..K-1 (a segment in which nothing ran still gets its header). */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qemu_plugin_api.h"

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

/* Executions of one TB within one segment, kept once the TB runs in a later segment. */
typedef struct SegCount {
  uint32_t segment;
  uint64_t count;
  uint64_t taken;
  struct SegCount *next;
} SegCount;

/* One translation of guest code; the same PC may be translated more than once (merged on output). */
typedef struct Block {
  uint64_t vaddr, end; /* [vaddr, end) */
  uint32_t n;
  uint32_t *pc;
  uint8_t *size;
  int starts_with_mark;
  uint32_t live_segment; /* segment the live counters belong to */
  uint64_t live_count, live_taken;
  SegCount *history;
  struct Block *next;
} Block;

static Block *g_blocks;
static Block *g_prev;        /* TB that ran last */
static uint32_t g_segment;   /* current segment */
static uint64_t g_total;     /* inline counter: all instructions */
static uint64_t g_mark = UINT64_MAX;
static const char *g_out;
static unsigned g_misplaced_marks; /* TBs holding the mark address other than at their start */

static void *xcalloc(size_t n, size_t size) {
  void *p = calloc(n ? n : 1, size);
  if (!p) {
    fprintf(stderr, "cmnn-prof: out of memory\n");
    abort();
  }
  return p;
}

static void retire_live(Block *b) {
  if (b->live_count || b->live_taken) {
    SegCount *s = xcalloc(1, sizeof *s);
    s->segment = b->live_segment;
    s->count = b->live_count;
    s->taken = b->live_taken;
    s->next = b->history;
    b->history = s;
  }
  b->live_count = b->live_taken = 0;
}

static void tb_exec(unsigned int vcpu, void *userdata) {
  Block *cur = userdata;
  (void)vcpu;
  if (cur->starts_with_mark) g_segment++;
  /* g_prev's live counters still belong to the segment it ran in: the taken branch goes there. */
  if (g_prev && g_prev->end != cur->vaddr) g_prev->live_taken++;
  if (cur->live_segment != g_segment) {
    retire_live(cur);
    cur->live_segment = g_segment;
  }
  cur->live_count++;
  g_prev = cur;
}

/* The instruction's width in bytes. qemu_plugin_insn_size() is not it near the end of a 1 KiB page:
 * QEMU 7.2's Thumb translator reads the halfword at page end - 2 to see whether the next instruction
 * would cross the page, and that read is added to the bytes of the instruction being translated. A
 * 32-bit instruction at page end - 6 then reports 6 bytes (and its TB seems to end at the page, so
 * the next TB, which starts at page end - 2, looked like a taken branch), a 16-bit one at page end - 4
 * reports 4. The width is decided by the first halfword instead (Armv7-M ARM A5.1: bits 15:11 of
 * 0b11101, 0b11110 or 0b11111 start a 32-bit instruction); every Cortex-M instruction is Thumb. */
static uint8_t thumb_insn_width(const struct qemu_plugin_insn *insn) {
  size_t reported = qemu_plugin_insn_size(insn);
  const uint8_t *bytes = qemu_plugin_insn_data(insn);
  if (reported < 2 || !bytes) return (uint8_t)reported;
  unsigned first = (unsigned)bytes[0] | (unsigned)bytes[1] << 8; /* Thumb code is little-endian */
  return (first >> 11) >= 0x1D ? 4 : 2;
}

static void tb_trans(qemu_plugin_id_t id, struct qemu_plugin_tb *tb) {
  (void)id;
  size_t n = qemu_plugin_tb_n_insns(tb);
  qemu_plugin_register_vcpu_tb_exec_inline(tb, QEMU_PLUGIN_INLINE_ADD_U64, &g_total, n);
  Block *b = xcalloc(1, sizeof *b);
  b->n = (uint32_t)n;
  b->pc = xcalloc(n, sizeof *b->pc);
  b->size = xcalloc(n, 1);
  for (size_t i = 0; i < n; i++) {
    struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
    b->pc[i] = (uint32_t)qemu_plugin_insn_vaddr(insn);
    b->size[i] = thumb_insn_width(insn);
    if (b->pc[i] == g_mark) {
      if (i == 0) b->starts_with_mark = 1;
      else g_misplaced_marks++;
    }
  }
  b->vaddr = qemu_plugin_tb_vaddr(tb);
  b->end = n ? (uint64_t)b->pc[n - 1] + b->size[n - 1] : b->vaddr;
  b->live_segment = UINT32_MAX;
  b->next = g_blocks;
  g_blocks = b;
  qemu_plugin_register_vcpu_tb_exec_cb(tb, tb_exec, QEMU_PLUGIN_CB_NO_REGS, b);
}

typedef struct {
  uint32_t segment;
  const Block *block;
  uint64_t count, taken;
} BlockRun;

typedef struct {
  uint32_t pc;
  uint8_t size;
  uint64_t count, taken;
} PcCount;

static int by_segment(const void *a, const void *b) {
  uint32_t x = ((const BlockRun *)a)->segment, y = ((const BlockRun *)b)->segment;
  return x < y ? -1 : x > y;
}

static int by_pc(const void *a, const void *b) {
  uint32_t x = ((const PcCount *)a)->pc, y = ((const PcCount *)b)->pc;
  return x < y ? -1 : x > y;
}

/* Writes segment by segment so memory stays proportional to one segment's executed code. */
static int write_profile(FILE *f) {
  size_t runs = 0;
  for (Block *b = g_blocks; b; b = b->next) {
    retire_live(b);
    for (SegCount *s = b->history; s; s = s->next) runs++;
  }
  BlockRun *run = xcalloc(runs, sizeof *run);
  size_t k = 0;
  for (Block *b = g_blocks; b; b = b->next)
    for (SegCount *s = b->history; s; s = s->next) run[k++] = (BlockRun){s->segment, b, s->count, s->taken};
  qsort(run, runs, sizeof *run, by_segment);

  fprintf(f, "cmnn-prof-profile 1\n");
  if (g_mark == UINT64_MAX) fprintf(f, "mark none\n");
  else fprintf(f, "mark %08" PRIx64 "\n", g_mark);
  fprintf(f, "total_insns %" PRIu64 "\n", g_total);
  fprintf(f, "segments %" PRIu32 "\n", g_segment + 1);
  size_t first = 0;
  for (uint32_t seg = 0; seg <= g_segment; seg++) {
    size_t last = first, insns = 0;
    while (last < runs && run[last].segment == seg) insns += run[last++].block->n;
    PcCount *pcs = xcalloc(insns, sizeof *pcs);
    size_t m = 0;
    uint64_t seg_total = 0;
    for (size_t r = first; r < last; r++) {
      const Block *b = run[r].block;
      seg_total += run[r].count * b->n;
      for (uint32_t i = 0; i < b->n; i++)
        pcs[m++] = (PcCount){b->pc[i], b->size[i], run[r].count, i + 1 == b->n ? run[r].taken : 0};
    }
    qsort(pcs, m, sizeof *pcs, by_pc);
    fprintf(f, "segment %" PRIu32 " insns %" PRIu64 "\n", seg, seg_total);
    for (size_t i = 0; i < m;) { /* merge translations of the same PC */
      PcCount a = pcs[i++];
      while (i < m && pcs[i].pc == a.pc) {
        a.count += pcs[i].count;
        a.taken += pcs[i].taken;
        i++;
      }
      if (a.count) fprintf(f, "%08" PRIx32 " %u %" PRIu64 " %" PRIu64 "\n", a.pc, a.size, a.count, a.taken);
    }
    free(pcs);
    first = last;
  }
  free(run);
  return ferror(f) ? -1 : 0;
}

static void at_exit(qemu_plugin_id_t id, void *userdata) {
  (void)id;
  (void)userdata;
  if (g_misplaced_marks)
    fprintf(stderr, "cmnn-prof: WARNING: %u translation blocks reached the mark address other than at their "
                    "start; their segment boundaries are wrong\n", g_misplaced_marks);
  fprintf(stderr, "cmnn-prof: total_insns=%" PRIu64 " segments=%" PRIu32 "\n", g_total, g_segment + 1);
  if (!g_out) return;
  FILE *f = fopen(g_out, "w");
  if (!f) {
    fprintf(stderr, "cmnn-prof: cannot open %s\n", g_out);
    return;
  }
  if (write_profile(f) != 0 || fclose(f) != 0) fprintf(stderr, "cmnn-prof: error writing %s\n", g_out);
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info, int argc,
                                           char **argv) {
  (void)info;
  for (int i = 0; i < argc; i++) {
    if (!strncmp(argv[i], "out=", 4)) {
      g_out = argv[i] + 4;
    } else if (!strncmp(argv[i], "mark=", 5)) {
      char *end = NULL;
      g_mark = strtoull(argv[i] + 5, &end, 0) & ~(uint64_t)1; /* Thumb symbols have bit 0 set */
      if (!end || *end) {
        fprintf(stderr, "cmnn-prof: bad mark address '%s'\n", argv[i] + 5);
        return -1;
      }
    } else {
      fprintf(stderr, "cmnn-prof: unknown plugin argument '%s' (out=FILE, mark=ADDR)\n", argv[i]);
      return -1;
    }
  }
  qemu_plugin_register_vcpu_tb_trans_cb(id, tb_trans);
  qemu_plugin_register_atexit_cb(id, at_exit, NULL);
  return 0;
}

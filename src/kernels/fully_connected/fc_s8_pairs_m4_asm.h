// Assembly text shared by the Cortex-M4 whole-layer loops of fully_connected_s8.pairs.dsp
// (fc_s8_pairs_m4_lean.h, fc_s8_pairs_m4_six.h): 32 groups of four steps per iteration at labels
// 100..131, entered at group `skip` (r7) through a TBH table at label 12 when the group count is
// not a multiple of 32. Included by those two headers only.
#pragma once

// The TBH entry at label 12: r7 indexes a halfword table of the 32 group labels.
#define CMNN_FC_M4_TBH_ENTRY                                                                \
  "12:\n\t"                                                                                 \
  "tbh [pc, r7, lsl #1]\n\t"                                                                \
  "11:\n\t"                                                                                 \
  ".hword (100f - 11b) / 2, (101f - 11b) / 2, (102f - 11b) / 2, (103f - 11b) / 2\n\t"         \
  ".hword (104f - 11b) / 2, (105f - 11b) / 2, (106f - 11b) / 2, (107f - 11b) / 2\n\t"         \
  ".hword (108f - 11b) / 2, (109f - 11b) / 2, (110f - 11b) / 2, (111f - 11b) / 2\n\t"         \
  ".hword (112f - 11b) / 2, (113f - 11b) / 2, (114f - 11b) / 2, (115f - 11b) / 2\n\t"         \
  ".hword (116f - 11b) / 2, (117f - 11b) / 2, (118f - 11b) / 2, (119f - 11b) / 2\n\t"         \
  ".hword (120f - 11b) / 2, (121f - 11b) / 2, (122f - 11b) / 2, (123f - 11b) / 2\n\t"         \
  ".hword (124f - 11b) / 2, (125f - 11b) / 2, (126f - 11b) / 2, (127f - 11b) / 2\n\t"         \
  ".hword (128f - 11b) / 2, (129f - 11b) / 2, (130f - 11b) / 2, (131f - 11b) / 2\n\t"         \
  ".p2align 1\n\t"

// Groups 0..31 of an iteration at labels 100..131: G(I) is one group, I its index as a string
// (its loads' offsets are assembler expressions of I: input 4 * I, weights 16 * I + k).
#define CMNN_FC_M4_GROUPS32(G) \
  "100:\n\t" G("0") \
  "101:\n\t" G("1") \
  "102:\n\t" G("2") \
  "103:\n\t" G("3") \
  "104:\n\t" G("4") \
  "105:\n\t" G("5") \
  "106:\n\t" G("6") \
  "107:\n\t" G("7") \
  "108:\n\t" G("8") \
  "109:\n\t" G("9") \
  "110:\n\t" G("10") \
  "111:\n\t" G("11") \
  "112:\n\t" G("12") \
  "113:\n\t" G("13") \
  "114:\n\t" G("14") \
  "115:\n\t" G("15") \
  "116:\n\t" G("16") \
  "117:\n\t" G("17") \
  "118:\n\t" G("18") \
  "119:\n\t" G("19") \
  "120:\n\t" G("20") \
  "121:\n\t" G("21") \
  "122:\n\t" G("22") \
  "123:\n\t" G("23") \
  "124:\n\t" G("24") \
  "125:\n\t" G("25") \
  "126:\n\t" G("26") \
  "127:\n\t" G("27") \
  "128:\n\t" G("28") \
  "129:\n\t" G("29") \
  "130:\n\t" G("30") \
  "131:\n\t" G("31")

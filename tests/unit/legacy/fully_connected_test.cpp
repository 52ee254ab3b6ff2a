// Legacy fully connected layers: each function's paths equal the portable row-major reference,
// the opt functions equal it on weights interleaved by the reorder functions, the paper network's
// stored IP1_WT equals our interleaving of IP1_WT_ROWMAJOR, and small cases computed by hand.
#include "cmnn/legacy/fully_connected.h"
#include "legacy_test_util.h"

#include <initializer_list>

using namespace cmnn;
using namespace cmnn::legacy;
using legacy_test::Random;

TEST(legacy_fc, q7_by_hand) {
  const q7_t vec[3] = {10, -20, 30};
  const q7_t wt[6] = {1, 2, 3, /* row 1 */ -4, 5, 127};
  const q7_t bias[2] = {5, -3};
  q7_t out[2] = {};
  int16_t scratch[3];
  ASSERT_EQ(fully_connected_q7(vec, wt, 3, 2, bias, Shifts{2, 3}, out, scratch, sizeof scratch, Path::kPortable),
            Status::kOk);
  EXPECT_EQ(out[0], (20 + 4 + 10 - 40 + 90) >> 3);             // 10
  EXPECT_EQ(out[1], 127);                                        // (-12 + 4 - 40 - 100 + 3810) >> 3 = 457 -> 127
}

TEST(legacy_fc, reorder_q7_opt_by_hand) {
  // 5 rows x 5 columns: the first 4 rows interleave, the 5th stays row-major.
  q7_t m[25];
  for (int i = 0; i < 25; ++i) m[i] = static_cast<q7_t>(10 * (i / 5 + 1) + (i % 5 + 1));  // a_rc = 10r + c
  q7_t out[25];
  ASSERT_EQ(reorder_fully_connected_q7_opt(m, 5, 5, out), Status::kOk);
  const q7_t expected[25] = {11, 21, 13, 23, 31, 41, 33, 43, 12, 22, 14, 24, 32, 42, 34, 44,
                             15, 25, 35, 45, 51, 52, 53, 54, 55};
  EXPECT_BYTES_EQ(out, expected, 25);
}

TEST(legacy_fc, reorder_mixed_and_q15_by_hand) {
  q7_t m[12];
  for (int i = 0; i < 12; ++i) m[i] = static_cast<q7_t>(10 * (i / 3 + 1) + (i % 3 + 1));  // 4 x 3
  q7_t out[12];
  ASSERT_EQ(reorder_fully_connected_mat_q7_vec_q15_opt(m, 3, 4, out), Status::kOk);
  const q7_t expected[12] = {11, 21, 12, 22, 31, 41, 32, 42, 13, 23, 33, 43};
  EXPECT_BYTES_EQ(out, expected, 12);
  q15_t m15[12], out15[12];
  for (int i = 0; i < 12; ++i) m15[i] = m[i];
  ASSERT_EQ(reorder_fully_connected_q15_opt(m15, 3, 4, out15), Status::kOk);
  const q15_t expected15[12] = {11, 12, 21, 22, 31, 32, 41, 42, 13, 23, 33, 43};
  EXPECT_BYTES_EQ(out15, expected15, sizeof expected15);
}

TEST(legacy_fc, paper_ip1_weights_match_our_interleaving) {
  int checked = 0;
  for (const char* dir : {"paper-cifar10/ml-examples_m7", "paper-cifar10/ml-examples_m4",
                          "paper-cifar10/cmsis5_example_v2_2018"}) {
    char a[160], b[160];
    platform::format(a, sizeof a, "data/%s/ip1_wt_rowmajor.bin", dir);
    platform::format(b, sizeof b, "data/%s/ip1_wt.bin", dir);
    size_t n_row = 0, n_opt = 0;
    const uint8_t* row = test::read_shared(a, &n_row);
    const uint8_t* opt = test::read_shared(b, &n_opt);
    if (row == nullptr || opt == nullptr) SKIP("paper-cifar10 data absent");
    ASSERT_EQ(n_row, n_opt);
    ASSERT_EQ(n_row % 10, size_t{0});
    auto* ours = legacy_test::alloc<q7_t>(static_cast<long>(n_row));
    const int dim = static_cast<int>(n_row / 10);
    ASSERT_EQ(reorder_fully_connected_q7_opt(reinterpret_cast<const q7_t*>(row), dim, 10, ours), Status::kOk);
    EXPECT_BYTES_EQ(ours, opt, n_row);
    ++checked;
  }
  platform::print("    %d stored IP1_WT arrays equal reorder_fully_connected_q7_opt(IP1_WT_ROWMAJOR)\n", checked);
}

TEST(legacy_fc, all_variants_equal_reference) {
  Random rng(0xABCDu);
  Path paths[2];
  const int path_count = legacy_test::runnable_paths(paths);
  int compared = 0;
  for (int n = 0; n < 40; ++n) {
    test::arena_reset();
    const int dim = rng.range(1, 67), rows = rng.range(1, 13);
    const Shifts sh{rng.range(0, 6), rng.range(0, 14)};
    auto* v7 = legacy_test::alloc<q7_t>(dim);
    auto* w7 = legacy_test::alloc<q7_t>(long{dim} * rows);
    auto* b7 = legacy_test::alloc<q7_t>(rows);
    auto* v15 = legacy_test::alloc<q15_t>(dim);
    auto* w15 = legacy_test::alloc<q15_t>(long{dim} * rows);
    auto* b15 = legacy_test::alloc<q15_t>(rows);
    rng.fill(v7, dim, -128, 127);
    rng.fill(w7, dim * rows, -128, 127);
    rng.fill(b7, rows, -128, 127);
    rng.fill(v15, dim, -32768, 32767);
    rng.fill(w15, dim * rows, -32768, 32767);
    rng.fill(b15, rows, -32768, 32767);
    auto* w7_opt = legacy_test::alloc<q7_t>(long{dim} * rows);
    auto* w7_mixed = legacy_test::alloc<q7_t>(long{dim} * rows);
    auto* w15_opt = legacy_test::alloc<q15_t>(long{dim} * rows);
    ASSERT_EQ(reorder_fully_connected_q7_opt(w7, dim, rows, w7_opt), Status::kOk);
    ASSERT_EQ(reorder_fully_connected_mat_q7_vec_q15_opt(w7, dim, rows, w7_mixed), Status::kOk);
    ASSERT_EQ(reorder_fully_connected_q15_opt(w15, dim, rows, w15_opt), Status::kOk);
    const size_t sbytes = fully_connected_q7_scratch_bytes(dim);
    void* scratch = test::arena_alloc_bytes(sbytes);
    auto* ref7 = legacy_test::alloc<q7_t>(rows);
    auto* out7 = legacy_test::alloc<q7_t>(rows);
    auto* ref15 = legacy_test::alloc<q15_t>(rows);
    auto* refm = legacy_test::alloc<q15_t>(rows);
    auto* out15 = legacy_test::alloc<q15_t>(rows);
    ASSERT_EQ(fully_connected_q7(v7, w7, dim, rows, b7, sh, ref7, scratch, sbytes, Path::kPortable), Status::kOk);
    ASSERT_EQ(fully_connected_q15(v15, w15, dim, rows, b15, sh, ref15, Path::kPortable), Status::kOk);
    ASSERT_EQ(fully_connected_mat_q7_vec_q15(v15, w7, dim, rows, b7, sh, refm, Path::kPortable), Status::kOk);
    for (int p = 0; p < path_count; ++p) {
      const Path path = paths[p];
      ASSERT_EQ(fully_connected_q7(v7, w7, dim, rows, b7, sh, out7, scratch, sbytes, path), Status::kOk);
      ASSERT_BYTES_EQ(out7, ref7, static_cast<size_t>(rows));
      ASSERT_EQ(fully_connected_q7_opt(v7, w7_opt, dim, rows, b7, sh, out7, scratch, sbytes, path), Status::kOk);
      ASSERT_BYTES_EQ(out7, ref7, static_cast<size_t>(rows));
      ASSERT_EQ(fully_connected_q15(v15, w15, dim, rows, b15, sh, out15, path), Status::kOk);
      ASSERT_BYTES_EQ(out15, ref15, static_cast<size_t>(rows) * 2);
      ASSERT_EQ(fully_connected_q15_opt(v15, w15_opt, dim, rows, b15, sh, out15, path), Status::kOk);
      ASSERT_BYTES_EQ(out15, ref15, static_cast<size_t>(rows) * 2);
      ASSERT_EQ(fully_connected_mat_q7_vec_q15(v15, w7, dim, rows, b7, sh, out15, path), Status::kOk);
      ASSERT_BYTES_EQ(out15, refm, static_cast<size_t>(rows) * 2);
      ASSERT_EQ(fully_connected_mat_q7_vec_q15_opt(v15, w7_mixed, dim, rows, b7, sh, out15, path), Status::kOk);
      ASSERT_BYTES_EQ(out15, refm, static_cast<size_t>(rows) * 2);
      compared += 6;
    }
    // The reference itself against a direct sum for one row.
    int32_t acc = int32_t{b7[0]} * (1 << sh.bias_shift) + ((1 << sh.out_shift) >> 1);
    for (int c = 0; c < dim; ++c) acc += v7[c] * w7[c];
    acc >>= sh.out_shift;
    EXPECT_EQ(int32_t{ref7[0]}, acc < -128 ? -128 : acc > 127 ? 127 : acc);
  }
  platform::print("    fully connected: %d comparisons (q7, q7_opt, q15, q15_opt, mixed, mixed_opt) with the reference\n",
                  compared);
}

TEST(legacy_fc, rejects_bad_parameters) {
  q7_t b[8] = {};
  int16_t s[8];
  EXPECT_EQ(fully_connected_q7(b, b, 8, 1, b, Shifts{0, 0}, b, s, 4), Status::kScratchTooSmall);
  EXPECT_EQ(fully_connected_q7(b, b, 0, 1, b, Shifts{0, 0}, b, s, 16), Status::kBadShape);
  EXPECT_EQ(fully_connected_q7_opt(b, nullptr, 8, 1, b, Shifts{0, 0}, b, s, 16), Status::kNullPointer);
  EXPECT_EQ(reorder_fully_connected_q7_opt(b, 2, 0, b), Status::kBadShape);
}

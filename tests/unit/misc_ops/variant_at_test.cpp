// prefix_variant_at<I>() (cmnn/op_api.h), what generated models call: entry I of the table as an
// object of its own, equal to the table's entry field by field, with its own copy of the id (so a
// firmware that names it does not link the table's other ids: src/kernels/op_table/op_table.h).
#include <cstring>
#include <type_traits>
#include <utility>

#include "cmnn/conv.h"
#include "cmnn/depthwise.h"
#include "cmnn/fully_connected.h"
#include "cmnn/pooling.h"
#include "cmnn/softmax.h"
#include "test.h"

using namespace cmnn;

namespace {

template <typename P, typename A>
void expect_same_entry(const Variant<P, A>* table, size_t count, size_t index, const Variant<P, A>* own) {
  EXPECT_TRUE(index < count);
  if (index >= count) return;
  const Variant<P, A>& t = table[index];
  EXPECT_TRUE(own != &t);
  EXPECT_EQ(std::strcmp(own->id, t.id), 0);
  EXPECT_TRUE(own->id != t.id);
  EXPECT_EQ(static_cast<int>(own->isa), static_cast<int>(t.isa));
  EXPECT_TRUE(own->supports == t.supports);
  EXPECT_TRUE(own->scratch_bytes == t.scratch_bytes);
  EXPECT_TRUE(own->run == t.run);
}

// Entries 0..N-1 of a table (N: its size when this test was written; a longer table passes, a
// shorter one fails to link). at(std::integral_constant<size_t, I>) returns prefix_variant_at<I>().
template <typename P, typename A, typename At, size_t... I>
void check_table(const Variant<P, A>* (*variants)(size_t*), At at, std::index_sequence<I...>) {
  size_t count = 0;
  const Variant<P, A>* table = variants(&count);
  (expect_same_entry(table, count, I, at(std::integral_constant<size_t, I>{})), ...);
}

}  // namespace

TEST(VariantAt, EveryEntryEqualsTheTablesWithItsOwnId) {
  check_table(conv2d_s8_variants, [](auto i) { return conv2d_s8_variant_at<decltype(i)::value>(); },
              std::make_index_sequence<18>{});
  constexpr size_t kDepthwise = sizeof(kDepthwiseConvS8Variants) / sizeof(kDepthwiseConvS8Variants[0]);
  check_table(depthwise_conv2d_s8_variants, [](auto i) { return depthwise_conv2d_s8_variant_at<decltype(i)::value>(); },
              std::make_index_sequence<kDepthwise>{});
  check_table(fully_connected_s8_variants, [](auto i) { return fully_connected_s8_variant_at<decltype(i)::value>(); },
              std::make_index_sequence<7>{});
  check_table(avgpool_s8_variants, [](auto i) { return avgpool_s8_variant_at<decltype(i)::value>(); },
              std::make_index_sequence<3>{});
  check_table(softmax_s8_variants, [](auto i) { return softmax_s8_variant_at<decltype(i)::value>(); },
              std::make_index_sequence<2>{});
}

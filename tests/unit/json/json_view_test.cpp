// The JSON view against hand-written documents: lookups, iteration, numbers, strings, and
// rejection of malformed text.
#include <cstring>

#include "json_view.h"
#include "test.h"

using cmnn::json::parse;
using cmnn::json::Type;
using cmnn::json::Value;

namespace {
Value parse_text(const char* text) { return parse(text, std::strlen(text)); }
}  // namespace

TEST(JsonView, LooksUpMembersAndElements) {
  const Value v = parse_text(R"( {"a": 1, "b": [10, -20, {"c": "x\"y"}], "e": {}, "f": [], "g": null, "h": true} )");
  ASSERT_TRUE(v.is_object());
  EXPECT_EQ(v.size(), 6u);
  EXPECT_EQ(v["a"].int_or(0), 1);
  EXPECT_EQ(v["b"].size(), 3u);
  EXPECT_EQ(v["b"].at(1).int_or(0), -20);
  char text[8];
  EXPECT_TRUE(v["b"].at(2)["c"].copy_string(text, sizeof text));
  EXPECT_EQ(std::strcmp(text, "x\"y"), 0);
  EXPECT_FALSE(v["missing"].valid());
  EXPECT_FALSE(v["b"].at(3).valid());
  EXPECT_EQ(v["e"].size(), 0u);
  EXPECT_FALSE(v["f"].first().valid());
  EXPECT_TRUE(v["g"].type() == Type::kNull);
  EXPECT_TRUE(v["h"].type() == Type::kBool);
}

TEST(JsonView, IteratesWithKeys) {
  const Value v = parse_text(R"({"one": 1, "two": 2, "three": 3})");
  int64_t sum = 0;
  int count = 0;
  char key[8];
  for (Value m = v.first(); m.valid(); m = v.next(m)) {
    sum += m.int_or(0);
    ASSERT_TRUE(v.key_of(m).copy_string(key, sizeof key));
    if (count == 2) EXPECT_EQ(std::strcmp(key, "three"), 0);
    ++count;
  }
  EXPECT_EQ(count, 3);
  EXPECT_EQ(sum, 6);
}

TEST(JsonView, Numbers) {
  const Value v = parse_text(R"([9223372036854775807, -9223372036854775808, 1.5e2, 0.039394, 92233720368547758070])");
  EXPECT_EQ(v.at(0).int_or(0), INT64_MAX);
  EXPECT_EQ(v.at(1).int_or(0), INT64_MIN);
  int64_t i = 0;
  EXPECT_FALSE(v.at(2).as_int(&i));
  double d = 0;
  EXPECT_TRUE(v.at(2).as_double(&d));
  EXPECT_EQ(d, 150.0);
  EXPECT_TRUE(v.at(3).as_double(&d));
  EXPECT_TRUE(d > 0.0393939 && d < 0.0393941);
  EXPECT_FALSE(v.at(4).as_int(&i));
}

TEST(JsonView, RejectsMalformedText) {
  const char* bad[] = {"", "{", "[1,]", "{\"a\" 1}", "{\"a\":}", "[1 2]", "\"open", "01x", "[tru]", "{} {}", "-"};
  int rejected = 0;
  for (const char* text : bad) {
    EXPECT_FALSE(parse_text(text).valid());
    rejected += parse_text(text).valid() ? 0 : 1;
  }
  EXPECT_EQ(rejected, 11);
  char deep[200];
  for (int i = 0; i < 100; ++i) deep[i] = '[';
  for (int i = 0; i < 100; ++i) deep[100 + i] = ']';
  EXPECT_FALSE(parse(deep, sizeof deep).valid());  // nesting beyond 64
}

// cmnn's test framework: GoogleTest's spirit (TEST, EXPECT_*, ASSERT_*) in a form that runs on the
// host and bare metal alike: no heap, no exceptions, output through cmnn::platform.
// Every test binary links test_main.cpp, which runs the registered tests (optionally filtered by
// --filter=TEXT), prints one line per test and ends with "N passed, M failed, K skipped";
// its exit status is 1 when a test failed.
#pragma once
#include <cstddef>
#include <cstdint>
#include <type_traits>

#include "arena.h"
#include "platform.h"

namespace cmnn::test {

using TestFunction = void (*)();

struct Registration {
  Registration(const char* suite, const char* name, TestFunction function);
  const char* suite;
  const char* name;
  TestFunction function;
  Registration* next = nullptr;
};

// Failure bookkeeping for the running test.
void record_failure(const char* file, int line, const char* message);
void record_skip(const char* reason);
bool current_failed();

// Runs the registered tests (see test_main.cpp); returns the exit status.
int run_all(int argc, char** argv);

// Command-line arguments after the framework's own options (--filter=, --shared=).
int argument_count();
const char* argument(int index);
// Absolute path of a file in the shared data folder (../shared by default, --shared=DIR or
// CMNN_SHARED on the host). Returns a pointer to one of 8 rotating static buffers.
const char* shared_path(const char* relative);
// Reads a whole shared file into the test arena; returns nullptr (and sets *size = 0) if absent.
const uint8_t* read_shared(const char* relative, size_t* size);

namespace detail {
template <typename T>
void print_value(const T& value) {
  if constexpr (std::is_same_v<T, bool>) {
    platform::print("%s", value ? "true" : "false");
  } else if constexpr (std::is_enum_v<T>) {
    platform::print("%lld", static_cast<long long>(value));
  } else if constexpr (std::is_floating_point_v<T>) {
    platform::print("%.6f", static_cast<double>(value));
  } else if constexpr (std::is_integral_v<T> && std::is_signed_v<T>) {
    platform::print("%lld", static_cast<long long>(value));
  } else if constexpr (std::is_integral_v<T>) {
    platform::print("%llu", static_cast<unsigned long long>(value));
  } else if constexpr (std::is_pointer_v<T> && std::is_same_v<std::remove_cv_t<std::remove_pointer_t<T>>, char>) {
    platform::print("\"%s\"", value == nullptr ? "(null)" : value);
  } else if constexpr (std::is_pointer_v<T> || std::is_null_pointer_v<T>) {
    platform::print("%p", static_cast<const void*>(value));
  } else {
    platform::print("(value)");
  }
}

template <typename A, typename B>
bool compare_failed(bool ok, const char* file, int line, const char* expression, const A& a, const B& b) {
  if (ok) return false;
  record_failure(file, line, expression);
  platform::print("    left:  ");
  print_value(a);
  platform::print("\n    right: ");
  print_value(b);
  platform::print("\n");
  return true;
}

bool bytes_differ(const char* file, int line, const char* expression, const void* actual, const void* expected,
                  size_t count);
}  // namespace detail

}  // namespace cmnn::test

#define CMNN_TEST_CONCAT_(a, b) a##b
#define CMNN_TEST_CONCAT(a, b) CMNN_TEST_CONCAT_(a, b)

#define TEST(suite, name)                                                                            \
  static void CMNN_TEST_CONCAT(test_##suite##_, name)();                                             \
  static ::cmnn::test::Registration CMNN_TEST_CONCAT(registration_##suite##_, name)(                 \
      #suite, #name, &CMNN_TEST_CONCAT(test_##suite##_, name));                                      \
  static void CMNN_TEST_CONCAT(test_##suite##_, name)()

#define CMNN_CHECK_OP_(a, b, op, on_fail)                                                            \
  do {                                                                                               \
    const auto& cmnn_a_ = (a);                                                                       \
    const auto& cmnn_b_ = (b);                                                                       \
    if (::cmnn::test::detail::compare_failed(cmnn_a_ op cmnn_b_, __FILE__, __LINE__, #a " " #op " " #b, \
                                             cmnn_a_, cmnn_b_)) {                                    \
      on_fail;                                                                                       \
    }                                                                                                \
  } while (0)

#define EXPECT_EQ(a, b) CMNN_CHECK_OP_(a, b, ==, (void)0)
#define EXPECT_NE(a, b) CMNN_CHECK_OP_(a, b, !=, (void)0)
#define EXPECT_LT(a, b) CMNN_CHECK_OP_(a, b, <, (void)0)
#define EXPECT_LE(a, b) CMNN_CHECK_OP_(a, b, <=, (void)0)
#define EXPECT_GT(a, b) CMNN_CHECK_OP_(a, b, >, (void)0)
#define EXPECT_GE(a, b) CMNN_CHECK_OP_(a, b, >=, (void)0)
#define ASSERT_EQ(a, b) CMNN_CHECK_OP_(a, b, ==, return)
#define ASSERT_NE(a, b) CMNN_CHECK_OP_(a, b, !=, return)
#define ASSERT_LT(a, b) CMNN_CHECK_OP_(a, b, <, return)
#define ASSERT_LE(a, b) CMNN_CHECK_OP_(a, b, <=, return)
#define ASSERT_GT(a, b) CMNN_CHECK_OP_(a, b, >, return)
#define ASSERT_GE(a, b) CMNN_CHECK_OP_(a, b, >=, return)

#define EXPECT_TRUE(c)                                                                               \
  do {                                                                                               \
    if (!(c)) ::cmnn::test::record_failure(__FILE__, __LINE__, "expected true: " #c);                \
  } while (0)
#define EXPECT_FALSE(c)                                                                              \
  do {                                                                                               \
    if (c) ::cmnn::test::record_failure(__FILE__, __LINE__, "expected false: " #c);                  \
  } while (0)
#define ASSERT_TRUE(c)                                                                               \
  do {                                                                                               \
    if (!(c)) {                                                                                      \
      ::cmnn::test::record_failure(__FILE__, __LINE__, "expected true: " #c);                        \
      return;                                                                                        \
    }                                                                                                \
  } while (0)
#define ASSERT_FALSE(c) ASSERT_TRUE(!(c))

// Compares count bytes; on a mismatch prints the first differing index and both values.
#define EXPECT_BYTES_EQ(actual, expected, count) \
  (void)::cmnn::test::detail::bytes_differ(__FILE__, __LINE__, #actual " == " #expected, actual, expected, count)
#define ASSERT_BYTES_EQ(actual, expected, count)                                                                   \
  do {                                                                                                             \
    if (::cmnn::test::detail::bytes_differ(__FILE__, __LINE__, #actual " == " #expected, actual, expected, count)) \
      return;                                                                                                      \
  } while (0)

// Ends the test as skipped (e.g. the shared data is absent); a skipped test never counts as passed.
#define SKIP(reason)                        \
  do {                                      \
    ::cmnn::test::record_skip(reason);      \
    return;                                 \
  } while (0)

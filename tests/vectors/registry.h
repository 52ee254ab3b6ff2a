// Vector handlers: one per CMSIS-NN function name that index.json lists (e.g. "arm_convolve_s8").
// A handler maps the case's arrays and config onto cmnn's API, runs EVERY variant of the op that
// supports the case (including DSP variants through the host emulation), compares every output
// byte with the reference and fills an Outcome. Handlers live in tests/vectors/handlers/, one
// file per op family, and register themselves with a static HandlerRegistration.
#pragma once
#include "vector_case.h"

namespace cmnn::vectors {

struct Outcome {
  enum class Result { kPass, kFail, kSkip } result = Result::kSkip;
  int variants_run = 0;  // variants compared byte for byte
  char detail[200] = {};  // variants run, or why it failed / was skipped
};

using Handler = void (*)(const Case& c, Outcome* outcome);

struct HandlerRegistration {
  HandlerRegistration(const char* function, Handler handler);
  const char* function;
  Handler handler;
  HandlerRegistration* next = nullptr;
};

Handler find_handler(const char* function);

// Helpers for handlers.
void fail(Outcome* o, const char* format, ...) __attribute__((format(printf, 2, 3)));
void skip(Outcome* o, const char* format, ...) __attribute__((format(printf, 2, 3)));
// Records one variant's byte comparison; returns true when equal. On the first mismatch the
// outcome becomes a failure naming the variant and the first differing index.
bool compare_variant(Outcome* o, const char* variant_id, const void* actual, const void* expected, size_t bytes);
// Marks the outcome passed when at least one variant ran and none failed.
void finish(Outcome* o);

}  // namespace cmnn::vectors

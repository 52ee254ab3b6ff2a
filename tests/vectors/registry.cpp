#include "registry.h"

#include <cstdarg>
#include <cstring>

#include "platform.h"

namespace cmnn::vectors {

namespace {
HandlerRegistration* g_handlers = nullptr;

void append(Outcome* o, const char* format, va_list args) {
  const size_t used = std::strlen(o->detail);
  platform::vformat(o->detail + used, sizeof o->detail - used, format, args);
}
}  // namespace

HandlerRegistration::HandlerRegistration(const char* f, Handler h) : function(f), handler(h), next(g_handlers) {
  g_handlers = this;
}

Handler find_handler(const char* function) {
  for (HandlerRegistration* r = g_handlers; r != nullptr; r = r->next) {
    if (std::strcmp(r->function, function) == 0) return r->handler;
  }
  return nullptr;
}

void fail(Outcome* o, const char* format, ...) {
  o->result = Outcome::Result::kFail;
  o->detail[0] = '\0';
  va_list args;
  va_start(args, format);
  append(o, format, args);
  va_end(args);
}

void skip(Outcome* o, const char* format, ...) {
  o->result = Outcome::Result::kSkip;
  o->detail[0] = '\0';
  va_list args;
  va_start(args, format);
  append(o, format, args);
  va_end(args);
}

bool compare_variant(Outcome* o, const char* variant_id, const void* actual, const void* expected, size_t bytes) {
  if (o->result == Outcome::Result::kFail) return false;
  const auto* a = static_cast<const uint8_t*>(actual);
  const auto* b = static_cast<const uint8_t*>(expected);
  size_t differ = 0, first = 0;
  for (size_t i = 0; i < bytes; ++i) {
    if (a[i] != b[i] && differ++ == 0) first = i;
  }
  ++o->variants_run;
  if (differ != 0) {
    fail(o, "%s: %zu of %zu bytes differ, first at byte %zu (got 0x%02x, want 0x%02x)", variant_id, differ, bytes,
         first, a[first], b[first]);
    return false;
  }
  const size_t used = std::strlen(o->detail);
  platform::format(o->detail + used, sizeof o->detail - used, "%s%s", used == 0 ? "" : " ", variant_id);
  return true;
}

void finish(Outcome* o) {
  if (o->result == Outcome::Result::kFail) return;
  if (o->variants_run == 0) {
    if (o->detail[0] == '\0') skip(o, "no variant supports this case");
    o->result = Outcome::Result::kSkip;
    return;
  }
  o->result = Outcome::Result::kPass;
}

}  // namespace cmnn::vectors

#include "bench_op.h"

#include <cstring>

namespace cmnn::bench {

namespace {
AdapterRegistration* g_adapters = nullptr;
}

AdapterRegistration::AdapterRegistration(const char* o, Adapter a) : op(o), adapter(a), next(g_adapters) {
  g_adapters = this;
}

Adapter find_adapter(const char* op) {
  for (AdapterRegistration* r = g_adapters; r != nullptr; r = r->next) {
    if (std::strcmp(r->op, op) == 0) return r->adapter;
  }
  return nullptr;
}

uint32_t fnv1a(const void* data, size_t bytes) {
  uint32_t h = 2166136261u;
  const auto* p = static_cast<const uint8_t*>(data);
  for (size_t i = 0; i < bytes; ++i) h = (h ^ p[i]) * 16777619u;
  return h;
}

void name_region(const Layer& layer, const char* variant) {
  char name[128];
  platform::format(name, sizeof name, "%s/%ld/%s/%s", layer.model, static_cast<long>(layer.idx), layer.op, variant);
  platform::profile_name_next(name);
}

void report(const Layer& layer, const Measurement& m) {
  // One machine-readable line per measured call; the driver joins it with the profile regions.
  platform::print("@@cmnn-bench model=%s idx=%ld op=%s variant=%s status=%s macs=%lld scratch=%zu stack=%zu checksum=%08lx\n",
                  layer.model, static_cast<long>(layer.idx), layer.op, m.variant, status_name(m.status),
                  static_cast<long long>(layer.macs), m.scratch_bytes, m.stack_bytes,
                  static_cast<unsigned long>(m.checksum));
}

}  // namespace cmnn::bench

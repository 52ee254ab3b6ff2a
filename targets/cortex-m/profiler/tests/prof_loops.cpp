// Firmware for the profiler tests (targets/cortex-m/profiler/CMakeLists.txt): four marked
// assembly regions of exactly known length (prof_loops.S) and one region through the platform API.
// Region lines follow the platform's convention: "@@cmnn-region <segment> <name>".
#include "platform.h"

extern "C" void prof_loop_k3(unsigned n);
extern "C" void prof_loop_k5(unsigned n);
extern "C" void prof_empty_region();
extern "C" void prof_plain_k3(unsigned n);
extern "C" void prof_loop_page(unsigned n);

namespace {

unsigned g_marks = 0;  // marks made so far: the next region is segment g_marks + 1

// Runs one assembly region (it marks twice itself) and names its segment.
void named(const char* name, void (*region)(unsigned), unsigned n) {
  cmnn::platform::print("@@cmnn-region %u %s\n", g_marks + 1, name);
  region(n);
  g_marks += 2;
}

void empty(unsigned) { prof_empty_region(); }

}  // namespace

int main() {
  named("empty", empty, 0);
  named("loop_k3_x1000", prof_loop_k3, 1000);
  named("loop_k5_x250", prof_loop_k5, 250);
  named("loop_page_x100", prof_loop_page, 100);
  cmnn::platform::profile_begin("platform_api_k3_x100");
  prof_plain_k3(100);  // 301 instructions plus the call/return overhead of the platform API
  cmnn::platform::profile_end();
  cmnn::platform::print("prof_loops done\n");
  return 0;
}

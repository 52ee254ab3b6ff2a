/* The generated C API: invoke before init is refused (status 6, kNotInitialized), then two
   instances on two arenas give the same output for the firmware template's input pattern.
   Prints "checksum 0x%08x" (FNV-1a 32 of the outputs, as `cmnn run` prints it); exit 0 or 1. */
#include <stdint.h>
#include <stdio.h>

#include "net_model.h"

static _Alignas(16) int8_t arena_a[net_MODEL_ARENA_BYTES];
static _Alignas(16) int8_t arena_b[net_MODEL_ARENA_BYTES];

static uint32_t run(net_model_context* ctx) {
  net_model_tensor_view in = net_model_input(ctx, 0);
  for (size_t i = 0; i < in.bytes; ++i) in.data[i] = (int8_t)(uint8_t)((i * 37 + 11) & 0xff);
  if (net_model_invoke(ctx) != 0) return 0;
  uint32_t h = 2166136261u;
  net_model_tensor_view out = net_model_output(ctx, 0);
  for (size_t i = 0; i < out.bytes; ++i) h = (h ^ (uint8_t)out.data[i]) * 16777619u;
  return h;
}

int main(void) {
  net_model_context a = {0}, b = {0}; /* ready = 0: never initialised */
  if (net_model_invoke(&a) != 6) {
    printf("invoke before init: not refused\n");
    return 1;
  }
  if (net_model_init(&a, arena_a, sizeof arena_a) != 0 || net_model_init(&b, arena_b, sizeof arena_b) != 0) {
    printf("init failed\n");
    return 1;
  }
  const uint32_t ha = run(&a), hb = run(&b);
  if (ha == 0 || ha != hb) {
    printf("instances differ: 0x%08x 0x%08x\n", (unsigned)ha, (unsigned)hb);
    return 1;
  }
  printf("checksum 0x%08x\n", (unsigned)ha);
  return 0;
}

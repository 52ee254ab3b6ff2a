// Armv7E-M DSP (SIMD) primitives used by cmnn's dsp variants. On a core with the DSP extension
// they are the ACLE intrinsics (one instruction each); elsewhere (the host, Cortex-M3) a portable
// emulation with the same bit-level results, so the same DSP kernel code builds and runs under
// the sanitizers on the host and is tested against the reference there. Definitions follow the
// Arm Architecture Reference Manual (Armv7-M, A7.7 "SMLAD", "SXTB16", "QADD8", ...).
#pragma once
#include <cstdint>
#include <cstring>

#if defined(__ARM_FEATURE_DSP) || defined(__ARM_FEATURE_SAT)
#include <arm_acle.h>
#endif

namespace cmnn::dsp {

// Unaligned 32-bit loads/stores of packed lanes (memcpy compiles to a single LDR/STR on Cortex-M).
inline uint32_t load_u32(const void* p) {
  uint32_t v;
  std::memcpy(&v, p, sizeof v);
  return v;
}
inline void store_u32(void* p, uint32_t v) { std::memcpy(p, &v, sizeof v); }
// v in both int16 lanes (bits 0-15 and 16-31): an offset or zero point for SXTAB16, SADD16 ...
inline uint32_t dup16(int32_t v) { return (static_cast<uint32_t>(v) & 0xFFFFu) | (static_cast<uint32_t>(v) << 16); }

namespace emulated {
inline int32_t lo16(uint32_t x) { return static_cast<int16_t>(x & 0xFFFFu); }
inline int32_t hi16(uint32_t x) { return static_cast<int16_t>(x >> 16); }
inline uint32_t pack16(int32_t lo, int32_t hi) {
  return (static_cast<uint32_t>(lo) & 0xFFFFu) | (static_cast<uint32_t>(hi) << 16);
}
inline int32_t byte_lane(uint32_t x, int lane) { return static_cast<int8_t>((x >> (8 * lane)) & 0xFFu); }
inline int32_t saturate(int64_t v, int bits) {
  const int64_t hi = (int64_t{1} << (bits - 1)) - 1, lo = -(int64_t{1} << (bits - 1));
  return static_cast<int32_t>(v < lo ? lo : v > hi ? hi : v);
}
}  // namespace emulated

// acc + lo(a)*lo(b) + hi(a)*hi(b), signed 16-bit halves (SMLAD; the Q flag is not modelled).
inline int32_t smlad(uint32_t a, uint32_t b, int32_t acc) {
#if defined(__ARM_FEATURE_DSP)
  return __smlad(a, b, acc);
#else
  using namespace emulated;
  return static_cast<int32_t>(static_cast<uint32_t>(acc) + static_cast<uint32_t>(lo16(a) * lo16(b)) +
                              static_cast<uint32_t>(hi16(a) * hi16(b)));
#endif
}

// acc + lo(a)*hi(b) + hi(a)*lo(b) (SMLADX).
inline int32_t smladx(uint32_t a, uint32_t b, int32_t acc) {
#if defined(__ARM_FEATURE_DSP)
  return __smladx(a, b, acc);
#else
  using namespace emulated;
  return static_cast<int32_t>(static_cast<uint32_t>(acc) + static_cast<uint32_t>(lo16(a) * hi16(b)) +
                              static_cast<uint32_t>(hi16(a) * lo16(b)));
#endif
}

// lo(a)*lo(b) + hi(a)*hi(b) (SMUAD).
inline int32_t smuad(uint32_t a, uint32_t b) {
#if defined(__ARM_FEATURE_DSP)
  return __smuad(a, b);
#else
  return smlad(a, b, 0);
#endif
}

// Sign-extends bytes 0 and 2 of x into two 16-bit lanes (SXTB16).
inline uint32_t sxtb16(uint32_t x) {
#if defined(__ARM_FEATURE_DSP)
  return __sxtb16(x);
#else
  using namespace emulated;
  return pack16(byte_lane(x, 0), byte_lane(x, 2));
#endif
}

// Sign-extends bytes 1 and 3 of x (SXTB16 with ROR #8). GCC 12 does not fold a rotate written
// in C into the instruction's rotation (it emits a separate ROR), so the DSP build uses inline
// assembly: one instruction, still visible to the scheduler (not volatile).
inline uint32_t sxtb16_ror8(uint32_t x) {
#if defined(__ARM_FEATURE_DSP)
  uint32_t r;
  __asm__("sxtb16 %0, %1, ror #8" : "=r"(r) : "r"(x));
  return r;
#else
  using namespace emulated;
  return pack16(byte_lane(x, 1), byte_lane(x, 3));
#endif
}

// a + sign-extended bytes 0 and 2 of x, per 16-bit lane with wrap-around (SXTAB16).
inline uint32_t sxtab16(uint32_t a, uint32_t x) {
#if defined(__ARM_FEATURE_DSP)
  return __sxtab16(a, x);
#else
  using namespace emulated;
  return pack16(lo16(a) + byte_lane(x, 0), hi16(a) + byte_lane(x, 2));
#endif
}

// a + sign-extended bytes 1 and 3 of x (SXTAB16 with ROR #8).
inline uint32_t sxtab16_ror8(uint32_t a, uint32_t x) {
#if defined(__ARM_FEATURE_DSP)
  uint32_t r;
  __asm__("sxtab16 %0, %1, %2, ror #8" : "=r"(r) : "r"(a), "r"(x));
  return r;
#else
  using namespace emulated;
  return pack16(lo16(a) + byte_lane(x, 1), hi16(a) + byte_lane(x, 3));
#endif
}

// Two 16-bit lane additions with wrap-around (SADD16).
inline uint32_t sadd16(uint32_t a, uint32_t b) {
#if defined(__ARM_FEATURE_DSP)
  return __sadd16(a, b);
#else
  using namespace emulated;
  return pack16(lo16(a) + lo16(b), hi16(a) + hi16(b));
#endif
}

// Two 16-bit lane additions, saturating (QADD16).
inline uint32_t qadd16(uint32_t a, uint32_t b) {
#if defined(__ARM_FEATURE_DSP)
  return __qadd16(a, b);
#else
  using namespace emulated;
  return pack16(saturate(lo16(a) + lo16(b), 16), saturate(hi16(a) + hi16(b), 16));
#endif
}

// Four 8-bit lane additions, saturating (QADD8).
inline uint32_t qadd8(uint32_t a, uint32_t b) {
#if defined(__ARM_FEATURE_DSP)
  return __qadd8(a, b);
#else
  using namespace emulated;
  uint32_t r = 0;
  for (int lane = 0; lane < 4; ++lane) {
    const int32_t s = saturate(byte_lane(a, lane) + byte_lane(b, lane), 8);
    r |= (static_cast<uint32_t>(s) & 0xFFu) << (8 * lane);
  }
  return r;
#endif
}

// Four 8-bit lane subtractions, saturating (QSUB8).
inline uint32_t qsub8(uint32_t a, uint32_t b) {
#if defined(__ARM_FEATURE_DSP)
  return __qsub8(a, b);
#else
  using namespace emulated;
  uint32_t r = 0;
  for (int lane = 0; lane < 4; ++lane) {
    const int32_t s = saturate(byte_lane(a, lane) - byte_lane(b, lane), 8);
    r |= (static_cast<uint32_t>(s) & 0xFFu) << (8 * lane);
  }
  return r;
#endif
}

// Low half of a with the high half of b (PKHBT with shift 0); pkhtb, further down, packs two high halves.
inline uint32_t pkhbt(uint32_t a, uint32_t b) { return (a & 0xFFFFu) | (b & 0xFFFF0000u); }

// Signed saturation of x to the given bit width (SSAT), 1..32.
template <int kBits>
inline int32_t ssat(int32_t x) {
#if defined(__ARM_FEATURE_SAT)
  return __ssat(x, kBits);
#else
  return emulated::saturate(x, kBits);
#endif
}

// Number of leading zero bits (CLZ); 32 for 0.
inline int clz(uint32_t x) { return x == 0 ? 32 : __builtin_clz(x); }

// acc + x(a)*y(b) for the signed 16-bit halves x, y in {bottom, top} (SMLABB, SMLABT, SMLATB,
// SMLATT): one multiply-accumulate per instruction on lanes that SMLAD would add together, e.g.
// two different channels of an SXTB16 result. The accumulation wraps (the Q flag is not modelled).
inline int32_t smlabb(uint32_t a, uint32_t b, int32_t acc) {
#if defined(__ARM_FEATURE_DSP)
  return __smlabb(static_cast<int32_t>(a), static_cast<int32_t>(b), acc);
#else
  using namespace emulated;
  return static_cast<int32_t>(static_cast<uint32_t>(acc) + static_cast<uint32_t>(lo16(a) * lo16(b)));
#endif
}
inline int32_t smlabt(uint32_t a, uint32_t b, int32_t acc) {
#if defined(__ARM_FEATURE_DSP)
  return __smlabt(static_cast<int32_t>(a), static_cast<int32_t>(b), acc);
#else
  using namespace emulated;
  return static_cast<int32_t>(static_cast<uint32_t>(acc) + static_cast<uint32_t>(lo16(a) * hi16(b)));
#endif
}
inline int32_t smlatb(uint32_t a, uint32_t b, int32_t acc) {
#if defined(__ARM_FEATURE_DSP)
  return __smlatb(static_cast<int32_t>(a), static_cast<int32_t>(b), acc);
#else
  using namespace emulated;
  return static_cast<int32_t>(static_cast<uint32_t>(acc) + static_cast<uint32_t>(hi16(a) * lo16(b)));
#endif
}
inline int32_t smlatt(uint32_t a, uint32_t b, int32_t acc) {
#if defined(__ARM_FEATURE_DSP)
  return __smlatt(static_cast<int32_t>(a), static_cast<int32_t>(b), acc);
#else
  using namespace emulated;
  return static_cast<int32_t>(static_cast<uint32_t>(acc) + static_cast<uint32_t>(hi16(a) * hi16(b)));
#endif
}

// Four unsigned 8-bit lane subtractions saturating at 0 (UQSUB8): max(a - b, 0) per lane. With
// uadd8, b + uqsub8(a, b) is the lane-wise unsigned max (signed bytes: bias them by 0x80 first).
inline uint32_t uqsub8(uint32_t a, uint32_t b) {
#if defined(__ARM_FEATURE_DSP)
  return __uqsub8(a, b);
#else
  uint32_t r = 0;
  for (int lane = 0; lane < 4; ++lane) {
    const uint32_t x = (a >> (8 * lane)) & 0xFFu, y = (b >> (8 * lane)) & 0xFFu;
    r |= (x > y ? x - y : 0u) << (8 * lane);
  }
  return r;
#endif
}

// Four 8-bit lane additions / subtractions modulo 256, no carry between lanes (UADD8 / USUB8;
// the GE flags they set are not modelled).
inline uint32_t uadd8(uint32_t a, uint32_t b) {
#if defined(__ARM_FEATURE_DSP)
  return __uadd8(a, b);
#else
  uint32_t r = 0;
  for (int lane = 0; lane < 4; ++lane) r |= (((a >> (8 * lane)) + (b >> (8 * lane))) & 0xFFu) << (8 * lane);
  return r;
#endif
}
inline uint32_t usub8(uint32_t a, uint32_t b) {
#if defined(__ARM_FEATURE_DSP)
  return __usub8(a, b);
#else
  uint32_t r = 0;
  for (int lane = 0; lane < 4; ++lane) r |= (((a >> (8 * lane)) - (b >> (8 * lane))) & 0xFFu) << (8 * lane);
  return r;
#endif
}

// (lo(a), lo(b)): the low half of a in the low lane, the low half of b in the high lane (PKHBT
// with LSL #16). GCC 12 emits UXTH + ORR for the C form, so the DSP build uses inline assembly.
inline uint32_t pkhbt_lsl16(uint32_t a, uint32_t b) {
#if defined(__ARM_FEATURE_DSP)
  uint32_t r;
  __asm__("pkhbt %0, %1, %2, lsl #16" : "=r"(r) : "r"(a), "r"(b));
  return r;
#else
  return (a & 0xFFFFu) | (b << 16);
#endif
}

// (hi(b), hi(a)): the high half of b in the low lane, the high half of a in the high lane (PKHTB
// with ASR #16). In asm: GCC 12 emits the C form as AND + ORR.
inline uint32_t pkhtb(uint32_t a, uint32_t b) {
#if defined(__ARM_FEATURE_DSP)
  uint32_t r;
  __asm__("pkhtb %0, %1, %2, asr #16" : "=r"(r) : "r"(a), "r"(b));
  return r;
#else
  return (a & 0xFFFF0000u) | (b >> 16);
#endif
}

// (acc * 2^32 + a * b + 2^31) >> 32, modulo 2^32 (SMMLAR: the rounded high word of a 32x32
// product plus an accumulator; src/quant/requant_fast.h builds TFLite's requantization on it).
inline int32_t smmlar(int32_t a, int32_t b, int32_t acc) {
#if defined(__ARM_FEATURE_DSP)
  int32_t r;
  __asm__("smmlar %0, %1, %2, %3" : "=r"(r) : "r"(a), "r"(b), "r"(acc));
  return r;
#else
  const uint64_t sum = (static_cast<uint64_t>(static_cast<uint32_t>(acc)) << 32) +
                       static_cast<uint64_t>(static_cast<int64_t>(a) * b) + (uint64_t{1} << 31);
  return static_cast<int32_t>(static_cast<uint32_t>(sum >> 32));
#endif
}

}  // namespace cmnn::dsp

// Armv7E-M DSP depthwise convolution, pixel by pixel (the host runs the same code through the
// intrinsics' emulation). Ideas, all exact in TFLite's wrapping int32 arithmetic:
//  * Once per call (once per layer when run by row bands: DepthwiseConvParams::scratch_prepared,
//    which also keeps the fast-output-stage decision in a scratch header word), every group of 4
//    output channels gets one record in scratch: its 4 biases (raw, and folded: bias +
//    input_offset * sum of the channel's weights), its weights sign-extended as 16-bit pairs
//    (c0,c2) and (c1,c3) per tap, and its 4 channels' requantization constants (FastQuant). One
//    pointer walks the records of a pixel.
//  * ch_mult 1: 4 channels come from one word of input, split into the pairs by SXTB16 and
//    SXTB16 ROR 8, so 4 taps cost 1 load, 2 SXTB16, 2 weight loads and 4 SMLAxy. 3x3 pixels whose
//    taps all lie inside the image use the folded bias and address their taps from three row
//    pointers; other pixels use SXTAB16 (adds the input offset in the same instruction; x + offset
//    fits 16 bits) and the raw bias. ch_mult > 1: the input byte (plus offset) is shared by the
//    group's 4 output channels.
//  * 3x3, stride 1, dilation_w 1, every channel in a group: two horizontally adjacent inside
//    pixels run together, one lane pair (c0,c2 then c1,c3) at a time, so a filter row's 4 input
//    words and 3 weight words serve both pixels (pixel_pair_3x3_inside).
//  * 3x3, stride 2, dilation_w 1, every channel in a group (Cortex-M4 schedule): two horizontally
//    adjacent inside pixels share their middle input column (pixel_pair_3x3_inside<.., 2>).
//  * 3x3, ch_mult 1, every channel in a group: the inside pixels of an output row (the column
//    range is computed once per call) run as one call of the pair or single-pixel kernel; only
//    border pixels go through the per-pixel dispatch.
//  * Taps outside the image are skipped (TFLite's padding): a pixel's valid taps go to a short
//    list (input offset, weight offset) once per pixel, shared by all channels.
//  * Each group's 4 accumulators are requantized as soon as they are complete, by one of three
//    output stages chosen once per call (OutKind): requantize_fast_s8 (5 instructions, output zero
//    point folded into the rounding word, no per-output shift decoding) when fast_quant_ok();
//    else requantize_fast_d_s8 (the doubled form: also 5 instructions on the same three record
//    words, shifts of 0 too) when fast_quant_d_ok() and every shift-0 channel's accumulator is
//    bounded (zero_shift_bounded); else (narrow clamps, multipliers below 2^30, shifts outside
//    [-22, 0], huge biases: rare) every pixel runs the one small general kernel (convolve_general:
//    tap list, quant::requantize_s8_unprepared per output). Real tables (shifts <= -1) keep the
//    first form: its kernels' code is unchanged by the second (which GCC allocates differently).
// Channels that do not fill a group of 4 run a scalar loop.
#include "arch/dsp/intrinsics.h"
#include "arch/dsp/schedule.h"
#include "cmnn/depthwise.h"
#include "kernels/depthwise/depthwise_internal.h"
#include "kernels/depthwise/row5_3x3_dsp.h"
#include "kernels/depthwise/row6_3x3_dsp.h"
#include "quant/fixed_point.h"

namespace cmnn::depthwise {
namespace {

constexpr size_t kAlign = 8;
constexpr size_t align_up(size_t n) { return (n + kAlign - 1) & ~(kAlign - 1); }

size_t taps_of(const DepthwiseConvParams& p) { return static_cast<size_t>(p.filter_h) * static_cast<size_t>(p.filter_w); }
// Groups of 4 output channels (per input channel when ch_mult > 1).
size_t group_count(const DepthwiseConvParams& p) {
  if (p.ch_mult == 1) return static_cast<size_t>(p.input_c) / 4;
  return static_cast<size_t>(p.input_c) * (static_cast<size_t>(p.ch_mult) / 4);
}
// Words of one group record: folded bias[4] (bias + input_offset * sum of the channel's weights,
// for pixels with every tap inside), bias[4], weight pairs [taps][2], FastQuant[4] (3 words each).
size_t record_words(const DepthwiseConvParams& p) { return 8 + 2 * taps_of(p) + 12; }
constexpr size_t kFoldedBias = 0, kBias = 4, kWeights = 8;

struct Tap {
  int32_t input;    // byte offset of the tap's pixel from the image start (channel 0)
  int32_t weights;  // byte offset of the tap's weight pairs in a group record
  int32_t index;    // tap index ky * filter_w + kx
};

// Scratch: a header (whether the records hold FastQuant constants: decided once per call, and
// read back by the later calls of a row-band run, DepthwiseConvParams::scratch_prepared, instead of
// scanning every channel's multiplier again), the group records (unless
// params.has_prepared_records: then they are read from args.prepared_records, e.g. in flash), then
// the current pixel's valid taps.
// The output stage of a call (scratch header word 0; the records' requantization words hold
// make_fast_quant's constants for kOutFast, make_fast_quant_d's for kOutDoubled, zeros for
// kOutGeneral).
enum OutKind : uint32_t { kOutGeneral = 0, kOutDoubled = 1, kOutFast = 2 };

// True when output channel oc (shift 0) has |acc| <= 2^31 - 129 for every input: |bias| + 255 *
// sum |w| (|x + input_offset| <= 255), so the definition's y + output_offset cannot wrap there (the
// doubled form's condition). Real tables' biases are far smaller than the bound without the weights
// (|w| <= 128: quick_bias_limit), so the weights are summed only past it.
int64_t quick_bias_limit(const DepthwiseConvParams& p) {
  return int64_t{INT32_MAX} - 128 - int64_t{255} * 128 * p.filter_h * p.filter_w;
}
[[gnu::noinline]] bool zero_shift_bounded(const DepthwiseConvParams& p, const DepthwiseConvS8Args& a,
                                          const int8_t* filter, int32_t oc) {
  const int64_t bias = a.bias != nullptr ? a.bias[oc] : 0;
  const int64_t magnitude = bias < 0 ? -bias : bias;
  if (magnitude <= quick_bias_limit(p)) return true;
  const int32_t out_c = p.output_c(), taps = p.filter_h * p.filter_w;
  int64_t sum = 0;
  for (int32_t t = 0; t < taps; ++t) {
    const int32_t w = filter[static_cast<size_t>(t) * out_c + oc];
    sum += w < 0 ? -w : w;
  }
  return magnitude + 255 * sum <= int64_t{INT32_MAX} - 128;
}

// One pass over the output channels' multipliers and shifts (once per call; per-channel work
// dominates small layers such as 3x3x256): depthwise_conv_check's channel scan (kBadParameter
// unless multiplier >= 0 and shift in [-31, 30]; check_s8_but_channels leaves it to this), and the
// call's output stage in *kind: kOutFast when quant::fast_quant_ok holds (every multiplier >= 2^30,
// shift in [-23, -1], full int8 clamp); else kOutDoubled when quant::fast_quant_d_ok holds (shift
// in [-22, 0]) and every shift-0 channel is bounded (zero_shift_bounded); else kOutGeneral. The
// loop keeps only the shifts' minimum and maximum and the multipliers' OR and AND: every m is in
// [2^30, 2^31) iff no m has bit 31 and every m has bit 30.
Status scan_channels(const DepthwiseConvParams& p, const DepthwiseConvS8Args& a, const int8_t* filter, OutKind* kind) {
  const int32_t n = p.output_c();
  const int32_t* mult = a.output_multiplier;
  const int32_t* shift = a.output_shift;
  uint32_t m_or = 0, m_and = ~0u;
  int32_t lo = 0, hi = -1;
  if (n > 0) lo = hi = shift[0];
  for (int32_t c = 0; c < n; ++c) {
    const auto m = static_cast<uint32_t>(mult[c]);
    const int32_t sh = shift[c];
    m_or |= m;
    m_and &= m;
    lo = sh < lo ? sh : lo;
    hi = sh > hi ? sh : hi;
  }
  if ((m_or >> 31) != 0 || lo < -31 || hi > 30) return Status::kBadParameter;
  const bool ok_m = p.activation_min == -128 && p.activation_max == 127 && ((m_and >> 30) & 1u) != 0;
  *kind = kOutGeneral;
  if (ok_m && lo >= -23 && hi <= -1) {
    *kind = kOutFast;
  } else if (ok_m && lo >= -22 && hi <= 0) {
    *kind = kOutDoubled;
    for (int32_t c = 0; hi == 0 && c < n; ++c) {
      if (shift[c] == 0 && !zero_shift_bounded(p, a, filter, c)) {
        *kind = kOutGeneral;
        break;
      }
    }
  }
  return Status::kOk;
}

struct Layout {
  uint32_t* header;         // [kAlign / 4]: word 0 is the call's OutKind
  const uint32_t* records;  // [groups][record_words]
  uint32_t* fill;           // the records in scratch, to prepare; nullptr when prepared offline
  Tap* taps;                // [taps]
  uint32_t* ring;           // [3][ring_block channels][3 pair words] (ring_shape), else nullptr
};

size_t record_bytes_in_scratch(const DepthwiseConvParams& p) {
  return p.has_prepared_records ? 0 : align_up(group_count(p) * record_words(p) * 4);
}

// The ring of pre-widened input rows (row5::mac_ring): 5-wide images whose every output row runs
// as one whole-row call (at most one filter row outside the image): 3x3, ch_mult 1, every channel
// in a group of 4, stride 1, dilation 1, one column of padding on each side, pad_top <= 1 and
// input rows y0 = oy - pad_top in [-1, input_h - 2] for every output row oy.
// (input_w first: every call of the variant asks, and other layers are rarely 5 wide.)
bool ring_shape(const DepthwiseConvParams& p) {
  return p.input_w == 5 && p.filter_h == 3 && p.filter_w == 3 && p.ch_mult == 1 && p.input_c % 4 == 0 &&
         p.output_w == 5 && p.stride_w == 1 && p.stride_h == 1 && p.dilation_w == 1 && p.dilation_h == 1 &&
         p.pad_left == 1 && p.pad_top <= 1 && p.input_h >= 2 && p.output_h - 1 - p.pad_top <= p.input_h - 2;
}
// Channels of one ring block (a multiple of 4): the ring holds one block's rows at a time, so its
// size does not grow with the layer's channels (KWS's 64: two blocks, 1,152 B of ring).
constexpr int32_t kRingBlock = 32;
int32_t ring_block(const DepthwiseConvParams& p) { return p.input_c < kRingBlock ? p.input_c : kRingBlock; }
size_t ring_bytes(const DepthwiseConvParams& p) {
  return ring_shape(p) ? align_up(3 * static_cast<size_t>(ring_block(p)) * row5::kRingWords * 4) : 0;
}

size_t layout_bytes(const DepthwiseConvParams& p) {
  return 2 * kAlign + record_bytes_in_scratch(p) + align_up(taps_of(p) * sizeof(Tap)) + ring_bytes(p);
}

Layout carve(void* scratch, const DepthwiseConvParams& p, const DepthwiseConvS8Args& a) {
  auto at = (reinterpret_cast<uintptr_t>(scratch) + kAlign - 1) & ~uintptr_t{kAlign - 1};
  Layout l{};
  l.header = reinterpret_cast<uint32_t*>(at);
  at += kAlign;
  l.fill = p.has_prepared_records ? nullptr : reinterpret_cast<uint32_t*>(at);
  l.records = p.has_prepared_records ? reinterpret_cast<const uint32_t*>(a.prepared_records) : l.fill;
  at += record_bytes_in_scratch(p);
  l.taps = reinterpret_cast<Tap*>(at);
  at += align_up(taps_of(p) * sizeof(Tap));
  l.ring = ring_shape(p) ? reinterpret_cast<uint32_t*>(at) : nullptr;
  return l;
}

// One group's record: biases, weight pairs (SXTB16 of the tap's 4 weights gives (c0,c2), ROR 8
// gives (c1,c3)), requantization constants (only read on the fast path).
// The weight pairs of `taps` taps of 4 channels (f: channel 0 of tap 0, taps out_c bytes apart)
// into w[2 * tap], w[2 * tap + 1], and their per-lane sums; kTaps > 0: that many, unrolled.
template <int kTaps>
inline void widen_taps(const int8_t* f, int32_t out_c, int32_t taps, uint32_t* w, uint32_t& s02, uint32_t& s13) {
  const int32_t n = kTaps > 0 ? kTaps : taps;
  for (int32_t t = 0; t < n; ++t, f += out_c, w += 2) {
    const uint32_t v = dsp::load_u32(f);
    const uint32_t even = dsp::sxtb16(v), odd = dsp::sxtb16_ror8(v);
    w[0] = even;
    w[1] = odd;
    s02 = dsp::sadd16(s02, even);
    s13 = dsp::sadd16(s13, odd);
  }
}

// What prepare reads for every group (hoisted out of the group loop: the per-group work is what
// remains, ~1/6 of a 3x3x256 layer's est. m4 cycles before).
struct Filler {
  const int8_t* filter;
  const int32_t* bias;  // nullptr: zeros
  const int32_t* mult;
  const int32_t* shift;
  int32_t out_c, taps;
  uint32_t offsets;     // input_offset in both 16-bit halves
  int32_t output_offset;
  int32_t extra_shift;  // kOutFast 0, kOutDoubled 1 (make_fast_quant_d is make_fast_quant at shift - 1)
  bool quant;           // false (kOutGeneral): the requantization words are zeros
};

Filler filler(const DepthwiseConvParams& p, const DepthwiseConvS8Args& a, const int8_t* filter, OutKind kind) {
  const auto off = static_cast<uint32_t>(p.input_offset);
  return {filter,      a.bias,       a.output_multiplier,        a.output_shift,  p.output_c(),
          p.filter_h * p.filter_w, (off & 0xFFFFu) | (off << 16), p.output_offset, kind == kOutDoubled ? 1 : 0,
          kind != kOutGeneral};
}

// A record's biases and weight pairs. Inlined into prepare's loops, where f is a local: the record
// stores cannot alias its fields, so they stay in registers (by reference from memory, GCC
// reloaded them after every store).
[[gnu::always_inline]] inline void fill_record(const Filler& f, int32_t oc0, uint32_t* rec) {
  const int32_t taps = f.taps;
  uint32_t* w = rec + kWeights;
  // The weight sums run in the pairs' 16-bit lanes (exact while taps * 128 < 2^15).
  uint32_t s02 = 0, s13 = 0;
  if (taps == 9) {
    widen_taps<9>(f.filter + oc0, f.out_c, 9, w, s02, s13);  // 3x3: unrolled
  } else {
    widen_taps<0>(f.filter + oc0, f.out_c, taps, w, s02, s13);
  }
  // The biases after the weights: fewer values live across the taps (GCC spilled them there).
  int32_t b[4] = {0, 0, 0, 0};
  if (f.bias != nullptr) {
    for (int32_t i = 0; i < 4; ++i) b[i] = f.bias[oc0 + i];
  }
  for (int32_t i = 0; i < 4; ++i) rec[kBias + i] = static_cast<uint32_t>(b[i]);
  if (taps < 256) {
    // Folded bias: bias + input_offset * weight sum per lane (wrapping, as the uint32 sum below).
    rec[kFoldedBias + 0] = static_cast<uint32_t>(dsp::smlabb(s02, f.offsets, b[0]));
    rec[kFoldedBias + 2] = static_cast<uint32_t>(dsp::smlatt(s02, f.offsets, b[2]));
    rec[kFoldedBias + 1] = static_cast<uint32_t>(dsp::smlabb(s13, f.offsets, b[1]));
    rec[kFoldedBias + 3] = static_cast<uint32_t>(dsp::smlatt(s13, f.offsets, b[3]));
  } else {
    int32_t sums[4] = {0, 0, 0, 0};
    const int8_t* q = f.filter + oc0;
    for (int32_t t = 0; t < taps; ++t, q += f.out_c) {
      for (int32_t i = 0; i < 4; ++i) sums[i] += q[i];
    }
    const auto offset = static_cast<uint32_t>(static_cast<int16_t>(f.offsets & 0xFFFFu));
    for (int32_t i = 0; i < 4; ++i) rec[kFoldedBias + i] = static_cast<uint32_t>(b[i]) + static_cast<uint32_t>(sums[i]) * offset;
  }
}

// The 4 channels' requantization words of a record (q: its FastQuant[4]).
[[gnu::always_inline]] inline void fill_quant(const Filler& f, int32_t oc0, FastQuant* q) {
  for (int32_t i = 0; i < 4; ++i) {
    q[i] = f.quant ? make_fast_quant(f.mult[oc0 + i], f.shift[oc0 + i] - f.extra_shift, f.output_offset) : FastQuant{0, 0, 0};
  }
}

// fill(oc0, record) for every group of 4 output channels, in record order.
template <typename Fill>
[[gnu::always_inline]] inline void for_each_group(const DepthwiseConvParams& p, uint32_t* rec, Fill fill) {
  const size_t words = record_words(p);
  if (p.ch_mult == 1) {
    for (int32_t oc0 = 0; oc0 + 4 <= p.input_c; oc0 += 4, rec += words) fill(oc0, rec);
    return;
  }
  for (int32_t ic = 0; ic < p.input_c; ++ic) {
    for (int32_t m = 0; m + 4 <= p.ch_mult; m += 4, rec += words) fill(ic * p.ch_mult + m, rec);
  }
}

// Two passes over the records, weights and biases then the requantization words: each loop keeps
// few values live (one pass spilled to the stack: 236 est. m4 cycles per 3x3 record, ...).
void prepare(const DepthwiseConvParams& p, const DepthwiseConvS8Args& a, const int8_t* filter, OutKind kind,
             uint32_t* rec) {
  const Filler f = filler(p, a, filter, kind);
  const size_t quant_at = kWeights + 2 * taps_of(p);
  for_each_group(p, rec, [&](int32_t oc0, uint32_t* r) { fill_record(f, oc0, r); });
  for_each_group(p, rec, [&](int32_t oc0, uint32_t* r) { fill_quant(f, oc0, reinterpret_cast<FastQuant*>(r + quant_at)); });
}

// Output stage of one call.
struct Requant {
  const int32_t* mult;
  const int32_t* shift;
  int32_t offset, lo, hi;
};

// Two outputs of the fast output stage: interleaved in one block on a dual-issue core (Cortex-M7:
// one chain's ALU step issues beside the other's); one by one elsewhere, where the interleaved
// block only adds live registers (Cortex-M4: KWS 25x5x64 +3% est. cycles with it).
inline void requant2(int32_t a, int32_t b, const FastQuant& p, const FastQuant& q, int32_t& ya, int32_t& yb) {
#if CMNN_DUAL_ISSUE_SCHEDULE
  requantize_fast_s8_x2(a, b, p, q, ya, yb);
#else
  ya = requantize_fast_s8(a, p);
  yb = requantize_fast_s8(b, q);
#endif
}

// Requantizes and stores the 4 accumulators of output channels oc..oc+3 (q: their record words).
// offset: r.offset held in a register by the caller (the int8 stores may alias r).
// kOut: an OutKind (the kernels below take kFast: true for kOutFast, false for kOutDoubled).
template <int kOut>
inline void store4(int32_t a0, int32_t a1, int32_t a2, int32_t a3, const FastQuant* q, const Requant& r, int32_t offset,
                   int32_t oc, int8_t* out) {
  if constexpr (kOut == kOutFast) {
#if CMNN_DUAL_ISSUE_SCHEDULE
    int32_t y0, y1, y2, y3;
    requant2(a0, a1, q[0], q[1], y0, y1);
    requant2(a2, a3, q[2], q[3], y2, y3);
    out[0] = static_cast<int8_t>(y0);
    out[1] = static_cast<int8_t>(y1);
    out[2] = static_cast<int8_t>(y2);
    out[3] = static_cast<int8_t>(y3);
#else
    // Each store right after its output (all four first measured +1.9% on KWS's m4 estimate).
    out[0] = static_cast<int8_t>(requantize_fast_s8(a0, q[0]));
    out[1] = static_cast<int8_t>(requantize_fast_s8(a1, q[1]));
    out[2] = static_cast<int8_t>(requantize_fast_s8(a2, q[2]));
    out[3] = static_cast<int8_t>(requantize_fast_s8(a3, q[3]));
#endif
  } else if constexpr (kOut == kOutDoubled) {
    out[0] = static_cast<int8_t>(quant::requantize_fast_d_s8(a0, q[0]));
    out[1] = static_cast<int8_t>(quant::requantize_fast_d_s8(a1, q[1]));
    out[2] = static_cast<int8_t>(quant::requantize_fast_d_s8(a2, q[2]));
    out[3] = static_cast<int8_t>(quant::requantize_fast_d_s8(a3, q[3]));
  } else {
    out[0] = quant::requantize_s8_unprepared(a0, r.mult[oc], r.shift[oc], offset, r.lo, r.hi);
    out[1] = quant::requantize_s8_unprepared(a1, r.mult[oc + 1], r.shift[oc + 1], offset, r.lo, r.hi);
    out[2] = quant::requantize_s8_unprepared(a2, r.mult[oc + 2], r.shift[oc + 2], offset, r.lo, r.hi);
    out[3] = quant::requantize_s8_unprepared(a3, r.mult[oc + 3], r.shift[oc + 3], offset, r.lo, r.hi);
  }
}

// One tap of 4 channels: x holds the channels' input bytes, w the tap's two weight pairs,
// offsets the input offset in both 16-bit lanes.
inline void mac4(uint32_t x, const uint32_t* w, uint32_t offsets, int32_t& a0, int32_t& a1, int32_t& a2, int32_t& a3) {
  const uint32_t x02 = dsp::sxtab16(offsets, x), x13 = dsp::sxtab16_ror8(offsets, x);
  const uint32_t w02 = w[0], w13 = w[1];
  a0 = dsp::smlabb(x02, w02, a0);
  a2 = dsp::smlatt(x02, w02, a2);
  a1 = dsp::smlabb(x13, w13, a1);
  a3 = dsp::smlatt(x13, w13, a3);
}

// One tap of 4 channels without the input offset (folded into the bias).
inline void mac4_folded(uint32_t x, const uint32_t* w, int32_t& a0, int32_t& a1, int32_t& a2, int32_t& a3) {
  const uint32_t x02 = dsp::sxtb16(x), x13 = dsp::sxtb16_ror8(x);
  const uint32_t w02 = w[0], w13 = w[1];
  a0 = dsp::smlabb(x02, w02, a0);
  a2 = dsp::smlatt(x02, w02, a2);
  a1 = dsp::smlabb(x13, w13, a1);
  a3 = dsp::smlatt(x13, w13, a3);
}

#if defined(__ARM_FEATURE_DSP) && !CMNN_DUAL_ISSUE_SCHEDULE
// One tap in the assembly below (Cortex-M4): input word at [q + idx], weight words w[k], w[k + 1]
// loaded as a run of three (a load next to a load is pipelined on the M4), then 2 SXTB16, `mid`
// (a row-pointer step for the next tap: there, not right before the next load, it costs no
// address-dependency stall) and 4 SMLAxy.
#define CMNN_DW_TAP(addr, k, mid)                  \
  "ldr %[x], " addr "\n\t"                         \
  "ldr %[u], [%[w], #" #k "*8]\n\t"                \
  "ldr %[v], [%[w], #" #k "*8+4]\n\t"              \
  "sxtb16 %[t], %[x], ror #8\n\t"                 \
  "sxtb16 %[x], %[x]\n\t" mid                      \
  "smlabb %[a0], %[x], %[u], %[a0]\n\t"            \
  "smlatt %[a2], %[x], %[u], %[a2]\n\t"            \
  "smlabb %[a1], %[t], %[v], %[a1]\n\t"            \
  "smlatt %[a3], %[t], %[v], %[a3]\n\t"

#endif

// A kRows x kCols rectangle of taps (a 3x3 filter's valid taps at an image border: 2x2, 2x3 or
// 3x2) for one group, the input offset added per tap by SXTAB16 (raw bias in a0..a3): row r,
// column c at q + r * row_step + c * col, its weight pairs at w[2 * (3r + c)], w[2 * (3r + c) + 1].
// Armv7E-M: the whole rectangle is one assembly block (12 registers; the row pointer steps once per
// filter row by row_step, read from memory into the dead weight register u because a 13th register
// operand leaves GCC no allocation in the plain-requantization callers; the third column is
// addressed as [q, col, lsl #1]), so nothing spills between taps; elsewhere the same in C.
template <int kRows, int kCols>
inline void mac_rect_offset(const int8_t* q, int32_t row_step, int32_t col, const uint32_t* w, uint32_t offsets,
                            int32_t& a0, int32_t& a1, int32_t& a2, int32_t& a3) {
  static_assert((kRows == 2 && (kCols == 2 || kCols == 3)) || (kRows == 3 && kCols == 2),
                "border rectangles of a 3x3 filter handled here: 2x2, 2x3, 3x2");
#if defined(__ARM_FEATURE_DSP)
  uint32_t x, t, u, v;
#define CMNN_DW_RECT_ASM(body)                                                                              \
  __asm__(body                                                                                              \
          : [q] "+r"(q), [a0] "+r"(a0), [a1] "+r"(a1), [a2] "+r"(a2), [a3] "+r"(a3), [x] "=&r"(x),            \
            [t] "=&r"(t), [u] "=&r"(u), [v] "=&r"(v)                                                        \
          : [col] "r"(col), [rs] "m"(row_step), [w] "r"(w), [off] "r"(offsets))
#define CMNN_DW_C0 "[%[q]]"
#define CMNN_DW_C1 "[%[q], %[col]]"
#define CMNN_DW_C2 "[%[q], %[col], lsl #1]"
// Row step through a dead register T.
#define CMNN_DW_RS(T) "ldr %[" T "], %[rs]\n\t" "add %[q], %[q], %[" T "]\n\t"
#if CMNN_DUAL_ISSUE_SCHEDULE
  // Cortex-M7: mac_3x3_inside's one-tap-ahead pairing (x and t swap the raw/odd roles per tap); the
  // next tap's input word loads beside this tap's third SMLAxy (after the row step, through that
  // dead register, when the next tap starts a row), its v word beside the fourth, its u word beside its own first SXTAB16.
#define CMNN_DW_T(R, O, k, next)                           \
  "sxtab16 %[" O "], %[off], %[" R "], ror #8\n\t"       \
  "ldr %[u], [%[w], #" #k "*8]\n\t"                      \
  "sxtab16 %[" R "], %[off], %[" R "]\n\t"               \
  "smlabb %[a1], %[" O "], %[v], %[a1]\n\t"              \
  "smlatt %[a3], %[" O "], %[v], %[a3]\n\t"              \
  "smlabb %[a0], %[" R "], %[u], %[a0]\n\t" next         \
  "smlatt %[a2], %[" R "], %[u], %[a2]\n\t"
#define CMNN_DW_N(O, addr, k1) "ldr %[" O "], " addr "\n\t" "ldr %[v], [%[w], #" #k1 "*8+4]\n\t"
#define CMNN_DW_START "ldr %[x], [%[q]]\n\t" "ldr %[v], [%[w], #4]\n\t"
  if constexpr (kRows == 2 && kCols == 2) {
    CMNN_DW_RECT_ASM(CMNN_DW_START CMNN_DW_T("x", "t", 0, CMNN_DW_N("t", CMNN_DW_C1, 1))
                         CMNN_DW_T("t", "x", 1, CMNN_DW_RS("x") CMNN_DW_N("x", CMNN_DW_C0, 3))
                             CMNN_DW_T("x", "t", 3, CMNN_DW_N("t", CMNN_DW_C1, 4)) CMNN_DW_T("t", "x", 4, ""));
  } else if constexpr (kRows == 2) {
    CMNN_DW_RECT_ASM(CMNN_DW_START CMNN_DW_T("x", "t", 0, CMNN_DW_N("t", CMNN_DW_C1, 1))
                         CMNN_DW_T("t", "x", 1, CMNN_DW_N("x", CMNN_DW_C2, 2))
                             CMNN_DW_T("x", "t", 2, CMNN_DW_RS("t") CMNN_DW_N("t", CMNN_DW_C0, 3))
                                 CMNN_DW_T("t", "x", 3, CMNN_DW_N("x", CMNN_DW_C1, 4))
                                     CMNN_DW_T("x", "t", 4, CMNN_DW_N("t", CMNN_DW_C2, 5)) CMNN_DW_T("t", "x", 5, ""));
  } else {
    CMNN_DW_RECT_ASM(CMNN_DW_START CMNN_DW_T("x", "t", 0, CMNN_DW_N("t", CMNN_DW_C1, 1))
                         CMNN_DW_T("t", "x", 1, CMNN_DW_RS("x") CMNN_DW_N("x", CMNN_DW_C0, 3))
                             CMNN_DW_T("x", "t", 3, CMNN_DW_N("t", CMNN_DW_C1, 4))
                                 CMNN_DW_T("t", "x", 4, CMNN_DW_RS("x") CMNN_DW_N("x", CMNN_DW_C0, 6))
                                     CMNN_DW_T("x", "t", 6, CMNN_DW_N("t", CMNN_DW_C1, 7)) CMNN_DW_T("t", "x", 7, ""));
  }
#undef CMNN_DW_T
#undef CMNN_DW_N
#undef CMNN_DW_START
#else
  // Cortex-M4: per tap the input word and the two weight words load as a run of three (a load
  // next to a load is pipelined), 2 SXTAB16, 4 SMLAxy; the row step sits between the SMLAxy of a
  // row's last tap (u is dead there), away from the next load that reads q.
#define CMNN_DW_T(addr, k, mid)                    \
  "ldr %[x], " addr "\n\t"                         \
  "ldr %[u], [%[w], #" #k "*8]\n\t"                \
  "ldr %[v], [%[w], #" #k "*8+4]\n\t"              \
  "sxtab16 %[t], %[off], %[x], ror #8\n\t"        \
  "sxtab16 %[x], %[off], %[x]\n\t"                 \
  "smlabb %[a0], %[x], %[u], %[a0]\n\t"            \
  "smlatt %[a2], %[x], %[u], %[a2]\n\t" mid        \
  "smlabb %[a1], %[t], %[v], %[a1]\n\t"            \
  "smlatt %[a3], %[t], %[v], %[a3]\n\t"
  if constexpr (kRows == 2 && kCols == 2) {
    CMNN_DW_RECT_ASM(CMNN_DW_T(CMNN_DW_C0, 0, "") CMNN_DW_T(CMNN_DW_C1, 1, CMNN_DW_RS("u")) CMNN_DW_T(CMNN_DW_C0, 3, "")
                         CMNN_DW_T(CMNN_DW_C1, 4, ""));
  } else if constexpr (kRows == 2) {
    CMNN_DW_RECT_ASM(CMNN_DW_T(CMNN_DW_C0, 0, "") CMNN_DW_T(CMNN_DW_C1, 1, "") CMNN_DW_T(CMNN_DW_C2, 2, CMNN_DW_RS("u"))
                         CMNN_DW_T(CMNN_DW_C0, 3, "") CMNN_DW_T(CMNN_DW_C1, 4, "") CMNN_DW_T(CMNN_DW_C2, 5, ""));
  } else {
    CMNN_DW_RECT_ASM(CMNN_DW_T(CMNN_DW_C0, 0, "") CMNN_DW_T(CMNN_DW_C1, 1, CMNN_DW_RS("u")) CMNN_DW_T(CMNN_DW_C0, 3, "")
                         CMNN_DW_T(CMNN_DW_C1, 4, CMNN_DW_RS("u")) CMNN_DW_T(CMNN_DW_C0, 6, "")
                             CMNN_DW_T(CMNN_DW_C1, 7, ""));
  }
#undef CMNN_DW_T
#endif
#undef CMNN_DW_RECT_ASM
#undef CMNN_DW_C0
#undef CMNN_DW_C1
#undef CMNN_DW_C2
#undef CMNN_DW_RS
#else
  for (int r = 0; r < kRows; ++r, q += row_step) {
    for (int c = 0; c < kCols; ++c) mac4(dsp::load_u32(q + c * col), w + 2 * (3 * r + c), offsets, a0, a1, a2, a3);
  }
#endif
}

// The 9 taps of a 3x3 pixel inside the image for one group (folded bias in a0..a3): row r, column
// c at p0 + r * row_step + c * col; w: the group's weight pairs. Armv7E-M: one assembly block
// (12 registers, every weight word loaded once, 86 instructions), elsewhere the same in C.
inline void mac_3x3_inside(const int8_t* p0, int32_t row_step, int32_t col, const uint32_t* w, int32_t& a0,
                           int32_t& a1, int32_t& a2, int32_t& a3) {
#if defined(__ARM_FEATURE_DSP) && CMNN_DUAL_ISSUE_SCHEDULE
  // Cortex-M7: every load is the second of a pair behind a DSP instruction that does not read it,
  // one tap ahead: the next tap's input word loads beside this tap's third SMLAxy (into the
  // register whose odd lanes are dead by then, so the raw/odd roles of x and t swap every tap), its
  // v word beside the fourth, its u word beside its own first SXTB16; the second SXTB16 pairs with
  // the first SMLAxy (a MAC may issue second, a SIMD instruction may not) and the row pointer steps
  // beside the second SMLAxy. 5 issue groups per tap on the m7 model (was 6 where the pointer
  // stepped beside the second SXTB16), ~47 per pixel and group.
  const int32_t next_row = row_step - col;
  uint32_t x, t, u, v;
#define CMNN_DW_TAP_M7(R, O, k, mid, next)                 \
  "sxtb16 %[" O "], %[" R "], ror #8\n\t"                \
  "ldr %[u], [%[w], #" #k "*8]\n\t"                      \
  "sxtb16 %[" R "], %[" R "]\n\t"                        \
  "smlabb %[a1], %[" O "], %[v], %[a1]\n\t"              \
  "smlatt %[a3], %[" O "], %[v], %[a3]\n\t" mid          \
  "smlabb %[a0], %[" R "], %[u], %[a0]\n\t" next         \
  "smlatt %[a2], %[" R "], %[u], %[a2]\n\t"
#define CMNN_DW_NEXT(O, addr) "ldr %[" O "], " addr "\n\t"
#define CMNN_DW_V(k1) "ldr %[v], [%[w], #" #k1 "*8+4]\n\t"
#define CMNN_DW_COL "add %[q], %[q], %[col]\n\t"
#define CMNN_DW_ROW "add %[q], %[q], %[nr]\n\t"
  __asm__("ldr %[x], [%[q]]\n\t"
          "ldr %[v], [%[w], #4]\n\t"
          CMNN_DW_TAP_M7("x", "t", 0, "", CMNN_DW_NEXT("t", "[%[q], %[col]]")) CMNN_DW_V(1)
          CMNN_DW_TAP_M7("t", "x", 1, CMNN_DW_COL, CMNN_DW_NEXT("x", "[%[q], %[col]]")) CMNN_DW_V(2)
          CMNN_DW_TAP_M7("x", "t", 2, CMNN_DW_ROW, CMNN_DW_NEXT("t", "[%[q]]")) CMNN_DW_V(3)
          CMNN_DW_TAP_M7("t", "x", 3, "", CMNN_DW_NEXT("x", "[%[q], %[col]]")) CMNN_DW_V(4)
          CMNN_DW_TAP_M7("x", "t", 4, CMNN_DW_COL, CMNN_DW_NEXT("t", "[%[q], %[col]]")) CMNN_DW_V(5)
          CMNN_DW_TAP_M7("t", "x", 5, CMNN_DW_ROW, CMNN_DW_NEXT("x", "[%[q]]")) CMNN_DW_V(6)
          CMNN_DW_TAP_M7("x", "t", 6, "", CMNN_DW_NEXT("t", "[%[q], %[col]]")) CMNN_DW_V(7)
          CMNN_DW_TAP_M7("t", "x", 7, CMNN_DW_COL, CMNN_DW_NEXT("x", "[%[q], %[col]]")) CMNN_DW_V(8)
          CMNN_DW_TAP_M7("x", "t", 8, "", "")
          : [q] "+&r"(p0), [a0] "+&r"(a0), [a1] "+&r"(a1), [a2] "+&r"(a2), [a3] "+&r"(a3), [x] "=&r"(x), [t] "=&r"(t),
            [u] "=&r"(u), [v] "=&r"(v)
          : [col] "r"(col), [nr] "r"(next_row), [w] "r"(w));
#undef CMNN_DW_TAP_M7
#undef CMNN_DW_NEXT
#undef CMNN_DW_V
#undef CMNN_DW_COL
#undef CMNN_DW_ROW
#elif defined(__ARM_FEATURE_DSP)
  const int32_t next_row = row_step - col;  // from column 1 of a row to column 0 of the next
  uint32_t x, t, u, v;
#define CMNN_DW_COL "add %[q], %[q], %[col]\n\t"
#define CMNN_DW_ROW "add %[q], %[q], %[nr]\n\t"
  __asm__(CMNN_DW_TAP("[%[q]]", 0, "") CMNN_DW_TAP("[%[q], %[col]]", 1, CMNN_DW_COL)
          CMNN_DW_TAP("[%[q], %[col]]", 2, CMNN_DW_ROW) CMNN_DW_TAP("[%[q]]", 3, "")
          CMNN_DW_TAP("[%[q], %[col]]", 4, CMNN_DW_COL) CMNN_DW_TAP("[%[q], %[col]]", 5, CMNN_DW_ROW)
          CMNN_DW_TAP("[%[q]]", 6, "") CMNN_DW_TAP("[%[q], %[col]]", 7, CMNN_DW_COL)
          CMNN_DW_TAP("[%[q], %[col]]", 8, "")
          : [q] "+&r"(p0), [a0] "+&r"(a0), [a1] "+&r"(a1), [a2] "+&r"(a2), [a3] "+&r"(a3), [x] "=&r"(x), [t] "=&r"(t),
            [u] "=&r"(u), [v] "=&r"(v)
          : [col] "r"(col), [nr] "r"(next_row), [w] "r"(w));
#undef CMNN_DW_COL
#undef CMNN_DW_ROW
#else
  const int8_t* p1 = p0 + row_step;
  const int8_t* p2 = p1 + row_step;
  const int8_t* rows[3] = {p0, p1, p2};
  for (int r = 0; r < 3; ++r) {
    for (int c = 0; c < 3; ++c) mac4_folded(dsp::load_u32(rows[r] + c * col), w + 2 * (3 * r + c), a0, a1, a2, a3);
  }
#endif
}

// n 3x3 pixels of one output row whose taps all lie inside the image (the first at p0, the next
// pixel's taps in_step bytes on, its output out_c bytes on), ch_mult 1, every group: taps addressed
// from three row pointers and a column step; the input offset comes with the folded bias. One call
// per run of inside pixels, not per pixel (the per-pixel dispatch cost ~47 est. m4 cycles).
template <bool kFast>
[[gnu::noinline]] void pixel_3x3_inside(const int8_t* p0, int32_t row_step, int32_t col, int32_t groups,
                                        const uint32_t* rec, size_t words, const Requant& r, int8_t* out,
                                        int32_t n, int32_t in_step, int32_t out_c) {
  const int32_t offset = r.offset;
  for (; n > 0; --n, p0 += in_step, out += out_c) {
    const int8_t* q = p0;
    const uint32_t* rc = rec;
    int8_t* o = out;
    for (int32_t g = 0; g < groups; ++g, q += 4, rc += words, o += 4) {
      const uint32_t* w = rc + kWeights;
      auto a0 = static_cast<int32_t>(rc[kFoldedBias]), a1 = static_cast<int32_t>(rc[kFoldedBias + 1]);
      auto a2 = static_cast<int32_t>(rc[kFoldedBias + 2]), a3 = static_cast<int32_t>(rc[kFoldedBias + 3]);
      mac_3x3_inside(q, row_step, col, w, a0, a1, a2, a3);
      store4<kFast ? kOutFast : kOutDoubled>(a0, a1, a2, a3, reinterpret_cast<const FastQuant*>(w + 18), r, offset, 4 * g, o);
    }
  }
}

// Two horizontally adjacent 3x3 pixels inside the image (stride 1, dilation_w 1: pixel B's
// columns are pixel A's shifted by one, so a filter row reads 4 input words for both), one lane
// pair of one group: kLane 0 takes channels (c0, c2) of each input word (SXTB16), kLane 1 takes
// (c1, c3) (SXTB16 ROR 8), each with its weight word per tap (record word 2 * tap + kLane). A
// filter row's 3 weight words stay in registers for both pixels, so per row and lane 4 input
// loads, 3 weight loads, 4 SXTB16 and 12 SMLAxy make 12 MACs (the single-pixel path: 9 loads,
// 6 SXTB16, 12 SMLAxy). Folded bias in a0 (c_lane), a2 (c_lane+2) of A and b0, b2 of B.
// Armv7E-M: one assembly block per lane (13 registers; Cortex-M4: loads in runs; Cortex-M7: each
// load or add issued beside a DSP instruction), elsewhere the same in C.
// kRowSet (every variant here): 0 = filter rows 0..2; 1 = rows 1, 2 (row 0 above the image, q at
// the input row of filter row 1); 2 = rows 0, 1 (row 2 below the image). 1 and 2: Cortex-M4
// schedule (or C) only, the caller takes the missing row off the folded bias (row_bias_fix).
template <int kRowSet>
constexpr int kFirstRow = kRowSet == 1 ? 1 : 0;
template <int kRowSet>
constexpr int kRowCount = kRowSet == 0 ? 3 : 2;
// One filter row of two horizontally adjacent output pixels, kStep input columns apart (the
// portable form of the pair kernels' assembly): the 2 + kStep input words of the row widened to
// this lane's channel pair, then the three taps (weight words w[2k + kLane]) into pixel A's (a0,
// a2) and pixel B's (b0, b2) sums.
template <int kLane, int kStep>
inline void mac_pair_row_c(const int8_t* q, int32_t col, const uint32_t* w, int32_t& a0, int32_t& a2, int32_t& b0,
                           int32_t& b2) {
  uint32_t x[3 + kStep];
  for (int c = 0; c < 3 + kStep; ++c) {
    const uint32_t v = dsp::load_u32(q + c * col);
    x[c] = kLane == 0 ? dsp::sxtb16(v) : dsp::sxtb16_ror8(v);
  }
  for (int k = 0; k < 3; ++k) {
    const uint32_t wk = w[2 * k + kLane];
    a0 = dsp::smlabb(x[k], wk, a0);
    a2 = dsp::smlatt(x[k], wk, a2);
    b0 = dsp::smlabb(x[k + kStep], wk, b0);
    b2 = dsp::smlatt(x[k + kStep], wk, b2);
  }
}


template <int kLane, int kRowSet = 0>
inline void mac_pair_3x3_inside(const int8_t* q, int32_t row_step, int32_t col, const uint32_t* w, int32_t& a0,
                                int32_t& a2, int32_t& b0, int32_t& b2) {
  static_assert(kLane == 0 || kLane == 1, "two lane pairs per group");
#if defined(__ARM_FEATURE_DSP) && CMNN_DUAL_ISSUE_SCHEDULE
  static_assert(kRowSet == 0, "two-row pairs run on the Cortex-M4 schedule only");
  // Cortex-M7 (m7 model: no two MACs together, a SIMD instruction never second, a loaded value
  // not used by the next issue group): per filter row 12 SMLAxy, 4 SXTB16 and 9 loads/adds in 14
  // issue groups: each SXTB16 but the row's first issues beside a load or an SMLAxy that does not
  // read it, the loads and adds beside SMLAxy or SXTB16, each load at least two groups before its
  // use (the row's third weight, its columns 2 and 3, the next row's w0, w1, columns 0 and 1).
  // 46 issue groups per lane (was 52 with every DSP instruction alone).
  const int32_t next_row = row_step - col;  // q steps one column inside each row
  uint32_t x, y, w0, w1, w2;
  // Columns 0 and 1 of a row (x, y: raw, loaded earlier) against w0, w1; loads columns 2, 3.
#define CMNN_DW_P7_HEAD(k2, L, EXT)                                            \
  "sxtb16 %[x], %[x]" EXT "\n\t"                                              \
  "ldr %[w2], [%[w], #" #k2 "*8+" L "]\n\t"                                    \
  "sxtb16 %[y], %[y]" EXT "\n\t"                                              \
  "smlabb %[a0], %[x], %[w0], %[a0]\n\t"                                      \
  "smlatt %[a2], %[x], %[w0], %[a2]\n\t"                                      \
  "add %[q], %[q], %[col]\n\t"                                                 \
  "ldr %[x], [%[q], %[col]]\n\t"                                               \
  "smlabb %[a0], %[y], %[w1], %[a0]\n\t"                                      \
  "smlatt %[a2], %[y], %[w1], %[a2]\n\t"                                      \
  "smlabb %[b0], %[y], %[w0], %[b0]\n\t"                                      \
  "smlatt %[b2], %[y], %[w0], %[b2]\n\t"                                      \
  "ldr %[y], [%[q], %[col], lsl #1]\n\t"
  // Columns 2 and 3, then the next row's weight words nk0, nk1 and columns 0, 1 (ROW) or nothing (LAST).
#define CMNN_DW_P7_ROW(k2, nk0, nk1, L, EXT)                                   \
  CMNN_DW_P7_HEAD(k2, L, EXT)                                                  \
  "sxtb16 %[x], %[x]" EXT "\n\t"                                              \
  "ldr %[w0], [%[w], #" #nk0 "*8+" L "]\n\t"                                   \
  "sxtb16 %[y], %[y]" EXT "\n\t"                                              \
  "smlabb %[a0], %[x], %[w2], %[a0]\n\t"                                      \
  "smlatt %[a2], %[x], %[w2], %[a2]\n\t"                                      \
  "add %[q], %[q], %[nr]\n\t"                                                  \
  "smlabb %[b0], %[x], %[w1], %[b0]\n\t"                                      \
  "smlatt %[b2], %[x], %[w1], %[b2]\n\t"                                      \
  "ldr %[w1], [%[w], #" #nk1 "*8+" L "]\n\t"                                   \
  "ldr %[x], [%[q]]\n\t"                                                       \
  "smlabb %[b0], %[y], %[w2], %[b0]\n\t"                                      \
  "smlatt %[b2], %[y], %[w2], %[b2]\n\t"                                      \
  "ldr %[y], [%[q], %[col]]\n\t"
#define CMNN_DW_P7_LAST(k2, L, EXT)                                            \
  CMNN_DW_P7_HEAD(k2, L, EXT)                                                  \
  "sxtb16 %[x], %[x]" EXT "\n\t"                                              \
  "sxtb16 %[y], %[y]" EXT "\n\t"                                              \
  "smlabb %[a0], %[x], %[w2], %[a0]\n\t"                                      \
  "smlatt %[a2], %[x], %[w2], %[a2]\n\t"                                      \
  "smlabb %[b0], %[x], %[w1], %[b0]\n\t"                                      \
  "smlatt %[b2], %[x], %[w1], %[b2]\n\t"                                      \
  "smlabb %[b0], %[y], %[w2], %[b0]\n\t"                                      \
  "smlatt %[b2], %[y], %[w2], %[b2]\n\t"
#define CMNN_DW_P7_ASM(L, EXT)                                                                              \
  __asm__("ldr %[w0], [%[w], #0*8+" L "]\n\t"                                                               \
          "ldr %[w1], [%[w], #1*8+" L "]\n\t"                                                               \
          "ldr %[x], [%[q]]\n\t"                                                                            \
          "ldr %[y], [%[q], %[col]]\n\t" CMNN_DW_P7_ROW(2, 3, 4, L, EXT) CMNN_DW_P7_ROW(5, 6, 7, L, EXT)       \
              CMNN_DW_P7_LAST(8, L, EXT)                                                                    \
          : [q] "+r"(q), [a0] "+r"(a0), [a2] "+r"(a2), [b0] "+r"(b0), [b2] "+r"(b2), [x] "=&r"(x),            \
            [y] "=&r"(y), [w0] "=&r"(w0), [w1] "=&r"(w1), [w2] "=&r"(w2)                                    \
          : [col] "r"(col), [nr] "r"(next_row), [w] "r"(w))
  if constexpr (kLane == 0) {
    CMNN_DW_P7_ASM("0", "");
  } else {
    CMNN_DW_P7_ASM("4", ", ror #8");
  }
#undef CMNN_DW_P7_ASM
#undef CMNN_DW_P7_LAST
#undef CMNN_DW_P7_ROW
#undef CMNN_DW_P7_HEAD
#elif defined(__ARM_FEATURE_DSP)
  const int32_t next_row = row_step - col;  // q steps one column inside each row
  uint32_t x, y, w0, w1, w2;
  // One filter row (weight words k0, k0 + 1, k0 + 2 of this lane); `step` ends it (row step or "").
#define CMNN_DW_PAIR_ROW(k0, k1, k2, L, EXTX, EXTY, step)          \
  "ldr %[w0], [%[w], #" #k0 "*8+" L "]\n\t"                        \
  "ldr %[w1], [%[w], #" #k1 "*8+" L "]\n\t"                        \
  "ldr %[w2], [%[w], #" #k2 "*8+" L "]\n\t"                        \
  "ldr %[x], [%[q]]\n\t"                                           \
  "ldr %[y], [%[q], %[col]]\n\t" EXTX EXTY                         \
  "smlabb %[a0], %[x], %[w0], %[a0]\n\t"                           \
  "smlatt %[a2], %[x], %[w0], %[a2]\n\t"                           \
  "add %[q], %[q], %[col]\n\t"                                     \
  "smlabb %[a0], %[y], %[w1], %[a0]\n\t"                           \
  "smlatt %[a2], %[y], %[w1], %[a2]\n\t"                           \
  "smlabb %[b0], %[y], %[w0], %[b0]\n\t"                           \
  "smlatt %[b2], %[y], %[w0], %[b2]\n\t"                           \
  "ldr %[x], [%[q], %[col]]\n\t"                                   \
  "ldr %[y], [%[q], %[col], lsl #1]\n\t" EXTX EXTY                 \
  "smlabb %[a0], %[x], %[w2], %[a0]\n\t"                           \
  "smlatt %[a2], %[x], %[w2], %[a2]\n\t"                           \
  "smlabb %[b0], %[x], %[w1], %[b0]\n\t"                           \
  "smlatt %[b2], %[x], %[w1], %[b2]\n\t" step                      \
  "smlabb %[b0], %[y], %[w2], %[b0]\n\t"                           \
  "smlatt %[b2], %[y], %[w2], %[b2]\n\t"
#define CMNN_DW_NR "add %[q], %[q], %[nr]\n\t"
#define CMNN_DW_PAIR_ASM(ROWS)                                                                              \
  __asm__(ROWS                                                                                              \
          : [q] "+r"(q), [a0] "+r"(a0), [a2] "+r"(a2), [b0] "+r"(b0), [b2] "+r"(b2), [x] "=&r"(x),            \
            [y] "=&r"(y), [w0] "=&r"(w0), [w1] "=&r"(w1), [w2] "=&r"(w2)                                    \
          : [col] "r"(col), [nr] "r"(next_row), [w] "r"(w))
#define CMNN_DW_PAIR_LANE(L, EX, EY)                                                                        \
  if constexpr (kRowSet == 0) {                                                                             \
    CMNN_DW_PAIR_ASM(CMNN_DW_PAIR_ROW(0, 1, 2, L, EX, EY, CMNN_DW_NR)                                       \
                         CMNN_DW_PAIR_ROW(3, 4, 5, L, EX, EY, CMNN_DW_NR) CMNN_DW_PAIR_ROW(6, 7, 8, L, EX, EY, "")); \
  } else if constexpr (kRowSet == 1) {                                                                      \
    CMNN_DW_PAIR_ASM(CMNN_DW_PAIR_ROW(3, 4, 5, L, EX, EY, CMNN_DW_NR) CMNN_DW_PAIR_ROW(6, 7, 8, L, EX, EY, "")); \
  } else {                                                                                                  \
    CMNN_DW_PAIR_ASM(CMNN_DW_PAIR_ROW(0, 1, 2, L, EX, EY, CMNN_DW_NR) CMNN_DW_PAIR_ROW(3, 4, 5, L, EX, EY, "")); \
  }
  if constexpr (kLane == 0) {
    CMNN_DW_PAIR_LANE("0", "sxtb16 %[x], %[x]\n\t", "sxtb16 %[y], %[y]\n\t")
  } else {
    CMNN_DW_PAIR_LANE("4", "sxtb16 %[x], %[x], ror #8\n\t", "sxtb16 %[y], %[y], ror #8\n\t")
  }
#undef CMNN_DW_PAIR_LANE
#undef CMNN_DW_PAIR_ASM
#undef CMNN_DW_NR
#else
  for (int r = kFirstRow<kRowSet>; r < kFirstRow<kRowSet> + kRowCount<kRowSet>; ++r, q += row_step) {
    mac_pair_row_c<kLane, 1>(q, col, w + 6 * r, a0, a2, b0, b2);
  }
#endif
}

// Edge pairs (3x3, stride 1, dilation 1, all three filter rows inside): the border pixel of a row
// that misses one input column, run together with its inside neighbour on the columns they share.
// kLeft: A misses column -1 (taps kx 1, 2 on input columns 0, 1 at q, q + col), B reads columns
// 0..2. Right (!kLeft): A reads columns 0..2 at q, B misses column 3 (taps kx 0, 1 on columns 1, 2).
// Per filter row and lane: 3 input loads, 3 weight loads, 3 SXTB16 and 10 SMLAxy for 10 MACs (the
// border rectangle alone: 6 taps of 3 loads, 2 SXTAB16 and 4 SMLAxy per 4 channels, and the
// neighbour alone 9 taps). Both start from the folded bias, so the border pixel also takes
// neg_offsets (-input_offset in both halves) times its missing tap's weight per row (2 SMLAxy, the
// word loaded from memory into a dead register). One lane (kLane as in mac_pair_3x3_inside);
// Armv7E-M: one assembly block (13 registers, loads in runs), elsewhere the same in C.
template <bool kLeft, int kLane, int kRowSet = 0>
inline void mac_edge_pair_3x3(const int8_t* q, int32_t row_step, int32_t col, const uint32_t* w,
                              const uint32_t& neg_offsets, int32_t& a0, int32_t& a2, int32_t& b0, int32_t& b2) {
#if defined(__ARM_FEATURE_DSP)
  uint32_t x, y, w0, w1, w2;
  // One filter row: weight words k0..k0+2 of this lane, columns 0 and 1, then column 2; `step` ends it.
#define CMNN_DW_EDGE_ROW(k0, k1, k2, L, EXT, FIRST, LAST, step)  \
  "ldr %[w0], [%[w], #" #k0 "*8+" L "]\n\t"                    \
  "ldr %[w1], [%[w], #" #k1 "*8+" L "]\n\t"                    \
  "ldr %[w2], [%[w], #" #k2 "*8+" L "]\n\t"                    \
  "ldr %[x], [%[q]]\n\t"                                       \
  "ldr %[y], [%[q], %[col]]\n\t"                               \
  "sxtb16 %[x], %[x]" EXT "\n\t"                              \
  "sxtb16 %[y], %[y]" EXT "\n\t" FIRST                        \
  "ldr %[x], [%[q], %[col], lsl #1]\n\t"                       \
  "ldr %[y], %[neg]\n\t" step                                  \
  "sxtb16 %[x], %[x]" EXT "\n\t" LAST
  // Left: A = x*w1 + y*w2, B = x*w0 + y*w1 (+ column 2 * w2).
#define CMNN_DW_EDGE_L_FIRST                                       \
  "smlabb %[a0], %[x], %[w1], %[a0]\n\t"                        \
  "smlatt %[a2], %[x], %[w1], %[a2]\n\t"                        \
  "smlabb %[a0], %[y], %[w2], %[a0]\n\t"                        \
  "smlatt %[a2], %[y], %[w2], %[a2]\n\t"                        \
  "smlabb %[b0], %[x], %[w0], %[b0]\n\t"                        \
  "smlatt %[b2], %[x], %[w0], %[b2]\n\t"                        \
  "smlabb %[b0], %[y], %[w1], %[b0]\n\t"                        \
  "smlatt %[b2], %[y], %[w1], %[b2]\n\t"
#define CMNN_DW_EDGE_L_LAST                                        \
  "smlabb %[b0], %[x], %[w2], %[b0]\n\t"                        \
  "smlatt %[b2], %[x], %[w2], %[b2]\n\t"                        \
  "smlabb %[a0], %[y], %[w0], %[a0]\n\t"                        \
  "smlatt %[a2], %[y], %[w0], %[a2]\n\t"
  // Right: A = x*w0 + y*w1 (+ column 2 * w2), B = y*w0 (+ column 2 * w1).
#define CMNN_DW_EDGE_R_FIRST                                       \
  "smlabb %[a0], %[x], %[w0], %[a0]\n\t"                        \
  "smlatt %[a2], %[x], %[w0], %[a2]\n\t"                        \
  "smlabb %[a0], %[y], %[w1], %[a0]\n\t"                        \
  "smlatt %[a2], %[y], %[w1], %[a2]\n\t"                        \
  "smlabb %[b0], %[y], %[w0], %[b0]\n\t"                        \
  "smlatt %[b2], %[y], %[w0], %[b2]\n\t"
#define CMNN_DW_EDGE_R_LAST                                        \
  "smlabb %[a0], %[x], %[w2], %[a0]\n\t"                        \
  "smlatt %[a2], %[x], %[w2], %[a2]\n\t"                        \
  "smlabb %[b0], %[x], %[w1], %[b0]\n\t"                        \
  "smlatt %[b2], %[x], %[w1], %[b2]\n\t"                        \
  "smlabb %[b0], %[y], %[w2], %[b0]\n\t"                        \
  "smlatt %[b2], %[y], %[w2], %[b2]\n\t"
#define CMNN_DW_EDGE_RS "add %[q], %[q], %[rs]\n\t"
#define CMNN_DW_EDGE_ASM(ROWS)                                                                              \
  __asm__(ROWS                                                                                              \
          : [q] "+r"(q), [a0] "+r"(a0), [a2] "+r"(a2), [b0] "+r"(b0), [b2] "+r"(b2), [x] "=&r"(x),            \
            [y] "=&r"(y), [w0] "=&r"(w0), [w1] "=&r"(w1), [w2] "=&r"(w2)                                    \
          : [col] "r"(col), [rs] "r"(row_step), [w] "r"(w), [neg] "m"(neg_offsets))
#define CMNN_DW_EDGE_LANE(L, EXT, FIRST, LAST)                                                              \
  if constexpr (kRowSet == 0) {                                                                             \
    CMNN_DW_EDGE_ASM(CMNN_DW_EDGE_ROW(0, 1, 2, L, EXT, FIRST, LAST, CMNN_DW_EDGE_RS)                        \
                         CMNN_DW_EDGE_ROW(3, 4, 5, L, EXT, FIRST, LAST, CMNN_DW_EDGE_RS)                    \
                             CMNN_DW_EDGE_ROW(6, 7, 8, L, EXT, FIRST, LAST, ""));                           \
  } else if constexpr (kRowSet == 1) {                                                                      \
    CMNN_DW_EDGE_ASM(CMNN_DW_EDGE_ROW(3, 4, 5, L, EXT, FIRST, LAST, CMNN_DW_EDGE_RS)                        \
                         CMNN_DW_EDGE_ROW(6, 7, 8, L, EXT, FIRST, LAST, ""));                               \
  } else {                                                                                                  \
    CMNN_DW_EDGE_ASM(CMNN_DW_EDGE_ROW(0, 1, 2, L, EXT, FIRST, LAST, CMNN_DW_EDGE_RS)                        \
                         CMNN_DW_EDGE_ROW(3, 4, 5, L, EXT, FIRST, LAST, ""));                               \
  }
  if constexpr (kLeft && kLane == 0) {
    CMNN_DW_EDGE_LANE("0", "", CMNN_DW_EDGE_L_FIRST, CMNN_DW_EDGE_L_LAST)
  } else if constexpr (kLeft) {
    CMNN_DW_EDGE_LANE("4", ", ror #8", CMNN_DW_EDGE_L_FIRST, CMNN_DW_EDGE_L_LAST)
  } else if constexpr (kLane == 0) {
    CMNN_DW_EDGE_LANE("0", "", CMNN_DW_EDGE_R_FIRST, CMNN_DW_EDGE_R_LAST)
  } else {
    CMNN_DW_EDGE_LANE("4", ", ror #8", CMNN_DW_EDGE_R_FIRST, CMNN_DW_EDGE_R_LAST)
  }
#undef CMNN_DW_EDGE_LANE
#undef CMNN_DW_EDGE_ASM
#undef CMNN_DW_EDGE_RS
#undef CMNN_DW_EDGE_R_LAST
#undef CMNN_DW_EDGE_R_FIRST
#undef CMNN_DW_EDGE_L_LAST
#undef CMNN_DW_EDGE_L_FIRST
#undef CMNN_DW_EDGE_ROW
#else
  for (int r = kFirstRow<kRowSet>; r < kFirstRow<kRowSet> + kRowCount<kRowSet>; ++r, q += row_step) {
    uint32_t x[3];
    for (int c = 0; c < 3; ++c) {
      const uint32_t v = dsp::load_u32(q + c * col);
      x[c] = kLane == 0 ? dsp::sxtb16(v) : dsp::sxtb16_ror8(v);
    }
    const uint32_t* wr = w + 2 * (3 * r) + kLane;  // weight word of tap (r, k): wr[2 * k]
    for (int k = 0; k < 3; ++k) {
      // Left: A's tap k reads column k - 1 (none for k = 0); right: B's tap k reads column k + 1 (none for k = 2).
      const int ca = kLeft ? k - 1 : k, cb = kLeft ? k : k + 1;
      if (ca >= 0) {
        a0 = dsp::smlabb(x[ca], wr[2 * k], a0);
        a2 = dsp::smlatt(x[ca], wr[2 * k], a2);
      }
      if (cb <= 2) {
        b0 = dsp::smlabb(x[cb], wr[2 * k], b0);
        b2 = dsp::smlatt(x[cb], wr[2 * k], b2);
      }
    }
    // The border pixel's missing tap: minus input_offset times its weight (the folded bias has it).
    if (kLeft) {
      a0 = dsp::smlabb(neg_offsets, wr[0], a0);
      a2 = dsp::smlatt(neg_offsets, wr[0], a2);
    } else {
      b0 = dsp::smlabb(neg_offsets, wr[4], b0);
      b2 = dsp::smlatt(neg_offsets, wr[4], b2);
    }
  }
#endif
}

// Two horizontally adjacent 3x3 pixels inside the image at stride 2 (dilation_w 1): pixel A reads
// input columns 0..2 (from q), pixel B columns 2..4, so column 2 serves both (A's tap 2, B's tap
// 0) and a filter row's 3 weight words stay in registers for both pixels. One lane pair (kLane as
// mac_pair_3x3_inside), folded bias in a0, a2 (A) and b0, b2 (B). Per filter row and lane 5 input
// loads, 3 weight loads, 5 SXTB16 and 12 SMLAxy for 12 MACs (two single pixels: 6 input loads,
// 6 weight loads, 6 SXTB16). The sums are the same products added in another order: exact in
// TFLite's wrapping int32 arithmetic. Cortex-M4 schedule only (a dual-issue core keeps the
// single-pixel kernel, whose schedule was made for it); Armv7E-M: one assembly block (13
// registers: q, col, nr, w, 4 accumulators, 3 weights, 2 inputs; w0..w2, x0, x1 load as one run),
// elsewhere the same in C.
// kRowSet as mac_pair_3x3_inside (1, 2: two filter rows; the caller fixes the folded bias).
template <int kLane, int kRowSet = 0>
inline void mac_pair_s2_3x3_inside(const int8_t* q, int32_t row_step, int32_t col, const uint32_t* w, int32_t& a0,
                                   int32_t& a2, int32_t& b0, int32_t& b2) {
  static_assert(kLane == 0 || kLane == 1, "two lane pairs per group");
#if defined(__ARM_FEATURE_DSP)
  static_assert(kLane < 0 || !CMNN_DUAL_ISSUE_SCHEDULE, "stride-2 pairs run on the Cortex-M4 schedule only");
  const int32_t next_row = row_step - 2 * col;  // q steps two columns inside each row
  uint32_t x, y, w0, w1, w2;
  // One filter row (weight words k0..k0+2 of this lane): columns 0, 1 (A), the pointer to column
  // 2, columns 2, 3 (A's tap 2, B's taps 0, 1), column 4 (B's tap 2); `step` ends it.
#define CMNN_DW_S2_ROW(k0, k1, k2, L, EXT, step)                   \
  "ldr %[w0], [%[w], #" #k0 "*8+" L "]\n\t"                        \
  "ldr %[w1], [%[w], #" #k1 "*8+" L "]\n\t"                        \
  "ldr %[w2], [%[w], #" #k2 "*8+" L "]\n\t"                        \
  "ldr %[x], [%[q]]\n\t"                                           \
  "ldr %[y], [%[q], %[col]]\n\t"                                   \
  "sxtb16 %[x], %[x]" EXT "\n\t"                                  \
  "sxtb16 %[y], %[y]" EXT "\n\t"                                  \
  "smlabb %[a0], %[x], %[w0], %[a0]\n\t"                           \
  "smlatt %[a2], %[x], %[w0], %[a2]\n\t"                           \
  "add %[q], %[q], %[col], lsl #1\n\t"                             \
  "smlabb %[a0], %[y], %[w1], %[a0]\n\t"                           \
  "smlatt %[a2], %[y], %[w1], %[a2]\n\t"                           \
  "ldr %[x], [%[q]]\n\t"                                           \
  "ldr %[y], [%[q], %[col]]\n\t"                                   \
  "sxtb16 %[x], %[x]" EXT "\n\t"                                  \
  "sxtb16 %[y], %[y]" EXT "\n\t"                                  \
  "smlabb %[a0], %[x], %[w2], %[a0]\n\t"                           \
  "smlatt %[a2], %[x], %[w2], %[a2]\n\t"                           \
  "smlabb %[b0], %[x], %[w0], %[b0]\n\t"                           \
  "smlatt %[b2], %[x], %[w0], %[b2]\n\t"                           \
  "ldr %[x], [%[q], %[col], lsl #1]\n\t"                           \
  "smlabb %[b0], %[y], %[w1], %[b0]\n\t"                           \
  "smlatt %[b2], %[y], %[w1], %[b2]\n\t"                           \
  "sxtb16 %[x], %[x]" EXT "\n\t" step                             \
  "smlabb %[b0], %[x], %[w2], %[b0]\n\t"                           \
  "smlatt %[b2], %[x], %[w2], %[b2]\n\t"
#define CMNN_DW_S2_NR "add %[q], %[q], %[nr]\n\t"
#define CMNN_DW_S2_ASM(ROWS)                                                                                \
  __asm__(ROWS                                                                                              \
          : [q] "+r"(q), [a0] "+r"(a0), [a2] "+r"(a2), [b0] "+r"(b0), [b2] "+r"(b2), [x] "=&r"(x),            \
            [y] "=&r"(y), [w0] "=&r"(w0), [w1] "=&r"(w1), [w2] "=&r"(w2)                                    \
          : [col] "r"(col), [nr] "r"(next_row), [w] "r"(w))
#define CMNN_DW_S2_LANE(L, EXT)                                                                             \
  if constexpr (kRowSet == 0) {                                                                             \
    CMNN_DW_S2_ASM(CMNN_DW_S2_ROW(0, 1, 2, L, EXT, CMNN_DW_S2_NR) CMNN_DW_S2_ROW(3, 4, 5, L, EXT, CMNN_DW_S2_NR) \
                       CMNN_DW_S2_ROW(6, 7, 8, L, EXT, ""));                                                \
  } else if constexpr (kRowSet == 1) {                                                                      \
    CMNN_DW_S2_ASM(CMNN_DW_S2_ROW(3, 4, 5, L, EXT, CMNN_DW_S2_NR) CMNN_DW_S2_ROW(6, 7, 8, L, EXT, ""));      \
  } else {                                                                                                  \
    CMNN_DW_S2_ASM(CMNN_DW_S2_ROW(0, 1, 2, L, EXT, CMNN_DW_S2_NR) CMNN_DW_S2_ROW(3, 4, 5, L, EXT, ""));      \
  }
  if constexpr (kLane == 0) {
    CMNN_DW_S2_LANE("0", "")
  } else {
    CMNN_DW_S2_LANE("4", ", ror #8")
  }
#undef CMNN_DW_S2_LANE
#undef CMNN_DW_S2_ASM
#undef CMNN_DW_S2_NR
#else
  for (int r = kFirstRow<kRowSet>; r < kFirstRow<kRowSet> + kRowCount<kRowSet>; ++r, q += row_step) {
    mac_pair_row_c<kLane, 2>(q, col, w + 6 * r, a0, a2, b0, b2);
  }
#endif
}

#if defined(__ARM_FEATURE_DSP) && !CMNN_DUAL_ISSUE_SCHEDULE
// pair_lane for the fast output stage on the Cortex-M4 schedule, all in one assembly block: the
// lane's two folded biases, the taps of mac_pair_3x3_inside (kS2 false: stride 1) or
// mac_pair_s2_3x3_inside (kS2 true: stride 2) with the same row macros, then
// quant::requantize_fast_s8's 5 instructions (the same sequence, so the same outputs) per output
// straight from the accumulators and the stores: channel kLane's FastQuant words load once for
// pixels A and B (into the dead weight registers), then channel kLane + 2's. In C around the
// taps' block GCC spent ~25 instructions per lane on moves, spills and reloads. 13 registers; the
// output pointers come from the stack ("m" operands). w: the group's weight words (record word
// kWeights), so the folded biases sit 32 bytes before it and the FastQuant words 72 bytes after.
// The stores go out after the lane's taps only (as pair_lane's): the records and the input rows
// the next lane reads are never the output of this call (scratch and records are not outputs; the
// in-place row bands write output rows the filter no longer reads).
// kRowSet (as mac_pair_3x3_inside) 1 or 2: the two filter rows of the set, the folded biases
// less the missing row's weights times input_offset first (row_bias_fix's sum, in the dead
// registers; neg_offsets read from memory).
// kFast false: the doubled output stage (kOutDoubled) in the same block.
template <int kLane, bool kS2, int kRowSet, bool kFast>
inline void pair_lane_fast_m4(const int8_t* q, int32_t row_step, int32_t col, const uint32_t* w, int8_t* out,
                              int8_t* outb, const uint32_t& neg_offsets) {
  const int32_t next_row = row_step - (kS2 ? 2 : 1) * col;
  int32_t a0, a2, b0, b2;
  uint32_t x, y, w0, w1, w2;
  constexpr int kFb = -32 + 4 * kLane, kQ0 = 72 + 12 * kLane, kQ2 = kQ0 + 24;
  // FIX: nothing, or the missing row's correction (CMNN_DW_FQ_FIX).
#define CMNN_DW_FQ_INIT(FIX)                                                   \
  "ldr %[a0], [%[w], %[fb]]\n\t"                                               \
  "ldr %[a2], [%[w], %[fb] + 8]\n\t" FIX                                       \
  "mov %[b0], %[a0]\n\t"                                                       \
  "mov %[b2], %[a2]\n\t"
  // Filter row R's three weight words of lane L summed (16-bit lanes), times -input_offset.
#define CMNN_DW_FQ_FIX(R, L)                                                   \
  "ldr %[w0], [%[w], #" #R "*24+" L "]\n\t"                                    \
  "ldr %[w1], [%[w], #" #R "*24+8+" L "]\n\t"                                  \
  "ldr %[w2], [%[w], #" #R "*24+16+" L "]\n\t"                                 \
  "ldr %[x], %[neg]\n\t"                                                       \
  "sadd16 %[w0], %[w0], %[w1]\n\t"                                             \
  "sadd16 %[w0], %[w0], %[w2]\n\t"                                             \
  "smlabb %[a0], %[w0], %[x], %[a0]\n\t"                                       \
  "smlatt %[a2], %[w0], %[x], %[a2]\n\t"
  // One output: accumulator A requantized with m2, round, shift in w0, w1, w2: the fast stage
  // (quant::requantize_fast_s8) into Y, or the doubled one (quant::requantize_fast_d_s8) into A
  // with Y as its scratch; RES(A, Y) names the register that holds the result.
#define CMNN_DW_FQ_OUT_F(A, Y)                                                 \
  "smmlar %[" Y "], %[" A "], %[w0], %[" A "]\n\t"                             \
  "add %[" Y "], %[" Y "], %[" Y "], asr #31\n\t"                              \
  "qadd %[" Y "], %[" Y "], %[w1]\n\t"                                         \
  "asr %[" Y "], %[" Y "], %[w2]\n\t"                                          \
  "ssat %[" Y "], #8, %[" Y "]\n\t"
#define CMNN_DW_FQ_RES_F(A, Y) Y
#define CMNN_DW_FQ_OUT_D(A, Y)                                                 \
  "smmlar %[" Y "], %[" A "], %[w0], %[" A "]\n\t"                             \
  "add %[" A "], %[w1], %[" Y "], asr #31\n\t"                                 \
  "qdadd %[" A "], %[" A "], %[" Y "]\n\t"                                     \
  "asr %[" A "], %[" A "], %[w2]\n\t"                                          \
  "ssat %[" A "], #8, %[" A "]\n\t"
#define CMNN_DW_FQ_RES_D(A, Y) A
  // q (dead after the taps) takes out, a0 (dead after its output is stored) takes outb.
#define CMNN_DW_FQ_TAIL(OUT, RES)                                              \
  "ldr %[w0], [%[w], %[q0]]\n\t"                                               \
  "ldr %[w1], [%[w], %[q0] + 4]\n\t"                                           \
  "ldr %[w2], [%[w], %[q0] + 8]\n\t"                                           \
  "ldr %[q], %[o]\n\t" OUT("a0", "x")                                          \
  "strb %[" RES("a0", "x") "], [%[q], %[c0]]\n\t" OUT("b0", "y")               \
  "ldr %[a0], %[ob]\n\t"                                                       \
  "strb %[" RES("b0", "y") "], [%[a0], %[c0]]\n\t"                             \
  "ldr %[w0], [%[w], %[q2]]\n\t"                                               \
  "ldr %[w1], [%[w], %[q2] + 4]\n\t"                                           \
  "ldr %[w2], [%[w], %[q2] + 8]\n\t" OUT("a2", "x")                            \
  "strb %[" RES("a2", "x") "], [%[q], %[c0] + 2]\n\t" OUT("b2", "y")           \
  "strb %[" RES("b2", "y") "], [%[a0], %[c0] + 2]\n\t"
#define CMNN_DW_FQ_ASM(FIX, BODY, ...)                                                                      \
  if constexpr (kFast) {                                                                                    \
    CMNN_DW_FQ_ASM_T(FIX, BODY, CMNN_DW_FQ_TAIL(CMNN_DW_FQ_OUT_F, CMNN_DW_FQ_RES_F), __VA_ARGS__);            \
  } else {                                                                                                  \
    CMNN_DW_FQ_ASM_T(FIX, BODY, CMNN_DW_FQ_TAIL(CMNN_DW_FQ_OUT_D, CMNN_DW_FQ_RES_D), __VA_ARGS__);            \
  }
#define CMNN_DW_FQ_ASM_T(FIX, BODY, TAIL, ...)                                                              \
  __asm__ volatile(CMNN_DW_FQ_INIT(FIX) BODY TAIL                                                           \
                   : [q] "+r"(q), [a0] "=&r"(a0), [a2] "=&r"(a2), [b0] "=&r"(b0), [b2] "=&r"(b2),              \
                     [x] "=&r"(x), [y] "=&r"(y), [w0] "=&r"(w0), [w1] "=&r"(w1), [w2] "=&r"(w2)                \
                   : [col] "r"(col), [nr] "r"(next_row), [w] "r"(w), [o] "m"(out), [ob] "m"(outb),            \
                     [fb] "i"(kFb), [q0] "i"(kQ0), [q2] "i"(kQ2), [c0] "i"(kLane) __VA_ARGS__                  \
                   : "memory")
#define CMNN_DW_FQ_NEG , [neg] "m"(neg_offsets)
#define CMNN_DW_NR "add %[q], %[q], %[nr]\n\t"
  // Filter rows of the stride's row macro (weight words 3r..3r+2), `step` after each but the last.
#define CMNN_DW_FQ_S2(r0, r1, r2, L, EXT, step) CMNN_DW_S2_ROW(r0, r1, r2, L, EXT, step)
#define CMNN_DW_FQ_S1(r0, r1, r2, L, EXT, step) \
  CMNN_DW_PAIR_ROW(r0, r1, r2, L, "sxtb16 %[x], %[x]" EXT "\n\t", "sxtb16 %[y], %[y]" EXT "\n\t", step)
#define CMNN_DW_FQ_SETS(ROW, L, EXT)                                                                        \
  if constexpr (kRowSet == 0) {                                                                             \
    CMNN_DW_FQ_ASM("", ROW(0, 1, 2, L, EXT, CMNN_DW_NR) ROW(3, 4, 5, L, EXT, CMNN_DW_NR) ROW(6, 7, 8, L, EXT, ""), ); \
  } else if constexpr (kRowSet == 1) {                                                                      \
    CMNN_DW_FQ_ASM(CMNN_DW_FQ_FIX(0, L), ROW(3, 4, 5, L, EXT, CMNN_DW_NR) ROW(6, 7, 8, L, EXT, ""),          \
                   CMNN_DW_FQ_NEG);                                                                         \
  } else {                                                                                                  \
    CMNN_DW_FQ_ASM(CMNN_DW_FQ_FIX(2, L), ROW(0, 1, 2, L, EXT, CMNN_DW_NR) ROW(3, 4, 5, L, EXT, ""),          \
                   CMNN_DW_FQ_NEG);                                                                         \
  }
#define CMNN_DW_FQ_LANE(L, EXT)            \
  if constexpr (kS2) {                     \
    CMNN_DW_FQ_SETS(CMNN_DW_FQ_S2, L, EXT) \
  } else {                                 \
    CMNN_DW_FQ_SETS(CMNN_DW_FQ_S1, L, EXT) \
  }
  if constexpr (kLane == 0) {
    CMNN_DW_FQ_LANE("0", "")
  } else {
    CMNN_DW_FQ_LANE("4", ", ror #8")
  }
#undef CMNN_DW_FQ_LANE
#undef CMNN_DW_FQ_SETS
#undef CMNN_DW_FQ_S1
#undef CMNN_DW_FQ_S2
#undef CMNN_DW_FQ_NEG
#undef CMNN_DW_NR
#undef CMNN_DW_FQ_ASM
#undef CMNN_DW_FQ_ASM_T
#undef CMNN_DW_FQ_TAIL
#undef CMNN_DW_FQ_RES_D
#undef CMNN_DW_FQ_OUT_D
#undef CMNN_DW_FQ_RES_F
#undef CMNN_DW_FQ_OUT_F
#undef CMNN_DW_FQ_FIX
#undef CMNN_DW_FQ_INIT
}
#endif
#undef CMNN_DW_PAIR_ROW
#undef CMNN_DW_S2_ROW

// Minus input_offset times filter row r's three weights (lane kLane: channels c_lane, c_lane + 2)
// off a folded bias: the row lies outside the image for both pixels of a two-row pair (kRowSet 1,
// 2). The row sums fit 16 bits (3 * 128).
template <int kLane>
inline void row_bias_fix(const uint32_t* w, int r, uint32_t neg_offsets, int32_t& acc0, int32_t& acc2) {
  const uint32_t* wr = w + 2 * (3 * r) + kLane;
  const uint32_t sum = dsp::sadd16(dsp::sadd16(wr[0], wr[2]), wr[4]);
  acc0 = dsp::smlabb(sum, neg_offsets, acc0);
  acc2 = dsp::smlatt(sum, neg_offsets, acc2);
}

// One lane pair of one group for pixels A (out) and B (outb = out + out_c): the two channels'
// output-stage constants are read once for both pixels, and all four results are computed before
// the first int8 store (which may alias the constants).
// kEdge 0: two inside pixels (mac_pair_3x3_inside); 1: left edge pair, 2: right edge pair
// (mac_edge_pair_3x3, neg_offsets = -input_offset in both 16-bit halves); 3: two inside pixels at
// stride 2 (mac_pair_s2_3x3_inside, Cortex-M4 schedule or C only).
template <int kLane, bool kFast, int kEdge = 0, int kRowSet = 0>
[[gnu::always_inline]] inline void pair_lane(const int8_t* p0, int32_t row_step, int32_t col, const uint32_t* rec,
                                             const Requant& r, int32_t offset, int32_t oc, int8_t* out,
                                             int8_t* outb, const uint32_t& neg_offsets = 0) {
  // r and oc are unused, but without them GCC schedules the callers' group loops worse (bench,
  // random tables: KWS 25x5x64 303,530 est. m4 cycles with them, 322,820 without).
  static_cast<void>(r);
  static_cast<void>(offset);
  static_cast<void>(oc);
#if defined(__ARM_FEATURE_DSP) && !CMNN_DUAL_ISSUE_SCHEDULE
  if constexpr (kEdge == 0 || kEdge == 3) {
    pair_lane_fast_m4<kLane, kEdge == 3, kRowSet, kFast>(p0, row_step, col, rec + kWeights, out, outb, neg_offsets);
    return;
  }
#endif
  const uint32_t* w = rec + kWeights;
  auto a0 = static_cast<int32_t>(rec[kFoldedBias + kLane]), a2 = static_cast<int32_t>(rec[kFoldedBias + kLane + 2]);
  if constexpr (kRowSet != 0) row_bias_fix<kLane>(w, kRowSet == 1 ? 0 : 2, neg_offsets, a0, a2);
  int32_t b0 = a0, b2 = a2;
  if constexpr (kEdge == 0) {
    mac_pair_3x3_inside<kLane, kRowSet>(p0, row_step, col, w, a0, a2, b0, b2);
  } else if constexpr (kEdge == 3) {
    mac_pair_s2_3x3_inside<kLane, kRowSet>(p0, row_step, col, w, a0, a2, b0, b2);
  } else {
    mac_edge_pair_3x3<kEdge == 1, kLane, kRowSet>(p0, row_step, col, w, neg_offsets, a0, a2, b0, b2);
  }
#if !CMNN_DUAL_ISSUE_SCHEDULE
  // Cortex-M4: the output-stage words load after the taps (GCC otherwise loaded them before the
  // assembly block and spilled them to the stack around it).
  __asm__("" : "+r"(w));
#endif
  int32_t ya0, ya2, yb0, yb2;
  if (kFast) {
    const auto* q = reinterpret_cast<const FastQuant*>(w + 18);
    const FastQuant q0 = q[kLane], q2 = q[kLane + 2];
    requant2(a0, b0, q0, q0, ya0, yb0);
    requant2(a2, b2, q2, q2, ya2, yb2);
  } else {  // the doubled form (kOutDoubled)
    const auto* q = reinterpret_cast<const FastQuant*>(w + 18);
    const FastQuant q0 = q[kLane], q2 = q[kLane + 2];
    ya0 = quant::requantize_fast_d_s8(a0, q0);
    yb0 = quant::requantize_fast_d_s8(b0, q0);
    ya2 = quant::requantize_fast_d_s8(a2, q2);
    yb2 = quant::requantize_fast_d_s8(b2, q2);
  }
  out[kLane] = static_cast<int8_t>(ya0);
  out[kLane + 2] = static_cast<int8_t>(ya2);
  outb[kLane] = static_cast<int8_t>(yb0);
  outb[kLane + 2] = static_cast<int8_t>(yb2);
}

// n pairs of pixels A (out) and B (out + out_c) left to right along one output row, every group,
// lane 0 then lane 1: at kStride 1 mac_pair_3x3_inside (the next pair's taps 2 * col bytes on), at
// kStride 2 mac_pair_s2_3x3_inside (4 * col bytes on; pair_lane's kEdge 3).
template <bool kFast, int kStride>
[[gnu::noinline]] void pixel_pair_3x3_inside(const int8_t* p0, int32_t row_step, int32_t col, int32_t groups,
                                             const uint32_t* rec, size_t words, const Requant& r, int32_t out_c,
                                             int8_t* out, int32_t n) {
  static_assert(kStride == 1 || kStride == 2, "pairs at stride 1 or 2");
  constexpr int kEdge = kStride == 1 ? 0 : 3;
  const int32_t offset = r.offset;
  for (; n > 0; --n, p0 += 2 * kStride * col, out += 2 * out_c) {
    const int8_t* q = p0;
    const uint32_t* rc = rec;
    int8_t* o = out;
    int8_t* ob = out + out_c;
    for (int32_t g = 0; g < groups; ++g, q += 4, rc += words, o += 4, ob += 4) {
      pair_lane<0, kFast, kEdge>(q, row_step, col, rc, r, offset, 4 * g, o, ob);
      pair_lane<1, kFast, kEdge>(q, row_step, col, rc, r, offset, 4 * g, o, ob);
    }
  }
}

// An edge pair (kEdge 1: the row's first two pixels, input columns 0..2 at p0; 2: its last two,
// input columns W-3..W-1 at p0), every group, lane 0 then lane 1.
// kRowSet as mac_pair_3x3_inside (p0 at the input row of the first filter row run).
template <bool kFast, int kEdge, int kRowSet = 0>
[[gnu::noinline]] void pixel_edge_pair_3x3(const int8_t* p0, int32_t row_step, int32_t col, int32_t groups,
                                           const uint32_t* rec, size_t words, const Requant& r, int32_t out_c,
                                           int8_t* out, uint32_t neg_offsets) {
  const int32_t offset = r.offset;
  int8_t* outb = out + out_c;
  for (int32_t g = 0; g < groups; ++g, p0 += 4, rec += words, out += 4, outb += 4) {
    pair_lane<0, kFast, kEdge, kRowSet>(p0, row_step, col, rec, r, offset, 4 * g, out, outb, neg_offsets);
    pair_lane<1, kFast, kEdge, kRowSet>(p0, row_step, col, rec, r, offset, 4 * g, out, outb, neg_offsets);
  }
}

// n pairs of horizontally adjacent pixels of a row with one filter row outside the image (kRowSet
// 1: row 0 above, 2: row 2 below) and every column inside: two-row pairs on the folded bias less
// the missing row (Cortex-M4; the border rectangles ran them one 2x3 pixel at a time), at kStride
// 1 (mac_pair_3x3_inside) or 2 (mac_pair_s2_3x3_inside: the bottom row of person_detect's and
// VWW's stride-2 layers).
template <bool kFast, int kRowSet, int kStride = 1>
[[gnu::noinline]] void pixel_pair2_3x3(const int8_t* p0, int32_t row_step, int32_t col, int32_t groups,
                                       const uint32_t* rec, size_t words, const Requant& r, int32_t out_c, int8_t* out,
                                       int32_t n, uint32_t neg_offsets) {
  static_assert(kStride == 1 || kStride == 2, "pairs at stride 1 or 2");
  constexpr int kEdge = kStride == 1 ? 0 : 3;
  const int32_t offset = r.offset;
  for (; n > 0; --n, p0 += 2 * kStride * col, out += 2 * out_c) {
    const int8_t* q = p0;
    const uint32_t* rc = rec;
    int8_t* o = out;
    int8_t* ob = out + out_c;
    for (int32_t g = 0; g < groups; ++g, q += 4, rc += words, o += 4, ob += 4) {
      pair_lane<0, kFast, kEdge, kRowSet>(q, row_step, col, rc, r, offset, 4 * g, o, ob, neg_offsets);
      pair_lane<1, kFast, kEdge, kRowSet>(q, row_step, col, rc, r, offset, 4 * g, o, ob, neg_offsets);
    }
  }
}

// Three-wide rows (3x3, input and output width 3, stride_w 1, dilation_w 1, pad_left 1, every
// channel in a group: person_detect's and VWW's 3x3x256 layer): the row's three pixels A, B, C
// together, one lane pair (kLane as mac_pair_3x3_inside) at a time. Per filter row and lane the
// three input words and three weight words are loaded and widened once and serve all three pixels
// (A: taps 1, 2 on columns 0, 1; B: taps 0..2 on columns 0..2; C: taps 0, 1 on columns 1, 2): 14
// SMLAxy for 14 MACs. The border pixels ran as an edge pair plus a lone border rectangle (the
// rectangle ~130 est. m4 cycles per group for 4 or 6 taps). All three start from the folded bias;
// A and C take off -input_offset times their missing column's weights (summed over the filter rows
// run, 16-bit lanes: at most 3 * 128), and all three the missing filter row's (row 0 above the
// image or row 2 below; row_bias_fix). The same products in another order: exact in TFLite's
// wrapping int32 arithmetic.
// kRows filter rows (3, or 2: one row outside the image), w: the weight words of the first row run
// (one body serves both two-row sets); acc: A (c_lane, c_lane + 2), B (..), C (..); row_step is
// 3 * col (a 3-wide image of dilation_h 1). Armv7E-M: one assembly block (13 registers: the weight
// words load one at a time into one register, each just before its MACs; the row step is two adds
// of col), elsewhere the same in C.
template <int kLane, int kRows>
[[gnu::always_inline]] inline void mac_row3(const int8_t* q, int32_t row_step, int32_t col, const uint32_t* w,
                                            int32_t* acc) {
#if defined(__ARM_FEATURE_DSP)
  static_cast<void>(row_step);
  int32_t a0 = acc[0], a2 = acc[1], b0 = acc[2], b2 = acc[3], c0 = acc[4], c2 = acc[5];
  uint32_t x0, x1, x2, wk;
  // Filter row r: the three columns and w0 in one run of loads, then per weight its MACs.
#define CMNN_DW_R3_ROW(R, L, EXT, step)                          \
  "ldr %[x0], [%[q]]\n\t"                                          \
  "ldr %[x1], [%[q], %[col]]\n\t"                                  \
  "ldr %[x2], [%[q], %[col], lsl #1]\n\t"                          \
  "ldr %[wk], [%[w], #" #R "*24+" L "]\n\t"                        \
  "sxtb16 %[x0], %[x0]" EXT "\n\t"                                \
  "sxtb16 %[x1], %[x1]" EXT "\n\t"                                \
  "sxtb16 %[x2], %[x2]" EXT "\n\t"                                \
  "smlabb %[b0], %[x0], %[wk], %[b0]\n\t"                          \
  "smlatt %[b2], %[x0], %[wk], %[b2]\n\t"                          \
  "smlabb %[c0], %[x1], %[wk], %[c0]\n\t"                          \
  "smlatt %[c2], %[x1], %[wk], %[c2]\n\t"                          \
  "ldr %[wk], [%[w], #" #R "*24+8+" L "]\n\t"                      \
  "smlabb %[a0], %[x0], %[wk], %[a0]\n\t"                          \
  "smlatt %[a2], %[x0], %[wk], %[a2]\n\t"                          \
  "smlabb %[b0], %[x1], %[wk], %[b0]\n\t"                          \
  "smlatt %[b2], %[x1], %[wk], %[b2]\n\t"                          \
  "smlabb %[c0], %[x2], %[wk], %[c0]\n\t"                          \
  "smlatt %[c2], %[x2], %[wk], %[c2]\n\t"                          \
  "ldr %[wk], [%[w], #" #R "*24+16+" L "]\n\t" step                \
  "smlabb %[a0], %[x1], %[wk], %[a0]\n\t"                          \
  "smlatt %[a2], %[x1], %[wk], %[a2]\n\t"                          \
  "smlabb %[b0], %[x2], %[wk], %[b0]\n\t"                          \
  "smlatt %[b2], %[x2], %[wk], %[b2]\n\t"
#define CMNN_DW_R3_RS "add %[q], %[q], %[col], lsl #1\n\t" "add %[q], %[q], %[col]\n\t"
#define CMNN_DW_R3_ASM(ROWS)                                                                                \
  __asm__(ROWS                                                                                              \
          : [q] "+r"(q), [a0] "+r"(a0), [a2] "+r"(a2), [b0] "+r"(b0), [b2] "+r"(b2), [c0] "+r"(c0),           \
            [c2] "+r"(c2), [x0] "=&r"(x0), [x1] "=&r"(x1), [x2] "=&r"(x2), [wk] "=&r"(wk)                   \
          : [col] "r"(col), [w] "r"(w)                                                                    \
          : "memory")  /* so the output-stage words load after it (GCC hoisted and spilled them) */
  // Byte offset of tap (r, k)'s word of this lane: 24r + 8k + 4 kLane.
#define CMNN_DW_R3_LANE(L, EXT)                                                                             \
  if constexpr (kRows == 3) {                                                                               \
    CMNN_DW_R3_ASM(CMNN_DW_R3_ROW(0, L, EXT, CMNN_DW_R3_RS) CMNN_DW_R3_ROW(1, L, EXT, CMNN_DW_R3_RS)         \
                       CMNN_DW_R3_ROW(2, L, EXT, ""));                                                      \
  } else {                                                                                                  \
    CMNN_DW_R3_ASM(CMNN_DW_R3_ROW(0, L, EXT, CMNN_DW_R3_RS) CMNN_DW_R3_ROW(1, L, EXT, ""));                  \
  }
  if constexpr (kLane == 0) {
    CMNN_DW_R3_LANE("0", "")
  } else {
    CMNN_DW_R3_LANE("4", ", ror #8")
  }
#undef CMNN_DW_R3_LANE
#undef CMNN_DW_R3_ASM
#undef CMNN_DW_R3_RS
#undef CMNN_DW_R3_ROW
  acc[0] = a0, acc[1] = a2, acc[2] = b0, acc[3] = b2, acc[4] = c0, acc[5] = c2;
#else
  static_assert(kRows == 2 || kRows == 3, "three filter rows, or two");
  for (int r = 0; r < kRows; ++r, q += row_step) {
    const uint32_t v0 = dsp::load_u32(q), v1 = dsp::load_u32(q + col), v2 = dsp::load_u32(q + 2 * col);
    const uint32_t x0 = kLane == 0 ? dsp::sxtb16(v0) : dsp::sxtb16_ror8(v0);
    const uint32_t x1 = kLane == 0 ? dsp::sxtb16(v1) : dsp::sxtb16_ror8(v1);
    const uint32_t x2 = kLane == 0 ? dsp::sxtb16(v2) : dsp::sxtb16_ror8(v2);
    const uint32_t* wr = w + 6 * r + kLane;  // tap (r, k) of this lane: wr[2 * k]
    const uint32_t w0 = wr[0], w1 = wr[2], w2 = wr[4];
    acc[0] = dsp::smlabb(x0, w1, acc[0]);
    acc[1] = dsp::smlatt(x0, w1, acc[1]);
    acc[0] = dsp::smlabb(x1, w2, acc[0]);
    acc[1] = dsp::smlatt(x1, w2, acc[1]);
    acc[2] = dsp::smlabb(x0, w0, acc[2]);
    acc[3] = dsp::smlatt(x0, w0, acc[3]);
    acc[2] = dsp::smlabb(x1, w1, acc[2]);
    acc[3] = dsp::smlatt(x1, w1, acc[3]);
    acc[2] = dsp::smlabb(x2, w2, acc[2]);
    acc[3] = dsp::smlatt(x2, w2, acc[3]);
    acc[4] = dsp::smlabb(x1, w0, acc[4]);
    acc[5] = dsp::smlatt(x1, w0, acc[5]);
    acc[4] = dsp::smlabb(x2, w1, acc[4]);
    acc[5] = dsp::smlatt(x2, w1, acc[5]);
  }
#endif
}

// One lane pair of one group for a whole three-wide output row (out: pixel A, channel 0 of the
// group; B and C out_c and 2 * out_c bytes on): the start values, the taps, then the six outputs
// (the record's output-stage words read before the first int8 store, which may alias them).
// first: the first filter row run (1 when row 0 lies above the image, else 0).
template <int kLane, bool kFast, int kRows>
[[gnu::always_inline]] inline void row3_lane(const int8_t* q, int32_t row_step, int32_t col, const uint32_t* rec,
                                             uint32_t neg_offsets, int32_t out_c, int8_t* out, int32_t first) {
  const uint32_t* w = rec + kWeights;
  auto a0 = static_cast<int32_t>(rec[kFoldedBias + kLane]), a2 = static_cast<int32_t>(rec[kFoldedBias + kLane + 2]);
  if constexpr (kRows == 2) row_bias_fix<kLane>(w, first == 1 ? 0 : 2, neg_offsets, a0, a2);
  uint32_t col0 = 0, col2 = 0;  // the weights of columns 0 and 2 over the filter rows run
  for (int32_t r = first; r < first + kRows; ++r) {
    col0 = dsp::sadd16(col0, w[6 * r + kLane]);
    col2 = dsp::sadd16(col2, w[6 * r + 4 + kLane]);
  }
  int32_t acc[6] = {dsp::smlabb(col0, neg_offsets, a0), dsp::smlatt(col0, neg_offsets, a2), a0, a2,
                    dsp::smlabb(col2, neg_offsets, a0), dsp::smlatt(col2, neg_offsets, a2)};
  mac_row3<kLane, kRows>(q, row_step, col, w + 6 * first, acc);
  const auto* fq = reinterpret_cast<const FastQuant*>(w + 18);
  const FastQuant q0 = fq[kLane], q2 = fq[kLane + 2];
  int32_t y[6];
  for (int i = 0; i < 6; i += 2) {
    y[i] = kFast ? requantize_fast_s8(acc[i], q0) : quant::requantize_fast_d_s8(acc[i], q0);
    y[i + 1] = kFast ? requantize_fast_s8(acc[i + 1], q2) : quant::requantize_fast_d_s8(acc[i + 1], q2);
  }
  for (int i = 0; i < 3; ++i, out += out_c) {
    out[kLane] = static_cast<int8_t>(y[2 * i]);
    out[kLane + 2] = static_cast<int8_t>(y[2 * i + 1]);
  }
}

// A whole three-wide output row, every group (row0: the input row of the first filter row run,
// column 0, channel 0; kRows, first as row3_lane).
template <bool kFast, int kRows>
[[gnu::noinline]] void pixel_row3_3x3(const int8_t* row0, int32_t row_step, int32_t col, int32_t groups,
                                      const uint32_t* rec, size_t words, int32_t out_c, int8_t* out,
                                      uint32_t neg_offsets, int32_t first) {
  for (int32_t g = 0; g < groups; ++g, row0 += 4, rec += words, out += 4) {
    row3_lane<0, kFast, kRows>(row0, row_step, col, rec, neg_offsets, out_c, out, first);
    row3_lane<1, kFast, kRows>(row0, row_step, col, rec, neg_offsets, out_c, out, first);
  }
}

// The first accumulator value of channel `lane` = L + 2H of a group for row set `set` (as
// row5::mac_row): the folded bias, less the missing filter row's taps for sets 1, 2 (zp times
// their weight sum). row_bias<L, H, kRowSet> where they are template arguments.
inline int32_t row_bias_at(const uint32_t* rec, int lane, int set, int32_t zp) {
  auto b = static_cast<int32_t>(rec[kFoldedBias + lane]);
  if (set != 0) {
    const int missing = set == 1 ? 0 : 2;
    const uint32_t* w = rec + kWeights;
    const int32_t sum = row5::weight_at(w, lane, missing, 0) + row5::weight_at(w, lane, missing, 1) +
                        row5::weight_at(w, lane, missing, 2);  // |sum| <= 384, |zp| <= 128: no overflow
    b = static_cast<int32_t>(static_cast<uint32_t>(b) + static_cast<uint32_t>(sum * zp));
  }
  return b;
}
template <int L, int H, int kRowSet>
inline int32_t row_bias(const uint32_t* rec, int32_t zp) {
  return row_bias_at(rec, L + 2 * H, kRowSet, zp);
}

// kRowSet 1, 2 (two filter rows): channel L + 2H's first accumulator value and FastQuant words
// into the frame, for the kRows 2 assembly blocks; returns the weight words of the first row run
// plus L (their w).
template <int L, int H, int kRowSet>
[[gnu::always_inline]] inline const uint32_t* two_rows_frame(const uint32_t* rec, row5::Frame& f) {
  const uint32_t* w = rec + kWeights;
  f.bias = row_bias<L, H, kRowSet>(rec, f.zp);
  f.quant = reinterpret_cast<const int32_t*>(w + 18 + 3 * (L + 2 * H));
  return w + L + (kRowSet == 1 ? 6 : 0);
}

// The C form's accumulators (kWidth of them) through the fast output stage into channel L + 2H's
// outputs (f.out + L + 2H for pixel 0, the others out_c bytes apart).
template <int kWidth, int L, int H>
inline void store_row_fast(const int32_t* a, const uint32_t* rec, const row5::Frame& f) {
  const FastQuant fq = reinterpret_cast<const FastQuant*>(rec + kWeights + 18)[L + 2 * H];
  int8_t* o = f.out + L + 2 * H;
  for (int i = 0; i < kWidth; ++i, o += f.out_c) *o = static_cast<int8_t>(requantize_fast_s8(a[i], fq));
}

// One channel (L + 2H of its group) of a whole kWidth-pixel output row (6; the filter rows of
// kRowSet, as row5::mac_row), then the channel's fast output stage (kOutFast) once for its outputs
// (f.out + L + 2H for pixel 0, the others out_c bytes apart; every result computed before the
// first int8 store, which may alias the record). Armv7E-M: all in one assembly block
// (row6::channel_fast). 5-wide images run the ring instead (ring_rows_3x3), which reads each input
// byte once per layer instead of once per output row.
template <int kWidth, int L, int H, int kRowSet>
[[gnu::always_inline]] inline void row_channel(const int8_t* q, int32_t col, const uint32_t* rec, row5::Frame& f) {
  static_assert(kWidth == 6, "the whole-row kernel of 6 pixels (5: the ring)");
#if defined(__ARM_FEATURE_DSP)
  if constexpr (kRowSet == 0) {
    row6::channel_fast<L, H, 3>(q, col, rec + kWeights + L, f);
  } else {
    row6::channel_fast<L, H, 2>(q, col, two_rows_frame<L, H, kRowSet>(rec, f), f);
  }
#else
  int32_t a[kWidth];
  for (int i = 0; i < kWidth; ++i) a[i] = row_bias<L, H, kRowSet>(rec, f.zp);
  row5::mac_row<kWidth, L, H, kRowSet>(q, f.row_step, col, rec + kWeights, f.zp, a);
  store_row_fast<kWidth, L, H>(a, rec, f);
#endif
}

// A whole output row of a kWidth-wide image, 6 (3x3, stride_w 1, dilation_w 1, pad_left 1,
// input and output width kWidth, ch_mult 1, every channel in a group of 4): channel by channel,
// the whole row at once (row6_3x3_dsp.h), fast output stage. kRowSet 0: all
// three filter rows inside; 1: row 0 above the image; 2: row 2 below (one function each: the row
// set fixed at compile time takes the missing row's weight offsets and branches out of the
// per-channel bias). row0: the input row of the first filter row run, column 0, channel 0;
// zp = -input_offset.
template <int kWidth, int kRowSet>
[[gnu::noinline]] void pixel_row_3x3(const int8_t* row0, int32_t row_step, int32_t col, int32_t groups,
                                     const uint32_t* rec, size_t words, int32_t out_c, int8_t* out, int32_t zp) {
  row5::Frame f{zp, row_step, out_c, 0, out, nullptr};
  for (int32_t g = 0; g < groups; ++g, row0 += 4, rec += words, f.out += 4) {
    row_channel<kWidth, 0, 0, kRowSet>(row0, col, rec, f);
    row_channel<kWidth, 1, 0, kRowSet>(row0 + 1, col, rec, f);
    row_channel<kWidth, 0, 1, kRowSet>(row0 + 2, col, rec, f);
    row_channel<kWidth, 1, 1, kRowSet>(row0 + 3, col, rec, f);
  }
}

// One whole-row call of width kWidth for row set `set` (0, 1 or 2).
template <int kWidth>
void pixel_row_3x3_set(int32_t set, const int8_t* row0, int32_t row_step, int32_t col, int32_t groups,
                       const uint32_t* rec, size_t words, int32_t out_c, int8_t* out, int32_t zp) {
  if (set == 0) pixel_row_3x3<kWidth, 0>(row0, row_step, col, groups, rec, words, out_c, out, zp);
  else if (set == 1) pixel_row_3x3<kWidth, 1>(row0, row_step, col, groups, rec, words, out_c, out, zp);
  else pixel_row_3x3<kWidth, 2>(row0, row_step, col, groups, rec, words, out_c, out, zp);
}

// row_channel on the ring (5 pixels): q at channel L + 2H's pair words in the slot of the first
// row run, the next rows f.row_step and f.row_step2 bytes on (row5::channel_ring, row5::mac_ring).
template <int L, int H, int kRowSet>
[[gnu::always_inline]] inline void ring_channel(const uint32_t* q, const uint32_t* rec, row5::RingFrame& f) {
#if defined(__ARM_FEATURE_DSP)
  if constexpr (kRowSet == 0) row5::channel_ring<L, H, 3>(q, rec + kWeights + L, f);
  else row5::channel_ring<L, H, 2>(q, two_rows_frame<L, H, kRowSet>(rec, f), f);
#else
  int32_t a[5];
  for (int i = 0; i < 5; ++i) a[i] = row_bias<L, H, kRowSet>(rec, f.zp);
  row5::mac_ring<L, H, kRowSet>(q, f.row_step / 4, f.row_step2 / 4, rec + kWeights, a);
  store_row_fast<5, L, H>(a, rec, f);
#endif
}

// The whole 5-wide output row of row set kRowSet on the ring: q at the first row run's slot (the
// block's channel 0), step1, step2 the bytes to the next rows' slots; groups, rec and out for the
// block.
template <int kRowSet>
[[gnu::noinline]] void ring_row_3x3(const uint32_t* q, int32_t step1, int32_t step2, int32_t groups, const uint32_t* rec,
                                    size_t words, int32_t out_c, int8_t* out, int32_t zp) {
  row5::RingFrame f{{zp, step1, out_c, 0, out, nullptr}, step2};
  constexpr int kW = row5::kRingWords;
  for (int32_t g = 0; g < groups; ++g, q += 4 * kW, rec += words, f.out += 4) {
    ring_channel<0, 0, kRowSet>(q, rec, f);
    ring_channel<1, 0, kRowSet>(q + kW, rec, f);
    ring_channel<0, 1, kRowSet>(q + 2 * kW, rec, f);
    ring_channel<1, 1, kRowSet>(q + 3 * kW, rec, f);
  }
}

// One 5-pixel input row of n channels (a multiple of 4; in: channel 0 of pixel 0, pixels in_c
// bytes apart) into a ring slot: per channel P- = (zp, v0), P1 = (v1, v2), P3 = (v3, v4). Four
// channels per step from one word per pixel (SXTB16: channels 0, 2; ROR 8: 1, 3); zp2: the
// padding value in both halfwords.
[[gnu::noinline]] void ring_widen_row(const int8_t* in, int32_t in_c, int32_t n, uint32_t zp2, uint32_t* slot) {
  constexpr int kW = row5::kRingWords;
  for (int32_t c = 0; c < n; c += 4, in += 4, slot += 4 * kW) {
    const int8_t* px = in;
    const uint32_t v0 = dsp::load_u32(px), v1 = dsp::load_u32(px += in_c), v2 = dsp::load_u32(px += in_c),
                   v3 = dsp::load_u32(px += in_c), v4 = dsp::load_u32(px + in_c);
    // Lane pairs: (channel 0, channel 2) and (channel 1, channel 3) of each pixel.
    const uint32_t e[5] = {dsp::sxtb16(v0), dsp::sxtb16(v1), dsp::sxtb16(v2), dsp::sxtb16(v3), dsp::sxtb16(v4)};
    const uint32_t o[5] = {dsp::sxtb16_ror8(v0), dsp::sxtb16_ror8(v1), dsp::sxtb16_ror8(v2), dsp::sxtb16_ror8(v3),
                           dsp::sxtb16_ror8(v4)};
    // Bottom lanes (channels 0, 1), then top lanes (channels 2, 3).
    slot[0] = dsp::pkhbt_lsl16(zp2, e[0]), slot[1] = dsp::pkhbt_lsl16(e[1], e[2]), slot[2] = dsp::pkhbt_lsl16(e[3], e[4]);
    slot[3] = dsp::pkhbt_lsl16(zp2, o[0]), slot[4] = dsp::pkhbt_lsl16(o[1], o[2]), slot[5] = dsp::pkhbt_lsl16(o[3], o[4]);
    slot[6] = dsp::pkhtb(e[0], zp2), slot[7] = dsp::pkhtb(e[2], e[1]), slot[8] = dsp::pkhtb(e[4], e[3]);
    slot[9] = dsp::pkhtb(o[0], zp2), slot[10] = dsp::pkhtb(o[2], o[1]), slot[11] = dsp::pkhtb(o[4], o[3]);
  }
}

// The ring's rows for the other output stages (kOutDoubled, kOutGeneral: only when the call runs
// in place, which then needs every row from the ring, or on the ring entries): one of two
// RingOtherRow functions, which ring_rows_3x3 takes as a template argument from its entry so that
// an image links only the one its entry names. n channels (a multiple of 4) from c0; q at the
// block's pair words in the slot of the first row run; step1, step2: the bytes to the next rows'
// slots; kind: the call's stage.
using RingOtherRow = void (*)(int set, const uint32_t* q, int32_t step1, int32_t step2, int32_t n, const uint32_t* rec,
                              size_t words, int32_t out_c, int8_t* out, int32_t zp, const Requant& r, int32_t c0,
                              OutKind kind);

// The small one (depthwise_s8.3x3.ring.dsp, which the compiler names for tables of the fast stage:
// an image that never runs the other stages carries ~0.9 KB for them): row5::mac_ring_at's sums in
// C from row_bias_at's start, lane (channel L + 2H of a group) and row set taken at run time, each
// output through the definition (quant::requantize_s8_unprepared). q: the lane's pair words in the
// slot of the first row run; oc: the lane's channel.
[[gnu::noinline]] void ring_channel_general(const uint32_t* q, const uint32_t* rec, const row5::RingFrame& f,
                                            const Requant& r, int lane, int set, int32_t oc) {
  int32_t acc[5];
  for (int i = 0; i < 5; ++i) acc[i] = row_bias_at(rec, lane, set, f.zp);
  row5::mac_ring_at(q, f.row_step / 4, f.row_step2 / 4, rec + kWeights, lane, set, acc);
  int8_t* o = f.out + lane;
  for (int i = 0; i < 5; ++i, o += f.out_c) {
    *o = quant::requantize_s8_unprepared(acc[i], r.mult[oc], r.shift[oc], r.offset, r.lo, r.hi);
  }
}

void ring_row_general(int set, const uint32_t* q, int32_t step1, int32_t step2, int32_t n, const uint32_t* rec,
                      size_t words, int32_t out_c, int8_t* out, int32_t zp, const Requant& r, int32_t c0, OutKind) {
  row5::RingFrame f{{zp, step1, out_c, 0, out, nullptr}, step2};
  constexpr int kW = row5::kRingWords;
  for (int32_t g = 0; g < n / 4; ++g, q += 4 * kW, rec += words, f.out += 4) {
    for (int lane = 0; lane < 4; ++lane) ring_channel_general(q + lane * kW, rec, f, r, lane, set, c0 + 4 * g + lane);
  }
}

// The fast one (depthwise_s8.3x3.ring_stages.dsp, and the in-place calls of depthwise_s8.3x3.dsp
// and depthwise_s8.dsp): row5::sums_ring's pair sums (mac_ring_at without the DSP extension), then
// the channel's prepared output stage once for its five outputs: the record's doubled FastQuant
// words (quant::requantize_fast_d_s8, 5 instructions) or, for kOutGeneral, one quant::ChannelQuant
// made per channel and row, folded (quant::requantize_folded and the clamp) where folded_ok holds
// (narrow clamps such as ReLU6), else requantize_fast<true> and clamp_to_s8 (left shifts, small
// multipliers, unbounded shift-0 channels). One body for every lane, row set and stage: as
// templates like ring_row_3x3 this path took ~5.6 KB of flash.
// rec: the channel's group record; o: its output at pixel 0.
[[gnu::always_inline]] inline void ring_channel_prepared(const uint32_t* q, const uint32_t* rec, int8_t* o,
                                                         row5::RingFrame& f, const Requant& r, int lane, int set,
                                                         int32_t oc, bool doubled) {
  const int32_t out_c = f.out_c;
  int32_t acc[5];
#if defined(__ARM_FEATURE_DSP)
  f.bias = row_bias_at(rec, lane, set, f.zp);
  const int first = set == 1 ? 1 : 0;
  const auto* w = reinterpret_cast<const unsigned char*>(rec + kWeights + 6 * first + (lane & 1)) + (lane & 2);
  row5::sums_ring(q, w, set == 0 ? 3 : 2, f, acc);
#else
  const int32_t start = row_bias_at(rec, lane, set, f.zp);
  for (int i = 0; i < 5; ++i) acc[i] = start;
  row5::mac_ring_at(q, f.row_step / 4, f.row_step2 / 4, rec + kWeights, lane, set, acc);
#endif
  if (doubled) {
    const FastQuant fq = reinterpret_cast<const FastQuant*>(rec + kWeights + 18)[lane];
#if CMNN_DUAL_ISSUE_SCHEDULE
    // Two chains interleaved (Cortex-M7: one's ALU step issues beside the other's).
    quant::requantize_fast_d_s8_x2(acc[0], acc[1], fq, fq, acc[0], acc[1]);
    quant::requantize_fast_d_s8_x2(acc[2], acc[3], fq, fq, acc[2], acc[3]);
    acc[4] = quant::requantize_fast_d_s8(acc[4], fq);
    for (int i = 0; i < 5; ++i, o += out_c) *o = static_cast<int8_t>(acc[i]);
#else
    for (int i = 0; i < 5; ++i, o += out_c) *o = static_cast<int8_t>(quant::requantize_fast_d_s8(acc[i], fq));
#endif
  } else {
    // The folded form where it applies (narrow clamps such as ReLU6: 5 instructions and the clamp),
    // requantize_fast<true> (left shifts, small multipliers, shifts of 0) elsewhere; r's fields
    // in locals (the int8 stores may alias r).
    const int32_t offset = r.offset, lo = r.lo, hi = r.hi;
    const quant::ChannelQuant cq = quant::make_channel_quant(r.mult[oc], r.shift[oc]);
    if (quant::folded_ok(cq, offset)) {
      const quant::FoldedQuant fq = quant::make_folded_quant(cq, offset);
      for (int i = 0; i < 5; ++i, o += out_c) {
        *o = quant::clamp_to_s8<false>(quant::requantize_folded(acc[i], fq), 0, lo, hi);
      }
    } else {
      for (int i = 0; i < 5; ++i, o += out_c) {
        *o = quant::clamp_to_s8<false>(quant::requantize_fast<true>(acc[i], cq), offset, lo, hi);
      }
    }
  }
}

// The whole 5-wide output row of row set `set`, one channel per step.
[[gnu::noinline]] void ring_row_prepared(int set, const uint32_t* q, int32_t step1, int32_t step2, int32_t n,
                                         const uint32_t* rec, size_t words, int32_t out_c, int8_t* out, int32_t zp,
                                         const Requant& r, int32_t c0, OutKind kind) {
  const bool doubled = kind == kOutDoubled;
  row5::RingFrame f{{zp, step1, out_c, 0, out, nullptr}, step2};
  constexpr int kW = row5::kRingWords;
  for (int32_t c = 0; c < n; ++c) {
    ring_channel_prepared(q + kW * c, rec + (c >> 2) * words, out + c, f, r, c & 3, set, c0 + c, doubled);
  }
}

// Every output row of a ring_shape image (one batch) from the ring: the channels in blocks of
// ring_block(p); per block, each input row y is widened once into slot y % 3 just before the
// first output row that reads it, then each output row runs as one ring_row_3x3 call (the fast
// output stage; kOther for the others) for the block's channels. An output row is written only
// after every input row it or an earlier output row reads is in the ring, and it writes only its
// block's channels, so the call may write over its input (output == input,
// depthwise_conv2d_s8_ring_in_place): output row oy takes the bytes of input row oy (rows of equal
// size), written once rows up to oy + 2 - pad_top >= oy + 1 are widened, and later reads of the
// buffer are of rows beyond those, or of other blocks' channels.
template <RingOtherRow kOther>
void ring_rows_3x3(const DepthwiseConvParams& p, const int8_t* image, const uint32_t* records, size_t words,
                   uint32_t* ring, OutKind kind, const Requant& r, int8_t* out) {
  const int32_t in_row = p.input_w * p.input_c, out_row = p.output_w * p.input_c, block = ring_block(p);
  const int32_t zp = -p.input_offset;
  const uint32_t zp2 = (static_cast<uint32_t>(zp) & 0xFFFFu) | (static_cast<uint32_t>(zp) << 16);
  for (int32_t c0 = 0; c0 < p.input_c; c0 += block) {
    const int32_t n = p.input_c - c0 < block ? p.input_c - c0 : block;
    const int32_t slot_words = row5::kRingWords * n;
    int32_t next = 0;  // the next input row to widen
    for (int32_t oy = 0; oy < p.output_h; ++oy) {
      const int32_t y0 = oy - p.pad_top, last = y0 + 2 < p.input_h ? y0 + 2 : p.input_h - 1;
      for (; next <= last; ++next) ring_widen_row(image + next * in_row + c0, p.input_c, n, zp2, ring + (next % 3) * slot_words);
      // 0: all three filter rows inside; 1: row 0 above the image; 2: row 2 below.
      const int32_t set = y0 < 0 ? 1 : y0 + 2 == p.input_h ? 2 : 0;
      const int32_t first = set == 1 ? 0 : y0, s0 = first % 3, s1 = (first + 1) % 3, s2 = (first + 2) % 3;
      const uint32_t* q = ring + s0 * slot_words;
      const int32_t step1 = (s1 - s0) * slot_words * 4, step2 = (s2 - s1) * slot_words * 4;
      const uint32_t* rec = records + static_cast<size_t>(c0 / 4) * words;
      int8_t* o = out + static_cast<size_t>(oy) * out_row + c0;
      if (kind != kOutFast) {
        kOther(set, q, step1, step2, n, rec, words, p.input_c, o, zp, r, c0, kind);
      } else if (set == 0) {
        ring_row_3x3<0>(q, step1, step2, n / 4, rec, words, p.input_c, o, zp);
      } else if (set == 1) {
        ring_row_3x3<1>(q, step1, step2, n / 4, rec, words, p.input_c, o, zp);
      } else {
        ring_row_3x3<2>(q, step1, step2, n / 4, rec, words, p.input_c, o, zp);
      }
    }
  }
}

// A 3x3 pixel (ch_mult 1) with taps outside the image whose valid taps are a kRows x kCols
// rectangle (validity is per filter row and per filter column) with its first tap at p0 (channel
// 0) and its first weight pair w_at bytes into a group record: every group runs the rectangle in
// one assembly block on the raw bias (no per-tap list, no per-tap loop).
template <bool kFast, int kRows, int kCols>
[[gnu::noinline]] void pixel_3x3_rect(const int8_t* p0, int32_t row_step, int32_t col, size_t w_at, int32_t groups,
                                      const uint32_t* rec, size_t words, uint32_t offsets, const Requant& r,
                                      int8_t* out) {
  const int32_t offset = r.offset;
  for (int32_t g = 0; g < groups; ++g, p0 += 4, rec += words, out += 4) {
    auto a0 = static_cast<int32_t>(rec[kBias]), a1 = static_cast<int32_t>(rec[kBias + 1]);
    auto a2 = static_cast<int32_t>(rec[kBias + 2]), a3 = static_cast<int32_t>(rec[kBias + 3]);
    mac_rect_offset<kRows, kCols>(p0, row_step, col, rec + w_at / 4, offsets, a0, a1, a2, a3);
    store4<kFast ? kOutFast : kOutDoubled>(a0, a1, a2, a3, reinterpret_cast<const FastQuant*>(rec + kWeights + 18), r,
                                          offset, 4 * g, out);
  }
}

// Any pixel, ch_mult 1, every group: the n valid taps of the list (kOut: an OutKind).
template <int kOut>
[[gnu::noinline]] void pixel_list_m1(const int8_t* image, const Tap* taps, int32_t n, int32_t groups,
                                     const uint32_t* rec, size_t words, size_t quant_at, uint32_t offsets,
                                     const Requant& r, int8_t* out) {
  const Tap* const end = taps + n;
  const int32_t offset = r.offset;
  for (int32_t g = 0; g < groups; ++g, rec += words, out += 4, image += 4) {
    auto a0 = static_cast<int32_t>(rec[kBias]), a1 = static_cast<int32_t>(rec[kBias + 1]);
    auto a2 = static_cast<int32_t>(rec[kBias + 2]), a3 = static_cast<int32_t>(rec[kBias + 3]);
    const auto* w = reinterpret_cast<const uint8_t*>(rec);
    for (const Tap* t = taps; t != end; ++t) {
      mac4(dsp::load_u32(image + t->input), reinterpret_cast<const uint32_t*>(w + t->weights), offsets, a0, a1, a2, a3);
    }
    store4<kOut>(a0, a1, a2, a3, reinterpret_cast<const FastQuant*>(rec + quant_at), r, offset, 4 * g, out);
  }
}

// Any pixel, ch_mult > 1: the groups of input channel ic (output channels oc0..), valid taps only.
template <int kOut>
void pixel_list_shared(const int8_t* image, const Tap* taps, int32_t n, int32_t ic, int32_t oc0, int32_t groups,
                       const uint32_t* rec, size_t words, size_t quant_at, int32_t input_offset, const Requant& r,
                       int8_t* out) {
  const int32_t offset = r.offset;
  for (int32_t g = 0; g < groups; ++g, rec += words) {
    auto a0 = static_cast<int32_t>(rec[kBias]), a1 = static_cast<int32_t>(rec[kBias + 1]);
    auto a2 = static_cast<int32_t>(rec[kBias + 2]), a3 = static_cast<int32_t>(rec[kBias + 3]);
    const uint32_t* w = rec + kWeights;
    for (int32_t t = 0; t < n; ++t) {
      const auto x = static_cast<uint32_t>(image[taps[t].input + ic] + input_offset);
      const uint32_t* wt = w + 2 * taps[t].index;
      const uint32_t w02 = wt[0], w13 = wt[1];
      a0 = dsp::smlabb(w02, x, a0);
      a2 = dsp::smlatb(w02, x, a2);
      a1 = dsp::smlabb(w13, x, a1);
      a3 = dsp::smlatb(w13, x, a3);
    }
    const int32_t oc = oc0 + 4 * g;
    store4<kOut>(a0, a1, a2, a3, reinterpret_cast<const FastQuant*>(rec + quant_at), r, offset, oc, out + oc);
  }
}

// A channel outside the groups of 4, any quantization.
inline int8_t single(const DepthwiseConvParams& p, const DepthwiseConvS8Args& a, const int8_t* filter,
                     const int8_t* image, const Tap* taps, int32_t n, int32_t ic, int32_t oc) {
  const int32_t out_c = p.output_c();
  uint32_t acc = a.bias != nullptr ? static_cast<uint32_t>(a.bias[oc]) : 0u;
  for (int32_t t = 0; t < n; ++t) {
    acc += static_cast<uint32_t>((image[taps[t].input + ic] + p.input_offset) * filter[taps[t].index * out_c + oc]);
  }
  return quant::requantize_s8_unprepared(static_cast<int32_t>(acc), a.output_multiplier[oc], a.output_shift[oc],
                                 p.output_offset, p.activation_min, p.activation_max);
}

// The valid taps of the output pixel whose top-left tap is input (y0, x0); returns their count.
int32_t list_taps(const DepthwiseConvParams& p, int32_t y0, int32_t x0, Tap* taps) {
  int32_t n = 0;
  for (int32_t ky = 0; ky < p.filter_h; ++ky) {
    const int32_t iy = y0 + ky * p.dilation_h;
    if (iy < 0 || iy >= p.input_h) continue;
    for (int32_t kx = 0; kx < p.filter_w; ++kx) {
      const int32_t ix = x0 + kx * p.dilation_w;
      if (ix < 0 || ix >= p.input_w) continue;
      const int32_t index = ky * p.filter_w + kx;
      taps[n++] = {(iy * p.input_w + ix) * p.input_c, static_cast<int32_t>(4 * kWeights) + 8 * index, index};
    }
  }
  return n;
}

// A 3x3, ch_mult 1 pixel with taps outside the image, every channel in a group of 4: finds the
// rectangle of valid filter rows and columns and runs pixel_3x3_rect for the usual border shapes
// (2x2, 2x3, 3x2); false for the others (1-wide rectangles of tiny or heavily padded inputs, no
// valid tap), which the caller's list path runs.
template <bool kFast>
[[gnu::always_inline]] inline bool rect_border_3x3(const DepthwiseConvParams& p, const int8_t* image, int32_t y0, int32_t x0, int32_t groups,
                     const uint32_t* rec, size_t words, uint32_t offsets, const Requant& r, int8_t* out) {
  int32_t ky0 = 0, ky1 = 3, kx0 = 0, kx1 = 3;
  while (ky0 < 3 && y0 + ky0 * p.dilation_h < 0) ++ky0;
  while (ky1 > ky0 && y0 + (ky1 - 1) * p.dilation_h >= p.input_h) --ky1;
  while (kx0 < 3 && x0 + kx0 * p.dilation_w < 0) ++kx0;
  while (kx1 > kx0 && x0 + (kx1 - 1) * p.dilation_w >= p.input_w) --kx1;
  const int32_t rows = ky1 - ky0, cols = kx1 - kx0;
  const bool shape_2x2 = rows == 2 && cols == 2, shape_2x3 = rows == 2 && cols == 3, shape_3x2 = rows == 3 && cols == 2;
  if (!shape_2x2 && !shape_2x3 && !shape_3x2) return false;
  const int32_t row_step = p.dilation_h * p.input_w * p.input_c, col = p.dilation_w * p.input_c;
  const int8_t* p0 = image + ((y0 + ky0 * p.dilation_h) * p.input_w + (x0 + kx0 * p.dilation_w)) * p.input_c;
  const size_t w_at = 4 * kWeights + 8 * static_cast<size_t>(3 * ky0 + kx0);
  if (shape_2x2) pixel_3x3_rect<kFast, 2, 2>(p0, row_step, col, w_at, groups, rec, words, offsets, r, out);
  else if (shape_2x3) pixel_3x3_rect<kFast, 2, 3>(p0, row_step, col, w_at, groups, rec, words, offsets, r, out);
  else pixel_3x3_rect<kFast, 3, 2>(p0, row_step, col, w_at, groups, rec, words, offsets, r, out);
  return true;
}

// The output columns [lo, hi) whose 3x3 taps all lie inside the image horizontally (lo <= hi).
// Sums in int64, quotients in uint32 (every operand is below 2^32; a 64-bit division is a library
// call on Armv7-M).
void inside_columns(const DepthwiseConvParams& p, int32_t* lo, int32_t* hi) {
  const auto stride = static_cast<uint32_t>(p.stride_w);
  const uint32_t first = static_cast<uint32_t>(int64_t{p.pad_left} + p.stride_w - 1) / stride;  // x0 >= 0
  const int64_t limit = int64_t{p.input_w} - 1 - 2 * int64_t{p.dilation_w} + p.pad_left;  // x0 + 2 * dw < input_w
  const int64_t end = limit < 0 ? 0 : int64_t{static_cast<uint32_t>(limit) / stride} + 1;
  const auto out_w = static_cast<uint32_t>(p.output_w);
  *lo = static_cast<int32_t>(first < out_w ? first : out_w);
  *hi = static_cast<int32_t>(end < *lo ? *lo : end < p.output_w ? end : p.output_w);
}

template <bool kFast>
void convolve(const DepthwiseConvParams& p, const DepthwiseConvS8Args& a, const int8_t* filter, const Layout& l) {
  const int32_t out_c = p.output_c(), taps_n = p.filter_h * p.filter_w;
  const size_t words = record_words(p), quant_at = kWeights + 2 * static_cast<size_t>(taps_n);
  const int32_t groups_m = p.ch_mult / 4, grouped_m = groups_m * 4, groups_c1 = p.input_c / 4;
  const uint32_t offsets = (static_cast<uint32_t>(p.input_offset) & 0xFFFFu) | (static_cast<uint32_t>(p.input_offset) << 16);
  const Requant r{a.output_multiplier, a.output_shift, p.output_offset, p.activation_min, p.activation_max};
  const bool is_3x3 = p.filter_h == 3 && p.filter_w == 3 && p.ch_mult == 1;
  const int32_t row_step = p.dilation_h * p.input_w * p.input_c, col = p.dilation_w * p.input_c;
  // 3x3, ch_mult 1, every channel in a group of 4: the inside pixels of a row run as one call
  // (pairs at stride 1, dilation_w 1), the border pixels one by one.
  const bool grouped_3x3 = is_3x3 && 4 * groups_c1 == p.input_c;
  const bool pairs = grouped_3x3 && p.stride_w == 1 && p.dilation_w == 1;
  // Stride-2 pairs (mac_pair_s2_3x3_inside): Cortex-M4 schedule (and C) only; a dual-issue core
  // keeps the single-pixel kernel's schedule.
  // (The shape test is made where the pairs run: one more live flag across the row loop cost KWS's
  // 5-wide layers ~80 est. m4 cycles each.)
  constexpr bool kPairsS2 = !CMNN_DUAL_ISSUE_SCHEDULE;
  int32_t in_lo = 0, in_hi = 0;
  if (grouped_3x3) inside_columns(p, &in_lo, &in_hi);
  // Edge pairs (stride 1, dilation_w 1): a first pixel missing exactly input column -1, a last
  // pixel missing exactly input column W, each run with its inside neighbour (mac_edge_pair_3x3).
  // Not on a dual-issue core: with its schedule in runs of loads the m7 model puts the pair above
  // the border rectangle plus the single pixel (KWS 25x5x64 +6% est. m7 cycles); M4: -7.8%.
  constexpr bool kEdges = !CMNN_DUAL_ISSUE_SCHEDULE;
  const bool edges = pairs && kEdges;
  const bool edge_left = edges && in_lo == 1;
  const bool edge_right = edges && in_hi == p.output_w - 1 && in_hi > in_lo && in_hi - p.pad_left + 2 == p.input_w;
  const uint32_t neg_offsets = (static_cast<uint32_t>(-p.input_offset) & 0xFFFFu) |
                               (static_cast<uint32_t>(-p.input_offset) << 16);
  // 6-wide images (person_detect's and VWW's 6x6x128): every row with at most one filter row
  // outside the image runs as one whole-row call (pixel_row_3x3; 5-wide ones, KWS's 25x5x64, run
  // the ring above, and the few 5-wide shapes it does not take run the pixel kernels). Cortex-M4
  // schedule only: a dual-issue core keeps the pixel kernels above, which its schedules were made
  // for. The fast output stage only (real tables; the doubled form's rare layers keep the pixel
  // kernels: ~5 KB less code). Width 6: dilation_h 1 only (row6_3x3_dsp.h walks its input pointer
  // from one row into the next).
  constexpr bool kWholeRows = !CMNN_DUAL_ISSUE_SCHEDULE && kFast;
  const bool whole_rows = kWholeRows && grouped_3x3 && p.stride_w == 1 && p.dilation_w == 1 && p.pad_left == 1 &&
                          p.output_w == p.input_w && p.input_w == 6 && p.dilation_h == 1;
  // 3-wide images (the 3x3x256 layers): every row with at most one filter row outside the image as
  // one call (pixel_row3_3x3), the three pixels together. A dual-issue core keeps its pixel
  // kernels' schedules with the fast output stage (m7 model, person_detect #25: 53,417 est. cycles
  // against 53,946 with rows3) and takes rows3 with the doubled one (its pixel kernels' C output
  // stage: layer bench #25, random tables, 59,747 -> 56,148). The doubled stage's ~3 KB are linked
  // only by images whose layers take it (convolve<false>: 3x3.dsp not narrowed, select/narrow.h).
  constexpr bool kRows3 = !CMNN_DUAL_ISSUE_SCHEDULE || !kFast;
  const bool rows3 = kRows3 && grouped_3x3 && p.stride_w == 1 && p.dilation_w == 1 && p.pad_left == 1 &&
                     p.input_w == 3 && p.output_w == 3 && p.dilation_h == 1;
  const int8_t* image = a.input;
  int32_t y0 = 0;
  // Output pixel (y0, ox) of the current image: every case but the runs of inside pixels.
  auto one_pixel = [&](bool rows_in, int32_t ox, int8_t* out) {
    const int32_t x0 = ox * p.stride_w - p.pad_left;
    if (is_3x3 && rows_in && x0 >= 0 && x0 + 2 * p.dilation_w < p.input_w) {
      const int8_t* p0 = image + (y0 * p.input_w + x0) * p.input_c;
      pixel_3x3_inside<kFast>(p0, row_step, col, groups_c1, l.records, words, r, out, 1, 0, out_c);
      if (4 * groups_c1 == p.input_c) return;
      const int32_t n = list_taps(p, y0, x0, l.taps);
      for (int32_t c = 4 * groups_c1; c < p.input_c; ++c) out[c] = single(p, a, filter, image, l.taps, n, c, c);
      return;
    }
    if (grouped_3x3 && rect_border_3x3<kFast>(p, image, y0, x0, groups_c1, l.records, words, offsets, r, out)) return;
    const int32_t n = list_taps(p, y0, x0, l.taps);
    if (p.ch_mult == 1) {
      pixel_list_m1<kFast ? kOutFast : kOutDoubled>(image, l.taps, n, groups_c1, l.records, words, quant_at, offsets, r, out);
      for (int32_t c = 4 * groups_c1; c < p.input_c; ++c) out[c] = single(p, a, filter, image, l.taps, n, c, c);
      return;
    }
    const uint32_t* rec = l.records;
    for (int32_t ic = 0; ic < p.input_c; ++ic, rec += static_cast<size_t>(groups_m) * words) {
      const int32_t oc0 = ic * p.ch_mult;
      pixel_list_shared<kFast ? kOutFast : kOutDoubled>(image, l.taps, n, ic, oc0, groups_m, rec, words, quant_at, p.input_offset, r, out);
      for (int32_t m = grouped_m; m < p.ch_mult; ++m) out[oc0 + m] = single(p, a, filter, image, l.taps, n, ic, oc0 + m);
    }
  };
  int8_t* out = a.output;
  if (rows3) {  // its own row loop: a test in the one below cost the other layers' rows (spills)
    for (int32_t b = 0; b < p.batches; ++b) {
      image = a.input + static_cast<size_t>(b) * p.input_h * p.input_w * p.input_c;
      for (int32_t oy = 0; oy < p.output_h; ++oy, out += static_cast<size_t>(p.output_w) * out_c) {
        y0 = oy * p.stride_h - p.pad_top;
        const bool rows_in = y0 >= 0 && y0 + 2 < p.input_h;
        // 0: all three filter rows inside; 1: row 0 above the image; 2: row 2 below (dilation_h 1).
        const int32_t set = rows_in ? 0 : y0 == -1 && p.input_h >= 2 ? 1 : y0 >= 0 && y0 + 2 == p.input_h ? 2 : -1;
        const int8_t* row0 = image + static_cast<size_t>(set == 1 ? 0 : y0) * p.input_w * p.input_c;
        if (set == 0) {
          pixel_row3_3x3<kFast, 3>(row0, row_step, col, groups_c1, l.records, words, out_c, out, neg_offsets, 0);
        } else if (set == 1) {
          pixel_row3_3x3<kFast, 2>(row0, row_step, col, groups_c1, l.records, words, out_c, out, neg_offsets, 1);
        } else if (set == 2) {
          pixel_row3_3x3<kFast, 2>(row0, row_step, col, groups_c1, l.records, words, out_c, out, neg_offsets, 0);
        } else {
          for (int32_t ox = 0; ox < 3; ++ox) one_pixel(false, ox, out + static_cast<size_t>(ox) * out_c);
        }
      }
    }
    return;
  }
  for (int32_t b = 0; b < p.batches; ++b) {
    image = a.input + static_cast<size_t>(b) * p.input_h * p.input_w * p.input_c;
    for (int32_t oy = 0; oy < p.output_h; ++oy, out += static_cast<size_t>(p.output_w) * out_c) {
      y0 = oy * p.stride_h - p.pad_top;
      const bool rows_in = y0 >= 0 && y0 + (p.filter_h - 1) * p.dilation_h < p.input_h;
      if constexpr (kWholeRows) {
        if (whole_rows) {
          // 0: all three filter rows inside; 1: row 0 above the image; 2: row 2 below (dilation_h 1).
          const int32_t set = rows_in                                      ? 0
                              : p.dilation_h != 1                          ? -1
                              : y0 == -1 && p.input_h >= 2                 ? 1
                              : y0 >= 0 && y0 + 2 == p.input_h             ? 2
                                                                           : -1;
          if (set >= 0) {
            const int8_t* row0 = image + static_cast<size_t>(set == 1 ? 0 : y0) * p.input_w * p.input_c;
            const int32_t zp = -p.input_offset;
            pixel_row_3x3_set<6>(set, row0, row_step, col, groups_c1, l.records, words, out_c, out, zp);
            continue;
          }
        }
      }
      if constexpr (kEdges) {
        // A row with exactly one filter row outside the image (dilation_h 1): two-row pairs.
        const int32_t row_set = !edges || p.dilation_h != 1 || rows_in ? 0
                                : y0 == -1 && p.input_h >= 2      ? 1
                                : y0 >= 0 && y0 + 2 == p.input_h  ? 2
                                                                  : 0;
        if (row_set != 0) {
          const int32_t y_first = row_set == 1 ? 0 : y0;  // input row of the first filter row run
          const int8_t* row0 = image + static_cast<size_t>(y_first) * p.input_w * p.input_c;
          int32_t lo = in_lo, hi = in_hi, left_end = 0, right_start = in_hi;
          if (edge_left && lo < hi) {
            if (row_set == 1) {
              pixel_edge_pair_3x3<kFast, 1, 1>(row0, row_step, col, groups_c1, l.records, words, r, out_c, out, neg_offsets);
            } else {
              pixel_edge_pair_3x3<kFast, 1, 2>(row0, row_step, col, groups_c1, l.records, words, r, out_c, out, neg_offsets);
            }
            left_end = ++lo;
          }
          if (edge_right && lo < hi) {
            const int8_t* q0 = row0 + (p.input_w - 3) * p.input_c;
            int8_t* o = out + static_cast<size_t>(hi - 1) * out_c;
            if (row_set == 1) {
              pixel_edge_pair_3x3<kFast, 2, 1>(q0, row_step, col, groups_c1, l.records, words, r, out_c, o, neg_offsets);
            } else {
              pixel_edge_pair_3x3<kFast, 2, 2>(q0, row_step, col, groups_c1, l.records, words, r, out_c, o, neg_offsets);
            }
            --hi;
            right_start = in_hi + 1;
          }
          for (int32_t ox = left_end; ox < lo; ++ox) one_pixel(false, ox, out + static_cast<size_t>(ox) * out_c);
          const int32_t n_pairs = (hi - lo) / 2;
          if (n_pairs > 0) {
            const int8_t* q0 = row0 + (lo - p.pad_left) * p.input_c;
            int8_t* o = out + static_cast<size_t>(lo) * out_c;
            if (row_set == 1) {
              pixel_pair2_3x3<kFast, 1>(q0, row_step, col, groups_c1, l.records, words, r, out_c, o, n_pairs, neg_offsets);
            } else {
              pixel_pair2_3x3<kFast, 2>(q0, row_step, col, groups_c1, l.records, words, r, out_c, o, n_pairs, neg_offsets);
            }
          }
          for (int32_t ox = lo + 2 * n_pairs; ox < p.output_w; ++ox) {
            if (ox >= hi && ox < right_start) continue;  // done by the right edge pair
            one_pixel(false, ox, out + static_cast<size_t>(ox) * out_c);
          }
          continue;
        }
      }
      if constexpr (kPairsS2) {
        // Stride 2 (dilation 1), one filter row outside the image: the inside columns in two-row
        // pairs (pixel_pair2_3x3<.., 2>), the others one by one.
        const bool pairs_s2 = grouped_3x3 && p.stride_w == 2 && p.dilation_w == 1 && p.dilation_h == 1 && !rows_in;
        const int32_t row_set = !pairs_s2                         ? 0
                                : y0 == -1 && p.input_h >= 2      ? 1
                                : y0 >= 0 && y0 + 2 == p.input_h  ? 2
                                                                  : 0;
        const int32_t n_pairs = row_set != 0 ? (in_hi - in_lo) / 2 : 0;
        if (n_pairs > 0) {
          const int8_t* row0 = image + static_cast<size_t>(row_set == 1 ? 0 : y0) * p.input_w * p.input_c;
          const int8_t* q0 = row0 + (2 * in_lo - p.pad_left) * p.input_c;
          int8_t* o = out + static_cast<size_t>(in_lo) * out_c;
          for (int32_t ox = 0; ox < in_lo; ++ox) one_pixel(false, ox, out + static_cast<size_t>(ox) * out_c);
          if (row_set == 1) {
            pixel_pair2_3x3<kFast, 1, 2>(q0, row_step, col, groups_c1, l.records, words, r, out_c, o, n_pairs, neg_offsets);
          } else {
            pixel_pair2_3x3<kFast, 2, 2>(q0, row_step, col, groups_c1, l.records, words, r, out_c, o, n_pairs, neg_offsets);
          }
          for (int32_t ox = in_lo + 2 * n_pairs; ox < p.output_w; ++ox) {
            one_pixel(false, ox, out + static_cast<size_t>(ox) * out_c);
          }
          continue;
        }
      }
      if (!(grouped_3x3 && rows_in)) {
        for (int32_t ox = 0; ox < p.output_w; ++ox) one_pixel(rows_in, ox, out + static_cast<size_t>(ox) * out_c);
        continue;
      }
      int32_t lo = in_lo, hi = in_hi, left_end = 0, right_start = in_hi;  // inside run [lo, hi)
      if (edge_left && lo < hi) {  // pixel 0 (input column -1 missing) with pixel 1
        pixel_edge_pair_3x3<kFast, 1>(image + y0 * p.input_w * p.input_c, row_step, col, groups_c1, l.records, words,
                                      r, out_c, out, neg_offsets);
        left_end = ++lo;
      }
      if (edge_right && lo < hi) {  // the last pixel (input column W missing) with the one before it
        pixel_edge_pair_3x3<kFast, 2>(image + (y0 * p.input_w + p.input_w - 3) * p.input_c, row_step, col, groups_c1,
                                      l.records, words, r, out_c, out + static_cast<size_t>(hi - 1) * out_c,
                                      neg_offsets);
        --hi;
        right_start = in_hi + 1;
      }
      for (int32_t ox = left_end; ox < in_lo; ++ox) one_pixel(true, ox, out + static_cast<size_t>(ox) * out_c);
      if (lo < hi) {
        // Two or more inside pixels: stride_w < input_w, so the steps below fit int32.
        int32_t ox = lo;
        const int8_t* p0 = image + (y0 * p.input_w + lo * p.stride_w - p.pad_left) * p.input_c;
        const int32_t n_pairs = pairs ? (hi - lo) / 2 : 0;
        if (n_pairs > 0) {
          pixel_pair_3x3_inside<kFast, 1>(p0, row_step, col, groups_c1, l.records, words, r, out_c,
                                          out + static_cast<size_t>(ox) * out_c, n_pairs);
          ox += 2 * n_pairs;
          p0 += 2 * n_pairs * p.input_c;
        }
        if constexpr (kPairsS2) {
          const bool pairs_s2 = grouped_3x3 && p.stride_w == 2 && p.dilation_w == 1;
          const int32_t n_s2 = pairs_s2 ? (hi - lo) / 2 : 0;
          if (n_s2 > 0) {
            pixel_pair_3x3_inside<kFast, 2>(p0, row_step, col, groups_c1, l.records, words, r, out_c,
                                            out + static_cast<size_t>(ox) * out_c, n_s2);
            ox += 2 * n_s2;
            p0 += 4 * n_s2 * p.input_c;
          }
        }
        if (ox < hi) {
          const int32_t in_step = hi - ox > 1 ? p.stride_w * p.input_c : 0;
          pixel_3x3_inside<kFast>(p0, row_step, col, groups_c1, l.records, words, r,
                                  out + static_cast<size_t>(ox) * out_c, hi - ox, in_step, out_c);
        }
      }
      for (int32_t ox = right_start; ox < p.output_w; ++ox) one_pixel(true, ox, out + static_cast<size_t>(ox) * out_c);
    }
  }
}

// Every output pixel from its tap list, each output through quant::requantize_s8_unprepared: the
// one kernel of the general output stage (kOutGeneral: narrow clamps, multipliers below 2^30,
// shifts outside [-23, 0]; TFLite's converter rarely gives these, so it is kept small, not fast).
[[gnu::noinline]] void convolve_general(const DepthwiseConvParams& p, const DepthwiseConvS8Args& a, const int8_t* filter,
                                        const Layout& l) {
  const int32_t out_c = p.output_c();
  const size_t words = record_words(p), quant_at = kWeights + 2 * taps_of(p);
  const int32_t groups_m = p.ch_mult / 4, grouped_m = groups_m * 4, groups_c1 = p.input_c / 4;
  const uint32_t offsets = (static_cast<uint32_t>(p.input_offset) & 0xFFFFu) | (static_cast<uint32_t>(p.input_offset) << 16);
  const Requant r{a.output_multiplier, a.output_shift, p.output_offset, p.activation_min, p.activation_max};
  int8_t* out = a.output;
  for (int32_t b = 0; b < p.batches; ++b) {
    const int8_t* image = a.input + static_cast<size_t>(b) * p.input_h * p.input_w * p.input_c;
    for (int32_t oy = 0; oy < p.output_h; ++oy) {
      for (int32_t ox = 0; ox < p.output_w; ++ox, out += out_c) {
        const int32_t n = list_taps(p, oy * p.stride_h - p.pad_top, ox * p.stride_w - p.pad_left, l.taps);
        if (p.ch_mult == 1) {
          pixel_list_m1<kOutGeneral>(image, l.taps, n, groups_c1, l.records, words, quant_at, offsets, r, out);
          for (int32_t c = 4 * groups_c1; c < p.input_c; ++c) out[c] = single(p, a, filter, image, l.taps, n, c, c);
          continue;
        }
        const uint32_t* rec = l.records;
        for (int32_t ic = 0; ic < p.input_c; ++ic, rec += static_cast<size_t>(groups_m) * words) {
          const int32_t oc0 = ic * p.ch_mult;
          pixel_list_shared<kOutGeneral>(image, l.taps, n, ic, oc0, groups_m, rec, words, quant_at, p.input_offset, r, out);
          for (int32_t m = grouped_m; m < p.ch_mult; ++m) out[oc0 + m] = single(p, a, filter, image, l.taps, n, ic, oc0 + m);
        }
      }
    }
  }
}

// The code a .dsp call runs: its rows from the ring of widened input rows, or its pixels with the
// output stage of the channels' tables. Form::kAll is depthwise_s8.3x3.dsp and depthwise_s8.dsp,
// which choose per call; the narrow forms name one choice, so that an image that calls only them
// links only that code (the compiler names them where the choice is known when it compiles:
// depthwise_conv2d_s8_dsp_narrowest). Each narrow form runs every call it supports, exactly.
enum class Form {
  kAll,
  kRing,        // depthwise_s8.3x3.ring.dsp: every row from the ring (ring_shape; any table, in place or
                // not), the other stages by ring_row_general
  kRingStages,  // depthwise_s8.3x3.ring_stages.dsp: kRing with the other stages by ring_row_prepared
  kPixels,      // depthwise_s8.3x3.pixels.dsp: the pixel kernels, fast stage or general (doubled tables: general)
};
constexpr bool ring_form(Form f) { return f == Form::kRing || f == Form::kRingStages; }

// ring_shape: every row from the ring, on the Cortex-M4 schedule with the fast output stage
// (a dual-issue core keeps the pixel kernels), and always in place (the pixel kernels cannot).
bool ring_taken(const Layout& l, OutKind kind, bool in_place) {
  constexpr bool kRingSchedule = !CMNN_DUAL_ISSUE_SCHEDULE;
  return l.ring != nullptr && ((kRingSchedule && kind == kOutFast) || in_place);
}

// Called after check_s8_but_channels (or the full check): scan_channels makes the check's last
// step first (unless scratch_prepared, where the check skips it too), so the statuses come in the
// check's order, then the scratch's.
template <Form F>
Status run_with_filter(const DepthwiseConvParams& p, const DepthwiseConvS8Args& a, const int8_t* filter, void* scratch,
                       size_t scratch_size, size_t needed) {
  OutKind kind = kOutGeneral;
  if (!p.scratch_prepared) {
    const Status s = scan_channels(p, a, filter, &kind);
    if (s != Status::kOk) return s;
  }
  if (scratch_size < needed) return Status::kScratchTooSmall;
  if (scratch == nullptr) return Status::kNullPointer;
  const Layout l = carve(scratch, p, a);
  if (p.scratch_prepared) {
    // As the first call of the same run decided (any other word: the general stage, which reads
    // no record constants).
    const uint32_t h = l.header[0];
    kind = h == kOutFast ? kOutFast : h == kOutDoubled ? kOutDoubled : kOutGeneral;
  } else {
    l.header[0] = kind;
    if (l.fill != nullptr) prepare(p, a, filter, kind, l.fill);  // the records do not depend on the rows
  }
  if constexpr (F != Form::kPixels) {
    if (ring_form(F) || ring_taken(l, kind, a.input == a.output)) {
      // kAll links everything anyway: its calls in place take the fast rows of the other stages.
      constexpr RingOtherRow kOther = F == Form::kRing ? ring_row_general : ring_row_prepared;
      const Requant r{a.output_multiplier, a.output_shift, p.output_offset, p.activation_min, p.activation_max};
      const size_t in_image = static_cast<size_t>(p.input_h) * p.input_w * p.input_c;
      const size_t out_image = static_cast<size_t>(p.output_h) * p.output_w * p.output_c();
      for (int32_t b = 0; b < p.batches; ++b) {
        ring_rows_3x3<kOther>(p, a.input + b * in_image, l.records, record_words(p), l.ring, kind, r,
                              a.output + b * out_image);
      }
      return Status::kOk;
    }
  }
  if constexpr (!ring_form(F)) {
    if (kind == kOutFast) {
      convolve<true>(p, a, filter, l);
      return Status::kOk;
    }
    if constexpr (F == Form::kAll) {
      if (kind == kOutDoubled) {
        convolve<false>(p, a, filter, l);
        return Status::kOk;
      }
    }
    convolve_general(p, a, filter, l);  // reads the records' weights and biases only
  }
  return Status::kOk;
}

}  // namespace

bool supports_3x3(const DepthwiseConvParams& p) { return p.filter_h == 3 && p.filter_w == 3; }
size_t scratch_dsp(const DepthwiseConvParams& p) { return layout_bytes(p); }

size_t dsp_record_words(const DepthwiseConvParams& p) { return group_count(p) * record_words(p); }

bool ring_in_place_shape(const DepthwiseConvParams& p) { return p.batches == 1 && ring_shape(p); }

Status dsp_prepare_records(const DepthwiseConvParams& p, const DepthwiseConvS8Args& a, int32_t* records, size_t words) {
  DepthwiseConvParams q = p;
  q.has_prepared_records = false;  // the check must not ask for the records being made
  const Status s = depthwise_conv_check(q, a);
  if (s != Status::kOk) return s;
  if (records == nullptr) return Status::kNullPointer;
  if (words < dsp_record_words(p)) return Status::kScratchTooSmall;
  OutKind kind = kOutGeneral;
  static_cast<void>(scan_channels(q, a, a.filter, &kind));  // kOk: the check above scanned the channels
  prepare(p, a, a.filter, kind, reinterpret_cast<uint32_t*>(records));
  return Status::kOk;
}
size_t scratch_dsp_s4(const DepthwiseConvParams& p) { return layout_bytes(p) + align_up(taps_of(p) * static_cast<size_t>(p.output_c())); }

// The channel scan of the check is run_with_filter's scan_channels (one pass for both).
Status run_s8_dsp(const DepthwiseConvParams& p, const DepthwiseConvS8Args& a, void* scratch, size_t scratch_size) {
  const Status s = check_s8_but_channels(p, a);
  if (s != Status::kOk) return s;
  return run_with_filter<Form::kAll>(p, a, a.filter, scratch, scratch_size, scratch_dsp(p));
}

namespace {
template <Form F>
bool supports_form(const DepthwiseConvParams& p) {
  if constexpr (ring_form(F)) return supports_3x3(p) && ring_shape(p);
  else if constexpr (F == Form::kPixels) return supports_3x3(p) && !ring_shape(p);
  else return supports_3x3(p);
}

template <Form F>
Status run_3x3_form(const DepthwiseConvParams& p, const DepthwiseConvS8Args& a, void* scratch, size_t scratch_size) {
  if (!supports_form<F>(p)) {  // the full check's status first, as every variant
    const Status s = depthwise_conv_check(p, a);
    return s != Status::kOk ? s : Status::kUnsupported;
  }
  const Status s = check_s8_but_channels(p, a);
  if (s != Status::kOk) return s;
  return run_with_filter<F>(p, a, a.filter, scratch, scratch_size, scratch_dsp(p));
}
}  // namespace

bool supports_3x3_ring(const DepthwiseConvParams& p) { return supports_form<Form::kRing>(p); }
bool supports_3x3_ring_stages(const DepthwiseConvParams& p) { return supports_form<Form::kRingStages>(p); }
bool supports_3x3_pixels(const DepthwiseConvParams& p) { return supports_form<Form::kPixels>(p); }

Status run_s8_dsp_3x3(const DepthwiseConvParams& p, const DepthwiseConvS8Args& a, void* scratch, size_t scratch_size) {
  return run_3x3_form<Form::kAll>(p, a, scratch, scratch_size);
}
Status run_s8_dsp_3x3_ring(const DepthwiseConvParams& p, const DepthwiseConvS8Args& a, void* scratch,
                           size_t scratch_size) {
  return run_3x3_form<Form::kRing>(p, a, scratch, scratch_size);
}
Status run_s8_dsp_3x3_ring_stages(const DepthwiseConvParams& p, const DepthwiseConvS8Args& a, void* scratch,
                                  size_t scratch_size) {
  return run_3x3_form<Form::kRingStages>(p, a, scratch, scratch_size);
}
Status run_s8_dsp_3x3_pixels(const DepthwiseConvParams& p, const DepthwiseConvS8Args& a, void* scratch,
                             size_t scratch_size) {
  return run_3x3_form<Form::kPixels>(p, a, scratch, scratch_size);
}

// int4 weights: unpacked to int8 at the end of the scratch, then the int8 kernel.
Status run_s4_dsp(const DepthwiseConvParams& p, const DepthwiseConvS4Args& a, void* scratch, size_t scratch_size) {
  const Status s = depthwise_conv_check(p, a);
  if (s != Status::kOk) return s;
  if (scratch_size < scratch_dsp_s4(p)) return Status::kScratchTooSmall;
  if (scratch == nullptr) return Status::kNullPointer;
  const size_t count = taps_of(p) * static_cast<size_t>(p.output_c());
  int8_t* unpacked = static_cast<int8_t*>(scratch) + layout_bytes(p);
  const PackedS4Weights packed{a.filter};
  for (size_t i = 0; i < count; ++i) unpacked[i] = static_cast<int8_t>(packed[static_cast<int32_t>(i)]);
  const DepthwiseConvS8Args a8{a.input, unpacked, a.bias, a.output_multiplier, a.output_shift, a.output, a.prepared_records};
  return run_with_filter<Form::kAll>(p, a8, unpacked, scratch, layout_bytes(p), layout_bytes(p));
}

}  // namespace cmnn::depthwise

namespace cmnn {

size_t depthwise_conv2d_s8_dsp_record_words(const DepthwiseConvParams& params) { return depthwise::dsp_record_words(params); }

namespace {
// The DSP entries whose calls in place take the ring, told apart by their supports(), each of
// which no other DSP entry has (asserted below), never by their run(): taking a run function's
// address would link it, and all it calls, into every image that asks (run_rows_in_place asks on
// every in-place call).
constexpr bool (*kRingInPlace[])(const DepthwiseConvParams&) = {depthwise::supports_any, depthwise::supports_3x3,
                                                                 depthwise::supports_3x3_ring,
                                                                 depthwise::supports_3x3_ring_stages};
using RunS8 = Status (*)(const DepthwiseConvParams&, const DepthwiseConvS8Args&, void*, size_t);
constexpr bool names_one_entry(bool (*supports)(const DepthwiseConvParams&), RunS8 run) {
  int n = 0;
  bool runs = false;
  for (const DepthwiseConvS8Variant& v : kDepthwiseConvS8Variants) {
    if (v.isa == Isa::kDsp && v.supports == supports) ++n, runs = v.run == run;
  }
  return n == 1 && runs;
}
// GCC does not evaluate comparisons of function addresses in constant expressions under
// -fsanitize=undefined (the host-asan preset, which also sets __SANITIZE_ADDRESS__): the check
// runs in every other build.
#if !defined(__SANITIZE_ADDRESS__)
static_assert(names_one_entry(kRingInPlace[0], depthwise::run_s8_dsp) &&
                  names_one_entry(kRingInPlace[1], depthwise::run_s8_dsp_3x3) &&
                  names_one_entry(kRingInPlace[2], depthwise::run_s8_dsp_3x3_ring) &&
                  names_one_entry(kRingInPlace[3], depthwise::run_s8_dsp_3x3_ring_stages),
              "each supports() of kRingInPlace names its DSP entry alone");
#endif
}  // namespace

bool depthwise_conv2d_s8_ring_in_place(const DepthwiseConvS8Variant& v, const DepthwiseConvParams& p) {
  bool ring = false;
  for (auto* s : kRingInPlace) ring = ring || v.supports == s;
  return v.isa == Isa::kDsp && ring && depthwise::ring_in_place_shape(p);
}

const DepthwiseConvS8Variant* depthwise_conv2d_s8_dsp_narrowest(const DepthwiseConvS8Variant& v, const DepthwiseConvParams& p,
                                                                 const DepthwiseConvS8Args& a, bool rows_in_place) {
  if (v.run != depthwise::run_s8_dsp_3x3 || !depthwise::supports_3x3(p)) return nullptr;
  const char* id = nullptr;
  // The output stage of the layer's tables (scan_channels, as the first call will), or none when
  // the check refuses them.
  DepthwiseConvParams q = p;
  q.has_prepared_records = false;
  q.scratch_prepared = false;
  depthwise::OutKind kind = depthwise::kOutGeneral;
  const bool scanned =
      depthwise_conv_check(q, a) == Status::kOk && depthwise::scan_channels(q, a, a.filter, &kind) == Status::kOk;
  if (rows_in_place && depthwise::ring_in_place_shape(p)) {
    // run_rows_in_place makes one call in place (rows_whole_call_in_place): ring_taken holds. The
    // fast stage's tables: the entry with the small rows for the other stages (never run there);
    // other tables: the one with their fast rows.
    id = scanned && kind == depthwise::kOutFast ? "depthwise_s8.3x3.ring.dsp" : "depthwise_s8.3x3.ring_stages.dsp";
  } else if (p.input_w != 5 || p.output_w != 5) {
    // No call of the layer is in place (row bands write output slots) and none has the ring
    // shape (it needs 5 columns; bands keep the width): every call runs the pixel kernels with
    // the stage of the tables, the pixels form's unless the tables take the doubled stage.
    if (scanned && kind != depthwise::kOutDoubled) id = "depthwise_s8.3x3.pixels.dsp";
  }
  return id != nullptr ? depthwise_conv2d_s8_find_variant(id) : nullptr;
}

Status depthwise_conv2d_s8_dsp_records(const DepthwiseConvParams& params, const DepthwiseConvS8Args& args,
                                       int32_t* records, size_t words) {
  return depthwise::dsp_prepare_records(params, args, records, words);
}

}  // namespace cmnn

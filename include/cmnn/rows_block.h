// A residual block run as one call by bands of output rows: conv/depthwise A reads the block input
// x, B reads A's output, the shortcut is x itself or a conv S of x (e.g. ResNet's 1x1 stride-2
// conv), and ADD(B, shortcut) gives the block's output. A's rows go to a ring (rows_fused.h's walk:
// rows shared by consecutive bands are kept, not recomputed), B's band and S's band to two slots,
// and the ADD writes the band's output rows, which may overwrite x: after the band, every row of x
// a later band reads lies at or past the bytes written (checked by rows_block_check before any
// call). Neither A's, B's nor S's output exists whole: RAM is x (shared with the output) + the ring +
// two slots + the largest variant scratch. Each call runs the chosen variant on a sub-image
// (rows_band_params) and the ADD is elementwise, so the output equals the layer-by-layer result.
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "cmnn/elementwise.h"
#include "cmnn/rows_fused.h"

namespace cmnn {

using AddS8Variant = Variant<AddParams, BinaryArgs<int8_t>>;

template <typename P, typename A>
using RowsRunFn = Status (*)(const Variant<P, A>&, const P&, const A&, void*, size_t);

// Bytes of one output row of the block, of x's rows, and whether the shapes chain: B's output, S's
// output (or x for an identity shortcut) and the ADD agree. 0 when they do not.
template <typename PA, typename PB, typename PS>
size_t rows_block_out_row(const PA& pa, const PB& pb, const PS* ps, const AddParams& add) {
  if (pa.batches != 1 || pb.batches != 1 || pa.output_h != pb.input_h || pa.output_w != pb.input_w ||
      rows_output_channels(pa) != pb.input_c || pb.output_h < 1)
    return 0;
  const size_t out_row = static_cast<size_t>(pb.output_w) * static_cast<size_t>(rows_output_channels(pb));
  if (ps != nullptr) {
    if (ps->batches != 1 || ps->input_h != pa.input_h || ps->input_w != pa.input_w || ps->input_c != pa.input_c ||
        ps->output_h != pb.output_h || ps->output_w != pb.output_w || rows_output_channels(*ps) != rows_output_channels(pb))
      return 0;
  } else if (pa.input_h != pb.output_h || static_cast<size_t>(pa.input_w) * static_cast<size_t>(pa.input_c) != out_row) {
    return 0;
  }
  if (static_cast<size_t>(add.size) != out_row * static_cast<size_t>(pb.output_h)) return 0;
  return out_row;
}

// Work bytes: the ring of A's rows, B's slot, S's slot (with a shortcut conv), each 16-byte
// aligned, then `kernel_scratch` (the largest of the four variants' scratch). 0 when the shapes
// do not chain.
template <typename PA, typename PB, typename PS>
size_t rows_block_work_bytes(const PA& pa, const PB& pb, const PS* ps, const AddParams& add, int32_t band,
                             size_t kernel_scratch) {
  const size_t out_row = rows_block_out_row(pa, pb, ps, add);
  if (out_row == 0 || band < 1) return 0;
  const size_t mid_row = static_cast<size_t>(pb.input_w) * static_cast<size_t>(pb.input_c);
  const int32_t b = band < pb.output_h ? band : pb.output_h;
  const size_t slot = rows_align16(static_cast<size_t>(b) * out_row);
  return rows_align16(static_cast<size_t>(rows_fused_ring_rows(pb, band)) * mid_row) + slot + (ps != nullptr ? slot : 0) +
         kernel_scratch;
}

// kOk when the output may overwrite x: after each band, the bytes written so far lie below every
// byte of x a later band reads (A's later rows, S's later rows, the identity shortcut's later rows).
template <typename PA, typename PB, typename PS>
Status rows_block_check_in_place(const PA& pa, const PB& pb, const PS* ps, int32_t band) {
  const size_t in_row = static_cast<size_t>(pa.input_w) * static_cast<size_t>(pa.input_c);
  const size_t out_row = static_cast<size_t>(pb.output_w) * static_cast<size_t>(rows_output_channels(pb));
  return rows_fused_walk(pa, pb, band, [&](const RowsFusedStep<PA, PB>& s) {
    const int32_t o1 = s.o0 + s.q2.output_h;
    if (o1 >= pb.output_h) return Status::kOk;  // nothing is read after the last band
    int32_t first_mid = 0;
    const PB q = rows_band_params(pb, s.o0, o1, &first_mid);
    const int32_t a_from = first_mid + q.input_h;  // later bands compute A rows from here on
    const int64_t a_reads = int64_t{a_from} * pa.stride_h - pa.pad_top;
    int64_t need = a_reads < 0 ? 0 : a_reads;
    if (ps != nullptr) {
      const int64_t s_reads = int64_t{o1} * ps->stride_h - ps->pad_top;
      need = s_reads < need ? (s_reads < 0 ? 0 : s_reads) : need;
    } else {
      need = o1 < need ? o1 : need;  // the identity shortcut reads x's row o1 next
    }
    return static_cast<size_t>(need) * in_row >= static_cast<size_t>(o1) * out_row ? Status::kOk : Status::kBadShape;
  });
}

// aa.input: x; add_args.output: the block's output (x's buffer or another); the other pointers of
// aa/ab/as_ that this runtime sets (A's output, B's input/output, S's output, the ADD's inputs) are
// ignored. vs == nullptr: identity shortcut (ps, as_ unused). skip_first: the ADD's input1 is the
// shortcut (else B's output).
template <typename PA, typename AA, typename PB, typename AB, typename PS, typename AS>
Status run_rows_block(const Variant<PA, AA>& va, const PA& pa, const AA& aa, RowsRunFn<PA, AA> runa,
                      const Variant<PB, AB>& vb, const PB& pb, const AB& ab, RowsRunFn<PB, AB> runb,
                      const Variant<PS, AS>* vs, const PS* ps, const AS* as_, RowsRunFn<PS, AS> runs,
                      const AddS8Variant& vadd, const AddParams& padd, const BinaryArgs<int8_t>& add_args,
                      RowsRunFn<AddParams, BinaryArgs<int8_t>> runadd, bool skip_first, int32_t band, void* work,
                      size_t work_bytes) {
  if (aa.input == nullptr || add_args.output == nullptr || work == nullptr || runa == nullptr || runb == nullptr ||
      runadd == nullptr || (vs != nullptr && (ps == nullptr || as_ == nullptr || runs == nullptr)))
    return Status::kNullPointer;
  const PS* shortcut = vs != nullptr ? ps : nullptr;
  const size_t need = rows_block_work_bytes(pa, pb, shortcut, padd, band, 0);
  if (need == 0) return Status::kBadParameter;
  if (work_bytes < need) return Status::kScratchTooSmall;
  const size_t in_row = static_cast<size_t>(pa.input_w) * static_cast<size_t>(pa.input_c);
  const size_t x_bytes = in_row * static_cast<size_t>(pa.input_h);
  const size_t out_row = rows_block_out_row(pa, pb, shortcut, padd);
  const auto* x = reinterpret_cast<const uint8_t*>(aa.input);
  auto* out = reinterpret_cast<uint8_t*>(add_args.output);
  const bool overlaps = out < x + x_bytes && x < out + out_row * static_cast<size_t>(pb.output_h);
  if (overlaps && (out != x || rows_block_check_in_place(pa, pb, shortcut, band) != Status::kOk)) return Status::kBadParameter;
  const size_t mid_row = static_cast<size_t>(pb.input_w) * static_cast<size_t>(pb.input_c);
  const int32_t b = band < pb.output_h ? band : pb.output_h;
  const size_t slot = rows_align16(static_cast<size_t>(b) * out_row);
  uint8_t* const ring = static_cast<uint8_t*>(work);
  uint8_t* const b_slot = ring + rows_align16(static_cast<size_t>(rows_fused_ring_rows(pb, band)) * mid_row);
  uint8_t* const s_slot = b_slot + slot;
  void* const kernel_scratch = static_cast<uint8_t*>(work) + need;
  const size_t kernel_bytes = work_bytes - need;
  void* const ks = kernel_bytes > 0 ? kernel_scratch : nullptr;
  return rows_fused_walk(pa, pb, band, [&](const RowsFusedStep<PA, PB>& s) {
    if (s.move_rows > 0) std::memmove(ring, ring + static_cast<size_t>(s.move_from) * mid_row, static_cast<size_t>(s.move_rows) * mid_row);
    if (s.compute) {
      AA a1 = aa;
      a1.input = aa.input + static_cast<size_t>(s.in_first) * in_row;
      a1.output = reinterpret_cast<int8_t*>(ring + static_cast<size_t>(s.q1_at) * mid_row);
      const Status r = runa(va, s.q1, a1, ks, kernel_bytes);
      if (r != Status::kOk) return r;
    }
    AB a2 = ab;
    a2.input = reinterpret_cast<const int8_t*>(ring + static_cast<size_t>(s.q2_at) * mid_row);
    a2.output = reinterpret_cast<int8_t*>(b_slot);
    Status r = runb(vb, s.q2, a2, ks, kernel_bytes);
    if (r != Status::kOk) return r;
    const int32_t o1 = s.o0 + s.q2.output_h;
    const int8_t* skip = reinterpret_cast<const int8_t*>(x + static_cast<size_t>(s.o0) * out_row);
    if (vs != nullptr) {
      int32_t first = 0;
      const PS q = rows_band_params(*ps, s.o0, o1, &first);
      AS a3 = *as_;
      a3.input = aa.input + static_cast<size_t>(first) * in_row;
      a3.output = reinterpret_cast<int8_t*>(s_slot);
      r = runs(*vs, q, a3, ks, kernel_bytes);
      if (r != Status::kOk) return r;
      skip = reinterpret_cast<const int8_t*>(s_slot);
    }
    AddParams p = padd;
    p.size = static_cast<int32_t>(static_cast<size_t>(s.q2.output_h) * out_row);
    BinaryArgs<int8_t> a4;
    a4.input1 = skip_first ? skip : reinterpret_cast<const int8_t*>(b_slot);
    a4.input2 = skip_first ? reinterpret_cast<const int8_t*>(b_slot) : skip;
    a4.output = reinterpret_cast<int8_t*>(out + static_cast<size_t>(s.o0) * out_row);
    return runadd(vadd, p, a4, ks, kernel_bytes);
  });
}

}  // namespace cmnn

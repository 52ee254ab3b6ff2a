// Caffe-style pooling, compare-and-set ReLU and direct-loop fully connected of the baseline
// (see include/cmnn/legacy/baseline.h).
#include "cmnn/legacy/baseline.h"
#include "legacy/common.h"

namespace cmnn::legacy::baseline {
namespace {

constexpr int kMaxDim = 1 << 16;

Status check_pool(const PoolShape& s, const void* in, const void* out) {
  if (in == nullptr || out == nullptr) return Status::kNullPointer;
  const int dims[] = {s.in_x, s.in_y, s.ch, s.ker_x, s.ker_y, s.stride_x, s.stride_y};
  for (int d : dims) {
    if (d < 1 || d >= kMaxDim) return Status::kBadShape;
  }
  if (s.pad_x < 0 || s.pad_y < 0 || s.pad_x >= s.ker_x || s.pad_y >= s.ker_y) return Status::kBadShape;
  if (int64_t{s.in_x} * s.in_y * s.ch >= (int64_t{1} << 30)) return Status::kBadShape;
  const int ox = caffe_pool_out_dim(s.in_x, s.ker_x, s.pad_x, s.stride_x);
  const int oy = caffe_pool_out_dim(s.in_y, s.ker_y, s.pad_y, s.stride_y);
  if (ox < 1 || oy < 1 || s.out_x != ox || s.out_y != oy) return Status::kBadShape;
  // Every window keeps at least one pixel (ceil mode with stride > ker could start one past the image).
  if ((ox - 1) * s.stride_x - s.pad_x >= s.in_x || (oy - 1) * s.stride_y - s.pad_y >= s.in_y) return Status::kBadShape;
  return Status::kOk;
}

// Caffe's window along one axis: [start, end) clipped to [-pad, in + pad) gives the divisor size;
// clipped to [0, in) gives the pixels read.
struct Window {
  int begin, end, pool_size;
};
Window window(int o, int stride, int pad, int ker, int in) {
  int start = o * stride - pad;
  int end = start + ker < in + pad ? start + ker : in + pad;
  const int pool_size = end - start;
  start = start < 0 ? 0 : start;
  end = end < in ? end : in;
  return Window{start, end, pool_size};
}

template <bool kMax>
void pool(const PoolShape& s, const q7_t* in, q7_t* out) {
  for (int oy = 0; oy < s.out_y; ++oy) {
    const Window wy = window(oy, s.stride_y, s.pad_y, s.ker_y, s.in_y);
    for (int ox = 0; ox < s.out_x; ++ox) {
      const Window wx = window(ox, s.stride_x, s.pad_x, s.ker_x, s.in_x);
      for (int c = 0; c < s.ch; ++c) {
        int32_t r = kMax ? -128 : 0;
        for (int y = wy.begin; y < wy.end; ++y) {
          for (int x = wx.begin; x < wx.end; ++x) {
            const int32_t v = in[(static_cast<int64_t>(y) * s.in_x + x) * s.ch + c];
            if (kMax) {
              if (v > r) r = v;
            } else {
              r += v;
            }
          }
        }
        if (!kMax) r /= wy.pool_size * wx.pool_size;  // C division truncates toward zero
        out[(static_cast<int64_t>(oy) * s.out_x + ox) * s.ch + c] = static_cast<q7_t>(r);
      }
    }
  }
}

}  // namespace

int caffe_pool_out_dim(int in, int ker, int pad, int stride) {
  if (in < 1 || ker < 1 || stride < 1 || pad < 0 || in + 2 * pad < ker) return 0;
  const int span = in + 2 * pad - ker;
  int out = (span + stride - 1) / stride + 1;
  if (pad > 0 && (out - 1) * stride >= in + pad) --out;  // the last window must start inside the image
  return out;
}

Status maxpool_q7_hwc(const PoolShape& s, const q7_t* in, q7_t* out) {
  const Status st = check_pool(s, in, out);
  if (st == Status::kOk) pool<true>(s, in, out);
  return st;
}

Status avepool_q7_hwc(const PoolShape& s, const q7_t* in, q7_t* out) {
  const Status st = check_pool(s, in, out);
  if (st == Status::kOk) pool<false>(s, in, out);
  return st;
}

Status relu_q7(q7_t* data, int size) {
  if (data == nullptr) return Status::kNullPointer;
  if (size < 0) return Status::kBadShape;
  for (int i = 0; i < size; ++i) {
    if (data[i] < 0) data[i] = 0;
  }
  return Status::kOk;
}

Status fully_connected_q7(const q7_t* in, const q7_t* wt, int dim, int rows, const q7_t* bias, Shifts shifts,
                          q7_t* out) {
  if (in == nullptr || wt == nullptr || bias == nullptr || out == nullptr) return Status::kNullPointer;
  if (dim < 1 || rows < 1 || int64_t{dim} * rows >= (int64_t{1} << 30)) return Status::kBadShape;
  if (!detail::shifts_valid(shifts)) return Status::kBadParameter;
  for (int r = 0; r < rows; ++r) {
    int32_t acc = detail::initial_accumulator(bias[r], shifts);
    const q7_t* w = wt + static_cast<int64_t>(r) * dim;
    for (int i = 0; i < dim; ++i) acc = detail::wrap_mac(acc, in[i], w[i]);
    out[r] = detail::finish_q7(acc, shifts);
  }
  return Status::kOk;
}

}  // namespace cmnn::legacy::baseline

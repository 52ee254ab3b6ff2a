// Max and average pooling of the legacy q7 API (HWC). Windows are clipped to the image.
#include "cmnn/legacy/pooling.h"

#include <initializer_list>

#include "legacy/common.h"

namespace cmnn::legacy {
namespace {

Status check_pool(const PoolShape& s, const void* in, const void* out) {
  if (in == nullptr || out == nullptr) return Status::kNullPointer;
  constexpr int kMax = 1 << 16;
  const int dims[] = {s.in_x, s.in_y, s.ch, s.ker_x, s.ker_y, s.stride_x, s.stride_y, s.out_x, s.out_y};
  for (int d : dims) {
    if (d < 1 || d >= kMax) return Status::kBadShape;
  }
  if (s.pad_x < 0 || s.pad_y < 0 || s.pad_x >= kMax || s.pad_y >= kMax) return Status::kBadShape;
  if (int64_t{s.in_x} * s.in_y * s.ch >= (int64_t{1} << 30) || int64_t{s.out_x} * s.out_y * s.ch >= (int64_t{1} << 30)) {
    return Status::kBadShape;
  }
  // Every window must keep at least one pixel (an empty window has no max and no average).
  for (int o : {s.out_x - 1, 0}) {
    const int start = o * s.stride_x - s.pad_x;
    if (start >= s.in_x || start + s.ker_x <= 0) return Status::kBadShape;
  }
  for (int o : {s.out_y - 1, 0}) {
    const int start = o * s.stride_y - s.pad_y;
    if (start >= s.in_y || start + s.ker_y <= 0) return Status::kBadShape;
  }
  return Status::kOk;
}

// Clipped window [begin, end) of output position o along one axis.
void window(int o, int stride, int pad, int ker, int in, int* begin, int* end) {
  const int start = o * stride - pad;
  *begin = start < 0 ? 0 : start;
  *end = start + ker > in ? in : start + ker;
}

}  // namespace

Status maxpool_q7_hwc(const PoolShape& s, const q7_t* in, q7_t* out) {
  const Status st = check_pool(s, in, out);
  if (st != Status::kOk) return st;
  for (int oy = 0; oy < s.out_y; ++oy) {
    int y0, y1;
    window(oy, s.stride_y, s.pad_y, s.ker_y, s.in_y, &y0, &y1);
    for (int ox = 0; ox < s.out_x; ++ox) {
      int x0, x1;
      window(ox, s.stride_x, s.pad_x, s.ker_x, s.in_x, &x0, &x1);
      q7_t* o = out + (static_cast<int64_t>(oy) * s.out_x + ox) * s.ch;
      for (int c = 0; c < s.ch; ++c) {
        int32_t m = -128;
        for (int y = y0; y < y1; ++y) {
          for (int x = x0; x < x1; ++x) {
            const int32_t v = in[(static_cast<int64_t>(y) * s.in_x + x) * s.ch + c];
            m = v > m ? v : m;
          }
        }
        o[c] = static_cast<q7_t>(m);
      }
    }
  }
  return Status::kOk;
}

Status avepool_q7_hwc(const PoolShape& s, const q7_t* in, q7_t* out, AvgRounding rounding) {
  const Status st = check_pool(s, in, out);
  if (st != Status::kOk) return st;
  for (int oy = 0; oy < s.out_y; ++oy) {
    int y0, y1;
    window(oy, s.stride_y, s.pad_y, s.ker_y, s.in_y, &y0, &y1);
    for (int ox = 0; ox < s.out_x; ++ox) {
      int x0, x1;
      window(ox, s.stride_x, s.pad_x, s.ker_x, s.in_x, &x0, &x1);
      q7_t* o = out + (static_cast<int64_t>(oy) * s.out_x + ox) * s.ch;
      for (int c = 0; c < s.ch; ++c) {
        int32_t total = 0;
        for (int y = y0; y < y1; ++y) {
          int32_t row = 0;
          for (int x = x0; x < x1; ++x) row += in[(static_cast<int64_t>(y) * s.in_x + x) * s.ch + c];
          // Separable: the x pass stores a truncated q7 average per row (C division truncates toward 0).
          total += rounding == AvgRounding::kSeparable ? row / (x1 - x0) : row;
        }
        const int32_t count = rounding == AvgRounding::kSeparable ? (y1 - y0) : (y1 - y0) * (x1 - x0);
        o[c] = static_cast<q7_t>(total / count);
      }
    }
  }
  return Status::kOk;
}

}  // namespace cmnn::legacy

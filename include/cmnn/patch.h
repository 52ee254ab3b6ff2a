// Patch-based execution (MCUNetV2): the compiler runs a run of int8 conv/depthwise layers (and the
// residual ADDs between them) tile by tile of the run's output tensor, each layer on the rectangle of its output that the tile needs
// (halos recomputed), with tile-local buffers in a work area (tools/cmnn/select/patch_stage.h).
// The generated code calls the chosen variants with a sub-image's parameters (patch_params) and
// these two copies: the tile's window of the chain's input in, the tile of its output out. Every
// output element is computed from the same window with the same arithmetic as the whole-layer
// call (interior edges get no padding and read the halo; true borders keep the layer's padding),
// so the result is the layer-by-layer one byte for byte.
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstring>

namespace cmnn {

// A rectangle of an NHWC tensor (batch 1): first row and column, rows and columns.
struct PatchWindow {
  int32_t y0, x0, h, w;
};

// A layer's sizes and top/left padding on one tile.
struct PatchSubImage {
  int32_t input_h, input_w, output_h, output_w, pad_top, pad_left;
};

// The layer's parameters on a sub-image (Conv2dParams or DepthwiseConvParams).
template <typename P>
constexpr P patch_params(const P& p, const PatchSubImage& s) {
  P q = p;
  q.input_h = s.input_h, q.input_w = s.input_w, q.output_h = s.output_h, q.output_w = s.output_w;
  q.pad_top = s.pad_top, q.pad_left = s.pad_left;
  return q;
}

// Copies window w of a tensor `width` columns wide with `channels` int8 channels into dst (w.h rows
// of w.w x channels bytes, packed). The caller guarantees the window lies inside the tensor.
inline void patch_copy_in(const int8_t* src, int32_t width, int32_t channels, const PatchWindow& w, int8_t* dst) {
  const size_t row = static_cast<size_t>(w.w) * static_cast<size_t>(channels);
  for (int32_t y = 0; y < w.h; ++y) {
    const size_t at = (static_cast<size_t>(w.y0 + y) * static_cast<size_t>(width) + static_cast<size_t>(w.x0)) *
                      static_cast<size_t>(channels);
    std::memcpy(dst + static_cast<size_t>(y) * row, src + at, row);
  }
}

// The reverse: packed rows of src into window w of the tensor at dst.
inline void patch_copy_out(const int8_t* src, const PatchWindow& w, int32_t width, int32_t channels, int8_t* dst) {
  const size_t row = static_cast<size_t>(w.w) * static_cast<size_t>(channels);
  for (int32_t y = 0; y < w.h; ++y) {
    const size_t at = (static_cast<size_t>(w.y0 + y) * static_cast<size_t>(width) + static_cast<size_t>(w.x0)) *
                      static_cast<size_t>(channels);
    std::memcpy(dst + at, src + static_cast<size_t>(y) * row, row);
  }
}

// Byte offset of row y of window `inner` inside the packed buffer of window `outer` (which contains
// it), `channels` int8 channels per pixel: an ADD inside a patch stage reads its output rectangle's
// rows out of its inputs' larger windows.
constexpr size_t patch_row_offset(const PatchWindow& inner, const PatchWindow& outer, int32_t y, int32_t channels) {
  return (static_cast<size_t>(inner.y0 - outer.y0 + y) * static_cast<size_t>(outer.w) + static_cast<size_t>(inner.x0 - outer.x0)) *
         static_cast<size_t>(channels);
}

}  // namespace cmnn

#include "run/model_input.h"

#include <cmath>
#include <fstream>
#include <iterator>
#include <stdexcept>

namespace cmnn::tool {

std::vector<uint8_t> read_bytes(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) throw std::runtime_error("cannot open " + path);
  return std::vector<uint8_t>(std::istreambuf_iterator<char>(f), {});
}

std::vector<uint8_t> random_bytes(size_t size, uint32_t seed) {
  std::vector<uint8_t> v(size);
  uint32_t x = seed * 2654435761u + 12345u;
  for (uint8_t& b : v) {
    x = x * 1664525u + 1013904223u;
    b = static_cast<uint8_t>(x >> 24);
  }
  return v;
}

std::vector<uint8_t> sparse_random_bytes(size_t size, uint32_t seed, uint8_t background) {
  std::vector<uint8_t> v = random_bytes(size * 2, seed);
  std::vector<uint8_t> out(size, background);
  for (size_t i = 0; i < size; ++i) {
    if ((v[2 * i] & 7) == 0) out[i] = v[2 * i + 1];
  }
  return out;
}

int8_t pixel_to_input(const GraphTensor& t, uint8_t pixel) {
  const double scale = t.quant.scale.empty() ? 1.0 : static_cast<double>(t.quant.scale[0]);
  const int32_t zp = t.quant.zero_point.empty() ? 0 : t.quant.zero_point[0];
  const double lo = (-128 - zp) * scale, hi = (127 - zp) * scale;
  double real = pixel / 255.0;
  if (hi > 2.0) {
    real = pixel;
  } else if (lo < -0.5) {
    real = pixel / 127.5 - 1.0;
  }
  const double q = std::round(real / scale) + zp;
  return static_cast<int8_t>(q < -128 ? -128 : q > 127 ? 127 : q);
}

namespace {

uint32_t le(const std::vector<uint8_t>& b, size_t at, int bytes) {
  if (at + static_cast<size_t>(bytes) > b.size()) throw std::runtime_error("BMP truncated");
  uint32_t v = 0;
  for (int i = bytes - 1; i >= 0; --i) v = (v << 8) | b[at + static_cast<size_t>(i)];
  return v;
}

}  // namespace

Image read_bmp(const std::string& path) {
  const std::vector<uint8_t> b = read_bytes(path);
  if (b.size() < 54 || b[0] != 'B' || b[1] != 'M') throw std::runtime_error(path + ": not a BMP file");
  const uint32_t data_offset = le(b, 10, 4);
  const int32_t width = static_cast<int32_t>(le(b, 18, 4));
  const int32_t raw_height = static_cast<int32_t>(le(b, 22, 4));
  const uint32_t bits = le(b, 28, 2), compression = le(b, 30, 4);
  if (compression != 0 || (bits != 8 && bits != 24)) throw std::runtime_error(path + ": only uncompressed 8/24-bit BMP");
  if (width <= 0 || width > 4096 || raw_height == 0 || raw_height > 4096 || raw_height < -4096) {
    throw std::runtime_error(path + ": bad dimensions");
  }
  const bool bottom_up = raw_height > 0;
  const int32_t height = bottom_up ? raw_height : -raw_height;
  const size_t row_bytes = (static_cast<size_t>(width) * bits / 8 + 3) / 4 * 4;
  // 8-bit: palette of 4-byte BGRA entries after the info header; map through it (grey or not).
  const uint32_t header = le(b, 14, 4);
  Image img;
  img.width = width, img.height = height, img.channels = bits == 8 ? 1 : 3;
  img.pixels.resize(static_cast<size_t>(width) * static_cast<size_t>(height) * static_cast<size_t>(img.channels));
  for (int32_t y = 0; y < height; ++y) {
    const size_t row = data_offset + static_cast<size_t>(bottom_up ? height - 1 - y : y) * row_bytes;
    for (int32_t x = 0; x < width; ++x) {
      uint8_t* out = &img.pixels[(static_cast<size_t>(y) * static_cast<size_t>(width) + static_cast<size_t>(x)) *
                                 static_cast<size_t>(img.channels)];
      if (bits == 8) {
        const uint32_t index = le(b, row + static_cast<size_t>(x), 1);
        const size_t entry = 14 + header + index * 4;
        // Grey: the palette's blue, green and red are equal; take their mean in general.
        out[0] = static_cast<uint8_t>((le(b, entry, 1) + le(b, entry + 1, 1) + le(b, entry + 2, 1)) / 3);
      } else {
        const size_t p = row + static_cast<size_t>(x) * 3;
        out[0] = static_cast<uint8_t>(le(b, p + 2, 1));
        out[1] = static_cast<uint8_t>(le(b, p + 1, 1));
        out[2] = static_cast<uint8_t>(le(b, p, 1));
      }
    }
  }
  return img;
}

std::vector<uint8_t> image_to_input(const GraphTensor& t, const Image& image, PixelMap map) {
  if (t.shape.size() != 4 || t.shape[1] != image.height || t.shape[2] != image.width) {
    throw std::runtime_error("image is " + std::to_string(image.width) + "x" + std::to_string(image.height) +
                             ", the model's input tensor differs");
  }
  const int32_t c = t.shape[3];
  std::vector<uint8_t> out;
  for (size_t p = 0; p < static_cast<size_t>(image.width) * static_cast<size_t>(image.height); ++p) {
    const uint8_t* px = &image.pixels[p * static_cast<size_t>(image.channels)];
    for (int32_t k = 0; k < c; ++k) {
      uint8_t v = px[0];
      if (image.channels == 3 && c == 3) v = px[k];
      if (image.channels == 3 && c == 1) v = static_cast<uint8_t>((px[0] + px[1] + px[2]) / 3);
      out.push_back(map == PixelMap::kBytes ? v : static_cast<uint8_t>(pixel_to_input(t, v)));
    }
  }
  return out;
}

}  // namespace cmnn::tool

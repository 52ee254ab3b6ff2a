// Inputs for `cmnn run` / `cmnn eval`: raw tensor bytes, deterministic pseudo-random bytes, 8-bit
// images (BMP, CIFAR-10 records) mapped to the model's int8 input quantization.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "graph/graph.h"

namespace cmnn::tool {

std::vector<uint8_t> read_bytes(const std::string& path);  // std::runtime_error when unreadable

// size bytes from a fixed LCG seeded with seed (the same on every host).
std::vector<uint8_t> random_bytes(size_t size, uint32_t seed);
// Sparse variant: every byte is `background` except about one in eight, which is random (inputs of
// saturating models, e.g. MNIST-like images that are mostly background, stay informative).
std::vector<uint8_t> sparse_random_bytes(size_t size, uint32_t seed, uint8_t background);

// Pixel (0..255) -> int8 input value for tensor t, derived from its quantization: the real range
// the int8 codes cover picks the normalisation the model was trained with:
//   max real > 2       real = pixel          (e.g. ResNet-8: scale 1, zero point -128 -> pixel - 128)
//   min real < -0.5    real = pixel/127.5 - 1 (e.g. person_detect: scale 2/255, zero point -1)
//   otherwise          real = pixel/255
// then q = clamp(round(real / scale) + zero_point, -128, 127).
int8_t pixel_to_input(const GraphTensor& t, uint8_t pixel);

// An uncompressed 8-bit (palette) or 24-bit BMP as rows top-down of 1 (grey) or 3 (RGB) channels.
struct Image {
  int32_t width = 0, height = 0, channels = 0;
  std::vector<uint8_t> pixels;  // [height][width][channels], top row first
};
Image read_bmp(const std::string& path);  // std::runtime_error with the reason

// How pixels become int8 input values.
enum class PixelMap {
  kBytes,   // the pixel byte itself, read as int8 (what TFLM's person_detection test feeds: its
            // generate_cc_arrays.py copies the BMP's bytes into an int8 array)
  kScaled,  // pixel_to_input(): from the input tensor's quantization
};

// The image as the model's input tensor t ([1, h, w, c] int8). Greyscale images feed RGB models as
// equal channels; RGB feeds grey models as the mean. Sizes must match.
std::vector<uint8_t> image_to_input(const GraphTensor& t, const Image& image, PixelMap map);

}  // namespace cmnn::tool

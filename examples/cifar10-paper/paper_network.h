// The CIFAR-10 network of the CMSIS-NN paper, run with the legacy q7 functions the paper picks:
// RGB convolution for conv1, fast convolution after it, max/average pooling (CMSIS's separable
// average, or the exact one), ReLU, the "opt" fully connected layer on the interleaved IP1_WT, softmax when listed.
// Everything comes from a variant folder of ../shared/data/paper-cifar10 at run time (model.json:
// topology, shifts, array files; the .bin arrays), read with cmnn::platform::read_file (semihosting
// on the emulated boards). No heap: weights and activations live in static buffers.
#pragma once
#include <cstddef>
#include <cstdint>

#include "cmnn/legacy/pooling.h"
#include "cmnn/legacy/types.h"

namespace paper {

enum class LayerKind : uint8_t { kConv, kMaxPool, kAvgPool, kRelu, kFullyConnected, kSoftmax };

struct Layer {
  LayerKind kind;
  char name[12];                 // profile region name: conv1, pool2, relu3, ip1, softmax
  cmnn::legacy::ConvShape conv;  // kConv (and the fully connected sizes in in_ch / out_ch)
  cmnn::legacy::PoolShape pool;  // pooling
  cmnn::legacy::Shifts shifts;   // kConv, kFullyConnected
  const int8_t* weights;
  const int8_t* weights_row_major;  // kFullyConnected: IP1_WT_ROWMAJOR, for the baseline kernels
  const int8_t* bias;
};

struct Network {
  Layer layers[16];
  int layer_count;
  // Preprocessing: per-pixel mean (ML-examples) or per-channel mean and shift (CMSIS_5 v2 example).
  const uint8_t* mean_hwc;  // 32x32x3, or null
  int data_rshift;
  int32_t channel_mean[3];
  int32_t channel_rshift[3];
  bool per_channel;
  cmnn::legacy::Im2col im2col;  // kPartial (the paper) or kFull (to measure what partial saves)
  // Average pooling rounding. kExact (one division per window, CMSIS's portable path) reproduces
  // the known top-1 figures (m7 816/1017, m4 808/1017); kSeparable is CMSIS's Armv7E-M path.
  cmnn::legacy::AvgRounding avg_rounding;
  // baseline: direct-loop kernels instead of the paper's picks (convolve_hwc_q7_basic for every
  // convolution, row-major fully_connected_q7 on the portable path), the reference to compare with.
  bool baseline;
  cmnn::legacy::Path path;  // code path of the convolutions and the fully connected layer (kAuto: DSP where native)
  bool profile;  // wrap each layer call in a profile region (profile_begin(name) / profile_end())
};

// Loads model.json and the arrays of a variant folder (absolute path). Prints the reason and
// returns false on failure.
bool load_network(const char* variant_dir, Network* net);

// q7 HWC input from one CIFAR-10 record's pixels (1024 R, 1024 G, 1024 B, CHW).
void preprocess(const Network& net, const uint8_t* chw_pixels, int8_t* hwc_q7);

// Runs the network on a preprocessed image; returns the predicted class (first maximum of the
// last layer's output), or -1 when a layer reports an error (printed). With net.profile each
// layer call is one profile region named after the layer (conv1, pool1, relu1, ..., ip1).
int classify(const Network& net, const int8_t* hwc_q7);

// Largest im2col scratch (bytes) over the convolutions, for the chosen im2col mode.
size_t conv_scratch_bytes(const Network& net);

}  // namespace paper

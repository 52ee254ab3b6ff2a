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
  const int16_t* packed;  // kConv with --packed: conv_q7_pack's weights (null: the q7 kernels)
  size_t packed_count;
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
  // baseline: the paper's baseline (cmnn/legacy/baseline.h) instead of its kernels: convolution via
  // full-length 1-D convolutions, Caffe-style pooling (the average counts padding, equal to kExact for
  // this network's pad-0 pools), compare-and-set ReLU, direct-loop row-major fully connected.
  bool baseline;
  cmnn::legacy::Path path;  // code path of every optimised layer: conv, pooling, ReLU, FC (kAuto: DSP where native)
  bool profile;  // wrap each layer call in a profile region (profile_begin(name) / profile_end())
};

// --packed: packs the weights of every convolution convolve_hwc_q7_fast_packed takes (conv2, conv3)
// so that classify() runs them on the int8 kernels' 4x2 block (bit-exact; int16 weights, twice the
// bytes, in a static buffer of the example). Prints the reason and returns false on failure.
bool pack_conv_weights(Network* net);

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

// Appends a softmax layer (the paper's arm_softmax_q7 call) unless the last layer is one; false when full.
bool append_softmax(Network* net);

// The activation memory classify() really uses, from the same layer walk: two ping-pong buffers
// (the input and every layer's output alternate between them; ReLU works in place) and one scratch.
// steps[i]: layer i reads buffer in_buf (in_bytes used) and writes out_buf (out_bytes), with
// scratch_bytes of im2col scratch; those are the bytes alive together while the layer runs.
struct MemoryStep {
  int in_buf, out_buf;
  size_t in_bytes, out_bytes, scratch_bytes;
};
struct MemoryPlan {
  size_t input_bytes;         // the preprocessed image, held in buffer 0 before layer 0
  size_t buffer_bytes[2];     // high-water size of each ping-pong buffer (largest tensor it holds)
  size_t scratch_bytes;       // largest im2col scratch over the convolutions (net.im2col mode)
  size_t weight_bytes;        // weights + biases the layers read (interleaved IP1_WT, not the row-major copy)
  int step_count;
  MemoryStep steps[16];
};
MemoryPlan memory_plan(const Network& net);

}  // namespace paper

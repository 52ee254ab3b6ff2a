// Loading and running the paper's CIFAR-10 network (see paper_network.h).
#include "paper_network.h"

#include <cstring>

#include "cmnn/legacy/activations.h"
#include "cmnn/legacy/baseline.h"
#include "cmnn/legacy/convolution.h"
#include "cmnn/legacy/fully_connected.h"
#include "cmnn/legacy/pooling.h"
#include "json_view.h"
#include "platform.h"

#if defined(CMNN_TARGET_CORTEX_M)
#define PAPER_BIG_BSS __attribute__((section(".big_bss")))
#else
#define PAPER_BIG_BSS
#endif

namespace paper {
namespace {

using namespace cmnn::legacy;
using cmnn::Status;
namespace platform = cmnn::platform;

// Static storage: model.json text, the weight arrays, two activation buffers, the convolution
// scratch (partial im2col needs 2 columns; the full-im2col measurement mode needs every column).
char g_json[16 * 1024];
alignas(4) uint8_t g_store[192 * 1024];
size_t g_store_used = 0;
alignas(4) int8_t g_act[2][64 * 1024];
alignas(4) int16_t g_partial[8 * 1024];
alignas(4) PAPER_BIG_BSS int16_t g_full[512 * 1024];
alignas(4) int16_t g_fc_scratch[4 * 1024];
alignas(4) PAPER_BIG_BSS int16_t g_packed[80 * 1024];  // --packed: conv2 25,608 + conv3 51,208 int16
alignas(4) uint8_t g_baseline_scratch[12 * 1024];  // baseline::conv_q7_scratch_bytes: 9,304 for conv2

const uint8_t* load_array(const cmnn::json::Value& arrays, const char* dir, const char* name, long expected) {
  const cmnn::json::Value a = arrays[name];
  char file[64], path[320];
  if (!a.is_object() || !a["file"].copy_string(file, sizeof file)) {
    platform::print("model.json: no array %s\n", name);
    return nullptr;
  }
  platform::format(path, sizeof path, "%s/%s", dir, file);
  const long size = platform::file_size(path);
  if (size <= 0 || (expected > 0 && size != expected) || g_store_used + static_cast<size_t>(size) > sizeof g_store) {
    platform::print("%s: size %ld (expected %ld, store %zu used)\n", path, size, expected, g_store_used);
    return nullptr;
  }
  uint8_t* dst = g_store + g_store_used;
  if (platform::read_file(path, dst, static_cast<size_t>(size)) != size) {
    platform::print("%s: read failed\n", path);
    return nullptr;
  }
  g_store_used += (static_cast<size_t>(size) + 3) & ~size_t{3};
  return dst;
}

// A scalar under the first of two names (the two model.json generations spell some differently).
int scalar(const cmnn::json::Value& scalars, const char* fmt_a, const char* fmt_b, int index) {
  char key[40];
  platform::format(key, sizeof key, fmt_a, index);
  int64_t v;
  if (scalars[key].as_int(&v)) return static_cast<int>(v);
  if (fmt_b != nullptr) {
    platform::format(key, sizeof key, fmt_b, index);
    if (scalars[key].as_int(&v)) return static_cast<int>(v);
  }
  return -1;
}

bool starts_with(const char* s, const char* prefix) { return std::strncmp(s, prefix, std::strlen(prefix)) == 0; }

}  // namespace

bool load_network(const char* dir, Network* net) {
  *net = Network{};  // every field zero, path kAuto
  g_store_used = 0;
  char path[320];
  platform::format(path, sizeof path, "%s/model.json", dir);
  const long n = platform::read_file(path, g_json, sizeof g_json - 1);
  if (n <= 0) {
    platform::print("cannot read %s\n", path);
    return false;
  }
  const cmnn::json::Value root = cmnn::json::parse(g_json, static_cast<size_t>(n));
  const cmnn::json::Value scalars = root["scalars"], arrays = root["arrays"];
  char topology[512];
  if (!root.is_object() || !scalars.is_object() || !arrays.is_object() ||
      !root["topology"].copy_string(topology, sizeof topology)) {
    platform::print("%s: not a paper-cifar10 model.json\n", path);
    return false;
  }
  // Preprocessing.
  if (arrays["MEAN_DATA"].is_object()) {
    net->mean_hwc = load_array(arrays, dir, "MEAN_DATA", 3072);
    net->data_rshift = scalar(scalars, "DATA_RSHIFT", nullptr, 0);
    if (net->mean_hwc == nullptr || net->data_rshift < 0) return false;
  } else if (arrays["INPUT_MEAN_SHIFT"].is_object()) {
    const uint8_t* mean = load_array(arrays, dir, "INPUT_MEAN_SHIFT", 12);
    const uint8_t* shift = load_array(arrays, dir, "INPUT_RIGHT_SHIFT", 12);
    if (mean == nullptr || shift == nullptr) return false;
    std::memcpy(net->channel_mean, mean, 12);
    std::memcpy(net->channel_rshift, shift, 12);
    net->per_channel = true;
  } else {
    platform::print("%s: no preprocessing arrays (this variant's test image is pre-quantized)\n", path);
    return false;
  }
  // Layers: the topology string, e.g. "conv1 5x5 3->32 pad2 -> maxpool 3x3 s2 -> relu -> ...".
  int dim = 32, ch = 3, conv_index = 0, pool_index = 0, relu_index = 0;
  for (char* token = topology; token != nullptr && *token != '\0';) {
    char* arrow = std::strstr(token, " -> ");
    if (arrow != nullptr) *arrow = '\0';
    if (net->layer_count == 16) return false;
    Layer& l = net->layers[net->layer_count++];
    if (starts_with(token, "conv")) {
      const int i = ++conv_index;
      ConvShape& s = l.conv;
      s.in_x = s.in_y = scalar(scalars, "CONV%d_IN_DIM", "CONV%d_IM_DIM", i);
      s.in_ch = scalar(scalars, "CONV%d_IN_CH", "CONV%d_IM_CH", i);
      s.out_ch = scalar(scalars, "CONV%d_OUT_CH", nullptr, i);
      s.ker_x = s.ker_y = scalar(scalars, "CONV%d_KER_DIM", nullptr, i);
      s.pad_x = s.pad_y = scalar(scalars, "CONV%d_PAD", "CONV%d_PADDING", i);
      s.stride_x = s.stride_y = scalar(scalars, "CONV%d_STRIDE", nullptr, i);
      s.out_x = s.out_y = scalar(scalars, "CONV%d_OUT_DIM", nullptr, i);
      l.shifts = Shifts{scalar(scalars, "CONV%d_BIAS_LSHIFT", nullptr, i), scalar(scalars, "CONV%d_OUT_RSHIFT", nullptr, i)};
      if (s.in_x != dim || s.in_ch != ch) {
        platform::print("conv%d: input %dx%d does not follow the previous layer (%dx%d)\n", i, s.in_x, s.in_ch, dim, ch);
        return false;
      }
      char name[24];
      platform::format(name, sizeof name, "CONV%d_WT", i);
      l.weights = reinterpret_cast<const int8_t*>(load_array(arrays, dir, name, long{s.out_ch} * s.in_ch * s.ker_x * s.ker_y));
      platform::format(name, sizeof name, "CONV%d_BIAS", i);
      l.bias = reinterpret_cast<const int8_t*>(load_array(arrays, dir, name, s.out_ch));
      if (l.weights == nullptr || l.bias == nullptr) return false;
      l.kind = LayerKind::kConv;
      platform::format(l.name, sizeof l.name, "conv%d", i);
      dim = s.out_x;
      ch = s.out_ch;
    } else if (starts_with(token, "maxpool") || starts_with(token, "avepool")) {
      const int i = ++pool_index;
      PoolShape& p = l.pool;
      p.in_x = p.in_y = dim;
      p.ch = ch;
      p.ker_x = p.ker_y = scalar(scalars, "POOL%d_KER_DIM", nullptr, i);
      p.stride_x = p.stride_y = scalar(scalars, "POOL%d_STRIDE", nullptr, i);
      p.pad_x = p.pad_y = scalar(scalars, "POOL%d_PAD", "POOL%d_PADDING", i);
      p.out_x = p.out_y = scalar(scalars, "POOL%d_OUT_DIM", nullptr, i);
      l.kind = starts_with(token, "maxpool") ? LayerKind::kMaxPool : LayerKind::kAvgPool;
      platform::format(l.name, sizeof l.name, "pool%d", i);
      dim = p.out_x;
    } else if (starts_with(token, "relu")) {
      l.kind = LayerKind::kRelu;
      l.conv.in_x = dim;
      l.conv.in_ch = ch;
      platform::format(l.name, sizeof l.name, "relu%d", ++relu_index);
    } else if (starts_with(token, "fc")) {
      const int in_dim = dim * dim * ch;
      int out = scalar(scalars, "IP1_OUT_DIM", "IP1_OUT", 0);
      l.conv.in_ch = in_dim;
      l.conv.out_ch = out;
      l.shifts = Shifts{scalar(scalars, "IP1_BIAS_LSHIFT", nullptr, 0), scalar(scalars, "IP1_OUT_RSHIFT", nullptr, 0)};
      // IP1_WT is stored interleaved for the opt fully connected layer (the paper's choice).
      l.weights = reinterpret_cast<const int8_t*>(load_array(arrays, dir, "IP1_WT", long{in_dim} * out));
      l.weights_row_major = reinterpret_cast<const int8_t*>(load_array(arrays, dir, "IP1_WT_ROWMAJOR", long{in_dim} * out));
      l.bias = reinterpret_cast<const int8_t*>(load_array(arrays, dir, "IP1_BIAS", out));
      if (l.weights == nullptr || l.weights_row_major == nullptr || l.bias == nullptr || out < 1) return false;
      l.kind = LayerKind::kFullyConnected;
      platform::format(l.name, sizeof l.name, "ip1");
      dim = 1;
      ch = out;
    } else if (starts_with(token, "softmax")) {
      l.kind = LayerKind::kSoftmax;
      l.conv.in_ch = ch;
      platform::format(l.name, sizeof l.name, "softmax");
    } else {
      platform::print("unknown layer '%s'\n", token);
      return false;
    }
    token = arrow != nullptr ? arrow + 4 : nullptr;
  }
  return net->layer_count > 0;
}

void preprocess(const Network& net, const uint8_t* chw, int8_t* hwc) {
  for (int p = 0; p < 1024; ++p) {
    for (int c = 0; c < 3; ++c) {
      const int32_t pixel = chw[c * 1024 + p];
      int32_t v;
      if (net.per_channel) {
        const int32_t shift = net.channel_rshift[c];
        v = ((pixel - net.channel_mean[c]) * 128 + (int32_t{1} << (shift - 1))) >> shift;
      } else {
        v = (pixel - net.mean_hwc[p * 3 + c]) >> net.data_rshift;
      }
      hwc[p * 3 + c] = static_cast<int8_t>(v < -128 ? -128 : v > 127 ? 127 : v);
    }
  }
}

bool pack_conv_weights(Network* net) {
  size_t used = 0;
  for (int i = 0; i < net->layer_count; ++i) {
    Layer& l = net->layers[i];
    if (l.kind != LayerKind::kConv) continue;
    const size_t count = conv_q7_packed_count(l.conv);
    if (count == 0) continue;  // conv1 (RGB, 75-deep patches) keeps convolve_hwc_q7_rgb
    if (used + count > sizeof g_packed / sizeof g_packed[0]) {
      platform::print("%s: packed weights do not fit (%zu int16)\n", l.name, used + count);
      return false;
    }
    if (conv_q7_pack(l.conv, l.weights, g_packed + used, count) != Status::kOk) {
      platform::print("%s: conv_q7_pack failed\n", l.name);
      return false;
    }
    l.packed = g_packed + used;
    l.packed_count = count;
    used += (count + 1) & ~size_t{1};  // keep every layer's packed weights 4-byte aligned
  }
  return true;
}

size_t conv_scratch_bytes(const Network& net) {
  size_t most = 0;
  for (int i = 0; i < net.layer_count; ++i) {
    if (net.layers[i].kind != LayerKind::kConv) continue;
    const Layer& l = net.layers[i];
    const size_t b = l.packed != nullptr ? conv_q7_packed_scratch_bytes(l.conv) : conv_q7_scratch_bytes(l.conv, net.im2col);
    most = b > most ? b : most;
  }
  return most;
}

int classify(const Network& net, const int8_t* input) {
  int8_t* cur = g_act[0];
  int8_t* next = g_act[1];
  std::memcpy(cur, input, 3072);
  int size = 3072;
  void* scratch = net.im2col == Im2col::kFull ? static_cast<void*>(g_full) : static_cast<void*>(g_partial);
  const size_t scratch_size = net.im2col == Im2col::kFull ? sizeof g_full : sizeof g_partial;
  for (int i = 0; i < net.layer_count; ++i) {
    const Layer& l = net.layers[i];
    Status st = Status::kOk;
    bool swap = true;
    if (net.profile) platform::profile_begin(l.name);
    switch (l.kind) {
      case LayerKind::kConv: {
        const ConvShape& s = l.conv;
        if (static_cast<size_t>(s.out_x) * s.out_y * s.out_ch > sizeof g_act[0]) {
          st = Status::kBadShape;
        } else if (net.baseline) {
          st = baseline::convolve_hwc_q7(s, cur, l.weights, l.bias, l.shifts, next, g_baseline_scratch,
                                         sizeof g_baseline_scratch);
        } else if (l.packed != nullptr) {
          st = convolve_hwc_q7_fast_packed(s, cur, l.packed, l.packed_count, l.bias, l.shifts, next, g_partial,
                                           sizeof g_partial);
        } else if (s.in_ch == 3) {
          st = convolve_hwc_q7_rgb(s, cur, l.weights, l.bias, l.shifts, next, scratch, scratch_size, net.path, net.im2col);
        } else {
          st = convolve_hwc_q7_fast(s, cur, l.weights, l.bias, l.shifts, next, scratch, scratch_size, net.path, net.im2col);
          if (st == Status::kUnsupported) st = convolve_hwc_q7_basic(s, cur, l.weights, l.bias, l.shifts, next);
        }
        size = s.out_x * s.out_y * s.out_ch;
        break;
      }
      case LayerKind::kMaxPool:
        st = net.baseline ? baseline::maxpool_q7_hwc(l.pool, cur, next) : maxpool_q7_hwc(l.pool, cur, next, net.path);
        size = l.pool.out_x * l.pool.out_y * l.pool.ch;
        break;
      case LayerKind::kAvgPool:
        st = net.baseline ? baseline::avepool_q7_hwc(l.pool, cur, next)
                          : avepool_q7_hwc(l.pool, cur, next, net.avg_rounding, net.path);
        size = l.pool.out_x * l.pool.out_y * l.pool.ch;
        break;
      case LayerKind::kRelu:
        st = net.baseline ? baseline::relu_q7(cur, size) : relu_q7(cur, size, cur, net.path);
        swap = false;
        break;
      case LayerKind::kFullyConnected:
        if (l.conv.in_ch != size) {
          st = Status::kBadShape;
        } else if (net.baseline) {
          st = baseline::fully_connected_q7(cur, l.weights_row_major, size, l.conv.out_ch, l.bias, l.shifts, next);
        } else {
          st = fully_connected_q7_opt(cur, l.weights, size, l.conv.out_ch, l.bias, l.shifts, next, g_fc_scratch,
                                      sizeof g_fc_scratch, net.path);
        }
        size = l.conv.out_ch;
        break;
      case LayerKind::kSoftmax:
        st = softmax_q7(cur, size, next);
        break;
    }
    if (net.profile) platform::profile_end();
    if (st != Status::kOk) {
      platform::print("%s: %s\n", l.name, cmnn::status_name(st));
      return -1;
    }
    if (swap) {
      int8_t* t = cur;
      cur = next;
      next = t;
    }
  }
  int best = 0;
  for (int i = 1; i < size; ++i) best = cur[i] > cur[best] ? i : best;
  return best;
}

}  // namespace paper

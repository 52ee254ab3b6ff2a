// The reference path of `cmnn run` and `cmnn eval`: executes a lowered model on the host with each
// op's portable reference variant (the table entry "<op>.ref"), every tensor in its own buffer
// (no memory plan, aliases copy). Generated code is checked against this bit for bit.
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "graph/graph.h"
#include "select/lowered.h"

namespace cmnn::tool {

class ReferenceRunner {
 public:
  // model must be lowered from graph (any target: the reference variants are used regardless) and ok().
  ReferenceRunner(const Graph& graph, const LoweredModel& model);

  // Raw bytes of graph input i (exactly the tensor's size, else std::runtime_error).
  void set_input(size_t i, const std::vector<uint8_t>& bytes);
  // Runs every layer; std::runtime_error "layer 3 (CONV_2D) conv2d_s8.ref: bad parameter" on a failed call.
  // Variable tensors (LSTM/SVDF state) are reset to their zero point first unless keep_state.
  void invoke(bool keep_state = false);
  const std::vector<uint8_t>& output(size_t i) const;
  const std::vector<uint8_t>& tensor(int index) const { return buffers_.at(static_cast<size_t>(index)); }
  void reset_states();

 private:
  uint8_t* ptr(int tensor) { return buffers_.at(static_cast<size_t>(tensor)).data(); }

  const Graph& graph_;
  const LoweredModel& model_;
  std::vector<std::vector<uint8_t>> buffers_;
};

// Runs one layer with its reference variant: data(t) gives the bytes of tensor t (size(t) of them).
// Throws std::runtime_error when the call fails. Aliases copy input 0 to output 0.
void run_layer_reference(const Layer& l, const std::function<uint8_t*(int)>& data,
                         const std::function<size_t(int)>& size);

// FNV-1a 32-bit over bytes: the output checksum `cmnn run` and generated firmware both print.
uint32_t fnv1a32(const uint8_t* data, size_t size);

}  // namespace cmnn::tool

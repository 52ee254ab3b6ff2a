// fully_connected_s4's Helium variant (fc_s4_mve.cpp), listed in fully_connected_s4_table.cpp:
// int4 weights read in place, 32 depth elements per step, even input depths (rows byte-aligned).
#pragma once
#include <cstddef>

#include "cmnn/fully_connected.h"
#include "cmnn/fully_connected_s4.h"

namespace cmnn::fc_s4 {

bool mve_supports(const FullyConnectedParams& p);
Status run_mve(const FullyConnectedParams& p, const FullyConnectedS4Args& a, void* scratch, size_t scratch_size);

}  // namespace cmnn::fc_s4

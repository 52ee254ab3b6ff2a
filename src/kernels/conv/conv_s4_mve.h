// conv2d_s4's Helium variant (conv_s4_mve.cpp), listed in conv_s4_ref.cpp: int4 weights read in
// place, for an even number of input channels per group (every filter run byte-aligned).
#pragma once
#include <cstddef>

#include "cmnn/conv_s4.h"

namespace cmnn::conv {

bool s4_mve_supports(const Conv2dParams& p);
Status s4_mve_run(const Conv2dParams& p, const Conv2dS4Args& a, void* scratch, size_t scratch_size);

}  // namespace cmnn::conv

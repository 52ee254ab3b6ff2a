// One layer's library parameter struct as C++ source: a constexpr maker function that assigns every
// field by name (robust to field order and new defaulted fields), the constexpr struct, and the
// layer's variant pointer (resolved in init()). Names use the layer's position `pos`.
#pragma once
#include <string>

#include "select/lowered.h"

namespace cmnn::tool {

std::string emit_params(const Layer& layer, size_t pos);

}  // namespace cmnn::tool

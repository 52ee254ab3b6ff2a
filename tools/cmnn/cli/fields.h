// A node's derived parameters as an ordered list of named values, so the text listing and the
// JSON output of `cmnn inspect` print the same facts from one description.
#pragma once
#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "graph/graph.h"

namespace cmnn::tool {

struct Field {
  std::string key;
  std::variant<int64_t, double, std::string, std::vector<int32_t>> value;
};

// Every derived parameter of the node (empty for unsupported nodes; see Node::unsupported_reason()).
std::vector<Field> param_fields(const Graph& graph, const Node& node);

// Text form of one value: integers, %g doubles, strings as-is, lists as [a,b,c].
std::string field_text(const Field& field);

}  // namespace cmnn::tool

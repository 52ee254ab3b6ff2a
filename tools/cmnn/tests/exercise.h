// The path every robustness test and fuzzer drives: read_model -> build_graph -> both inspect
// listings -> lowering for the host and Cortex-M4 -> memory plan -> emitted C++ and reports (into
// a discarding stream) -> for small models, a reference run on deterministic inputs. Returns true when the bytes are a valid model;
// false with *error set when the importer rejected them cleanly. Anything else (a crash, a
// sanitizer report, an exception other than ImportError) is a bug and escapes.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace cmnn::tool::test {

bool exercise_importer(const uint8_t* data, size_t size, std::string* error);

// The oracle's single-operator models (paths relative to the shared folder), sorted.
std::vector<std::string> oracle_seed_paths(const std::string& shared);
// The int8 and float models of the shared data set (paths relative to the shared folder).
const std::vector<std::string>& shared_model_paths();
// Reads a file; empty vector when absent.
std::vector<uint8_t> read_bytes(const std::string& path);

}  // namespace cmnn::tool::test

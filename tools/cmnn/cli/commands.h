// The compiler's back-half commands. Each returns the exit status: 0 ok, 1 error (model, file,
// failed kernel call, or a model with operators cmnn cannot compile), 2 usage.
#pragma once
#include <ostream>

namespace cmnn::tool {

int run_compile(int argc, const char* const* argv, std::ostream& out, std::ostream& err);
int run_run(int argc, const char* const* argv, std::ostream& out, std::ostream& err);
int run_eval(int argc, const char* const* argv, std::ostream& out, std::ostream& err);
int run_conformance(int argc, const char* const* argv, std::ostream& out, std::ostream& err);
int run_bench(int argc, const char* const* argv, std::ostream& out, std::ostream& err);  // bench/bench_cmd.cpp

}  // namespace cmnn::tool

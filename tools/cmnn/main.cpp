// cmnn: the model compiler's command line. Commands are dispatched by name; each returns the exit
// status (0 ok, 1 error in the model or a file, 2 usage error).
#include <cstring>
#include <iostream>
#include <string>

#include "cli/commands.h"
#include "cli/inspect.h"

namespace {

const char* kUsage =
    "usage: cmnn COMMAND [ARGS]\n"
    "Compiles int8-quantized TensorFlow Lite models into static C++ for Arm Cortex-M (cmnn kernels).\n"
    "commands:\n"
    "  inspect MODEL [--json]   list operators, derived kernel parameters, tensors and totals\n"
    "  compile MODEL --target T -o DIR   generate static C++ (model API, weights, arena, calls) and a report\n"
    "  run MODEL --input FILE   execute on the host with the reference kernels, print outputs and checksum\n"
    "  eval MODEL --dataset cifar10 [--count N]   top-1 accuracy of the reference path\n"
    "  conformance DIR          every TFLM oracle case in DIR (ops/, models/) through the reference path\n"
    "  bench MODEL --target cortex-mN   build for an emulated core, profile: per-layer table, JSON, SVG\n"
    "  help, --help             this text; 'cmnn COMMAND --help' describes a command\n"
    "  --version                the version (of the cmnn library and compiler it was built from)\n";

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << kUsage;
    return 2;
  }
  const std::string command = argv[1];
  if (command == "--help" || command == "-h" || command == "help") {
    std::cout << kUsage;
    return 0;
  }
  if (command == "--version" || command == "version") {
    std::cout << "cmnn " << CMNN_VERSION << "\n";
    return 0;
  }
  if (command == "inspect") return cmnn::tool::run_inspect(argc - 2, argv + 2, std::cout, std::cerr);
  if (command == "compile") return cmnn::tool::run_compile(argc - 2, argv + 2, std::cout, std::cerr);
  if (command == "run") return cmnn::tool::run_run(argc - 2, argv + 2, std::cout, std::cerr);
  if (command == "bench") return cmnn::tool::run_bench(argc - 2, argv + 2, std::cout, std::cerr);
  if (command == "conformance") return cmnn::tool::run_conformance(argc - 2, argv + 2, std::cout, std::cerr);
  if (command == "eval") return cmnn::tool::run_eval(argc - 2, argv + 2, std::cout, std::cerr);
  std::cerr << "cmnn: unknown command '" << command << "' (see cmnn --help)\n";
  return 2;
}

// cmnn bench MODEL --target cortex-mN [-o DIR] [--build DIR] [--jobs N]
// Steps: (1) cmnn compile into DIR and `cmnn run --random 1` for the reference checksum (in
// process); (2) configure + build a cross build tree of this source tree with the generated model as
// the profiled image `cmnn_bench_model` (cmake/cmnn_bench.cmake); (3) run it under cmnn-prof (QEMU);
// (4) join report + profile + ELF sizes: table on stdout, DIR/NAME_bench.{json,svg}.
// Progress goes to stderr; every failure is one line `cmnn bench: ...` and exit status 1 (2: usage).
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "bench/bench.h"
#include "cli/arg_parse.h"
#include "cli/commands.h"
#include "emit/emit_cpp.h"

namespace cmnn::tool {

namespace {

namespace fs = std::filesystem;

const char* kBenchUsage =
    "usage: cmnn bench MODEL.tflite --target cortex-m3|cortex-m4|cortex-m7|cortex-m33|cortex-m55 [-o DIR] [--build DIR] [--jobs N]\n"
    "                  [--source DIR] [--ram-budget B|min|fastest] [--weight-budget B|none]\n"
    "  Compiles the model for the core, builds it as a firmware image with one profiler region per\n"
    "  layer, runs it on the emulated core (QEMU) under cmnn-prof and prints per layer: operator,\n"
    "  variant, MACs, instructions (exact), estimated cycles (the core's model; lab-m4 too on M4),\n"
    "  estimated cycles/MAC, scratch; totals, peak RAM and flash. Writes DIR/NAME_bench.json and\n"
    "  DIR/NAME_bench.svg (per-layer plot) beside the generated code and compile report.\n"
    "  -o DIR       output folder (default cmnn-bench/NAME-CORE)\n"
    "  --ram-budget, --weight-budget  passed to cmnn compile (docs/memory.md)\n"
    "  --build DIR  cross build tree to (re)use (default <cmnn source>/build/cmnn-bench-CORE); the\n"
    "               library is built once per tree, later models only rebuild the generated code\n"
    "  --source DIR a cmnn source tree (default $CMNN_SOURCE_DIR, else the tree this tool was built\n"
    "               from): the firmware, its library and cmnn-prof are built from it, so the tool\n"
    "               installed by `make install` benches with a checkout of the same version\n"
    "  --jobs N     parallel build jobs (default 2)\n"
    "  The input is `cmnn run --random 1` bytes; the firmware's output checksum is compared with it.\n";

std::string quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

std::string join(const std::vector<std::string>& args) {
  std::string cmd;
  for (const std::string& a : args) cmd += (cmd.empty() ? "" : " ") + quote(a);
  return cmd;
}

// Runs args with stdout+stderr appended to log; true when the exit status is 0.
bool run_logged(const std::vector<std::string>& args, const std::string& log) {
  {
    std::ofstream f(log, std::ios::app);
    f << "$ " << join(args) << "\n";
  }
  return std::system((join(args) + " >> " + quote(log) + " 2>&1").c_str()) == 0;
}

std::string capture(const std::string& cmd) {
  std::string out;
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return out;
  char buf[512];
  while (std::fgets(buf, sizeof buf, p)) out += buf;
  pclose(p);
  return out;
}

std::string read_text(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

std::string checksum_of(const std::string& text) {
  const size_t at = text.rfind("checksum 0x");
  return at == std::string::npos ? std::string("(none)") : text.substr(at + 9, 10);
}

std::string cache_value(const std::string& cache, const std::string& key) {
  std::istringstream in(read_text(cache));
  std::string line;
  while (std::getline(in, line)) {
    if (line.compare(0, key.size() + 1, key + ":") == 0) return line.substr(line.find('=') + 1);
  }
  return "";
}

// A core of targets/cores.json that has a QEMU board and a cycle model.
bool parse_core(const std::string& t, std::string* core, std::string* cycle_model) {
  Target target;
  if (!parse_target(t, &target) || target == Target::kHost) return false;
  const CoreInfo& c = core_info(target);
  if (*c.qemu_machine == '\0' || *c.cycle_model == '\0') return false;
  *core = c.name;
  *cycle_model = c.cycle_model;
  return true;
}

struct Failure {
  std::string line;
};

}  // namespace

int run_bench(int argc, const char* const* argv, std::ostream& out, std::ostream& err) {
  std::string model, target_text, dir, build, source, ram_budget, weight_budget;
  unsigned jobs_count = 2;
  CLI::App app{"cmnn bench"};
  app.add_option("model", model, "the .tflite model")->required();
  app.add_option("--target", target_text, "a core with a QEMU board")->required();
  app.add_option("-o", dir, "output directory");
  app.add_option("--build", build, "cross build directory");
  app.add_option("--source", source, "cmnn source tree");
  app.add_option("--jobs", jobs_count, "parallel build jobs")->check(CLI::Range(1u, 256u));
  app.add_option("--ram-budget", ram_budget, "passed to cmnn compile");
  app.add_option("--weight-budget", weight_budget, "passed to cmnn compile");
  const int status = parse_args(app, "bench", kBenchUsage, argc, argv, out, err);
  if (status >= 0) return status;
  const std::string jobs = std::to_string(jobs_count);
  std::vector<std::string> memory_args;  // --ram-budget / --weight-budget, passed to cmnn compile
  if (!ram_budget.empty()) memory_args.insert(memory_args.end(), {"--ram-budget", ram_budget});
  if (!weight_budget.empty()) memory_args.insert(memory_args.end(), {"--weight-budget", weight_budget});
  BenchResult r;
  std::string cycle_model;
  if (!parse_core(target_text, &r.core, &cycle_model))
    return err << "cmnn bench: --target must be a core with a QEMU board (cortex-m3, cortex-m4, cortex-m7, cortex-m33, cortex-m55)\n", 2;
  if (!fs::is_regular_file(model)) return err << "cmnn bench: " << model << ": no such file\n", 1;

  r.model_path = fs::absolute(model).string();
  r.name = model_identifier(model);
  r.models = {cycle_model};
  if (cycle_model == "m4") r.models.push_back("lab-m4");
  if (source.empty()) source = std::getenv("CMNN_SOURCE_DIR") != nullptr ? std::getenv("CMNN_SOURCE_DIR") : CMNN_SOURCE_DIR;
  // The installed package holds the library but not what a profiled run needs (the profiler
  // plugin and cmnn-prof, the region markers, the bench firmware's CMake): those are built from
  // a source tree. Say so, and what to give, instead of failing inside cmake.
  if (!fs::is_regular_file(source + "/cmake/cmnn_bench.cmake") || !fs::is_regular_file(source + "/targets/cores.json"))
    return err << "cmnn bench: needs cmnn's source tree (it builds the profiled firmware, the library and cmnn-prof from it, "
                  "then runs them with cmake, arm-none-eabi-gcc and qemu-system-arm); '"
               << source << "' is not one: give --source DIR or CMNN_SOURCE_DIR=DIR (a checkout of the same version)\n",
           1;
  if (dir.empty()) dir = "cmnn-bench/" + r.name + "-" + r.core;
  if (build.empty()) build = source + "/build/cmnn-bench-" + r.core;
  try {
    std::error_code ec;
    fs::create_directories(dir, ec);
    fs::create_directories(build, ec);
    if (!fs::is_directory(dir) || !fs::is_directory(build)) throw Failure{"cannot create " + dir + " or " + build};
    dir = fs::absolute(dir).string();
    build = fs::absolute(build).string();
    const std::string base = dir + "/" + r.name;
    const std::string log = base + "_build.log";
    std::ofstream(log, std::ios::trunc).flush();

    err << "cmnn bench: [1/4] compile " << r.name << " for cortex-" << r.core << " -> " << dir << "\n";
    {
      const std::string tgt = "cortex-" + r.core, input = base + "_input.bin";
      std::ostringstream o, e;
      std::vector<const char*> compile_args = {r.model_path.c_str(), "--target", tgt.c_str(), "-o", dir.c_str(), "--name",
                                               r.name.c_str()};
      for (const std::string& m : memory_args) compile_args.push_back(m.c_str());
      if (run_compile(static_cast<int>(compile_args.size()), compile_args.data(), o, e) != 0) throw Failure{"compile failed: " + e.str().substr(0, e.str().find('\n'))};
      const char* run_args[] = {r.model_path.c_str(), "--random", "1", "--save-input", input.c_str()};
      std::ostringstream ro, re;
      if (run_run(5, run_args, ro, re) != 0) throw Failure{"reference run failed: " + re.str().substr(0, re.str().find('\n'))};
      r.reference_checksum = checksum_of(ro.str());
    }

    const std::string cache = build + "/CMakeCache.txt";
    if (fs::exists(cache)) {
      const std::string cpu = cache_value(cache, "CMNN_CPU");
      if (cpu != r.core) throw Failure{"build tree " + build + " is configured for '" + cpu + "', not " + r.core + " (use another --build)"};
    }
    err << "cmnn bench: [2/4] configure and build the firmware in " << build << " (log " << log
        << "; the first build of a tree compiles the library, a few minutes)\n";
    std::vector<std::string> configure = {"cmake", "-S", source, "-B", build, "-DCMNN_BENCH_MODEL_DIR=" + dir,
                                          "-DCMNN_BENCH_NAME=" + r.name};
    if (!fs::exists(cache)) {
      for (const char* a : {"-G", "Ninja", "-DCMAKE_BUILD_TYPE=Release"}) configure.push_back(a);
      configure.push_back("-DCMAKE_TOOLCHAIN_FILE=" + source + "/cmake/arm-none-eabi.cmake");
      configure.push_back("-DCMNN_CPU=" + r.core);
      configure.push_back(std::string("-DCMNN_SHARED_DIR=") + CMNN_SHARED_DIR);
    }
    if (!run_logged(configure, log)) throw Failure{"cmake configure failed (see " + log + ")"};
    if (!run_logged({"cmake", "--build", build, "-j", jobs, "--target", "cmnn_bench_model", "cmnn_prof_tools"}, log))
      throw Failure{"build failed (see " + log + ")"};

    err << "cmnn bench: [3/4] run on the emulated cortex-" << r.core << " under cmnn-prof\n";
    const std::string elf = build + "/cmnn_bench_model.elf", prof_json = base + "_prof.json";
    std::vector<std::string> prof = {build + "/cmnn-prof", "run", "--core", r.core, "--quiet", "--json", prof_json,
                                     "--profile", base + "_profile.txt"};
    for (const std::string& m : r.models) {
      prof.push_back("--model");
      prof.push_back(m);
    }
    for (const std::string& a : {elf, base + "_input.bin", std::string("1")}) prof.push_back(a);
    if (!run_logged(prof, log)) throw Failure{"the profiled run failed (see " + log + ")"};
    r.firmware_checksum = checksum_of(read_text(build + "/cmnn_bench_model.stdout.txt"));

    err << "cmnn bench: [4/4] report\n";
    std::istringstream sizes(capture("arm-none-eabi-size " + quote(elf) + " 2>/dev/null | tail -n 1"));
    if (!(sizes >> r.elf_text >> r.elf_data >> r.elf_bss)) throw Failure{"arm-none-eabi-size could not read " + elf};
    load_bench_inputs(base + "_report.json", prof_json, &r);
    print_bench_table(r, out);
    std::ofstream json(base + "_bench.json"), svg(base + "_bench.svg");
    write_bench_json(r, json);
    write_bench_svg(r, svg);
    if (!json || !svg) throw Failure{"cannot write " + base + "_bench.json / .svg"};
    out << "wrote " << base << "_bench.json, " << base << "_bench.svg\n";
    if (r.firmware_checksum != r.reference_checksum)
      throw Failure{"firmware output checksum " + r.firmware_checksum + " differs from the reference " + r.reference_checksum};
  } catch (const Failure& f) {
    err << "cmnn bench: " << f.line << "\n";
    return 1;
  } catch (const std::exception& e) {
    err << "cmnn bench: " << e.what() << "\n";
    return 1;
  }
  return 0;
}

}  // namespace cmnn::tool

// cmnn_fuzz: a deterministic mutation fuzzer of the importer (for compilers without libFuzzer).
// Seeds are the shared .tflite models and the oracle's single-operator models; each iteration applies seeded bit flips, byte sets,
// truncations, splices of two models or 32-bit "interesting values" at aligned positions, then
// runs the whole pipeline (exercise_importer: import, inspect, lower, plan, emit, reference run). A bug shows as a crash / sanitizer report, with the
// iteration number and seed printed first so the case can be replayed.
//   cmnn_fuzz [--seconds N] [--iterations N] [--seed S] [--shared DIR] [--save FILE]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "exercise.h"

namespace {

std::vector<uint8_t> mutate(const std::vector<std::vector<uint8_t>>& seeds, std::mt19937_64& rng) {
  std::vector<uint8_t> m = seeds[rng() % seeds.size()];
  const int steps = 1 + static_cast<int>(rng() % 6);
  for (int s = 0; s < steps && !m.empty(); ++s) {
    // Aim at the structure (first/last 4 KiB: tables, vtables, vectors) two times in three.
    auto position = [&]() -> size_t {
      if (m.size() > 8192 && rng() % 3 != 0) {
        const size_t r = rng() % 8192;
        return r < 4096 ? r : m.size() - 1 - (r - 4096);
      }
      return rng() % m.size();
    };
    switch (rng() % 6) {
      case 0: m[position()] ^= static_cast<uint8_t>(1u << (rng() % 8)); break;
      case 1: m[position()] = static_cast<uint8_t>(rng()); break;
      case 2: m.resize(rng() % m.size()); break;
      case 3: {  // splice: the head of this model with the tail of another
        const auto& other = seeds[rng() % seeds.size()];
        const size_t cut = rng() % m.size();
        const size_t from = rng() % other.size();
        m.resize(cut);
        m.insert(m.end(), other.begin() + static_cast<long>(from), other.end());
        break;
      }
      default: {  // an interesting 32-bit value at an aligned position
        static const uint32_t kValues[] = {0, 1, 2, 3, 4, 0x7F, 0x80, 0xFF, 0x100, 0xFFFF, 0x7FFFFFFF,
                                           0x80000000, 0xFFFFFFFF, 0xFFFFFFFE, 0x10000, 0x40000000};
        const size_t pos = position() & ~size_t{3};
        if (pos + 4 <= m.size()) {
          const uint32_t v = kValues[rng() % (sizeof kValues / sizeof kValues[0])];
          for (int i = 0; i < 4; ++i) m[pos + i] = static_cast<uint8_t>(v >> (8 * i));
        }
        break;
      }
    }
  }
  return m;
}

}  // namespace

int main(int argc, char** argv) {
  double seconds = 0.0;
  long long iterations = -1;
  unsigned long long seed = 1;
  std::string shared = CMNN_SHARED_DIR, save;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto next = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "cmnn_fuzz: %s needs a value\n", a.c_str());
        std::exit(2);
      }
      return argv[++i];
    };
    if (a == "--seconds") seconds = std::atof(next().c_str());
    else if (a == "--iterations") iterations = std::atoll(next().c_str());
    else if (a == "--seed") seed = std::strtoull(next().c_str(), nullptr, 10);
    else if (a == "--shared") shared = next();
    else if (a == "--save") save = next();
    else {
      std::fprintf(stderr, "usage: cmnn_fuzz [--seconds N] [--iterations N] [--seed S] [--shared DIR] [--save FILE]\n");
      return 2;
    }
  }
  if (seconds <= 0.0 && iterations < 0) iterations = 2000;
  std::vector<std::vector<uint8_t>> seeds;
  std::vector<std::string> paths = cmnn::tool::test::shared_model_paths();
  for (const std::string& p : cmnn::tool::test::oracle_seed_paths(shared)) paths.push_back(p);
  for (const std::string& p : paths) {
    auto bytes = cmnn::tool::test::read_bytes(shared + "/" + p);
    if (!bytes.empty()) seeds.push_back(std::move(bytes));
  }
  if (seeds.empty()) {
    std::printf("cmnn_fuzz: no seed models under %s/data/models: skipped\n", shared.c_str());
    return 0;
  }
  std::mt19937_64 rng(seed);
  const auto start = std::chrono::steady_clock::now();
  long long n = 0, valid = 0;
  for (;; ++n) {
    if (iterations >= 0 && n >= iterations) break;
    if (seconds > 0.0 && (n & 63) == 0 &&
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() >= seconds) {
      break;
    }
    const std::vector<uint8_t> m = mutate(seeds, rng);
    if (!save.empty()) {  // keep the current input on disk so a crash leaves its reproducer behind
      std::ofstream(save, std::ios::binary).write(reinterpret_cast<const char*>(m.data()), static_cast<long>(m.size()));
    }
    std::string error;
    if (cmnn::tool::test::exercise_importer(m.data(), m.size(), &error)) {
      ++valid;
    } else if (error.empty() || error.find('\n') != std::string::npos) {
      std::fprintf(stderr, "cmnn_fuzz: iteration %lld (seed %llu): error message is empty or multi-line\n", n, seed);
      return 1;
    }
  }
  const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("cmnn_fuzz: %lld inputs from %zu seed models in %.1f s (seed %llu): %lld valid, %lld rejected cleanly\n",
              n, seeds.size(), elapsed, seed, valid, n - valid);
  return 0;
}

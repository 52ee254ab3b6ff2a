#include "profile.h"

#include <cinttypes>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace cmnn::prof {
namespace {

PcCount parse_pc_line(const std::string& line, int line_number) {
  std::istringstream in(line);
  std::string pc;
  PcCount c;
  if (!(in >> pc >> c.size >> c.count >> c.taken))
    throw std::runtime_error("profile line " + std::to_string(line_number) + ": expected '<pc> <size> <count> <taken>'");
  c.pc = static_cast<uint32_t>(std::stoul(pc, nullptr, 16));
  return c;
}

void sort_and_merge(Segment* s) {
  std::map<uint32_t, PcCount> merged;
  for (const PcCount& c : s->pcs) {
    auto [it, fresh] = merged.emplace(c.pc, c);
    if (!fresh) {
      it->second.count += c.count;
      it->second.taken += c.taken;
    }
  }
  s->pcs.clear();
  s->instructions = 0;
  for (const auto& [pc, c] : merged) {
    s->pcs.push_back(c);
    s->instructions += c.count;
  }
}

}  // namespace

Profile parse_profile(const std::string& text) {
  Profile p;
  std::istringstream in(text);
  std::string line;
  int number = 0;
  bool plugin_format = text.rfind("cmnn-prof-profile 1", 0) == 0;
  if (!plugin_format) p.segments.push_back(Segment{});
  while (std::getline(in, line)) {
    number++;
    if (line.empty()) continue;
    std::istringstream words(line);
    std::string key;
    words >> key;
    if (!plugin_format) {
      p.segments.back().pcs.push_back(parse_pc_line(line, number));
    } else if (key == "cmnn-prof-profile" || key == "segments") {
      continue;
    } else if (key == "mark") {
      words >> p.mark;
    } else if (key == "total_insns") {
      words >> p.total_instructions;
    } else if (key == "segment") {
      Segment s;
      std::string insns;
      if (!(words >> s.index >> insns >> s.instructions) || s.index != p.segments.size())
        throw std::runtime_error("profile line " + std::to_string(number) + ": bad segment header");
      p.segments.push_back(s);
    } else {
      if (p.segments.empty()) throw std::runtime_error("profile: PC line before the first segment header");
      p.segments.back().pcs.push_back(parse_pc_line(line, number));
    }
  }
  uint64_t total = 0;
  for (Segment& s : p.segments) {
    uint64_t declared = s.instructions;
    sort_and_merge(&s);
    if (plugin_format && declared != s.instructions)
      throw std::runtime_error("profile: segment " + std::to_string(s.index) + " declares " +
                               std::to_string(declared) + " instructions but lists " + std::to_string(s.instructions));
    total += s.instructions;
  }
  if (!plugin_format) {
    p.mark = "none";
    p.total_instructions = total;
  } else if (total != p.total_instructions) {
    throw std::runtime_error("profile: total_insns " + std::to_string(p.total_instructions) +
                             " differs from the sum of segments " + std::to_string(total));
  }
  return p;
}

std::string read_text_file(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) throw std::runtime_error("cannot read " + path);
  std::ostringstream s;
  s << f.rdbuf();
  return s.str();
}

Profile read_profile(const std::string& path) { return parse_profile(read_text_file(path)); }

Segment merge_segments(const Profile& profile) {
  Segment all;
  for (const Segment& s : profile.segments) all.pcs.insert(all.pcs.end(), s.pcs.begin(), s.pcs.end());
  sort_and_merge(&all);
  return all;
}

std::string to_lab_format(const Segment& segment) {
  std::string out;
  char line[96];
  for (const PcCount& c : segment.pcs) {
    std::snprintf(line, sizeof line, "%08" PRIx32 " %" PRIu32 " %" PRIu64 " %" PRIu64 "\n", c.pc, c.size, c.count,
                  c.taken);
    out += line;
  }
  return out;
}

std::map<uint32_t, std::string> parse_region_names(const std::string& guest_stdout) {
  std::map<uint32_t, std::string> names;
  std::istringstream in(guest_stdout);
  std::string line;
  const std::string tag = "@@cmnn-region ";
  while (std::getline(in, line)) {
    size_t at = line.find(tag);
    if (at == std::string::npos) continue;
    std::istringstream rest(line.substr(at + tag.size()));
    uint32_t segment;
    std::string name;
    if (rest >> segment) {
      std::getline(rest >> std::ws, name);
      while (!name.empty() && (name.back() == '\r' || name.back() == ' ')) name.pop_back();
      names[segment] = name;
    }
  }
  return names;
}

}  // namespace cmnn::prof

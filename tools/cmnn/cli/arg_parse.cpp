#include "cli/arg_parse.h"

#include <algorithm>
#include <string>
#include <vector>

namespace cmnn::tool {

int parse_args(CLI::App& app, const char* command, const char* usage, int argc, const char* const* argv,
               std::ostream& out, std::ostream& err) {
  app.set_help_flag();
  std::vector<std::string> args(argv, argv + argc);
  if (std::any_of(args.begin(), args.end(), [](const std::string& a) { return a == "--help" || a == "-h"; })) {
    out << usage;
    return 0;
  }
  std::reverse(args.begin(), args.end());  // CLI11 takes a vector last argument first
  try {
    app.parse(args);
  } catch (const CLI::ParseError& e) {
    std::string what = e.what();
    std::replace(what.begin(), what.end(), '\n', ' ');
    err << "cmnn " << command << ": " << what << " (see cmnn " << command << " --help)\n";
    return 2;
  }
  return -1;
}

}  // namespace cmnn::tool

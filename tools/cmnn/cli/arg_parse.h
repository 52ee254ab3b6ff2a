// Command-line parsing of the cmnn commands, with CLI11 (libcli11-dev): each command declares its
// options on a CLI::App and keeps its own usage text.
#pragma once
#include <ostream>

#include <CLI/CLI.hpp>

namespace cmnn::tool {

// Parses argv (the arguments after the command name) into app, without CLI11's own help flag (the
// command's usage text is the help). Returns -1 when the command should
// go on; otherwise the exit status: 0 after printing `usage` to out for --help or -h anywhere, 2
// after one line on err "cmnn COMMAND: WHAT (see cmnn COMMAND --help)", WHAT naming the missing
// or unexpected option or argument (CLI11's message).
int parse_args(CLI::App& app, const char* command, const char* usage, int argc, const char* const* argv,
               std::ostream& out, std::ostream& err);

}  // namespace cmnn::tool

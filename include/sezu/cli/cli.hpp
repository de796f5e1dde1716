#pragma once
/// The command line: `sezu <command> [options]` with commands run, mirror, info; `--help` on
/// each, `--version`, a JSON config file plus flags (flags win).
#include "sezu/run/comm.hpp"

namespace sezu {

/// Parses argv and runs the command on every rank of `comm`. Returns the exit code (see
/// driver.hpp). Throws ConfigError for usage errors (the caller prints it once, on rank 0).
int run_cli(int argc, char** argv, Comm& comm);

} // namespace sezu

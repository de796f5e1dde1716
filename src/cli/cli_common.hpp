#pragma once
/// Internal to the command line: option parsing shared by the commands, and the commands that
/// live in their own files (cli_*.cpp). Each command takes its arguments (after the command
/// name) and returns the exit code.
#include "sezu/outputs/analysis.hpp"
#include "sezu/run/comm.hpp"
#include "sezu/run/config.hpp"

#include <boost/program_options.hpp>

#include <optional>
#include <string>
#include <vector>

namespace sezu::cli {
namespace po = boost::program_options;

/// Parses a command's options; unknown options and malformed values become ConfigError.
po::variables_map parse(const std::string& command, const po::options_description& desc,
                        const std::vector<std::string>& args,
                        const po::positional_options_description* positional = nullptr);

/// True (after printing the usage and options on rank 0) when --help was asked for.
bool help_asked(const po::variables_map& vm, Comm& comm, const std::string& usage,
                const po::options_description& desc);

/// --config, --span-start, --span-end, --span-unit.
po::options_description span_options();
/// Source options shared by run and discover.
po::options_description source_options();
/// Config file first, then the flags that were given: flags win.
Config config_from(const po::variables_map& vm);
/// -q / -v.
void apply_verbosity(const po::variables_map& vm);

using Args = std::vector<std::string>;

/// --gap-threshold and --use-gaps: which months of a zone count (commands reading an archive).
po::options_description usable_options();
UsableMonths usable_from(const po::variables_map& vm);
/// Parses `sezu COMMAND ARCHIVE [options]`: the command's own options plus the archive, the
/// usable-month options and --help. Nothing when --help was asked for (and printed).
std::optional<po::variables_map> parse_archive_command(const std::string& command,
                                                       po::options_description desc,
                                                       const Args& args, Comm& comm,
                                                       const std::string& usage);

/// Analysis commands (cli_analysis.cpp).
int cmd_aggregate(const Args& args, Comm& comm);
int cmd_gaps(const Args& args, Comm& comm);
int cmd_before_after(const Args& args, Comm& comm);
/// Export command (cli_export.cpp).
int cmd_export(const Args& args, Comm& comm);
/// Quicklook command (cli_quicklook.cpp).
int cmd_quicklook(const Args& args, Comm& comm);
/// Report command (cli_report.cpp).
int cmd_report(const Args& args, Comm& comm);

} // namespace sezu::cli

#pragma once
/// Internal to the command line: option parsing shared by the commands, and the commands that
/// live in their own files (cli_*.cpp). Each command takes its arguments (after the command
/// name) and returns the exit code.
#include "sezu/core/temp_file.hpp"
#include "sezu/outputs/analysis.hpp"
#include "sezu/run/comm.hpp"
#include "sezu/run/config.hpp"

#include <boost/program_options.hpp>

#include <fstream>
#include <iostream>
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
/// The help of --stats (sezu run and sezu stats); `run` adds that an archive keeps its choice.
std::string stats_help(bool run);

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
/// A command that reads an archive, parsed: its options, the archive and which months count.
struct ArchiveCommand {
    po::variables_map vm;
    std::string archive;     ///< the archive's path
    UsableMonths usable;     ///< from --gap-threshold and --use-gaps (checked)
};
/// Parses `sezu COMMAND ARCHIVE [options]`: the command's own options plus the archive, the
/// usable-month options and --help. Nothing when --help was asked for (and printed). Throws
/// ConfigError (on every rank) for bad options or a missing archive.
std::optional<ArchiveCommand> parse_archive_command(const std::string& command,
                                                    po::options_description desc,
                                                    const Args& args, Comm& comm,
                                                    const std::string& usage);

/// --stat (the statistic to read, default sum, described by `stat_help`) and -o (a CSV file;
/// default stdout): the options of the commands that print one statistic as CSV.
po::options_description stat_csv_options(const std::string& stat_help);

/// Throws ConfigError (naming `command`) when `output` is one of `inputs` (the same file by
/// any path), or an existing file of the other kind: an HDF5 file (an archive) for a command
/// that writes text or images, any other file for one that writes HDF5 (`writes_hdf5`).
void check_output_path(const std::string& command, const std::string& output,
                       const std::vector<std::string>& inputs, bool writes_hdf5);

/// Where a command writes its text: the file of -o/--output when given, else stdout. The file is
/// written under a temporary name and appears only at commit(): a command that fails leaves no
/// file, not even a header.
class OutputStream {
public:
    /// Throws ConfigError naming `command` and the file when it is one of `inputs`, an HDF5
    /// file, or cannot be written (check_output_path, check_output_writable).
    OutputStream(const po::variables_map& vm, const std::string& command,
                 const std::vector<std::string>& inputs = {});
    std::ostream& stream() { return m_temp ? m_file : std::cout; }
    /// Replaces the file with what was written (or flushes stdout).
    void commit();

private:
    std::optional<TempFile> m_temp;
    std::ofstream m_file;
};

/// Analysis commands (cli_analysis.cpp).
int cmd_aggregate(const Args& args, Comm& comm);
int cmd_gaps(const Args& args, Comm& comm);
int cmd_before_after(const Args& args, Comm& comm);
/// Export command (cli_export.cpp).
int cmd_export(const Args& args, Comm& comm);
/// Quicklook command (cli_quicklook.cpp).
int cmd_quicklook(const Args& args, Comm& comm);
/// Discover command (cli_discover.cpp).
int cmd_discover(const Args& args, Comm& comm);
/// Report command (cli_report.cpp).
int cmd_report(const Args& args, Comm& comm);

} // namespace sezu::cli

// `sezu report ARCHIVE -o DIR`: the archive as a page a person reads (docs/report.md).
#include "cli_common.hpp"

#include "sezu/core/error.hpp"
#include "sezu/core/exit_code.hpp"
#include "sezu/core/log.hpp"
#include "sezu/outputs/report.hpp"

#include <iostream>

namespace sezu::cli {

int cmd_report(const Args& args, Comm& comm)
{
    po::options_description desc("sezu report options");
    desc.add_options()
        ("output,o", po::value<std::string>()->default_value("outputs/report"),
         "folder for index.html and lib/ (created when missing)")
        ("js-dir", po::value<std::string>()->default_value(ReportOptions().js_dir),
         "folder holding the Debian JavaScript libraries dygraphs/ and leaflet/")
        ("quiet,q", "print nothing but errors");
    const auto cmd = parse_archive_command(
        "report", desc, args, comm,
        "usage: sezu report ARCHIVE [-o DIR]\n\nWrites DIR/index.html: a map of the zones, each "
        "zone's monthly series (zoom, hover, log scale) with gaps, failed months and its event "
        "marked, zones compared, a sortable table with before/after figures, provenance. Opens "
        "from disk with no network (docs/report.md).\n");
    if (!cmd)
        return kExitOk;
    const po::variables_map& vm = cmd->vm;
    ReportOptions options;
    options.out_dir = vm["output"].as<std::string>();
    options.usable = cmd->usable;
    options.js_dir = vm["js-dir"].as<std::string>();
    if (comm.rank() != 0)
        return kExitOk;
    const std::string index = write_report(cmd->archive, options);
    if (!vm.count("quiet"))
        std::cout << "report: " << index << "\n";
    return kExitOk;
}

} // namespace sezu::cli

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
         "folder for index.html, plots/ and data/ (created when missing)")
        ("max-plots", po::value<int>()->default_value(200),
         "plot at most this many zones (the tables list all of them)")
        ("gnuplot", po::value<std::string>()->default_value("gnuplot"), "the gnuplot program")
        ("quiet,q", "print nothing but errors");
    const auto cmd = parse_archive_command(
        "report", desc, args, comm,
        "usage: sezu report ARCHIVE [-o DIR]\n\nWrites DIR/index.html: per zone the series of "
        "sum of lights and mean radiance with gaps, failed months and the zone's event marked; "
        "the newest month; before/after; provenance. Opens from disk (docs/report.md).\n");
    if (!cmd)
        return kExitOk;
    const po::variables_map& vm = cmd->vm;
    ReportOptions options;
    options.out_dir = vm["output"].as<std::string>();
    options.usable = cmd->usable;
    options.gnuplot = vm["gnuplot"].as<std::string>();
    if (vm["max-plots"].as<int>() < 0)
        throw ConfigError("report: --max-plots must be 0 or more");
    options.max_plots = std::size_t(vm["max-plots"].as<int>());
    if (comm.rank() != 0)
        return kExitOk;
    const std::string index = write_report(cmd->archive, options);
    if (!vm.count("quiet"))
        std::cout << "report: " << index << "\n";
    return kExitOk;
}

} // namespace sezu::cli

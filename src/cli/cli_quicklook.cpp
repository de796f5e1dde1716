// The quicklook command: a PNG map of one stitched month around the zones, to check seams, gaps
// and misplaced zones by eye. The month comes through the run's own source, cache and stitching.
#include "cli_common.hpp"

#include "sezu/core/error.hpp"
#include "sezu/core/exit_code.hpp"
#include "sezu/fetch/fetch.hpp"
#include "sezu/run/fetch_config.hpp"
#include "sezu/core/log.hpp"
#include "sezu/read/mosaic.hpp"
#include "sezu/run/pipeline.hpp"
#include "sezu/outputs/quicklook.hpp"
#include "sezu/zones/zones.hpp"

#include <iostream>

namespace sezu::cli {

namespace {

const char* kQuicklookUsage =
    "usage: sezu quicklook -c CONFIG --month YYYYMM -o FILE.png [--width N] [options]\n\n"
    "Writes a PNG map of one month's stitched mosaic around the zones: log-scaled radiance,\n"
    "never-observed cells in dark blue-grey, zone outlines in cyan (docs/usage.md).\n";

struct QuicklookRequest {
    YearMonth month;
    std::string png;
    QuicklookOptions options;
};

/// Checks everything the user typed before any download, so bad input fails fast and writes
/// nothing. Runs on every rank: each throws the same ConfigError, printed once.
QuicklookRequest request_from(const po::variables_map& vm)
{
    if (!vm.count("month"))
        throw ConfigError("quicklook: give the month to show: --month YYYYMM");
    QuicklookRequest r;
    r.month = YearMonth::parse(vm["month"].as<std::string>());
    if (r.month < first_published_month())
        throw ConfigError("quicklook: --month " + r.month.to_string() + " is before " +
                          first_published_month().to_string() +
                          ", the first month of the product");
    if (!vm.count("output"))
        throw ConfigError("quicklook: give the image to write: -o FILE.png");
    if (current_utc_month() < r.month)
        throw ConfigError("quicklook: --month " + r.month.to_string() +
                          " is after the current month; no composite exists for it");
    r.png = vm["output"].as<std::string>();
    check_output_path("quicklook", r.png,
                      {vm.count("config") ? vm["config"].as<std::string>() : std::string()}, false);
    check_output_writable(r.png);
    r.options.max_width = vm["width"].as<int>();
    if (r.options.max_width < 16)
        throw ConfigError("quicklook: --width must be at least 16 pixels, not " +
                          std::to_string(r.options.max_width));
    return r;
}

ZoneSet load_quicklook_zones(const Config& config)
{
    if (config.zones.empty())
        throw ConfigError("quicklook: no zones; give --zones FILE or \"zones\" in the config");
    return load_zones(
        ZoneSource{config.zones, config.id_field, config.zones_layer, config.zones_crs});
}

Fetcher make_fetcher(const Config& config)
{
    return Fetcher(fetch_options_for(config));
}

} // namespace

int cmd_quicklook(const Args& args, Comm& comm)
{
    po::options_description desc("sezu quicklook options");
    po::options_description q("quicklook");
    q.add_options()
        ("config,c", po::value<std::string>(), "JSON config file of the run (source, zones, cache)")
        ("month", po::value<std::string>(), "the month to show, YYYYMM (required)")
        ("output,o", po::value<std::string>(), "PNG file to write (required); its georeferencing "
                                               "goes to FILE.png.aux.xml")
        ("width", po::value<int>()->default_value(1600), "at most this many pixels wide")
        ("zones,z", po::value<std::string>(), "zones file whose outlines are drawn")
        ("id-field", po::value<std::string>(), "zone id attribute (default: feature index)")
        ("cache-dir", po::value<std::string>(), "downloaded archives are kept here")
        ("work-dir", po::value<std::string>(), "scratch for extracted rasters (default CACHE/work)")
        ("quiet,q", "no progress output")
        ("verbose,v", "more log output")
        ("help,h", "this help");
    desc.add(q).add(source_options());
    const auto vm = parse("quicklook", desc, args);
    if (help_asked(vm, comm, kQuicklookUsage, desc))
        return kExitOk;
    apply_verbosity(vm);
    const QuicklookRequest request = request_from(vm);
    Config config = config_from(vm);
    config.output.clear(); // -o is the image here, not an archive
    require_eog_tiles(config, "sezu quicklook");
    if (comm.rank() != 0)
        return kExitOk; // one process draws one image

    const ZoneSet zones = load_quicklook_zones(config);
    Fetcher fetcher = make_fetcher(config);
    try {
        const MonthMosaic month = MonthMosaic::fetch(config, fetcher, request.month);
        const QuicklookInfo info =
            write_quicklook(month.mosaic(), zones, request.png, request.options);
        log::info("quicklook: " + request.month.to_string() + " -> " + request.png + " (" +
                  std::to_string(info.width) + " x " + std::to_string(info.height) + " px, " +
                  std::to_string(info.factor) + " x " + std::to_string(info.factor) +
                  " cells per pixel)");
    } catch (const DataError& e) {
        // The month cannot be shown (not complete on the source, corrupt): like a month of a
        // run that is not ok, not like bad input.
        std::cerr << "sezu: quicklook: " << e.what() << std::endl;
        return kExitSomeMonths;
    } catch (const FetchError& e) {
        std::cerr << "sezu: quicklook: " << e.what() << std::endl;
        return kExitSomeMonths;
    }
    return kExitOk;
}

} // namespace sezu::cli

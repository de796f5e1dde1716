// The quicklook command: a figure of one month around the zones (a map, a colour bar, a legend,
// one inset per zone), to check seams, gaps and misplaced zones by eye. From an archive's zone
// chips when it has them for the month (no download), else the month comes through the run's
// own source, cache and stitching.
#include "cli_common.hpp"

#include "sezu/archive/archive.hpp"
#include "sezu/core/error.hpp"
#include "sezu/core/exit_code.hpp"
#include "sezu/fetch/fetch.hpp"
#include "sezu/run/fetch_config.hpp"
#include "sezu/core/log.hpp"
#include "sezu/read/mosaic.hpp"
#include "sezu/run/pipeline.hpp"
#include "sezu/outputs/quicklook.hpp"
#include "sezu/zones/zones.hpp"

#include <filesystem>
#include <iostream>
#include <optional>

namespace sezu::cli {

namespace {

const char* kQuicklookUsage =
    "usage: sezu quicklook -c CONFIG --month YYYYMM -o FILE.png|FILE.jpg [--width N] [options]\n"
    "       sezu quicklook --archive ARCHIVE.h5 -o FILE.png|FILE.jpg [--month YYYYMM]\n\n"
    "Draws one month around the zones: a map of log-scaled radiance (never-observed cells in\n"
    "dark blue-grey, zone outlines in cyan), a colour bar, a legend and one inset per zone.\n"
    "With --archive, from the archive's zone chips (no download) when they are of the month\n"
    "(docs/usage.md).\n";

struct QuicklookRequest {
    std::optional<YearMonth> month; ///< none: the month of the archive's chips
    std::string archive;            ///< "": no archive
    std::string png;
    QuicklookOptions options;
};

/// Checks everything the user typed before any download, so bad input fails fast and writes
/// nothing. Runs on every rank: each throws the same ConfigError, printed once.
QuicklookRequest request_from(const po::variables_map& vm)
{
    QuicklookRequest r;
    if (vm.count("archive"))
        r.archive = vm["archive"].as<std::string>();
    if (!vm.count("month") && r.archive.empty())
        throw ConfigError("quicklook: give the month to show: --month YYYYMM (or --archive "
                          "ARCHIVE.h5 to draw its zone chips)");
    if (vm.count("month")) {
        const YearMonth month = YearMonth::parse(vm["month"].as<std::string>());
        if (month < first_published_month())
            throw ConfigError("quicklook: --month " + month.to_string() + " is before " +
                              first_published_month().to_string() +
                              ", the first month of the product");
        if (current_utc_month() < month)
            throw ConfigError("quicklook: --month " + month.to_string() +
                              " is after the current month; no composite exists for it");
        r.month = month;
    }
    if (!vm.count("output"))
        throw ConfigError("quicklook: give the image to write: -o FILE.png (or FILE.jpg)");
    r.png = vm["output"].as<std::string>();
    image_format(r.png); // the extension decides the format: refused before any work
    check_output_path("quicklook", r.png,
                      {vm.count("config") ? vm["config"].as<std::string>() : std::string()}, false);
    check_output_writable(r.png);
    r.options.max_width = vm["width"].as<int>();
    if (r.options.max_width < 16)
        throw ConfigError("quicklook: --width must be at least 16 pixels, not " +
                          std::to_string(r.options.max_width));
    return r;
}

int quicklook_from_chips(const ArchiveData& archive, const QuicklookRequest& request)
{
    const std::string title = "Night lights " + archive.chips_month->label() + " \xC2\xB7 " +
                              std::to_string(archive.zone_ids.size()) +
                              " zones \xC2\xB7 chips of " +
                              std::filesystem::path(request.archive).filename().string();
    const QuicklookInfo info =
        write_quicklook_from_chips(archive, request.png, request.options, title);
    log::info("quicklook: " + archive.chips_month->to_string() + " from the chips of " +
              request.archive + " -> " + request.png + " (" + std::to_string(info.figure_width) +
              " x " + std::to_string(info.figure_height) + " px)");
    return kExitOk;
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
        ("month", po::value<std::string>(),
         "the month to show, YYYYMM (required without --archive)")
        ("archive", po::value<std::string>(), "draw from this archive's zone chips when they are "
                                              "of the month (no download)")
        ("output,o", po::value<std::string>(), "image to write, .png or .jpg (required); the "
                                               "map's georeferencing goes to FILE.aux.xml")
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
    if (!request.archive.empty()) {
        const ArchiveData archive = read_archive(request.archive);
        if (archive.chips_month && (!request.month || *request.month == *archive.chips_month))
            return comm.rank() == 0 ? quicklook_from_chips(archive, request) : kExitOk;
        if (!request.month)
            throw ConfigError("quicklook: " + request.archive + " holds no zone chips (made "
                              "before sezu took them, or no month ok): give --month YYYYMM and "
                              "the run's config to draw the month from its rasters");
        log::info("quicklook: the chips of " + request.archive + " are " +
                  (archive.chips_month ? "of " + archive.chips_month->to_string() : "none") +
                  ": drawing " + request.month->to_string() + " from its rasters");
    }
    Config config = config_from(vm);
    config.output.clear(); // -o is the image here, not an archive
    require_eog_tiles(config, "sezu quicklook");
    if (comm.rank() != 0)
        return kExitOk; // one process draws one image

    const ZoneSet zones = load_quicklook_zones(config);
    Fetcher fetcher = make_fetcher(config);
    try {
        const MonthMosaic month = MonthMosaic::fetch(config, fetcher, *request.month);
        const std::string title = "Night lights " + request.month->label() + " \xC2\xB7 " +
                                  std::to_string(zones.zones.size()) + " zones \xC2\xB7 " +
                                  config.data_product().short_name + " " +
                                  config.product.configuration;
        const QuicklookInfo info =
            write_quicklook(month.mosaic(), zones, request.png, request.options, title);
        log::info("quicklook: " + request.month->to_string() + " -> " + request.png + " (map " +
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

#include "sezu/cli/cli.hpp"

#include "cli_common.hpp"

#include "sezu/archive/archive.hpp"
#include "sezu/run/config.hpp"
#include "sezu/run/driver.hpp"
#include "sezu/fetch/fetch.hpp"
#include "sezu/run/fetch_config.hpp"
#include "sezu/run/pipeline.hpp"
#include "sezu/core/error.hpp"
#include "sezu/core/file_glob.hpp"
#include "sezu/core/log.hpp"
#include "sezu/core/redact.hpp"
#include "sezu/mirror/blackmarble_mirror.hpp"
#include "sezu/mirror/mirror.hpp"
#include "sezu/outputs/file_summary.hpp"
#include "sezu/run/raster_stats.hpp"

#include <boost/program_options.hpp>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

namespace sezu {
namespace fs = std::filesystem;
using namespace cli;

namespace {

const char* kUsage = R"(sezu: monthly VIIRS night lights per polygon, into one HDF5 archive

usage: sezu <command> [options]        (under MPI: mpirun -n N sezu run ...)

commands:
  run       discover, download, stitch and compute zonal statistics for a span of months
  discover  list, per month, whether the source has all 6 tiles (table or --json)
  mirror    write the built-in synthetic mirror of the publisher's tree (for demos and tests)
  info      what an archive or aggregate file holds: product, zones, months by status, variables
  stats     zonal statistics of one or more rasters (CSV or JSON)
  aggregate roll an archive up by year, quarter or your periods (a new HDF5 file)
  gaps      flag gap and missing months per zone; optional marked interpolation (CSV)
  before-after  mean light and trend before/after each zone's event date (CSV)
  report    an HTML page with a plot per zone, the newest month, before/after, provenance
  export    an archive as a tidy CSV and/or a GeoJSON map of each zone's newest ok month
  quicklook a PNG map of one month's stitched mosaic around the zones, outlines drawn

options:
  -h, --help     this help; `sezu <command> --help` for a command's options
  --version      print the version

exit codes: 0 all months ok, 1 archive written but some months not ok, 2 bad input
(nothing written), 3 unexpected error.
)";

int cmd_run(const std::vector<std::string>& args, Comm& comm)
{
    po::options_description desc("sezu run options");
    desc.add(span_options());
    desc.add(source_options());
    po::options_description job("job");
    job.add_options()
        ("zones,z", po::value<std::string>(), "zones file (GeoJSON, GeoPackage, Shapefile, ...)")
        ("id-field", po::value<std::string>(), "zone id attribute (default: feature index)")
        ("zones-layer", po::value<std::string>(),
         "layer of the zones source to read (required when it has several)")
        ("zones-crs", po::value<std::string>(),
         "CRS the zones' coordinates are in, overriding what the file says (like ogr2ogr "
         "-a_srs; e.g. EPSG:32633)")
        ("name-field", po::value<std::string>(), "zone attribute stored as its name (default name)")
        ("event-field", po::value<std::string>(),
         "zone attribute with an event date, YYYY or YYYY-MM, for before/after analysis "
         "(default established)")
        ("output,o", po::value<std::string>(), "archive to write (.h5)")
        ("cache-dir", po::value<std::string>(), "downloaded archives are kept here")
        ("work-dir", po::value<std::string>(), "scratch for extracted rasters (default: CACHE/work)")
        ("rule", po::value<std::string>(),
         "which cells count for a zone: exact (each cell weighted by the share of it inside the "
         "zone; default), center (cells whose centre is inside), all_touched (every cell the "
         "zone touches, as GDAL)")
        ("lit-threshold", po::value<double>(),
         "radiance (nW/cm2/sr) above which a cell counts as lit (default 0.5)")
        ("zero-is-nodata", "leave cells of radiance exactly 0 out, as if unobserved (default: 0 is "
                           "a measurement of darkness and counts; see docs/usage.md)")
        ("stats", po::value<std::string>(), stats_help(true).c_str())
        ("parallel-downloads", po::value<int>(),
         "concurrent downloads per rank (default 6; 3 for the Black Marble products, whose "
         "servers throttle)")
        ("threads", po::value<int>(),
         "threads per rank streaming a month's tiles at once (default 1; the archive is the same "
         "bit for bit for any count)")
        ("checkpoint-seconds", po::value<double>(),
         "rewrite the archive with the months done so far at most this often (default 60; 0 = "
         "after every month)")
        ("new-archive", "replace an existing archive made with other zones or pixel rule "
                        "(default: resume into it, skipping months already ok)")
        ("quiet,q", "print only warnings and errors (no progress, no summary)")
        ("verbose,v", "also print what every rank does, month by month")
        ("help,h", "this help");
    desc.add(job);
    const auto vm = parse("run", desc, args);
    if (help_asked(vm, comm, "usage: sezu run [-c CONFIG] [options]\n\nFor every month of the span: "
                         "finds and downloads the night-light tiles, stitches them, computes "
                         "each zone's statistics, and writes all months into one archive (an "
                         "existing archive is resumed: months already ok are kept).\n", desc))
        return kExitOk;
    apply_verbosity(vm);
    return run_job(config_from(vm), comm);
}

// `sezu mirror --product vnp46a3`: NASA's LAADS tree of HDF5 granules (blackmarble_mirror.hpp).
int mirror_blackmarble(const po::variables_map& vm, const Config& c, Comm& comm)
{
    BlackMarbleMirrorOptions options;
    options.out_dir = vm["out"].as<std::string>();
    options.months = c.months();
    options.product = c.data_product();
    options.scale = vm["scale"].as<int>();
    if (comm.rank() == 0) {
        write_blackmarble_mirror(options);
        if (log::level() != log::Level::Quiet)
            std::cout << "mirror: " << options.out_dir << "\nsource template: "
                      << blackmarble_mirror_template(options.out_dir, options.product)
                      << std::endl;
    }
    comm.barrier();
    return kExitOk;
}

int cmd_mirror(const std::vector<std::string>& args, Comm& comm)
{
    po::options_description desc("sezu mirror options");
    desc.add(span_options());
    po::options_description m("mirror");
    m.add_options()
        ("out", po::value<std::string>(), "folder to write the tree into (required)")
        ("product", po::value<std::string>(),
         "eog-monthly (default: EOG's tree of .tgz tiles) or vnp46a3 / vj146a3 / vnp46a4 / "
         "vj146a4 (NASA's LAADS tree of HDF5 granules; A4 annual: span in years, YYYY)")
        ("scale", po::value<int>()->default_value(20),
         "1/K of the real resolution; K divides 1200 (EOG; 1 = real size, 2 GB tiles) or 2400 "
         "(Black Marble)")
        ("seed", po::value<unsigned long long>()->default_value(1),
         "another seed gives other (equally well known) radiance values")
        ("satellite", po::value<std::string>(),
         "npp = Suomi NPP (default; 2022-07 partial, 2022-08 NOAA-20's as EOG has them) or "
         "j01 = NOAA-20 (every month in YYYY/YYYYMM/NOAA-20/)")
        ("configuration", po::value<std::string>(),
         "vcmcfg = stray light excluded (default) or vcmslcfg = stray light corrected")
        ("gzip-level", po::value<int>()->default_value(1), "gzip level of the archives (1-9)")
        ("quiet,q", "no progress output")
        ("help,h", "this help");
    desc.add(m);
    const auto vm = parse("mirror", desc, args);
    if (help_asked(vm, comm, "usage: sezu mirror --out DIR (-c CONFIG | --span-start YYYYMM "
                         "--span-end YYYYMM) [--scale K]\n\nWrites the publisher's tree with "
                         "synthetic values known exactly.\n", desc))
        return kExitOk;
    apply_verbosity(vm);
    if (!vm.count("out"))
        throw ConfigError("mirror: --out DIR is required; see `sezu mirror --help`");
    if (fs::exists(vm["out"].as<std::string>()) && !fs::is_directory(vm["out"].as<std::string>()))
        throw ConfigError("mirror: --out '" + vm["out"].as<std::string>() +
                          "' is a file; give a folder (it is created if missing)");
    const Config c = config_from(vm);
    if (c.data_product().family == ProductFamily::BlackMarble) {
        // A faithful tree has only what the publisher could have: the product's own satellite
        // and months (run's checks and messages).
        c.validate_source();
        return mirror_blackmarble(vm, c, comm);
    }
    MirrorOptions options;
    options.out_dir = vm["out"].as<std::string>();
    options.months = c.months();
    const int scale = vm["scale"].as<int>();
    options.model = default_model(scale, vm["seed"].as<unsigned long long>());
    options.product = c.product;
    options.gzip_level = vm["gzip-level"].as<int>();
    if (options.gzip_level < 1 || options.gzip_level > 9)
        throw ConfigError("mirror: --gzip-level must be 1 to 9");
    if (comm.rank() == 0) {
        write_mirror(options);
        if (log::level() != log::Level::Quiet)
            std::cout << "mirror: " << options.out_dir << "\nsource template: "
                      << mirror_source_template(options.out_dir) << std::endl;
    }
    comm.barrier();
    return kExitOk;
}

int cmd_info(const std::vector<std::string>& args, Comm& comm)
{
    po::options_description desc("sezu info options");
    desc.add_options()("archive", po::value<std::string>(), "the archive or aggregate file (.h5)")
        ("help,h", "this help");
    po::positional_options_description pos;
    pos.add("archive", 1);
    const auto vm = parse("info", desc, args, &pos);
    if (help_asked(vm, comm, "usage: sezu info FILE.h5\n\nWhat an archive (sezu run) or an "
                         "aggregate table file (sezu aggregate) holds: product, zones, months by "
                         "status, variables.\n", desc))
        return kExitOk;
    if (!vm.count("archive"))
        throw ConfigError("info: give the file to describe: sezu info FILE.h5");
    if (comm.rank() != 0)
        return kExitOk;
    write_file_summary(std::cout, vm["archive"].as<std::string>());
    std::cout << std::flush;
    return kExitOk;
}

/// The rasters of `sezu stats`, each with its coverage raster (or none), patterns expanded.
struct StatsInputs {
    std::vector<std::string> rasters;
    std::vector<std::string> coverage;   ///< empty, or one per raster
    std::string zones;
};

StatsInputs stats_inputs(const po::variables_map& vm)
{
    std::vector<std::string> given;
    if (vm.count("raster"))
        given = vm["raster"].as<std::vector<std::string>>();
    StatsInputs in;
    if (vm.count("zones")) {
        in.zones = vm["zones"].as<std::string>();
    } else if (given.size() >= 2) {
        in.zones = given.back(); // RASTER... ZONES: the last one is the zones
        given.pop_back();
    }
    if (given.empty() || in.zones.empty())
        throw ConfigError("stats: give one or more rasters and a zones file: "
                          "sezu stats RASTER... ZONES");
    for (const auto& pattern : given)
        for (auto& path : expand_glob(pattern, "stats: raster"))
            in.rasters.push_back(std::move(path));
    if (vm.count("coverage"))
        for (const auto& pattern : vm["coverage"].as<std::vector<std::string>>())
            for (auto& path : expand_glob(pattern, "stats: --coverage"))
                in.coverage.push_back(std::move(path));
    if (!in.coverage.empty() && in.coverage.size() != in.rasters.size())
        throw ConfigError("stats: " + std::to_string(in.coverage.size()) +
                          " coverage raster(s) for " + std::to_string(in.rasters.size()) +
                          " raster(s); give one --coverage per raster, in the same order");
    return in;
}

int cmd_stats(const std::vector<std::string>& args, Comm& comm)
{
    po::options_description desc("sezu stats options");
    desc.add_options()
        ("raster", po::value<std::vector<std::string>>(),
         "rasters GDAL reads (GeoTIFF, ...), or quoted patterns like 'data/*.tif' (glob(3), "
         "sorted); as arguments, the last one is the zones file unless --zones is given")
        ("zones", po::value<std::string>(), "zones file (any OGR source); reprojected to the raster")
        ("zones-layer", po::value<std::string>(),
         "layer of the zones source to read (required when it has several)")
        ("zones-crs", po::value<std::string>(),
         "CRS the zones' coordinates are in, overriding what the file says (like ogr2ogr "
         "-a_srs; e.g. EPSG:32633); without it, zones with no CRS are taken to be in the "
         "raster's, with a warning")
        ("coverage", po::value<std::vector<std::string>>(),
         "cloud-free coverage raster (VIIRS cf_cvg) on the raster's grid: fills valid_count, "
         "cvg_mean, cvg_min, zero_cvg_fraction; once per raster, in the same order (patterns "
         "allowed)")
        ("rule", po::value<std::string>()->default_value("exact"),
         "pixel rule: exact (coverage fraction), center, all_touched")
        ("id-field", po::value<std::string>(), "zone id attribute (default: feature index)")
        ("band", po::value<int>()->default_value(1), "band to read")
        ("threads", po::value<int>()->default_value(1),
         "zones computed at once (default 1; 0: one thread per core available; the numbers are "
         "the same for any count)")
        ("nodata", po::value<double>(), "NoData value (overrides the raster's)")
        ("lit-threshold", po::value<double>()->default_value(0.5), "value above which a cell is lit")
        ("zero-is-nodata", "treat 0 as NoData (the seed's tif_stats convention)")
        ("stats", po::value<std::string>(), stats_help(false).c_str())
        ("format", po::value<std::string>()->default_value("csv"), "csv or json")
        ("output,o", po::value<std::string>(), "write here instead of stdout")
        ("help,h", "this help");
    po::positional_options_description pos;
    pos.add("raster", -1);
    const auto vm = parse("stats", desc, args, &pos);
    if (help_asked(vm, comm, "usage: sezu stats RASTER... ZONES [options]\n\nZonal statistics of "
                         "one or more rasters, one table with a raster column; columns in "
                         "docs/usage.md.\n", desc))
        return kExitOk;
    const StatsInputs inputs = stats_inputs(vm);
    RasterStatsOptions options;
    options.rule = parse_pixel_rule(vm["rule"].as<std::string>());
    auto str = [&vm](const char* name, std::string& target) {
        if (vm.count(name))
            target = vm[name].as<std::string>();
    };
    str("id-field", options.id_field);
    str("zones-layer", options.zones_layer);
    str("zones-crs", options.zones_crs);
    options.band = vm["band"].as<int>();
    options.threads = vm["threads"].as<int>();
    if (vm.count("nodata"))
        options.nodata = vm["nodata"].as<double>();
    options.stats.lit_threshold = vm["lit-threshold"].as<double>();
    options.stats.zero_is_nodata = vm.count("zero-is-nodata") > 0;
    if (vm.count("stats"))
        options.stats.statistics = StatSelection::parse(vm["stats"].as<std::string>());
    options.stats.check(); // on every rank, so that all of them stop with exit 2
    const std::string format = vm["format"].as<std::string>();
    if (format != "csv" && format != "json")
        throw ConfigError("stats: --format must be csv or json, not '" + format + "'");
    if (comm.rank() != 0)
        return kExitOk;
    std::vector<std::string> read = inputs.rasters; // never written over
    read.insert(read.end(), inputs.coverage.begin(), inputs.coverage.end());
    read.push_back(inputs.zones);
    OutputStream out(vm, "stats", read);
    std::vector<ZoneResult> results;
    for (std::size_t r = 0; r < inputs.rasters.size(); ++r) {
        options.coverage = inputs.coverage.empty() ? "" : inputs.coverage[r];
        for (auto& row : raster_zonal_stats(inputs.rasters[r], inputs.zones, options))
            results.push_back(std::move(row));
    }
    if (format == "csv")
        write_csv(out.stream(), results, options.stats.statistics);
    else
        write_json(out.stream(), results, options.stats.statistics);
    out.commit();
    return kExitOk;
}

/// The commands by name (each documented in kUsage).
struct Command {
    const char* name;
    int (*run)(const Args& args, Comm& comm);
};
const Command kCommands[] = {
    {"run", cmd_run},           {"mirror", cmd_mirror},       {"info", cmd_info},
    {"stats", cmd_stats},       {"discover", cmd_discover},   {"aggregate", cmd_aggregate},
    {"gaps", cmd_gaps},         {"before-after", cmd_before_after},
    {"export", cmd_export},     {"quicklook", cmd_quicklook}, {"report", cmd_report},
};

} // namespace

int run_cli(int argc, char** argv, Comm& comm)
{
    std::vector<std::string> args(argv + 1, argv + argc);
    if (args.empty() || args[0] == "-h" || args[0] == "--help" || args[0] == "help") {
        if (comm.rank() == 0)
            std::cout << kUsage << std::flush;
        return args.empty() ? kExitUsage : kExitOk;
    }
    if (args[0] == "--version") {
        if (comm.rank() == 0)
            std::cout << "sezu " << SEZU_VERSION << std::endl;
        return kExitOk;
    }
    const std::string command = args[0];
    args.erase(args.begin());
    for (const auto& c : kCommands)
        if (command == c.name)
            return c.run(args, comm);
    throw ConfigError("unknown command '" + command +
                      "'; see sezu --help for the commands");
}

} // namespace sezu

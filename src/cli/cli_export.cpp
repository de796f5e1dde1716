// The export command: an archive as a tidy CSV and/or a GeoJSON map of each zone's newest ok
// month, for tools that do not read HDF5. Reads the archive and, for the map, the zones file.
#include "cli_common.hpp"

#include "sezu/archive/archive.hpp"
#include "sezu/core/error.hpp"
#include "sezu/core/exit_code.hpp"
#include "sezu/outputs/export.hpp"
#include "sezu/core/log.hpp"
#include "sezu/zones/zones.hpp"

#include <filesystem>
#include <iostream>
#include <optional>

namespace sezu::cli {
namespace fs = std::filesystem;

namespace {

const char* kExportUsage =
    "usage: sezu export ARCHIVE [--csv FILE|-] [--geojson FILE] [--zones ZONES]\n\n"
    "Writes the archive as a tidy CSV (one row per month x zone) and/or a GeoJSON of the zones\n"
    "with the statistics of their newest ok month (docs/usage.md).\n";

struct ExportRequest {
    std::string archive;
    std::optional<std::string> csv;       ///< "-" = stdout
    std::optional<std::string> geojson;
    std::optional<std::string> zones;     ///< overrides the archive's zones file
};

std::optional<std::string> optional_string(const po::variables_map& vm, const char* name)
{
    if (!vm.count(name))
        return std::nullopt;
    return vm[name].as<std::string>();
}

/// Checks every output before anything is read, so bad input fails fast and writes nothing.
void check_outputs(const ExportRequest& r)
{
    if (!r.csv && !r.geojson)
        throw ConfigError("export: nothing to write; give --csv FILE (- for stdout) and/or "
                          "--geojson FILE");
    if (r.geojson && *r.geojson == "-")
        throw ConfigError("export: --geojson needs a file name (only --csv can go to stdout)");
    for (const auto& out : {r.csv, r.geojson}) {
        if (!out || *out == "-")
            continue;
        // Same file twice, or over the archive, would silently destroy data.
        std::error_code ec; // equivalent() is false when either file does not exist
        if (fs::equivalent(*out, r.archive, ec))
            throw ConfigError("export: '" + *out + "' is the archive itself; choose another file");
        check_output_path("export", *out, {r.zones.value_or("")}, false);
        check_output_writable(*out);
    }
    if (r.csv && r.geojson && *r.csv == *r.geojson)
        throw ConfigError("export: --csv and --geojson name the same file '" + *r.csv + "'");
}

/// read_archive's errors as bad input: the user named a file that is not a readable archive.
ArchiveData read_input_archive(const std::string& path)
{
    try {
        return read_archive(path);
    } catch (const ArchiveError& e) {
        throw ConfigError("export: cannot read the archive '" + path + "': " + e.what());
    }
}

/// The zones the archive was made from (as recorded in it), or --zones. The id field is always
/// the archive's: the archive's zone ids were made with it.
ZoneSet load_export_zones(const ExportRequest& r, const ArchiveData& archive)
{
    const RunProvenance& prov = archive.provenance;
    const std::string path = r.zones ? *r.zones : prov.zones_source;
    if (path.empty())
        throw ConfigError("export: the archive does not record its zones file; pass --zones FILE "
                          "for the GeoJSON geometries");
    if (!fs::exists(path))
        throw ConfigError("export: zones file '" + path + "'" +
                          (r.zones ? "" : " (recorded in the archive)") +
                          " does not exist; pass --zones FILE with the zones the archive was "
                          "made from");
    // The recorded layer and CRS belong to the recorded file; another file is read as it is.
    ZoneSet zones = r.zones ? load_zones(path, prov.zones_id_field)
                            : load_zones(ZoneSource{path, prov.zones_id_field, prov.zones_layer,
                                                    prov.zones_crs});
    // Matching ids with other geometries would map the statistics onto the wrong shapes; only
    // warn, since a re-saved copy of the same zones (other format, precision) is legitimate.
    if (!prov.zones_fingerprint.empty() && zones.fingerprint() != prov.zones_fingerprint)
        log::warn("export: zones in '" + path + "' differ from those the archive was made from; "
                  "the map shows these geometries");
    return zones;
}

void export_geojson(const ExportRequest& r, const ArchiveData& archive)
{
    const ZoneSet zones = load_export_zones(r, archive);
    try {
        write_latest_geojson(archive, zones, *r.geojson);
    } catch (const DataError& e) {
        // A zones file without the archive's zones is bad input, not a data fault.
        throw ConfigError(std::string(e.what()) + "; pass --zones with the zones file the "
                                                  "archive was made from");
    }
    log::info("export: " + std::to_string(archive.zone_ids.size()) + " zones -> " + *r.geojson);
}

void export_csv(const ExportRequest& r, const ArchiveData& archive)
{
    if (*r.csv == "-") {
        write_tidy_csv(archive, std::cout);
        std::cout.flush();
        return;
    }
    write_tidy_csv(archive, *r.csv);
    log::info("export: " + std::to_string(archive.months.size()) + " " + archive.period_word() + "s x " +
              std::to_string(archive.zone_ids.size()) + " zones -> " + *r.csv);
}

} // namespace

int cmd_export(const Args& args, Comm& comm)
{
    po::options_description desc("sezu export options");
    desc.add_options()
        ("archive", po::value<std::string>(), "the archive (.h5)")
        ("csv", po::value<std::string>(), "tidy CSV, one row per month x zone (- = stdout)")
        ("geojson", po::value<std::string>(),
         "GeoJSON of the zones with the statistics of their newest ok month")
        ("zones", po::value<std::string>(),
         "zones file for --geojson (default: the one recorded in the archive)")
        ("help,h", "this help");
    po::positional_options_description pos;
    pos.add("archive", 1);
    const auto vm = parse("export", desc, args, &pos);
    if (help_asked(vm, comm, kExportUsage, desc))
        return kExitOk;
    if (!vm.count("archive"))
        throw ConfigError("export: give the archive: sezu export ARCHIVE.h5 --csv FILE");
    ExportRequest request;
    request.archive = vm["archive"].as<std::string>();
    request.csv = optional_string(vm, "csv");
    request.geojson = optional_string(vm, "geojson");
    request.zones = optional_string(vm, "zones");
    check_outputs(request);
    if (comm.rank() != 0)
        return kExitOk;

    const ArchiveData archive = read_input_archive(request.archive);
    // GeoJSON first: it is the output that can fail on input (zones), and failing before the
    // CSV is written leaves no output at all.
    if (request.geojson)
        export_geojson(request, archive);
    if (request.csv)
        export_csv(request, archive);
    return kExitOk;
}

} // namespace sezu::cli

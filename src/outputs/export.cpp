#include "sezu/outputs/export.hpp"

#include "sezu/core/csv.hpp"
#include "sezu/core/error.hpp"
#include "sezu/core/temp_file.hpp"
#include "sezu/read/memory_file.hpp"

#include <cpl_error.h>
#include <cpl_string.h>
#include <cpl_vsi.h>
#include <gdal_priv.h>
#include <ogr_geometry.h>
#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <optional>


namespace sezu {
namespace fs = std::filesystem;

namespace {

/// The zone's name; "" also when the archive data carries no names at all (built in memory).
std::string zone_name(const ArchiveData& archive, std::size_t zone)
{
    return zone < archive.zone_names.size() ? archive.zone_names[zone] : std::string();
}

/// The statistic of a month and zone; NaN in months that are not ok (whatever the file holds
/// there) and for statistics an older archive does not have.
double stat_or_nan(const ArchiveData& archive, const std::string& stat, std::size_t month,
                   std::size_t zone)
{
    if (archive.status[month] != MonthStatus::Ok || !archive.stats.count(stat))
        return std::nan("");
    return archive.at(stat, month, zone);
}

/// Whether some month is partial or from another satellite than the run's: the table then says
/// so for every month, in the columns `satellite` and `partial_days`.
bool months_differ(const ArchiveData& archive)
{
    for (std::size_t m = 0; m < archive.months.size(); ++m)
        if (archive.partial(m) || !archive.other_satellite(m).empty())
            return true;
    return false;
}

int count_ok_months(const ArchiveData& archive)
{
    int n = 0;
    for (const MonthStatus s : archive.status)
        n += s == MonthStatus::Ok ? 1 : 0;
    return n;
}

/// The zones of `zones` in archive order. Checked before any file is created, so a zones file
/// that does not match the archive leaves nothing behind.
std::vector<const Zone*> match_zones(const ArchiveData& archive, const ZoneSet& zones)
{
    std::map<std::string, const Zone*> by_id;
    for (const Zone& z : zones.zones)
        by_id[z.id] = &z;
    std::vector<const Zone*> matched;
    for (const std::string& id : archive.zone_ids) {
        const auto it = by_id.find(id);
        if (it == by_id.end())
            throw DataError("export: zone '" + id + "' of the archive is not in the zones file '" +
                            zones.source + "'" +
                            (zones.id_field.empty() ? std::string(" (ids = feature index)")
                                                    : " (id field '" + zones.id_field + "')"));
        matched.push_back(it->second);
    }
    return matched;
}

void add_field(OGRLayer& layer, const char* name, OGRFieldType type)
{
    OGRFieldDefn field(name, type);
    if (layer.CreateField(&field) != OGRERR_NONE)
        throw GdalError("export: cannot add field " + std::string(name) + ": " +
                        CPLGetLastErrorMsg());
}

// The archive's statistics in their order (an ArchiveData made in memory may name none: then
// the default selection).
std::vector<std::string> statistics_of(const ArchiveData& archive)
{
    return archive.statistics.empty() ? StatSelection().names() : archive.statistics;
}

// The period columns are named for what a row is: latest_month/months_ok, or, in an annual
// archive, latest_year/years_ok (whose values are years, YYYY).
OGRLayer& create_zone_layer(GDALDataset& ds, const std::vector<std::string>& statistics,
                            const std::string& period)
{
    OGRSpatialReference wgs84;
    wgs84.importFromEPSG(4326);
    wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER); // zones are lon/lat
    CPLStringList options;
    options.SetNameValue("RFC7946", "YES");
    OGRLayer* layer = ds.CreateLayer("zones", &wgs84, wkbMultiPolygon, options.List());
    if (!layer)
        throw GdalError(std::string("export: cannot create the GeoJSON layer: ") +
                        CPLGetLastErrorMsg());
    add_field(*layer, "zone", OFTString);
    add_field(*layer, "zone_name", OFTString);
    add_field(*layer, ("latest_" + period).c_str(), OFTString);
    for (const std::string& name : statistics)
        add_field(*layer, name.c_str(), OFTReal);
    add_field(*layer, (period + "s_ok").c_str(), OFTInteger);
    return *layer;
}

/// One zone's feature: its newest ok month's statistics (null where NaN: JSON has no NaN, and
/// GDAL would otherwise drop or mangle the value).
void write_zone_feature(OGRLayer& layer, const ArchiveData& archive, std::size_t zone,
                        const Zone& geometry_source, std::optional<std::size_t> latest,
                        int months_ok)
{
    OGRFeatureUniquePtr feature(OGRFeature::CreateFeature(layer.GetLayerDefn()));
    feature->SetField("zone", archive.zone_ids[zone].c_str());
    feature->SetField("zone_name", zone_name(archive, zone).c_str());
    const int latest_index = feature->GetFieldIndex(("latest_" + archive.period_word()).c_str());
    if (latest)
        feature->SetField(latest_index, archive.label(*latest).c_str());
    else
        feature->SetFieldNull(latest_index);
    for (const std::string& name : statistics_of(archive)) {
        const int index = feature->GetFieldIndex(name.c_str());
        const double v = latest ? stat_or_nan(archive, name, *latest, zone) : std::nan("");
        if (std::isfinite(v))
            feature->SetField(index, v);
        else
            feature->SetFieldNull(index);
    }
    feature->SetField((archive.period_word() + "s_ok").c_str(), months_ok);
    feature->SetGeometryDirectly(to_ogr(geometry_source.geometry).release());
    if (layer.CreateFeature(feature.get()) != OGRERR_NONE)
        throw GdalError("export: cannot write zone '" + archive.zone_ids[zone] +
                        "': " + CPLGetLastErrorMsg());
}


} // namespace

void write_tidy_csv(const ArchiveData& archive, std::ostream& out)
{
    std::vector<std::string> header = {archive.period_word(), "zone", "zone_name", "status",
                                       "reason"};
    // Only archives whose months differ get the columns: a run's usual table stays as it was.
    const bool notes = months_differ(archive);
    if (notes)
        header.insert(header.end(), {"satellite", "partial_days"});
    const std::vector<std::string> names = statistics_of(archive);
    header.insert(header.end(), names.begin(), names.end());
    out << csv::row(header);
    for (std::size_t m = 0; m < archive.months.size(); ++m) {
        const std::string month = archive.label(m);
        const std::string status = to_string(archive.status[m]);
        for (std::size_t z = 0; z < archive.zone_ids.size(); ++z) {
            std::vector<std::string> row = {month, archive.zone_ids[z], zone_name(archive, z),
                                            status, archive.reasons[m]};
            if (notes)
                row.insert(row.end(), {archive.satellite(m), archive.partial_days(m)});
            for (const std::string& name : names)
                row.push_back(csv::number(stat_or_nan(archive, name, m, z)));
            out << csv::row(row);
        }
    }
}

void write_tidy_csv(const ArchiveData& archive, const std::string& path)
{
    TempFile temp(path, "export");
    {
        errno = 0; // a failed write leaves its errno: a full disk is told from other failures
        std::ofstream out(temp.path());
        if (!out)
            temp.fail(errno, "cannot create " + temp.path());
        write_tidy_csv(archive, out);
        out.close();
        if (!out)
            temp.fail(errno, "writing " + temp.path() + " failed");
    }
    temp.commit();
}

void write_latest_geojson(const ArchiveData& archive, const ZoneSet& zones,
                          const std::string& path)
{
    const std::vector<const Zone*> matched = match_zones(archive, zones);
    const std::optional<std::size_t> latest = archive.newest_ok_month();
    const int months_ok = count_ok_months(archive);

    GDALAllRegister();
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GeoJSON");
    if (!driver)
        throw GdalError("export: this GDAL has no GeoJSON driver");
    // GDAL's GeoJSON writer does not report failed writes (a full disk left an empty file that
    // replaced the old one, with exit 0): it writes into memory, and TempFile writes the bytes,
    // checking every write.
    TempFile temp(path, "export");
    const MemoryFile unlink_memory(MemoryFile::unique_path("sezu-export", ".geojson"));
    const std::string& memory = unlink_memory.path();
    {
        GDALDatasetUniquePtr ds(driver->Create(memory.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
        if (!ds)
            throw GdalError(std::string("export: cannot create the GeoJSON: ") +
                            CPLGetLastErrorMsg());
        OGRLayer& layer = create_zone_layer(*ds, statistics_of(archive), archive.period_word());
        for (std::size_t z = 0; z < matched.size(); ++z)
            write_zone_feature(layer, archive, z, *matched[z], latest, months_ok);
        // The driver writes the closing brackets when the dataset closes.
        CPLErrorReset();
        ds.reset();
        if (CPLGetLastErrorType() == CE_Failure)
            throw GdalError("export: cannot finish the GeoJSON for '" + path + "': " +
                            CPLGetLastErrorMsg());
    }
    vsi_l_offset size = 0;
    const GByte* bytes = VSIGetMemFileBuffer(memory.c_str(), &size, FALSE);
    if (!bytes)
        throw GdalError("export: the GeoJSON for '" + path + "' was not made");
    temp.write(bytes, std::size_t(size));
    temp.commit();
}

} // namespace sezu

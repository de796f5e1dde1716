// The archive of a real `sezu run` on the built-in mirror as researchers read it: xarray (both
// engines) selecting a zone by id and plotting-style access, netCDF4, h5py, R's ncdf4; the
// yearly aggregate's CF time decoded by xarray; no name of either file shadows an xarray
// attribute. And an archive written before the zone ids became the `zone` coordinate and
// before the statistics were renamed (tests/data/archive_v0, made by sezu 0.1.0 at commit
// 2494bed: `sum`, `mean`, ...) is still read and resumed, rewritten with the new names.
#include "sezu/archive/archive.hpp"

#include "shared_dir_suite.hpp"
#include "test_support.hpp"

#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>

using namespace sezu;
namespace fs = std::filesystem;

namespace {

// The zones of tests/data/sez/sez_zones.geojson, in the file's order (zone_id).
const std::vector<std::string> kIds = {
    "Ahti_River_EPZ", "Bole_Lemi_I_IDZ", "Bonaberi-Doula_IZ", "Coega_IDZ", "Hawassa_IDZ",
    "Hoa_Khanh_IZ",   "Linh_Trung_I_EPZ", "Pinthong_GIZ",     "Puerto_Chiapas_SEZ"};
constexpr std::size_t kCoega = 3;

std::string number(double v)
{
    char text[64];
    std::snprintf(text, sizeof text, "%.17g", v);
    return text;
}

class Readers : public test::SharedDirSuite<Readers> {
public:
    static void prepare(const test::TempDir& dir)
    {
        const auto m = sezu_cmd("mirror -q --out " + dir.file("mirror") +
                                " --span-start 201708 --span-end 201710 --scale " +
                                std::to_string(test::kMirrorJobScale));
        ASSERT_EQ(m.status, 0) << m.output;
        const auto r = run("out.h5");
        ASSERT_EQ(r.status, 0) << r.output;
        const auto agg = sezu_cmd("aggregate " + dir.file("out.h5") + " --by year -o " +
                                  dir.file("agg.h5"));
        ASSERT_EQ(agg.status, 0) << agg.output;
    }

protected:
    /// `sezu run` of 201708..201710 on the mirror and the SEZ zones into OUTPUT (in the folder).
    static test::CommandResult run(const std::string& output)
    {
        return sezu_cmd("run --source " + s_dir->file("mirror") + "/{YYYY}/{YYYYMM}/{cfg}/" +
                        " --zones " + test::data_path("sez/sez_zones.geojson") +
                        " --id-field zone_id --cache-dir " + s_dir->file("cache") +
                        " --span-start 201708 --span-end 201710 -o " + s_dir->file(output));
    }
};

TEST_F(Readers, ZoneIsTheCoordinateWithNamePointAndGeometry)
{
    const ArchiveData a = read_archive(s_dir->file("out.h5"));
    EXPECT_EQ(a.zone_ids, kIds);
    EXPECT_EQ(a.zone_names[kCoega], "Coega Industrial Park");
    // The geometry is the zones file's polygon, and the point lies inside it.
    GDALAllRegister();
    GDALDatasetUniquePtr zones(GDALDataset::Open(test::data_path("sez/sez_zones.geojson").c_str(),
                                                 GDAL_OF_VECTOR));
    ASSERT_TRUE(zones);
    OGRLayer* layer = zones->GetLayer(0);
    for (std::size_t z = 0; z < kIds.size(); ++z) {
        const OGRFeatureUniquePtr feature(layer->GetNextFeature());
        ASSERT_TRUE(feature);
        ASSERT_EQ(feature->GetFieldAsString("zone_id"), kIds[z]);
        OGRGeometry* stored = nullptr;
        ASSERT_EQ(OGRGeometryFactory::createFromWkt(a.zone_geometry[z].c_str(), nullptr, &stored),
                  OGRERR_NONE)
            << a.zone_geometry[z];
        const std::unique_ptr<OGRGeometry> owned(stored);
        // The same point set (GEOS): each lies within the other (the file has a Polygon, the
        // archive a MultiPolygon, so OGR's structural Equals would not do).
        EXPECT_TRUE(stored->Within(feature->GetGeometryRef()) &&
                    feature->GetGeometryRef()->Within(stored))
            << kIds[z] << " " << a.zone_geometry[z];
        OGRPoint point(a.zone_lon[z], a.zone_lat[z]);
        EXPECT_TRUE(point.Within(feature->GetGeometryRef()))
            << kIds[z] << " " << a.zone_lat[z] << " " << a.zone_lon[z];
    }
}

TEST_F(Readers, XarrayNetcdf4AndH5pyReadTheArchiveAndTheAggregate)
{
    const ArchiveData a = read_archive(s_dir->file("out.h5"));
    ASSERT_EQ(a.months.size(), 3u);
    std::string sums, zones;
    for (std::size_t m = 0; m < a.months.size(); ++m)
        sums += (m ? ", " : "") + number(a.at("sum_of_lights", m, kCoega));
    for (const auto& id : kIds)
        zones += std::string(zones.empty() ? "" : ", ") + "\"" + id + "\"";
    const std::string expected = s_dir->file("expected.json");
    std::ofstream(expected) << R"({"zone": "Coega_IDZ", "name": "Coega Industrial Park",
        "zones": [)" << zones << R"(], "sum_of_lights": [)" << sums << R"(],
        "months": ["2017-08-01", "2017-09-01", "2017-10-01"],
        "wkt": )" << "\"" << a.zone_geometry[kCoega] << "\"" << R"(,
        "chunks": [3, 9],
        "periods": ["2017-01-01"], "period_bounds": [["2017-01-01", "2018-01-01"]]})";
    // Debian's python3 (python3-xarray, -netcdf4, -h5netcdf, -h5py), not one earlier on PATH.
    const auto r = test::run_command("/usr/bin/python3 " + std::string(SEZU_SOURCE_DIR) +
                                     "/tests/run/read_archive.py " + s_dir->file("out.h5") + " " +
                                     s_dir->file("agg.h5") + " " + expected);
    EXPECT_EQ(r.status, 0) << r.output;
    EXPECT_NE(r.output.find("\nok\n"), std::string::npos) << r.output;
}

TEST_F(Readers, RNcdf4ReadsTheTableAsZoneByMonth)
{
    const ArchiveData a = read_archive(s_dir->file("out.h5"));
    const auto r = test::run_command("Rscript " + std::string(SEZU_SOURCE_DIR) +
                                     "/tests/run/read_archive.R " + s_dir->file("out.h5") +
                                     " Coega_IDZ");
    ASSERT_EQ(r.status, 0) << r.output;
    std::string zones;
    for (const auto& id : kIds)
        zones += (zones.empty() ? "" : ",") + id;
    EXPECT_NE(r.output.find("zones: " + zones + " \n"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("dims: zone,month \n"), std::string::npos) << r.output;
    std::string sums;
    for (std::size_t m = 0; m < a.months.size(); ++m)
        sums += " " + number(a.at("sum_of_lights", m, kCoega));
    EXPECT_NE(r.output.find("sum_of_lights:" + sums + " \n"), std::string::npos) << r.output;
}

TEST_F(Readers, AnArchiveFromBeforeZoneIdsIsReadAndResumed)
{
    const std::string data = test::data_path("archive_v0/sez_201708-201709.h5");
    const ArchiveData old = read_archive(data);
    EXPECT_EQ(old.zone_ids, kIds);
    EXPECT_EQ(old.zone_names[kCoega], "Coega Industrial Park");
    ASSERT_EQ(old.zone_lat.size(), kIds.size());
    EXPECT_TRUE(std::isnan(old.zone_lat[kCoega]));
    EXPECT_EQ(old.zone_geometry[kCoega], "");
    ASSERT_EQ(old.months.size(), 2u);
    // From before sezu recorded a month's satellite and days: whole months, none pointed out.
    EXPECT_EQ(old.satellites, std::vector<std::string>(2));
    EXPECT_EQ(old.first_days, std::vector<int>(2, 0));
    EXPECT_FALSE(old.partial(0));
    EXPECT_EQ(old.other_satellite(0), "");

    fs::copy_file(data, s_dir->file("old.h5"));
    const auto r = run("old.h5");
    ASSERT_EQ(r.status, 0) << r.output;
    EXPECT_NE(r.output.find("(1 to do, 2 kept from the archive)"), std::string::npos)
        << r.output;
    const ArchiveData resumed = read_archive(s_dir->file("old.h5"));
    EXPECT_EQ(resumed.zone_ids, kIds);
    ASSERT_EQ(resumed.months.size(), 3u);
    EXPECT_FALSE(std::isnan(resumed.zone_lat[kCoega]));
    // The kept months stay whole and of no recorded satellite; the new one has its own.
    EXPECT_EQ(resumed.first_days[0], 0);
    EXPECT_FALSE(resumed.partial(0));
    EXPECT_EQ(resumed.satellites[2], "npp");
    EXPECT_EQ(resumed.first_days[2], resumed.months[2].yyyymm() * 100 + 1);
    for (const char* name : {"sum_of_lights", "radiance_mean", "radiance_max", "cell_count",
                             "sum_of_lights_per_km2", "radiance_skew"})
        for (std::size_t m = 0; m < 2; ++m)
            for (std::size_t z = 0; z < kIds.size(); ++z) {
                const double was = old.at(name, m, z), is = resumed.at(name, m, z);
                // The same number, or undefined in both (the old mirror's flat cells: no skew).
                EXPECT_TRUE(is == was || (std::isnan(is) && std::isnan(was)))
                    << name << " " << m << " " << z << ": " << is << " vs " << was;
            }
    // Its old names (sum, mean, count, ...) are gone: every name is safe in xarray.
    const auto names = test::run_command("/usr/bin/python3 " + std::string(SEZU_SOURCE_DIR) +
                                         "/tests/run/xarray_names.py " + s_dir->file("old.h5"));
    EXPECT_EQ(names.status, 0) << names.output;
    EXPECT_NE(names.output.find("\nok\n"), std::string::npos) << names.output;
}

TEST_F(Readers, NoNameOfTheArchiveOrTheAggregateIsAnXarrayAttribute)
{
    // And the reverse: the check fails on the old archive, whose `sum` is Dataset.sum.
    const std::string script =
        "/usr/bin/python3 " + std::string(SEZU_SOURCE_DIR) + "/tests/run/xarray_names.py ";
    const auto r = test::run_command(script + s_dir->file("out.h5") + " " + s_dir->file("agg.h5"));
    EXPECT_EQ(r.status, 0) << r.output;
    EXPECT_NE(r.output.find("\nok\n"), std::string::npos) << r.output;
    const auto old = test::run_command(script + test::data_path("archive_v0/sez_201708-201709.h5"));
    EXPECT_NE(old.status, 0) << old.output;
    EXPECT_NE(old.output.find("'sum'"), std::string::npos) << old.output;
}

} // namespace

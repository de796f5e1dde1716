// sezu export: a small synthetic archive (written by the real writer) exported through the CLI,
// then read back: the tidy CSV must give every archived value exactly, the GeoJSON each zone's
// newest ok month; bad input fails with one message and leaves no file.
#include "sezu/archive/archive.hpp"
#include "sezu/core/error.hpp"
#include "sezu/outputs/export.hpp"
#include "sezu/zones/zones.hpp"

#include "test_support.hpp"

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

using namespace sezu;

namespace {

const double nan_v = std::nan("");

// Months 2020-01 (ok), 2020-02 (ok), 2020-03 (failed, a reason with a comma). Statistic i of
// zone z in month m is (i + 1 + 10 m + 100 z) / 3: thirds need all 17 digits to round-trip.
// Zone "a" has a name with a comma (quoted in CSV); zone "b"'s radiance_skew is NaN in every
// month (a NaN inside an ok month must stay NaN, not become 0 or an empty field).
ArchiveData synthetic(const std::vector<std::string>& zone_ids)
{
    ArchiveData a;
    a.months = {YearMonth(2020, 1), YearMonth(2020, 2), YearMonth(2020, 3)};
    a.status = {MonthStatus::Ok, MonthStatus::Ok, MonthStatus::Failed};
    a.reasons = {"", "", "download failed, twice"};
    a.zone_ids = zone_ids;
    a.zone_names.assign(zone_ids.size(), "");
    a.zone_names[0] = "Alpha, the first";
    a.zone_events.assign(zone_ids.size(), "");
    const std::vector<std::string> names = StatSelection().names();
    const std::size_t nz = zone_ids.size();
    for (std::size_t i = 0; i < names.size(); ++i) {
        auto& values = a.stats[names[i]];
        values.assign(a.months.size() * nz, nan_v);
        for (std::size_t m = 0; m < 2; ++m)
            for (std::size_t z = 0; z < nz; ++z)
                values[m * nz + z] = names[i] == "radiance_skew" && z == 1
                                         ? nan_v
                                         : double(i + 1 + 10 * m + 100 * z) / 3.0;
    }
    return a;
}

// The synthetic archive as an HDF5 file, through the real writer.
void write_synthetic(const std::string& path, const ArchiveData& a, const RunProvenance& prov)
{
    write_archive(path, a.zone_ids, results_from(a), prov, a.zone_names, a.zone_events);
}

// Two unit squares side by side, with ids in an "id" property (and a name the export ignores).
void write_squares(const std::string& path, const std::vector<std::string>& ids)
{
    std::ofstream out(path);
    out << R"({"type":"FeatureCollection","features":[)";
    for (std::size_t k = 0; k < ids.size(); ++k) {
        const int x = int(k);
        out << (k ? "," : "") << R"({"type":"Feature","properties":{"id":")" << ids[k]
            << R"(","label":"square )" << k << R"("},"geometry":{"type":"Polygon","coordinates":[[)"
            << "[" << x << ",0],[" << x + 1 << ",0],[" << x + 1 << ",1],[" << x << ",1],[" << x
            << ",0]]]}}";
    }
    out << "]}\n";
}

RunProvenance provenance_for(const std::string& zones_path)
{
    RunProvenance prov;
    prov.zones_source = zones_path;
    prov.zones_id_field = "id";
    prov.zones_fingerprint = load_zones(zones_path, "id").fingerprint();
    return prov;
}

// RFC 4180 records: quoted fields may hold commas and doubled quotes (no newlines here).
std::vector<std::vector<std::string>> parse_csv(const std::string& text)
{
    std::vector<std::vector<std::string>> rows;
    std::istringstream lines(text);
    std::string line;
    while (std::getline(lines, line)) {
        std::vector<std::string> fields(1);
        bool quoted = false;
        for (std::size_t k = 0; k < line.size(); ++k) {
            const char c = line[k];
            if (quoted && c == '"' && k + 1 < line.size() && line[k + 1] == '"') {
                fields.back() += '"';
                ++k;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                fields.emplace_back();
            } else {
                fields.back() += c;
            }
        }
        rows.push_back(fields);
    }
    return rows;
}

// Runs `sezu export ARGUMENTS`.
test::CommandResult run_export(const std::string& arguments)
{
    return test::run_command(test::sezu_command("export " + arguments));
}

// In `dir`: the two squares "a" and "b" as zones.geojson, and a.h5, the synthetic archive of
// `zone_ids` recording that zones file. Returns the archive as read back.
ArchiveData write_squares_and_archive(const test::TempDir& dir,
                                      const std::vector<std::string>& zone_ids)
{
    write_squares(dir.file("zones.geojson"), {"a", "b"});
    write_synthetic(dir.file("a.h5"), synthetic(zone_ids),
                    provenance_for(dir.file("zones.geojson")));
    return read_archive(dir.file("a.h5"));
}

int line_count(const std::string& text)
{
    int n = 0;
    for (char c : text)
        n += c == '\n' ? 1 : 0;
    return n;
}

// NaN equals NaN here; everything else must be bit-for-bit the same double.
bool same_value(double expected, double actual)
{
    return std::isnan(expected) ? std::isnan(actual) : expected == actual;
}

} // namespace

TEST(Export, CsvRoundTripsEveryValueExactly)
{
    test::TempDir dir;
    const ArchiveData archive = write_squares_and_archive(dir, {"a", "b"});

    const auto run = run_export(dir.file("a.h5") + " --csv " + dir.file("out.csv"));
    ASSERT_EQ(run.status, 0) << run.output;
    const std::string text = test::read_text(dir.file("out.csv"));
    const auto rows = parse_csv(text);
    const std::vector<std::string> names = StatSelection().names();
    ASSERT_EQ(rows.size(), 1u + 3 * 2);
    std::vector<std::string> header = {"month", "zone", "zone_name", "status", "reason"};
    header.insert(header.end(), names.begin(), names.end());
    EXPECT_EQ(rows[0], header);

    const std::vector<std::string> months = {"2020-01", "2020-02", "2020-03"};
    const std::vector<std::string> status = {"ok", "ok", "failed"};
    for (std::size_t m = 0; m < 3; ++m)
        for (std::size_t z = 0; z < 2; ++z) {
            const auto& row = rows[1 + m * 2 + z];
            ASSERT_EQ(row.size(), header.size()) << "row " << 1 + m * 2 + z;
            EXPECT_EQ(row[0], months[m]);
            EXPECT_EQ(row[1], archive.zone_ids[z]);
            EXPECT_EQ(row[2], archive.zone_names[z]);
            EXPECT_EQ(row[3], status[m]);
            EXPECT_EQ(row[4], archive.reasons[m]);
            for (std::size_t i = 0; i < names.size(); ++i) {
                const double expected = archive.at(names[i], m, z);
                const double actual = std::strtod(row[5 + i].c_str(), nullptr);
                EXPECT_TRUE(same_value(expected, actual))
                    << months[m] << " " << archive.zone_ids[z] << " " << names[i] << ": "
                    << row[5 + i];
                if (m == 2) {
                    EXPECT_EQ(row[5 + i], "nan");
                }
            }
        }
    // The thirds really needed 17 digits (a %g export would have lost them).
    EXPECT_EQ(rows[1][5], "0.33333333333333331");

    // `--csv -` writes the same bytes to stdout, and nothing else.
    const auto piped = run_export(dir.file("a.h5") + " --csv -");
    ASSERT_EQ(piped.status, 0) << piped.output;
    EXPECT_EQ(piped.output, text);
}

TEST(Export, GeojsonHasEachZonesNewestOkMonth)
{
    test::TempDir dir;
    const ArchiveData archive = write_squares_and_archive(dir, {"a", "b"});

    // No --zones: the zones file recorded in the archive is used.
    const auto run = run_export(dir.file("a.h5") + " --geojson " + dir.file("map.geojson"));
    ASSERT_EQ(run.status, 0) << run.output;
    EXPECT_EQ(test::list_dir(dir.path()),
              (std::vector<std::string>{"a.h5", "map.geojson", "zones.geojson"}));

    GDALAllRegister();
    GDALDatasetUniquePtr ds(
        GDALDataset::Open(dir.file("map.geojson").c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
    ASSERT_TRUE(ds);
    OGRLayer* layer = ds->GetLayer(0);
    ASSERT_NE(layer, nullptr);
    ASSERT_EQ(layer->GetFeatureCount(), 2);
    std::size_t z = 0;
    for (const auto& feature : *layer) {
        ASSERT_LT(z, 2u);
        EXPECT_STREQ(feature->GetFieldAsString("zone"), archive.zone_ids[z].c_str());
        EXPECT_STREQ(feature->GetFieldAsString("zone_name"), archive.zone_names[z].c_str());
        // 2020-03 failed: the newest ok month is 2020-02 (month index 1).
        EXPECT_STREQ(feature->GetFieldAsString("latest_month"), "2020-02");
        EXPECT_EQ(feature->GetFieldAsInteger("months_ok"), 2);
        EXPECT_EQ(feature->GetFieldAsDouble("sum_of_lights"), archive.at("sum_of_lights", 1, z));
        EXPECT_EQ(feature->GetFieldAsDouble("radiance_mean"), archive.at("radiance_mean", 1, z));
        // NaN has no JSON form: it is written as null.
        const int skew = feature->GetFieldIndex("radiance_skew");
        EXPECT_EQ(feature->IsFieldNull(skew), z == 1);
        // The geometry is the zone's square: x from z to z + 1.
        OGREnvelope box;
        ASSERT_NE(feature->GetGeometryRef(), nullptr);
        feature->GetGeometryRef()->getEnvelope(&box);
        EXPECT_DOUBLE_EQ(box.MinX, double(z));
        EXPECT_DOUBLE_EQ(box.MaxX, double(z + 1));
        ++z;
    }
    EXPECT_EQ(z, 2u);

    // --zones overrides the recorded file (here: the recorded one is gone).
    std::rename(dir.file("zones.geojson").c_str(), dir.file("moved.geojson").c_str());
    const auto moved = run_export(dir.file("a.h5") + " --geojson " + dir.file("map2.geojson") +
                                  " --zones " + dir.file("moved.geojson"));
    ASSERT_EQ(moved.status, 0) << moved.output;
    EXPECT_EQ(test::read_text(dir.file("map2.geojson")), test::read_text(dir.file("map.geojson")));
}

TEST(Export, BadInputGivesOneMessageAndNoFile)
{
    test::TempDir dir;
    write_squares_and_archive(dir, {"a", "b", "c"});
    RunProvenance lost;
    lost.zones_source = dir.file("nowhere.geojson");
    lost.zones_id_field = "id";
    write_synthetic(dir.file("lost.h5"), synthetic({"a", "b"}), lost);
    const auto before = test::list_dir(dir.path());

    // No output asked for.
    const auto none = run_export(dir.file("a.h5"));
    EXPECT_EQ(none.status, 2) << none.output;
    EXPECT_EQ(line_count(none.output), 1) << none.output;
    EXPECT_NE(none.output.find("give --csv FILE"), std::string::npos) << none.output;

    // Zone "c" of the archive is not in the zones file: named, with the file; neither output is
    // written (the CSV would have been fine on its own).
    const auto missing = run_export(dir.file("a.h5") + " --csv " + dir.file("out.csv") +
                                    " --geojson " + dir.file("m.geojson"));
    EXPECT_NE(missing.status, 0) << missing.output;
    EXPECT_EQ(line_count(missing.output), 1) << missing.output;
    EXPECT_NE(missing.output.find("zone 'c'"), std::string::npos) << missing.output;
    EXPECT_NE(missing.output.find(dir.file("zones.geojson")), std::string::npos) << missing.output;
    EXPECT_EQ(test::list_dir(dir.path()), before);

    // The library itself reports it as a DataError, before creating any file.
    const ArchiveData archive = read_archive(dir.file("a.h5"));
    EXPECT_THROW(write_latest_geojson(archive, load_zones(dir.file("zones.geojson"), "id"),
                                      dir.file("m.geojson")),
                 DataError);
    EXPECT_EQ(test::list_dir(dir.path()), before);

    // The recorded zones file is gone and no --zones given: say to pass --zones.
    const auto gone = run_export(dir.file("lost.h5") + " --geojson " + dir.file("m.geojson"));
    EXPECT_EQ(gone.status, 2) << gone.output;
    EXPECT_EQ(line_count(gone.output), 1) << gone.output;
    EXPECT_NE(gone.output.find("nowhere.geojson"), std::string::npos) << gone.output;
    EXPECT_NE(gone.output.find("pass --zones"), std::string::npos) << gone.output;

    // Not an archive.
    const auto unreadable = run_export(dir.file("zones.geojson") + " --csv " + dir.file("out.csv"));
    EXPECT_EQ(unreadable.status, 2) << unreadable.output;
    EXPECT_NE(unreadable.output.find("is not an HDF5 file, so not an archive sezu wrote"),
              std::string::npos)
        << unreadable.output;
    EXPECT_EQ(test::list_dir(dir.path()), before);
}

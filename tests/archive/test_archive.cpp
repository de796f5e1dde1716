#include "sezu/archive/archive.hpp"
#include "sezu/core/error.hpp"
#include "sezu/core/temp_file.hpp"

#include "test_support.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>

using namespace sezu;

namespace {

MonthResult ok_month(int yyyymm, std::size_t zones, double base)
{
    MonthResult r;
    r.month = YearMonth(yyyymm / 100, yyyymm % 100);
    r.status = MonthStatus::Ok;
    for (std::size_t z = 0; z < zones; ++z) {
        ZoneStats s;
        s.count = 10 + double(z);
        s.sum = base + double(z);
        s.mean = s.sum / s.count;
        s.min = -0.25;
        s.max = base;
        r.stats.push_back(s);
    }
    r.tiles.push_back({"75N180W", "SVDNB_npp_x_75N180W.tgz", "201702011200", 1234, "ab12"});
    return r;
}

RunProvenance provenance()
{
    RunProvenance p;
    p.source = "file:///m/{YYYY}/{YYYYMM}/{cfg}/";
    p.pixel_rule = "exact";
    p.zones_source = "z.geojson";
    p.zones_fingerprint = "abc123";
    p.config_json = "{}";
    p.sezu_version = "0.1.0";
    p.created = "2026-01-01T00:00:00Z";
    return p;
}

} // namespace

TEST(Archive, RoundTripsNumbersStatusAndProvenance)
{
    test::TempDir dir;
    const std::string path = dir.file("a.h5");
    MonthResult failed;
    failed.month = YearMonth(2017, 2);
    failed.status = MonthStatus::Failed;
    failed.reason = "fetch: HTTP 503 for http://x (201702, 00N060E)";
    // Given out of order: the archive stores months sorted.
    write_archive(path, {"a", "b", "c"}, {ok_month(201703, 3, 7.5), failed, ok_month(201701, 3, 2.25)},
                  provenance(), {"Alpha zone", "", "Gamma"});
    const ArchiveData a = read_archive(path);
    ASSERT_EQ(a.months.size(), 3u);
    EXPECT_EQ(a.months[0], YearMonth(2017, 1));
    EXPECT_EQ(a.months[2], YearMonth(2017, 3));
    EXPECT_EQ(a.zone_ids, (std::vector<std::string>{"a", "b", "c"}));
    EXPECT_EQ(a.zone_names, (std::vector<std::string>{"Alpha zone", "", "Gamma"}));
    EXPECT_EQ(a.status[1], MonthStatus::Failed);
    EXPECT_EQ(a.reasons[1], failed.reason);
    EXPECT_EQ(a.reasons[0], "");
    EXPECT_DOUBLE_EQ(a.at("sum_of_lights", 0, 2), 4.25);
    EXPECT_DOUBLE_EQ(a.at("sum_of_lights", 2, 1), 8.5);
    EXPECT_DOUBLE_EQ(a.at("radiance_min", 2, 1), -0.25);
    EXPECT_TRUE(std::isnan(a.at("sum_of_lights", 1, 0))) << "a failed month has no numbers";
    EXPECT_EQ(a.tiles[0].size(), 1u);
    EXPECT_EQ(a.tiles[0][0].bytes, 1234);
    EXPECT_EQ(a.tiles[0][0].sha256, "ab12");
    EXPECT_EQ(a.tiles[1].size(), 0u);
    EXPECT_EQ(a.provenance.zones_fingerprint, "abc123");
    EXPECT_EQ(a.provenance.source, "file:///m/{YYYY}/{YYYYMM}/{cfg}/");
    // No temporary file is left beside it.
    int files = 0;
    for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir.path()))
        ++files;
    EXPECT_EQ(files, 1);
}

// EOG's 2022-07 (partial) and 2022-08 (NOAA-20 only) in a Suomi NPP run: each month's satellite
// and days are kept, and the months that differ from the run's are told apart.
TEST(Archive, KeepsEachMonthsSatelliteAndDays)
{
    test::TempDir dir;
    const std::string path = dir.file("a.h5");
    MonthResult july = ok_month(202207, 1, 1.0), august = ok_month(202208, 1, 2.0);
    july.satellite = "npp";
    july.first_day = 20220701;
    july.last_day = 20220726;
    august.satellite = "j01";
    august.first_day = 20220801;
    august.last_day = 20220831;
    MonthResult september;
    september.month = YearMonth(2022, 9);
    september.status = MonthStatus::NotPublished;
    RunProvenance prov = provenance();
    prov.satellite = "npp";
    write_archive(path, {"z"}, {july, august, september}, prov);
    const ArchiveData a = read_archive(path);
    EXPECT_EQ(a.provenance.satellite, "npp");
    EXPECT_EQ(a.satellites, (std::vector<std::string>{"npp", "j01", ""}));
    EXPECT_EQ(a.first_days, (std::vector<int>{20220701, 20220801, 0}));
    EXPECT_EQ(a.last_days, (std::vector<int>{20220726, 20220831, 0}));
    EXPECT_TRUE(a.partial(0));
    EXPECT_EQ(a.partial_days(0), "20220701-20220726");
    EXPECT_FALSE(a.partial(1));
    EXPECT_FALSE(a.partial(2)); // no files: nothing known, not partial
    EXPECT_EQ(a.partial_days(1), "");
    EXPECT_EQ(a.other_satellite(0), "");
    EXPECT_EQ(a.other_satellite(1), "j01");
    EXPECT_EQ(a.other_satellite(2), "");
    // Carried into the next version of the archive (a resumed run) as they were.
    const auto again = results_from(a);
    EXPECT_EQ(again[0].satellite, "npp");
    EXPECT_EQ(again[0].last_day, 20220726);
    EXPECT_TRUE(again[0].partial());
    EXPECT_EQ(again[1].satellite, "j01");

    // An archive made in memory without them (older code paths, tests) reads as whole months.
    ArchiveData bare = a;
    bare.satellites.clear();
    bare.first_days.clear();
    bare.last_days.clear();
    EXPECT_FALSE(bare.partial(0));
    EXPECT_EQ(bare.satellite(1), "");
    EXPECT_EQ(bare.other_satellite(1), "");
}

TEST(Archive, NetcdfDimensionsAreVisibleToH5dump)
{
    test::TempDir dir;
    const std::string path = dir.file("a.h5");
    write_archive(path, {"z1", "z2"}, {ok_month(201701, 2, 1.0)}, provenance());
    const auto dump = test::run_command("h5dump -A " + path);
    ASSERT_EQ(dump.status, 0) << dump.output;
    EXPECT_NE(dump.output.find("DIMENSION_LIST"), std::string::npos);
    EXPECT_NE(dump.output.find("days since 1970-01-01"), std::string::npos);
    EXPECT_NE(dump.output.find("CLASS"), std::string::npos);
}

TEST(Archive, ReplacingAnArchiveIsAtomic)
{
    test::TempDir dir;
    const std::string path = dir.file("a.h5");
    write_archive(path, {"z"}, {ok_month(201701, 1, 1.0)}, provenance());
    write_archive(path, {"z"}, {ok_month(201701, 1, 1.0), ok_month(201702, 1, 2.0)}, provenance());
    EXPECT_EQ(read_archive(path).months.size(), 2u);
}

TEST(Archive, ErrorsNameTheFile)
{
    test::TempDir dir;
    // A file the user names that is not an archive is bad input (exit 2), not an archive error.
    EXPECT_THROW(read_archive(dir.file("missing.h5")), ConfigError);
    const std::string junk = dir.file("junk.h5");
    std::ofstream(junk) << "not hdf5";
    try {
        read_archive(junk);
        FAIL();
    } catch (const ConfigError& e) {
        EXPECT_NE(std::string(e.what()).find("junk.h5"), std::string::npos) << e.what();
    }
    EXPECT_THROW(check_output_writable(dir.path()), ConfigError);              // a directory
    EXPECT_THROW(check_output_writable(dir.file("no/such/dir/a.h5")), ConfigError);
    EXPECT_NO_THROW(check_output_writable(dir.file("fine.h5")));
}

TEST(Archive, AnOutputPathIsFollowedThroughItsSymlinks)
{
    namespace fs = std::filesystem;
    test::TempDir dir;
    fs::create_directories(dir.file("real"));
    fs::create_directories(dir.file("links"));
    // Plain paths are kept as given; a chain of links (relative to their own folders, the last
    // one pointing at a file not made yet) ends at its target.
    EXPECT_EQ(resolve_output_path(dir.file("links/plain.h5")), dir.file("links/plain.h5"));
    fs::create_symlink("../real/a.h5", dir.file("links/first.h5"));
    fs::create_symlink("first.h5", dir.file("links/second.h5"));
    EXPECT_EQ(resolve_output_path(dir.file("links/second.h5")),
              fs::weakly_canonical(dir.file("real/a.h5")).string());
    fs::create_symlink("loop-b.h5", dir.file("links/loop-a.h5"));
    fs::create_symlink("loop-a.h5", dir.file("links/loop-b.h5"));
    EXPECT_THROW(resolve_output_path(dir.file("links/loop-a.h5")), ConfigError);

    // The archive written through the chain lands at the target; the links stay links, and no
    // temporary stays anywhere.
    write_archive(dir.file("links/second.h5"), {"z"}, {ok_month(201701, 1, 1.0)}, provenance());
    EXPECT_TRUE(fs::is_symlink(dir.file("links/second.h5")));
    EXPECT_EQ(read_archive(dir.file("real/a.h5")).months.size(), 1u);
    EXPECT_EQ(test::list_dir(dir.file("real")), std::vector<std::string>{"a.h5"});
    EXPECT_EQ(test::list_dir(dir.file("links")),
              (std::vector<std::string>{"first.h5", "loop-a.h5", "loop-b.h5", "second.h5"}));
}

namespace {

ZoneChip chip_of(long cols, long rows, float base)
{
    ZoneChip c;
    c.cols = cols;
    c.rows = rows;
    c.factor = 2;
    c.west = -60.0;
    c.north = 1.0;
    c.east = c.west + double(cols) * 2 / 240;
    c.south = c.north - double(rows) * 2 / 240;
    for (long i = 0; i < cols * rows; ++i)
        c.radiance.push_back(i == 1 ? NAN : base + float(i) * 0.25f);
    return c;
}

} // namespace

// The archive keeps the chips of the newest ok month, in their own group, and gives them back
// with that month (so a resumed run carries them into the next version).
TEST(Archive, ChipsOfTheNewestOkMonthRoundTrip)
{
    test::TempDir dir;
    const std::string path = dir.file("a.h5");
    MonthResult older = ok_month(201701, 3, 1.0), newer = ok_month(201703, 3, 2.0);
    older.chips = {chip_of(3, 2, 1.0f), chip_of(1, 1, 5.0f), ZoneChip{}};
    newer.chips = {chip_of(4, 3, 9.0f), ZoneChip{}, chip_of(2, 5, -0.5f)};
    MonthResult failed;
    failed.month = YearMonth(2017, 4);
    failed.reason = "fetch: HTTP 503";
    write_archive(path, {"a", "b", "c"}, {newer, failed, older}, provenance());
    const ArchiveData a = read_archive(path);
    ASSERT_TRUE(a.chips_month);
    EXPECT_EQ(*a.chips_month, YearMonth(2017, 3));
    EXPECT_EQ(a.chips, newer.chips);
    EXPECT_TRUE(std::isnan(a.chips[0].radiance[1]));
    const auto back = results_from(a);
    EXPECT_TRUE(back[0].chips.empty());
    EXPECT_EQ(back[1].chips, newer.chips);
    // Written again from what was read: the same chips.
    write_archive(dir.file("b.h5"), a.zone_ids, back, provenance());
    EXPECT_EQ(read_archive(dir.file("b.h5")).chips, newer.chips);

    // An archive without chips (before sezu took them) reads as none.
    write_archive(dir.file("c.h5"), {"a", "b", "c"}, {ok_month(201701, 3, 1.0)}, provenance());
    const ArchiveData c = read_archive(dir.file("c.h5"));
    EXPECT_TRUE(c.chips.empty());
    EXPECT_FALSE(c.chips_month);
    const auto dump = test::run_command("h5ls -r " + path);
    EXPECT_NE(dump.output.find("/chips/radiance"), std::string::npos) << dump.output;
}

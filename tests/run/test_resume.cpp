// Resume, crash safety and failure isolation of `sezu run`, end to end with the real binary:
// runs are killed at random instants and rerun; a month with a corrupt tile fails alone; the
// archive opens in xarray and netCDF4.
#include "sezu/archive/archive.hpp"
#include "sezu/mirror/mirror.hpp"

#include "mirror_truth.hpp"
#include "shared_dir_suite.hpp"
#include "test_support.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

using namespace sezu;
namespace fs = std::filesystem;

namespace {

constexpr int kScale = test::kMirrorJobScale;

class Resume : public test::SharedDirSuite<Resume> {
public:
    static void prepare(const test::TempDir& dir)
    {
        const auto r =
            sezu_cmd("mirror -q --out " + dir.file("mirror") +
                     " --span-start 201705 --span-end 201710 --scale " + std::to_string(kScale));
        ASSERT_EQ(r.status, 0) << r.output;
        const MirrorModel model = default_model(kScale);
        test::write_zones_geojson(dir.file("zones.geojson"), {"city0", "city1", "corner"},
                                  {test::window_wkt(model.city_window(0), kScale),
                                   test::window_wkt(model.city_window(1), kScale),
                                   test::window_wkt(test::four_tile_corner(kScale), kScale)});
        test::write_zones_geojson(dir.file("other.geojson"), {"corner"},
                                  {test::window_wkt(test::four_tile_corner(kScale), kScale)});
        // The reference: one uninterrupted run.
        const auto ref = run(1, "-o " + dir.file("reference.h5"), "201705", "201710");
        ASSERT_EQ(ref.status, 0) << ref.output;
    }

protected:
    /// The arguments of `sezu run` over months start..end of the folder's mirror (or the
    /// mirror in folder `mirror`), zones and cache (files of the shared folder), then `extra`.
    static std::string run_args(const std::string& extra, const std::string& start,
                                const std::string& end, const std::string& cache = "cache",
                                const std::string& zones = "zones.geojson",
                                const std::string& mirror = "mirror")
    {
        return "run --source " + s_dir->file(mirror) + "/{YYYY}/{YYYYMM}/{cfg}/ --zones " +
               s_dir->file(zones) + " --id-field zone_id --cache-dir " + s_dir->file(cache) +
               " --span-start " + start + " --span-end " + end + " " + extra;
    }
    static test::CommandResult run(int ranks, const std::string& extra, const std::string& start,
                                   const std::string& end)
    {
        return mpirun(ranks, run_args(extra, start, end));
    }
    // Every month of `a` that is ok has exactly the reference's numbers.
    static void expect_matches_reference(const ArchiveData& a)
    {
        const ArchiveData ref = read_archive(s_dir->file("reference.h5"));
        for (size_t m = 0; m < a.months.size(); ++m) {
            if (a.status[m] != MonthStatus::Ok)
                continue;
            const auto it = std::find(ref.months.begin(), ref.months.end(), a.months[m]);
            ASSERT_NE(it, ref.months.end());
            const size_t rm = size_t(it - ref.months.begin());
            for (const auto& [name, values] : a.stats)
                for (size_t z = 0; z < a.zone_ids.size(); ++z) {
                    const double x = a.at(name, m, z), y = ref.at(name, rm, z);
                    if (!(std::isnan(x) && std::isnan(y))) {
                        EXPECT_EQ(x, y) << name << " " << a.months[m] << " zone " << z;
                    }
                }
        }
    }
};

} // namespace

TEST_F(Resume, RerunSkipsOkMonthsAndAppendsNewOnes)
{
    const std::string out = s_dir->file("grow.h5");
    auto first = run(2, "-o " + out, "201705", "201706");
    ASSERT_EQ(first.status, 0) << first.output;
    const ArchiveData before = read_archive(out);
    ASSERT_TRUE(before.chips_month);
    EXPECT_EQ(*before.chips_month, YearMonth(2017, 6));
    auto second = run(2, "-o " + out, "201705", "201708");
    ASSERT_EQ(second.status, 0) << second.output;
    const ArchiveData a = read_archive(out);
    ASSERT_EQ(a.months.size(), 4u);
    expect_matches_reference(a);
    // The chips follow the newest ok month (the months appended), and stay when a rerun does
    // only older months or none.
    ASSERT_TRUE(a.chips_month);
    EXPECT_EQ(*a.chips_month, YearMonth(2017, 8));
    EXPECT_NE(a.chips, before.chips);
    EXPECT_EQ(a.chips.size(), 3u);
    // A rerun of a finished span does no month again.
    const auto again = run(2, "-o " + out, "201705", "201708");
    ASSERT_EQ(again.status, 0) << again.output;
    EXPECT_NE(again.output.find("0 to do, 4 kept"), std::string::npos) << again.output;
    // A narrower span keeps the months outside it.
    ASSERT_EQ(run(1, "-o " + out, "201706", "201706").status, 0);
    const ArchiveData narrower = read_archive(out);
    EXPECT_EQ(narrower.months.size(), 4u);
    EXPECT_EQ(narrower.chips_month, a.chips_month);
    EXPECT_EQ(narrower.chips, a.chips);
}

TEST_F(Resume, RefusesToMixOtherZonesOrRulesUnlessAskedForANewArchive)
{
    const std::string out = s_dir->file("mix.h5");
    ASSERT_EQ(run(1, "-o " + out, "201705", "201705").status, 0);
    const auto other_zones =
        sezu_cmd(run_args("-q -o " + out, "201705", "201705", "cache", "other.geojson"));
    EXPECT_EQ(other_zones.status, 2) << other_zones.output;
    EXPECT_NE(other_zones.output.find("other zones"), std::string::npos) << other_zones.output;
    const auto other_rule = run(1, "-o " + out + " --rule center", "201705", "201705");
    EXPECT_EQ(other_rule.status, 2) << other_rule.output;
    EXPECT_NE(other_rule.output.find("--new-archive"), std::string::npos) << other_rule.output;
    EXPECT_EQ(read_archive(out).provenance.pixel_rule, "exact") << "the old archive is untouched";
    for (const char* other : {"--zero-is-nodata", "--lit-threshold 2"}) {
        const auto other_stats = run(1, "-o " + out + " " + other, "201705", "201705");
        EXPECT_EQ(other_stats.status, 2) << other << "\n" << other_stats.output;
        EXPECT_NE(other_stats.output.find("was made with lit_threshold=0.5 zero_is_nodata=false"),
                  std::string::npos)
            << other_stats.output;
    }
    EXPECT_EQ(read_archive(out).provenance.stats_options, "lit_threshold=0.5 zero_is_nodata=false");
    const auto fresh = run(1, "-o " + out + " --rule center --new-archive", "201705", "201705");
    EXPECT_EQ(fresh.status, 0) << fresh.output;
    EXPECT_EQ(read_archive(out).provenance.pixel_rule, "center");
}

TEST_F(Resume, KilledAtRandomInstantsThenRerunGivesTheUninterruptedNumbers)
{
    const std::string out = s_dir->file("killed.h5");
    std::mt19937 rng(20261125);
    std::uniform_int_distribution<int> delay_ms(100, 900); // a whole run takes about 1 s here
    int interrupted = 0;
    for (int attempt = 0; attempt < 6; ++attempt) {
        const int ms = delay_ms(rng);
        // A new session so that SIGKILL reaches mpirun and every rank at once.
        const std::string cmd =
            "setsid " +
            test::mpirun_command(2, run_args("-o " + out + " --checkpoint-seconds 0", "201705",
                                             "201710", "cache-kill")) +
            " >/dev/null 2>&1 & pid=$!; sleep " + std::to_string(ms / 1000.0) +
            "; kill -9 -- -$pid 2>/dev/null && echo killed; wait $pid; true";
        const auto r = test::run_command("bash -c '" + cmd + "'");
        interrupted += r.output.find("killed") != std::string::npos;
        // Whatever instant it died at, the archive is absent or whole, and right.
        if (fs::exists(out)) {
            ArchiveData a;
            ASSERT_NO_THROW(a = read_archive(out)) << "after a kill at " << ms << " ms";
            expect_matches_reference(a);
        }
    }
    EXPECT_GT(interrupted, 0) << "no run was actually interrupted; the test proves nothing";
    const auto final_run = run(2, "-o " + out + " --checkpoint-seconds 0", "201705", "201710");
    ASSERT_EQ(final_run.status, 0) << final_run.output;
    const ArchiveData a = read_archive(out);
    ASSERT_EQ(a.months.size(), 6u);
    for (auto s : a.status)
        EXPECT_EQ(s, MonthStatus::Ok);
    expect_matches_reference(a);
    for (const auto& e : fs::directory_iterator(s_dir->path()))
        EXPECT_EQ(e.path().filename().string().find("killed.h5.tmp-"), std::string::npos)
            << "stale temporary archive left: " << e.path();
}

TEST_F(Resume, AMonthWithACorruptTileFailsAloneAndIsRetriedLater)
{
    // A private copy of the mirror with one archive of 201707 cut in half.
    const std::string mirror = s_dir->file("mirror-corrupt");
    fs::copy(s_dir->file("mirror"), mirror, fs::copy_options::recursive);
    std::string victim;
    for (const auto& e : fs::directory_iterator(mirror + "/2017/201707/vcmcfg"))
        if (e.path().extension() == ".tgz" && e.path().string().find("00N060W") != std::string::npos)
            victim = e.path().string();
    ASSERT_FALSE(victim.empty());
    const std::string backup = victim + ".orig";
    fs::copy_file(victim, backup);
    fs::resize_file(victim, fs::file_size(victim) / 2);

    const std::string out = s_dir->file("corrupt.h5");
    const std::string args = run_args("-q -o " + out, "201706", "201708", "cache-corrupt",
                                      "zones.geojson", "mirror-corrupt");
    const auto bad = mpirun(2, args);
    EXPECT_EQ(bad.status, 1) << bad.output;
    ArchiveData a = read_archive(out);
    ASSERT_EQ(a.months.size(), 3u);
    EXPECT_EQ(a.status[0], MonthStatus::Ok);
    EXPECT_EQ(a.status[1], MonthStatus::Failed);
    EXPECT_NE(a.reasons[1].find("00N060W"), std::string::npos) << a.reasons[1];
    EXPECT_EQ(a.status[2], MonthStatus::Ok);
    EXPECT_TRUE(std::isnan(a.at("sum_of_lights", 1, 0)));
    expect_matches_reference(a);
    // The local source is read in place: its bad file is the user's, reported and left as it
    // is (nothing copied into the cache).
    EXPECT_NE(a.reasons[1].find("the source's own file, left as it is"), std::string::npos)
        << a.reasons[1];
    EXPECT_EQ(fs::file_size(victim), fs::file_size(backup) / 2);
    const std::string cached =
        s_dir->file("cache-corrupt") + "/" + fs::path(victim).filename().string();
    EXPECT_FALSE(fs::exists(cached));
    // Copied into the cache (--copy-local-source), the bad copy is dropped from the cache, so
    // that the rerun fetches it again.
    const auto copied = mpirun(2, args + " --copy-local-source");
    EXPECT_EQ(copied.status, 1) << copied.output;
    a = read_archive(out);
    EXPECT_NE(a.reasons[1].find("removed from the cache"), std::string::npos) << a.reasons[1];
    EXPECT_FALSE(fs::exists(cached));
    EXPECT_TRUE(fs::exists(victim));
    fs::rename(backup, victim);
    const auto good = mpirun(2, args);
    EXPECT_EQ(good.status, 0) << good.output;
    a = read_archive(out);
    EXPECT_EQ(a.status[1], MonthStatus::Ok);
    expect_matches_reference(a);
}

TEST_F(Resume, XarrayAndNetcdf4OpenTheArchiveWithoutWarnings)
{
    const std::string path = s_dir->file("reference.h5");
    const ArchiveData a = read_archive(path);
    const std::string script = s_dir->file("open.py");
    std::ofstream(script) << R"(import sys, warnings
warnings.simplefilter("error")
import xarray as xr, netCDF4
path = sys.argv[1]
ds = xr.open_dataset(path, engine="h5netcdf")
assert ds["sum_of_lights"].dims == ("month", "zone"), ds["sum_of_lights"].dims
assert str(ds["month"].values[0])[:10] == "2017-05-01", ds["month"].values[0]
print("xarray %.17g" % float(ds["sum_of_lights"].isel(month=2, zone=1)))
nc = netCDF4.Dataset(path)
assert nc["sum_of_lights"].dimensions == ("month", "zone"), nc["sum_of_lights"].dimensions
print("netcdf4 %.17g" % float(nc["sum_of_lights"][2, 1]))
print("first SOL of city1 %.6g" % float(ds["sum_of_lights"].isel(month=0, zone=1)))
print("zone " + str(nc["zone"][1]))
chips = xr.open_dataset(path, engine="h5netcdf", group="chips")
print("chips %d zones of %d" % (chips["rows"].size, chips.attrs["yyyymm"]))
)";
    // Debian's python3 (with python3-xarray, python3-netcdf4), not a python3 earlier on PATH.
    const auto r = test::run_command("/usr/bin/python3 " + script + " " + path);
    ASSERT_EQ(r.status, 0) << r.output;
    char expected[64];
    std::snprintf(expected, sizeof expected, "%.17g", a.at("sum_of_lights", 2, 1));
    EXPECT_NE(r.output.find(std::string("xarray ") + expected), std::string::npos) << r.output;
    EXPECT_NE(r.output.find(std::string("netcdf4 ") + expected), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("zone city1"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("chips 3 zones of 201710"), std::string::npos) << r.output;
    // The value xarray reads is the one sezu printed in its summary (a rerun prints it again).
    const auto printed = run(1, "-o " + path, "201705", "201710");
    ASSERT_EQ(printed.status, 0) << printed.output;
    const size_t row = printed.output.find("\ncity1 ");
    ASSERT_NE(row, std::string::npos) << printed.output;
    std::istringstream fields(printed.output.substr(row + 1));
    std::string zone, months, first_sol;
    fields >> zone >> months >> first_sol;
    EXPECT_NE(r.output.find("first SOL of city1 " + first_sol + "\n"), std::string::npos)
        << "sezu printed " << first_sol << "\n" << r.output;
}

TEST_F(Resume, SpanEndLatestIsTheNewestCompleteMonthOnTheSource)
{
    const std::string out = s_dir->file("latest.h5");
    const auto r = run(2, "-o " + out, "201709", "latest");
    ASSERT_EQ(r.status, 0) << r.output;
    EXPECT_NE(r.output.find("newest complete month on the source is 201710"), std::string::npos)
        << r.output;
    const ArchiveData a = read_archive(out);
    ASSERT_EQ(a.months.size(), 2u);
    EXPECT_EQ(a.months.back(), YearMonth(2017, 10));
    expect_matches_reference(a);
}

TEST_F(Resume, TwoConcurrentRunsSharingACacheNeitherCorruptNorDoubleDownload)
{
    // Two separate jobs (different archives) start at the same time on one cache directory.
    const std::string a = s_dir->file("shared-a.h5"), b = s_dir->file("shared-b.h5");
    // The mirror is local: --copy-local-source makes its archives downloads into the cache.
    const auto shared_run = [&](const std::string& out) {
        return test::mpirun_command(
            1, run_args("-v --copy-local-source -o " + out, "201705", "201710", "cache-shared"));
    };
    const std::string cmd = shared_run(a) + " > " + s_dir->file("a.log") + " 2>&1 & " +
                            shared_run(b) + " > " + s_dir->file("b.log") + " 2>&1; wait";
    const auto r = test::run_command("bash -c '" + cmd + "'");
    ASSERT_EQ(r.status, 0) << r.output;
    // Every month's 6 archives were transferred once in all: what one run fetched (for the
    // month in hand, "have 6 tiles (k from cache)", or ahead of it, "fetched ahead (k
    // downloaded)"), the other found in the cache.
    const std::string logs = test::read_text(s_dir->file("a.log")) + test::read_text(s_dir->file("b.log"));
    const auto numbers_after = [&](const std::string& marker) {
        std::vector<int> found;
        for (size_t p = logs.find(marker); p != std::string::npos; p = logs.find(marker, p + 1))
            found.push_back(std::atoi(logs.c_str() + p + marker.size()));
        return found;
    };
    const std::vector<int> from_cache = numbers_after("have 6 tiles (");
    ASSERT_EQ(from_cache.size(), 12u) << logs;
    int downloads = 0;
    for (const int k : from_cache)
        downloads += 6 - k;
    for (const int k : numbers_after("fetched ahead ("))
        downloads += k;
    EXPECT_EQ(downloads, 6 * 6) << "each archive must be downloaded exactly once\n" << logs;
    expect_matches_reference(read_archive(a));
    expect_matches_reference(read_archive(b));
    EXPECT_EQ(read_archive(a).months.size(), 6u);
    // Nothing half-written was left in the cache.
    for (const auto& e : fs::directory_iterator(s_dir->file("cache-shared")))
        EXPECT_EQ(e.path().string().find(".part"), std::string::npos) << e.path();
}

// Settings a product rules out are bad input for every command that takes a config: exit 2
// with one message, before any listing is read, download made or archive touched; `sezu run`
// and `sezu discover` say the same thing.
#include "test_support.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

using namespace sezu;
namespace fs = std::filesystem;

namespace {

struct Refusal {
    std::string flags;  // besides zones, output, cache and an unreachable source
    std::string says;   // in the message
};

const std::vector<Refusal> kRefusals = {
    {"--product vnp46a3 --variable Bogus --span-start 201901 --span-end 201902",
     "'Bogus' is not a radiance layer of VNP46A3; choose one of AllAngle_Composite_Snow_Free, "
     "AllAngle_Composite_Snow_Covered, NearNadir_Composite_Snow_Free, "
     "NearNadir_Composite_Snow_Covered, OffNadir_Composite_Snow_Free, "
     "OffNadir_Composite_Snow_Covered"},
    {"--variable NearNadir_Composite_Snow_Free --span-start 201901 --span-end 201902",
     "means nothing for eog-monthly"},
    {"--product vnp46a3 --satellite j01 --span-start 201901 --span-end 201902",
     "use --product vj146a3, or --satellite auto"},
    {"--product vj146a3 --span-start 201712 --span-end 201802",
     "vj146a3 (NOAA-20) starts in 2018-01"},
    {"--product vnp46a3 --satellite xyz --span-start 201901 --span-end 201902",
     "satellite: 'xyz' is unknown"},
    {"--satellite xyz --span-start 201901 --span-end 201902", "satellite: 'xyz' is unknown"},
    {"--satellite xyz --span-start 201901 --span-end latest", "satellite: 'xyz' is unknown"},
};

} // namespace

TEST(ProductCli, RunAndDiscoverRefuseWhatTheProductRulesOutWithOneMessage)
{
    test::allow_mpirun();
    test::TempDir dir;
    test::write_zones_geojson(dir.file("zones.geojson"), {"Z1"},
                              {"POLYGON((3 6,4 6,4 7,3 7,3 6))"});
    // Port 9 on the loopback answers nothing: a command that got as far as the source fails
    // with another message (and another exit code).
    const std::string common = " --zones " + dir.file("zones.geojson") + " --cache-dir " +
                               dir.file("cache") + " --source http://127.0.0.1:9/{YYYY}/ ";
    for (const Refusal& r : kRefusals) {
        const auto run = test::run_command(
            test::mpirun_command(1, "run" + common + r.flags + " -o " + dir.file("out.h5")));
        EXPECT_EQ(run.status, 2) << r.flags << "\n" << run.output;
        EXPECT_EQ(test::occurrences(run.output, r.says), 1u) << r.flags << "\n" << run.output;
        const auto discover =
            test::run_command(test::sezu_command("discover" + common + r.flags));
        EXPECT_EQ(discover.status, 2) << r.flags << "\n" << discover.output;
        EXPECT_EQ(test::occurrences(discover.output, r.says), 1u)
            << r.flags << "\n" << discover.output;
        EXPECT_FALSE(fs::exists(dir.file("out.h5"))) << r.flags;
        EXPECT_FALSE(fs::exists(dir.file("cache"))) << r.flags;
    }
}

TEST(ProductCli, TheBlackMarbleMirrorHasOnlyWhatNasaCouldPublish)
{
    test::TempDir dir;
    for (const Refusal& r :
         {Refusal{"--product vj146a3 --span-start 201712 --span-end 201801",
                  "vj146a3 (NOAA-20) starts in 2018-01"},
          Refusal{"--product vnp46a3 --satellite j01 --span-start 201901 --span-end 201901",
                  "use --product vj146a3, or --satellite auto"}}) {
        const auto m = test::run_command(
            test::sezu_command("mirror --scale 240 --out " + dir.file("m") + " " + r.flags));
        EXPECT_EQ(m.status, 2) << r.flags << "\n" << m.output;
        EXPECT_EQ(test::occurrences(m.output, r.says), 1u) << r.flags << "\n" << m.output;
        EXPECT_FALSE(fs::exists(dir.file("m"))) << r.flags;
    }
}

TEST(ProductCli, ABrokenConfigFileIsRefusedAlikeByRunAndDiscover)
{
    test::allow_mpirun();
    test::TempDir dir;
    std::ofstream(dir.file("job.json"))
        << R"({"options": {"spanStart": "201901", "spanEnd": "201902"}, "product": "vnp46a3",
              "satelite": "j01", "zones": "z.geojson"})";
    const auto run = test::run_command(
        test::mpirun_command(1, "run -c " + dir.file("job.json") + " -o " + dir.file("o.h5")));
    const auto discover =
        test::run_command(test::sezu_command("discover -c " + dir.file("job.json")));
    for (const auto* r : {&run, &discover}) {
        EXPECT_EQ(r->status, 2) << r->output;
        EXPECT_EQ(test::occurrences(r->output, "unknown key \"satelite\""), 1u) << r->output;
    }
}

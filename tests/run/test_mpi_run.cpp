// The driver under real MPI (registered with mpiexec -n 1, 2, 3 by CTest): a run over the
// built-in mirror gives the numbers the mirror was generated with, and the same numbers as a
// single-process run.
#include "sezu/archive/archive.hpp"
#include "sezu/run/comm.hpp"
#include "sezu/run/driver.hpp"
#include "sezu/mirror/mirror.hpp"

#include "mirror_truth.hpp"
#include "test_support.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>

using namespace sezu;
namespace fs = std::filesystem;

namespace {

Comm* g_comm = nullptr;
std::string g_work;
constexpr int kScale = 60;

Config job(const std::string& output, const std::string& zones)
{
    Config c;
    c.span_start = "201708";
    c.span_end = "201710";
    c.source = mirror_source_template(g_work + "/mirror");
    c.zones = zones;
    c.id_field = "zone_id";
    c.output = output;
    c.cache_dir = g_work + "/cache";
    c.rule = PixelRule::Exact;
    return c;
}

} // namespace

TEST(MpiRun, ArchiveHoldsTheMirrorsTruthAndMatchesOneProcess)
{
    Comm& comm = *g_comm;
    const MirrorModel model = default_model(kScale);
    const Window city0 = model.city_window(0);
    const Window city1 = model.city_window(1);
    const Window corner = test::four_tile_corner(kScale);
    const std::string zones = g_work + "/zones.geojson";
    if (comm.rank() == 0) {
        fs::remove_all(g_work);
        fs::create_directories(g_work);
        MirrorOptions m;
        m.out_dir = g_work + "/mirror";
        m.months = expand_span(YearMonth(2017, 8), YearMonth(2017, 10));
        m.model = model;
        write_mirror(m);
        test::write_zones_geojson(zones, {"city0", "city1", "corner"},
                                  {test::window_wkt(city0, kScale), test::window_wkt(city1, kScale),
                                   test::window_wkt(corner, kScale)});
    }
    comm.barrier();

    const std::string parallel = g_work + "/parallel.h5";
    EXPECT_EQ(run_job(job(parallel, zones), comm), kExitOk);

    if (comm.rank() == 0) {
        SerialComm serial;
        const std::string single = g_work + "/single.h5";
        ASSERT_EQ(run_job(job(single, zones), serial), kExitOk);
        const ArchiveData a = read_archive(parallel);
        const ArchiveData b = read_archive(single);
        ASSERT_EQ(a.months.size(), 3u);
        ASSERT_EQ(a.zone_ids, (std::vector<std::string>{"city0", "city1", "corner"}));
        for (const auto& [name, values] : a.stats) {
            ASSERT_EQ(values.size(), b.stats.at(name).size());
            for (size_t i = 0; i < values.size(); ++i)
                if (!(std::isnan(values[i]) && std::isnan(b.stats.at(name)[i]))) {
                    EXPECT_EQ(values[i], b.stats.at(name)[i]) << name << " " << i;
                }
        }
        for (size_t m = 0; m < a.months.size(); ++m) {
            EXPECT_EQ(a.status[m], MonthStatus::Ok) << a.reasons[m];
            for (size_t z = 0; z < 3; ++z) {
                const Window w = z == 0 ? city0 : z == 1 ? city1 : corner;
                const test::Truth t = test::truth(model, a.months[m], w);
                SCOPED_TRACE(a.months[m].to_string() + " zone " + a.zone_ids[z]);
                EXPECT_NEAR(a.at("cell_count", m, z), t.count, 1e-9 * t.count);
                EXPECT_NEAR(a.at("sum_of_lights", m, z), t.sum,
                            1e-9 * std::max(1.0, std::abs(t.sum)));
                EXPECT_EQ(a.at("radiance_min", m, z), t.min);
                EXPECT_EQ(a.at("radiance_max", m, z), t.max);
                EXPECT_NEAR(a.at("zero_cvg_fraction", m, z), t.zero_cvg / t.count, 1e-12);
            }
        }
        // City 0's core is bright at its centre and fades outward: its max is the centre cell,
        // well above its min; in the outage month the core is flat at 0.5.
        const size_t sep = 1, oct = 2;
        const long cc = city0.col + city0.cols / 2, rc = city0.row + city0.rows / 2;
        EXPECT_EQ(a.at("radiance_max", 0, 0), double(model.radiance(YearMonth(2017, 8), cc, rc)));
        EXPECT_GT(a.at("radiance_max", 0, 0), 2 * a.at("radiance_min", 0, 0));
        EXPECT_DOUBLE_EQ(a.at("radiance_mean", sep, 0), double(0.5f));
        // City 1 has no cloud-free coverage in the gap month: radiance 0, a full gap.
        EXPECT_DOUBLE_EQ(a.at("zero_cvg_fraction", oct, 1), 1.0);
        EXPECT_DOUBLE_EQ(a.at("sum_of_lights", oct, 1), 0.0);
    }
}

int main(int argc, char** argv)
{
    MpiSession mpi(argc, argv);
    auto comm = mpi.world();
    g_comm = comm.get();
    ::testing::InitGoogleTest(&argc, argv);
    if (argc < 2) {
        std::fprintf(stderr, "usage: test_mpi_run WORKDIR\n");
        return 2;
    }
    g_work = argv[1];
    if (comm->rank() != 0) {
        auto& listeners = ::testing::UnitTest::GetInstance()->listeners();
        delete listeners.Release(listeners.default_result_printer());
    }
    const int local = RUN_ALL_TESTS();
    // A failure on any rank fails the test on every rank, so mpiexec's exit code reports it.
    const bool all_ok = comm->all_true(local == 0);
    return all_ok ? 0 : 1;
}

// Resume planning: which months an existing archive keeps and which of the span are to do, and
// which archives cannot be resumed into.
#include "sezu/archive/resume_plan.hpp"
#include "sezu/core/error.hpp"

#include "test_support.hpp"

#include <gtest/gtest.h>
#include <hdf5.h>

#include <cmath>
#include <sstream>
#include <utility>

using namespace sezu;

namespace {

MonthResult month_result(int yyyymm, MonthStatus status)
{
    MonthResult r;
    r.month = YearMonth(yyyymm / 100, yyyymm % 100);
    r.status = status;
    if (status == MonthStatus::Ok) {
        for (double base : {1.5, 4.0}) {
            ZoneStats s;
            s.count = 10;
            s.sum = base * yyyymm;
            s.mean = s.sum / s.count;
            s.cv = s.nonfinite_count = NAN; // not among the default statistics: read back NaN
            r.stats.push_back(s);
        }
        r.tiles.push_back({"75N180W", "SVDNB_npp_x_75N180W.tgz", "201702011200", 1234, "ab12"});
    } else {
        r.reason = "fetch: HTTP 503";
    }
    return r;
}

// 201701, ok, with the median and 90th percentile of zones a and b.
MonthResult with_quantiles(std::pair<double, double> a, std::pair<double, double> b)
{
    MonthResult r = month_result(201701, MonthStatus::Ok);
    r.stats[0].set("radiance_median", a.first);
    r.stats[0].set("radiance_q90", a.second);
    r.stats[1].set("radiance_median", b.first);
    r.stats[1].set("radiance_q90", b.second);
    return r;
}

RunProvenance made_with(const std::string& fingerprint = "zones-1",
                        const std::string& rule = "exact",
                        const std::string& options = StatsOptions{}.describe())
{
    RunProvenance p;
    p.zones_source = "z.geojson";
    p.zones_fingerprint = fingerprint;
    p.pixel_rule = rule;
    p.stats_options = options;
    return p;
}

std::vector<YearMonth> months(std::initializer_list<int> yyyymm)
{
    std::vector<YearMonth> out;
    for (int ym : yyyymm)
        out.emplace_back(ym / 100, ym % 100);
    return out;
}

class ResumePlanning : public ::testing::Test {
protected:
    // 201701 ok, 201702 failed, 201703 ok, 201705 ok.
    void SetUp() override
    {
        write_archive(m_path, {"a", "b"},
                      {month_result(201701, MonthStatus::Ok),
                       month_result(201702, MonthStatus::Failed),
                       month_result(201705, MonthStatus::Ok),
                       month_result(201703, MonthStatus::Ok)},
                      made_with());
    }
    test::TempDir m_dir;
    std::string m_path = m_dir.file("a.h5");
};

// Gives the archive at `path` the names used until 2026-12: each table in `renames` (new, old)
// moved to its old name, and the root attribute `statistics` set to `statistics` (as such an
// archive was written; no attribute when empty, as before --stats).
void use_old_names(const std::string& path,
                   const std::vector<std::pair<std::string, std::string>>& renames,
                   const std::string& statistics)
{
    const hid_t f = H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
    ASSERT_GE(f, 0) << path;
    for (const auto& [now, old] : renames)
        ASSERT_GE(H5Lmove(f, now.c_str(), f, old.c_str(), H5P_DEFAULT, H5P_DEFAULT), 0) << now;
    ASSERT_GE(H5Adelete(f, "statistics"), 0);
    if (!statistics.empty()) {
        const hid_t type = H5Tcopy(H5T_C_S1);
        H5Tset_size(type, statistics.size());
        const hid_t space = H5Screate(H5S_SCALAR);
        const hid_t attr = H5Acreate2(f, "statistics", type, space, H5P_DEFAULT, H5P_DEFAULT);
        EXPECT_GE(H5Awrite(attr, type, statistics.c_str()), 0);
        H5Aclose(attr);
        H5Sclose(space);
        H5Tclose(type);
    }
    H5Fclose(f);
}

bool has_table(const std::string& path, const std::string& name)
{
    const hid_t f = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
    const bool found = f >= 0 && H5Lexists(f, name.c_str(), H5P_DEFAULT) > 0;
    if (f >= 0)
        H5Fclose(f);
    return found;
}

std::string refusal(const std::string& path, const RunProvenance& wanted)
{
    try {
        plan_resume(path, wanted, months({201701}), false);
    } catch (const ConfigError& e) {
        return e.what();
    }
    return "(no ConfigError)";
}

} // namespace

TEST_F(ResumePlanning, WithoutAnArchiveOrWhenReplacingEveryMonthIsToDo)
{
    const auto span = months({201701, 201702, 201703});
    EXPECT_EQ(plan_resume(m_dir.file("none.h5"), made_with(), span, false),
              (ResumePlan{{}, span}));
    EXPECT_EQ(plan_resume(m_path, made_with("other zones"), span, true), (ResumePlan{{}, span}));
}

TEST_F(ResumePlanning, KeepsOkMonthsAndMonthsOutsideTheSpanAndRedoesTheRest)
{
    const ResumePlan plan =
        plan_resume(m_path, made_with(), months({201702, 201703, 201704}), false);
    // 201702 failed and 201704 is missing: to do. 201703 was ok; 201701 and 201705 lie outside
    // the span and stay whatever they are. The failed 201702 is not kept: its new result
    // replaces it.
    const ResumePlan want{{month_result(201701, MonthStatus::Ok),
                           month_result(201703, MonthStatus::Ok),
                           month_result(201705, MonthStatus::Ok)},
                          months({201702, 201704})};
    EXPECT_EQ(plan, want);
    std::ostringstream text;
    text << plan;
    EXPECT_EQ(text.str(), "ResumePlan{todo 201702 201704, kept 201701 201703 201705}");
}

TEST_F(ResumePlanning, AFailedMonthOutsideTheSpanIsKeptAsItIs)
{
    const ResumePlan plan = plan_resume(m_path, made_with(), months({201703}), false);
    ASSERT_EQ(plan.kept.size(), 4u);
    EXPECT_EQ(plan.kept[1], month_result(201702, MonthStatus::Failed));
    EXPECT_TRUE(plan.todo.empty());
}

TEST_F(ResumePlanning, AnArchiveMadeDifferentlyIsRefusedWithTheWayOut)
{
    EXPECT_NE(refusal(m_path, made_with("zones-2")).find("was made with other zones"),
              std::string::npos);
    EXPECT_NE(refusal(m_path, made_with("zones-1", "centre")).find("pixel rule exact, not centre"),
              std::string::npos);
    StatsOptions lit;
    lit.lit_threshold = 2;
    const std::string message = refusal(m_path, made_with("zones-1", "exact", lit.describe()));
    EXPECT_NE(message.find("was made with lit_threshold=0.5"), std::string::npos) << message;
    EXPECT_NE(message.find("--new-archive"), std::string::npos) << message;
    EXPECT_NE(message.find(m_path), std::string::npos) << message;
}

TEST_F(ResumePlanning, AnArchiveFromBeforeStatsOptionsCountsAsMadeWithTheDefaults)
{
    write_archive(m_path, {"a", "b"}, {month_result(201701, MonthStatus::Ok)},
                  made_with("zones-1", "exact", ""));
    EXPECT_EQ(plan_resume(m_path, made_with(), months({201701, 201702}), false).todo,
              months({201702}));
    StatsOptions lit;
    lit.lit_threshold = 2;
    EXPECT_THROW(plan_resume(m_path, made_with("zones-1", "exact", lit.describe()),
                             months({201701}), false),
                 ConfigError);
}

TEST_F(ResumePlanning, AnArchiveKeepsItsChoiceOfStatistics)
{
    // The archive was made with the default statistics (and an old one records none): asking
    // for others is refused, naming both and how to go on.
    RunProvenance wanted = made_with();
    wanted.statistics = "cell_count,sum_of_lights,radiance_median";
    const std::string message = refusal(m_path, wanted);
    EXPECT_NE(message.find("holds the statistics cell_count,valid_count,sum_of_lights,"),
              std::string::npos)
        << message;
    EXPECT_NE(message.find("(--stats cell_count,sum_of_lights,radiance_median)"),
              std::string::npos)
        << message;
    EXPECT_NE(message.find("--new-archive"), std::string::npos) << message;
    wanted.statistics = StatSelection().describe(); // the default, spelt out: the same
    EXPECT_NO_THROW(plan_resume(m_path, wanted, months({201701}), false));

    // An archive of chosen statistics stores them (and only them), with their quantiles, and
    // resumes only with the same choice.
    RunProvenance chosen = made_with();
    chosen.statistics = "sum_of_lights,radiance_median,radiance_q90";
    const MonthResult r = with_quantiles({3.5, 7.25}, {1.0, NAN});
    const std::string path = m_dir.file("chosen.h5");
    write_archive(path, {"a", "b"}, {r}, chosen);
    const ArchiveData back = read_archive(path);
    EXPECT_EQ(back.statistics,
              (std::vector<std::string>{"sum_of_lights", "radiance_median", "radiance_q90"}));
    EXPECT_EQ(back.provenance.statistics, "sum_of_lights,radiance_median,radiance_q90");
    EXPECT_EQ(back.stats.count("radiance_mean"), 0u);
    EXPECT_EQ(back.at("radiance_median", 0, 0), 3.5);
    EXPECT_EQ(back.at("radiance_q90", 0, 0), 7.25);
    const MonthResult again = results_from(back)[0];
    EXPECT_EQ(again.stats[0].value("radiance_median"), 3.5);
    EXPECT_TRUE(std::isnan(again.stats[1].value("radiance_q90")));
    EXPECT_TRUE(std::isnan(again.stats[0].mean)); // not stored
    EXPECT_NE(refusal(path, made_with()).find(
                  "holds the statistics sum_of_lights,radiance_median,radiance_q90"),
              std::string::npos);
    EXPECT_NO_THROW(plan_resume(path, chosen, months({201701}), false));
}

TEST_F(ResumePlanning, AnArchiveWithTheOldNamesIsReadAndRewrittenWithTheNewOnes)
{
    // Chosen statistics (recorded in the attribute `statistics`), old spelling throughout.
    RunProvenance chosen = made_with();
    chosen.statistics = "sum_of_lights,radiance_mean,lit_count,radiance_median,radiance_q90";
    const MonthResult r = with_quantiles({3.5, 7.25}, {1.0, 2.0});
    const std::string path = m_dir.file("old.h5");
    write_archive(path, {"a", "b"}, {r}, chosen);
    use_old_names(path,
                  {{"sum_of_lights", "sum"},
                   {"radiance_mean", "mean"},
                   {"radiance_median", "median"},
                   {"radiance_q90", "q90"}},
                  "sum,mean,lit_count,median,q90");
    ASSERT_TRUE(has_table(path, "sum") && !has_table(path, "sum_of_lights"));

    const ArchiveData old = read_archive(path);
    EXPECT_EQ(old.statistics, (std::vector<std::string>{"sum_of_lights", "radiance_mean",
                                                        "lit_count", "radiance_median",
                                                        "radiance_q90"}));
    EXPECT_EQ(old.provenance.statistics, chosen.statistics);
    EXPECT_EQ(old.at("sum_of_lights", 0, 1), 4.0 * 201701);
    EXPECT_EQ(old.at("radiance_mean", 0, 0), 1.5 * 201701 / 10);
    EXPECT_EQ(old.at("radiance_median", 0, 0), 3.5);
    EXPECT_EQ(old.at("radiance_q90", 0, 1), 2.0);
    // Resuming with the new names (what the run asks for, whatever names its --stats used)
    // keeps the months, and the archive written next has only the new names.
    const ResumePlan plan = plan_resume(path, chosen, months({201701, 201702}), false);
    EXPECT_EQ(plan.todo, months({201702}));
    ASSERT_EQ(plan.kept.size(), 1u);
    EXPECT_EQ(plan.kept[0].stats[0].value("radiance_q90"), 7.25);
    write_archive(path, {"a", "b"}, plan.kept, chosen);
    for (const char* name : {"sum_of_lights", "radiance_mean", "lit_count", "radiance_median",
                             "radiance_q90"})
        EXPECT_TRUE(has_table(path, name)) << name;
    for (const char* name : {"sum", "mean", "median", "q90"})
        EXPECT_FALSE(has_table(path, name)) << name;
    EXPECT_EQ(read_archive(path).at("radiance_median", 0, 1), 1.0);

    // The default selection, from before --stats (no attribute) and the rename: every old name.
    const std::string plain = m_dir.file("plain.h5");
    write_archive(plain, {"a", "b"}, {month_result(201701, MonthStatus::Ok)}, made_with());
    use_old_names(plain,
                  {{"cell_count", "count"},
                   {"sum_of_lights", "sum"},
                   {"radiance_mean", "mean"},
                   {"radiance_min", "min"},
                   {"radiance_max", "max"},
                   {"radiance_std", "std"},
                   {"sum_of_lights_per_km2", "sum_per_km2"},
                   {"radiance_skew", "skew"}},
                  "");
    const ArchiveData v0 = read_archive(plain);
    EXPECT_EQ(v0.statistics, StatSelection().names());
    for (const auto& name : v0.statistics)
        EXPECT_EQ(v0.stats.count(name), 1u) << name;
    EXPECT_EQ(v0.at("cell_count", 0, 0), 10.0);
    EXPECT_EQ(v0.at("sum_of_lights", 0, 0), 1.5 * 201701);
    EXPECT_NO_THROW(plan_resume(plain, made_with(), months({201701}), false));
}

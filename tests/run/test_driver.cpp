// The driver's rank protocol: every message survives its trip between ranks, and a damaged one
// is refused with a CommError rather than misread.
#include "sezu/core/error.hpp"
#include "sezu/run/rank_messages.hpp"
#include "sezu/run/run_progress.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <sstream>

using namespace sezu;

namespace {

MonthResult ok_result()
{
    MonthResult a;
    a.month = YearMonth(2017, 9);
    a.status = MonthStatus::Ok;
    ZoneStats s;
    s.count = 12.5;
    s.sum = -3.25;
    s.mean = NAN;
    a.stats = {s, s};
    a.tiles = {{"75N060W", "f.tgz", "2017100412000", 99, "cafe"}};
    a.seconds = 1.5;
    ZoneChip chip;
    chip.rows = 1;
    chip.cols = 2;
    chip.factor = 3;
    chip.west = -1.5;
    chip.north = 2.0;
    chip.east = -1.0;
    chip.south = 1.75;
    chip.radiance = {0.25f, NAN};
    a.chips = {chip, ZoneChip{}}; // a zone outside the grid has none
    return a;
}

MonthResult incomplete_result()
{
    MonthResult b;
    b.month = YearMonth(2017, 10);
    b.status = MonthStatus::Incomplete;
    b.reason = "5 of 6 tiles; missing 00N060E";
    return b;
}

template <class M> M round_trip(const M& m)
{
    return decode<M>(encode(m));
}

template <class M> std::string refusal(const std::string& bytes)
{
    try {
        decode<M>(bytes);
    } catch (const CommError& e) {
        return e.what();
    }
    return "(no CommError)";
}

} // namespace

TEST(RankMessages, ResultsRoundTripBetweenRanks)
{
    const WorkRequest request{{ok_result(), incomplete_result()}};
    const WorkRequest back = round_trip(request);
    EXPECT_EQ(back, request); // every field, NaN statistics included
    ASSERT_EQ(back.finished.size(), 2u);
    EXPECT_DOUBLE_EQ(back.finished[0].stats[1].sum, -3.25);
    EXPECT_TRUE(std::isnan(back.finished[0].stats[1].mean));
    EXPECT_EQ(back.finished[0].tiles[0].sha256, "cafe");
    ASSERT_EQ(back.finished[0].chips.size(), 2u);
    EXPECT_EQ(back.finished[0].chips[0].radiance[0], 0.25f);
    EXPECT_EQ(back.finished[1].reason, incomplete_result().reason);
    EXPECT_EQ(round_trip(WorkRequest{}), WorkRequest{});
    EXPECT_THROW(decode<WorkRequest>(encode(WorkRequest{{ok_result()}}).substr(0, 20)),
                 CommError);
    // The statistics chosen travel too: cv, nonfinite_count and the quantiles computed.
    MonthResult chosen = ok_result();
    chosen.stats[0].cv = 0.25;
    chosen.stats[0].nonfinite_count = 1.5;
    chosen.stats[0].set("radiance_median", 2.75);
    chosen.stats[0].set("radiance_q90", NAN);
    const WorkRequest with_quantiles = round_trip(WorkRequest{{chosen}});
    EXPECT_EQ(with_quantiles, WorkRequest{{chosen}});
    EXPECT_EQ(with_quantiles.finished[0].stats[0].value("radiance_median"), 2.75);
    EXPECT_EQ(with_quantiles.finished[0].stats[0].quantiles.size(), 2u);
    EXPECT_EQ(with_quantiles.finished[0].stats[0].nonfinite_count, 1.5);
    EXPECT_TRUE(with_quantiles.finished[0].stats[1].quantiles.empty());
}

TEST(RankMessages, EveryMessageRoundTrips)
{
    const auto months = std::vector<YearMonth>{YearMonth(2012, 4), YearMonth(2019, 12)};
    EXPECT_EQ(round_trip(MonthPlan{months, {months[1]}}), (MonthPlan{months, {months[1]}}));
    EXPECT_EQ(round_trip(MonthPlan{}), MonthPlan{});
    EXPECT_EQ(round_trip(WorkAssignment{YearMonth(2020, 2)}), WorkAssignment{YearMonth(2020, 2)});
    EXPECT_EQ(round_trip(WorkAssignment{}), WorkAssignment{}); // "no more"
    EXPECT_EQ(round_trip(SetupVerdict{}), SetupVerdict{});
    // A refusal or an error may be any text, "!" and empty ones included: the old protocol
    // told them apart by a leading "!" and by emptiness.
    for (const std::string text : {"", "!", "output: x.h5 is locked", "3"}) {
        EXPECT_EQ(round_trip(SetupVerdict{text}), SetupVerdict{text});
        EXPECT_EQ(round_trip(JobVerdict{3, text}), (JobVerdict{3, text}));
    }
    EXPECT_EQ(round_trip(JobVerdict{1, std::nullopt}), (JobVerdict{1, std::nullopt}));
    EXPECT_NE(round_trip(JobVerdict{0, std::string()}), JobVerdict{});
}

TEST(RankMessages, DamagedMessagesAreRefusedNotMisread)
{
    const std::string assignment = encode(WorkAssignment{YearMonth(2020, 2)});
    EXPECT_NE(refusal<WorkAssignment>(assignment + "x").find("trailing"), std::string::npos);
    EXPECT_NE(refusal<WorkAssignment>(assignment.substr(0, 3)).find("truncated"),
              std::string::npos);
    EXPECT_NE(refusal<WorkAssignment>(std::string(1, '\2')).find("flag"), std::string::npos);
    std::string month13 = assignment;
    const std::int32_t bad = 202013;
    month13.replace(1, sizeof bad, reinterpret_cast<const char*>(&bad), sizeof bad);
    EXPECT_NE(refusal<WorkAssignment>(month13).find("the month 202013"), std::string::npos);
    // A count no message could hold is refused before anything is allocated for it.
    const std::uint64_t huge = std::uint64_t(1) << 60;
    const std::string plan(reinterpret_cast<const char*>(&huge), sizeof huge);
    EXPECT_NE(refusal<MonthPlan>(plan).find("past its end"), std::string::npos);
    EXPECT_NE(refusal<JobVerdict>(encode(MonthPlan{})).find("job verdict"), std::string::npos);
}

TEST(RankMessages, PrintReadably)
{
    std::ostringstream text;
    text << MonthPlan{{YearMonth(2017, 1), YearMonth(2017, 2)}, {YearMonth(2017, 2)}} << ' '
         << WorkAssignment{} << ' ' << JobVerdict{3, std::string("disk full")} << ' '
         << SetupVerdict{};
    EXPECT_EQ(text.str(), "MonthPlan{span 201701 201702, todo 201702} WorkAssignment{no more} "
                          "JobVerdict{exit 3, error: disk full} SetupVerdict{accepted}");
}

// The run's overall line (rank 0): months done, not ok, throughput over the last months, ETA.
TEST(RunProgress, FormatsDoneNotOkRateAndEta)
{
    EXPECT_EQ(format_run_progress(0, 72, 0, 0), "run: 0/72 months done");
    EXPECT_EQ(format_run_progress(12, 72, 1, 2.4),
              "run: 12/72 months done, 1 not ok, 2.4 months/min, ETA 25 min 0 s");
    EXPECT_EQ(format_run_progress(72, 72, 0, 3.0), "run: 72/72 months done");
}

TEST(RunProgress, PlainLinesPerIntervalAndAlwaysTheLast)
{
    using namespace std::chrono;
    std::ostringstream out;
    const auto t0 = RunProgress::Clock::time_point{};
    RunProgress p(out, StatusLine::Mode::Plain, 4, seconds(30), t0);
    MonthResult ok;
    ok.status = MonthStatus::Ok;
    MonthResult failed;
    failed.status = MonthStatus::Failed;
    p.add({ok}, t0 + seconds(10));     // not due: 10 s < 30 s
    p.add({failed}, t0 + seconds(60)); // due: 2 months in 1 min
    p.add({ok}, t0 + seconds(70));     // not due
    p.add({ok}, t0 + seconds(80));     // the last: always
    EXPECT_EQ(out.str(), "run: 2/4 months done, 1 not ok, 2 months/min, ETA 1 min 0 s\n"
                         "run: 4/4 months done, 1 not ok\n");
}

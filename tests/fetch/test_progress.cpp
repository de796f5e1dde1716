// The progress line of a month's downloads: units, rate and ETA, plain lines at most every
// interval, a live line redrawn in place, and silence when off. Made-up clocks throughout.
#include "sezu/fetch/progress.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <sstream>
#include <string>

namespace sezu {
namespace {

TEST(Progress, FormatsBytesInDecimalUnits)
{
    EXPECT_EQ(format_bytes(0), "0 B");
    EXPECT_EQ(format_bytes(999), "999 B");
    EXPECT_EQ(format_bytes(1500), "1.5 kB");
    EXPECT_EQ(format_bytes(12345678), "12.3 MB");
    EXPECT_EQ(format_bytes(3.2e9), "3.20 GB");
}

TEST(Progress, LineHasFilesBytesRateAndEta)
{
    const ProgressState s{3, 6, 12000000, 40000000};
    // 12 MB in 2 s = 6 MB/s; 28 MB left = 4.67 s, shown rounded.
    EXPECT_EQ(format_progress("201905", s, 2.0),
              "201905: 3/6 files, 12.0 MB of 40.0 MB, 6.0 MB/s, ETA 5 s");
    // Too early for a rate.
    EXPECT_EQ(format_progress("201905", s, 0.1), "201905: 3/6 files, 12.0 MB of 40.0 MB");
    EXPECT_EQ(format_progress("", ProgressState{0, 6, 0, -1}, 3.0), "0/6 files, 0 B, 0 B/s");
    // 180 MB left at 1 MB/s.
    EXPECT_EQ(format_progress("m", ProgressState{1, 6, 1000000, 181000000}, 1.0),
              "m: 1/6 files, 1.0 MB of 181.0 MB, 1.0 MB/s, ETA 3 min 0 s");
}

TEST(Progress, PlainLinesAtMostEveryInterval)
{
    std::ostringstream out;
    Progress p(out, Progress::Mode::Plain, std::chrono::seconds(5));
    const auto t0 = Progress::Clock::time_point{} + std::chrono::hours(1);
    p.begin("201905", t0);
    const ProgressState s{1, 6, 2000000, 12000000};
    p.update(s, t0 + std::chrono::seconds(1));
    EXPECT_EQ(out.str(), "");
    p.update(s, t0 + std::chrono::seconds(5));
    EXPECT_EQ(out.str(), "201905: 1/6 files, 2.0 MB of 12.0 MB, 400.0 kB/s, ETA 25 s\n");
    p.update(s, t0 + std::chrono::seconds(9));
    const std::string text = out.str();
    EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 1);
    p.finish(ProgressState{6, 6, 12000000, 12000000}, t0 + std::chrono::seconds(10));
    EXPECT_EQ(out.str(), "201905: 1/6 files, 2.0 MB of 12.0 MB, 400.0 kB/s, ETA 25 s\n"
                         "201905: 6/6 files, 12.0 MB in 10.0 s (1.2 MB/s)\n");
    EXPECT_EQ(out.str().find('\r'), std::string::npos);
}

TEST(Progress, LiveLineIsRedrawnInPlace)
{
    std::ostringstream out;
    Progress p(out, Progress::Mode::Live);
    const auto t0 = Progress::Clock::time_point{} + std::chrono::hours(1);
    p.begin("201905", t0);
    p.update(ProgressState{0, 6, 0, -1}, t0 + std::chrono::milliseconds(100));
    EXPECT_EQ(out.str(), ""); // not yet due
    p.update(ProgressState{0, 6, 5000000, 30000000}, t0 + std::chrono::seconds(1));
    const std::string first = "201905: 0/6 files, 5.0 MB of 30.0 MB, 5.0 MB/s, ETA 5 s";
    EXPECT_EQ(out.str(), "\r" + first);
    // A shorter line blanks the rest of the longer one.
    p.update(ProgressState{2, 6, 900, 1000}, t0 + std::chrono::seconds(2));
    const std::string second = "201905: 2/6 files, 900 B of 1.0 kB, 450 B/s, ETA 0 s";
    EXPECT_EQ(out.str(),
              "\r" + first + "\r" + second + std::string(first.size() - second.size(), ' '));
    out.str("");
    p.finish(ProgressState{6, 6, 1000, 1000}, t0 + std::chrono::seconds(4));
    const std::string last = "201905: 6/6 files, 1.0 kB in 4.0 s (250 B/s)";
    EXPECT_EQ(out.str(), "\r" + last + std::string(second.size() - last.size(), ' ') + "\n");
}

TEST(Progress, OffPrintsNothing)
{
    std::ostringstream out;
    Progress p(out, Progress::mode_for_stderr(true));
    EXPECT_EQ(p.mode(), Progress::Mode::Off);
    const auto t0 = Progress::Clock::now();
    p.begin("201905", t0);
    p.update(ProgressState{1, 6, 100, 600}, t0 + std::chrono::seconds(60));
    p.finish(ProgressState{6, 6, 600, 600}, t0 + std::chrono::seconds(61));
    EXPECT_EQ(out.str(), "");
}

} // namespace
} // namespace sezu

#pragma once
// Rank 0's one overall line of a run: months done of the months to do, how many are not ok, the
// current throughput and the time left.
#include "sezu/core/status_line.hpp"
#include "sezu/stats/month_result.hpp"

#include <cstddef>
#include <deque>
#include <mutex>
#include <vector>

namespace sezu {

/// "run: 12/72 months done, 1 not ok, 2.4 months/min, ETA 25 min 0 s". The throughput is that
/// of the last few months (ranks finish in bursts; the first months also wait for downloads),
/// and is left out until two months are done.
std::string format_run_progress(std::size_t done, std::size_t total, std::size_t not_ok,
                                double months_per_minute);

/// Thread-safe: the work-queue thread and rank 0's own loop both report months.
class RunProgress {
public:
    using Clock = StatusLine::Clock;

    /// `total`: the months this run does (not those kept from the archive).
    RunProgress(std::ostream& out, StatusLine::Mode mode, std::size_t total,
                std::chrono::milliseconds plain_interval = std::chrono::seconds(30),
                Clock::time_point start = Clock::now());

    /// Counts finished months and draws the line when one is due (always after the last).
    void add(const std::vector<MonthResult>& results, Clock::time_point now = Clock::now());

private:
    double months_per_minute(Clock::time_point now) const;

    StatusLine m_line;
    std::size_t m_total;
    std::size_t m_done = 0;
    std::size_t m_not_ok = 0;
    Clock::time_point m_start;
    std::deque<Clock::time_point> m_recent; ///< when the last few months finished
    std::mutex m_mutex;
};

} // namespace sezu

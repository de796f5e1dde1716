#include "sezu/run/run_progress.hpp"

#include <cstdio>

namespace sezu {

namespace {
/// How many of the last months the throughput is measured over.
constexpr std::size_t kWindow = 8;
} // namespace

std::string format_run_progress(std::size_t done, std::size_t total, std::size_t not_ok,
                                double months_per_minute)
{
    std::string line = "run: " + std::to_string(done) + "/" + std::to_string(total) +
                       " months done";
    if (not_ok > 0)
        line += ", " + std::to_string(not_ok) + " not ok";
    if (months_per_minute > 0 && done < total) {
        char rate[32];
        std::snprintf(rate, sizeof rate, "%.2g", months_per_minute);
        line += ", " + std::string(rate) + " months/min, ETA " +
                StatusLine::duration_text(60.0 * double(total - done) / months_per_minute);
    }
    return line;
}

RunProgress::RunProgress(std::ostream& out, StatusLine::Mode mode, std::size_t total,
                         std::chrono::milliseconds plain_interval, Clock::time_point start)
    : m_line(out, mode, plain_interval), m_total(total), m_start(start)
{
    m_line.restart(start);
}

double RunProgress::months_per_minute(Clock::time_point now) const
{
    if (m_done < 2)
        return 0;
    // Months finished within the window, over the time since the month before the window.
    const Clock::time_point since = m_done > kWindow ? m_recent.front() : m_start;
    const std::size_t months = m_done > kWindow ? m_recent.size() - 1 : m_done;
    const double minutes = std::chrono::duration<double>(now - since).count() / 60.0;
    return minutes > 0 ? double(months) / minutes : 0;
}

void RunProgress::add(const std::vector<MonthResult>& results, Clock::time_point now)
{
    if (results.empty())
        return;
    std::lock_guard<std::mutex> lock(m_mutex);
    for (const auto& r : results) {
        ++m_done;
        if (r.status != MonthStatus::Ok)
            ++m_not_ok;
        m_recent.push_back(now);
        if (m_recent.size() > kWindow + 1)
            m_recent.pop_front();
    }
    const bool last = m_done >= m_total;
    if (!last && !m_line.due(now))
        return;
    m_line.draw(format_run_progress(m_done, m_total, m_not_ok, months_per_minute(now)), now);
    if (last)
        m_line.end_line();
}

} // namespace sezu

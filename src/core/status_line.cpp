#include "sezu/core/status_line.hpp"

#include <cmath>
#include <unistd.h>

namespace sezu {

StatusLine::StatusLine(std::ostream& out, Mode mode, std::chrono::milliseconds plain_interval)
    : m_out(out), m_mode(mode), m_interval(plain_interval)
{
}

StatusLine::Mode StatusLine::mode_for_stderr(bool quiet)
{
    if (quiet)
        return Mode::Off;
    return ::isatty(STDERR_FILENO) ? Mode::Live : Mode::Plain;
}

void StatusLine::restart(Clock::time_point now)
{
    m_last = now;
    m_last_width = 0;
    m_drawn = false;
}

bool StatusLine::due(Clock::time_point now) const
{
    if (m_mode == Mode::Off)
        return false;
    // A terminal redraws cheaply; a log file gets a line per interval, not thousands.
    const auto interval = m_mode == Mode::Live ? std::chrono::milliseconds(200) : m_interval;
    return now - m_last >= interval;
}

void StatusLine::draw(const std::string& line, Clock::time_point now)
{
    if (m_mode == Mode::Off)
        return;
    m_last = now;
    if (m_mode == Mode::Live) {
        // Blank what a longer previous line left on screen, then return to the line start.
        std::string text = "\r" + line;
        if (line.size() < m_last_width)
            text += std::string(m_last_width - line.size(), ' ');
        m_out << text << std::flush;
        m_last_width = line.size();
    } else {
        m_out << line + "\n" << std::flush;
    }
    m_drawn = true;
}

void StatusLine::end_line()
{
    if (m_mode == Mode::Live && m_drawn)
        m_out << "\n" << std::flush;
    m_drawn = false;
    m_last_width = 0;
}

std::string StatusLine::duration_text(double seconds)
{
    const long long t = static_cast<long long>(std::llround(seconds));
    if (t < 60)
        return std::to_string(t) + " s";
    if (t < 3600)
        return std::to_string(t / 60) + " min " + std::to_string(t % 60) + " s";
    return std::to_string(t / 3600) + " h " + std::to_string(t / 60 % 60) + " min";
}

} // namespace sezu

#include "sezu/fetch/progress.hpp"

#include <cmath>
#include <cstdio>

namespace sezu {

namespace {

std::string fixed(double v, int decimals)
{
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    return buf;
}

/// Rates and ETAs from the first instants of a batch are noise; wait a little before showing.
constexpr double kMinElapsedForRate = 0.5;

} // namespace

std::string format_bytes(double bytes)
{
    if (bytes < 1e3)
        return std::to_string(static_cast<long long>(bytes < 0 ? 0 : bytes)) + " B";
    if (bytes < 1e6)
        return fixed(bytes / 1e3, 1) + " kB";
    if (bytes < 1e9)
        return fixed(bytes / 1e6, 1) + " MB";
    return fixed(bytes / 1e9, 2) + " GB";
}

std::string format_progress(const std::string& label, const ProgressState& s, double elapsed_s)
{
    std::string line = label.empty() ? std::string() : label + ": ";
    line += std::to_string(s.files_done) + "/" + std::to_string(s.files_total) + " files, " +
            format_bytes(double(s.bytes));
    if (s.bytes_expected > 0)
        line += " of " + format_bytes(double(s.bytes_expected));
    if (elapsed_s >= kMinElapsedForRate) {
        const double rate = double(s.bytes) / elapsed_s;
        line += ", " + format_bytes(rate) + "/s";
        if (s.bytes_expected > s.bytes && rate > 0 && s.files_done < s.files_total)
            line += ", ETA " + StatusLine::duration_text(double(s.bytes_expected - s.bytes) / rate);
    }
    return line;
}

Progress::Progress(std::ostream& out, Mode mode, std::chrono::milliseconds plain_interval)
    : m_line(out, mode, plain_interval)
{
}

void Progress::begin(const std::string& label, Clock::time_point now)
{
    m_label = label;
    m_begin = now;
    m_line.restart(now);
}

void Progress::update(const ProgressState& state, Clock::time_point now)
{
    if (!m_line.due(now))
        return;
    m_line.draw(format_progress(m_label, state, std::chrono::duration<double>(now - m_begin).count()),
                now);
}

void Progress::finish(const ProgressState& state, Clock::time_point now)
{
    if (m_line.mode() == Mode::Off)
        return;
    if (state.bytes > 0) {
        const double elapsed = std::chrono::duration<double>(now - m_begin).count();
        std::string line = (m_label.empty() ? std::string() : m_label + ": ") +
                           std::to_string(state.files_done) + "/" +
                           std::to_string(state.files_total) + " files, " +
                           format_bytes(double(state.bytes)) + " in " + fixed(elapsed, 1) + " s";
        if (elapsed > 0)
            line += " (" + format_bytes(double(state.bytes) / elapsed) + "/s)";
        m_line.draw(line, now);
    }
    m_line.end_line();
}

} // namespace sezu

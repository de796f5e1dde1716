#include "sezu/fetch/progress.hpp"

#include <cmath>
#include <cstdio>
#include <unistd.h>

namespace sezu {

namespace {

std::string fixed(double v, int decimals)
{
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    return buf;
}

std::string duration_text(double s)
{
    const long long t = static_cast<long long>(std::llround(s));
    if (t < 60)
        return std::to_string(t) + " s";
    if (t < 3600)
        return std::to_string(t / 60) + " min " + std::to_string(t % 60) + " s";
    return std::to_string(t / 3600) + " h " + std::to_string(t / 60 % 60) + " min";
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
            line += ", ETA " + duration_text(double(s.bytes_expected - s.bytes) / rate);
    }
    return line;
}

Progress::Progress(std::ostream& out, Mode mode, std::chrono::milliseconds plain_interval)
    : m_out(out), m_mode(mode), m_interval(plain_interval)
{
}

Progress::Mode Progress::mode_for_stderr(bool quiet)
{
    if (quiet)
        return Mode::Off;
    return ::isatty(STDERR_FILENO) ? Mode::Live : Mode::Plain;
}

void Progress::begin(const std::string& label, Clock::time_point now)
{
    m_label = label;
    m_begin = now;
    m_last = now;
    m_last_width = 0;
    m_drawn = false;
}

void Progress::draw(const std::string& line)
{
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

void Progress::update(const ProgressState& state, Clock::time_point now)
{
    if (m_mode == Mode::Off)
        return;
    const auto due = m_mode == Mode::Live ? std::chrono::milliseconds(200) : m_interval;
    if (now - m_last < due)
        return;
    m_last = now;
    draw(format_progress(m_label, state, std::chrono::duration<double>(now - m_begin).count()));
}

void Progress::finish(const ProgressState& state, Clock::time_point now)
{
    if (m_mode == Mode::Off)
        return;
    if (state.bytes > 0) {
        const double elapsed = std::chrono::duration<double>(now - m_begin).count();
        std::string line = (m_label.empty() ? std::string() : m_label + ": ") +
                           std::to_string(state.files_done) + "/" +
                           std::to_string(state.files_total) + " files, " +
                           format_bytes(double(state.bytes)) + " in " + fixed(elapsed, 1) + " s";
        if (elapsed > 0)
            line += " (" + format_bytes(double(state.bytes) / elapsed) + "/s)";
        draw(line);
    }
    if (m_mode == Mode::Live && m_drawn)
        m_out << "\n" << std::flush;
    m_drawn = false;
    m_last_width = 0;
}

void Progress::interrupt()
{
    if (m_mode == Mode::Live && m_drawn)
        m_out << "\n" << std::flush;
    m_drawn = false;
    m_last_width = 0;
}

} // namespace sezu

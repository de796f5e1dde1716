#pragma once
/// One line of progress for people, on stderr: on a terminal it is redrawn in place ('\r'), at
/// most 5 times a second; otherwise (a log file, a Slurm output) it is written as a plain line at
/// most every `plain_interval`; off when quiet. Used by the download progress (one batch of
/// files) and by the run's overall line (months done).
#include <chrono>
#include <cstddef>
#include <ostream>
#include <string>

namespace sezu {

class StatusLine {
public:
    using Clock = std::chrono::steady_clock;
    enum class Mode { Off, Live, Plain };

    StatusLine(std::ostream& out, Mode mode, std::chrono::milliseconds plain_interval);

    /// Off when `quiet`, Live when stderr is a terminal, Plain otherwise.
    static Mode mode_for_stderr(bool quiet);
    Mode mode() const { return m_mode; }

    /// Forgets the previous line: the next due() is measured from `now`.
    void restart(Clock::time_point now);
    /// True when a line should be drawn at `now` (never when off).
    bool due(Clock::time_point now) const;
    /// Draws `line` now (Live: in place of the previous one; Plain: a line of its own).
    void draw(const std::string& line, Clock::time_point now);
    /// Ends a live line, so that what is written next starts on a line of its own.
    void end_line();

    /// "42 s", "3 min 5 s", "2 h 10 min".
    static std::string duration_text(double seconds);

private:
    std::ostream& m_out;
    Mode m_mode;
    std::chrono::milliseconds m_interval;
    Clock::time_point m_last{};
    std::size_t m_last_width = 0; ///< width of the live line on screen, to blank leftovers
    bool m_drawn = false;
};

} // namespace sezu

#pragma once
/// Download progress for people. On a terminal: one line redrawn in place with '\r' (files,
/// bytes, rate, ETA). Otherwise (a log file, a Slurm output): a plain line at most every few
/// seconds. Off when quiet. The line never contains a URL, so neither credentials nor tokens
/// can appear in it.
#include "sezu/core/status_line.hpp"

#include <chrono>
#include <ostream>
#include <string>

namespace sezu {

/// A snapshot of one batch of downloads (the tiles of a month).
struct ProgressState {
    int files_done = 0; ///< complete, including those found in the cache
    int files_total = 0;
    long long bytes = 0;           ///< bytes received so far by this batch's transfers
    long long bytes_expected = -1; ///< bytes this batch will receive in total; -1 unknown
};

/// "1.5 MB", "812 B", "3.20 GB" (decimal units, as download rates are usually given).
std::string format_bytes(double bytes);

/// The progress line, e.g. "201905: 3/6 files, 12.5 MB of 40.0 MB, 4.1 MB/s, ETA 7 s".
/// `elapsed_s` is the time since the batch began; rate and ETA are left out while unknown.
std::string format_progress(const std::string& label, const ProgressState& state, double elapsed_s);

/// Writes progress lines for one batch at a time. Cheap to call often: it decides itself
/// whether a line is due.
class Progress {
public:
    using Clock = StatusLine::Clock;
    using Mode = StatusLine::Mode;

    /// `plain_interval` is the least time between two plain lines.
    Progress(std::ostream& out, Mode mode,
             std::chrono::milliseconds plain_interval = std::chrono::seconds(5));

    /// Off when `quiet`, Live when stderr is a terminal, Plain otherwise.
    static Mode mode_for_stderr(bool quiet) { return StatusLine::mode_for_stderr(quiet); }

    Mode mode() const { return m_line.mode(); }

    /// Starts a batch; `label` prefixes every line (e.g. the month "201905").
    void begin(const std::string& label, Clock::time_point now = Clock::now());
    /// Draws the line when one is due (Live: at most 5 times a second; Plain: per interval).
    void update(const ProgressState& state, Clock::time_point now = Clock::now());
    /// Ends the batch: Live finishes its line with a newline; both modes print a summary when
    /// anything was transferred.
    void finish(const ProgressState& state, Clock::time_point now = Clock::now());
    /// Ends a live line early, so that another message (a retry notice, an error) starts on a
    /// line of its own; the next update draws a fresh line.
    void interrupt() { m_line.end_line(); }

private:
    StatusLine m_line;
    std::string m_label;
    Clock::time_point m_begin{};
};

} // namespace sezu

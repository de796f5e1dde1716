#include "sezu/fetch/transfer_limits.hpp"

#include "sezu/core/error.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <random>

namespace sezu {

namespace {

using Clock = TransferWatch::Clock;

constexpr double kMaxRetryWaitS = 60;
constexpr double kMaxRetryAfterS = 300;

Clock::duration seconds(double s)
{
    return std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(s));
}

double elapsed(Clock::time_point from, Clock::time_point to)
{
    return std::chrono::duration<double>(to - from).count();
}

std::string number_text(double v)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.3g", v);
    return buf;
}

void require(bool ok, const char* key, const std::string& what, double value)
{
    if (!ok)
        throw ConfigError(std::string(key) + ": must be " + what + " (got " + number_text(value) +
                          ")");
}

} // namespace

void TransferLimits::validate() const
{
    // !(x > 0) also refuses NaN.
    require(connect_timeout_s > 0, "connectTimeoutSeconds", "a number of seconds above 0",
            connect_timeout_s);
    require(first_byte_timeout_s > 0, "firstByteTimeoutSeconds", "a number of seconds above 0",
            first_byte_timeout_s);
    require(stall_timeout_s > 0, "stallTimeoutSeconds", "a number of seconds above 0",
            stall_timeout_s);
    require(min_speed_bps >= 0 && std::isfinite(min_speed_bps), "minSpeedBytesPerSecond",
            "0 (off) or more bytes per second", min_speed_bps);
    require(min_speed_window_s > 0, "minSpeedWindowSeconds", "a number of seconds above 0",
            min_speed_window_s);
    require(max_attempts >= 1 && max_attempts <= 100, "maxAttempts", "1 to 100", max_attempts);
    require(retry_wait_s >= 0 && retry_wait_s <= kMaxRetryWaitS, "retryWaitSeconds",
            "0 to 60 seconds", retry_wait_s);
    for (const double s :
         {connect_timeout_s, first_byte_timeout_s, stall_timeout_s, min_speed_window_s})
        require(s <= 7 * 86400, "a timeout", "at most a week", s);
}

bool operator==(const TransferLimits& a, const TransferLimits& b)
{
    return a.connect_timeout_s == b.connect_timeout_s &&
           a.first_byte_timeout_s == b.first_byte_timeout_s &&
           a.stall_timeout_s == b.stall_timeout_s && a.min_speed_bps == b.min_speed_bps &&
           a.min_speed_window_s == b.min_speed_window_s && a.max_attempts == b.max_attempts &&
           a.retry_wait_s == b.retry_wait_s;
}

std::ostream& operator<<(std::ostream& os, const TransferLimits& l)
{
    return os << "connect " << seconds_text(l.connect_timeout_s) << ", first byte "
              << seconds_text(l.first_byte_timeout_s) << ", stall "
              << seconds_text(l.stall_timeout_s) << ", at least " << speed_text(l.min_speed_bps)
              << " over " << seconds_text(l.min_speed_window_s) << ", " << l.max_attempts
              << " attempts, retry wait " << seconds_text(l.retry_wait_s);
}

const std::vector<TransferLimitKey>& transfer_limit_keys()
{
    static const std::vector<TransferLimitKey> keys = {
        {"connectTimeoutSeconds", "connect-timeout", "seconds to open a connection (default 30)"},
        {"firstByteTimeoutSeconds", "first-byte-timeout",
         "seconds from a request to the first byte of data (default 60)"},
        {"stallTimeoutSeconds", "stall-timeout",
         "longest silence of a transfer once data flows, in seconds (default 120)"},
        {"minSpeedBytesPerSecond", "min-speed",
         "least average speed of a transfer in bytes/s over the window (default 10000; 0: off)"},
        {"minSpeedWindowSeconds", "min-speed-window",
         "the window of --min-speed, in seconds (default 300)"},
        {"maxAttempts", "max-attempts",
         "attempts per file or listing, every attempt counted (default 6)"},
        {"retryWaitSeconds", "retry-wait",
         "seconds before the first retry; doubles each attempt, at most 60 (default 1)"},
    };
    return keys;
}

bool is_transfer_limit_key(const std::string& key)
{
    const auto& keys = transfer_limit_keys();
    return std::any_of(keys.begin(), keys.end(), [&](const auto& k) { return key == k.key; });
}

std::string transfer_limit_key_list()
{
    std::string out;
    for (const auto& k : transfer_limit_keys())
        out += (out.empty() ? "" : ", ") + std::string(k.key);
    return out;
}

bool set_transfer_limit(TransferLimits& limits, const std::string& key, double value)
{
    if (key == "connectTimeoutSeconds")
        limits.connect_timeout_s = value;
    else if (key == "firstByteTimeoutSeconds")
        limits.first_byte_timeout_s = value;
    else if (key == "stallTimeoutSeconds")
        limits.stall_timeout_s = value;
    else if (key == "minSpeedBytesPerSecond")
        limits.min_speed_bps = value;
    else if (key == "minSpeedWindowSeconds")
        limits.min_speed_window_s = value;
    else if (key == "retryWaitSeconds")
        limits.retry_wait_s = value;
    else if (key == "maxAttempts") {
        if (!(value >= 1 && value <= 100) || std::floor(value) != value)
            throw ConfigError("maxAttempts: must be a whole number from 1 to 100 (got " +
                              number_text(value) + ")");
        limits.max_attempts = static_cast<int>(value);
    } else
        return false;
    return true;
}

std::string seconds_text(double s)
{
    return number_text(s) + " s";
}

std::string speed_text(double bps)
{
    if (bps < 1000)
        return number_text(bps) + " B/s";
    if (bps < 1e6)
        return number_text(bps / 1e3) + " kB/s";
    return number_text(bps / 1e6) + " MB/s";
}

std::string gave_up_text(int attempts)
{
    return "gave up after " + std::to_string(attempts) + (attempts == 1 ? " attempt" : " attempts");
}

std::chrono::milliseconds retry_delay(const TransferLimits& limits, int attempt,
                                      double retry_after_s)
{
    // Jitter, so that many ranks hitting one server do not retry in lockstep.
    static thread_local std::mt19937 rng(std::random_device{}());
    std::uniform_real_distribution<double> jitter(0.5, 1.0);
    const int doublings = std::clamp(attempt - 2, 0, 20);
    double s = std::min(limits.retry_wait_s * double(1L << doublings), kMaxRetryWaitS);
    s *= jitter(rng);
    if (retry_after_s > 0)
        s = std::max(s, std::min(retry_after_s, kMaxRetryAfterS));
    return std::chrono::milliseconds(static_cast<long long>(s * 1000.0));
}

// ---------------------------------------------------------------------------------------------

TransferWatch::TransferWatch(const TransferLimits& limits, Clock::time_point start)
    : m_limits(limits), m_active(true), m_start(start), m_last(start)
{
}

void TransferWatch::on_body(long long n, Clock::time_point now)
{
    if (n <= 0)
        return;
    if (m_bytes == 0) {
        m_first = now;
        m_samples.emplace_back(now, 0);
    }
    m_bytes += n;
    m_last = now;
    const auto window = seconds(m_limits.min_speed_window_s);
    if (now - m_samples.back().first >= window / 16)
        m_samples.emplace_back(now, m_bytes);
    // Keep one sample at or before the window's start: the speed is measured from there.
    while (m_samples.size() > 1 && m_samples[1].first <= now - window)
        m_samples.pop_front();
}

std::optional<std::string> TransferWatch::expired(Clock::time_point now) const
{
    if (!m_active)
        return std::nullopt;
    const TransferLimits& l = m_limits;
    if (m_bytes == 0)
        return now - m_start >= seconds(l.first_byte_timeout_s)
                   ? std::optional<std::string>("no first byte within " +
                                                seconds_text(l.first_byte_timeout_s))
                   : std::nullopt;
    if (now - m_last >= seconds(l.stall_timeout_s))
        return "stalled for " + seconds_text(l.stall_timeout_s);
    if (l.min_speed_bps <= 0 || now - m_first < seconds(l.min_speed_window_s))
        return std::nullopt;
    // The newest sample at or before the window's start.
    const auto window_start = now - seconds(l.min_speed_window_s);
    auto from = m_samples.front();
    for (const auto& s : m_samples)
        if (s.first <= window_start)
            from = s;
    const double span = elapsed(from.first, now);
    if (span > 0 && double(m_bytes - from.second) / span < l.min_speed_bps)
        return "below " + speed_text(l.min_speed_bps) + " average over " +
               seconds_text(l.min_speed_window_s);
    return std::nullopt;
}

Clock::time_point TransferWatch::next_check(Clock::time_point now) const
{
    if (!m_active)
        return Clock::time_point::max();
    const TransferLimits& l = m_limits;
    if (m_bytes == 0)
        return m_start + seconds(l.first_byte_timeout_s);
    Clock::time_point next = m_last + seconds(l.stall_timeout_s);
    if (l.min_speed_bps > 0) {
        // The speed changes with every byte; looking 16 times a window is enough to notice a
        // slow transfer within a sixteenth of the window.
        const auto first_due = m_first + seconds(l.min_speed_window_s);
        next = std::min(next, std::max(first_due, now + seconds(l.min_speed_window_s) / 16));
    }
    return next;
}

} // namespace sezu

#pragma once
/// How long sezu waits for a server and how often it tries again: the deadlines of one transfer
/// (a tile or a listing), the retry budget of a file, and the watch that applies them. Pure
/// (no curl): the fetcher feeds the watch the bytes as they arrive and asks it, while polling,
/// whether a limit was hit.
#include <chrono>
#include <deque>
#include <optional>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

namespace sezu {

/// The limits of every transfer. The defaults suit 500 MB tiles on a slow link: a healthy
/// transfer of any size is never cut, a silent, stalled or trickling one is given up within
/// minutes, and each file gets a bounded number of attempts.
struct TransferLimits {
    double connect_timeout_s = 30;    ///< to open the connection (name lookup, TCP, TLS)
    double first_byte_timeout_s = 60; ///< from the request to the first byte of the body
    double stall_timeout_s = 120;     ///< longest silence once the body flows
    /// Least average speed (bytes/s) over the last min_speed_window_s seconds of a body (the
    /// first window counted from its first byte); 0 turns the check off.
    double min_speed_bps = 10000;
    double min_speed_window_s = 300;
    /// Attempts per file or listing, every attempt counted (also those that resumed and
    /// received bytes); the file's month fails when they are used up.
    int max_attempts = 6;
    /// Wait before the second attempt; doubles with each further attempt (at most 60 s), with
    /// random jitter, and never shorter than a server's Retry-After (at most 5 minutes).
    double retry_wait_s = 1;

    /// Throws ConfigError naming the config key of a value out of range (or not a number).
    void validate() const;
};

bool operator==(const TransferLimits& a, const TransferLimits& b);
std::ostream& operator<<(std::ostream& os, const TransferLimits& l);

/// A config key of the limits with its command-line flag, e.g. {"stallTimeoutSeconds",
/// "stall-timeout", "..."}.
struct TransferLimitKey {
    const char* key;
    const char* flag;
    const char* help;
};

/// Every key, in the order of the keys table in docs/usage.md.
const std::vector<TransferLimitKey>& transfer_limit_keys();

bool is_transfer_limit_key(const std::string& key);
/// "connectTimeoutSeconds, firstByteTimeoutSeconds, ..." (for "known keys" messages).
std::string transfer_limit_key_list();

/// Sets the limit of config key `key` (a transfer_limit_keys() key) to `value`; false when
/// `key` is not a limit. Throws ConfigError for a maxAttempts that is not a whole number.
bool set_transfer_limit(TransferLimits& limits, const std::string& key, double value);

/// "2.5 s", "60 s"; "10 kB/s", "512 B/s", "1.5 MB/s": the numbers in limit messages.
std::string seconds_text(double seconds);
std::string speed_text(double bytes_per_second);

/// "gave up after 6 attempts" (for a failure message once the budget is spent).
std::string gave_up_text(int attempts);

/// Wait before attempt `attempt` (2 = the first retry), see TransferLimits::retry_wait_s.
std::chrono::milliseconds retry_delay(const TransferLimits& limits, int attempt,
                                      double retry_after_s = 0);

/// Applies the deadlines to one attempt of one transfer. Times are passed in, so tests can
/// drive it with made-up clocks.
class TransferWatch {
public:
    using Clock = std::chrono::steady_clock;

    TransferWatch() = default;
    /// The attempt's request was made at `start`.
    TransferWatch(const TransferLimits& limits, Clock::time_point start);

    /// `n` body bytes arrived at `now`.
    void on_body(long long n, Clock::time_point now);

    /// The limit the attempt has hit by `now`, as words for a message ("no first byte within
    /// 60 s", "stalled for 120 s", "below 10 kB/s average over 300 s"); nothing while within.
    std::optional<std::string> expired(Clock::time_point now) const;

    /// When expired() should be asked next if no byte arrives (for a poll timeout); never
    /// later than the moment a limit is hit.
    Clock::time_point next_check(Clock::time_point now) const;

    long long bytes() const { return m_bytes; }

private:
    TransferLimits m_limits;
    bool m_active = false;
    Clock::time_point m_start{};
    Clock::time_point m_first{};
    Clock::time_point m_last{};
    long long m_bytes = 0;
    /// (time, bytes so far), at least window/16 apart; the oldest is at or before now - window.
    std::deque<std::pair<Clock::time_point, long long>> m_samples;
};

} // namespace sezu

#pragma once
/// Downloads with libcurl (http, https, file) into a cache directory. A file appears under its
/// final name only when complete (written to ".part", checked, renamed atomically); a complete
/// file in the cache is never fetched again.
#include "sezu/catalog.hpp"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace sezu {

struct FetchOptions {
    std::string cache_dir;            ///< where archives are kept between runs
    int parallel = 6;                 ///< concurrent transfers
    int retries = 4;                  ///< attempts after the first, on transient errors
    /// Wait before the first retry; doubles each attempt (capped at 60 s), with random jitter,
    /// and never shorter than a server's Retry-After (capped at 5 minutes).
    long retry_base_ms = 1000;
    long connect_timeout_s = 30;
    /// A transfer slower than low_speed_limit bytes/s for low_speed_time_s seconds is aborted
    /// (a stalled server) and resumed where it stopped. curl measures the speed over the last
    /// few seconds, so a stall right after a fast burst is noticed up to ~5 s later.
    long low_speed_time_s = 60;
    long low_speed_limit = 1;         ///< bytes per second
    std::string token;                ///< bearer token; never printed, logged or stored
    bool quiet = false;               ///< no progress, no retry notices
    /// The progress line on stderr (progress.hpp). Under MPI, leave it on for rank 0 only, so
    /// that ranks do not draw over each other's lines.
    bool progress = true;
};

/// A file present in the cache.
struct CachedFile {
    std::string url;
    std::string path;
    long long bytes = 0;
    bool from_cache = false;          ///< true when no transfer was needed
};

/// Owns the curl state. Not thread-safe; one per process is enough.
class Fetcher {
public:
    explicit Fetcher(FetchOptions options);
    ~Fetcher();
    Fetcher(const Fetcher&) = delete;
    Fetcher& operator=(const Fetcher&) = delete;

    /// GETs a text resource (a listing). A URL ending in '/' on file:// reads its index.html.
    /// Returns nothing for 404 / 410 / a missing file (a local folder without an index.html
    /// included: discover_month lists such a folder from the disk); retries transient
    /// failures; throws FetchError for other failures.
    std::optional<std::string> get_text(const std::string& url);

    /// Ensures every tile's archive is in the cache and is gzip data (not HTML); returns the
    /// cache paths in the same order. Up to options().parallel transfers run at once; 5xx,
    /// 429, resets, timeouts and short bodies are retried with backoff. A transfer cut off after
    /// some bytes continues from there with "Range: bytes=N-" (such attempts do not use up the
    /// retries, within a limit); a server that ignores the Range and answers 200 is read from
    /// the start again. The length is checked against Content-Length / Content-Range. Throws
    /// FetchError naming the URL, month and tile; the other transfers are then abandoned (files
    /// already complete stay in the cache) and no ".part" file is left behind. Progress goes
    /// to stderr (see progress.hpp) unless options().quiet.
    std::vector<CachedFile> fetch_tiles(const std::vector<TileRef>& tiles);

    const FetchOptions& options() const { return m_options; }

private:
    FetchOptions m_options;
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

/// Fetches and groups a month's listing (discovery = get_text + parse_listing + group_listing;
/// a local folder without an index.html is read by list_local_folder).
DiscoveredMonth discover_month(Fetcher& fetcher, const std::string& source_template,
                               const ProductSpec& product, const YearMonth& month);

} // namespace sezu

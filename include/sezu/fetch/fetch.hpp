#pragma once
/// Downloads with libcurl (http, https, file) into a cache directory. A file appears under its
/// final name only when complete (written to ".part", checked, renamed atomically); a complete
/// file in the cache is never fetched again.
#include "sezu/discover/catalog.hpp"
#include "sezu/fetch/login.hpp"
#include "sezu/fetch/transfer_limits.hpp"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace sezu {

struct FetchOptions {
    std::string cache_dir;            ///< where archives are kept between runs
    int parallel = 6;                 ///< concurrent transfers
    /// Deadlines of every transfer and the attempts per file or listing (transfer_limits.hpp).
    TransferLimits limits;
    std::string token;                ///< bearer token; never printed, logged or stored
    /// The source (URL template or preset). The token is sent only to its origin (origin.hpp),
    /// and from an http(s) source only http(s) URLs are fetched. Empty: the token is not sent.
    std::string source;
    /// The process's login (login.hpp), shared by its fetchers; null: the Fetcher makes one of
    /// `token` (a fixed bearer token, or none) for `source`.
    std::shared_ptr<Login> login;
    std::string user_agent;           ///< empty: "sezu/VERSION"
    /// A .part records how far it is verified every this many bytes, so that a run killed
    /// mid-download leaves a part the next run can resume (part_file.hpp); 0: never.
    long long checkpoint_bytes = 8LL << 20;
    /// A file:// archive is read where it is (checked: a regular, readable gzip file, its size
    /// recorded) instead of copied into cache_dir; true copies it like a download.
    bool copy_local_source = false;
    bool quiet = false;               ///< no progress, no retry notices
    /// The progress line on stderr (progress.hpp). Under MPI, leave it on for rank 0 only, so
    /// that ranks do not draw over each other's lines, or make it plain.
    bool progress = true;
    /// Plain progress lines even on a terminal (another line, e.g. the run's, is drawn in place).
    bool progress_plain = false;
};

/// A file present in the cache.
struct CachedFile {
    std::string url;
    std::string path;
    long long bytes = 0;
    bool from_cache = false;          ///< true when no transfer was needed
    /// True when `path` is the source's own file (a file:// source read in place): it belongs to
    /// the user, so sezu never removes it nor writes to it (a corrupt one is reported, not
    /// dropped from a cache).
    bool in_place = false;
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
    /// included: discover_month lists such a folder from the disk); retries transient failures
    /// and deadlines hit, within the same limits as the tiles; throws FetchError for other
    /// failures.
    std::optional<std::string> get_text(const std::string& url);

    /// Ensures every tile's archive is in the cache and is gzip data (not HTML); returns the
    /// cache paths in the same order. Up to options().parallel transfers run at once; 5xx,
    /// 429, resets, deadlines hit (options().limits) and short bodies are retried with backoff,
    /// every attempt counted against limits.max_attempts. A transfer cut off after some bytes
    /// continues from there with "Range: bytes=N-"; a server that ignores the Range and answers
    /// 200 is read from the start again. A .part left by an interrupted run is resumed when its
    /// checkpoint verifies, else removed (part_file.hpp). The length is checked against
    /// Content-Length / Content-Range. Throws FetchError naming the URL, month, tile and the
    /// limit hit; the other transfers are then abandoned (files already complete stay in the
    /// cache) and no ".part" file is left behind. Progress goes to stderr (see progress.hpp)
    /// unless options().quiet.
    std::vector<CachedFile> fetch_tiles(const std::vector<TileRef>& tiles);

    const FetchOptions& options() const { return m_options; }

private:
    FetchOptions m_options;

public:
    struct Impl; ///< the curl state (src/fetch_curl.hpp)

private:
    std::unique_ptr<Impl> m_impl;
};

/// Fetches and groups a month's listing (discovery = get_text + parse_listing + group_listing;
/// a local folder without an index.html is read by list_local_folder). Throws FetchError when
/// an http(s) listing links a tile to a file:// (or other non-http) URL. With satellite "auto"
/// Suomi NPP's month is looked for first and, when it is not complete, NOAA-20's (its folder from
/// {satfolder}); the month found says which (DiscoveredMonth::satellite), and a month neither has
/// gives Suomi NPP's availability with both reasons.
DiscoveredMonth discover_month(Fetcher& fetcher, const std::string& source_template,
                               const ProductSpec& product, const YearMonth& month);

/// Discovers each month in turn (discover_month). A month whose listing cannot be read (a
/// FetchError after the retries) does not stop the others: it comes back with `error` set.
std::vector<DiscoveredMonth> discover_months(Fetcher& fetcher, const std::string& source_template,
                                             const ProductSpec& product,
                                             const std::vector<YearMonth>& months);

} // namespace sezu

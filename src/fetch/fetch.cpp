// Fetcher: the tile downloads of a month, several at once on one curl multi handle, each with
// its deadlines (transfer_limits.hpp), retry budget, resumable .part (part_file.hpp) and cache
// lock (cache_lock.hpp). Listings are in fetch_listing.cpp, one transfer in tile_transfer.cpp.
#include "fetch_curl.hpp"
#include "tile_transfer.hpp"

#include "sezu/fetch/cache_lock.hpp"
#include "sezu/fetch/local_source.hpp"
#include "sezu/core/error.hpp"
#include "sezu/core/log.hpp"
#include "sezu/fetch/progress.hpp"

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <unistd.h>

namespace fs = std::filesystem;

namespace sezu {

namespace {

using detail::Transfer;
using detail::Verdict;
using Clock = Transfer::Clock;

/// The downloads of one fetch_tiles call.
class TileBatch {
public:
    TileBatch(const FetchOptions& options, Fetcher::Impl& impl, const std::vector<TileRef>& tiles)
        : m_options(options), m_impl(impl), m_tiles(tiles), m_result(tiles.size()),
          m_progress(std::cerr, options.progress_plain && !options.quiet && options.progress
                                    ? Progress::Mode::Plain
                                    : Progress::mode_for_stderr(options.quiet || !options.progress))
    {
    }

    /// Locks the entries, takes what the cache has, and sets up a transfer for the rest.
    void prepare();
    /// Runs the transfers to their end; throws FetchError when one fails for good.
    void run();
    std::vector<CachedFile> result() { return std::move(m_result); }

private:
    void finish(Transfer& t, CURLcode rc);
    void retry_later(Transfer& t, const Verdict& v);
    /// Ends the attempts that hit a deadline; true when any did.
    bool end_expired(Clock::time_point now);
    /// How long to poll: until the next deadline or backoff ends, at most 1 s.
    int poll_timeout_ms(Clock::time_point now) const;
    ProgressState snapshot() const;

    const FetchOptions& m_options;
    Fetcher::Impl& m_impl;
    const std::vector<TileRef>& m_tiles;
    std::vector<CachedFile> m_result;
    // Declared before the transfers: the locks are released only after every .part is gone.
    std::vector<CacheLock> m_locks;
    std::vector<std::unique_ptr<Transfer>> m_transfers;
    int m_cached = 0;
    Progress m_progress;
};

void TileBatch::prepare()
{
    const std::string pid = std::to_string(static_cast<long>(getpid()));
    std::error_code ec;
    for (size_t i = 0; i < m_tiles.size(); ++i) {
        const TileRef& tile = m_tiles[i];
        const std::string final_path =
            (fs::path(m_options.cache_dir) / tile.archive.file_name).string();
        const std::string month = tile.archive.first_day.size() >= 6
                                      ? tile.archive.first_day.substr(0, 6)
                                      : std::string("?");
        const std::string context = "(" + month + ", " + tile.tile.name + ")";
        m_impl.check_allowed(tile.url, context);
        if (!m_options.copy_local_source && detail::is_file_url(tile.url)) {
            m_result[i] = local_archive(tile.url, context); // read in place, never copied
            ++m_cached;
            continue;
        }
        m_result[i].url = tile.url;
        m_result[i].path = final_path;
        // Only complete, checked files ever carry the final name, so its presence is proof.
        // Another run sharing the cache may be fetching this very file: wait for it (locks
        // are taken in tile order, so two runs never wait for each other), then look again.
        // Parts left by interrupted runs are dealt with under the lock too: nobody else can
        // be writing them then.
        const bool stale_parts =
            !detail::is_file_url(tile.url) && !part_files_of(final_path).empty();
        if (!fs::is_regular_file(final_path, ec) || stale_parts)
            m_locks.emplace_back(final_path + ".lock");
        if (fs::is_regular_file(final_path, ec)) {
            if (stale_parts)
                remove_parts(final_path); // under the lock taken above
            m_result[i].bytes = static_cast<long long>(fs::file_size(final_path, ec));
            m_result[i].from_cache = true;
            ++m_cached;
            continue;
        }
        auto t = std::make_unique<Transfer>();
        t->tile = &tile;
        t->index = i;
        t->final_path = final_path;
        t->file = detail::is_file_url(tile.url);
        t->context = context;
        t->checkpoint_every = m_options.checkpoint_bytes;
        t->part = std::make_unique<PartFile>(final_path, final_path + ".part." + pid);
        if (t->file)
            remove_parts(final_path); // a local copy is read again, not resumed
        else
            t->pinned_total = recover_part(final_path, tile.url, t->part->path(), t->digest).total;
        m_transfers.push_back(std::move(t));
    }
}

ProgressState TileBatch::snapshot() const
{
    ProgressState s;
    s.files_total = static_cast<int>(m_tiles.size());
    s.files_done = m_cached;
    long long known = 0;
    int known_count = 0;
    int unknown = 0;
    for (const auto& t : m_transfers) {
        s.files_done += t->state == Transfer::Finished ? 1 : 0;
        s.bytes += t->have();
        if (t->expected_total >= 0) {
            known += t->expected_total;
            ++known_count;
        } else {
            ++unknown;
        }
    }
    // Files not started yet are assumed to be as large as the average known one.
    if (known_count > 0)
        s.bytes_expected = known + unknown * (known / known_count);
    return s;
}

void TileBatch::finish(Transfer& t, CURLcode rc)
{
    t.part->close();
    const Verdict v = detail::judge_tile(t, rc, m_options);
    t.detach();
    if (v.kind != Verdict::Done)
        return retry_later(t, v);
    std::error_code ec;
    CachedFile& out = m_result[t.index];
    t.part->commit();
    out.bytes = static_cast<long long>(fs::file_size(t.final_path, ec));
    if (t.digest_known && t.digest.bytes() == out.bytes)
        remember_sha256(t.final_path, t.digest.hex());
    out.from_cache = false;
    t.state = Transfer::Finished;
    t.easy.reset();
    t.offset = out.bytes;
    t.received = 0;
    t.expected_total = t.offset;
    if (!m_options.quiet)
        log::debug("fetch: " + t.tile->archive.file_name + " " + t.context + ", " +
                   std::to_string(t.offset) + " bytes");
}

void TileBatch::retry_later(Transfer& t, const Verdict& v)
{
    t.easy.reset();
    const TransferLimits& limits = m_options.limits;
    // Every attempt counts, also one that received bytes: a server that cuts or stalls every
    // answer must not keep a month busy for ever.
    if (v.kind == Verdict::Fail)
        throw FetchError(v.message + (t.attempts > 1
                                          ? " (after " + std::to_string(t.attempts) + " attempts)"
                                          : std::string()));
    if (t.attempts >= limits.max_attempts)
        throw FetchError(v.message + " (" + gave_up_text(t.attempts) + ")");
    const bool progressed = !v.restart && t.part->size() > t.start_size;
    if (v.restart) {
        t.part->discard();
        t.pinned_total = -1;
    } else {
        t.checkpoint(); // so that even a run killed while waiting leaves a resumable part
    }
    // After progress the server works: no need to wait longer each time.
    const auto wait = retry_delay(limits, progressed ? 2 : t.attempts + 1, double(v.retry_after_s));
    const long long resume_at = t.file ? 0 : t.part->size();
    if (!m_options.quiet) {
        m_progress.interrupt();
        log::info(v.message + "; " + (progressed ? "resuming" : "retrying") +
                  (resume_at > 0 ? " at byte " + std::to_string(resume_at) : std::string()) +
                  " (attempt " + std::to_string(t.attempts + 1) + " of " +
                  std::to_string(limits.max_attempts) + ") in " +
                  seconds_text(double(wait.count()) / 1000.0));
    }
    t.offset = resume_at;
    t.received = 0;
    t.not_before = Clock::now() + wait;
    t.state = Transfer::Waiting;
}

bool TileBatch::end_expired(Clock::time_point now)
{
    bool ended = false;
    for (auto& t : m_transfers) {
        if (t->state != Transfer::Active)
            continue;
        if (const auto why = t->watch.expired(now)) {
            t->limit_hit = *why;
            t->detach(); // aborts the transfer
            finish(*t, CURLE_OPERATION_TIMEDOUT);
            ended = true;
        }
    }
    return ended;
}

int TileBatch::poll_timeout_ms(Clock::time_point now) const
{
    auto next = now + std::chrono::seconds(1);
    for (const auto& t : m_transfers) {
        if (t->state == Transfer::Active)
            next = std::min(next, t->watch.next_check(now));
        else if (t->state == Transfer::Waiting)
            next = std::min(next, t->not_before);
    }
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(next - now).count();
    return static_cast<int>(std::clamp<long long>(ms, 0, 1000));
}

void TileBatch::run()
{
    if (m_transfers.empty())
        return;
    // Progress of the batch; the line names the month, never a URL.
    m_progress.begin(m_tiles.front().archive.first_day.substr(0, 6));
    // A live line must end before any other message (a retry notice, the error) is printed.
    struct LineGuard {
        Progress& p;
        ~LineGuard() { p.interrupt(); }
    } line_guard{m_progress};

    CURLM* multi = m_impl.multi.get();
    // On any exception below, the Transfers' destructors detach their handles and remove their
    // .part files; finished files keep their final names (they are complete and checked).
    for (;;) {
        const auto now = Clock::now();
        int active = 0;
        bool pending = false;
        for (const auto& t : m_transfers)
            active += t->state == Transfer::Active ? 1 : 0;
        for (auto& t : m_transfers) {
            if (t->state != Transfer::Waiting)
                continue;
            pending = true;
            if (active < m_options.parallel && t->not_before <= now) {
                detail::start_attempt(*t, multi, m_options,
                                      m_impl.credential_for(t->tile->url, m_options));
                ++active;
            }
        }
        if (active == 0 && !pending)
            break;

        int running = 0;
        detail::check_multi(curl_multi_perform(multi, &running), "transfer failed");
        int queued = 0;
        bool changed = false;
        while (CURLMsg* msg = curl_multi_info_read(multi, &queued)) {
            if (msg->msg != CURLMSG_DONE)
                continue;
            char* owner = nullptr;
            curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, &owner);
            // Read the result before finish() removes the handle (msg dies with it).
            const CURLcode rc = msg->data.result;
            finish(*reinterpret_cast<Transfer*>(owner), rc);
            changed = true;
        }
        changed = end_expired(Clock::now()) || changed;
        m_progress.update(snapshot());
        if (changed)
            continue; // start the next transfers (or stop) without waiting on the sockets
        // With no transfer running, curl_multi_poll simply sleeps for the timeout: that is the
        // backoff wait.
        detail::check_multi(
            curl_multi_poll(multi, nullptr, 0, poll_timeout_ms(Clock::now()), nullptr),
            "poll failed");
    }
    m_progress.finish(snapshot());
}

} // namespace

Fetcher::Fetcher(FetchOptions options) : m_options(std::move(options)), m_impl(new Impl)
{
    m_options.limits.validate();
    detail::ensure_curl_global();
    m_impl->multi = detail::make_multi();
    m_impl->text_multi = detail::make_multi();
    m_impl->text = detail::make_easy();
    if (m_options.parallel < 1)
        m_options.parallel = 1;
    if (!m_options.source.empty()) {
        const auto origin = source_origin(m_options.source);
        if (origin && (origin->scheme == "http" || origin->scheme == "https"))
            m_impl->http_origin = origin;
    }
    if (!m_options.login) {
        LoginOptions login;
        login.token = m_options.token;
        login.source = m_options.source;
        login.user_agent = m_options.user_agent;
        login.limits = m_options.limits;
        m_options.login = std::make_shared<Login>(login);
    }
}

Fetcher::~Fetcher() = default;

std::vector<CachedFile> Fetcher::fetch_tiles(const std::vector<TileRef>& tiles)
{
    if (tiles.empty())
        return {};
    if (m_options.cache_dir.empty())
        throw ConfigError("fetch: no cache directory is set");
    std::error_code ec;
    fs::create_directories(m_options.cache_dir, ec);
    if (ec)
        throw FetchError("fetch: cannot create the cache directory " + m_options.cache_dir + ": " +
                         ec.message());
    // A browser session is kept alive at the folder the tiles are in (a page it protects).
    const std::string& first = tiles.front().url;
    m_options.login->keep_alive_at(first.substr(0, first.find_last_of('/') + 1));
    TileBatch batch(m_options, *m_impl, tiles);
    batch.prepare();
    batch.run();
    return batch.result();
}

} // namespace sezu

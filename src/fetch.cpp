#include "sezu/fetch.hpp"

#include "sezu/digest.hpp"
#include "sezu/error.hpp"
#include "sezu/listing.hpp"
#include "sezu/log.hpp"
#include "sezu/progress.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <mutex>
#include <random>
#include <sstream>
#include <thread>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

namespace fs = std::filesystem;

namespace sezu {

namespace detail {

// ---------------------------------------------------------------------------------------------
// RAII owners of the C handles

struct CurlEasyDeleter {
    void operator()(CURL* h) const noexcept { curl_easy_cleanup(h); }
};
using CurlEasy = std::unique_ptr<CURL, CurlEasyDeleter>;

struct CurlMultiDeleter {
    void operator()(CURLM* h) const noexcept { curl_multi_cleanup(h); }
};
using CurlMulti = std::unique_ptr<CURLM, CurlMultiDeleter>;

struct FileCloser {
    void operator()(std::FILE* f) const noexcept { std::fclose(f); }
};
using FileHandle = std::unique_ptr<std::FILE, FileCloser>;

void check_curl(CURLcode rc, const char* what)
{
    if (rc != CURLE_OK)
        throw FetchError(std::string("fetch: ") + what + ": " + curl_easy_strerror(rc));
}

void check_multi(CURLMcode rc, const char* what)
{
    if (rc != CURLM_OK)
        throw FetchError(std::string("fetch: ") + what + ": " + curl_multi_strerror(rc));
}

void ensure_curl_global()
{
    // curl_global_init is not thread-safe and must run once per process before any handle.
    static std::once_flag once;
    static CURLcode result = CURLE_OK;
    std::call_once(once, [] { result = curl_global_init(CURL_GLOBAL_DEFAULT); });
    check_curl(result, "cannot initialise libcurl");
}

CurlEasy make_easy()
{
    CurlEasy easy(curl_easy_init());
    if (!easy)
        throw FetchError("fetch: cannot create a curl handle (out of memory?)");
    return easy;
}

/// A download target "<final>.part.<pid>": removed on destruction unless committed, so a failed
/// or interrupted transfer never leaves a half file that could pass for data. Between attempts
/// of one fetch it is kept, so that a cut-off transfer can resume where it stopped.
class PartFile {
public:
    explicit PartFile(std::string path) : m_path(std::move(path)) {}
    ~PartFile()
    {
        m_file.reset();
        if (!m_committed) {
            std::error_code ec;
            fs::remove(m_path, ec);
        }
    }
    PartFile(const PartFile&) = delete;
    PartFile& operator=(const PartFile&) = delete;

    /// Opens for an attempt: appending to what earlier attempts wrote (a resume), or empty.
    void open(bool append)
    {
        m_file.reset(std::fopen(m_path.c_str(), append ? "ab" : "wb"));
        if (!m_file)
            throw FetchError("fetch: cannot create " + m_path + ": " + std::strerror(errno) +
                             " (is the cache directory writable?)");
    }
    std::FILE* get() const { return m_file.get(); }

    /// Empties the open file: the server sent the whole file where a resume was asked for.
    /// In append mode the next write lands at the new end, i.e. at byte 0.
    bool truncate()
    {
        return m_file && std::fflush(m_file.get()) == 0 &&
               ::ftruncate(::fileno(m_file.get()), 0) == 0;
    }

    /// Bytes on disk (0 when the file does not exist).
    long long size() const
    {
        std::error_code ec;
        const auto n = fs::file_size(m_path, ec);
        return ec ? 0 : static_cast<long long>(n);
    }

    /// Flushes and closes; a failure here (disk full) must not be mistaken for success.
    void close()
    {
        if (!m_file)
            return;
        std::FILE* f = m_file.release();
        if (std::fclose(f) != 0)
            throw FetchError("fetch: cannot write " + m_path + ": " + std::strerror(errno) +
                             " (is the disk full?)");
    }

    /// Drops the content, so that the next attempt starts from byte 0.
    void discard()
    {
        m_file.reset();
        std::error_code ec;
        fs::remove(m_path, ec);
    }

    /// Moves the finished file to its final name (atomic within one filesystem).
    void commit(const std::string& final_path)
    {
        close();
        std::error_code ec;
        fs::rename(m_path, final_path, ec);
        if (ec)
            throw FetchError("fetch: cannot rename " + m_path + " to " + final_path + ": " +
                             ec.message());
        m_committed = true;
    }

    const std::string& path() const { return m_path; }

private:
    std::string m_path;
    FileHandle m_file;
    bool m_committed = false;
};

// ---------------------------------------------------------------------------------------------
// Shared policy: options on every handle, classification of outcomes, backoff

/// An exclusive flock on a lock file beside a cache entry, so that runs and ranks sharing one
/// cache never fetch the same file twice at once. The kernel drops it if the process dies.
/// The lock file is removed on release: a process already waiting on the removed file and a
/// newcomer could then both proceed, but each first looks for the finished file, so the worst
/// case (the holder failed) is a second download into its own .part, never a corrupt file.
class CacheLock {
public:
    explicit CacheLock(const std::string& path)
        : m_path(path), m_fd(::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644))
    {
        if (m_fd < 0)
            throw FetchError("fetch: cannot create the cache lock " + path + ": " +
                             std::strerror(errno));
        while (::flock(m_fd, LOCK_EX) != 0)
            if (errno != EINTR) {
                ::close(m_fd);
                throw FetchError("fetch: cannot lock " + path + ": " + std::strerror(errno));
            }
    }
    ~CacheLock()
    {
        if (m_fd >= 0) {
            ::unlink(m_path.c_str());
            ::close(m_fd);
        }
    }
    CacheLock(CacheLock&& o) noexcept : m_path(std::move(o.m_path)), m_fd(o.m_fd) { o.m_fd = -1; }
    CacheLock& operator=(CacheLock&&) = delete;
    CacheLock(const CacheLock&) = delete;
    CacheLock& operator=(const CacheLock&) = delete;

private:
    std::string m_path;
    int m_fd;
};

bool starts_with_nocase(const std::string& s, const char* prefix)
{
    const size_t n = std::strlen(prefix);
    if (s.size() < n)
        return false;
    for (size_t i = 0; i < n; ++i)
        if (std::tolower(static_cast<unsigned char>(s[i])) != prefix[i])
            return false;
    return true;
}

bool is_file_url(const std::string& url)
{
    return starts_with_nocase(url, "file:");
}

std::string redact(const std::string& url)
{
    return redact_url(url);
}

void set_common_options(CURL* h, const FetchOptions& o, char* errbuf)
{
    check_curl(curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L), "CURLOPT_NOSIGNAL");
    check_curl(curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf), "CURLOPT_ERRORBUFFER");
    errbuf[0] = '\0';
    check_curl(curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L), "CURLOPT_FOLLOWLOCATION");
    check_curl(curl_easy_setopt(h, CURLOPT_MAXREDIRS, 10L), "CURLOPT_MAXREDIRS");
    // A redirect may only lead to http(s): a server must not be able to send us to file:// or
    // anything else curl happens to support.
#if LIBCURL_VERSION_NUM >= 0x075500
    check_curl(curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https,file"),
               "CURLOPT_PROTOCOLS_STR");
    check_curl(curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https"),
               "CURLOPT_REDIR_PROTOCOLS_STR");
#else
    check_curl(curl_easy_setopt(h, CURLOPT_PROTOCOLS,
                                long(CURLPROTO_HTTP | CURLPROTO_HTTPS | CURLPROTO_FILE)),
               "CURLOPT_PROTOCOLS");
    check_curl(curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS, long(CURLPROTO_HTTP | CURLPROTO_HTTPS)),
               "CURLOPT_REDIR_PROTOCOLS");
#endif
    check_curl(curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, o.connect_timeout_s),
               "CURLOPT_CONNECTTIMEOUT");
    check_curl(curl_easy_setopt(h, CURLOPT_LOW_SPEED_LIMIT, std::max(1L, o.low_speed_limit)),
               "CURLOPT_LOW_SPEED_LIMIT");
    check_curl(curl_easy_setopt(h, CURLOPT_LOW_SPEED_TIME, o.low_speed_time_s),
               "CURLOPT_LOW_SPEED_TIME");
    check_curl(curl_easy_setopt(h, CURLOPT_USERAGENT, "sezu/" SEZU_VERSION), "CURLOPT_USERAGENT");
    if (!o.token.empty()) {
        // Bearer auth through curl (not a raw header): curl drops it when a redirect leads to
        // another host, so the token only ever goes to the server it was meant for.
        check_curl(curl_easy_setopt(h, CURLOPT_HTTPAUTH, long(CURLAUTH_BEARER)),
                   "CURLOPT_HTTPAUTH");
        check_curl(curl_easy_setopt(h, CURLOPT_XOAUTH2_BEARER, o.token.c_str()),
                   "CURLOPT_XOAUTH2_BEARER");
    }
}

/// Failures worth another attempt: the network or the server may do better next time.
bool transient_curl(CURLcode rc)
{
    switch (rc) {
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_CONNECT:
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_PARTIAL_FILE:
    case CURLE_GOT_NOTHING:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
        return true;
    default:
        return false;
    }
}

bool transient_http(long code)
{
    return code == 408 || code == 429 || (code >= 500 && code <= 599);
}

std::string curl_message(CURLcode rc, const char* errbuf)
{
    // curl's error buffer is the specific message ("Failed to connect to host port 443 after
    // 30001 ms: Timeout was reached"); the generic one only when the buffer is empty.
    return errbuf[0] != '\0' ? std::string(errbuf) : std::string(curl_easy_strerror(rc));
}

std::string http_hint(long code)
{
    if (code == 401 || code == 403)
        return " — is the auth token set and valid?";
    return "";
}

/// Delay before attempt `attempt` (1 = the first retry): exponential, with jitter so that many
/// ranks hitting one server do not retry in lockstep.
std::chrono::milliseconds backoff(const FetchOptions& o, int attempt, long retry_after_s)
{
    static thread_local std::mt19937 rng(std::random_device{}());
    const double base = static_cast<double>(std::max(0L, o.retry_base_ms));
    const double exp = std::min(base * double(1L << std::min(attempt - 1, 20)), 60000.0);
    std::uniform_real_distribution<double> jitter(0.5, 1.0);
    double ms = exp * jitter(rng);
    if (retry_after_s > 0)
        ms = std::max(ms, std::min(double(retry_after_s), 300.0) * 1000.0);
    return std::chrono::milliseconds(static_cast<long long>(ms));
}

std::string seconds_text(std::chrono::milliseconds d)
{
    std::ostringstream os;
    os.precision(1);
    os << std::fixed << double(d.count()) / 1000.0 << " s";
    return os.str();
}

/// What to do after a finished attempt.
struct Verdict {
    enum Kind { Done, Retry, Fail } kind = Done;
    std::string message;      ///< for Retry / Fail; names the URL and the tile
    long retry_after_s = 0;
    bool restart = false;     ///< Retry from byte 0: what the .part holds cannot be continued
};

// ---------------------------------------------------------------------------------------------
// One tile transfer

/// First bytes read back from each download to tell gzip from an HTML page.
constexpr size_t kHeadBytes = 64;

/// Attempts that resumed and received data do not count as failures (a large archive over a
/// flaky link may need several), but a server that cuts every connection must end somewhere.
constexpr int kMaxProgressAttempts = 16;

/// "bytes 100-999/1000", "bytes */1000", "bytes 100-999/*": -1 where absent.
struct ContentRange {
    long long first = -1;
    long long last = -1;
    long long total = -1;
};

ContentRange parse_content_range(const std::string& value)
{
    ContentRange r;
    const char* p = value.c_str();
    while (*p == ' ')
        ++p;
    if (!starts_with_nocase(p, "bytes"))
        return r;
    p += 5;
    while (*p == ' ')
        ++p;
    char* end = nullptr;
    if (*p == '*') {
        ++p;
    } else {
        const long long a = std::strtoll(p, &end, 10);
        if (end == p || *end != '-')
            return r;
        p = end + 1;
        const long long b = std::strtoll(p, &end, 10);
        if (end == p)
            return r;
        p = end;
        r.first = a;
        r.last = b;
    }
    if (*p != '/')
        return r;
    ++p;
    if (*p != '*') {
        const long long t = std::strtoll(p, &end, 10);
        if (end != p)
            r.total = t;
    }
    return r;
}

struct Transfer {
    enum State { Waiting, Active, Finished };

    const TileRef* tile = nullptr;
    size_t index = 0;
    std::string final_path;
    std::string context;                 ///< "(201905, 75N060W)"
    State state = Waiting;
    int attempts = 0;                    ///< attempts started
    int failures = 0;                    ///< attempts that failed without receiving data
    std::chrono::steady_clock::time_point not_before{};

    std::unique_ptr<PartFile> part;
    CurlEasy easy;
    CURLM* attached = nullptr;
    char errbuf[CURL_ERROR_SIZE] = {};
    bool file = false;                   ///< a file:// URL: no headers, no ranges

    // Per attempt
    long long offset = 0;                ///< bytes in the .part when the attempt began
    long long start_size = 0;            ///< the same, kept when a 200 resets `offset`
    long long received = 0;              ///< body bytes written by this attempt
    std::string content_range;           ///< of the latest response
    bool body_seen = false;              ///< the first body byte of this attempt was judged
    bool discard = false;                ///< an error page's body: not data, not written
    bool range_mismatch = false;
    int write_errno = 0;
    long long expected_total = -1;       ///< whole file size, once a response told it

    /// SHA-256 of the .part's bytes as they are written, so the archive is not read again just
    /// to hash it (remembered on the cached file: digest.hpp). A resume from bytes this process
    /// did not see leaves it unknown; the file is then hashed when first read.
    Sha256 digest;
    bool digest_known = true;

    Transfer() = default;
    Transfer(const Transfer&) = delete;
    Transfer& operator=(const Transfer&) = delete;
    ~Transfer() { detach(); }

    /// Takes the handle out of the multi handle (aborting it if still running). Must happen
    /// before the easy handle is cleaned up.
    void detach() noexcept
    {
        if (attached && easy)
            curl_multi_remove_handle(attached, easy.get());
        attached = nullptr;
    }

    void reset_attempt(long long resume_at)
    {
        offset = resume_at;
        start_size = resume_at;
        received = 0;
        content_range.clear();
        body_seen = false;
        discard = false;
        range_mismatch = false;
        write_errno = 0;
        errbuf[0] = '\0';
    }

    /// Bytes of the file on disk so far (for progress).
    long long have() const { return offset + received; }

    std::string where() const { return redact(tile->url) + " " + context; }
};

size_t on_tile_header(char* data, size_t size, size_t count, void* user)
{
    auto* t = static_cast<Transfer*>(user);
    const size_t n = size * count;
    const std::string line(data, n);
    // Each response of a redirect chain starts with a status line; only the last one's
    // headers describe the body.
    if (starts_with_nocase(line, "http/"))
        t->content_range.clear();
    else if (starts_with_nocase(line, "content-range:")) {
        std::string value = line.substr(std::strlen("content-range:"));
        while (!value.empty() && std::isspace(static_cast<unsigned char>(value.back())))
            value.pop_back();
        t->content_range = value;
    }
    return n;
}

/// Decides, at the first body byte of an attempt, where the body goes.
bool accept_body(Transfer& t)
{
    t.body_seen = true;
    if (t.file)
        return true;
    CURL* h = t.easy.get();
    long code = 0;
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
    if (code < 200 || code > 299) {
        // An error page (503 "busy", 404 text) is neither data nor part of the file: keeping it
        // out of the .part keeps a later resume valid.
        t.discard = true;
        return true;
    }
    curl_off_t length = -1;
    curl_easy_getinfo(h, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &length);
    if (code == 206) {
        const ContentRange r = parse_content_range(t.content_range);
        if (r.first != t.offset) {
            t.range_mismatch = true;
            return false;
        }
        t.expected_total = r.total >= 0 ? r.total : (length >= 0 ? t.offset + length : -1);
        return true;
    }
    // A full body: the server ignored our Range (or none was sent). Start the file over.
    t.expected_total = length >= 0 ? static_cast<long long>(length) : -1;
    if (t.offset > 0) {
        if (!t.part->truncate()) {
            t.write_errno = errno;
            return false;
        }
        t.offset = 0;
    }
    return true;
}

size_t on_tile_data(char* data, size_t size, size_t count, void* user)
{
    auto* t = static_cast<Transfer*>(user);
    const size_t n = size * count;
    if (!t->body_seen && !accept_body(*t))
        return 0; // makes curl stop with CURLE_WRITE_ERROR
    if (t->discard)
        return n;
    if (std::fwrite(data, 1, n, t->part->get()) != n) {
        t->write_errno = errno;
        return 0;
    }
    const long long at = t->offset + t->received; // where these bytes went in the .part
    if (at == 0) {
        t->digest.reset();
        t->digest_known = true;
    }
    if (t->digest_known && at == t->digest.bytes())
        t->digest.update(data, n);
    else
        t->digest_known = false;
    t->received += static_cast<long long>(n);
    return n;
}

bool looks_like_html(const unsigned char* head, size_t len, const char* content_type)
{
    if (content_type && std::strstr(content_type, "html"))
        return true;
    size_t i = 0;
    while (i < len && std::isspace(head[i]))
        ++i;
    return i < len && head[i] == '<';
}

/// The first bytes of a (closed) file.
size_t read_head(const std::string& path, unsigned char* head)
{
    FileHandle f(std::fopen(path.c_str(), "rb"));
    return f ? std::fread(head, 1, kHeadBytes, f.get()) : 0;
}

/// Judges a finished attempt; the .part is closed, so its size and first bytes are final.
Verdict judge_tile(Transfer& t, CURLcode rc, const FetchOptions& options)
{
    CURL* h = t.easy.get();
    long code = 0;
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
    const long long size = t.part->size();
    if (t.range_mismatch)
        return {Verdict::Retry,
                "fetch: " + t.where() + ": asked for bytes " + std::to_string(t.offset) +
                    "- but the server sent \"" + t.content_range + "\"; starting over",
                0, true};
    if (rc != CURLE_OK) {
        if (rc == CURLE_WRITE_ERROR && t.write_errno != 0)
            return {Verdict::Fail,
                    "fetch: cannot write " + t.part->path() + " for " + t.where() + ": " +
                        std::strerror(t.write_errno) + " (is the disk full?)",
                    0, false};
        if (t.file && (rc == CURLE_FILE_COULDNT_READ_FILE || rc == CURLE_READ_ERROR))
            return {Verdict::Fail,
                    "fetch: cannot read " + t.where() + ": " + curl_message(rc, t.errbuf) +
                        " (is the file missing from the source?)",
                    0, false};
        if (rc == CURLE_PARTIAL_FILE && t.expected_total >= 0)
            return {Verdict::Retry,
                    "fetch: " + t.where() + ": the connection closed after " +
                        std::to_string(size) + " of " + std::to_string(t.expected_total) +
                        " bytes",
                    0, t.file};
        return {transient_curl(rc) ? Verdict::Retry : Verdict::Fail,
                "fetch: " + t.where() + ": " + curl_message(rc, t.errbuf) +
                    (t.received > 0 ? " after " + std::to_string(size) + " bytes" : ""),
                0, t.file};
    }
    if (!t.file && code == 416 && t.offset > 0) {
        // "Range Not Satisfiable" for bytes=N-: fine when N is the whole size (the previous
        // attempt got everything and only the connection's end went wrong).
        const ContentRange r = parse_content_range(t.content_range);
        if (r.total < 0 || r.total != size)
            return {Verdict::Retry,
                    "fetch: " + t.where() + ": cannot resume at byte " + std::to_string(size) +
                        " (HTTP 416, the server has " +
                        (r.total < 0 ? std::string("an unknown size") : std::to_string(r.total)) +
                        "); starting over",
                    0, true};
        t.expected_total = r.total;
    } else if (!t.file && (code < 200 || code > 299)) {
        curl_off_t retry_after = 0;
#if LIBCURL_VERSION_NUM >= 0x074200
        curl_easy_getinfo(h, CURLINFO_RETRY_AFTER, &retry_after);
#endif
        return {transient_http(code) ? Verdict::Retry : Verdict::Fail,
                "fetch: HTTP " + std::to_string(code) + " for " + t.where() + http_hint(code),
                static_cast<long>(retry_after), false};
    } else if (!t.file) {
        curl_off_t length = -1;
        curl_easy_getinfo(h, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &length);
        const long long expected = code == 206 ? parse_content_range(t.content_range).total
                                               : static_cast<long long>(length);
        // curl itself reports most short bodies as CURLE_PARTIAL_FILE; this catches the rest
        // (and a Content-Range total that disagrees with what arrived).
        if ((length >= 0 && length != t.received) || (expected >= 0 && expected != size))
            return {Verdict::Retry,
                    "fetch: got " + std::to_string(size) + " of " +
                        std::to_string(expected >= 0 ? expected : t.offset + length) +
                        " bytes for " + t.where(),
                    0, false};
    }
    unsigned char head[kHeadBytes];
    const size_t head_len = read_head(t.part->path(), head);
    if (head_len < 2 || head[0] != 0x1f || head[1] != 0x8b) {
        const char* content_type = nullptr;
        curl_easy_getinfo(h, CURLINFO_CONTENT_TYPE, &content_type);
        if (looks_like_html(head, head_len, content_type))
            return {Verdict::Fail,
                    "fetch: " + t.where() +
                        ": got an HTML page instead of data — is the auth token set?" +
                        (options.token.empty() && !t.file ? " (no token is configured)" : ""),
                    0, false};
        if (size == 0)
            return {Verdict::Fail, "fetch: " + t.where() + ": the file is empty", 0, false};
        char hex[16];
        std::snprintf(hex, sizeof hex, "%02x %02x", head[0], head_len > 1 ? head[1] : 0);
        return {Verdict::Fail,
                "fetch: " + t.where() + ": not gzip data (starts with " + hex +
                    ", expected 1f 8b)",
                0, false};
    }
    return {Verdict::Done, "", 0, false};
}

// ---------------------------------------------------------------------------------------------
// Text (listings)

/// Listings are a few kB; anything far larger is not a listing.
constexpr size_t kMaxTextBytes = 64u << 20;

struct TextSink {
    std::string body;
    bool too_large = false;
};

size_t on_text_data(char* data, size_t size, size_t count, void* user)
{
    auto* sink = static_cast<TextSink*>(user);
    const size_t n = size * count;
    if (sink->body.size() + n > kMaxTextBytes) {
        sink->too_large = true;
        return 0;
    }
    sink->body.append(data, n);
    return n;
}

} // namespace detail

// ---------------------------------------------------------------------------------------------
// Fetcher

struct Fetcher::Impl {
    detail::CurlMulti multi;
    detail::CurlEasy text;   ///< reused for listings so connections to the server are kept
};

Fetcher::Fetcher(FetchOptions options) : m_options(std::move(options)), m_impl(new Impl)
{
    detail::ensure_curl_global();
    m_impl->multi.reset(curl_multi_init());
    if (!m_impl->multi)
        throw FetchError("fetch: cannot create a curl multi handle (out of memory?)");
    m_impl->text = detail::make_easy();
    if (m_options.parallel < 1)
        m_options.parallel = 1;
    if (m_options.retries < 0)
        m_options.retries = 0;
}

Fetcher::~Fetcher() = default;

std::optional<std::string> Fetcher::get_text(const std::string& url)
{
    using namespace detail;
    const bool file = is_file_url(url);
    const bool folder = !url.empty() && url.back() == '/';
    const std::string target = file && folder ? url + "index.html" : url;
    CURL* h = m_impl->text.get();
    for (int attempt = 0;; ++attempt) {
        curl_easy_reset(h);
        char errbuf[CURL_ERROR_SIZE];
        set_common_options(h, m_options, errbuf);
        TextSink sink;
        check_curl(curl_easy_setopt(h, CURLOPT_URL, target.c_str()), "CURLOPT_URL");
        check_curl(curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_text_data),
                   "CURLOPT_WRITEFUNCTION");
        check_curl(curl_easy_setopt(h, CURLOPT_WRITEDATA, &sink), "CURLOPT_WRITEDATA");
        // Listings compress well; let the server choose an encoding curl can undo.
        check_curl(curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, ""), "CURLOPT_ACCEPT_ENCODING");
        const CURLcode rc = curl_easy_perform(h);
        long code = 0;
        curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);

        std::string failure;
        long retry_after = 0;
        bool transient = false;
        if (rc != CURLE_OK) {
            if (sink.too_large)
                throw FetchError("fetch: " + redact(target) + " is larger than " +
                                 std::to_string(kMaxTextBytes >> 20) +
                                 " MiB; that is not a listing (check the source URL)");
            if (file && rc == CURLE_FILE_COULDNT_READ_FILE)
                return std::nullopt; // discover_month lists a plain folder itself
            failure = "fetch: " + redact(target) + ": " + curl_message(rc, errbuf);
            transient = transient_curl(rc);
        } else if (!file && (code == 404 || code == 410)) {
            return std::nullopt;
        } else if (!file && (code < 200 || code > 299)) {
            failure = "fetch: HTTP " + std::to_string(code) + " for " + redact(target) +
                      http_hint(code);
            transient = transient_http(code);
#if LIBCURL_VERSION_NUM >= 0x074200
            curl_off_t ra = 0;
            curl_easy_getinfo(h, CURLINFO_RETRY_AFTER, &ra);
            retry_after = static_cast<long>(ra);
#endif
        } else {
            return std::move(sink.body);
        }
        if (!transient || attempt >= m_options.retries)
            throw FetchError(failure + (attempt > 0 ? " (after " + std::to_string(attempt + 1) +
                                                          " attempts)"
                                                    : ""));
        const auto wait = backoff(m_options, attempt + 1, retry_after);
        if (!m_options.quiet)
            log::info(failure + "; retry " + std::to_string(attempt + 1) + " of " +
                      std::to_string(m_options.retries) + " in " + seconds_text(wait));
        std::this_thread::sleep_for(wait);
    }
}

std::vector<CachedFile> Fetcher::fetch_tiles(const std::vector<TileRef>& tiles)
{
    using namespace detail;
    using Clock = std::chrono::steady_clock;

    std::vector<CachedFile> result(tiles.size());
    if (tiles.empty())
        return result;
    if (m_options.cache_dir.empty())
        throw ConfigError("fetch: no cache directory is set");
    std::error_code ec;
    fs::create_directories(m_options.cache_dir, ec);
    if (ec)
        throw FetchError("fetch: cannot create the cache directory " + m_options.cache_dir +
                         ": " + ec.message());

    const std::string pid = std::to_string(static_cast<long>(getpid()));
    std::vector<std::unique_ptr<Transfer>> transfers;
    std::vector<CacheLock> locks; // held until this batch is done, whatever happens
    int cached = 0;
    for (size_t i = 0; i < tiles.size(); ++i) {
        const TileRef& tile = tiles[i];
        const std::string final_path =
            (fs::path(m_options.cache_dir) / tile.archive.file_name).string();
        result[i].url = tile.url;
        result[i].path = final_path;
        // Only complete, checked files ever carry the final name, so its presence is proof.
        // Another run sharing the cache may be fetching this very file: wait for it (locks
        // are taken in tile order, so two runs never wait for each other), then look again.
        if (!fs::is_regular_file(final_path, ec))
            locks.emplace_back(final_path + ".lock");
        if (fs::is_regular_file(final_path, ec)) {
            result[i].bytes = static_cast<long long>(fs::file_size(final_path, ec));
            result[i].from_cache = true;
            ++cached;
            continue;
        }
        auto t = std::make_unique<Transfer>();
        t->tile = &tile;
        t->index = i;
        t->final_path = final_path;
        t->file = is_file_url(tile.url);
        const std::string month = tile.archive.first_day.size() >= 6
                                      ? tile.archive.first_day.substr(0, 6)
                                      : std::string("?");
        t->context = "(" + month + ", " + tile.tile.name + ")";
        t->part = std::make_unique<PartFile>(final_path + ".part." + pid);
        transfers.push_back(std::move(t));
    }
    if (transfers.empty())
        return result;

    // Progress of the batch; the line names the month, never a URL.
    Progress progress(std::cerr,
                      Progress::mode_for_stderr(m_options.quiet || !m_options.progress));
    progress.begin(tiles.front().archive.first_day.substr(0, 6));
    const auto snapshot = [&] {
        ProgressState s;
        s.files_total = static_cast<int>(tiles.size());
        s.files_done = cached;
        long long known = 0;
        int known_count = 0;
        int unknown = 0;
        for (const auto& t : transfers) {
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
    };
    // A live line must end before any other message (a retry notice, the error) is printed.
    struct LineGuard {
        Progress& p;
        ~LineGuard() { p.interrupt(); }
    } line_guard{progress};

    CURLM* multi = m_impl->multi.get();
    const auto start = [&](Transfer& t) {
        // Resume only over http(s) and only what an earlier attempt left; file:// is re-read.
        const long long resume_at = t.file ? 0 : t.part->size();
        t.reset_attempt(resume_at);
        t.part->open(resume_at > 0);
        t.easy = make_easy();
        CURL* h = t.easy.get();
        set_common_options(h, m_options, t.errbuf);
        check_curl(curl_easy_setopt(h, CURLOPT_URL, t.tile->url.c_str()), "CURLOPT_URL");
        check_curl(curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_tile_data),
                   "CURLOPT_WRITEFUNCTION");
        check_curl(curl_easy_setopt(h, CURLOPT_WRITEDATA, &t), "CURLOPT_WRITEDATA");
        check_curl(curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_tile_header),
                   "CURLOPT_HEADERFUNCTION");
        check_curl(curl_easy_setopt(h, CURLOPT_HEADERDATA, &t), "CURLOPT_HEADERDATA");
        if (resume_at > 0) {
            // CURLOPT_RANGE rather than CURLOPT_RESUME_FROM: with the latter curl fails the
            // transfer when the server answers 200, and we want to take that full body instead.
            const std::string range = std::to_string(resume_at) + "-";
            check_curl(curl_easy_setopt(h, CURLOPT_RANGE, range.c_str()), "CURLOPT_RANGE");
        }
        check_curl(curl_easy_setopt(h, CURLOPT_PRIVATE, &t), "CURLOPT_PRIVATE");
        check_multi(curl_multi_add_handle(multi, h), "cannot start a transfer");
        t.attached = multi;
        t.state = Transfer::Active;
        ++t.attempts;
    };

    const auto finish = [&](Transfer& t, CURLcode rc) {
        t.part->close();
        const Verdict v = judge_tile(t, rc, m_options);
        t.detach();
        if (v.kind == Verdict::Done) {
            t.part->commit(t.final_path);
            result[t.index].bytes = static_cast<long long>(fs::file_size(t.final_path, ec));
            if (t.digest_known && t.digest.bytes() == result[t.index].bytes)
                remember_sha256(t.final_path, t.digest.hex());
            result[t.index].from_cache = false;
            t.state = Transfer::Finished;
            t.easy.reset();
            t.offset = result[t.index].bytes;
            t.received = 0;
            t.expected_total = t.offset;
            if (!m_options.quiet)
                log::debug("fetch: " + t.tile->archive.file_name + " " + t.context + ", " +
                           std::to_string(t.offset) + " bytes");
            return;
        }
        t.easy.reset();
        // Progress means the file grew: a server that ignores Range and cuts every answer at
        // the same byte receives data each time but gets nowhere.
        const bool progressed =
            v.kind == Verdict::Retry && !v.restart && t.part->size() > t.start_size;
        if (v.restart)
            t.part->discard();
        if (!progressed)
            ++t.failures;
        const int progress_attempts = t.attempts - t.failures;
        if (v.kind == Verdict::Fail || t.failures > m_options.retries ||
            progress_attempts > kMaxProgressAttempts)
            throw FetchError(v.message + (t.attempts > 1 ? " (after " +
                                                               std::to_string(t.attempts) +
                                                               " attempts)"
                                                         : ""));
        const auto wait = backoff(m_options, std::max(1, t.failures), v.retry_after_s);
        const long long resume_at = t.file ? 0 : t.part->size();
        if (!m_options.quiet) {
            progress.interrupt();
            log::info(v.message + "; " +
                      (progressed ? std::string("resuming")
                                  : "retry " + std::to_string(t.failures) + " of " +
                                        std::to_string(m_options.retries)) +
                      (resume_at > 0 ? " at byte " + std::to_string(resume_at) : "") + " in " +
                      seconds_text(wait));
        }
        t.offset = resume_at;
        t.received = 0;
        t.not_before = Clock::now() + wait;
        t.state = Transfer::Waiting;
    };

    // On any exception below, the Transfers' destructors detach their handles and remove their
    // .part files; finished files keep their final names (they are complete and checked).
    for (;;) {
        const auto now = Clock::now();
        int active = 0;
        bool pending = false;
        auto next_start = Clock::time_point::max();
        for (const auto& t : transfers)
            active += t->state == Transfer::Active ? 1 : 0;
        for (auto& t : transfers) {
            if (t->state != Transfer::Waiting)
                continue;
            pending = true;
            if (active < m_options.parallel && t->not_before <= now) {
                start(*t);
                ++active;
            } else if (t->not_before > now) {
                next_start = std::min(next_start, t->not_before);
            }
        }
        if (active == 0 && !pending)
            break;

        int running = 0;
        check_multi(curl_multi_perform(multi, &running), "transfer failed");
        int queued = 0;
        bool changed = false;
        while (CURLMsg* msg = curl_multi_info_read(multi, &queued)) {
            if (msg->msg != CURLMSG_DONE)
                continue;
            char* owner = nullptr;
            curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, &owner);
            auto* t = reinterpret_cast<Transfer*>(owner);
            // Read the result before finish() removes the handle (msg dies with it).
            const CURLcode rc = msg->data.result;
            finish(*t, rc);
            changed = true;
        }
        progress.update(snapshot());
        if (changed)
            continue; // start the next transfers (or stop) without waiting on the sockets

        int timeout_ms = 1000;
        if (next_start != Clock::time_point::max()) {
            const auto until = std::chrono::duration_cast<std::chrono::milliseconds>(
                next_start - Clock::now());
            timeout_ms = static_cast<int>(std::clamp<long long>(until.count(), 0, 1000));
        }
        // With no transfer running, curl_multi_poll simply sleeps for the timeout: that is the
        // backoff wait.
        check_multi(curl_multi_poll(multi, nullptr, 0, timeout_ms, nullptr), "poll failed");
    }
    progress.finish(snapshot());
    return result;
}

DiscoveredMonth discover_month(Fetcher& fetcher, const std::string& source_template,
                               const ProductSpec& product, const YearMonth& month)
{
    const std::string url = expand_source_template(source_template, month, product);
    const std::optional<std::string> text = fetcher.get_text(url);
    // A local folder without an index.html is listed from the disk.
    const std::optional<std::vector<ListingEntry>> listed =
        text ? parse_listing(*text, url)
             : detail::is_file_url(url) ? list_local_folder(url) : std::nullopt;
    if (!listed) {
        DiscoveredMonth none;
        none.month = month;
        none.listing_url = url;
        none.availability = Availability::NotPublished;
        none.reason = "no listing at " + detail::redact(url);
        return none;
    }
    const std::vector<ListingEntry>& entries = *listed;
    DiscoveredMonth found = group_listing(month, product, url, entries);
    if (found.availability == Availability::NotPublished &&
        std::none_of(entries.begin(), entries.end(), [](const ListingEntry& e) {
            return e.name.find(".tgz") != std::string::npos;
        }))
        found.reason += " (the page lists no .tgz archives; if it is a login page, set the auth "
                        "token)";
    return found;
}

} // namespace sezu

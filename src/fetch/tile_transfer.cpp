#include "tile_transfer.hpp"

#include "sezu/core/redact.hpp"

#include <cctype>
#include <cerrno>
#include <cstring>

namespace sezu::detail {

namespace {

/// First bytes read back from each download to tell gzip from an HTML page.
constexpr size_t kHeadBytes = 64;

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
        // A part taken over from another run is only continued with the file it came from.
        if (r.first != t.offset ||
            (t.pinned_total >= 0 && r.total >= 0 && r.total != t.pinned_total)) {
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
    t->watch.on_body(static_cast<long long>(n), Transfer::Clock::now());
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
        t->checkpointed = 0;
    }
    if (t->digest_known && at == t->digest.bytes())
        t->digest.update(data, n);
    else
        t->digest_known = false;
    t->received += static_cast<long long>(n);
    if (t->checkpoint_every > 0 && t->digest.bytes() - t->checkpointed >= t->checkpoint_every)
        t->checkpoint();
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
    StdioFile f(path, "rb");
    return f ? std::fread(head, 1, kHeadBytes, f.get()) : 0;
}

/// The verdict on a failed curl transfer (rc != CURLE_OK).
Verdict judge_curl_failure(Transfer& t, CURLcode rc, const FetchOptions& options, long long size)
{
    if (rc == CURLE_WRITE_ERROR && t.write_errno != 0)
        return {Verdict::Fail,
                "fetch: cannot write " + t.part->path() + " for " + t.where() + ": " +
                    std::strerror(t.write_errno) + " (is the disk full?)",
                0, false};
    if (t.file && (rc == CURLE_FILE_COULDNT_READ_FILE || rc == CURLE_READ_ERROR))
        return {Verdict::Fail,
                "fetch: cannot read " + t.where() + ": " +
                    curl_message(t.easy.get(), rc, t.errbuf, options.limits) +
                    " (is the file missing from the source?)",
                0, false};
    if (rc == CURLE_PARTIAL_FILE && t.expected_total >= 0)
        return {Verdict::Retry,
                "fetch: " + t.where() + ": the connection closed after " + std::to_string(size) +
                    " of " + std::to_string(t.expected_total) + " bytes",
                0, t.file};
    return {transient_curl(rc) ? Verdict::Retry : Verdict::Fail,
            "fetch: " + t.where() + ": " +
                curl_message(t.easy.get(), rc, t.errbuf, options.limits) +
                (t.received > 0 ? " after " + std::to_string(size) + " bytes" : ""),
            0, t.file};
}

/// The verdict when the server refused the login (sent a login page, or 401 / 403): one more
/// attempt when the login has a newer credential, else what the user has to do. `restart`:
/// the .part holds the refusal's page.
Verdict refused(Transfer& t, const FetchOptions& options, const std::string& base,
                const std::string& login_url, bool restart)
{
    if (t.credential && options.login && options.login->renew(*t.credential))
        return {Verdict::Retry, base + "; trying again with the renewed login", 0, restart};
    const std::string advice =
        options.login ? options.login->refused_advice(redact_url(login_url)) : std::string();
    return {Verdict::Fail, base + (advice.empty() ? "" : "; " + advice), 0, false};
}

/// The verdict on the first bytes of a complete download: gzip, or an HTML page, or junk.
Verdict judge_content(Transfer& t, const FetchOptions& options, long long size)
{
    unsigned char head[kHeadBytes];
    const size_t head_len = read_head(t.part->path(), head);
    if (head_len >= 2 && head[0] == 0x1f && head[1] == 0x8b)
        return {Verdict::Done, "", 0, false};
    const char* content_type = nullptr;
    curl_easy_getinfo(t.easy.get(), CURLINFO_CONTENT_TYPE, &content_type);
    if (looks_like_html(head, head_len, content_type)) {
        const bool none = !options.login || options.login->kind() == LoginKind::None;
        return refused(t, options,
                       "fetch: " + t.where() +
                           ": got an HTML page instead of data — is the auth token set?" +
                           (none && !t.file ? " (no token is configured)" : ""),
                       t.file ? std::string() : redirected_to(t.easy.get()), true);
    }
    if (size == 0)
        return {Verdict::Fail, "fetch: " + t.where() + ": the file is empty", 0, false};
    char hex[16];
    std::snprintf(hex, sizeof hex, "%02x %02x", head[0], head_len > 1 ? head[1] : 0);
    return {Verdict::Fail,
            "fetch: " + t.where() + ": not gzip data (starts with " + hex + ", expected 1f 8b)", 0,
            false};
}

} // namespace

void Transfer::detach() noexcept
{
    if (attached && easy)
        curl_multi_remove_handle(attached, easy.get());
    attached = nullptr;
}

void Transfer::checkpoint()
{
    if (file || !digest_known || digest.bytes() != offset + received || digest.bytes() == 0)
        return;
    part->checkpoint(tile->url, expected_total, digest);
    checkpointed = digest.bytes();
}

void start_attempt(Transfer& t, CURLM* multi, const FetchOptions& options,
                   std::optional<Credential> credential)
{
    t.credential = std::move(credential);
    // Resume only over http(s) and only what the .part holds; file:// is read again.
    const long long resume_at = t.file ? 0 : t.part->size();
    t.offset = resume_at;
    t.start_size = resume_at;
    t.received = 0;
    t.content_range.clear();
    t.body_seen = false;
    t.discard = false;
    t.range_mismatch = false;
    t.write_errno = 0;
    t.limit_hit.clear();
    t.part->open(resume_at > 0);
    t.easy = make_easy();
    CURL* h = t.easy.get();
    set_common_options(h, t.tile->url, options, t.errbuf,
                       t.credential ? &*t.credential : nullptr);
    check_curl(curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_tile_data), "CURLOPT_WRITEFUNCTION");
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
    t.watch = TransferWatch(options.limits, Transfer::Clock::now());
    ++t.attempts;
}

Verdict judge_tile(Transfer& t, CURLcode rc, const FetchOptions& options)
{
    CURL* h = t.easy.get();
    long code = 0;
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
    const long long size = t.part->size();
    if (!t.limit_hit.empty())
        return {Verdict::Retry,
                "fetch: " + t.where() + ": " + t.limit_hit +
                    (size > 0 ? " at byte " + std::to_string(size) : std::string()),
                0, t.file};
    if (t.range_mismatch)
        return {Verdict::Retry,
                "fetch: " + t.where() + ": asked for bytes " + std::to_string(t.offset) + "-" +
                    (t.pinned_total >= 0 ? " of " + std::to_string(t.pinned_total) : "") +
                    " but the server sent \"" + t.content_range + "\"; starting over",
                0, true};
    if (rc != CURLE_OK)
        return judge_curl_failure(t, rc, options, size);
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
    } else if (!t.file && (code == 401 || code == 403)) {
        return refused(t, options,
                       "fetch: HTTP " + std::to_string(code) + " for " + t.where() +
                           http_hint(code),
                       "", false);
    } else if (!t.file && (code < 200 || code > 299)) {
        return {transient_http(code) ? Verdict::Retry : Verdict::Fail,
                "fetch: HTTP " + std::to_string(code) + " for " + t.where() + http_hint(code),
                retry_after_of(h), false};
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
    return judge_content(t, options, size);
}

} // namespace sezu::detail

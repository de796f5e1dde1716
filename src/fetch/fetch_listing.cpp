// Listings: Fetcher::get_text (one page at a time, with the same deadlines and retry budget as
// the tiles), and discover_month / discover_months on top of it.
#include "fetch_curl.hpp"

#include "sezu/core/error.hpp"
#include "sezu/discover/listing.hpp"
#include "sezu/core/log.hpp"
#include "sezu/fetch/transfer_limits.hpp"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <filesystem>
#include <thread>

namespace fs = std::filesystem;

namespace sezu {

namespace detail {
namespace {

using Clock = TransferWatch::Clock;

/// Listings are a few kB; anything far larger is not a listing.
constexpr size_t kMaxTextBytes = 64u << 20;

struct TextSink {
    std::string body;
    bool too_large = false;
    TransferWatch* watch = nullptr;
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
    sink->watch->on_body(static_cast<long long>(n), Clock::now());
    return n;
}

/// Runs one prepared handle to its end or until `watch` sees a limit hit (then returns the
/// limit's words and the transfer is abandoned).
std::string perform_watched(CURLM* multi, CURL* h, TransferWatch& watch, CURLcode& rc)
{
    check_multi(curl_multi_add_handle(multi, h), "cannot start a transfer");
    struct Detach {
        CURLM* m;
        CURL* h;
        ~Detach() { curl_multi_remove_handle(m, h); }
    } detach{multi, h};
    for (;;) {
        int running = 0;
        check_multi(curl_multi_perform(multi, &running), "transfer failed");
        int queued = 0;
        while (CURLMsg* msg = curl_multi_info_read(multi, &queued))
            if (msg->msg == CURLMSG_DONE) {
                rc = msg->data.result;
                return "";
            }
        const auto now = Clock::now();
        if (const auto why = watch.expired(now))
            return *why;
        const auto until =
            std::chrono::duration_cast<std::chrono::milliseconds>(watch.next_check(now) - now);
        const int timeout_ms = static_cast<int>(std::clamp<long long>(until.count(), 1, 1000));
        check_multi(curl_multi_poll(multi, nullptr, 0, timeout_ms, nullptr), "poll failed");
    }
}

/// The outcome of one attempt at a listing.
struct TextAttempt {
    std::optional<std::string> body; ///< set when done (also for "not there": see missing)
    bool missing = false;            ///< 404 / 410 / no such file
    std::string failure;             ///< when failed
    bool transient = false;
    long retry_after = 0;
};

} // namespace
} // namespace detail

namespace {

detail::TextAttempt get_text_once(Fetcher::Impl& impl, const FetchOptions& options,
                                  const std::string& url, const std::string& target)
{
    using namespace detail;
    const bool file = is_file_url(url);
    CURL* h = impl.text.get();
    curl_easy_reset(h);
    char errbuf[CURL_ERROR_SIZE];
    const std::optional<Credential> credential = impl.credential_for(target, options);
    set_common_options(h, target, options, errbuf, credential ? &*credential : nullptr);
    TransferWatch watch(options.limits, Clock::now());
    TextSink sink;
    sink.watch = &watch;
    check_curl(curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_text_data), "CURLOPT_WRITEFUNCTION");
    check_curl(curl_easy_setopt(h, CURLOPT_WRITEDATA, &sink), "CURLOPT_WRITEDATA");
    // Listings compress well; let the server choose an encoding curl can undo.
    check_curl(curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, ""), "CURLOPT_ACCEPT_ENCODING");
    CURLcode rc = CURLE_OK;
    const std::string limit_hit = perform_watched(impl.text_multi.get(), h, watch, rc);
    long code = 0;
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);

    TextAttempt a;
    if (!limit_hit.empty()) {
        a.failure = "fetch: " + target + ": " + limit_hit;
        a.transient = true;
    } else if (rc != CURLE_OK) {
        if (sink.too_large)
            throw FetchError("fetch: " + target + " is larger than " +
                             std::to_string(kMaxTextBytes >> 20) +
                             " MiB; that is not a listing (check the source URL)");
        if (file && rc == CURLE_FILE_COULDNT_READ_FILE) {
            a.missing = true; // discover_month lists a plain folder itself
            return a;
        }
        a.failure = "fetch: " + target + ": " + curl_message(h, rc, errbuf, options.limits);
        a.transient = transient_curl(rc);
    } else if (!file && (code == 404 || code == 410)) {
        a.missing = true;
    } else if ((credential && (code == 401 || code == 403)) ||
               (!file && is_login_redirect(target, redirected_to(h), credential.has_value()))) {
        // The login was refused (or none given): once more when the login has a newer
        // credential, else the one message that says what to do and names the login page (a
        // login page must not pass for a listing without files: "not published").
        const std::string login_url = code == 401 || code == 403 ? "" : redirected_to(h);
        const std::string base = login_url.empty()
                                     ? "fetch: HTTP " + std::to_string(code) + " for " + target +
                                           http_hint(code)
                                     : "fetch: " + target + ": not a listing";
        if (credential && options.login->renew(*credential)) {
            a.failure = base + "; trying again with the renewed login";
            a.transient = true;
        } else {
            throw LoginError(base + "; " + options.login->refused_advice(login_url));
        }
    } else if (!file && (code < 200 || code > 299)) {
        a.failure = "fetch: HTTP " + std::to_string(code) + " for " + target + http_hint(code);
        a.transient = transient_http(code);
        a.retry_after = retry_after_of(h);
    } else {
        a.body = std::move(sink.body);
        if (credential)
            options.login->keep_alive_at(target);
    }
    return a;
}

} // namespace

std::optional<std::string> Fetcher::get_text(const std::string& url)
{
    using namespace detail;
    const bool folder = !url.empty() && url.back() == '/';
    const std::string target = is_file_url(url) && folder ? url + "index.html" : url;
    m_impl->check_allowed(target, "(a listing)");
    const TransferLimits& limits = m_options.limits;
    for (int attempt = 1;; ++attempt) {
        TextAttempt a = get_text_once(*m_impl, m_options, url, target);
        if (a.missing)
            return std::nullopt;
        if (a.failure.empty())
            return std::move(a.body);
        if (!a.transient)
            throw FetchError(a.failure + (attempt > 1
                                              ? " (after " + std::to_string(attempt) + " attempts)"
                                              : std::string()));
        if (attempt >= limits.max_attempts)
            throw FetchError(a.failure + " (" + gave_up_text(attempt) + ")");
        const auto wait = retry_delay(limits, attempt + 1, double(a.retry_after));
        if (!m_options.quiet)
            log::info(a.failure + "; attempt " + std::to_string(attempt + 1) + " of " +
                      std::to_string(limits.max_attempts) + " in " +
                      seconds_text(double(wait.count()) / 1000.0));
        std::this_thread::sleep_for(wait);
    }
}

namespace {

/// The listing of one satellite's month (discover_month without --satellite auto).
DiscoveredMonth discover_satellite(Fetcher& fetcher, const std::string& source_template,
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
        none.reason = "no listing at " + redact_url(url);
        return none;
    }
    const std::vector<ListingEntry>& entries = *listed;
    DiscoveredMonth found = group_listing(month, product, url, entries);
    // A listing is the server's word: it may name where a tile is, not make us read local files.
    for (const auto& t : found.tiles)
        check_listing_link(url, t.url, t.archive.file_name);
    if (found.availability == Availability::NotPublished &&
        std::none_of(entries.begin(), entries.end(), [](const ListingEntry& e) {
            return e.name.find(".tgz") != std::string::npos;
        }))
        found.reason += " (the page lists no .tgz archives; if it is a login page, set the auth "
                        "token)";
    return found;
}

ProductSpec with_satellite(ProductSpec product, const std::string& satellite)
{
    product.satellite = satellite;
    return product;
}

/// A month Suomi NPP lacks may be NOAA-20's (EOG's 2022-08): when `other`'s folder is another
/// one ({satfolder} or {sat} in the template) and has the month whole, the reason says so, and
/// the user chooses. Its listing failing changes nothing.
void note_other_satellite(Fetcher& fetcher, const std::string& source_template,
                          const ProductSpec& other, DiscoveredMonth& found)
{
    const std::string url = expand_source_template(source_template, found.month, other);
    if (url == found.listing_url)
        return;
    try {
        if (discover_satellite(fetcher, source_template, other, found.month).availability ==
            Availability::Complete)
            found.reason += "; " + satellite_title(other.satellite) + " (" + other.satellite +
                            ") has this month: --satellite auto takes it where Suomi NPP has "
                            "none";
    } catch (const FetchError&) {
    }
}

} // namespace

DiscoveredMonth discover_month(Fetcher& fetcher, const std::string& source_template,
                               const ProductSpec& product, const YearMonth& month)
{
    const std::vector<std::string>& order = eog_satellites();
    if (product.satellite != "auto") {
        DiscoveredMonth found = discover_satellite(fetcher, source_template, product, month);
        if (found.availability == Availability::NotPublished && product.satellite == order[0])
            note_other_satellite(fetcher, source_template, with_satellite(product, order[1]),
                                 found);
        return found;
    }
    // --satellite auto: Suomi NPP, else NOAA-20 for a month Suomi NPP lacks (2022-08 exists
    // only for NOAA-20); the month's satellite goes into the archive.
    DiscoveredMonth preferred =
        discover_satellite(fetcher, source_template, with_satellite(product, order[0]), month);
    if (preferred.availability == Availability::Complete)
        return preferred;
    DiscoveredMonth fallback =
        discover_satellite(fetcher, source_template, with_satellite(product, order[1]), month);
    if (fallback.availability == Availability::Complete) {
        log::info(month.to_string() + ": " + satellite_title(order[0]) + " " +
                  to_string(preferred.availability) + "; " + satellite_title(order[1]) +
                  "'s tiles used instead");
        return fallback;
    }
    preferred.reason += "; nor " + satellite_title(order[1]) + ": " + fallback.reason;
    const std::string text = resolve_source_preset(source_template);
    if (text.find("{satfolder}") == std::string::npos && text.find("{sat}") == std::string::npos)
        preferred.reason += " (EOG keeps NOAA-20's months in a NOAA-20/ folder of the month: put "
                            "{satfolder} before {cfg} in the source template)";
    return preferred;
}

std::vector<DiscoveredMonth> discover_months(Fetcher& fetcher, const std::string& source_template,
                                             const ProductSpec& product,
                                             const std::vector<YearMonth>& months)
{
    std::vector<DiscoveredMonth> found;
    found.reserve(months.size());
    for (const auto& month : months) {
        try {
            found.push_back(discover_month(fetcher, source_template, product, month));
        } catch (const FetchError& e) {
            DiscoveredMonth failed;
            failed.month = month;
            failed.availability = Availability::NotPublished;
            // With --satellite auto the listing tried first is Suomi NPP's.
            failed.listing_url = expand_source_template(
                source_template, month,
                with_satellite(product, product.satellite == "auto" ? eog_satellites()[0]
                                                                    : product.satellite));
            failed.error = e.what();
            for (const auto& spec : tile_specs())
                failed.missing.push_back(spec.name);
            found.push_back(std::move(failed));
        }
    }
    return found;
}

} // namespace sezu

#pragma once
// Private to the fetch stage: the state of a Login (login.cpp) and how a request carries it
// (fetch_curl.cpp): the bearer token through curl's bearer auth, cookies through a cookie store
// shared by the process's handles (curl's cookie engine: cookies go only to the host they
// belong to, and what the server sets, e.g. a renewed session cookie, reaches every handle).
#include "fetch_curl.hpp"

#include "sezu/discover/url.hpp"
#include "sezu/fetch/login.hpp"

#include <array>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <thread>

namespace sezu {

namespace detail {
using CurlShare = CHandle<CURLSH, curl_share_cleanup>;
} // namespace detail

struct Login::Impl {
    using Clock = std::chrono::steady_clock;

    LoginOptions options;
    LoginKind kind = LoginKind::None;
    std::optional<UrlOrigin> origin; ///< the source's, when http(s)

    std::mutex mutex; ///< guards everything below but the share (which has its own locks)
    Credential credential;
    unsigned long forced = 0; ///< the generation got by the last forced renewal

    // OAuth2
    OAuthClient client;
    Clock::time_point token_expires{};
    std::string refresh_token;
    Clock::time_point refresh_expires{};

    // Cookies
    detail::CurlShare share;
    std::array<std::mutex, CURL_LOCK_DATA_LAST> share_locks;
    std::string keep_alive_url;
    std::string expired_at; ///< the login URL a keep-alive request was sent to
    std::thread keeper;
    std::condition_variable wake;
    std::atomic<bool> stop{false}; ///< the Login ends: the keep-alive stops, even mid-request

    /// The cookie store of `h` becomes the shared one (cookie logins only).
    void attach_cookies(CURL* h) const;
};

} // namespace sezu

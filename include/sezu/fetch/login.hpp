#pragma once
/// Logging in to the source, in the ways EOG allows today (see /work/shared/viirs.md and
/// docs/operations.md "Logging in to EOG"): a bearer token from a file that the user's own
/// refresher rewrites (re-read whenever it changed), OAuth2 against a token endpoint with a
/// subscriber's client id and secret (access tokens of ~5 minutes, refreshed before they
/// expire), or a browser session exported as a Netscape cookie file (kept alive by a request
/// every ~30 s while the run lasts). Secrets (tokens, client secret, password, cookie values)
/// are never part of a message, a log line, the archive or the cache; they go only to the
/// source's origin (the client secret only to the token endpoint).
#include "sezu/core/error.hpp"
#include "sezu/fetch/transfer_limits.hpp"

#include <memory>
#include <ostream>
#include <string>
#include <vector>

namespace sezu {

/// EOG's Keycloak token endpoint (realm `eog`, since 2025).
inline constexpr const char* kEogTokenEndpoint =
    "https://eogauth.mines.edu/realms/eog/protocol/openid-connect/token";

/// A login that stopped working during the run (a refused refresh, an expired browser session):
/// fails the month like any FetchError; the message says what the user has to do.
class LoginError : public FetchError {
public:
    using FetchError::FetchError;
};

enum class LoginKind {
    None,      ///< no credential: public sources (NOAA, a local folder)
    Token,     ///< a fixed bearer token (the environment variable)
    TokenFile, ///< a bearer token in a file, re-read whenever it changed
    OAuth2,    ///< client credentials or password grant against a token endpoint
    Cookie,    ///< a browser session from a Netscape cookie file
};
std::string to_string(LoginKind kind);
std::ostream& operator<<(std::ostream& os, LoginKind kind);

/// How to log in. At most one of token_file, client_file and cookie_file is set; `token` (the
/// environment's) is used only when none of them is.
struct LoginOptions {
    std::string token;       ///< a fixed bearer token
    std::string token_file;  ///< first line: the bearer token
    std::string client_file; ///< OAuth2 client (format: parse_oauth_client)
    std::string token_endpoint = kEogTokenEndpoint;
    std::string cookie_file; ///< Netscape cookie file (parse_netscape_cookies)
    std::string source;      ///< URL template or preset: its origin alone gets the credential
    std::string user_agent;  ///< for the token endpoint and keep-alive requests
    double keep_alive_s = 30; ///< cookie sessions: one request this often
    /// An access token is renewed when it has less than min(this, a quarter of its lifetime)
    /// left, so that a request never starts with a token about to expire.
    double refresh_margin_s = 60;
    TransferLimits limits; ///< deadlines and attempts of the token endpoint's requests

    /// Throws ConfigError when more than one of the files is set.
    LoginKind kind() const;
};

/// An OAuth2 client as a subscriber receives it. File format: one `key = value` per line,
/// `#` comments and blank lines ignored; keys `client_id`, `client_secret` (required), and
/// `username` with `password` for the password grant (both or neither). Values may be quoted
/// with "..." (kept verbatim inside).
struct OAuthClient {
    std::string client_id;
    std::string client_secret;
    std::string username;
    std::string password;
    bool password_grant() const { return !username.empty(); }
};
/// Parses the text of a client file; throws ConfigError naming `file`, the line and the key
/// (never a value).
OAuthClient parse_oauth_client(const std::string& text, const std::string& file);

/// One line of a Netscape cookie file (curl -c, browser "cookies.txt" exports):
/// domain, include-subdomains flag, path, secure flag, expiry (Unix seconds, 0 = session),
/// name, value, tab-separated; `#HttpOnly_` before the domain marks an HttpOnly cookie.
struct Cookie {
    std::string domain; ///< without a leading '.' and without `#HttpOnly_`
    bool include_subdomains = false;
    std::string path = "/";
    bool secure = false;
    long long expires = 0; ///< Unix seconds; 0: a session cookie
    std::string name;
    std::string value;
    bool http_only = false;
};
/// Every cookie of a Netscape cookie file's text; comments and blank lines skipped. Throws
/// ConfigError naming `file` and the line for a line that is not 7 tab-separated fields.
std::vector<Cookie> parse_netscape_cookies(const std::string& text, const std::string& file);
/// The cookies that a browser would send to `host` (domain match, RFC 6265 5.1.3).
std::vector<Cookie> cookies_for_host(const std::vector<Cookie>& cookies, const std::string& host);

/// A token endpoint's answer (RFC 6749 5.1).
struct TokenAnswer {
    std::string access_token;
    double expires_in = 0;    ///< seconds; 0 when not given
    std::string refresh_token; ///< empty when not given
    double refresh_expires_in = 0;
};
/// Parses a successful answer; throws LoginError when it has no access_token.
TokenAnswer parse_token_answer(const std::string& json_text);
/// "invalid_client: Invalid client credentials" from an error answer (RFC 6749 5.2), or ""
/// when the text is not one. Only the fields meant for people; never echoes anything else.
std::string token_error_of(const std::string& json_text);

/// What one request is sent with.
struct Credential {
    std::string bearer;           ///< "Authorization: Bearer"; empty: none
    bool cookies = false;         ///< the session cookies go with it
    unsigned long generation = 0; ///< changes whenever the credential does
};

/// The login of one process, shared (std::shared_ptr) by its fetchers and thread-safe: a
/// fetcher working ahead in a thread and the one in hand use the same token or session.
class Login {
public:
    /// Reads the files that exist from the start (token file, client file, cookie file) and
    /// checks them: unreadable, empty, malformed, a client file readable by others, a cookie
    /// file without a cookie for the source's host: ConfigError. Contacts no server.
    explicit Login(LoginOptions options);
    ~Login();
    Login(const Login&) = delete;
    Login& operator=(const Login&) = delete;

    LoginKind kind() const;
    const LoginOptions& options() const;

    /// Gets the first credential now (OAuth2: the first token): any failure is a ConfigError,
    /// so that a bad secret stops a run before it starts.
    void check();
    /// The credential for a request starting now: the token file re-read if it changed, an
    /// access token renewed when it is about to expire. Throws LoginError when a renewal fails.
    Credential current();
    /// After the server refused `used` (a login page, 401, 403): true when a newer credential
    /// exists or could be had (the token file changed; a fresh OAuth2 token), so that one more
    /// attempt makes sense. Throws LoginError when the renewal itself fails.
    bool renew(const Credential& used);
    /// What the user should do after the server refused the login at `url` by sending us to
    /// `login_url` (empty: answered 401/403): names the login URL, never a secret.
    std::string refused_advice(const std::string& login_url) const;
    /// Cookie sessions: keeps the session alive by a request to `url` (a page of the source the
    /// session protects) every keep_alive_s, from now until the Login ends. Other kinds: no-op.
    void keep_alive_at(const std::string& url);

    struct Impl; ///< src/fetch/login_curl.hpp
    /// The state, for the fetch stage's own code (the cookie store a request attaches).
    Impl& impl() const { return *m_impl; }

private:
    std::unique_ptr<Impl> m_impl;
};

} // namespace sezu

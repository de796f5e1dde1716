#pragma once
// Private to the test HTTP server: what it answers a request (http_response.cpp), apart from
// the event loop that sends it (http_server.cpp).
#include "http_server.hpp"

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace sezu::test::detail {

/// What the server answers: status, Content-Type, body and extra header lines (without CRLF).
struct Response {
    int status = 200;
    std::string type = "text/plain";
    std::string body;
    std::vector<std::string> headers;
};

/// The server's settings a request is answered under (a copy taken under the server's lock).
struct ServerSettings {
    std::string root;
    std::string token; ///< required as "Authorization: Bearer <token>" when not empty
    bool token_redirect = true;
    bool ranges = true;
    HttpHandler handler; ///< answers the path instead of the file tree, when set
};

/// The request whose head (request line and headers, up to the blank line) is `head`.
HttpRequest parse_request(const std::string& head);

/// The answer to `req`: the login page, a refusal without the token, what `fault` answers
/// instead (status, redirects, 404), or the file or folder at the request's path (a Range
/// honoured when the settings allow it). Faults of timing and length are the sender's.
Response answer(const HttpRequest& req, const ServerSettings& settings,
                const std::optional<Fault>& fault);

/// The login authority's state (http_login.cpp): tokens and sessions given out, with their ends.
/// Used under the server's lock.
class LoginState {
public:
    explicit LoginState(LoginAuthority authority);
    /// The answer instead of the path (a token endpoint's answer, the login page, a 302 to it),
    /// or nothing when the request carries a live token or session and may be served.
    std::optional<Response> handle(const HttpRequest& req);
    std::string issue_token();
    std::string open_session();
    void set_client_secret(const std::string& secret) { m_authority.client_secret = secret; }
    std::vector<std::string> secrets() const { return m_secrets; }

private:
    using Clock = std::chrono::steady_clock;
    Response grant(const std::map<std::string, std::string>& form);
    std::string new_secret(const char* kind);

    LoginAuthority m_authority;
    std::map<std::string, Clock::time_point> m_tokens;   ///< access token -> end
    std::map<std::string, Clock::time_point> m_refresh;  ///< refresh token -> end
    std::map<std::string, Clock::time_point> m_sessions; ///< session -> last use
    std::vector<std::string> m_secrets;
    int m_counter = 0;
};

/// "OK", "Partial Content", ... for a status code.
std::string reason(int status);

} // namespace sezu::test::detail

#pragma once
// Private to the test HTTP server: what it answers a request (http_response.cpp), apart from
// the event loop that sends it (http_server.cpp).
#include "http_server.hpp"

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
};

/// The request whose head (request line and headers, up to the blank line) is `head`.
HttpRequest parse_request(const std::string& head);

/// The answer to `req`: the login page, a refusal without the token, what `fault` answers
/// instead (status, redirects, 404), or the file or folder at the request's path (a Range
/// honoured when the settings allow it). Faults of timing and length are the sender's.
Response answer(const HttpRequest& req, const ServerSettings& settings,
                const std::optional<Fault>& fault);

/// "OK", "Partial Content", ... for a status code.
std::string reason(int status);

} // namespace sezu::test::detail

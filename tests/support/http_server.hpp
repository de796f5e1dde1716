#pragma once
/// A small HTTP/1.1 server for tests: 127.0.0.1 on a free port, one thread (an event loop, so
/// parallel transfers and a stalled one proceed side by side), a bounded lifetime. It serves a
/// directory tree (e.g. a mirror from sezu::write_mirror): index.html for folders (or a
/// generated listing), "Range: bytes=N-" (206 + Content-Range, 416 past the end), an optional
/// bearer-token check, and faults injected per path. Every request is recorded with its headers
/// and the status answered, so tests can assert on what the client sent.
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace sezu::test {

/// A misbehaviour for the next requests of one path.
struct Fault {
    enum class Kind {
        Status,        ///< answer `status` (e.g. a 503 burst) with a short text body
        DropAfter,     ///< send `after_bytes` of the body, then close the connection
        StallAfter,    ///< send the headers and `after_bytes`, go silent for `stall`, then carry
                       ///< on (0 bytes: headers then silence; a long stall: stalled for good)
        LoginRedirect, ///< 302 to /login, an HTML page that answers 200
        WrongLength,   ///< announce `extra_length` more bytes than the body has, then close
        NotFound,      ///< 404 although the file exists
        Silence,       ///< accept the request and never answer (not even headers)
        Trickle,       ///< send `after_bytes` of the body, then 1 byte every 1/bytes_per_second s
        Redirect,      ///< `status` (302, or 303 as NASA's cloud answers) to `location`
    };
    Kind kind = Kind::Status;
    int times = 1; ///< requests it spoils; -1 = all
    int status = 503;
    long long after_bytes = 0;
    std::chrono::milliseconds stall{0};
    long long extra_length = 0;
    double bytes_per_second = 0;
    std::string location;

    static Fault status_burst(int status, int times);
    static Fault drop_after(long long bytes, int times = 1);
    static Fault stall_after(long long bytes, std::chrono::milliseconds stall, int times = 1);
    static Fault login_redirect(int times = -1);
    static Fault wrong_length(long long extra, int times = 1);
    static Fault not_found(int times = -1);
    static Fault silence(int times = -1);
    static Fault trickle(long long after_bytes, double bytes_per_second, int times = -1);
    static Fault redirect(const std::string& location, int times = -1, int status = 302);
};

/// A login like EOG's (a Keycloak token endpoint and mod_auth_openidc sessions) on the test
/// server: data requests need a live access token or a live session cookie, others are sent
/// (302) to the login page on another origin, as EOG sends them to eogauth.mines.edu.
struct LoginAuthority {
    std::string client_id = "sezu-test-client";
    std::string client_secret;
    std::string username; ///< with password: the password grant is offered
    std::string password;
    std::chrono::milliseconds token_lifetime{1000}; ///< access tokens ("5 minutes" at EOG)
    bool refresh_tokens = true;                      ///< answers carry a refresh token
    std::chrono::milliseconds session_idle{1000};    ///< a session unused this long ends
    /// Where refused requests are sent ("http://localhost:PORT/realms/eog/...auth?..."): the
    /// login page, on another origin than the data.
    std::string login_url;
};
/// The token endpoint's path on the test server.
inline const std::string kTokenPath = "/realms/eog/protocol/openid-connect/token";
/// The name of EOG's session cookie.
inline const std::string kSessionCookie = "mod_auth_openidc_session";

/// One request as the server saw it.
struct HttpRequest {
    std::string method;
    std::string target;                                ///< as sent, e.g. "/a%20b/?x=1"
    std::string path;                                  ///< decoded, without the query
    std::map<std::string, std::string> headers;        ///< names lower-cased
    int status = 0;                                    ///< what the server answered
    std::string body;                                  ///< a POST's form
    std::string header(const std::string& name) const; ///< "" when absent
};

/// What a handler (HttpServer::answer_with) answers a request.
struct HttpAnswer {
    int status = 200;
    std::string type = "application/json";
    std::string body;
};
using HttpHandler = std::function<HttpAnswer(const HttpRequest&)>;

class HttpServer {
public:
    /// Serves the files under `root`; stops after `lifetime` even if the test hangs.
    explicit HttpServer(std::string root,
                        std::chrono::milliseconds lifetime = std::chrono::seconds(60));
    ~HttpServer();
    HttpServer(const HttpServer&) = delete;
    HttpServer& operator=(const HttpServer&) = delete;

    int port() const;
    /// "http://127.0.0.1:PORT" + path.
    std::string url(const std::string& path = "/") const;

    /// From now on requests without "Authorization: Bearer <token>" are answered with a 302
    /// to /login (an HTML page, 200), like the EOG server, or with 401 when `redirect` is false.
    void require_token(const std::string& token, bool redirect = true);
    /// From now on data requests need a live token or session of `authority` (and POSTs to
    /// kTokenPath get tokens from it); the bearer token of require_token is then ignored.
    void require_login(const LoginAuthority& authority);
    /// A new access token, as a user's own refresher would get one (lives token_lifetime).
    std::string issue_token();
    /// A new browser session (as after a login in the browser): its cookie's value.
    std::string open_session();
    /// From now on the client must present this secret (a refresh with the old one fails
    /// with invalid_client, as after a revoked or changed subscription).
    void set_client_secret(const std::string& secret);
    /// Every access token and session value given out so far (to look for them in files).
    std::vector<std::string> secrets_issued() const;
    /// From now on "Range" is ignored: every data request gets the whole file with 200, as
    /// some servers do.
    void disable_ranges();
    /// Adds a fault for `path` (decoded, e.g. "/2019/201905/vcmcfg/NAME.tgz"); several faults
    /// of one path apply in the order they were added.
    void inject(const std::string& path, const Fault& fault);
    /// From now on requests for `path` are answered by `handler` (after the token check and
    /// the faults), e.g. a search API that computes its answer from the query. It runs on the
    /// server's thread.
    void answer_with(const std::string& path, HttpHandler handler);

    std::vector<HttpRequest> requests() const;
    std::vector<HttpRequest> requests_for(const std::string& path) const;
    int count(const std::string& path) const;

private:
    struct State;
    std::unique_ptr<State> m_state;
};

} // namespace sezu::test

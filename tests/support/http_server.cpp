#include "http_server.hpp"
#include "http_server_util.hpp"

#include "sezu/discover/url.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <list>
#include <mutex>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace fs = std::filesystem;

namespace sezu::test {

using namespace detail;

namespace {

using Clock = std::chrono::steady_clock;

const char* const kLoginPage = "<!DOCTYPE html>\n<html><head><title>Sign in</title></head>"
                               "<body><form action=\"/login\">Sign in</form></body></html>\n";

/// A response being sent on one connection.
struct Connection {
    int fd = -1;
    std::string in;
    bool responding = false;
    std::string out;
    size_t sent = 0;
    size_t limit = std::string::npos; ///< stop here, then close or stall
    bool stall_at_limit = false;
    std::chrono::milliseconds stall{0};
    Clock::time_point resume_at{};           ///< while stalled: when to go on
    size_t trickle_from = std::string::npos; ///< from here on, one byte per 1/trickle_bps s
    double trickle_bps = 0;
    bool done = false;
};

} // namespace

struct HttpServer::State {
    std::string root;
    Clock::time_point deadline;
    int listen_fd = -1;
    int port = 0;
    std::atomic<bool> stop{false};
    std::thread thread;

    mutable std::mutex mutex; // guards everything below
    std::string token;
    bool token_redirect = true;
    bool ranges = true;
    std::map<std::string, std::vector<Fault>> faults;
    std::vector<HttpRequest> seen;

    void run();
    void respond(Connection& c);
    void build(Connection& c, HttpRequest& req);
};

void HttpServer::State::run()
{
    std::list<Connection> conns;
    while (!stop && Clock::now() < deadline) {
        std::vector<pollfd> fds;
        fds.push_back({listen_fd, POLLIN, 0});
        const auto now = Clock::now();
        for (auto& c : conns) {
            short events = 0;
            if (!c.responding)
                events = POLLIN;
            else if (c.resume_at <= now)
                events = POLLOUT;
            fds.push_back({c.fd, events, 0});
        }
        ::poll(fds.data(), fds.size(), 10);

        if (fds[0].revents & POLLIN) {
            for (;;) {
                const int fd = ::accept(listen_fd, nullptr, nullptr);
                if (fd < 0)
                    break;
                ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
                Connection c;
                c.fd = fd;
                conns.push_back(std::move(c));
            }
        }
        size_t k = 1;
        for (auto it = conns.begin(); it != conns.end(); ++it, ++k) {
            Connection& c = *it;
            if (k >= fds.size())
                break; // accepted in this round: polled next time
            const short rev = fds[k].revents;
            if (!c.responding && (rev & (POLLIN | POLLHUP | POLLERR))) {
                char buf[8192];
                const ssize_t n = ::recv(c.fd, buf, sizeof buf, 0);
                if (n <= 0) {
                    c.done = true;
                    continue;
                }
                c.in.append(buf, static_cast<size_t>(n));
                if (c.in.find("\r\n\r\n") != std::string::npos)
                    respond(c);
                else if (c.in.size() > 65536)
                    c.done = true;
            }
            if (c.responding && Clock::now() >= c.resume_at && (rev & (POLLOUT | POLLERR))) {
                const size_t end = std::min(c.limit, c.out.size());
                if (c.sent < end) {
                    const bool trickling = c.sent >= c.trickle_from;
                    const size_t chunk =
                        trickling
                            ? 1
                            : std::min<size_t>({end - c.sent, 65536, c.trickle_from - c.sent});
                    const ssize_t n = ::send(c.fd, c.out.data() + c.sent, chunk, MSG_NOSIGNAL);
                    if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK) {
                        c.done = true;
                        continue;
                    }
                    if (n > 0)
                        c.sent += static_cast<size_t>(n);
                    if (n > 0 && trickling)
                        c.resume_at =
                            Clock::now() +
                            std::chrono::microseconds(static_cast<long long>(1e6 / c.trickle_bps));
                }
                if (c.sent >= c.out.size()) {
                    ::shutdown(c.fd, SHUT_WR);
                    c.done = true;
                } else if (c.sent >= c.limit) {
                    if (c.stall_at_limit) {
                        c.resume_at = Clock::now() + c.stall;
                        c.limit = std::string::npos;
                        c.stall_at_limit = false;
                    } else {
                        c.done = true; // dropped mid-body
                    }
                }
            }
        }
        for (auto it = conns.begin(); it != conns.end();) {
            if (it->done) {
                ::close(it->fd);
                it = conns.erase(it);
            } else {
                ++it;
            }
        }
    }
    for (auto& c : conns)
        ::close(c.fd);
    // Refuse new connections too: a client still trying gets an error, not a queue that is
    // never served (a test of a hang then fails instead of hanging).
    ::shutdown(listen_fd, SHUT_RDWR);
}

void HttpServer::State::respond(Connection& c)
{
    HttpRequest req;
    std::istringstream in(c.in.substr(0, c.in.find("\r\n\r\n") + 2));
    std::string line;
    std::getline(in, line);
    std::istringstream first(line);
    first >> req.method >> req.target;
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r')
            line.pop_back();
        const size_t colon = line.find(':');
        if (colon == std::string::npos)
            continue;
        std::string value = line.substr(colon + 1);
        while (!value.empty() && value.front() == ' ')
            value.erase(0, 1);
        while (!value.empty() && value.back() == ' ')
            value.pop_back();
        req.headers[lower(line.substr(0, colon))] = value;
    }
    req.path = url_decode(req.target.substr(0, req.target.find_first_of("?#")));
    build(c, req);
    c.responding = true;
    std::lock_guard<std::mutex> lock(mutex);
    seen.push_back(std::move(req));
}

void HttpServer::State::build(Connection& c, HttpRequest& req)
{
    std::optional<Fault> fault;
    std::string required_token;
    bool redirect = true;
    bool use_ranges = true;
    {
        std::lock_guard<std::mutex> lock(mutex);
        use_ranges = ranges;
        required_token = token;
        redirect = token_redirect;
        auto it = faults.find(req.path);
        if (it != faults.end()) {
            for (auto& f : it->second) {
                if (f.times == 0)
                    continue;
                if (f.times > 0)
                    --f.times;
                fault = f;
                break;
            }
        }
    }

    int status = 200;
    std::string body;
    std::vector<std::string> extra;
    std::string type = "text/plain";
    long long declared = -1;

    const auto redirect_to_login = [&] {
        status = 302;
        extra.push_back("Location: /login");
        body = "see /login";
    };

    if (req.path == "/login") {
        body = kLoginPage;
        type = "text/html";
    } else if (!required_token.empty() &&
               req.header("authorization") != "Bearer " + required_token) {
        if (redirect) {
            redirect_to_login();
        } else {
            status = 401;
            body = "unauthorized";
        }
    } else if (fault && fault->kind == Fault::Kind::Status) {
        status = fault->status;
        body = "fault: HTTP " + std::to_string(status);
    } else if (fault && fault->kind == Fault::Kind::LoginRedirect) {
        redirect_to_login();
    } else if (fault && fault->kind == Fault::Kind::Redirect) {
        status = 302;
        extra.push_back("Location: " + fault->location);
        body = "moved";
    } else if (fault && fault->kind == Fault::Kind::NotFound) {
        status = 404;
        body = "not found";
    } else {
        const bool escapes = ("/" + req.path + "/").find("/../") != std::string::npos;
        const fs::path local = fs::path(root) / req.path.substr(req.path.empty() ? 0 : 1);
        std::error_code ec;
        if (escapes || req.path.empty() || req.path[0] != '/') {
            status = 404;
            body = "not found";
        } else if (fs::is_directory(local, ec)) {
            if (req.path.back() != '/') {
                status = 301;
                extra.push_back("Location: " + req.path + "/");
            } else if (read_whole((local / "index.html").string(), body)) {
                type = "text/html";
            } else {
                // A plain folder: list it the way a minimal autoindex would.
                std::vector<std::string> names;
                for (const auto& e : fs::directory_iterator(local, ec))
                    names.push_back(e.path().filename().string() + (e.is_directory() ? "/" : ""));
                std::sort(names.begin(), names.end());
                body = "<html><body><a href=\"../\">Parent Directory</a>\n";
                for (const auto& n : names)
                    body += "<a href=\"" + n + "\">" + n + "</a>\n";
                body += "</body></html>\n";
                type = "text/html";
            }
        } else if (read_whole(local.string(), body)) {
            type = content_type(local.string());
            extra.push_back("Accept-Ranges: bytes");
            const std::string range = use_ranges ? req.header("range") : std::string();
            long long start = -1;
            long long last = -1;
            if (range.rfind("bytes=", 0) == 0) {
                const std::string spec = range.substr(6);
                const size_t dash = spec.find('-');
                if (dash != std::string::npos && dash > 0) {
                    start = std::stoll(spec.substr(0, dash));
                    if (dash + 1 < spec.size())
                        last = std::stoll(spec.substr(dash + 1));
                }
            }
            const long long size = static_cast<long long>(body.size());
            if (start >= size) {
                status = 416;
                extra.push_back("Content-Range: bytes */" + std::to_string(size));
                body.clear();
            } else if (start >= 0) {
                const long long end = last >= start && last < size ? last : size - 1;
                status = 206;
                extra.push_back("Content-Range: bytes " + std::to_string(start) + "-" +
                                std::to_string(end) + "/" + std::to_string(size));
                body =
                    body.substr(static_cast<size_t>(start), static_cast<size_t>(end - start + 1));
            }
        } else {
            status = 404;
            body = "not found";
        }
    }

    const bool data = status == 200 || status == 206;
    if (fault && data && fault->kind == Fault::Kind::WrongLength)
        declared = static_cast<long long>(body.size()) + fault->extra_length;
    std::string head = "HTTP/1.1 " + std::to_string(status) + " " + reason(status) + "\r\n";
    head += "Content-Type: " + type + "\r\n";
    head += "Content-Length: " +
            std::to_string(declared >= 0 ? declared : static_cast<long long>(body.size())) + "\r\n";
    head += "Connection: close\r\n";
    for (const auto& h : extra)
        head += h + "\r\n";
    head += "\r\n";
    c.out = head + body;
    c.sent = 0;
    if (fault && data && fault->kind == Fault::Kind::DropAfter) {
        c.limit = head.size() + static_cast<size_t>(fault->after_bytes);
    } else if (fault && data && fault->kind == Fault::Kind::StallAfter) {
        c.limit = head.size() + static_cast<size_t>(fault->after_bytes);
        c.stall_at_limit = true;
        c.stall = fault->stall;
    } else if (fault && data && fault->kind == Fault::Kind::Trickle) {
        c.trickle_from = head.size() + static_cast<size_t>(fault->after_bytes);
        c.trickle_bps = fault->bytes_per_second;
    } else if (fault && fault->kind == Fault::Kind::Silence) {
        c.limit = 0; // not even the status line; until the server ends
        c.stall_at_limit = true;
        c.stall = std::chrono::hours(1);
    }
    req.status = status;
}

HttpServer::HttpServer(std::string root, std::chrono::milliseconds lifetime) : m_state(new State)
{
    State& s = *m_state;
    s.root = std::move(root);
    s.deadline = Clock::now() + lifetime;
    s.listen_fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    if (s.listen_fd < 0)
        throw std::runtime_error("http_server: socket() failed");
    const int one = 1;
    ::setsockopt(s.listen_fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0; // a free port, chosen by the kernel
    if (::bind(s.listen_fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
        ::listen(s.listen_fd, 64) != 0) {
        ::close(s.listen_fd);
        throw std::runtime_error("http_server: cannot listen on 127.0.0.1");
    }
    socklen_t len = sizeof addr;
    ::getsockname(s.listen_fd, reinterpret_cast<sockaddr*>(&addr), &len);
    s.port = ntohs(addr.sin_port);
    s.thread = std::thread([&s] { s.run(); });
}

HttpServer::~HttpServer()
{
    m_state->stop = true;
    m_state->thread.join();
    ::close(m_state->listen_fd);
}

int HttpServer::port() const
{
    return m_state->port;
}

std::string HttpServer::url(const std::string& path) const
{
    return "http://127.0.0.1:" + std::to_string(m_state->port) + path;
}

void HttpServer::require_token(const std::string& token, bool redirect)
{
    std::lock_guard<std::mutex> lock(m_state->mutex);
    m_state->token = token;
    m_state->token_redirect = redirect;
}

void HttpServer::disable_ranges()
{
    std::lock_guard<std::mutex> lock(m_state->mutex);
    m_state->ranges = false;
}

void HttpServer::inject(const std::string& path, const Fault& fault)
{
    std::lock_guard<std::mutex> lock(m_state->mutex);
    m_state->faults[path].push_back(fault);
}

std::vector<HttpRequest> HttpServer::requests() const
{
    std::lock_guard<std::mutex> lock(m_state->mutex);
    return m_state->seen;
}

std::vector<HttpRequest> HttpServer::requests_for(const std::string& path) const
{
    std::vector<HttpRequest> out;
    for (auto& r : requests())
        if (r.path == path)
            out.push_back(r);
    return out;
}

int HttpServer::count(const std::string& path) const
{
    return static_cast<int>(requests_for(path).size());
}

} // namespace sezu::test

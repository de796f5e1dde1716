// The test HTTP server's event loop: one thread polls the listening socket and every
// connection, reads requests, and sends the answers (http_response.cpp) at the pace the
// injected faults set: cut off, stalled, trickled, never sent.
#include "http_response.hpp"
#include "http_server.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <list>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <thread>

namespace sezu::test {

using namespace detail;

namespace {

using Clock = std::chrono::steady_clock;

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

/// The status line and headers of `r`, announcing `length` bytes of body.
std::string head_of(const Response& r, long long length)
{
    std::string head = "HTTP/1.1 " + std::to_string(r.status) + " " + reason(r.status) + "\r\n";
    head += "Content-Type: " + r.type + "\r\n";
    head += "Content-Length: " + std::to_string(length) + "\r\n";
    head += "Connection: close\r\n";
    for (const auto& h : r.headers)
        head += h + "\r\n";
    return head + "\r\n";
}

/// Sets how the answer goes out on `c`: a fault of timing cuts it off, stalls or trickles it
/// after the head and `after_bytes` of the body (data answers only), or sends nothing at all.
void pace(Connection& c, size_t head_size, bool data, const std::optional<Fault>& fault)
{
    if (!fault)
        return;
    const size_t after = head_size + static_cast<size_t>(fault->after_bytes);
    if (data && fault->kind == Fault::Kind::DropAfter) {
        c.limit = after;
    } else if (data && fault->kind == Fault::Kind::StallAfter) {
        c.limit = after;
        c.stall_at_limit = true;
        c.stall = fault->stall;
    } else if (data && fault->kind == Fault::Kind::Trickle) {
        c.trickle_from = after;
        c.trickle_bps = fault->bytes_per_second;
    } else if (fault->kind == Fault::Kind::Silence) {
        c.limit = 0; // not even the status line; until the server ends
        c.stall_at_limit = true;
        c.stall = std::chrono::hours(1);
    }
}

/// Reads what has arrived on `c`; true once the request's head is complete.
bool read_request(Connection& c)
{
    char buf[8192];
    const ssize_t n = ::recv(c.fd, buf, sizeof buf, 0);
    if (n <= 0) {
        c.done = true;
        return false;
    }
    c.in.append(buf, static_cast<size_t>(n));
    const size_t head_end = c.in.find("\r\n\r\n");
    if (head_end != std::string::npos) {
        // A POST's form follows the head: wait for all of it.
        const HttpRequest head = parse_request(c.in.substr(0, head_end + 2));
        const std::string length = head.header("content-length");
        const size_t body = length.empty() ? 0 : static_cast<size_t>(std::stoul(length));
        if (c.in.size() >= head_end + 4 + body)
            return true;
    }
    if (c.in.size() > 65536)
        c.done = true;
    return false;
}

/// Sends the next piece of the answer on `c` (one byte while trickling), then closes it when
/// all is sent, or stalls or drops it at its limit.
void send_some(Connection& c)
{
    const size_t end = std::min(c.limit, c.out.size());
    if (c.sent < end) {
        const bool trickling = c.sent >= c.trickle_from;
        const size_t chunk =
            trickling ? 1 : std::min<size_t>({end - c.sent, 65536, c.trickle_from - c.sent});
        const ssize_t n = ::send(c.fd, c.out.data() + c.sent, chunk, MSG_NOSIGNAL);
        if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK) {
            c.done = true;
            return;
        }
        if (n > 0)
            c.sent += static_cast<size_t>(n);
        if (n > 0 && trickling)
            c.resume_at = Clock::now() +
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
    std::map<std::string, HttpHandler> handlers;
    std::unique_ptr<LoginState> login;
    std::vector<HttpRequest> seen;

    void run();
    void accept_all(std::list<Connection>& conns);
    void serve(std::list<Connection>& conns, const std::vector<pollfd>& fds);
    void respond(Connection& c);
    /// The settings now, and the next fault of `path` (spending one of its times).
    ServerSettings settings_and_fault(const std::string& path, std::optional<Fault>& fault);
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
        if (fds[0].revents & POLLIN)
            accept_all(conns);
        serve(conns, fds);
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

void HttpServer::State::accept_all(std::list<Connection>& conns)
{
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

void HttpServer::State::serve(std::list<Connection>& conns, const std::vector<pollfd>& fds)
{
    size_t k = 1;
    for (auto it = conns.begin(); it != conns.end(); ++it, ++k) {
        Connection& c = *it;
        if (k >= fds.size())
            break; // accepted in this round: polled next time
        const short rev = fds[k].revents;
        if (!c.responding && (rev & (POLLIN | POLLHUP | POLLERR))) {
            if (read_request(c))
                respond(c);
            if (c.done)
                continue;
        }
        if (c.responding && Clock::now() >= c.resume_at && (rev & (POLLOUT | POLLERR)))
            send_some(c);
    }
}

ServerSettings HttpServer::State::settings_and_fault(const std::string& path,
                                                     std::optional<Fault>& fault)
{
    std::lock_guard<std::mutex> lock(mutex);
    auto it = faults.find(path);
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
    const auto h = handlers.find(path);
    return {root, token, token_redirect, ranges, h == handlers.end() ? HttpHandler() : h->second};
}

void HttpServer::State::respond(Connection& c)
{
    const size_t head_end = c.in.find("\r\n\r\n");
    HttpRequest req = parse_request(c.in.substr(0, head_end + 2));
    req.body = c.in.substr(head_end + 4);
    std::optional<Fault> fault;
    ServerSettings settings = settings_and_fault(req.path, fault);
    std::optional<Response> by_login;
    {
        std::lock_guard<std::mutex> lock(mutex);
        if (login) {
            by_login = login->handle(req);
            settings.token.clear(); // the login decides who may have data
        }
    }
    const Response r = by_login ? *by_login : answer(req, settings, fault);
    const bool data = r.status == 200 || r.status == 206;
    long long length = static_cast<long long>(r.body.size());
    if (fault && data && fault->kind == Fault::Kind::WrongLength)
        length += fault->extra_length;
    const std::string head = head_of(r, length);
    c.out = head + r.body;
    c.sent = 0;
    pace(c, head.size(), data, fault);
    c.responding = true;
    req.status = r.status;
    std::lock_guard<std::mutex> lock(mutex);
    seen.push_back(std::move(req));
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

void HttpServer::require_login(const LoginAuthority& authority)
{
    std::lock_guard<std::mutex> lock(m_state->mutex);
    m_state->login = std::make_unique<LoginState>(authority);
}

std::string HttpServer::issue_token()
{
    std::lock_guard<std::mutex> lock(m_state->mutex);
    return m_state->login->issue_token();
}

std::string HttpServer::open_session()
{
    std::lock_guard<std::mutex> lock(m_state->mutex);
    return m_state->login->open_session();
}

void HttpServer::set_client_secret(const std::string& secret)
{
    std::lock_guard<std::mutex> lock(m_state->mutex);
    m_state->login->set_client_secret(secret);
}

std::vector<std::string> HttpServer::secrets_issued() const
{
    std::lock_guard<std::mutex> lock(m_state->mutex);
    return m_state->login ? m_state->login->secrets() : std::vector<std::string>{};
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

void HttpServer::answer_with(const std::string& path, HttpHandler handler)
{
    std::lock_guard<std::mutex> lock(m_state->mutex);
    m_state->handlers[path] = std::move(handler);
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

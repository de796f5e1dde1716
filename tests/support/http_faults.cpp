// The faults the test HTTP server can inject, and its small text helpers.
#include "http_server.hpp"
#include "http_server_util.hpp"

#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace fs = std::filesystem;

namespace sezu::test {

Fault Fault::status_burst(int status, int times)
{
    Fault f;
    f.kind = Kind::Status;
    f.status = status;
    f.times = times;
    return f;
}

Fault Fault::drop_after(long long bytes, int times)
{
    Fault f;
    f.kind = Kind::DropAfter;
    f.after_bytes = bytes;
    f.times = times;
    return f;
}

Fault Fault::stall_after(long long bytes, std::chrono::milliseconds stall, int times)
{
    Fault f;
    f.kind = Kind::StallAfter;
    f.after_bytes = bytes;
    f.stall = stall;
    f.times = times;
    return f;
}

Fault Fault::login_redirect(int times)
{
    Fault f;
    f.kind = Kind::LoginRedirect;
    f.times = times;
    return f;
}

Fault Fault::wrong_length(long long extra, int times)
{
    Fault f;
    f.kind = Kind::WrongLength;
    f.extra_length = extra;
    f.times = times;
    return f;
}

Fault Fault::not_found(int times)
{
    Fault f;
    f.kind = Kind::NotFound;
    f.times = times;
    return f;
}

std::string HttpRequest::header(const std::string& name) const
{
    const auto it = headers.find(name);
    return it == headers.end() ? std::string() : it->second;
}

Fault Fault::silence(int times)
{
    Fault f;
    f.kind = Kind::Silence;
    f.times = times;
    return f;
}

Fault Fault::trickle(long long after_bytes, double bytes_per_second, int times)
{
    Fault f;
    f.kind = Kind::Trickle;
    f.after_bytes = after_bytes;
    f.bytes_per_second = bytes_per_second;
    f.times = times;
    return f;
}

Fault Fault::redirect(const std::string& location, int times)
{
    Fault f;
    f.kind = Kind::Redirect;
    f.location = location;
    f.times = times;
    return f;
}

namespace detail {

std::string lower(std::string s)
{
    for (auto& c : s)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

std::string reason(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 206:
        return "Partial Content";
    case 301:
        return "Moved Permanently";
    case 302:
        return "Found";
    case 401:
        return "Unauthorized";
    case 404:
        return "Not Found";
    case 416:
        return "Range Not Satisfiable";
    case 500:
        return "Internal Server Error";
    case 503:
        return "Service Unavailable";
    default:
        return "Status";
    }
}

std::string content_type(const std::string& path)
{
    const std::string ext = fs::path(path).extension().string();
    if (ext == ".html")
        return "text/html";
    if (ext == ".tgz" || ext == ".gz")
        return "application/x-gzip";
    if (ext == ".txt")
        return "text/plain";
    if (ext == ".png")
        return "image/png";
    return "application/octet-stream";
}

bool read_whole(const std::string& path, std::string& out)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return false;
    std::ostringstream ss;
    ss << in.rdbuf();
    out = ss.str();
    return true;
}

} // namespace detail

} // namespace sezu::test

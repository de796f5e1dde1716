// What the test HTTP server answers a request: the login page, a refusal without the token,
// the answer of a fault, or the file or folder asked for (with ranges).
#include "http_response.hpp"

#include "sezu/discover/url.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <utility>

namespace fs = std::filesystem;

namespace sezu::test::detail {

namespace {

const char* const kLoginPage = "<!DOCTYPE html>\n<html><head><title>Sign in</title></head>"
                               "<body><form action=\"/login\">Sign in</form></body></html>\n";

std::string lower(std::string s)
{
    for (auto& c : s)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

/// The Content-Type the server sends for a file, by its extension.
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

Response with_status(int status, std::string body)
{
    Response r;
    r.status = status;
    r.body = std::move(body);
    return r;
}

Response redirect_to(const std::string& location, std::string body, int status = 302)
{
    Response r = with_status(status, std::move(body));
    r.headers.push_back("Location: " + location);
    return r;
}

/// What a fault answers instead of the path, if it is one that does.
std::optional<Response> fault_answer(const Fault& fault)
{
    switch (fault.kind) {
    case Fault::Kind::Status:
        return with_status(fault.status, "fault: HTTP " + std::to_string(fault.status));
    case Fault::Kind::LoginRedirect:
        return redirect_to("/login", "see /login");
    case Fault::Kind::Redirect:
        return redirect_to(fault.location, "moved", fault.status);
    case Fault::Kind::NotFound:
        return with_status(404, "not found");
    default:
        return std::nullopt;
    }
}

/// A folder with a '/' at the end: its index.html, else a listing as a minimal autoindex.
Response serve_folder(const fs::path& local)
{
    Response r;
    r.type = "text/html";
    if (read_whole((local / "index.html").string(), r.body))
        return r;
    std::vector<std::string> names;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(local, ec))
        names.push_back(e.path().filename().string() + (e.is_directory() ? "/" : ""));
    std::sort(names.begin(), names.end());
    r.body = "<html><body><a href=\"../\">Parent Directory</a>\n";
    for (const auto& n : names)
        r.body += "<a href=\"" + n + "\">" + n + "</a>\n";
    r.body += "</body></html>\n";
    return r;
}

/// The first and last byte of "bytes=N-" or "bytes=N-M" (-1 for what is not given).
std::pair<long long, long long> requested_range(const std::string& range)
{
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
    return {start, last};
}

/// A file's bytes: whole, or the range asked for (206; 416 past the end). `range` is the
/// request's Range header, or "" when ranges are ignored.
Response serve_file(std::string bytes, const std::string& path, const std::string& range)
{
    Response r;
    r.type = content_type(path);
    r.headers.push_back("Accept-Ranges: bytes");
    const auto [start, last] = requested_range(range);
    const long long size = static_cast<long long>(bytes.size());
    if (start >= size) {
        r.status = 416;
        r.headers.push_back("Content-Range: bytes */" + std::to_string(size));
    } else if (start >= 0) {
        const long long end = last >= start && last < size ? last : size - 1;
        r.status = 206;
        r.headers.push_back("Content-Range: bytes " + std::to_string(start) + "-" +
                            std::to_string(end) + "/" + std::to_string(size));
        r.body = bytes.substr(static_cast<size_t>(start), static_cast<size_t>(end - start + 1));
    } else {
        r.body = std::move(bytes);
    }
    return r;
}

/// The file or folder at the request's path under the root; 404 for anything outside it.
Response serve_path(const HttpRequest& req, const ServerSettings& settings)
{
    const std::string& path = req.path;
    const bool escapes = ("/" + path + "/").find("/../") != std::string::npos;
    if (escapes || path.empty() || path[0] != '/')
        return with_status(404, "not found");
    const fs::path local = fs::path(settings.root) / path.substr(1);
    std::error_code ec;
    if (fs::is_directory(local, ec)) {
        if (path.back() == '/')
            return serve_folder(local);
        Response moved = with_status(301, "");
        moved.headers.push_back("Location: " + path + "/");
        return moved;
    }
    std::string bytes;
    if (!read_whole(local.string(), bytes))
        return with_status(404, "not found");
    return serve_file(std::move(bytes), local.string(),
                      settings.ranges ? req.header("range") : std::string());
}

} // namespace

HttpRequest parse_request(const std::string& head)
{
    HttpRequest req;
    std::istringstream in(head);
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
    return req;
}

Response answer(const HttpRequest& req, const ServerSettings& settings,
                const std::optional<Fault>& fault)
{
    if (req.path == "/login") {
        Response page = with_status(200, kLoginPage);
        page.type = "text/html";
        return page;
    }
    if (!settings.token.empty() && req.header("authorization") != "Bearer " + settings.token)
        return settings.token_redirect ? redirect_to("/login", "see /login")
                                       : with_status(401, "unauthorized");
    if (fault)
        if (auto instead = fault_answer(*fault))
            return *instead;
    if (settings.handler) {
        const HttpAnswer a = settings.handler(req);
        Response r = with_status(a.status, a.body);
        r.type = a.type;
        return r;
    }
    return serve_path(req, settings);
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
    case 303:
        return "See Other";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
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

} // namespace sezu::test::detail

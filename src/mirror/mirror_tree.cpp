// The mirror's tree on disk: its files, each written whole through a TempFile, and the Apache
// 2.4 autoindex pages that list them.
#include "mirror_parts.hpp"

#include "sezu/core/error.hpp"
#include "sezu/core/html.hpp"

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <unistd.h>

namespace sezu {

namespace {

namespace fs = std::filesystem;

std::atomic<unsigned> g_counter{0};

bool all_digits(const std::string& s, std::size_t n)
{
    return s.size() == n && std::all_of(s.begin(), s.end(), [](char c) {
               return c >= '0' && c <= '9';
           });
}

std::vector<std::string> sub_dirs(const std::string& dir)
{
    std::vector<std::string> out;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(dir, ec))
        if (e.is_directory(ec) && e.path().filename().string().front() != '.')
            out.push_back(e.path().filename().string());
    std::sort(out.begin(), out.end());
    return out;
}

} // namespace

namespace detail {

std::string temp_name(const std::string& final_path)
{
    const fs::path p(final_path);
    return (p.parent_path() / ("." + p.filename().string() + ".tmp-" +
                               std::to_string(::getpid()) + "-" + std::to_string(g_counter++)))
        .string();
}

TempFileSpec tree_file_spec(const std::string& final_path)
{
    return {"mirror", "file", raise_error<DataError>, temp_name(final_path), {}, true};
}

void write_if_changed(const std::string& path, const std::string& bytes)
{
    std::ifstream in(path, std::ios::binary);
    if (in) {
        std::ostringstream os;
        os << in.rdbuf();
        if (os.str() == bytes)
            return;
    }
    TempFile file(path, tree_file_spec(path));
    file.write(bytes.data(), bytes.size());
    file.commit();
}

void make_dirs(const std::string& dir)
{
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec)
        throw ConfigError("mirror: cannot create " + dir + ": " + ec.message());
}

std::string human_size(std::uintmax_t size)
{
    if (size < 1024)
        return std::to_string(size);
    const char* units = "KMGT";
    double v = double(size) / 1024.0;
    int u = 0;
    while (v >= 1000.0 && u < 3) {
        v /= 1024.0;
        ++u;
    }
    char buf[32];
    if (v < 9.95)
        std::snprintf(buf, sizeof buf, "%.1f%c", v, units[u]);
    else
        std::snprintf(buf, sizeof buf, "%3.0f%c", v, units[u]);
    return buf;
}

std::string autoindex_page(const std::string& path, std::vector<AutoindexEntry> entries)
{
    std::sort(entries.begin(), entries.end(),
              [](const AutoindexEntry& a, const AutoindexEntry& b) { return a.name < b.name; });
    std::string title = path;
    if (title.size() > 1 && title.back() == '/')
        title.pop_back();
    std::ostringstream os;
    os << "<!DOCTYPE HTML PUBLIC \"-//W3C//DTD HTML 3.2 Final//EN\">\n"
       << "<html>\n <head>\n  <title>Index of " << html::escape(title) << "</title>\n </head>\n"
       << " <body>\n<h1>Index of " << html::escape(title) << "</h1>\n  <table>\n"
       << "   <tr><th valign=\"top\"><img src=\"/icons/blank.gif\" alt=\"[ICO]\"></th>"
       << "<th><a href=\"?C=N;O=D\">Name</a></th><th><a href=\"?C=M;O=A\">Last modified</a></th>"
       << "<th><a href=\"?C=S;O=A\">Size</a></th><th><a href=\"?C=D;O=A\">Description</a></th>"
       << "</tr>\n   <tr><th colspan=\"5\"><hr></th></tr>\n";
    if (path != "/") {
        // Apache links the parent by its absolute path.
        std::string parent = title.substr(0, title.find_last_of('/') + 1);
        os << "<tr><td valign=\"top\"><img src=\"/icons/back.gif\" alt=\"[PARENTDIR]\"></td>"
           << "<td><a href=\"" << html::escape(parent) << "\">Parent Directory</a></td>"
           << "<td>&nbsp;</td><td align=\"right\">  - </td><td>&nbsp;</td></tr>\n";
    }
    for (const auto& e : entries) {
        os << "<tr><td valign=\"top\"><img src=\"/icons/"
           << (e.icon == "DIR" ? "folder.gif" : e.icon == "IMG" ? "image2.gif"
                                                : e.icon == "TXT" ? "text.gif"
                                                                  : "compressed.gif")
           << "\" alt=\"[" << (e.icon == "   " ? std::string("   ") : e.icon) << "]\"></td>"
           << "<td><a href=\"" << html::escape(e.name) << "\">" << html::escape(e.name)
           << "</a></td><td align=\"right\">" << e.date << "  </td><td align=\"right\">"
           << (e.size == "-" ? "  - " : e.size) << "</td><td>&nbsp;</td></tr>\n";
    }
    os << "   <tr><th colspan=\"5\"><hr></th></tr>\n</table>\n"
       << "<address>Apache/2.4.6 (CentOS) Server at sezu-mirror Port 443</address>\n"
       << "</body></html>\n";
    return os.str();
}

void write_upper_indexes(const std::string& root)
{
    std::vector<AutoindexEntry> years;
    for (const auto& y : sub_dirs(root)) {
        if (!all_digits(y, 4))
            continue;
        std::vector<AutoindexEntry> months;
        std::string newest;
        for (const auto& m : sub_dirs(root + "/" + y)) {
            if (!all_digits(m, 6) || m.compare(0, 4, y) != 0)
                continue;
            const int mm = std::stoi(m.substr(4));
            if (mm < 1 || mm > 12)
                continue;
            const std::string date = creation(YearMonth(std::stoi(y), mm), 0, false).listing_date();
            std::vector<AutoindexEntry> cfgs;
            for (const auto& c : sub_dirs(root + "/" + y + "/" + m))
                cfgs.push_back({c + "/", date, "-", "DIR"});
            write_if_changed(root + "/" + y + "/" + m + "/index.html",
                             autoindex_page("/" + y + "/" + m + "/", cfgs));
            months.push_back({m + "/", date, "-", "DIR"});
            newest = std::max(newest, date);
        }
        write_if_changed(root + "/" + y + "/index.html", autoindex_page("/" + y + "/", months));
        years.push_back({y + "/", newest, "-", "DIR"});
    }
    write_if_changed(root + "/index.html", autoindex_page("/", years));
}

} // namespace detail

} // namespace sezu

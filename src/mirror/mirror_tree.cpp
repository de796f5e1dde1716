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

namespace {

/// The Apaxy theme's icon and Apache's alt text for an entry's kind.
std::pair<const char*, const char*> apaxy_icon(const std::string& kind)
{
    if (kind == "DIR")
        return {"folder.svg", "[DIR]"};
    if (kind == "IMG")
        return {"image.svg", "[IMG]"};
    if (kind == "TXT")
        return {"text.svg", "[TXT]"};
    return {"archive.svg", "[   ]"};
}

/// One row of the table: Apache's HTMLTable row with IconsAreLinks (the icon links the file
/// too) and the odd/even classes it gives rows when a style sheet is set.
void apaxy_row(std::ostringstream& os, const std::string& row_class, const std::string& href,
               const std::string& icon, const std::string& alt, const std::string& text,
               const std::string& date, const std::string& size)
{
    const std::string link = html::escape(href);
    os << " <tr class=\"" << row_class << "\"><td class=\"indexcolicon\"><a href=\"" << link
       << "\"><img src=\"/theme/icons/" << icon << "\" alt=\"" << alt << "\" /></a></td>"
       << "<td class=\"indexcolname\"><a href=\"" << link << "\">" << html::escape(text)
       << "</a></td><td class=\"indexcollastmod\">" << date
       << "</td><td class=\"indexcolsize\">" << size << "</td></tr>\n";
}

} // namespace

std::string autoindex_page(const std::string& path, std::vector<AutoindexEntry> entries)
{
    // Apache sorts by name, folders first (FoldersFirst), as EOG's listings show.
    std::sort(entries.begin(), entries.end(), [](const AutoindexEntry& a, const AutoindexEntry& b) {
        const bool fa = a.icon == "DIR", fb = b.icon == "DIR";
        return fa != fb ? fa : a.name < b.name;
    });
    std::string title = path;
    if (title.size() > 1 && title.back() == '/')
        title.pop_back();
    const std::string t = html::escape(title);
    std::ostringstream os;
    // Apache 2.4 with EOG's Apaxy theme: XHTML, the theme's header (home link, breadcrumb) and
    // footer (links off the site) around the table, sort links in the header row.
    os << "<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Transitional//EN\"\n"
       << "\"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd\">\n"
       << "<html xmlns=\"http://www.w3.org/1999/xhtml\">\n <head>\n  <title>Index of " << t
       << "</title>\n  <link rel=\"stylesheet\" href=\"/theme/style.css\" type=\"text/css\" />\n"
       << "  <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\" />\n"
       << " </head>\n <body>\n<div class=\"wrapper\">\n"
       << "<!-- we open the `wrapper` element here, but close it in the `footer.html` file -->\n"
       << "  <div class=\"header\"><a href=\"/\" title=\"home\"><img src=\"/theme/eog.png\" "
       << "alt=\"EOG\" /></a> <span class=\"breadcrumb\">" << t << "</span></div>\n"
       << "<table id=\"indexlist\">\n"
       << " <tr class=\"indexhead\"><th class=\"indexcolicon\"><img src=\"/theme/icons/blank.png\""
       << " alt=\"[ICO]\" /></th><th class=\"indexcolname\"><a href=\"?C=N;O=D\">Name</a></th>"
       << "<th class=\"indexcollastmod\"><a href=\"?C=M;O=A\">Last modified</a></th>"
       << "<th class=\"indexcolsize\"><a href=\"?C=S;O=A\">Size</a></th></tr>\n"
       << " <tr class=\"indexbreakrow\"><th colspan=\"4\"><hr /></th></tr>\n";
    if (path != "/") // Apache links the parent by its absolute path.
        apaxy_row(os, "even-parentdir", title.substr(0, title.find_last_of('/') + 1),
                  "folder-home.svg", "[PARENTDIR]", "Parent Directory", "&nbsp;", "  - ");
    for (std::size_t i = 0; i < entries.size(); ++i) {
        const AutoindexEntry& e = entries[i];
        const auto [icon, alt] = apaxy_icon(e.icon);
        apaxy_row(os, std::string(i % 2 ? "even" : "odd") + (e.icon == "DIR" ? "-dir" : ""),
                  e.name, icon, alt, e.name, e.date + "  ", e.size == "-" ? "  - " : e.size);
    }
    os << " <tr class=\"indexbreakrow\"><th colspan=\"4\"><hr /></th></tr>\n</table>\n"
       << "<div class=\"footer\">Nighttime lights by the <a href=\"https://payneinstitute.mines."
       << "edu/eog/\">Earth Observation Group</a>; <a href=\"https://eogdata.mines.edu/products/"
       << "register/index.html\">register</a> to download. Theme: <a href=\"https://github.com/"
       << "oupala/apaxy\">Apaxy</a></div>\n</div><!--/.wrapper-->\n"
       << "<script src=\"/theme/apaxy.js\"></script>\n</body></html>\n";
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
            for (const auto& c : sub_dirs(root + "/" + y + "/" + m)) {
                cfgs.push_back({c + "/", date, "-", "DIR"});
                if (c.rfind("NOAA-", 0) != 0)
                    continue;
                // A satellite's folder (NOAA-20/) holds configuration folders in its turn.
                std::vector<AutoindexEntry> inner;
                for (const auto& i : sub_dirs(root + "/" + y + "/" + m + "/" + c))
                    inner.push_back({i + "/", date, "-", "DIR"});
                write_if_changed(root + "/" + y + "/" + m + "/" + c + "/index.html",
                                 autoindex_page("/" + y + "/" + m + "/" + c + "/", inner));
            }
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

#include "report_files.hpp"

#include "sezu/core/error.hpp"
#include "sezu/core/temp_file.hpp"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <vector>

namespace sezu::detail {
namespace fs = std::filesystem;

namespace {

// What the page loads from lib/: the file in the Debian package (under js_dir) and its package.
struct Library {
    const char* source;
    const char* target;
    const char* package;
};
const std::vector<Library>& libraries()
{
    static const std::vector<Library> list = {
        {"dygraphs/dygraph.min.js", "dygraph.min.js", "libjs-dygraphs"},
        {"dygraphs/dygraph.min.css", "dygraph.min.css", "libjs-dygraphs"},
        {"leaflet/leaflet.min.js", "leaflet.js", "libjs-leaflet"},
        {"leaflet/leaflet.css", "leaflet.css", "libjs-leaflet"},
    };
    return list;
}

fs::path absolute_of(const std::string& target)
{
    std::error_code ec;
    const fs::path p = fs::absolute(fs::path(target), ec).lexically_normal();
    // "out/" normalises to "out/" with an empty file name: the folder is its parent's child.
    return p.has_filename() ? p : p.parent_path();
}

} // namespace

ReportFolder::ReportFolder(const std::string& target) : m_target(target)
{
    const fs::path full = absolute_of(target);
    std::error_code ec;
    if (fs::exists(full, ec) && !fs::is_directory(full, ec))
        throw ConfigError("report: cannot create the folder " + target +
                          ": a file is in the way; give another -o");
    fs::create_directories(full.parent_path(), ec); // -o a/b/c: its folders are made as needed
    std::string pattern =
        (full.parent_path() / ("." + full.filename().string() + ".tmp-XXXXXX")).string();
    std::vector<char> name(pattern.begin(), pattern.end());
    name.push_back('\0');
    if (!::mkdtemp(name.data()))
        throw ConfigError("report: cannot create the folder " + target + ": " +
                          std::strerror(errno) + " (in " + full.parent_path().string() +
                          "); check that the folder above it exists and is writable");
    m_temp = name.data();
    fs::create_directory(fs::path(m_temp) / "lib", ec);
    fs::create_directory(fs::path(m_temp) / "data", ec);
}

ReportFolder::~ReportFolder()
{
    std::error_code ec;
    if (!m_temp.empty())
        fs::remove_all(m_temp, ec);
}

void ReportFolder::write(const std::string& relative, const std::string& text) const
{
    TempFile file((fs::path(m_temp) / relative).string(), "report");
    file.write(text.data(), text.size());
    file.commit();
}

std::string ReportFolder::path_of(const std::string& relative) const
{
    const fs::path p = fs::path(m_temp) / relative;
    std::error_code ec;
    fs::create_directories(p.parent_path(), ec);
    return p.string();
}

void ReportFolder::copy_libraries(const std::string& js_dir) const
{
    for (const Library& lib : libraries()) {
        const fs::path from = fs::path(js_dir) / lib.source;
        std::error_code ec;
        if (!fs::is_regular_file(from, ec))
            throw ConfigError("report: " + from.string() + " is missing: install the Debian "
                              "package " + lib.package + " (scripts/install-deps.sh) or give "
                              "--js-dir, the folder that holds dygraphs/ and leaflet/");
        fs::copy_file(from, fs::path(m_temp) / "lib" / lib.target,
                      fs::copy_options::overwrite_existing, ec);
        if (ec)
            throw ConfigError("report: cannot copy " + from.string() + " into the report: " +
                              ec.message());
    }
}

void ReportFolder::commit()
{
    const fs::path target = absolute_of(m_target);
    std::error_code ec;
    fs::create_directories(target, ec);
    if (!fs::is_directory(target))
        throw ConfigError("report: cannot create the folder " + m_target + ": " +
                          (ec ? ec.message() : "a file is in the way"));
    // lib/, data/ and chips/ belong to the report: the previous report's go, the new ones move
    // in (a report without chips leaves none of an older one's).
    for (const char* folder : {"lib", "data", "chips"}) {
        fs::remove_all(target / folder, ec);
        if (!fs::exists(fs::path(m_temp) / folder))
            continue;
        fs::rename(fs::path(m_temp) / folder, target / folder, ec);
        if (ec)
            throw ConfigError("report: cannot move the report's " + std::string(folder) +
                              "/ into " + m_target + ": " + ec.message());
    }
    // Last, as one rename: an index.html that exists is always whole, and its lib/ is there.
    fs::rename(fs::path(m_temp) / "index.html", target / "index.html", ec);
    if (ec)
        throw ConfigError("report: cannot move index.html into " + m_target + ": " +
                          ec.message());
}

} // namespace sezu::detail

#include "sezu/discover/listing.hpp"

#include "sezu/core/error.hpp"
#include "sezu/discover/url.hpp"

#include <algorithm>
#include <filesystem>
#include <system_error>

namespace sezu {

std::optional<std::vector<ListingEntry>> list_local_folder(const std::string& dir_url)
{
    namespace fs = std::filesystem;
    const std::optional<std::string> path = url_path(dir_url);
    if (!path)
        return std::nullopt;
    const fs::path dir(*path);
    std::error_code ec;
    if (!fs::is_directory(dir, ec))
        return std::nullopt;
    std::vector<std::string> names;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        std::error_code type_ec;
        if (!it->is_directory(type_ec))
            names.push_back(it->path().filename().string());
    }
    if (ec)
        throw FetchError("fetch: cannot list " + dir.string() + ": " + ec.message());
    std::sort(names.begin(), names.end());
    const std::string folder = dir_url.back() == '/' ? dir_url : dir_url + "/";
    std::vector<ListingEntry> entries;
    entries.reserve(names.size());
    for (auto& name : names)
        entries.push_back(ListingEntry{name, folder + url_encode_segment(name)});
    return entries;
}

} // namespace sezu

#include "sezu/catalog.hpp"

#include "sezu/error.hpp"

#include <regex>

namespace sezu {

YearMonth ArchiveName::month() const
{
    return YearMonth::parse(first_day.substr(0, 6));
}

std::string ArchiveName::stem() const
{
    return file_name.substr(0, file_name.size() - 4);
}

std::optional<ArchiveName> parse_archive_name(const std::string& name)
{
    // The published pattern (shared/viirs.md); the stamp has 12 digits, sometimes 13 or 14.
    static const std::regex kPattern(
        R"(^SVDNB_(npp|j01)_(\d{8})-(\d{8})_((?:75N|00N)(?:180W|060W|060E))_(vcmcfg|vcmslcfg)_(v10)_c(\d{12,14})\.tgz$)");
    const auto slash = name.find_last_of('/');
    const std::string base = slash == std::string::npos ? name : name.substr(slash + 1);
    std::smatch m;
    if (!std::regex_match(base, m, kPattern))
        return std::nullopt;
    ArchiveName a;
    a.file_name = base;
    a.satellite = m[1];
    a.first_day = m[2];
    a.last_day = m[3];
    a.tile = m[4];
    a.configuration = m[5];
    a.version = m[6];
    a.stamp = m[7];
    return a;
}

std::string format_archive_name(const ProductSpec& product, const YearMonth& month,
                                const TileSpec& tile, const std::string& stamp)
{
    return "SVDNB_" + product.satellite + "_" + month.first_day() + "-" + month.last_day() + "_" +
           tile.name + "_" + product.configuration + "_" + product.version + "_c" + stamp + ".tgz";
}

bool stamp_newer(const std::string& a, const std::string& b)
{
    // Stamps are YYYYMMDDhhmm[ss..]: pad to equal length so that digit strings compare as times.
    const size_t n = std::max(a.size(), b.size());
    std::string pa = a, pb = b;
    pa.resize(n, '0');
    pb.resize(n, '0');
    if (pa != pb)
        return pa > pb;
    return a.size() > b.size();
}

} // namespace sezu

// The mirror's job: which files each month folder holds (archives, an older duplicate, previews,
// a README), writing the months that are not complete yet, then the pages above them.
#include "mirror_parts.hpp"

#include "sezu/core/error.hpp"
#include "sezu/core/log.hpp"
#include "sezu/products/tile_grid.hpp"

#include <gdal_priv.h>

#include <filesystem>

namespace sezu {

namespace {

namespace fs = std::filesystem;
using namespace detail;

/// The stale copy listed beside a duplicated tile: other noise, cities twice as bright.
MirrorModel stale_model(const MirrorModel& model)
{
    MirrorModel stale = model;
    stale.seed = model.seed ^ 0x5eed5eed5eedULL;
    for (auto& c : stale.cities)
        c.base *= 2;
    return stale;
}

/// One file of a month folder.
struct PlannedFile {
    std::string name;
    Creation when;
    enum class Kind { Archive, StaleArchive, Preview, Readme } kind;
    int tile = 0;
};

std::vector<PlannedFile> plan_month(const YearMonth& month, const MirrorMonthFiles& published)
{
    std::vector<PlannedFile> files;
    const int dup = mirror_duplicate_tile(month);
    const auto name_of = [&](const TileSpec& t, bool older) {
        return format_archive_name(published.product, published.first_day, published.last_day,
                                   t, mirror_stamp(month, t, older));
    };
    for (const auto& t : tile_specs()) {
        const std::string name = name_of(t, false);
        files.push_back({name, creation(month, t.index, false), PlannedFile::Kind::Archive,
                         t.index});
        files.push_back({name.substr(0, name.size() - 4) + ".avg_rade9h.png",
                         creation(month, t.index, false), PlannedFile::Kind::Preview, t.index});
        if (t.index == dup)
            files.push_back({name_of(t, true), creation(month, t.index, true),
                             PlannedFile::Kind::StaleArchive, t.index});
    }
    files.push_back({"README.txt", creation(month, 0, false), PlannedFile::Kind::Readme, 0});
    return files;
}

std::string readme_text(const YearMonth& month, const ProductSpec& product, int scale)
{
    return "Synthetic VIIRS DNB monthly composite tree written by sezu mirror.\n"
           "Month " + month.to_string() + ", satellite " + product.satellite +
           ", configuration " + product.configuration + ", version " + product.version +
           ", 1/" + std::to_string(scale) + " of the published resolution.\n"
           "Pixel values are synthetic and known exactly; they are not observations.\n";
}

bool all_exist(const std::string& dir, const std::vector<PlannedFile>& files)
{
    std::error_code ec;
    if (!fs::exists(dir + "/index.html", ec))
        return false;
    for (const auto& f : files)
        if (!fs::exists(dir + "/" + f.name, ec))
            return false;
    return true;
}

void write_month(const MirrorOptions& o, const YearMonth& month)
{
    const MirrorMonthFiles published = mirror_month_files(month, o.product);
    const std::string dir = o.out_dir + "/" + published.folder;
    const std::vector<PlannedFile> files = plan_month(month, published);
    if (all_exist(dir, files)) {
        log::info(month.to_string() + ": mirror already complete in " + dir + ", skipped");
        return;
    }
    make_dirs(dir);
    const MirrorModel stale = stale_model(o.model);
    std::vector<AutoindexEntry> entries;
    for (const auto& f : files) {
        const std::string path = dir + "/" + f.name;
        const TileSpec& tile = tile_specs()[std::size_t(f.tile)];
        std::error_code ec;
        const bool exists = fs::exists(path, ec);
        std::string icon = "   ";
        switch (f.kind) {
        case PlannedFile::Kind::Archive:
        case PlannedFile::Kind::StaleArchive:
            // Archives only ever appear complete (temp + rename), so an existing one is kept.
            if (!exists)
                write_tile_archive(f.kind == PlannedFile::Kind::Archive ? o.model : stale, month,
                                   tile, f.name.substr(0, f.name.size() - 4), path, o.gzip_level,
                                   f.when.epoch_seconds());
            break;
        case PlannedFile::Kind::Preview:
            icon = "IMG";
            write_if_changed(path, tiny_png(static_cast<unsigned char>(40 * f.tile + 20)));
            break;
        case PlannedFile::Kind::Readme:
            icon = "TXT";
            write_if_changed(path, readme_text(month, published.product, o.model.scale));
            break;
        }
        entries.push_back({f.name, f.when.listing_date(), human_size(fs::file_size(path)), icon});
    }
    write_if_changed(dir + "/index.html", autoindex_page("/" + published.folder + "/", entries));
    log::info(month.to_string() + ": mirror wrote " + dir);
}

} // namespace

bool operator==(const MirrorMonthFiles& a, const MirrorMonthFiles& b)
{
    return a.product == b.product && a.first_day == b.first_day && a.last_day == b.last_day &&
           a.folder == b.folder;
}

std::ostream& operator<<(std::ostream& os, const MirrorMonthFiles& f)
{
    return os << f.folder << ": " << f.product << " " << f.first_day << "-" << f.last_day;
}

MirrorMonthFiles mirror_month_files(const YearMonth& month, const ProductSpec& product)
{
    MirrorMonthFiles f{product, month.first_day(), month.last_day(), ""};
    if (product.satellite == "npp" && month == YearMonth(2022, 8))
        f.product.satellite = "j01"; // Suomi NPP in safe mode: EOG has NOAA-20's month only
    if (f.product.satellite == "npp" && month == YearMonth(2022, 7))
        f.last_day = "20220726"; // Suomi NPP's safe mode from 2022-07-26: a partial month
    f.folder = std::to_string(month.year()) + "/" + month.to_string() + "/" +
               eog_satellite_folder(f.product.satellite) + f.product.configuration;
    return f;
}

void write_mirror(const MirrorOptions& options)
{
    if (options.out_dir.empty())
        throw ConfigError("mirror: no output directory given");
    if (options.gzip_level < 1 || options.gzip_level > 9)
        throw ConfigError("mirror: gzip level " + std::to_string(options.gzip_level) +
                          " is out of range; use 1 to 9");
    if (!is_valid_scale(options.model.scale))
        throw ConfigError("mirror: scale " + std::to_string(options.model.scale) +
                          " does not divide the tile sizes; use a divisor of 1200 "
                          "(1, 2, 4, 5, 10, 20, 40, 60, ...)");
    eog_satellite_folder(options.product.satellite); // a satellite EOG publishes, or say so
    log::info("mirror: writing " + std::to_string(options.months.size()) + " months at 1/" +
              std::to_string(options.model.scale) + " resolution into " + options.out_dir);
    GDALAllRegister();
    make_dirs(options.out_dir);
    for (const auto& month : options.months)
        write_month(options, month);
    write_upper_indexes(options.out_dir);
}

std::string mirror_source_template(const std::string& out_dir)
{
    std::string abs = fs::absolute(fs::path(out_dir)).lexically_normal().string();
    while (abs.size() > 1 && abs.back() == '/')
        abs.pop_back();
    return "file://" + abs + "/{YYYY}/{YYYYMM}/{satfolder}{cfg}/";
}

} // namespace sezu

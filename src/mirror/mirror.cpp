#include "sezu/mirror/mirror.hpp"

#include "sezu/core/error.hpp"
#include "sezu/core/html.hpp"
#include "sezu/core/log.hpp"
#include "sezu/read/tgz_writer.hpp"
#include "sezu/products/tile_grid.hpp"

#include <cpl_error.h>
#include <cpl_vsi.h>
#include <gdal_priv.h>
#include <ogr_spatialref.h>
#include <zlib.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>

namespace sezu {

namespace {

namespace fs = std::filesystem;

// ---------------------------------------------------------------------------------------------
// The pixel model

constexpr int kNoiseLevels = 91;   // -0.30 .. 0.60 in steps of 0.01
constexpr int kNoiseLowest = -30;  // in hundredths
constexpr int kMaxCvg = 84;
constexpr int kGapRing = 2;
constexpr float kOutageRadiance = 0.5f;

std::uint64_t splitmix64(std::uint64_t x)
{
    x += 0x9E3779B97F4A7C15ULL;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
    return x ^ (x >> 31);
}

// Counter-based: every cell's noise is a pure function of (seed, month, row, col), so the model
// can answer for any cell without generating the tile, and tiles can be written in any order.
std::uint64_t month_key(std::uint64_t seed, const YearMonth& month)
{
    return splitmix64(seed ^ splitmix64(std::uint64_t(month.index())));
}

std::uint64_t row_key(std::uint64_t mkey, long row)
{
    return splitmix64(mkey + std::uint64_t(row) * 0xD1B54A32D192ED03ULL);
}

std::uint64_t cell_hash(std::uint64_t rkey, long col)
{
    return splitmix64(rkey ^ (std::uint64_t(col) * 0x9E3779B97F4A7C15ULL));
}

/// Round to 0.01, then to float: the publisher's quantization.
float quantize(double x)
{
    return float(std::round(x * 100.0) / 100.0);
}

const std::array<float, kNoiseLevels>& noise_table()
{
    static const std::array<float, kNoiseLevels> table = [] {
        std::array<float, kNoiseLevels> t{};
        for (int k = 0; k < kNoiseLevels; ++k)
            t[std::size_t(k)] = quantize((k + kNoiseLowest) / 100.0);
        return t;
    }();
    return table;
}

float noise_radiance(std::uint64_t h)
{
    return noise_table()[std::size_t(h % kNoiseLevels)];
}

std::uint16_t noise_cvg(std::uint64_t h)
{
    return std::uint16_t(1 + (h >> 32) % kMaxCvg);
}

bool has_month(const std::vector<int>& months, const YearMonth& m)
{
    return std::find(months.begin(), months.end(), m.yyyymm()) != months.end();
}

bool window_has(const Window& w, long col, long row)
{
    return col >= w.col && col < w.col + w.cols && row >= w.row && row < w.row + w.rows;
}

// ---------------------------------------------------------------------------------------------
// Dates and stamps

struct Civil {
    int year, month, day;
};

// Days since 1970-01-01 to a proleptic Gregorian date (H. Hinnant's civil_from_days algorithm).
Civil civil_from_days(long z)
{
    z += 719468;
    const long era = (z >= 0 ? z : z - 146096) / 146097;
    const long doe = z - era * 146097;
    const long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const long mp = (5 * doy + 2) / 153;
    const long d = doy - (153 * mp + 2) / 5 + 1;
    const long m = mp < 10 ? mp + 3 : mp - 9;
    const long y = yoe + era * 400 + (m <= 2 ? 1 : 0);
    return {int(y), int(m), int(d)};
}

/// When the mirror pretends the archive was made.
struct Creation {
    long days = 0;   // since 1970-01-01
    int hour = 0, minute = 0, second = 0;
    std::int64_t epoch_seconds() const
    {
        return std::int64_t(days) * 86400 + hour * 3600 + minute * 60 + second;
    }
    std::string listing_date() const  // Apache's "2017-10-23 12:07"
    {
        const Civil c = civil_from_days(days);
        char buf[32];
        std::snprintf(buf, sizeof buf, "%04d-%02d-%02d %02d:%02d", c.year, c.month, c.day, hour,
                      minute);
        return buf;
    }
};

Creation creation(const YearMonth& month, int tile_index, bool older)
{
    const int idx = month.index();
    Creation c;
    c.days = month.next().days_since_epoch() + 20 + (idx * 7) % 15 - (older ? 9 : 0);
    c.hour = 8 + idx % 10;
    c.minute = (idx * 7 + tile_index * 9) % 60;
    c.second = (idx * 13 + tile_index * 17) % 60;
    return c;
}

std::string format_stamp(const YearMonth& month, int tile_index, bool older)
{
    const Creation c = creation(month, tile_index, older);
    const Civil d = civil_from_days(c.days);
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d%02d%02d%02d%02d", d.year, d.month, d.day, c.hour,
                  c.minute);
    std::string stamp = buf;
    const int idx = month.index();
    const int digits = older ? 14 : idx % 6 == 1 ? 13 : idx % 6 == 4 ? 14 : 12;
    if (digits == 13)
        stamp += char('0' + (idx + tile_index) % 10);
    else if (digits == 14) {
        std::snprintf(buf, sizeof buf, "%02d", c.second);
        stamp += buf;
    }
    return stamp;
}

// ---------------------------------------------------------------------------------------------
// Files

std::atomic<unsigned> g_counter{0};

std::string temp_name(const std::string& final_path)
{
    const fs::path p(final_path);
    return (p.parent_path() / ("." + p.filename().string() + ".tmp-" +
                               std::to_string(::getpid()) + "-" + std::to_string(g_counter++)))
        .string();
}

void remove_quietly(const std::string& path)
{
    std::error_code ec;
    fs::remove(path, ec);
}

/// Writes bytes to `path` via a temporary file and a rename.
void write_file_atomic(const std::string& path, const std::string& bytes)
{
    const std::string tmp = temp_name(path);
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        out.write(bytes.data(), std::streamsize(bytes.size()));
        out.close();
        if (!out) {
            remove_quietly(tmp);
            throw DataError("mirror: cannot write " + tmp + " (disk full or no permission?)");
        }
    }
    std::error_code ec;
    fs::rename(tmp, path, ec);
    if (ec) {
        remove_quietly(tmp);
        throw DataError("mirror: cannot rename " + tmp + " to " + path + ": " + ec.message());
    }
}

/// Rewrites a generated page only when its contents changed (keeps re-runs a no-op).
void write_if_changed(const std::string& path, const std::string& bytes)
{
    std::ifstream in(path, std::ios::binary);
    if (in) {
        std::ostringstream os;
        os << in.rdbuf();
        if (os.str() == bytes)
            return;
    }
    write_file_atomic(path, bytes);
}

void make_dirs(const std::string& dir)
{
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec)
        throw ConfigError("mirror: cannot create " + dir + ": " + ec.message());
}

/// A tiny real PNG (one grey pixel): the previews the publisher lists beside the archives.
std::string tiny_png(unsigned char grey)
{
    auto be32 = [](std::string& s, std::uint32_t v) {
        for (int shift = 24; shift >= 0; shift -= 8)
            s += char((v >> shift) & 0xff);
    };
    auto chunk = [&](std::string& png, const char* type, const std::string& data) {
        be32(png, std::uint32_t(data.size()));
        const std::string body = std::string(type, 4) + data;
        png += body;
        be32(png, std::uint32_t(
                      crc32(0L, reinterpret_cast<const Bytef*>(body.data()), uInt(body.size()))));
    };
    std::string png("\x89PNG\r\n\x1a\n", 8);
    std::string ihdr;
    be32(ihdr, 1);
    be32(ihdr, 1);
    ihdr += std::string("\x08\x00\x00\x00\x00", 5);  // 8-bit greyscale, no interlace
    chunk(png, "IHDR", ihdr);
    const unsigned char raw[2] = {0, grey};          // filter byte, pixel
    unsigned char packed[64];
    uLongf packed_size = sizeof packed;
    compress(packed, &packed_size, raw, sizeof raw);
    chunk(png, "IDAT", std::string(reinterpret_cast<const char*>(packed), packed_size));
    chunk(png, "IEND", "");
    return png;
}

// ---------------------------------------------------------------------------------------------
// Apache 2.4 autoindex pages

/// Apache's short sizes: "512", "1.2K", " 35M".
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

struct ListingEntry {
    std::string name;     // folder names end in '/'
    std::string date;     // "YYYY-MM-DD hh:mm"
    std::string size;     // "-" for folders
    std::string icon;     // Apache icon alt text
};

/// `path` is the folder's path below the mirror root, e.g. "/2017/201709/vcmcfg/".
std::string autoindex_page(const std::string& path, std::vector<ListingEntry> entries)
{
    std::sort(entries.begin(), entries.end(),
              [](const ListingEntry& a, const ListingEntry& b) { return a.name < b.name; });
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

// ---------------------------------------------------------------------------------------------
// Writing GeoTIFFs

void check_gdal(CPLErr err, const std::string& what)
{
    if (err != CE_None)
        throw GdalError("mirror: " + what + ": " + CPLGetLastErrorMsg());
}

/// A GeoTIFF being written, in /vsimem/ or (when large) in a temporary file on disk. The file
/// is removed when the owner goes away.
class TiffFile {
public:
    TiffFile(std::string path, bool in_memory) : m_path(std::move(path)), m_in_memory(in_memory)
    {
    }
    ~TiffFile()
    {
        m_ds.reset();
        if (m_in_memory)
            VSIUnlink(m_path.c_str());
        else
            remove_quietly(m_path);
    }
    TiffFile(const TiffFile&) = delete;
    TiffFile& operator=(const TiffFile&) = delete;

    void create(const Grid& grid, GDALDataType type)
    {
        GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GTiff");
        if (!driver)
            throw GdalError("mirror: GDAL has no GTiff driver");
        // Uncompressed and stripped, like the published tiles; no NoData tag.
        const char* options[] = {"COMPRESS=NONE", "TILED=NO", "INTERLEAVE=BAND", nullptr};
        m_ds.reset(driver->Create(m_path.c_str(), int(grid.cols), int(grid.rows), 1, type,
                                  const_cast<char**>(options)));
        if (!m_ds)
            throw GdalError("mirror: cannot create " + m_path + ": " + CPLGetLastErrorMsg());
        double gt[6] = {grid.x0, grid.dx, 0.0, grid.y0, 0.0, -grid.dy};
        check_gdal(m_ds->SetGeoTransform(gt), "set the geotransform of " + m_path);
        OGRSpatialReference srs;
        srs.importFromEPSG(4326);
        check_gdal(m_ds->SetSpatialRef(&srs), "set the CRS of " + m_path);
    }

    void write_rows(long row, long rows, long cols, void* data, GDALDataType type)
    {
        check_gdal(m_ds->GetRasterBand(1)->RasterIO(GF_Write, 0, int(row), int(cols), int(rows),
                                                    data, int(cols), int(rows), type, 0, 0,
                                                    nullptr),
                   "write " + m_path);
    }

    /// Closes the dataset (flushing it) and adds the file to the archive.
    void finish_into(TgzWriter& tgz, const std::string& member)
    {
        // GDAL 3.6 closes without a status: watch the error state instead.
        CPLErrorReset();
        m_ds.reset();
        if (CPLGetLastErrorType() == CE_Failure || CPLGetLastErrorType() == CE_Fatal)
            throw GdalError("mirror: cannot finish " + m_path + ": " + CPLGetLastErrorMsg());
        if (m_in_memory) {
            vsi_l_offset length = 0;
            GByte* bytes = VSIGetMemFileBuffer(m_path.c_str(), &length, FALSE);
            if (!bytes)
                throw GdalError("mirror: " + m_path + " vanished from /vsimem/");
            tgz.add_file(member, bytes, std::size_t(length));
        } else {
            tgz.add_file_from_path(member, m_path);
        }
    }

private:
    std::string m_path;
    bool m_in_memory;
    GDALDatasetUniquePtr m_ds;
};

// Tiles whose float raster exceeds this are staged on disk rather than in /vsimem/.
constexpr std::uint64_t kInMemoryLimit = std::uint64_t(256) << 20;
// Rows are generated and written in blocks of about this many float bytes.
constexpr std::uint64_t kBlockBytes = std::uint64_t(16) << 20;

/// The tile's cells within the global grid.
Window tile_place(const TileSpec& tile, int scale)
{
    const Grid g = global_grid(scale);
    const Grid t = tile_grid(tile, scale);
    return {std::lround((t.x0 - g.x0) / g.dx), std::lround((g.y0 - t.y0) / g.dy), t.cols, t.rows};
}

/// Fills rows [row, row + rows) of a tile (global window `place`) with the model's values.
/// Same rules as MirrorModel::radiance / cvg, arranged as a few tight loops.
void fill_rows(const MirrorModel& model, const YearMonth& month, const Window& place, long row,
               long rows, float* rad, std::uint16_t* cvg)
{
    const std::uint64_t mkey = month_key(model.seed, month);
    const auto& table = noise_table();
    const long cols = place.cols;
    for (long r = 0; r < rows; ++r) {
        const std::uint64_t rkey = row_key(mkey, place.row + row + r);
        float* rrow = rad + r * cols;
        std::uint16_t* crow = cvg + r * cols;
        for (long c = 0; c < cols; ++c) {
            const std::uint64_t h = cell_hash(rkey, place.col + c);
            rrow[c] = table[std::size_t(h % kNoiseLevels)];
            crow[c] = std::uint16_t(1 + (h >> 32) % kMaxCvg);
        }
    }
    const Window block{place.col, place.row + row, cols, rows};
    // Later cities first, so that where plateaus overlap the first listed wins (as radiance()).
    for (std::size_t i = model.cities.size(); i-- > 0;) {
        const Window w = model.city_window(i).intersect(block);
        if (w.empty())
            continue;
        const float v = model.city_radiance(i, month);
        for (long r = w.row; r < w.row + w.rows; ++r)
            std::fill_n(rad + (r - block.row) * cols + (w.col - block.col), w.cols, v);
    }
    if (has_month(model.gap_months, month)) {
        const Window w = model.gap_window().intersect(block);
        if (!w.empty())
            for (long r = w.row; r < w.row + w.rows; ++r) {
                const long off = (r - block.row) * cols + (w.col - block.col);
                std::fill_n(rad + off, w.cols, 0.0f);
                std::fill_n(cvg + off, w.cols, std::uint16_t(0));
            }
    }
}

/// Writes one tile archive (both rasters) to `final_path` via a temporary name.
void write_tile_archive(const MirrorModel& model, const YearMonth& month, const TileSpec& tile,
                        const std::string& stem, const std::string& final_path, int gzip_level,
                        std::int64_t mtime)
{
    const Grid grid = tile_grid(tile, model.scale);
    const Window place = tile_place(tile, model.scale);
    const bool in_memory =
        std::uint64_t(grid.cols) * std::uint64_t(grid.rows) * 4 <= kInMemoryLimit;
    const std::string tag = std::to_string(::getpid()) + "-" + std::to_string(g_counter++);
    const std::string base = in_memory ? "/vsimem/sezu-mirror-" + tag + "-" + stem
                                       : temp_name(final_path) + "-" + tag;
    TiffFile rad_tif(base + ".avg_rade9h.tif", in_memory);
    TiffFile cvg_tif(base + ".cf_cvg.tif", in_memory);
    rad_tif.create(grid, GDT_Float32);
    cvg_tif.create(grid, GDT_UInt16);

    const long block_rows = std::max<long>(
        1, std::min<long>(grid.rows, long(kBlockBytes / (std::uint64_t(grid.cols) * 4))));
    std::vector<float> rad(std::size_t(block_rows * grid.cols));
    std::vector<std::uint16_t> cvg(std::size_t(block_rows * grid.cols));
    for (long row = 0; row < grid.rows; row += block_rows) {
        const long rows = std::min(block_rows, grid.rows - row);
        fill_rows(model, month, place, row, rows, rad.data(), cvg.data());
        rad_tif.write_rows(row, rows, grid.cols, rad.data(), GDT_Float32);
        cvg_tif.write_rows(row, rows, grid.cols, cvg.data(), GDT_UInt16);
    }
    rad.clear();
    rad.shrink_to_fit();
    cvg.clear();
    cvg.shrink_to_fit();

    const std::string tmp = temp_name(final_path);
    TgzWriter tgz(tmp, gzip_level);  // removes tmp if anything below throws
    tgz.set_mtime(mtime);
    rad_tif.finish_into(tgz, "./" + stem + ".avg_rade9h.tif");
    cvg_tif.finish_into(tgz, "./" + stem + ".cf_cvg.tif");
    tgz.close();
    std::error_code ec;
    fs::rename(tmp, final_path, ec);
    if (ec) {
        remove_quietly(tmp);
        throw DataError("mirror: cannot rename " + tmp + " to " + final_path + ": " +
                        ec.message());
    }
}

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

std::vector<PlannedFile> plan_month(const YearMonth& month, const ProductSpec& product)
{
    std::vector<PlannedFile> files;
    const int dup = mirror_duplicate_tile(month);
    for (const auto& t : tile_specs()) {
        const std::string name = format_archive_name(product, month, t, mirror_stamp(month, t));
        files.push_back({name, creation(month, t.index, false), PlannedFile::Kind::Archive,
                         t.index});
        files.push_back({name.substr(0, name.size() - 4) + ".avg_rade9h.png",
                         creation(month, t.index, false), PlannedFile::Kind::Preview, t.index});
        if (t.index == dup)
            files.push_back({format_archive_name(product, month, t, mirror_stamp(month, t, true)),
                             creation(month, t.index, true), PlannedFile::Kind::StaleArchive,
                             t.index});
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
    const std::string dir = o.out_dir + "/" + std::to_string(month.year()) + "/" +
                            month.to_string() + "/" + o.product.configuration;
    const std::vector<PlannedFile> files = plan_month(month, o.product);
    if (all_exist(dir, files)) {
        log::info(month.to_string() + ": mirror already complete in " + dir + ", skipped");
        return;
    }
    make_dirs(dir);
    const MirrorModel stale = stale_model(o.model);
    std::vector<ListingEntry> entries;
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
            write_if_changed(path, readme_text(month, o.product, o.model.scale));
            break;
        }
        entries.push_back({f.name, f.when.listing_date(), human_size(fs::file_size(path)), icon});
    }
    const std::string rel = "/" + std::to_string(month.year()) + "/" + month.to_string() + "/" +
                            o.product.configuration + "/";
    write_if_changed(dir + "/index.html", autoindex_page(rel, entries));
    log::info(month.to_string() + ": mirror wrote " + dir);
}

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

/// Regenerates the pages above the month folders from what is on disk.
void write_upper_indexes(const std::string& root)
{
    std::vector<ListingEntry> years;
    for (const auto& y : sub_dirs(root)) {
        if (!all_digits(y, 4))
            continue;
        std::vector<ListingEntry> months;
        std::string newest;
        for (const auto& m : sub_dirs(root + "/" + y)) {
            if (!all_digits(m, 6) || m.compare(0, 4, y) != 0)
                continue;
            const int mm = std::stoi(m.substr(4));
            if (mm < 1 || mm > 12)
                continue;
            const std::string date = creation(YearMonth(std::stoi(y), mm), 0, false).listing_date();
            std::vector<ListingEntry> cfgs;
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

} // namespace

// -------------------------------------------------------------------------------------------------
// MirrorModel

float MirrorModel::city_radiance(std::size_t i, const YearMonth& month) const
{
    if (i == 0 && has_month(outage_months, month))
        return kOutageRadiance;
    const MirrorCity& c = cities.at(i);
    const int months = month.index() - first_published_month().index();
    return quantize(c.base * (1.0 + c.growth * months));
}

Window MirrorModel::city_window(std::size_t i) const
{
    const MirrorCity& c = cities.at(i);
    const Grid g = global_grid(scale);
    const long col = long(std::floor((c.lon - g.x0) / g.dx));
    const long row = long(std::floor((g.y0 - c.lat) / g.dy));
    const Window w{col - c.radius, row - c.radius, 2L * c.radius + 1, 2L * c.radius + 1};
    return w.intersect(g.full());
}

Window MirrorModel::gap_window() const
{
    if (cities.size() < 2)
        return {};
    const Window w = city_window(1);
    const Window ring{w.col - kGapRing, w.row - kGapRing, w.cols + 2 * kGapRing,
                      w.rows + 2 * kGapRing};
    return ring.intersect(global_grid(scale).full());
}

float MirrorModel::radiance(const YearMonth& month, long col, long row) const
{
    if (has_month(gap_months, month) && window_has(gap_window(), col, row))
        return 0.0f;
    for (std::size_t i = 0; i < cities.size(); ++i)
        if (window_has(city_window(i), col, row))
            return city_radiance(i, month);
    return noise_radiance(cell_hash(row_key(month_key(seed, month), row), col));
}

std::uint16_t MirrorModel::cvg(const YearMonth& month, long col, long row) const
{
    if (has_month(gap_months, month) && window_has(gap_window(), col, row))
        return 0;
    return noise_cvg(cell_hash(row_key(month_key(seed, month), row), col));
}

// -------------------------------------------------------------------------------------------------

std::vector<MirrorCity> default_cities()
{
    // The nine SEZ sites: centroids of tests/data/sez/sez_zones.geojson (computed once with
    // OGR/SQLite ST_Centroid), in the file's order. Then six large cities. The first city carries
    // the outage and the second the coverage gap (default_model()). Bases differ so that a wrong
    // city shows; the plateaus stay apart at every scale up to 60.
    return {
        {"Ahti River EPZ", 36.9734186574928, -1.46839493373439, 1, 12.0, 0.010},
        {"Bole Lemi I IDZ", 38.8589543005163, 8.96958681243295, 1, 8.0, 0.020},
        {"Bonaberi-Doula IZ", 9.68524794245296, 4.06689599884866, 1, 15.0, 0.005},
        {"Coega IDZ", 25.6695675346802, -33.7610617985791, 1, 6.0, 0.015},
        {"Hawassa IDZ", 38.4976762014991, 7.06786709543487, 1, 5.0, 0.030},
        {"Hoa Khanh IZ", 108.133240844587, 16.0825336356187, 1, 22.0, 0.008},
        {"Linh Trung I EPZ", 106.771664219712, 10.8665006667264, 1, 30.0, 0.006},
        {"Pinthong GIZ", 100.998483773297, 13.1142394287017, 1, 18.0, 0.012},
        {"Puerto Chiapas SEZ", -92.387995198902, 14.7321491652457, 1, 9.0, 0.025},
        {"Lagos", 3.3792, 6.5244, 2, 45.0, 0.004},
        {"Mumbai", 72.8777, 19.0760, 2, 70.0, 0.003},
        {"Sao Paulo", -46.6333, -23.5505, 2, 80.0, 0.002},
        {"Jakarta", 106.8456, -6.2088, 2, 60.0, 0.004},
        {"Cairo", 31.2357, 30.0444, 2, 55.0, 0.003},
        {"Mexico City", -99.1332, 19.4326, 2, 65.0, 0.002},
    };
}

MirrorModel default_model(int scale, std::uint64_t seed)
{
    MirrorModel m;
    m.scale = scale;
    m.seed = seed;
    m.cities = default_cities();
    m.outage_months = {201709};
    m.gap_months = {201710};
    return m;
}

std::string mirror_stamp(const YearMonth& month, const TileSpec& tile, bool older)
{
    return format_stamp(month, tile.index, older);
}

int mirror_duplicate_tile(const YearMonth& month)
{
    const int idx = month.index();
    return idx % 5 == 2 ? (idx / 5) % kTileCount : -1;
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
    return "file://" + abs + "/{YYYY}/{YYYYMM}/{cfg}/";
}

} // namespace sezu

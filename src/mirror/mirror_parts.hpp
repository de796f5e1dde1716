#pragma once
// Private to the mirror: the pieces its files share. mirror_model.cpp makes the pixels,
// mirror_dates.cpp the creation times and stamps, mirror_tiles.cpp the tile archives (two
// GeoTIFFs in a .tgz), mirror_tree.cpp the files and Apache listings of the tree, and
// mirror.cpp plans and writes the months.
#include "sezu/core/temp_file.hpp"
#include "sezu/mirror/mirror.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace sezu::detail {

// ---- mirror_model.cpp

/// The tile's cells within the global grid.
Window tile_place(const TileSpec& tile, int scale);

/// Fills rows [row, row + rows) of a tile (global window `place`) with the model's values,
/// `rows` x place.cols of each, row-major. Same rules as MirrorModel::radiance / cvg.
void fill_rows(const MirrorModel& model, const YearMonth& month, const Window& place, long row,
               long rows, float* rad, std::uint16_t* cvg);

// ---- mirror_dates.cpp

/// When the mirror pretends a file was made.
struct Creation {
    long days = 0; ///< since 1970-01-01
    int hour = 0, minute = 0, second = 0;
    std::int64_t epoch_seconds() const;
    /// Apache's "2017-10-23 12:07".
    std::string listing_date() const;
};

/// The creation of tile `tile_index`'s archive in `month` (the older duplicate's when `older`).
Creation creation(const YearMonth& month, int tile_index, bool older);

// ---- mirror_tree.cpp

/// A hidden, unique temporary name beside `final_path` (".NAME.tmp-<pid>-<n>").
std::string temp_name(const std::string& final_path);
/// The TempFile spec of a file of the tree: a temporary from temp_name, DataError on failure.
TempFileSpec tree_file_spec(const std::string& final_path);
/// Writes a generated file through a TempFile, only when its contents changed (keeps re-runs a
/// no-op).
void write_if_changed(const std::string& path, const std::string& bytes);
/// Creates `dir` and its parents. Throws ConfigError.
void make_dirs(const std::string& dir);

/// One row of an Apache listing.
struct AutoindexEntry {
    std::string name; ///< folder names end in '/'
    std::string date; ///< "YYYY-MM-DD hh:mm"
    std::string size; ///< "-" for folders
    std::string icon; ///< Apache icon alt text: "DIR", "IMG", "TXT" or "   "
};

/// Apache's short sizes: "512", "1.2K", " 35M".
std::string human_size(std::uintmax_t size);
/// An Apache 2.4 autoindex page. `path` is the folder's path below the mirror root, e.g.
/// "/2017/201709/vcmcfg/".
std::string autoindex_page(const std::string& path, std::vector<AutoindexEntry> entries);
/// Regenerates the pages above the month folders from what is on disk.
void write_upper_indexes(const std::string& root);

// ---- mirror_tiles.cpp

/// A tiny real PNG (one grey pixel): the previews the publisher lists beside the archives.
std::string tiny_png(unsigned char grey);

/// Writes one tile archive (both rasters) to `final_path` through a TempFile.
void write_tile_archive(const MirrorModel& model, const YearMonth& month, const TileSpec& tile,
                        const std::string& stem, const std::string& final_path, int gzip_level,
                        std::int64_t mtime);

} // namespace sezu::detail

#pragma once
/// What the publisher calls its files and folders: archive names, source URL templates, and
/// grouping a listing's files into the 6 tiles of a month. Pure string work, tested with strings;
/// reading the listings is listing.hpp's work (libxml2, curl's URL API), fetching them
/// fetch.hpp's.
#include "sezu/core/months.hpp"
#include "sezu/core/redact.hpp"
#include "sezu/products/tile_grid.hpp"

#include <array>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace sezu {

/// Which product of a month: satellite "npp" (default) or "j01"; configuration "vcmcfg"
/// (default) or "vcmslcfg"; version "v10".
struct ProductSpec {
    std::string satellite = "npp";
    std::string configuration = "vcmcfg";
    std::string version = "v10";
};
bool operator==(const ProductSpec& a, const ProductSpec& b);
bool operator!=(const ProductSpec& a, const ProductSpec& b);
/// "npp vcmcfg v10".
std::ostream& operator<<(std::ostream& os, const ProductSpec& p);

/// The parts of a published archive name, e.g.
/// SVDNB_npp_20150101-20150131_75N180W_vcmcfg_v10_c201505111709.tgz
struct ArchiveName {
    std::string file_name;      ///< without any "./" or folder prefix
    std::string satellite;
    std::string first_day;      ///< YYYYMMDD
    std::string last_day;       ///< YYYYMMDD
    std::string tile;           ///< e.g. "75N180W"
    std::string configuration;
    std::string version;
    std::string stamp;          ///< creation stamp digits after 'c' (12 to 14 digits)
    YearMonth month() const;    ///< from first_day
    std::string stem() const;   ///< file_name without ".tgz"
};
bool operator==(const ArchiveName& a, const ArchiveName& b);
bool operator!=(const ArchiveName& a, const ArchiveName& b);
/// The file name.
std::ostream& operator<<(std::ostream& os, const ArchiveName& a);

/// Parses a name by the published pattern (shared/viirs.md); a leading "./" or path is ignored.
/// Anything else (previews, checksums, other products) gives nothing.
std::optional<ArchiveName> parse_archive_name(const std::string& name);

/// The archive name the publisher would give this tile of this month with this stamp.
std::string format_archive_name(const ProductSpec& product, const YearMonth& month,
                                const TileSpec& tile, const std::string& stamp);
/// The same for files covering the days first_day..last_day (YYYYMMDD) only: a partial month.
std::string format_archive_name(const ProductSpec& product, const std::string& first_day,
                                const std::string& last_day, const TileSpec& tile,
                                const std::string& stamp);

/// Compares creation stamps of 12 to 14 digits: pads on the right so that "2015051117" style
/// stamps of different lengths order by time. Returns true when a is newer than b.
bool stamp_newer(const std::string& a, const std::string& b);

/// Expands a source URL template for a month. Placeholders: {YYYY} {MM} {YYYYMM} {cfg}
/// (configuration, e.g. vcmcfg) {sat} (satellite, e.g. npp) {satfolder} (the folder EOG keeps
/// the satellite's months in: "" for npp, "NOAA-20/" for j01; tile_grid.hpp). Throws ConfigError
/// for an unknown placeholder (and {satfolder} of a satellite EOG does not publish). The result names a folder, so a trailing '/' is added when missing. A preset
/// name ("noaa", "eog") is resolved first.
std::string expand_source_template(const std::string& tmpl, const YearMonth& month,
                                   const ProductSpec& product);

/// Named source presets ("noaa", "eog"; "laads" for the Black Marble products, with {coll} and
/// {short} that laads.hpp fills in) to their templates; other text is returned unchanged.
std::string resolve_source_preset(const std::string& source);

/// A file a publisher's folder holds, as discovery lists it (listing.hpp).
struct ListingEntry {
    std::string name;  ///< its file name, decoded, without folders or query ("a b.tgz")
    std::string url;   ///< the absolute URL to fetch it from
};
bool operator==(const ListingEntry& a, const ListingEntry& b);
std::ostream& operator<<(std::ostream& out, const ListingEntry& e);

/// What a published file is, told by its first bytes: a download or a local file that is
/// something else (an HTML login page) is refused.
enum class FileFormat {
    Gzip,  ///< EOG's .tgz archives: 1f 8b
    Hdf5,  ///< Black Marble granules: 89 48 44 46 0d 0a 1a 0a ("\x89HDF\r\n\x1a\n")
};
/// True when `head` (n bytes, the file's first) begins with the format's signature.
bool has_signature(FileFormat format, const unsigned char* head, std::size_t n);
/// "1f 8b" or "89 48 44 46 0d 0a 1a 0a", for messages; and the format's name ("gzip", "HDF5").
std::string signature_hex(FileFormat format);
std::string to_string(FileFormat format);
/// The bytes has_signature needs.
constexpr std::size_t kSignatureBytes = 8;

/// A tile of a month, found in a listing.
struct TileRef {
    /// One of the 6 EOG tiles; for another product's tile an empty spec (index -1, name "")
    /// and the tile's name in archive.tile.
    TileSpec tile;
    /// The published file's parts. For a Black Marble granule: file_name, first_day and
    /// last_day of its period, tile ("h18v08"), version ("002") and stamp (production time).
    ArchiveName archive;
    std::string url;            ///< absolute URL of the .tgz (or granule)
    FileFormat format = FileFormat::Gzip;
};
bool operator==(const TileRef& a, const TileRef& b);
bool operator!=(const TileRef& a, const TileRef& b);
/// "75N180W SVDNB_...tgz <https://***@host/...>" (the URL without credentials).
std::ostream& operator<<(std::ostream& os, const TileRef& t);

/// What discovery found for a month.
enum class Availability { Complete, Incomplete, NotPublished };
std::string to_string(Availability a);

struct DiscoveredMonth {
    YearMonth month;
    Availability availability = Availability::NotPublished;
    std::string listing_url;
    std::vector<TileRef> tiles;          ///< found tiles, ordered by tile index
    std::vector<std::string> missing;    ///< names of tiles not found
    std::string reason;                  ///< human-readable, for incomplete / not published
    /// Set when the listing could not be read at all (server error, network); availability is
    /// then NotPublished, but the month may well exist: report it, do not conclude from it.
    std::string error;
    /// The satellite of the files looked for (and found): "npp" or "j01".
    std::string satellite;
    /// The days every tile found covers, YYYYMMDD: the month's first and last day for a whole
    /// month, e.g. 20220701-20220726 for a partial one; "" when no tile was found.
    std::string first_day, last_day;
    /// Whether the tiles found cover only part of the month.
    bool partial() const;
};

/// Groups the archives in a listing into the month's 6 tiles of `product`. Archives whose dates
/// lie inside the month count: the whole month, or part of it (2022-07 is published as
/// 20220701-20220726); a file reaching outside the month does not. When a tile appears more than
/// once the file covering more days wins, then the newest stamp (on equal stamps the first
/// listed). `listing_url` is named in reasons. Incomplete months give a reason like "5 of 6
/// tiles; missing 00N060E".
DiscoveredMonth group_listing(const YearMonth& month, const ProductSpec& product,
                              const std::string& listing_url,
                              const std::vector<ListingEntry>& entries);

} // namespace sezu

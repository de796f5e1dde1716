#pragma once
/// Where NASA publishes the Black Marble granules and how its listings read (shared/viirs.md):
/// the LAADS archive, one folder per period, `…/allData/5200/VNP46A3/YYYY/DDD/<granule>`, listed
/// by `…/YYYY/DDD.csv` (a CSV whose `name` column names the files). The source stays a template
/// the user can change: NASA's access paths have changed more than once. Pure string work.
#include "sezu/discover/catalog.hpp"
#include "sezu/products/blackmarble_grid.hpp"
#include "sezu/products/product.hpp"

#include <string>
#include <vector>

namespace sezu {

/// The run's source for a Black Marble product: "laads", and "noaa" (the default source, which
/// never holds Black Marble), give the LAADS archive's folder template (resolve_source_preset:
/// https://ladsweb.modaps.eosdis.nasa.gov/archive/allData/{coll}/{short}/{YYYY}/{DDD}/); {short} (e.g. VNP46A3) and {coll} (5200) are
/// replaced by the product's, the others ({YYYY} {DDD} {MM} {YYYYMM}) are left for
/// expand_source_template.
std::string blackmarble_source(const std::string& source, const Product& product);

/// The listing of a period's folder: the folder URL without its last '/' and with ".csv"
/// (".../2024/032/" -> ".../2024/032.csv").
std::string laads_listing_url(const std::string& folder_url);

/// The files a LAADS CSV listing names, each with its URL in `folder_url` (names
/// percent-encoded). The header row says which column is `name`; a listing without one throws
/// DataError naming `listing_url`. Blank lines are skipped.
std::vector<ListingEntry> parse_laads_csv(const std::string& text, const std::string& folder_url,
                                          const std::string& listing_url);

/// Picks the period's granules of `product` for the `needed` tiles out of a listing: names
/// that parse (parse_blackmarble_name) with the product's short name, its collection's version
/// and the period's first day; the newest production time wins. Tiles found come in `tiles`
/// (format Hdf5, archive.tile = "h18v08"); needed tiles without a granule in `missing`. A
/// Black Marble folder lists only land tiles, so a missing tile may be ocean: the period is
/// Complete when at least one needed tile is there (`reason` then names the others), else
/// Incomplete.
DiscoveredMonth group_blackmarble_listing(const Product& product, const YearMonth& month,
                                          const std::vector<BlackMarbleTile>& needed,
                                          const std::string& listing_url,
                                          const std::vector<ListingEntry>& entries);

/// For `sezu discover`: tells the needed tiles a period lacks that are gaps from those that are
/// ocean. `zone_tiles` holds, per zone (named in `zone_ids`, same order), the tiles holding its
/// cells (blackmarble_tiles_with_cells). A missing tile holding no zone's cells leaves `missing`
/// (a box reaching the sea is no gap) and the reason says so; one holding a zone's cells stays,
/// the period becomes Incomplete and the reason names the zones the run gives no numbers that
/// period. Periods not listed (NotPublished) or not read (`error`) are left as they are.
void mark_blackmarble_gaps(DiscoveredMonth& found, const std::vector<std::string>& zone_ids,
                           const std::vector<std::vector<BlackMarbleTile>>& zone_tiles);

} // namespace sezu

#pragma once
/// NASA's Common Metadata Repository (CMR) granule search, the second way to find Black Marble
/// granules (besides the LAADS listings, laads.hpp): JSON, no login, asked by short name,
/// version, time range and the zones' bounding box (shared/viirs.md). Pure string work: the
/// query URL of each page and what a page of answers holds.
///
///   GET https://cmr.earthdata.nasa.gov/search/granules.json?short_name=VNP46A3&version=2
///       &temporal=2024-02-01T00:00:00Z,2024-02-29T23:59:59Z&bounding_box=3,6,108.5,16.5
///       &page_size=2000&page_num=1
///
/// answers {"feed": {"entry": [{"title": ..., "producer_granule_id": ..., "links": [{"rel":
/// "http://esipfed.org/ns/fedsearch/1.1/data#", "href": "https://.../VNP46A3....h5"}, ...]}]}}.
#include "sezu/core/grid.hpp"
#include "sezu/core/months.hpp"
#include "sezu/discover/catalog.hpp"
#include "sezu/products/product.hpp"

#include <string>
#include <vector>

namespace sezu {

/// CMR's granule search in JSON: the default of --cmr-url.
extern const char* const kCmrGranulesUrl;

/// Granules asked for per page when the CMR URL names no page_size: CMR's largest page.
constexpr int kCmrPageSize = 2000;

/// The version CMR gives a Black Marble collection: "2" for 5200, "1" for 5000.
std::string cmr_version(const Product& product);

/// The box CMR is asked for: `box` (degrees; the zones' union, possibly past 180E for zones
/// across the antimeridian) clipped to the globe, as "W,S,E,N". A box past 180E wraps (west
/// larger than east, as CMR takes a box across the antimeridian); one 360 degrees wide or more
/// is the whole width.
std::string cmr_bounding_box(const BBox& box);

/// The URL of page `page` (1-based) of the search for `product`'s granules of `period` (a month,
/// or the year for an annual product: its first day 00:00:00Z to its last 23:59:59Z) over `box`.
/// `base` is the search URL (--cmr-url) and may carry parameters of its own (e.g. page_size, or
/// provider); the ones sezu adds follow them.
std::string cmr_query_url(const std::string& base, const Product& product,
                          const YearMonth& period, const BBox& box, int page);

/// The page size `base` asks for (its page_size parameter), else kCmrPageSize.
int cmr_page_size(const std::string& base);

/// One page of CMR's answer.
struct CmrPage {
    std::vector<ListingEntry> granules; ///< the entries with a usable name and link
    /// Entries on the page, usable or not: fewer than the page size means the last page.
    std::size_t entries = 0;
};

/// The granules one page of answers names: per entry, its file name (producer_granule_id, else
/// title, else the data link's last segment) and its download URL, the first http(s) link whose
/// rel ends in "/data#" (NASA's "http://esipfed.org/ns/fedsearch/1.1/data#"; s3:// links and
/// metadata or browse links are skipped). An entry without such a link is left out. Throws
/// DataError naming `query_url` when the text is not CMR's JSON (no feed.entry array), e.g. an
/// error page or a wrong --cmr-url; CMR's own "errors" are quoted.
CmrPage parse_cmr_granules(const std::string& text, const std::string& query_url);

} // namespace sezu

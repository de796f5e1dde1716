// Finding a Black Marble period's granules: the LAADS listing of the source's folder, or NASA's
// CMR granule search (--catalog cmr), page after page. Either way the granules of the needed
// tiles are chosen by group_blackmarble_listing (the newest production wins), and with
// --satellite auto NOAA-20's product stands in for a period Suomi NPP lacks.
#include "sezu/run/pipeline.hpp"

#include "sezu/core/error.hpp"
#include "sezu/core/log.hpp"
#include "sezu/discover/cmr.hpp"
#include "sezu/discover/laads.hpp"
#include "sezu/fetch/origin.hpp"

namespace sezu {

namespace {

DiscoveredMonth not_published(const YearMonth& month, const std::string& url,
                              const std::string& reason)
{
    DiscoveredMonth none;
    none.month = month;
    none.listing_url = url;
    none.reason = reason;
    return none;
}

// The period's LAADS listing of `product` and the granules of the needed tiles in it
// (NotPublished when the source has no listing for the period).
DiscoveredMonth from_listing(Fetcher& fetcher, const Config& config, const Product& product,
                             const YearMonth& month, const std::vector<BlackMarbleTile>& needed)
{
    const std::string folder = expand_source_template(blackmarble_source(config.source, product),
                                                      month, config.product);
    const std::string listing = laads_listing_url(folder);
    const auto text = fetcher.get_text(listing);
    if (!text)
        return not_published(month, listing, "no listing at " + redact_url(listing));
    return group_blackmarble_listing(product, month, needed, listing,
                                     parse_laads_csv(*text, folder, listing));
}

// The period's granules of `product` over `box` as CMR lists them, every page (NotPublished
// when CMR knows none). CMR is another origin than the source: the Fetcher sends it no token.
DiscoveredMonth from_cmr(Fetcher& fetcher, const Config& config, const Product& product,
                         const YearMonth& month, const std::vector<BlackMarbleTile>& needed,
                         const BBox& box)
{
    const std::size_t page_size = std::size_t(cmr_page_size(config.cmr_url));
    const std::string first = cmr_query_url(config.cmr_url, product, month, box, 1);
    std::vector<ListingEntry> granules;
    // A bound on the pages, against a server that never ends its answer: ~460 land tiles
    // exist per period, so even 1-granule pages end well before it.
    constexpr int kMaxPages = 1000;
    for (int page = 1; page <= kMaxPages; ++page) {
        const std::string url =
            page == 1 ? first : cmr_query_url(config.cmr_url, product, month, box, page);
        const auto text = fetcher.get_text(url);
        if (!text)
            throw FetchError("discover: CMR's granule search is not at " + redact_url(url) +
                             " (HTTP 404); check --cmr-url (default " + kCmrGranulesUrl + ")");
        CmrPage answer = parse_cmr_granules(*text, url);
        for (auto& g : answer.granules) {
            check_listing_link(url, g.url, g.name); // never file:// on a server's say
            granules.push_back(std::move(g));
        }
        if (answer.entries < page_size)
            break;
    }
    if (granules.empty())
        return not_published(month, first, "CMR lists no " + product.short_name +
                                                " granule for the period over the zones' box (" +
                                                cmr_bounding_box(box) + ")");
    return group_blackmarble_listing(product, month, needed, first, granules);
}

DiscoveredMonth discover_product(Fetcher& fetcher, const Config& config, const Product& product,
                                 const YearMonth& month, const std::vector<BlackMarbleTile>& needed,
                                 const BBox& box)
{
    return config.catalog == "cmr" ? from_cmr(fetcher, config, product, month, needed, box)
                                   : from_listing(fetcher, config, product, month, needed);
}

} // namespace

BBox zones_box(const ZoneSet& zones)
{
    BBox out;
    bool first = true;
    for (const auto& zone : zones.zones) {
        const BBox b = zone.geometry.bbox();
        out = first ? b
                    : BBox{std::min(out.xmin, b.xmin), std::min(out.ymin, b.ymin),
                           std::max(out.xmax, b.xmax), std::max(out.ymax, b.ymax)};
        first = false;
    }
    return out;
}

DiscoveredMonth discover_blackmarble(Fetcher& fetcher, const Config& config,
                                     const YearMonth& month,
                                     const std::vector<BlackMarbleTile>& needed, const BBox& box)
{
    const Product& product = config.data_product();
    DiscoveredMonth found = discover_product(fetcher, config, product, month, needed, box);
    found.satellite = product.satellite;
    // --satellite auto: Suomi NPP, else NOAA-20 for a period that lacks it (the tiles' file
    // names, kept in the archive, say which satellite each period is from).
    if (found.availability == Availability::Complete || config.product.satellite != "auto")
        return found;
    const Product& noaa20 =
        find_product(product.period == PeriodUnit::Month ? "vj146a3" : "vj146a4");
    DiscoveredMonth fallback = discover_product(fetcher, config, noaa20, month, needed, box);
    fallback.satellite = noaa20.satellite;
    if (fallback.availability != Availability::Complete)
        return found;
    log::info(month.to_string() + ": " + product.short_name + " " +
              to_string(found.availability) + ": NOAA-20's " + noaa20.short_name +
              " used instead");
    return fallback;
}

} // namespace sezu

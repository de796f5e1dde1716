#include "sezu/run/config.hpp"

#include "sezu/core/error.hpp"
#include "sezu/core/redact.hpp"
#include "sezu/discover/laads.hpp"
#include "sezu/discover/source_check.hpp"
#include "sezu/discover/url.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdlib>

namespace sezu {
using nlohmann::json;

std::vector<YearMonth> Config::months() const
{
    if (span_start.empty() || span_end.empty())
        throw ConfigError("span: no months to process; give spanStart and spanEnd "
                          "(--span-start/--span-end or \"options\" in the config file)");
    // An annual product's periods are years, held as their Januaries (product.hpp).
    if (data_product().period == PeriodUnit::Year)
        return expand_years(span_start, span_end);
    return expand_span(span_unit, span_start, span_end);
}

const Product& Config::data_product() const
{
    return find_product(product_name);
}

std::string Config::variable_or_default() const
{
    return variable.empty() ? data_product().default_variable : variable;
}

std::string Config::source_template() const
{
    const Product& p = data_product();
    return p.family == ProductFamily::BlackMarble ? blackmarble_source(source, p) : source;
}

int Config::downloads() const
{
    return parallel_downloads ? parallel_downloads : data_product().parallel_downloads;
}

namespace {

// Settings that belong to one family of products are refused for the other, instead of being
// silently ignored (a user asking for another layer of the EOG tiles would get avg_rade9h).
void check_eog_settings(const Config& c, const Product& p)
{
    if (!c.variable.empty() && c.variable != p.default_variable)
        throw ConfigError("variable: '" + c.variable + "' means nothing for " + p.name +
                          ", whose tiles have one radiance layer (" + p.default_variable +
                          "); --variable chooses among the Black Marble products' layers "
                          "(e.g. --product vnp46a3)");
    if (c.drop_quality != std::vector<int>{255})
        throw ConfigError("dropQuality: quality flags exist only in the Black Marble products "
                          "(e.g. --product vnp46a3), not in " + p.name);
}

// A Black Marble product fixes its layer names, its satellite and its first month: a choice
// that contradicts them is refused before anything is fetched, not found out per period.
void check_blackmarble_settings(const Config& c, const Product& p)
{
    const auto& vars = p.variables;
    if (!c.variable.empty() && std::find(vars.begin(), vars.end(), c.variable) == vars.end())
        throw ConfigError("variable: '" + c.variable + "' is not a radiance layer of " +
                          p.short_name + "; choose one of " + p.variable_list() + " (default " +
                          p.default_variable + ")");
    const std::string& sat = c.product.satellite;
    const bool npp = p.satellite == "npp";
    if (sat != "npp" && sat != "j01" && sat != "auto")
        throw ConfigError("satellite: '" + sat + "' is unknown; for " + p.name +
                          " leave it out (the product says which), or use auto: Suomi NPP, "
                          "NOAA-20 for periods without it");
    if (c.satellite_set && sat == "auto" && !npp)
        throw ConfigError("satellite: auto starts from Suomi NPP and falls back to NOAA-20; use "
                          "it with --product " + std::string(p.period == PeriodUnit::Month
                                                                 ? "vnp46a3" : "vnp46a4") +
                          ", or leave it out for " + p.name + " (NOAA-20 only)");
    if (c.satellite_set && sat != "auto" && sat != p.satellite)
        throw ConfigError(
            "satellite: " + p.name + " is " + (npp ? "Suomi NPP's" : "NOAA-20's") +
            " product (" + p.satellite + "), not " + sat + "'s; the product fixes the satellite: " +
            (npp ? "for NOAA-20 use --product " +
                       std::string(p.period == PeriodUnit::Month ? "vj146a3" : "vj146a4") +
                       ", or --satellite auto (Suomi NPP, NOAA-20 for periods without it)"
                 : "for Suomi NPP use --product " +
                       std::string(p.period == PeriodUnit::Month ? "vnp46a3" : "vnp46a4") +
                       " (with --satellite auto to fall back to NOAA-20)"));
    const YearMonth start = c.months().front();
    if (start < p.first_month) {
        const bool annual = p.period == PeriodUnit::Year;
        const std::string periods = annual ? "years" : "months";
        throw ConfigError("span: " + p.name + " (" + (npp ? "Suomi NPP" : "NOAA-20") +
                          ") starts in " + period_label(p.first_month, p.period) +
                          "; the span starts in " + period_label(start, p.period) + ", " +
                          periods + " " + (npp ? "" : "NOAA-20 ") +
                          "never published. Set spanStart to " +
                          period_text(p.first_month, p.period) + " or later" +
                          (npp ? ""
                               : ", or use --product " +
                                     std::string(annual ? "vnp46a4" : "vnp46a3") +
                                     " (Suomi NPP) for earlier " + periods +
                                     ", with --satellite auto to take NOAA-20 where Suomi NPP "
                                     "is missing"));
    }
}

// --catalog cmr: NASA's search lists Black Marble granules only, and is asked over http(s).
void check_catalog(const Config& c, const Product& p)
{
    if (c.catalog != "listing" && c.catalog != "cmr")
        throw ConfigError("catalog: '" + c.catalog + "' is unknown; use listing (the source's "
                          "listings, the default) or cmr (NASA's CMR granule search, Black "
                          "Marble products)");
    if (c.catalog == "cmr" && p.family != ProductFamily::BlackMarble)
        throw ConfigError("catalog: cmr (NASA's CMR) lists the Black Marble granules only; " +
                          p.name + " is found through its source's listings (leave --catalog "
                          "out)");
    const auto origin = url_origin(c.cmr_url);
    if (c.catalog == "cmr" &&
        (!origin || (origin->scheme != "http" && origin->scheme != "https")))
        throw ConfigError("cmrUrl: '" + redact_url(c.cmr_url) + "' is not an http(s) URL; "
                          "CMR's granule search is " + kCmrGranulesUrl);
}

} // namespace

void Config::validate_source() const
{
    months();
    const Product& p = data_product();
    if (p.family == ProductFamily::BlackMarble)
        check_blackmarble_settings(*this, p);
    else
        check_eog_settings(*this, p);
    for (int q : drop_quality)
        if (q < 0 || q > 255)
            throw ConfigError("dropQuality: " + std::to_string(q) + " is not a quality flag "
                              "(0 good, 1 poor, 2 gap-filled, 255 fill)");
    check_source_template(source_template());
    check_catalog(*this, p);
    if (p.family != ProductFamily::BlackMarble && product.satellite != "npp" &&
        product.satellite != "j01" && product.satellite != "auto")
        throw ConfigError("satellite: '" + product.satellite + "' is unknown; use npp or j01, "
                          "or auto: Suomi NPP, NOAA-20 for months without it");
    login_options().kind(); // one login at most
    // A header value with a line break would add headers of the user's making to every request.
    for (const char ch : user_agent)
        if (static_cast<unsigned char>(ch) < 0x20 || ch == 0x7f)
            throw ConfigError("userAgent: control characters (line breaks, tabs) are not allowed "
                              "in an HTTP header; give the agent as one line of text");
    if (!(keep_alive_seconds > 0) || !std::isfinite(keep_alive_seconds))
        throw ConfigError("keepAliveSeconds: must be a number of seconds above 0");
    if (product.configuration != "vcmcfg" && product.configuration != "vcmslcfg")
        throw ConfigError("configuration: '" + product.configuration +
                          "' is unknown; use vcmcfg or vcmslcfg");
    transfer.validate();
}

void Config::validate_source_before_latest() const
{
    Config check = *this;
    if (check.span_end == "latest")
        check.span_end = current_utc_month().to_string();
    check.validate_source();
}

void Config::validate() const
{
    validate_source();
    if (zones.empty())
        throw ConfigError("zones: no zones file; give --zones FILE or \"zones\" in the config");
    if (output.empty())
        throw ConfigError("output: no archive path; give --output FILE.h5");
    if (parallel_downloads < 0 || parallel_downloads > 64)
        throw ConfigError("parallelDownloads: " + std::to_string(parallel_downloads) +
                          " is out of range (1 to 64; 0 = the product's default)");
    if (threads < 1 || threads > 64)
        throw ConfigError("threads: " + std::to_string(threads) +
                          " is out of range (1 to 64 threads per rank)");
    if (!(checkpoint_seconds >= 0) || !std::isfinite(checkpoint_seconds))
        throw ConfigError("checkpointSeconds: must be a finite number of seconds, 0 or more");
    stats.check();
}

LoginOptions Config::login_options() const
{
    LoginOptions o;
    o.token_file = token_file;
    o.client_file = oauth_client_file;
    o.token_endpoint = token_endpoint;
    o.cookie_file = cookie_file;
    if (token_file.empty() && oauth_client_file.empty() && cookie_file.empty()) {
        const char* env = token_env.empty() ? nullptr : std::getenv(token_env.c_str());
        // NASA's Earthdata Login token, where blackmarblepy and NASA's own scripts keep it.
        if (!env && data_product().family == ProductFamily::BlackMarble)
            env = std::getenv("EARTHDATA_TOKEN");
        o.token = env ? env : "";
    }
    // The origin the token belongs to: for Black Marble the preset and {short} {coll} resolved
    // (the LAADS server), not the template as typed, whose host may not parse.
    o.source = source_template();
    o.user_agent = user_agent;
    o.keep_alive_s = keep_alive_seconds;
    o.limits = transfer;
    return o;
}

std::string Config::to_json() const
{
    json j;
    // An annual product's bounds are years whatever the unit given (Config::months).
    bool annual = false;
    for (const Product& p : products())
        annual = annual || (p.name == product_name && p.period == PeriodUnit::Year);
    j["options"] = {{"spanUnit", span_unit == SpanUnit::Month && !annual ? "month" : "year"},
                    {"spanStart", span_start},
                    {"spanEnd", span_end}};
    j["source"] = redact_url(source); // credentials in the URL stay out of the archive
    // The product appears only when it is not the default, so the provenance of eog-monthly
    // runs reads as it did before products existed.
    if (product_name != kDefaultProduct)
        j["product"] = product_name;
    if (!variable.empty())
        j["variable"] = variable;
    if (drop_quality != std::vector<int>{255})
        j["dropQuality"] = drop_quality;
    if (catalog != "listing") {
        j["catalog"] = catalog;
        j["cmrUrl"] = redact_url(cmr_url);
    }
    j["satellite"] = product.satellite;
    j["configuration"] = product.configuration;
    j["zones"] = zones;
    j["idField"] = id_field;
    if (!zones_layer.empty())
        j["zonesLayer"] = zones_layer;
    if (!zones_crs.empty())
        j["zonesCrs"] = zones_crs;
    j["nameField"] = name_field;
    j["eventField"] = event_field;
    j["output"] = output;
    j["rule"] = to_string(rule);
    j["litThreshold"] = stats.lit_threshold;
    j["zeroIsNodata"] = stats.zero_is_nodata;
    // The token itself is never written; only where it is read from.
    j["tokenEnv"] = token_env;
    if (!token_file.empty())
        j["tokenFile"] = token_file;
    if (!oauth_client_file.empty()) {
        j["oauthClientFile"] = oauth_client_file;
        j["tokenEndpoint"] = redact_url(token_endpoint);
    }
    if (!cookie_file.empty())
        j["cookieFile"] = cookie_file;
    if (!user_agent.empty())
        j["userAgent"] = user_agent;
    return j.dump();
}

bool operator==(const Config& a, const Config& b)
{
    return a.span_unit == b.span_unit && a.span_start == b.span_start &&
           a.span_end == b.span_end && a.source == b.source && a.product == b.product &&
           a.satellite_set == b.satellite_set &&
           a.product_name == b.product_name && a.variable == b.variable &&
           a.drop_quality == b.drop_quality && a.catalog == b.catalog &&
           a.cmr_url == b.cmr_url &&
           a.zones == b.zones && a.id_field == b.id_field && a.zones_layer == b.zones_layer &&
           a.zones_crs == b.zones_crs && a.name_field == b.name_field &&
           a.event_field == b.event_field && a.output == b.output &&
           a.cache_dir == b.cache_dir && a.work_dir == b.work_dir &&
           a.copy_local_source == b.copy_local_source && a.rule == b.rule &&
           a.stats == b.stats && a.parallel_downloads == b.parallel_downloads &&
           a.threads == b.threads &&
           a.transfer == b.transfer && a.token_env == b.token_env &&
           a.token_file == b.token_file && a.oauth_client_file == b.oauth_client_file &&
           a.token_endpoint == b.token_endpoint && a.cookie_file == b.cookie_file &&
           a.keep_alive_seconds == b.keep_alive_seconds && a.user_agent == b.user_agent &&
           a.checkpoint_seconds == b.checkpoint_seconds &&
           a.new_archive == b.new_archive;
}

bool operator!=(const Config& a, const Config& b)
{
    return !(a == b);
}

void require_eog_tiles(const Config& config, const std::string& command)
{
    const Product& p = config.data_product();
    if (p.family != ProductFamily::EogTiles)
        throw ConfigError(command + ": the product " + p.name + " (" + p.description +
                          ") is not supported by this command yet; use --product " +
                          kDefaultProduct);
}

std::string quality_list(const std::vector<int>& flags)
{
    std::string out;
    for (int q : flags)
        out += (out.empty() ? "" : ",") + std::to_string(q);
    return out;
}

std::vector<int> parse_quality_list(const std::string& text)
{
    std::vector<int> out;
    std::size_t start = 0;
    while (start <= text.size()) {
        const std::size_t comma = std::min(text.find(',', start), text.size());
        const std::string item = text.substr(start, comma - start);
        std::size_t used = 0;
        int value = -1;
        try {
            value = std::stoi(item, &used);
        } catch (const std::exception&) {
            used = 0;
        }
        if (item.empty() || used != item.size() || value < 0 || value > 255)
            throw ConfigError("dropQuality: '" + text + "' is not a list of quality flags; give "
                              "e.g. 255 (fill only, the default) or 1,2,255");
        out.push_back(value);
        start = comma + 1;
    }
    return out;
}

std::ostream& operator<<(std::ostream& os, const Config& c)
{
    return os << "Config{span=" << (c.span_unit == SpanUnit::Month ? "month" : "year") << ' '
              << c.span_start << ".." << c.span_end << " source=" << redact_url(c.source)
              << " product=" << c.product_name << " (" << c.product
              << (c.satellite_set ? ", satellite chosen" : "") << ") variable="
              << c.variable << " drop_quality=" << quality_list(c.drop_quality)
              << " catalog=" << c.catalog << " cmr_url=" << redact_url(c.cmr_url)
              << " zones=" << c.zones << " id_field=" << c.id_field
              << " zones_layer=" << c.zones_layer << " zones_crs=" << c.zones_crs
              << " name_field=" << c.name_field << " event_field=" << c.event_field
              << " output=" << c.output << " cache_dir=" << c.cache_dir
              << " work_dir=" << c.work_dir
              << " copy_local_source=" << (c.copy_local_source ? "true" : "false")
              << " rule=" << to_string(c.rule)
              << " stats=" << c.stats << " parallel_downloads=" << c.parallel_downloads
              << " threads=" << c.threads
              << " transfer=" << c.transfer << " token_env=" << c.token_env
              << " token_file=" << c.token_file << " oauth_client_file=" << c.oauth_client_file
              << " token_endpoint=" << redact_url(c.token_endpoint)
              << " cookie_file=" << c.cookie_file << " keep_alive_seconds=" << c.keep_alive_seconds
              << " user_agent=" << c.user_agent << " checkpoint_seconds=" << c.checkpoint_seconds
              << " new_archive=" << (c.new_archive ? "true" : "false") << '}';
}

} // namespace sezu

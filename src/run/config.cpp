#include "sezu/run/config.hpp"

#include "sezu/core/error.hpp"
#include "sezu/core/redact.hpp"
#include "sezu/discover/source_check.hpp"

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdlib>

namespace sezu {
using nlohmann::json;

std::vector<YearMonth> Config::months() const
{
    if (span_start.empty() || span_end.empty())
        throw ConfigError("span: no months to process; give spanStart and spanEnd "
                          "(--span-start/--span-end or \"options\" in the config file)");
    return expand_span(span_unit, span_start, span_end);
}

void Config::validate() const
{
    months();
    if (zones.empty())
        throw ConfigError("zones: no zones file; give --zones FILE or \"zones\" in the config");
    if (output.empty())
        throw ConfigError("output: no archive path; give --output FILE.h5");
    if (parallel_downloads < 1 || parallel_downloads > 64)
        throw ConfigError("parallelDownloads: " + std::to_string(parallel_downloads) +
                          " is out of range (1 to 64)");
    if (threads < 1 || threads > 64)
        throw ConfigError("threads: " + std::to_string(threads) +
                          " is out of range (1 to 64 threads per rank)");
    transfer.validate();
    if (!(checkpoint_seconds >= 0) || !std::isfinite(checkpoint_seconds))
        throw ConfigError("checkpointSeconds: must be a finite number of seconds, 0 or more");
    stats.check();
    check_source_template(source);
    if (product.satellite != "npp" && product.satellite != "j01")
        throw ConfigError("satellite: '" + product.satellite + "' is unknown; use npp or j01");
    login_options().kind(); // one login at most
    if (!(keep_alive_seconds > 0) || !std::isfinite(keep_alive_seconds))
        throw ConfigError("keepAliveSeconds: must be a number of seconds above 0");
    if (product.configuration != "vcmcfg" && product.configuration != "vcmslcfg")
        throw ConfigError("configuration: '" + product.configuration +
                          "' is unknown; use vcmcfg or vcmslcfg");
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
        o.token = env ? env : "";
    }
    o.source = source;
    o.user_agent = user_agent;
    o.keep_alive_s = keep_alive_seconds;
    o.limits = transfer;
    return o;
}

std::string Config::to_json() const
{
    json j;
    j["options"] = {{"spanUnit", span_unit == SpanUnit::Month ? "month" : "year"},
                    {"spanStart", span_start},
                    {"spanEnd", span_end}};
    j["source"] = redact_url(source); // credentials in the URL stay out of the archive
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

std::ostream& operator<<(std::ostream& os, const Config& c)
{
    return os << "Config{span=" << (c.span_unit == SpanUnit::Month ? "month" : "year") << ' '
              << c.span_start << ".." << c.span_end << " source=" << redact_url(c.source)
              << " product=" << c.product << " zones=" << c.zones << " id_field=" << c.id_field
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

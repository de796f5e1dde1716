// Reading a run's configuration from JSON: every key through one table (kKeys), relative paths
// from the file's folder, a repeated key refused.
#include "sezu/run/config.hpp"

#include "sezu/core/error.hpp"
#include "sezu/discover/source_check.hpp"
#include "sezu/discover/url.hpp"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

namespace sezu {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

std::string resolve_path(const std::string& path, const std::string& base_dir)
{
    if (path.empty() || base_dir.empty() || fs::path(path).is_absolute())
        return path;
    return (fs::path(base_dir) / path).lexically_normal().string();
}

/// Where a value comes from, for its messages and its relative paths.
struct KeyContext {
    std::string key;       ///< e.g. "litThreshold", "options.spanEnd"
    std::string origin;    ///< e.g. "config /path/job.json"
    std::string base_dir;  ///< relative paths are taken from here
};

std::string text_of(const json& value, const KeyContext& k)
{
    if (value.is_string())
        return value.get<std::string>();
    if (value.is_number_integer())
        return std::to_string(value.get<long long>());
    throw ConfigError(k.origin + ": \"" + k.key + "\" must be a string, e.g. \"201505\"");
}

std::string path_of(const json& value, const KeyContext& k)
{
    return resolve_path(text_of(value, k), k.base_dir);
}

double number_of(const json& value, const KeyContext& k)
{
    if (!value.is_number())
        throw ConfigError(k.origin + ": \"" + k.key + "\" must be a number");
    return value.get<double>();
}

int integer_of(const json& value, const KeyContext& k)
{
    if (!value.is_number_integer() || value.get<long long>() < -1000000 ||
        value.get<long long>() > 1000000)
        throw ConfigError(k.origin + ": \"" + k.key + "\" must be a whole number, e.g. 6");
    return int(value.get<long long>());
}

bool flag_of(const json& value, const KeyContext& k)
{
    if (!value.is_boolean())
        throw ConfigError(k.origin + ": \"" + k.key + "\" must be true or false");
    return value.get<bool>();
}

/// A config key and how its value sets the Config.
struct ConfigKey {
    const char* key;
    void (*set)(Config& c, const json& v, const KeyContext& k);
};

// The keys of the classic collection template's "options" object.
const ConfigKey kSpanKeys[] = {
    {"spanUnit", [](Config& c, const json& v, const KeyContext& k) {
         c.span_unit = parse_span_unit(text_of(v, k));
     }},
    {"spanStart", [](Config& c, const json& v, const KeyContext& k) {
         c.span_start = text_of(v, k);
     }},
    {"spanEnd", [](Config& c, const json& v, const KeyContext& k) { c.span_end = text_of(v, k); }},
};

// The top-level keys besides "options", the transfer limits and comments, in the order the
// error message for an unknown key lists them.
const ConfigKey kKeys[] = {
    {"source", [](Config& c, const json& v, const KeyContext& k) {
         c.source = normalize_source(text_of(v, k), k.base_dir);
     }},
    {"product", [](Config& c, const json& v, const KeyContext& k) {
         c.product_name = text_of(v, k);
         find_product(c.product_name); // an unknown name is refused where it is written
     }},
    {"variable", [](Config& c, const json& v, const KeyContext& k) {
         c.variable = text_of(v, k);
     }},
    {"dropQuality", [](Config& c, const json& v, const KeyContext& k) {
         // [1, 2, 255] or "1,2,255".
         if (!v.is_array()) {
             c.drop_quality = parse_quality_list(text_of(v, k));
             return;
         }
         std::string list;
         for (const json& item : v)
             list += (list.empty() ? "" : ",") +
                     (item.is_number_integer() ? std::to_string(item.get<long long>()) : "?");
         c.drop_quality = parse_quality_list(list);
     }},
    {"catalog", [](Config& c, const json& v, const KeyContext& k) {
         c.catalog = text_of(v, k);
     }},
    {"cmrUrl", [](Config& c, const json& v, const KeyContext& k) {
         c.cmr_url = text_of(v, k);
     }},
    {"satellite", [](Config& c, const json& v, const KeyContext& k) {
         c.product.satellite = text_of(v, k);
         c.satellite_set = true;
     }},
    {"configuration", [](Config& c, const json& v, const KeyContext& k) {
         c.product.configuration = text_of(v, k);
     }},
    {"zones", [](Config& c, const json& v, const KeyContext& k) { c.zones = path_of(v, k); }},
    {"idField", [](Config& c, const json& v, const KeyContext& k) { c.id_field = text_of(v, k); }},
    {"zonesLayer", [](Config& c, const json& v, const KeyContext& k) {
         c.zones_layer = text_of(v, k);
     }},
    {"zonesCrs", [](Config& c, const json& v, const KeyContext& k) {
         c.zones_crs = text_of(v, k);
     }},
    {"nameField", [](Config& c, const json& v, const KeyContext& k) {
         c.name_field = text_of(v, k);
     }},
    {"eventField", [](Config& c, const json& v, const KeyContext& k) {
         c.event_field = text_of(v, k);
     }},
    {"output", [](Config& c, const json& v, const KeyContext& k) { c.output = path_of(v, k); }},
    {"cacheDir", [](Config& c, const json& v, const KeyContext& k) {
         c.cache_dir = path_of(v, k);
     }},
    {"workDir", [](Config& c, const json& v, const KeyContext& k) { c.work_dir = path_of(v, k); }},
    {"copyLocalSource", [](Config& c, const json& v, const KeyContext& k) {
         c.copy_local_source = flag_of(v, k);
     }},
    {"rule", [](Config& c, const json& v, const KeyContext& k) {
         c.rule = parse_pixel_rule(text_of(v, k));
     }},
    {"litThreshold", [](Config& c, const json& v, const KeyContext& k) {
         c.stats.lit_threshold = number_of(v, k);
     }},
    {"zeroIsNodata", [](Config& c, const json& v, const KeyContext& k) {
         c.stats.zero_is_nodata = flag_of(v, k);
     }},
    {"stats", [](Config& c, const json& v, const KeyContext& k) {
         // "cell_count,sum_of_lights,radiance_median" or a list of names (old names too).
         std::string list;
         if (v.is_array())
             for (const json& item : v)
                 list += text_of(item, k) + ",";
         else
             list = text_of(v, k);
         c.stats.statistics = StatSelection::parse(list);
     }},
    {"parallelDownloads", [](Config& c, const json& v, const KeyContext& k) {
         c.parallel_downloads = integer_of(v, k);
     }},
    {"threads", [](Config& c, const json& v, const KeyContext& k) {
         c.threads = integer_of(v, k);
     }},
    {"tokenEnv", [](Config& c, const json& v, const KeyContext& k) {
         c.token_env = text_of(v, k);
     }},
    {"tokenFile", [](Config& c, const json& v, const KeyContext& k) {
         c.token_file = path_of(v, k);
     }},
    {"oauthClientFile", [](Config& c, const json& v, const KeyContext& k) {
         c.oauth_client_file = path_of(v, k);
     }},
    {"tokenEndpoint", [](Config& c, const json& v, const KeyContext& k) {
         c.token_endpoint = text_of(v, k);
     }},
    {"cookieFile", [](Config& c, const json& v, const KeyContext& k) {
         c.cookie_file = path_of(v, k);
     }},
    {"keepAliveSeconds", [](Config& c, const json& v, const KeyContext& k) {
         c.keep_alive_seconds = number_of(v, k);
     }},
    {"userAgent", [](Config& c, const json& v, const KeyContext& k) {
         c.user_agent = text_of(v, k);
     }},
    {"checkpointSeconds", [](Config& c, const json& v, const KeyContext& k) {
         c.checkpoint_seconds = number_of(v, k);
     }},
    {"newArchive", [](Config& c, const json& v, const KeyContext& k) {
         c.new_archive = flag_of(v, k);
     }},
};

template <std::size_t N>
const ConfigKey* find_key(const ConfigKey (&keys)[N], const std::string& key)
{
    for (const auto& k : keys)
        if (key == k.key)
            return &k;
    return nullptr;
}

template <std::size_t N> std::string key_list(const ConfigKey (&keys)[N])
{
    std::string out;
    for (const auto& k : keys)
        out += std::string(out.empty() ? "" : ", ") + k.key;
    return out;
}

void apply_span_keys(Config& c, const json& options, const KeyContext& where)
{
    if (!options.is_object())
        throw ConfigError(where.origin + ": \"options\" must be an object");
    for (const auto& [key, value] : options.items()) {
        const ConfigKey* known = find_key(kSpanKeys, key);
        if (!known)
            throw ConfigError(where.origin + ": unknown key \"options." + key + "\" (known: " +
                              key_list(kSpanKeys) + ")");
        known->set(c, value, {key, where.origin, where.base_dir});
    }
}

// JSON objects keep the last of two equal keys; in a config that silently drops a setting the
// user wrote, so a repeated key is an error naming it (with its path, e.g. "options.spanEnd").
json parse_without_duplicate_keys(const std::string& text, const std::string& origin)
{
    struct Frame {
        std::string path; // where the object is: "" at the top, "options", "list[]"
        bool array = false;
        std::set<std::string> keys;
        std::string last_key;
    };
    std::vector<Frame> frames;
    const auto callback = [&](int, json::parse_event_t event, json& parsed) {
        switch (event) {
        case json::parse_event_t::object_start:
        case json::parse_event_t::array_start: {
            std::string path;
            if (!frames.empty()) {
                const Frame& up = frames.back();
                path = up.array ? up.path + "[]"
                                : (up.path.empty() ? "" : up.path + ".") + up.last_key;
            }
            frames.push_back({path, event == json::parse_event_t::array_start, {}, ""});
            break;
        }
        case json::parse_event_t::object_end:
        case json::parse_event_t::array_end:
            frames.pop_back();
            break;
        case json::parse_event_t::key: {
            Frame& frame = frames.back();
            frame.last_key = parsed.get<std::string>();
            if (!frame.keys.insert(frame.last_key).second)
                throw ConfigError(origin + ": the key \"" +
                                  (frame.path.empty() ? "" : frame.path + ".") + frame.last_key +
                                  "\" is given twice; keep one");
            break;
        }
        default:
            break;
        }
        return true;
    };
    try {
        return json::parse(text, callback);
    } catch (const json::exception& e) {
        // parse_error, and out_of_range for numbers beyond a double (1e999).
        throw ConfigError(origin + ": not valid JSON: " + e.what());
    }
}

} // namespace

std::string normalize_source(const std::string& source, const std::string& base_dir)
{
    if (source.find("://") != std::string::npos || source.find('/') == std::string::npos) {
        check_source_template(source); // a URL or a preset name: one sezu can read?
        return source;
    }
    // Percent-encoded, so that a folder with spaces or non-ASCII names makes a URL curl reads.
    const fs::path folder = fs::absolute(resolve_path(source, base_dir)).lexically_normal();
    return "file://" + url_encode_path(folder.string());
}

Config parse_config_json(const std::string& text, const std::string& base_dir, Config c,
                         const std::string& origin)
{
    const json doc = parse_without_duplicate_keys(text, origin);
    if (!doc.is_object())
        throw ConfigError(origin + ": expected a JSON object at the top level");
    for (const auto& [key, value] : doc.items()) {
        const KeyContext where{key, origin, base_dir};
        if (key == "options")
            apply_span_keys(c, value, where);
        else if (const ConfigKey* known = find_key(kKeys, key))
            known->set(c, value, where);
        else if (is_transfer_limit_key(key))
            set_transfer_limit(c.transfer, key, number_of(value, where));
        else if (key != "comment" && key != "_comment") // free text for humans
            throw ConfigError(origin + ": unknown key \"" + key + "\" (known: options, " +
                              key_list(kKeys) + ", comment, " + transfer_limit_key_list() + ")");
    }
    return c;
}

Config load_config_file(const std::string& path, Config base)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw ConfigError("config: cannot read '" + path + "': " +
                          (fs::exists(path) ? "permission denied" : "no such file"));
    std::ostringstream text;
    text << in.rdbuf();
    const std::string dir = fs::absolute(path).parent_path().string();
    return parse_config_json(text.str(), dir, std::move(base), "config " + path);
}

} // namespace sezu

#include "sezu/run/config.hpp"

#include "sezu/core/error.hpp"
#include "sezu/discover/source_check.hpp"
#include "sezu/discover/url.hpp"

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdlib>
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

std::string text_of(const json& value, const std::string& key, const std::string& origin)
{
    if (value.is_string())
        return value.get<std::string>();
    if (value.is_number_integer())
        return std::to_string(value.get<long long>());
    throw ConfigError(origin + ": \"" + key + "\" must be a string, e.g. \"201505\"");
}

double number_of(const json& value, const std::string& key, const std::string& origin)
{
    if (!value.is_number())
        throw ConfigError(origin + ": \"" + key + "\" must be a number");
    return value.get<double>();
}

int integer_of(const json& value, const std::string& key, const std::string& origin)
{
    if (!value.is_number_integer() || value.get<long long>() < -1000000 ||
        value.get<long long>() > 1000000)
        throw ConfigError(origin + ": \"" + key + "\" must be a whole number, e.g. 6");
    return int(value.get<long long>());
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
    return "file://" +
           url_encode_path(fs::absolute(resolve_path(source, base_dir)).lexically_normal().string());
}

Config parse_config_json(const std::string& text, const std::string& base_dir, Config c,
                         const std::string& origin)
{
    const json doc = parse_without_duplicate_keys(text, origin);
    if (!doc.is_object())
        throw ConfigError(origin + ": expected a JSON object at the top level");

    for (const auto& [key, value] : doc.items()) {
        if (key == "options") {
            if (!value.is_object())
                throw ConfigError(origin + ": \"options\" must be an object");
            for (const auto& [k, v] : value.items()) {
                if (k == "spanUnit")
                    c.span_unit = parse_span_unit(text_of(v, k, origin));
                else if (k == "spanStart")
                    c.span_start = text_of(v, k, origin);
                else if (k == "spanEnd")
                    c.span_end = text_of(v, k, origin);
                else
                    throw ConfigError(origin + ": unknown key \"options." + k +
                                      "\" (known: spanUnit, spanStart, spanEnd)");
            }
        } else if (key == "source") {
            c.source = normalize_source(text_of(value, key, origin), base_dir);
        } else if (key == "satellite") {
            c.product.satellite = text_of(value, key, origin);
        } else if (key == "configuration") {
            c.product.configuration = text_of(value, key, origin);
        } else if (key == "zones") {
            c.zones = resolve_path(text_of(value, key, origin), base_dir);
        } else if (key == "idField") {
            c.id_field = text_of(value, key, origin);
        } else if (key == "nameField") {
            c.name_field = text_of(value, key, origin);
        } else if (key == "eventField") {
            c.event_field = text_of(value, key, origin);
        } else if (key == "output") {
            c.output = resolve_path(text_of(value, key, origin), base_dir);
        } else if (key == "cacheDir") {
            c.cache_dir = resolve_path(text_of(value, key, origin), base_dir);
        } else if (key == "workDir") {
            c.work_dir = resolve_path(text_of(value, key, origin), base_dir);
        } else if (key == "rule") {
            c.rule = parse_pixel_rule(text_of(value, key, origin));
        } else if (key == "litThreshold") {
            c.stats.lit_threshold = number_of(value, key, origin);
        } else if (key == "zeroIsNodata") {
            if (!value.is_boolean())
                throw ConfigError(origin + ": \"zeroIsNodata\" must be true or false");
            c.stats.zero_is_nodata = value.get<bool>();
        } else if (key == "parallelDownloads") {
            c.parallel_downloads = integer_of(value, key, origin);
        } else if (key == "tokenEnv") {
            c.token_env = text_of(value, key, origin);
        } else if (key == "tokenFile") {
            c.token_file = resolve_path(text_of(value, key, origin), base_dir);
        } else if (key == "checkpointSeconds") {
            c.checkpoint_seconds = number_of(value, key, origin);
        } else if (key == "newArchive") {
            if (!value.is_boolean())
                throw ConfigError(origin + ": \"newArchive\" must be true or false");
            c.new_archive = value.get<bool>();
        } else if (is_transfer_limit_key(key)) {
            set_transfer_limit(c.transfer, key, number_of(value, key, origin));
        } else if (key == "comment" || key == "_comment") {
            // free text for humans
        } else {
            throw ConfigError(origin + ": unknown key \"" + key +
                              "\" (known: options, source, satellite, configuration, zones, "
                              "idField, nameField, eventField, output, cacheDir, workDir, rule, litThreshold, zeroIsNodata, "
                              "parallelDownloads, tokenEnv, tokenFile, checkpointSeconds, newArchive, "
                              "comment, " + transfer_limit_key_list() + ")");
        }
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
    transfer.validate();
    if (!(checkpoint_seconds >= 0) || !std::isfinite(checkpoint_seconds))
        throw ConfigError("checkpointSeconds: must be a finite number of seconds, 0 or more");
    stats.check();
    check_source_template(source);
    if (product.satellite != "npp" && product.satellite != "j01")
        throw ConfigError("satellite: '" + product.satellite + "' is unknown; use npp or j01");
    if (product.configuration != "vcmcfg" && product.configuration != "vcmslcfg")
        throw ConfigError("configuration: '" + product.configuration +
                          "' is unknown; use vcmcfg or vcmslcfg");
}

std::string Config::token() const
{
    if (!token_file.empty()) {
        std::ifstream in(token_file);
        if (!in)
            throw ConfigError("token: cannot read the token file " + token_file);
        std::string value;
        std::getline(in, value);
        return value;
    }
    const char* env = token_env.empty() ? nullptr : std::getenv(token_env.c_str());
    return env ? env : "";
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
    return j.dump();
}

} // namespace sezu

#include "sezu/config.hpp"

#include "sezu/error.hpp"

#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
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

} // namespace

std::string normalize_source(const std::string& source, const std::string& base_dir)
{
    if (source.find("://") != std::string::npos || source.find('/') == std::string::npos)
        return source; // a URL or a preset name
    return "file://" + fs::absolute(resolve_path(source, base_dir)).lexically_normal().string();
}

Config parse_config_json(const std::string& text, const std::string& base_dir, Config c,
                         const std::string& origin)
{
    json doc;
    try {
        doc = json::parse(text);
    } catch (const json::parse_error& e) {
        throw ConfigError(origin + ": not valid JSON: " + e.what());
    }
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
            c.parallel_downloads = int(number_of(value, key, origin));
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
    if (!(checkpoint_seconds >= 0))
        throw ConfigError("checkpointSeconds: must be 0 or more");
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

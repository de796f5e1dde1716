#include "cli_common.hpp"

#include "sezu/archive/archive.hpp"
#include "sezu/core/error.hpp"
#include "sezu/core/log.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>

namespace sezu::cli {
namespace fs = std::filesystem;

po::variables_map parse(const std::string& command, const po::options_description& desc,
                        const std::vector<std::string>& args,
                        const po::positional_options_description* positional)
{
    po::variables_map vm;
    try {
        po::command_line_parser parser(args);
        parser.options(desc);
        if (positional)
            parser.positional(*positional);
        po::store(parser.run(), vm);
        po::notify(vm);
    } catch (const po::error& e) {
        throw ConfigError(command + ": " + e.what() + "; see `sezu " + command + " --help`");
    }
    return vm;
}

bool help_asked(const po::variables_map& vm, Comm& comm, const std::string& usage,
                const po::options_description& desc)
{
    if (!vm.count("help"))
        return false;
    if (comm.rank() == 0)
        std::cout << usage << "\n" << desc << std::flush;
    return true;
}

std::string stats_help(bool run)
{
    return std::string("statistics to compute and store, comma-separated: any of cell_count, "
                       "valid_count, sum_of_lights, radiance_mean, radiance_min, radiance_max, "
                       "radiance_std, negative_count, lit_count, lit_fraction, cvg_mean, "
                       "cvg_min, zero_cvg_fraction, area_km2, sum_of_lights_per_km2, "
                       "radiance_skew, radiance_cv (std/mean), nonfinite_count (weight of "
                       "+Inf/-Inf cells), radiance_median, radiance_q<percent> (radiance_q10, "
                       "radiance_q90: coverage-weighted quantiles, exactextract's definition). "
                       "Default: the 16 from cell_count to radiance_skew. The old names (count, "
                       "sum, mean, ..., median, q90) are accepted too") +
           (run ? "; an archive keeps its choice (resuming with another is refused)" : "");
}

po::options_description span_options()
{
    po::options_description d("span");
    d.add_options()
        ("config,c", po::value<std::string>(),
         "JSON config file: the span as {\"options\": {\"spanStart\": \"201204\", \"spanEnd\": "
         "\"201805\"}} and options by their camelCase names (listed in docs/usage.md)")
        ("span-start", po::value<std::string>(), "first month, YYYYMM (or YYYY with --span-unit "
                                                  "year); first year, YYYY, of an annual product")
        ("span-end", po::value<std::string>(), "last month, inclusive; `latest` = the newest month "
                                                "whose 6 tiles are all published on the source")
        ("span-unit", po::value<std::string>(), "month (default) or year");
    return d;
}

po::options_description source_options()
{
    po::options_description d("source");
    d.add_options()
        ("source", po::value<std::string>(),
         "where the monthly tiles are published: noaa or eog (the publishers' servers), a URL "
         "with {YYYY} {MM} {YYYYMM} {cfg} {sat} {satfolder} in it, or a local folder with the same")
        ("product", po::value<std::string>(),
         "the data product: eog-monthly (default: EOG's monthly tiles), vnp46a3 / vj146a3 (NASA "
         "Black Marble monthly, Suomi NPP / NOAA-20), vnp46a4 / vj146a4 (annual); docs/usage.md "
         "says which to choose")
        ("variable", po::value<std::string>(),
         "Black Marble layer to read (default NearNadir_Composite_Snow_Free)")
        ("drop-quality", po::value<std::string>(),
         "Black Marble cells with these quality flags are dropped (default 255 = fill; e.g. "
         "1,2,255 also drops poor and gap-filled cells)")
        ("catalog", po::value<std::string>(),
         "how Black Marble granules are found: listing (the source's LAADS listings, default) "
         "or cmr (NASA's CMR granule search: by product, month and the zones' box, no login)")
        ("cmr-url", po::value<std::string>(),
         "CMR's granule search (default https://cmr.earthdata.nasa.gov/search/granules.json); "
         "the token is never sent there unless it is the source's own server")
        ("satellite", po::value<std::string>(),
         "npp = Suomi NPP (default), j01 = NOAA-20, or auto = Suomi NPP and NOAA-20 for the "
         "months (Black Marble: periods) without it, e.g. EOG's 2022-08; the archive records "
         "each month's")
        ("configuration", po::value<std::string>(),
         "vcmcfg = stray light excluded (default) or vcmslcfg = stray light corrected (more "
         "months near the poles)")
        ("token-env", po::value<std::string>(), "name of the environment variable holding your "
                                                "EOG access token (default SEZU_TOKEN)")
        ("token-file", po::value<std::string>(),
         "file whose first line is your EOG access token; read again whenever it changes, so "
         "a script of yours can keep a fresh token in it during a long run")
        ("oauth-client-file", po::value<std::string>(),
         "log in to EOG as a paid subscriber: a file (chmod 600) with the lines "
         "client_id = ... and client_secret = ... (and username = / password = for a user "
         "login); sezu gets access tokens and renews them before they expire")
        ("token-endpoint", po::value<std::string>(),
         "where the subscriber's client gets its tokens (default: EOG's, "
         "https://eogauth.mines.edu/realms/eog/protocol/openid-connect/token)")
        ("cookie-file", po::value<std::string>(),
         "log in with your browser session: its cookies exported in Netscape format "
         "(cookies.txt) after you logged in to eogdata.mines.edu; kept alive while sezu runs")
        ("keep-alive-seconds", po::value<double>(),
         "with --cookie-file: one request this often keeps the session alive (default 30)")
        ("user-agent", po::value<std::string>(),
         "name sezu gives itself to the server (default sezu/VERSION); some servers refuse "
         "unknown programs")
        ("copy-local-source", "copy the archives of a local folder source into the cache dir "
                              "(default: read them where they are; copy when the folder is a "
                              "slow network mount read more than once)");
    for (const auto& k : transfer_limit_keys()) // download deadlines and attempts
        d.add_options()(k.flag, po::value<double>(), k.help);
    return d;
}

Config config_from(const po::variables_map& vm)
{
    Config c;
    if (vm.count("config"))
        c = load_config_file(vm["config"].as<std::string>(), c);
    auto str = [&](const char* name, std::string& target) {
        if (vm.count(name))
            target = vm[name].as<std::string>();
    };
    if (vm.count("span-unit"))
        c.span_unit = parse_span_unit(vm["span-unit"].as<std::string>());
    str("span-start", c.span_start);
    str("span-end", c.span_end);
    if (vm.count("source"))
        c.source = normalize_source(vm["source"].as<std::string>(), fs::current_path().string());
    str("product", c.product_name);
    str("variable", c.variable);
    str("catalog", c.catalog);
    str("cmr-url", c.cmr_url);
    if (vm.count("drop-quality"))
        c.drop_quality = parse_quality_list(vm["drop-quality"].as<std::string>());
    if (vm.count("satellite")) {
        c.product.satellite = vm["satellite"].as<std::string>();
        c.satellite_set = true;
    }
    str("configuration", c.product.configuration);
    str("zones", c.zones);
    str("id-field", c.id_field);
    str("zones-layer", c.zones_layer);
    str("zones-crs", c.zones_crs);
    str("name-field", c.name_field);
    str("event-field", c.event_field);
    str("output", c.output);
    str("cache-dir", c.cache_dir);
    str("work-dir", c.work_dir);
    str("token-env", c.token_env);
    str("token-file", c.token_file);
    str("oauth-client-file", c.oauth_client_file);
    str("token-endpoint", c.token_endpoint);
    str("cookie-file", c.cookie_file);
    str("user-agent", c.user_agent);
    if (vm.count("keep-alive-seconds"))
        c.keep_alive_seconds = vm["keep-alive-seconds"].as<double>();
    if (vm.count("rule"))
        c.rule = parse_pixel_rule(vm["rule"].as<std::string>());
    if (vm.count("lit-threshold"))
        c.stats.lit_threshold = vm["lit-threshold"].as<double>();
    if (vm.count("zero-is-nodata"))
        c.stats.zero_is_nodata = true;
    if (vm.count("stats"))
        c.stats.statistics = StatSelection::parse(vm["stats"].as<std::string>());
    if (vm.count("parallel-downloads"))
        c.parallel_downloads = vm["parallel-downloads"].as<int>();
    if (vm.count("threads"))
        c.threads = vm["threads"].as<int>();
    for (const auto& k : transfer_limit_keys())
        if (vm.count(k.flag))
            set_transfer_limit(c.transfer, k.key, vm[k.flag].as<double>());
    if (vm.count("checkpoint-seconds"))
        c.checkpoint_seconds = vm["checkpoint-seconds"].as<double>();
    if (vm.count("new-archive"))
        c.new_archive = true;
    if (vm.count("copy-local-source"))
        c.copy_local_source = true;
    return c;
}

void apply_verbosity(const po::variables_map& vm)
{
    if (vm.count("quiet"))
        log::set_level(log::Level::Quiet);
    else if (vm.count("verbose"))
        log::set_level(log::Level::Verbose);
}

po::options_description usable_options()
{
    po::options_description d("usable months");
    d.add_options()
        ("gap-threshold", po::value<double>()->default_value(0.5),
         "a month is a gap when its zone has no cloud-free observation over more than this "
         "share of its area (zero_cvg_fraction)")
        ("use-gaps", "count gap months as usable (default: only observed months)");
    return d;
}

UsableMonths usable_from(const po::variables_map& vm)
{
    UsableMonths u;
    u.gap_threshold = vm["gap-threshold"].as<double>();
    if (!(u.gap_threshold >= 0.0 && u.gap_threshold <= 1.0))
        throw ConfigError("--gap-threshold must be between 0 and 1");
    u.use_gaps = vm.count("use-gaps") > 0;
    return u;
}

std::optional<ArchiveCommand> parse_archive_command(const std::string& command,
                                                    po::options_description desc,
                                                    const Args& args, Comm& comm,
                                                    const std::string& usage)
{
    desc.add_options()("archive", po::value<std::string>(), "the archive (.h5)")("help,h",
                                                                                 "this help");
    desc.add(usable_options());
    po::positional_options_description pos;
    pos.add("archive", 1);
    ArchiveCommand parsed;
    parsed.vm = parse(command, desc, args, &pos);
    if (help_asked(parsed.vm, comm, usage, desc))
        return std::nullopt;
    if (!parsed.vm.count("archive"))
        throw ConfigError(command + ": give the archive: sezu " + command + " ARCHIVE.h5");
    parsed.archive = parsed.vm["archive"].as<std::string>();
    parsed.usable = usable_from(parsed.vm);
    return parsed;
}

po::options_description stat_csv_options(const std::string& stat_help)
{
    po::options_description d("statistic and output");
    d.add_options()
        ("stat", po::value<std::string>()->default_value("sum_of_lights"), stat_help.c_str())
        ("output,o", po::value<std::string>(), "CSV file (default: stdout)");
    return d;
}

void check_output_path(const std::string& command, const std::string& output,
                       const std::vector<std::string>& inputs, bool writes_hdf5)
{
    for (const auto& input : inputs) {
        std::error_code ec; // equivalent() is false when either file does not exist
        if (!input.empty() && fs::equivalent(output, input, ec))
            throw ConfigError(command + ": the output '" + output + "' is the input '" + input +
                              "'; writing it would destroy it. Choose another file");
    }
    std::error_code ec;
    if (!fs::is_regular_file(output, ec))
        return;
    // HDF5's signature at offset 0 (where sezu's archives and aggregate files have it).
    char head[8] = {};
    std::ifstream(output, std::ios::binary).read(head, sizeof head);
    const bool is_hdf5 = std::string(head, sizeof head) == std::string("\x89HDF\r\n\x1a\n", 8);
    if (is_hdf5 != writes_hdf5)
        throw ConfigError(command + ": '" + output + "' exists and is " +
                          (is_hdf5 ? "an HDF5 file (an archive?)" : "not an HDF5 file") +
                          "; sezu does not replace it with " +
                          (writes_hdf5 ? "an HDF5 file" : "this output") +
                          ". Choose another name, or remove it first");
}

OutputStream::OutputStream(const po::variables_map& vm, const std::string& command,
                           const std::vector<std::string>& inputs)
{
    if (!vm.count("output"))
        return;
    const std::string path = vm["output"].as<std::string>();
    check_output_path(command, path, inputs, false);
    check_output_writable(path);
    m_temp.emplace(path, command);
    m_file.open(m_temp->path());
    if (!m_file)
        throw ConfigError(command + ": cannot write '" + path + "': " + std::strerror(errno));
}

void OutputStream::commit()
{
    if (!m_temp) {
        std::cout.flush();
        return;
    }
    m_file.close();
    if (!m_file)
        m_temp->fail(errno, "writing failed");
    m_temp->commit();
}

} // namespace sezu::cli

#pragma once
/// The configuration of a run: what months, from where, which zones, how, and where to write.
/// Filled from a JSON config file and then from command-line flags (flags win). Pure: no curl,
/// GDAL, HDF5 or MPI here.
#include "sezu/discover/catalog.hpp"
#include "sezu/discover/cmr.hpp"
#include "sezu/zones/coverage.hpp"
#include "sezu/core/months.hpp"
#include "sezu/stats/stats.hpp"
#include "sezu/fetch/login.hpp"
#include "sezu/fetch/transfer_limits.hpp"
#include "sezu/products/product.hpp"

#include <ostream>
#include <string>
#include <vector>

namespace sezu {

struct Config {
    // The classic collection template: {"options": {"spanUnit", "spanStart", "spanEnd"}}.
    SpanUnit span_unit = SpanUnit::Month;
    std::string span_start;
    std::string span_end;

    std::string source = "noaa";   ///< URL template or preset name (see catalog.hpp)
    /// The data product (product.hpp, `--product`): its grid, names, reader and period.
    std::string product_name = kDefaultProduct;
    /// EOG's variant of the product: satellite and configuration (eog-monthly only).
    ProductSpec product;
    /// Whether the user chose the satellite (config key or --satellite): a Black Marble product
    /// fixes its satellite, so only an explicit choice that contradicts it is refused.
    bool satellite_set = false;
    /// The layer read from a Black Marble granule (`--variable`); empty: the product's default.
    std::string variable;
    /// Black Marble cells whose quality flag is one of these are dropped (`--drop-quality`);
    /// 255 is the granule's fill. Users of the peers often drop 1 (poor) and 2 (gap-filled) too.
    std::vector<int> drop_quality = {255};
    /// How a Black Marble period's granules are found (`--catalog`): "listing", the LAADS
    /// listing of the source's folder (default), or "cmr", NASA's CMR granule search at
    /// cmr_url (discover/cmr.hpp); the granules are then downloaded from where CMR links them,
    /// and the token still goes only to the source's origin.
    std::string catalog = "listing";
    std::string cmr_url = kCmrGranulesUrl; ///< CMR's granule search (`--cmr-url`)
    std::string zones;              ///< zones file (any OGR source)
    std::string id_field;           ///< empty: feature index
    std::string zones_layer;        ///< layer of the zones source; empty: its only layer
    /// CRS assigned to the zones' coordinates (like ogr2ogr -a_srs); empty: the one they declare.
    std::string zones_crs;
    std::string name_field = "name";  ///< zone attribute stored as the zone's name, if present
    /// Zone attribute holding an event date (YYYY or YYYY-MM; e.g. when a zone was established),
    /// stored per zone for before/after analysis.
    std::string event_field = "established";
    std::string output = "outputs/sezu.h5";
    std::string cache_dir = "outputs/cache";
    std::string work_dir;           ///< scratch for extracted tiles; empty: <cache_dir>/work
    /// Copy the archives of a local (file://) source into cache_dir instead of reading them in
    /// place: for a source on a slow network mount that is read more than once.
    bool copy_local_source = false;
    PixelRule rule = PixelRule::Exact;
    StatsOptions stats;
    /// Concurrent downloads; 0: the product's default (6 for EOG, 3 for Black Marble, whose
    /// servers throttle).
    int parallel_downloads = 0;
    /// Threads per rank streaming a month's tiles at once (config key `threads`, 1 to 64). Default
    /// 1: ranks are the first way to use cores (mpirun -n per core); more threads per rank let a
    /// node run fewer ranks, each with the memory of several. The archive does not depend on it.
    int threads = 1;
    TransferLimits transfer;        ///< download deadlines and attempts (transfer_limits.hpp)
    std::string token_env = "SEZU_TOKEN";  ///< environment variable holding the bearer token
    std::string token_file;                ///< or a file holding it (re-read when it changes)
    /// Or an OAuth2 client (client id and secret; login.hpp has the file's format).
    std::string oauth_client_file;
    std::string token_endpoint = kEogTokenEndpoint; ///< where the OAuth2 client gets tokens
    std::string cookie_file;        ///< or a browser session: Netscape cookie file
    double keep_alive_seconds = 30; ///< a browser session gets a request this often
    std::string user_agent;         ///< sent with every request; empty: "sezu/VERSION"
    /// Rank 0 rewrites the archive with the months done so far at most this often (seconds;
    /// 0 = after every month), so a killed run keeps its finished months.
    double checkpoint_seconds = 60;
    /// Replace an existing archive made with other zones or another pixel rule, instead of
    /// refusing to mix into it.
    bool new_archive = false;

    /// The product named by product_name (throws ConfigError for an unknown name).
    const Product& data_product() const;
    /// The layer read: `variable`, or the product's default.
    std::string variable_or_default() const;
    /// The source template with the product's parts filled in: for Black Marble, the presets
    /// and {short} {coll} resolved (laads.hpp); for EOG, `source` as it is.
    std::string source_template() const;
    /// parallel_downloads, or the product's default when 0.
    int downloads() const;

    /// The months of the span (throws ConfigError for a bad or empty span).
    std::vector<YearMonth> months() const;
    /// Throws ConfigError for a setting that cannot work with the product: the span (and, for
    /// Black Marble, its satellite's first month), the variable, the satellite, the
    /// configuration, the source template, the login. What `sezu discover` checks; run adds
    /// validate(). The same messages for both.
    void validate_source() const;
    /// validate_source() on a copy whose `--span-end latest` stands for the current month: the
    /// settings are checked before the source is asked which month is the latest.
    void validate_source_before_latest() const;
    /// validate_source() and the rest of a run (zones, output, limits): throws ConfigError.
    void validate() const;
    /// How to log in (login.hpp): the files above and, when none is set, the token from the
    /// environment variable token_env (for Black Marble products, else $EARTHDATA_TOKEN).
    /// Throws ConfigError when more than one file is set.
    LoginOptions login_options() const;
    /// The configuration as JSON text, for provenance (never contains the token; URLs are
    /// redacted, see redact.hpp).
    std::string to_json() const;
};

/// Equal when every setting is.
bool operator==(const Config& a, const Config& b);
bool operator!=(const Config& a, const Config& b);
/// Every setting, one "name=value" each, on one line; the source without credentials (the token
/// itself is never part of a Config).
std::ostream& operator<<(std::ostream& os, const Config& c);

/// Throws ConfigError when the run's product is not one of the EOG tile products: `command`
/// (e.g. "sezu discover") reads only those so far; the message names what to use instead.
void require_eog_tiles(const Config& config, const std::string& command);

/// Quality flags as "1,2,255".
std::string quality_list(const std::vector<int>& flags);
/// Parses "1,2,255" (what --drop-quality takes); throws ConfigError for anything but flags
/// 0..255 separated by commas.
std::vector<int> parse_quality_list(const std::string& text);

/// Reads a JSON config file. Relative paths in it (zones, output, cache, local sources) are taken
/// relative to the file's folder. Unknown keys are errors (they are usually typos).
/// Throws ConfigError naming the file and the problem.
Config load_config_file(const std::string& path, Config base = {});

/// Same, from JSON text; `base_dir` resolves relative paths.
Config parse_config_json(const std::string& text, const std::string& base_dir, Config base = {},
                         const std::string& origin = "config");

/// A source given as a plain local folder template becomes a file:// URL, percent-encoded (spaces,
/// non-ASCII names) with its placeholders kept; presets and URLs stay as given.
std::string normalize_source(const std::string& source, const std::string& base_dir);

} // namespace sezu

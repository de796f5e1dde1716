#pragma once
/// Helpers shared by the tests: temporary directories, tiny GeoTIFFs, zone files.
#include "sezu/core/grid.hpp"

#include <string>
#include <vector>

namespace sezu::test {

/// A fresh directory under the system temp dir, removed (recursively) on destruction.
class TempDir {
public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::string& path() const { return m_path; }
    std::string file(const std::string& name) const { return m_path + "/" + name; }

private:
    std::string m_path;
};

/// Lets this process start `mpirun` as scripts/env.sh does: as root, and with more ranks than
/// cores (oversubscribed, yielding when idle).
void allow_mpirun();

/// Path of a file in tests/data.
std::string data_path(const std::string& relative);

/// Writes a single-band float32 GeoTIFF in EPSG:4326 with the given grid and row-major values.
void write_float_tiff(const std::string& path, const Grid& grid, const std::vector<float>& values);

/// Writes a GeoJSON FeatureCollection of polygons given as WKT, with property zone_id and, when
/// `names` is given, property name holding those bytes exactly (to test text in other encodings).
void write_zones_geojson(const std::string& path, const std::vector<std::string>& ids,
                         const std::vector<std::string>& wkts,
                         const std::vector<std::string>& names = {});

/// Writes an ESRI Shapefile (path ends in .shp) of polygons given as WKT, with text fields
/// zone_id and name stored as the given bytes, not recoded; `cpg`, when not empty, becomes the
/// text of its .cpg file (else it has none and its DBF declares no language).
void write_zones_shapefile(const std::string& path, const std::vector<std::string>& ids,
                           const std::vector<std::string>& names,
                           const std::vector<std::string>& wkts, const std::string& cpg);

/// One layer of a zones source written by write_zones_geopackage.
struct ZoneLayer {
    std::string name;
    std::vector<std::string> ids;    ///< field zone_id
    std::vector<std::string> wkts;   ///< polygons in EPSG:4326
};

/// Writes a GeoPackage with one layer per entry (e.g. one per administrative level), in order.
void write_zones_geopackage(const std::string& path, const std::vector<ZoneLayer>& layers);

/// The names of the entries of a folder, sorted (empty when it does not exist): to prove that
/// nothing else (a .part file, a temporary) was left behind.
std::vector<std::string> list_dir(const std::string& dir);

/// Reads a whole file (text or binary).
std::string read_text(const std::string& path);

/// `n` deterministic bytes that do not compress to nothing (archive contents in tests).
std::string pattern_bytes(std::size_t n, unsigned seed);

/// Runs a shell command, returns its exit status and combined stdout+stderr.
struct CommandResult {
    int status = -1;
    std::string output;
};
CommandResult run_command(const std::string& command);

/// The sezu binary the tests run: $SEZU_TEST_BINARY when set (to run the cases on another
/// build, e.g. to show that they fail on old code), else the one built with the tests.
std::string sezu_binary();

/// "<sezu binary> ARGS": a command line for run_command.
std::string sezu_command(const std::string& args);

/// "<mpiexec> -n RANKS <sezu binary> ARGS": a command line for run_command.
std::string mpirun_command(int ranks, const std::string& args);

/// How many times `what` occurs in `text` (log lines, messages).
std::size_t occurrences(const std::string& text, const std::string& what);

/// The resolution divisor of the mirror write_mirror_job writes: 1/60 of VIIRS's, tiles of a
/// few hundred kB.
constexpr int kMirrorJobScale = 60;

/// A job on the built-in mirror, as a user sets one up: `sezu mirror` writes 2017-08..2017-10 at
/// 1/kMirrorJobScale resolution into DIR/mirror, the zones (ids and WKT) go to DIR/zones.geojson
/// (id field zone_id) and DIR/job.json runs over them (cache DIR/cache, output DIR/out.h5). Returns
/// the mirror command's result. The mirror is always written by the sezu built with the tests.
CommandResult write_mirror_job(const TempDir& dir, const std::vector<std::string>& zone_ids,
                               const std::vector<std::string>& zone_wkts);

} // namespace sezu::test

#include "test_support.hpp"

#include <cpl_conv.h>
#include <gdal_priv.h>
#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <sys/wait.h>
#include <utility>
#include <vector>

namespace sezu::test {

TempDir::TempDir()
{
    std::string pattern = (std::filesystem::temp_directory_path() / "sezu-test-XXXXXX").string();
    if (!mkdtemp(pattern.data()))
        throw std::runtime_error("cannot create a temp dir");
    m_path = pattern;
}

TempDir::~TempDir()
{
    std::error_code ec;
    std::filesystem::remove_all(m_path, ec);
}

void allow_mpirun()
{
    setenv("OMPI_ALLOW_RUN_AS_ROOT", "1", 1);
    setenv("OMPI_ALLOW_RUN_AS_ROOT_CONFIRM", "1", 1);
    setenv("OMPI_MCA_rmaps_base_oversubscribe", "1", 1);
    setenv("OMPI_MCA_mpi_yield_when_idle", "1", 1);
}

std::string data_path(const std::string& relative)
{
    return std::string(SEZU_TEST_DATA) + "/" + relative;
}

void write_float_tiff(const std::string& path, const Grid& grid, const std::vector<float>& values)
{
    GDALAllRegister();
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GTiff");
    GDALDatasetUniquePtr ds(
        driver->Create(path.c_str(), int(grid.cols), int(grid.rows), 1, GDT_Float32, nullptr));
    if (!ds)
        throw std::runtime_error("cannot create " + path);
    double gt[6] = {grid.x0, grid.dx, 0, grid.y0, 0, -grid.dy};
    ds->SetGeoTransform(gt);
    OGRSpatialReference srs;
    srs.importFromEPSG(4326);
    ds->SetSpatialRef(&srs);
    if (ds->GetRasterBand(1)->RasterIO(GF_Write, 0, 0, int(grid.cols), int(grid.rows),
                                       const_cast<float*>(values.data()), int(grid.cols),
                                       int(grid.rows), GDT_Float32, 0, 0, nullptr) != CE_None)
        throw std::runtime_error("cannot write " + path);
}

void write_zones_geojson(const std::string& path, const std::vector<std::string>& ids,
                         const std::vector<std::string>& wkts,
                         const std::vector<std::string>& names)
{
    std::ostringstream os;
    os << "{\"type\":\"FeatureCollection\",\"features\":[";
    for (size_t i = 0; i < ids.size(); ++i) {
        OGRGeometry* geom = nullptr;
        if (OGRGeometryFactory::createFromWkt(wkts[i].c_str(), nullptr, &geom) != OGRERR_NONE)
            throw std::runtime_error("bad WKT " + wkts[i]);
        char* json = geom->exportToJson();
        os << (i ? "," : "") << "{\"type\":\"Feature\",\"properties\":{\"zone_id\":\"" << ids[i]
           << "\"";
        if (i < names.size())
            os << ",\"name\":\"" << names[i] << "\"";
        os << "},\"geometry\":" << json << "}";
        CPLFree(json);
        OGRGeometryFactory::destroyGeometry(geom);
    }
    os << "]}";
    std::ofstream(path) << os.str();
}

namespace {

/// Adds a feature with text `fields` (name, value) and the polygon `wkt` to `layer` of `path`.
void add_feature(OGRLayer& layer, const std::vector<std::pair<const char*, std::string>>& fields,
                 const std::string& wkt, const std::string& path)
{
    OGRFeature feature(layer.GetLayerDefn());
    for (const auto& [name, value] : fields)
        feature.SetField(name, value.c_str());
    OGRGeometry* geom = nullptr;
    if (OGRGeometryFactory::createFromWkt(wkt.c_str(), nullptr, &geom) != OGRERR_NONE)
        throw std::runtime_error("bad WKT " + wkt);
    feature.SetGeometryDirectly(geom);
    if (layer.CreateFeature(&feature) != OGRERR_NONE)
        throw std::runtime_error("cannot write a feature to " + path);
}

} // namespace

void write_zones_shapefile(const std::string& path, const std::vector<std::string>& ids,
                           const std::vector<std::string>& names,
                           const std::vector<std::string>& wkts, const std::string& cpg)
{
    GDALAllRegister();
    {
        GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("ESRI Shapefile");
        GDALDatasetUniquePtr ds(driver->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
        if (!ds)
            throw std::runtime_error("cannot create " + path);
        OGRSpatialReference srs;
        srs.importFromEPSG(4326);
        // ENCODING="": the bytes go into the DBF as they are, with no .cpg and no language id.
        const char* options[] = {"ENCODING=", nullptr};
        OGRLayer* layer = ds->CreateLayer("zones", &srs, wkbPolygon, const_cast<char**>(options));
        OGRFieldDefn id_field("zone_id", OFTString);
        OGRFieldDefn name_field("name", OFTString);
        if (!layer || layer->CreateField(&id_field) != OGRERR_NONE ||
            layer->CreateField(&name_field) != OGRERR_NONE)
            throw std::runtime_error("cannot create the fields of " + path);
        for (std::size_t i = 0; i < ids.size(); ++i)
            add_feature(*layer, {{"zone_id", ids[i]}, {"name", names[i]}}, wkts[i], path);
    }
    const std::string cpg_path = path.substr(0, path.size() - 4) + ".cpg";
    std::filesystem::remove(cpg_path);
    if (!cpg.empty())
        std::ofstream(cpg_path) << cpg;
}

void write_zones_geopackage(const std::string& path, const std::vector<ZoneLayer>& layers)
{
    GDALAllRegister();
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GPKG");
    GDALDatasetUniquePtr ds(driver->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    if (!ds)
        throw std::runtime_error("cannot create " + path);
    OGRSpatialReference srs;
    srs.importFromEPSG(4326);
    for (const ZoneLayer& z : layers) {
        OGRLayer* layer = ds->CreateLayer(z.name.c_str(), &srs, wkbPolygon, nullptr);
        OGRFieldDefn id_field("zone_id", OFTString);
        if (!layer || layer->CreateField(&id_field) != OGRERR_NONE)
            throw std::runtime_error("cannot create layer " + z.name + " of " + path);
        for (std::size_t i = 0; i < z.ids.size(); ++i)
            add_feature(*layer, {{"zone_id", z.ids[i]}}, z.wkts[i], path);
    }
}

std::vector<std::string> list_dir(const std::string& dir)
{
    std::vector<std::string> names;
    if (!std::filesystem::exists(dir))
        return names;
    for (const auto& e : std::filesystem::directory_iterator(dir))
        names.push_back(e.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
}

std::string read_text(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream os;
    os << in.rdbuf();
    return os.str();
}

std::string pattern_bytes(std::size_t n, unsigned seed)
{
    std::string s(n, '\0');
    std::uint32_t x = seed * 2654435761u + 1;
    for (auto& c : s) {
        x = x * 1664525u + 1013904223u;
        c = char(x >> 24);
    }
    return s;
}

CommandResult run_command(const std::string& command)
{
    CommandResult result;
    FILE* pipe = popen((command + " 2>&1").c_str(), "r");
    if (!pipe)
        return result;
    std::array<char, 4096> buf{};
    size_t n;
    while ((n = fread(buf.data(), 1, buf.size(), pipe)) > 0)
        result.output.append(buf.data(), n);
    const int status = pclose(pipe);
    result.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return result;
}

std::string sezu_binary()
{
    const char* other = std::getenv("SEZU_TEST_BINARY");
    return other && *other ? other : SEZU_BINARY;
}

std::string sezu_command(const std::string& args)
{
    return sezu_binary() + " " + args;
}

std::string mpirun_command(int ranks, const std::string& args)
{
    return std::string(SEZU_MPIEXEC) + " -n " + std::to_string(ranks) + " " + sezu_command(args);
}

std::size_t occurrences(const std::string& text, const std::string& what)
{
    std::size_t n = 0;
    for (std::size_t p = text.find(what); p != std::string::npos; p = text.find(what, p + 1))
        ++n;
    return n;
}

CommandResult write_mirror_job(const TempDir& dir, const std::vector<std::string>& zone_ids,
                               const std::vector<std::string>& zone_wkts)
{
    const CommandResult r =
        run_command(std::string(SEZU_BINARY) + " mirror --out " + dir.file("mirror") +
                    " --span-start 201708 --span-end 201710 --scale " +
                    std::to_string(kMirrorJobScale) + " -q");
    write_zones_geojson(dir.file("zones.geojson"), zone_ids, zone_wkts);
    std::ofstream(dir.file("job.json"))
        << R"({"options": {"spanUnit": "month", "spanStart": "201708", "spanEnd": "201710"},
               "source": "mirror/{YYYY}/{YYYYMM}/{cfg}/", "zones": "zones.geojson",
               "idField": "zone_id", "cacheDir": "cache", "output": "out.h5"})";
    return r;
}

} // namespace sezu::test

// Streaming rows out of TIFFs written by GDAL (as the mirror and, by layout, the publisher write
// them), fed in every chunk size, compared with what GDAL itself reads; and the TIFFs that must be
// refused or sent to the extraction path.
#include "sezu/core/error.hpp"
#include "sezu/read/tar_reader.hpp"
#include "sezu/read/tgz_writer.hpp"
#include "sezu/read/tiff_stream.hpp"

#include "test_support.hpp"

#include <gdal_priv.h>
#include <gtest/gtest.h>

#include <cstring>
#include <fstream>
#include <iterator>

using namespace sezu;

namespace {

std::vector<unsigned char> read_bytes(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// A cols x rows raster with values that differ in every cell, written by GDAL with `options`.
template <class T>
std::vector<T> write_tiff(const std::string& path, int cols, int rows, GDALDataType type,
                          std::vector<const char*> options)
{
    GDALAllRegister();
    options.push_back(nullptr);
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GTiff");
    GDALDatasetUniquePtr ds(
        driver->Create(path.c_str(), cols, rows, 1, type, const_cast<char**>(options.data())));
    std::vector<T> values(std::size_t(cols) * std::size_t(rows));
    for (std::size_t i = 0; i < values.size(); ++i)
        values[i] = T(double(i % 6007) * (type == GDT_Float32 ? 0.25 : 1.0) -
                      (type == GDT_Float32 ? 1.5 : 0.0));
    double gt[6] = {-180.0, 1.0, 0.0, 75.0, 0.0, -1.0};
    ds->SetGeoTransform(gt);
    EXPECT_EQ(ds->GetRasterBand(1)->RasterIO(GF_Write, 0, 0, cols, rows, values.data(), cols, rows,
                                             type, 0, 0, nullptr),
              CE_None);
    return values;
}

// Streams `bytes` in chunks of `chunk` and returns the rows' samples, concatenated.
template <class T>
std::vector<T> stream(const std::vector<unsigned char>& bytes, std::size_t chunk,
                      TiffLayout* seen = nullptr, std::vector<unsigned char>* header = nullptr)
{
    std::vector<T> got;
    long expected_row = 0;
    TiffRowStream s(
        "test.tif",
        [&](const TiffLayout& l, const std::vector<unsigned char>& head) {
            if (seen)
                *seen = l;
            if (header)
                *header = head;
        },
        [&](long row, const void* samples) {
            EXPECT_EQ(row, expected_row++);
            std::vector<T> r(std::size_t(seen ? seen->cols : 0));
            if (seen) {
                std::memcpy(r.data(), samples, r.size() * sizeof(T));
                got.insert(got.end(), r.begin(), r.end());
            }
        });
    for (std::size_t at = 0; at < bytes.size(); at += chunk)
        s.feed(bytes.data() + at, std::min(chunk, bytes.size() - at));
    s.finish();
    return got;
}

} // namespace

TEST(TiffStream, RowsEqualGdalsInEveryChunkSize)
{
    test::TempDir dir;
    struct Case {
        const char* name;
        std::vector<const char*> options;
    };
    const Case cases[] = {
        {"default", {}},
        {"one row per strip", {"BLOCKYSIZE=1"}},
        {"5 rows per strip", {"BLOCKYSIZE=5"}},
        {"bigtiff", {"BIGTIFF=YES"}},
        {"big endian", {"ENDIANNESS=BIG"}},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        const std::string f = dir.file("f.tif"), u = dir.file("u.tif");
        const auto fv = write_tiff<float>(f, 37, 23, GDT_Float32, c.options);
        const auto uv = write_tiff<std::uint16_t>(u, 41, 19, GDT_UInt16, c.options);
        for (std::size_t chunk :
             {std::size_t(1), std::size_t(7), std::size_t(4096), std::size_t(1) << 20}) {
            TiffLayout layout;
            EXPECT_EQ(stream<float>(read_bytes(f), chunk, &layout), fv) << "chunk " << chunk;
            EXPECT_EQ(layout.cols, 37);
            EXPECT_EQ(layout.rows, 23);
            EXPECT_EQ(layout.type, SampleType::Float32);
            EXPECT_EQ(stream<std::uint16_t>(read_bytes(u), chunk, &layout), uv)
                << "chunk " << chunk;
            EXPECT_EQ(layout.type, SampleType::UInt16);
        }
    }
}

TEST(TiffStream, HeaderBytesOpenInGdal)
{
    // The bytes before the first strip carry the georeferencing: GDAL reads it from them alone.
    test::TempDir dir;
    write_tiff<float>(dir.file("f.tif"), 30, 20, GDT_Float32, {});
    TiffLayout layout;
    std::vector<unsigned char> head;
    stream<float>(read_bytes(dir.file("f.tif")), 4096, &layout, &head);
    ASSERT_FALSE(head.empty());
    EXPECT_EQ(head.size(), layout.header_end);
    VSILFILE* mem = VSIFileFromMemBuffer("/vsimem/head.tif", head.data(), head.size(), FALSE);
    VSIFCloseL(mem);
    GDALDatasetUniquePtr ds(GDALDataset::Open("/vsimem/head.tif", GDAL_OF_RASTER));
    ASSERT_TRUE(ds);
    double gt[6];
    ASSERT_EQ(ds->GetGeoTransform(gt), CE_None);
    EXPECT_EQ(gt[0], -180.0);
    EXPECT_EQ(gt[3], 75.0);
    EXPECT_EQ(ds->GetRasterXSize(), 30);
    ds.reset();
    VSIUnlink("/vsimem/head.tif");
}

TEST(TiffStream, CompressedOrTiledGoToExtraction)
{
    test::TempDir dir;
    write_tiff<float>(dir.file("z.tif"), 40, 40, GDT_Float32, {"COMPRESS=DEFLATE"});
    write_tiff<float>(dir.file("t.tif"), 40, 40, GDT_Float32,
                      {"TILED=YES", "BLOCKXSIZE=16", "BLOCKYSIZE=16"});
    for (const char* name : {"z.tif", "t.tif"}) {
        TiffLayout layout;
        EXPECT_THROW(stream<float>(read_bytes(dir.file(name)), 4096, &layout), NotStreamable)
            << name;
    }
}

TEST(TiffStream, TruncatedOrNotATiffIsAClearError)
{
    test::TempDir dir;
    write_tiff<float>(dir.file("f.tif"), 30, 20, GDT_Float32, {});
    auto bytes = read_bytes(dir.file("f.tif"));
    TiffLayout layout;
    std::size_t needed = 0;
    ASSERT_TRUE(parse_tiff_layout(bytes.data(), bytes.size(), "f.tif", layout, &needed));
    EXPECT_EQ(layout.data_end, bytes.size()); // GDAL ends the file with the last strip
    bytes.resize(bytes.size() - 100);
    try {
        stream<float>(bytes, 4096, &layout);
        FAIL() << "a truncated TIFF was accepted";
    } catch (const NotStreamable&) {
        FAIL() << "truncation is an error, not a fallback";
    } catch (const DataError& e) {
        EXPECT_NE(std::string(e.what()).find("truncated"), std::string::npos) << e.what();
    }
    const std::vector<unsigned char> text(100, 'x');
    EXPECT_THROW(stream<float>(text, 7, &layout), DataError);
    const std::vector<unsigned char> short_head = {'I', 'I', 42, 0};
    EXPECT_THROW(stream<float>(short_head, 7, &layout), DataError);
}

TEST(TiffStream, MembersStreamOutOfATgzWithoutTouchingDisk)
{
    test::TempDir dir;
    const auto fv = write_tiff<float>(dir.file("r.tif"), 33, 17, GDT_Float32, {});
    {
        TgzWriter w(dir.file("a.tgz"));
        w.add_file("./notes.txt", "hello", 5);
        w.add_file_from_path("./x.avg_rade9h.tif", dir.file("r.tif"));
        w.close();
    }
    struct Sink : MemberSink {
        std::vector<float> values;
        TiffLayout layout;
        std::unique_ptr<TiffRowStream> tiff;
        std::vector<std::string> offered;
        bool begin(const std::string& name, std::uint64_t) override
        {
            offered.push_back(name);
            if (name.find(".avg_rade9h.tif") == std::string::npos)
                return false;
            tiff = std::make_unique<TiffRowStream>(
                name, [this](const TiffLayout& l, const auto&) { layout = l; },
                [this](long, const void* p) {
                    const auto* f = static_cast<const float*>(p);
                    values.insert(values.end(), f, f + layout.cols);
                });
            return true;
        }
        void data(const unsigned char* p, std::size_t n) override { tiff->feed(p, n); }
        void end() override { tiff->finish(); }
    } sink;
    std::string sha;
    stream_members(dir.file("a.tgz"), sink, &sha);
    EXPECT_EQ(sink.values, fv);
    EXPECT_EQ(sink.offered, (std::vector<std::string>{"./notes.txt", "./x.avg_rade9h.tif"}));
    EXPECT_EQ(sha.size(), 64u);
    EXPECT_EQ(test::list_dir(dir.path()), (std::vector<std::string>{"a.tgz", "r.tif"}));
}

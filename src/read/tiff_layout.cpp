#include "sezu/read/tiff_layout.hpp"

#include "sezu/core/c_handle.hpp"

#include <tiffio.h>

#include <algorithm>
#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <limits>
#include <memory>

namespace sezu {

namespace {

/// The buffered head of a TIFF as a file for libtiff. Reads past its end come back short (libtiff
/// then fails or skips a tag) and are remembered: the caller asks for more bytes and tries again,
/// so a layout is only ever taken from a directory that was read whole.
struct HeadFile {
    const unsigned char* data = nullptr;
    std::uint64_t size = 0;
    std::uint64_t pos = 0;
    std::uint64_t read_end = 0;   ///< one past the furthest byte libtiff read
    std::uint64_t wanted_end = 0; ///< one past the furthest byte libtiff asked for
    std::string error;            ///< libtiff's first complaint

    static tmsize_t read_proc(thandle_t h, void* buf, tmsize_t n)
    {
        auto* f = static_cast<HeadFile*>(h);
        if (n < 0)
            return -1;
        f->wanted_end = std::max(f->wanted_end, f->pos + std::uint64_t(n));
        const std::uint64_t avail = f->pos < f->size ? f->size - f->pos : 0;
        const std::uint64_t got = std::min<std::uint64_t>(avail, std::uint64_t(n));
        if (got > 0)
            std::memcpy(buf, f->data + f->pos, std::size_t(got));
        f->pos += got;
        f->read_end = std::max(f->read_end, f->pos);
        return tmsize_t(got);
    }
    static tmsize_t write_proc(thandle_t, void*, tmsize_t) { return -1; }
    static toff_t seek_proc(thandle_t h, toff_t off, int whence)
    {
        auto* f = static_cast<HeadFile*>(h);
        if (whence == SEEK_SET)
            f->pos = off;
        else if (whence == SEEK_CUR)
            f->pos += off;
        else
            f->pos = claimed_size() + off;
        return f->pos;
    }
    static int close_proc(thandle_t) { return 0; }
    // The whole file is not here yet: libtiff's plausibility checks of strip sizes against the
    // file size are left to the caller, which knows the member's size (TiffLayout::data_end).
    static toff_t size_proc(thandle_t) { return claimed_size(); }
    static constexpr toff_t claimed_size() { return std::numeric_limits<std::int64_t>::max(); }
    static int map_proc(thandle_t, void**, toff_t*) { return 0; }
    static void unmap_proc(thandle_t, void*, toff_t) {}

    /// Keeps libtiff's messages for our error instead of its global handler (GDAL's, which would
    /// report them as GDAL errors).
    static int on_message(TIFF*, void* self, const char* module, const char* fmt, va_list ap)
    {
        auto* f = static_cast<HeadFile*>(self);
        if (f->error.empty()) {
            char text[512];
            std::vsnprintf(text, sizeof text, fmt, ap);
            f->error = std::string(module ? module : "libtiff") + ": " + text;
        }
        return 1;
    }
    static int on_warning(TIFF*, void*, const char*, const char*, va_list) { return 1; }
};

using TiffHandle = CHandle<TIFF, TIFFClose>;

/// Opens the head read-only, without memory mapping and without libtiff's splitting of one big
/// uncompressed strip into virtual ones ("c"): the strips must be the ones in the file.
TiffHandle open_head(HeadFile& file, const std::string& label)
{
    const CHandle<TIFFOpenOptions, TIFFOpenOptionsFree> options(TIFFOpenOptionsAlloc());
    TIFFOpenOptionsSetErrorHandlerExtR(options.get(), &HeadFile::on_message, &file);
    TIFFOpenOptionsSetWarningHandlerExtR(options.get(), &HeadFile::on_warning, &file);
    return TiffHandle(
        TIFFClientOpenExt(label.c_str(), "rmc", &file, &HeadFile::read_proc, &HeadFile::write_proc,
                          &HeadFile::seek_proc, &HeadFile::close_proc, &HeadFile::size_proc,
                          &HeadFile::map_proc, &HeadFile::unmap_proc, options.get()));
}

template <class T> T field_or(TIFF* tif, ttag_t tag, T fallback)
{
    T value{};
    return TIFFGetFieldDefaulted(tif, tag, &value) == 1 ? value : fallback;
}

/// Streamable: uncompressed single-band strips, each the size its rows need, laid out in row
/// order after the directory (GDAL writes uncompressed GeoTIFFs this way).
void judge_streamable(TiffLayout& l, bool tiled, unsigned compression, unsigned samples)
{
    const std::size_t strips = std::size_t((l.rows + l.rows_per_strip - 1) / l.rows_per_strip);
    auto refuse = [&](const std::string& why) {
        l.streamable = false;
        l.why_not = why;
    };
    l.streamable = true;
    if (tiled)
        return refuse("tiled");
    if (compression != COMPRESSION_NONE)
        return refuse("compressed (method " + std::to_string(compression) + ")");
    if (samples != 1) // with one sample, planar configuration 1 and 2 lay out alike
        return refuse("not a single band");
    if (l.type == SampleType::Other)
        return refuse("samples are neither float32 nor uint16");
    if (l.strip_offsets.size() != strips || l.strip_bytes.size() != strips)
        return refuse("strip tables do not match the image height");
    const std::uint64_t row_bytes = std::uint64_t(l.cols) * std::uint64_t(l.bytes_per_sample);
    std::uint64_t previous_end = l.header_end;
    for (std::size_t s = 0; s < strips; ++s) {
        const long rows_in = std::min<long>(l.rows_per_strip, l.rows - long(s) * l.rows_per_strip);
        if (l.strip_bytes[s] != row_bytes * std::uint64_t(rows_in))
            return refuse("strip " + std::to_string(s) + " is not the size of its rows");
        if (l.strip_offsets[s] < previous_end)
            return refuse("strips are not in row order after the directory");
        previous_end = l.strip_offsets[s] + l.strip_bytes[s];
    }
}

} // namespace

bool parse_tiff_layout(const unsigned char* data, std::size_t n, const std::string& label,
                       TiffLayout& out, std::size_t* needed)
{
    HeadFile file;
    file.data = data;
    file.size = n;
    const auto tif = open_head(file, label);
    TiffLayout l;
    std::uint16_t compression = COMPRESSION_NONE, samples = 1;
    bool tiled = false;
    if (tif) {
        l.cols = long(field_or<std::uint32_t>(tif.get(), TIFFTAG_IMAGEWIDTH, 0));
        l.rows = long(field_or<std::uint32_t>(tif.get(), TIFFTAG_IMAGELENGTH, 0));
        const auto bits = field_or<std::uint16_t>(tif.get(), TIFFTAG_BITSPERSAMPLE, 1);
        const auto format = field_or<std::uint16_t>(tif.get(), TIFFTAG_SAMPLEFORMAT, 1);
        compression = field_or<std::uint16_t>(tif.get(), TIFFTAG_COMPRESSION, COMPRESSION_NONE);
        samples = field_or<std::uint16_t>(tif.get(), TIFFTAG_SAMPLESPERPIXEL, 1);
        l.rows_per_strip = long(field_or<std::uint32_t>(tif.get(), TIFFTAG_ROWSPERSTRIP, 0));
        l.big_endian = TIFFIsBigEndian(tif.get()) != 0;
        tiled = TIFFIsTiled(tif.get()) != 0;
        l.bytes_per_sample = int(bits / 8);
        if (format == SAMPLEFORMAT_IEEEFP && bits == 32)
            l.type = SampleType::Float32;
        else if (format == SAMPLEFORMAT_UINT && bits == 16)
            l.type = SampleType::UInt16;
        // Reading the strip tables may fetch them now (libtiff can defer them): all within the
        // head, or more bytes are needed.
        if (!tiled) {
            const std::uint32_t strips = TIFFNumberOfStrips(tif.get());
            l.strip_offsets.resize(strips);
            l.strip_bytes.resize(strips);
            for (std::uint32_t s = 0; s < strips; ++s) {
                l.strip_offsets[s] = TIFFGetStrileOffset(tif.get(), s);
                l.strip_bytes[s] = TIFFGetStrileByteCount(tif.get(), s);
            }
        }
    }
    if (file.wanted_end > n) {
        if (needed)
            *needed = std::size_t(file.wanted_end);
        return false;
    }
    if (!tif)
        throw DataError(label + " is not a readable TIFF (" +
                        (file.error.empty() ? std::string("libtiff cannot open it") : file.error) +
                        ")");
    if (l.cols <= 0 || l.rows <= 0)
        throw DataError(label + ": TIFF without a width and height");
    if (l.rows_per_strip <= 0 || l.rows_per_strip > l.rows)
        l.rows_per_strip = l.rows;
    for (std::size_t i = 0; i < l.strip_offsets.size(); ++i)
        l.data_end = std::max(l.data_end, l.strip_offsets[i] + l.strip_bytes[i]);
    l.header_end = file.read_end;
    judge_streamable(l, tiled, compression, samples);
    out = std::move(l);
    return true;
}

} // namespace sezu

#pragma once
/// Rows of an uncompressed, strip-organised, single-band TIFF decoded as its bytes stream by (out
/// of a .tgz, in file order), so a tile's statistics need no copy on disk and no whole tile in
/// memory. A TIFF that cannot be read that way (compressed, tiled, its directory after the pixel
/// data, strips out of row order) is reported as not streamable, and the caller extracts it to
/// disk instead. Pure: no GDAL, no I/O.
#include "sezu/error.hpp"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace sezu {

/// A TIFF that is fine but cannot be read as a stream (the caller falls back to extraction).
class NotStreamable : public DataError {
public:
    using DataError::DataError;
};

/// Sample types the VIIRS rasters use.
enum class SampleType { Float32, UInt16, Other };

/// What a TIFF's first directory says about its pixels.
struct TiffLayout {
    long cols = 0, rows = 0;
    SampleType type = SampleType::Other;
    int bytes_per_sample = 0;
    bool big_endian = false;
    bool streamable = false; ///< uncompressed strips, one band, strips in row order
    std::string why_not;     ///< when not streamable
    long rows_per_strip = 0;
    std::vector<std::uint64_t> strip_offsets, strip_bytes;
    std::uint64_t header_end = 0; ///< bytes before the first strip (directory and its arrays)
    /// One past the last byte the TIFF says it uses (the largest strip end): a file shorter than
    /// this is truncated.
    std::uint64_t data_end = 0;
};

/// Parses the header and first directory of a TIFF whose first `n` bytes are `data`. Returns
/// false when more bytes are needed (`*needed` then says how many, at least); throws DataError
/// (naming `label`) for bytes that are not a TIFF.
bool parse_tiff_layout(const unsigned char* data, std::size_t n, const std::string& label,
                       TiffLayout& layout, std::size_t* needed);

/// Feeds a TIFF's bytes in order, calls `on_row(row, samples)` once per row in row order, with
/// `layout.cols` samples in native byte order (float for Float32, std::uint16_t for UInt16).
class TiffRowStream {
public:
    using HeaderHandler = std::function<void(const TiffLayout&, const std::vector<unsigned char>&)>;
    using RowHandler = std::function<void(long row, const void* samples)>;

    /// `on_header` gets the layout and the bytes before the first strip once they are known
    /// (for the caller's own checks, e.g. the georeferencing); it may throw. Throws
    /// NotStreamable (from feed) when the TIFF cannot be streamed.
    TiffRowStream(std::string label, HeaderHandler on_header, RowHandler on_row);

    void feed(const unsigned char* p, std::size_t n);
    /// The member ended: throws DataError when rows are missing (a truncated TIFF).
    void finish();

    const TiffLayout& layout() const { return m_layout; }

private:
    void take_header();
    void take_strip_bytes(const unsigned char* p, std::size_t n);

    std::string m_label;
    HeaderHandler m_on_header;
    RowHandler m_on_row;
    TiffLayout m_layout;
    bool m_have_layout = false;
    std::vector<unsigned char> m_prefix; // bytes until the layout is known
    std::uint64_t m_pos = 0;             // stream offset of the next byte fed
    std::size_t m_strip = 0;             // current strip
    std::vector<unsigned char> m_row;    // the row being assembled
    std::size_t m_row_fill = 0;
    long m_next_row = 0;
};

} // namespace sezu

#pragma once
/// Rows of an uncompressed, strip-organised, single-band TIFF decoded as its bytes stream by (out
/// of a .tgz, in file order), so a tile's statistics need no copy on disk and no whole tile in
/// memory. libtiff reads the layout from the buffered head (tiff_layout.hpp); the rows are put
/// together here. A TIFF that cannot be read that way (compressed, tiled, its directory after
/// the pixel data, strips out of row order) is reported as not streamable, and the caller
/// extracts it to disk instead. No GDAL, no I/O.
#include "sezu/read/tiff_layout.hpp"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace sezu {

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
    std::size_t m_needed = 0;            // bytes of head the last attempt asked for
    std::uint64_t m_pos = 0;             // stream offset of the next byte fed
    std::size_t m_strip = 0;             // current strip
    std::vector<unsigned char> m_row;    // the row being assembled
    std::size_t m_row_fill = 0;
    long m_next_row = 0;
};

} // namespace sezu

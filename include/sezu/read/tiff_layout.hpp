#pragma once
/// Where a TIFF keeps its pixels, read by libtiff from the first bytes of the file (the header,
/// the first directory and its strip tables), so that the rows can be decoded as the rest of the
/// file streams by. No GDAL, no I/O.
#include "sezu/core/error.hpp"

#include <cstddef>
#include <cstdint>
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

/// Reads the header and first directory of a TIFF whose first `n` bytes are `data`. Returns
/// false when more bytes are needed (`*needed` then says how many, at least); throws DataError
/// (naming `label`, with libtiff's reason) for bytes that are not a readable TIFF.
bool parse_tiff_layout(const unsigned char* data, std::size_t n, const std::string& label,
                       TiffLayout& layout, std::size_t* needed);

} // namespace sezu

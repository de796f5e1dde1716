#include "sezu/tiff_stream.hpp"

#include <algorithm>
#include <cstring>

namespace sezu {

namespace {

// Reads integers of either byte order from a TIFF's bytes.
struct ByteReader {
    const unsigned char* data;
    std::size_t size;
    bool big_endian;

    std::uint64_t get(std::uint64_t at, int width) const
    {
        std::uint64_t v = 0;
        for (int i = 0; i < width; ++i) {
            const unsigned shift = unsigned(big_endian ? (width - 1 - i) : i) * 8;
            v |= std::uint64_t(data[at + std::uint64_t(i)]) << shift;
        }
        return v;
    }
};

// TIFF field types and their sizes in bytes (0: not a type a directory we read may hold).
int type_size(unsigned type)
{
    switch (type) {
    case 1:
    case 2:
    case 6:
    case 7:
        return 1; // BYTE ASCII SBYTE UNDEFINED
    case 3:
    case 8:
        return 2; // SHORT SSHORT
    case 4:
    case 9:
    case 11:
    case 13:
        return 4; // LONG SLONG FLOAT IFD
    case 5:
    case 10:
    case 12:
    case 16:
    case 17:
    case 18:
        return 8; // RATIONAL ... LONG8 IFD8
    default:
        return 0;
    }
}

constexpr unsigned kWidth = 256, kLength = 257, kBits = 258, kCompression = 259,
                   kStripOffsets = 273, kSamples = 277, kRowsPerStrip = 278, kStripByteCounts = 279,
                   kTileWidth = 322, kSampleFormat = 339;

} // namespace

bool parse_tiff_layout(const unsigned char* data, std::size_t n, const std::string& label,
                       TiffLayout& out, std::size_t* needed)
{
    auto need = [&](std::uint64_t bytes) {
        if (needed)
            *needed = std::size_t(bytes);
        return false;
    };
    if (n < 16)
        return need(16);
    const bool be = data[0] == 'M' && data[1] == 'M';
    if (!be && !(data[0] == 'I' && data[1] == 'I'))
        throw DataError(label + " is not a TIFF (no II/MM byte-order mark)");
    const ByteReader r{data, n, be};
    const std::uint64_t magic = r.get(2, 2);
    if (magic != 42 && magic != 43)
        throw DataError(label + " is not a TIFF (magic " + std::to_string(magic) + ")");
    const bool big = magic == 43;
    const int off_size = big ? 8 : 4;
    const std::uint64_t ifd = big ? r.get(8, 8) : r.get(4, 4);
    const std::uint64_t count_size = big ? 8 : 2, entry_size = big ? 20 : 12;
    if (ifd + count_size > n)
        return need(ifd + count_size);
    const std::uint64_t entries = r.get(ifd, int(count_size));
    const std::uint64_t ifd_end = ifd + count_size + entries * entry_size + std::uint64_t(off_size);
    if (ifd_end > n)
        return need(ifd_end);

    // Every value (inline or out of line) of the tags we use, as integers.
    std::uint64_t furthest = ifd_end;
    auto values = [&](std::uint64_t entry, std::vector<std::uint64_t>& v) -> bool {
        const unsigned type = unsigned(r.get(entry + 2, 2));
        const std::uint64_t count = r.get(entry + 4, off_size);
        const int width = type_size(type);
        if (width == 0 || count == 0 || count > (std::uint64_t(1) << 32))
            throw DataError(label + ": TIFF tag " + std::to_string(r.get(entry, 2)) +
                            " has an unreadable type or count");
        const std::uint64_t bytes = count * std::uint64_t(width);
        std::uint64_t at = entry + 4 + std::uint64_t(off_size);
        if (bytes > std::uint64_t(off_size))
            at = r.get(at, off_size);
        furthest = std::max(furthest, at + bytes);
        if (at + bytes > n)
            return false;
        v.resize(std::size_t(count));
        for (std::uint64_t i = 0; i < count; ++i)
            v[std::size_t(i)] = r.get(at + i * std::uint64_t(width), width);
        return true;
    };

    TiffLayout l;
    l.big_endian = be;
    std::uint64_t bits = 0, compression = 1, samples = 1, format = 1;
    bool tiled = false, complete = true;
    for (std::uint64_t e = 0; e < entries; ++e) {
        const std::uint64_t entry = ifd + count_size + e * entry_size;
        const unsigned tag = unsigned(r.get(entry, 2));
        std::vector<std::uint64_t> v;
        switch (tag) {
        case kWidth:
        case kLength:
        case kBits:
        case kCompression:
        case kSamples:
        case kRowsPerStrip:
        case kSampleFormat:
        case kStripOffsets:
        case kStripByteCounts:
            if (!values(entry, v)) {
                complete = false;
                continue;
            }
            break;
        case kTileWidth:
            tiled = true;
            continue;
        default: {
            // Other tags (the georeferencing among them) are not decoded here, but their bytes
            // belong to the header the caller gets.
            const int width = type_size(unsigned(r.get(entry + 2, 2)));
            const std::uint64_t bytes = r.get(entry + 4, off_size) * std::uint64_t(width);
            if (bytes > std::uint64_t(off_size))
                furthest = std::max(furthest,
                                    r.get(entry + 4 + std::uint64_t(off_size), off_size) + bytes);
            continue;
        }
        }
        switch (tag) {
        case kWidth:
            l.cols = long(v[0]);
            break;
        case kLength:
            l.rows = long(v[0]);
            break;
        case kBits:
            bits = v[0];
            break;
        case kCompression:
            compression = v[0];
            break;
        case kSamples:
            samples = v[0];
            break;
        case kRowsPerStrip:
            l.rows_per_strip = long(v[0]);
            break;
        case kSampleFormat:
            format = v[0];
            break;
        case kStripOffsets:
            l.strip_offsets = v;
            break;
        case kStripByteCounts:
            l.strip_bytes = v;
            break;
        default:
            break;
        }
    }
    if (!complete || furthest > n)
        return need(furthest);
    if (l.cols <= 0 || l.rows <= 0)
        throw DataError(label + ": TIFF without a width and height");
    l.bytes_per_sample = int(bits / 8);
    if (format == 3 && bits == 32)
        l.type = SampleType::Float32;
    else if (format == 1 && bits == 16)
        l.type = SampleType::UInt16;
    if (l.rows_per_strip <= 0 || l.rows_per_strip > l.rows)
        l.rows_per_strip = l.rows;
    for (std::size_t i = 0; i < l.strip_offsets.size() && i < l.strip_bytes.size(); ++i)
        l.data_end = std::max(l.data_end, l.strip_offsets[i] + l.strip_bytes[i]);
    l.header_end = furthest;

    // Streamable: uncompressed single-band strips, each the size its rows need, laid out in row
    // order after the directory (GDAL writes uncompressed GeoTIFFs this way).
    const std::size_t strips = std::size_t((l.rows + l.rows_per_strip - 1) / l.rows_per_strip);
    auto refuse = [&](const std::string& why) {
        l.streamable = false;
        l.why_not = why;
    };
    l.streamable = true;
    if (tiled)
        refuse("tiled");
    else if (compression != 1)
        refuse("compressed (method " + std::to_string(compression) + ")");
    else if (samples != 1) // with one sample, planar configuration 1 and 2 lay out alike
        refuse("not a single band");
    else if (l.type == SampleType::Other)
        refuse("samples are neither float32 nor uint16");
    else if (l.strip_offsets.size() != strips || l.strip_bytes.size() != strips)
        refuse("strip tables do not match the image height");
    else {
        const std::uint64_t row_bytes = std::uint64_t(l.cols) * std::uint64_t(l.bytes_per_sample);
        std::uint64_t previous_end = l.header_end;
        for (std::size_t s = 0; s < strips && l.streamable; ++s) {
            const long rows_in =
                std::min<long>(l.rows_per_strip, l.rows - long(s) * l.rows_per_strip);
            if (l.strip_bytes[s] != row_bytes * std::uint64_t(rows_in))
                refuse("strip " + std::to_string(s) + " is not the size of its rows");
            else if (l.strip_offsets[s] < previous_end)
                refuse("strips are not in row order after the directory");
            previous_end = l.strip_offsets[s] + l.strip_bytes[s];
        }
    }
    out = std::move(l);
    return true;
}

TiffRowStream::TiffRowStream(std::string label, HeaderHandler on_header, RowHandler on_row)
    : m_label(std::move(label)), m_on_header(std::move(on_header)), m_on_row(std::move(on_row))
{
}

void TiffRowStream::feed(const unsigned char* p, std::size_t n)
{
    if (!m_have_layout) {
        // Keep the head of the file until its directory and strip tables are complete. A
        // directory far into the file (after the pixels) means this TIFF is not for streaming.
        constexpr std::size_t kMaxHeader = std::size_t(64) << 20;
        const std::size_t take =
            std::min(n, kMaxHeader + 1 - std::min(kMaxHeader + 1, m_prefix.size()));
        m_prefix.insert(m_prefix.end(), p, p + take);
        std::size_t needed = 0;
        if (!parse_tiff_layout(m_prefix.data(), m_prefix.size(), m_label, m_layout, &needed)) {
            if (m_prefix.size() > kMaxHeader || needed > kMaxHeader)
                throw NotStreamable(m_label + ": its TIFF directory is not at the start");
            m_pos += n;
            if (take < n)
                throw NotStreamable(m_label + ": its TIFF directory is not at the start");
            return;
        }
        take_header();
        // Replay what was buffered beyond the header, then the rest of this chunk.
        m_pos = m_layout.header_end;
        const std::vector<unsigned char> prefix = std::move(m_prefix);
        m_prefix.clear();
        if (prefix.size() > m_layout.header_end)
            take_strip_bytes(prefix.data() + m_layout.header_end,
                             prefix.size() - std::size_t(m_layout.header_end));
        if (take < n)
            take_strip_bytes(p + take, n - take);
        return;
    }
    take_strip_bytes(p, n);
}

void TiffRowStream::take_header()
{
    m_have_layout = true;
    if (!m_layout.streamable)
        throw NotStreamable(m_label + ": its TIFF cannot be streamed (" + m_layout.why_not + ")");
    std::vector<unsigned char> head(
        m_prefix.begin(),
        m_prefix.begin() + long(std::min<std::uint64_t>(m_prefix.size(), m_layout.header_end)));
    if (m_on_header)
        m_on_header(m_layout, head);
    m_row.assign(std::size_t(m_layout.cols) * std::size_t(m_layout.bytes_per_sample), 0);
}

void TiffRowStream::take_strip_bytes(const unsigned char* p, std::size_t n)
{
    const std::size_t row_bytes = m_row.size();
    while (n > 0 && m_strip < m_layout.strip_offsets.size()) {
        const std::uint64_t start = m_layout.strip_offsets[m_strip];
        const std::uint64_t end = start + m_layout.strip_bytes[m_strip];
        if (m_pos < start) { // bytes between strips
            const std::size_t skip = std::size_t(std::min<std::uint64_t>(n, start - m_pos));
            p += skip;
            n -= skip;
            m_pos += skip;
            continue;
        }
        const std::size_t avail = std::size_t(std::min<std::uint64_t>(n, end - m_pos));
        std::size_t used = 0;
        while (used < avail) {
            const std::size_t part = std::min(avail - used, row_bytes - m_row_fill);
            const bool aligned = reinterpret_cast<std::uintptr_t>(p + used) %
                                     std::size_t(m_layout.bytes_per_sample) ==
                                 0;
            if (m_row_fill == 0 && part == row_bytes && aligned && !m_layout.big_endian) {
                m_on_row(m_next_row++, p + used); // a whole, aligned row in the chunk: no copy
            } else {
                std::memcpy(m_row.data() + m_row_fill, p + used, part);
                m_row_fill += part;
                if (m_row_fill == row_bytes) {
                    if (m_layout.big_endian) {
                        const std::size_t w = std::size_t(m_layout.bytes_per_sample);
                        for (std::size_t i = 0; i < row_bytes; i += w)
                            std::reverse(m_row.begin() + long(i), m_row.begin() + long(i + w));
                    }
                    m_on_row(m_next_row++, m_row.data());
                    m_row_fill = 0;
                }
            }
            used += part;
        }
        p += avail;
        n -= avail;
        m_pos += avail;
        if (m_pos == end)
            ++m_strip;
    }
    m_pos += n; // trailing bytes after the last strip
}

void TiffRowStream::finish()
{
    if (!m_have_layout)
        throw DataError(m_label + ": the member ends before its TIFF directory (truncated)");
    if (m_next_row != m_layout.rows)
        throw DataError(m_label + ": the member ends after row " + std::to_string(m_next_row) +
                        " of " + std::to_string(m_layout.rows) + ", but its TIFF needs " +
                        std::to_string(m_layout.data_end) + " bytes: truncated or corrupt");
}

} // namespace sezu

#include "sezu/read/tiff_stream.hpp"

#include <algorithm>
#include <cstring>

namespace sezu {

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
        // Try again only once the bytes the last attempt asked for are here.
        if (m_prefix.size() < m_needed ||
            !parse_tiff_layout(m_prefix.data(), m_prefix.size(), m_label, m_layout, &m_needed)) {
            if (m_prefix.size() > kMaxHeader || m_needed > kMaxHeader)
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

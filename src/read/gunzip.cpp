#include "sezu/read/gunzip.hpp"

#include "sezu/core/error.hpp"
#include "sezu/core/stdio_file.hpp"
#include "sezu/fetch/digest.hpp"

#include <isa-l/igzip_lib.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <vector>

namespace sezu {

namespace {

// Big buffers: the archives are ~1.2 GB compressed, ~3 GB inflated; small reads cost syscalls.
constexpr std::size_t kBufferSize = std::size_t(4) << 20;

std::string isal_error_text(int rc)
{
    switch (rc) {
    case ISAL_INVALID_BLOCK:
        return "invalid deflate block";
    case ISAL_INVALID_SYMBOL:
        return "invalid deflate symbol";
    case ISAL_INVALID_LOOKBACK:
        return "invalid deflate distance";
    case ISAL_INVALID_WRAPPER:
        return "not a gzip stream (bad header)";
    case ISAL_UNSUPPORTED_METHOD:
        return "unsupported compression method";
    case ISAL_INCORRECT_CHECKSUM:
        return "gzip CRC or length check failed";
    case ISAL_NEED_DICT:
        return "stream needs a preset dictionary";
    default:
        return "ISA-L error " + std::to_string(rc);
    }
}

} // namespace

struct Gunzip::Impl {
    std::string path;
    Sha256* digest = nullptr;
    StdioFile in;
    std::vector<unsigned char> inbuf = std::vector<unsigned char>(kBufferSize);
    std::vector<unsigned char> outbuf = std::vector<unsigned char>(kBufferSize);
    std::unique_ptr<inflate_state> state = std::make_unique<inflate_state>();
    bool eof = false; // the file has no more bytes
    bool any_input = false;
    bool done = false; // the stream ended and was verified

    void refill()
    {
        const std::size_t n = std::fread(inbuf.data(), 1, inbuf.size(), in.get());
        if (n == 0) {
            if (std::ferror(in.get()))
                throw DataError("extract: cannot read " + path + ": " + std::strerror(errno));
            eof = true;
        }
        any_input = any_input || n > 0;
        if (digest && n > 0)
            digest->update(inbuf.data(), n);
        state->next_in = inbuf.data();
        state->avail_in = std::uint32_t(n);
    }

    /// One gzip member ended (its trailer verified by ISA-L): starts the next one and returns
    /// true, or returns false at the end of the file. Zero bytes may pad the file (some tools
    /// write whole blocks); anything else is refused.
    bool next_member()
    {
        if (state->avail_in == 0 && !eof)
            refill();
        if (state->avail_in == 0)
            return false;
        if (state->next_in[0] == 0) {
            const auto zero = [](unsigned char c) { return c == 0; };
            for (;;) {
                const unsigned char* p = state->next_in;
                if (!std::all_of(p, p + state->avail_in, zero))
                    throw DataError("extract: " + path +
                                    " has unexpected data after the gzip stream");
                if (eof)
                    return false;
                refill();
                if (state->avail_in == 0)
                    return false;
            }
        }
        unsigned char* next_in = state->next_in;
        const std::uint32_t avail_in = state->avail_in;
        isal_inflate_reset(state.get());
        state->crc_flag = ISAL_GZIP;
        state->next_in = next_in;
        state->avail_in = avail_in;
        return true;
    }

    std::size_t read()
    {
        while (!done) {
            if (state->avail_in == 0 && !eof)
                refill();
            if (!any_input)
                throw DataError("extract: " + path + " is empty; download it again");
            const std::uint32_t in_before = state->avail_in;
            state->next_out = outbuf.data();
            state->avail_out = std::uint32_t(outbuf.size());
            const int rc = isal_inflate(state.get());
            const std::size_t produced = outbuf.size() - state->avail_out;
            if (rc != ISAL_DECOMP_OK)
                throw DataError("extract: corrupt archive " + path + " (" + isal_error_text(rc) +
                                "); download it again");
            if (state->block_state == ISAL_BLOCK_FINISH) {
                done = !next_member();
                if (produced > 0 || done)
                    return produced;
                continue;
            }
            if (produced > 0)
                return produced;
            if (state->avail_in == in_before && (eof || state->avail_in > 0)) {
                if (eof)
                    throw DataError("extract: truncated archive " + path +
                                    " (the gzip stream ends before its trailer); download it "
                                    "again");
                throw DataError("extract: corrupt archive " + path + " (inflate made no progress)");
            }
        }
        return 0;
    }
};

Gunzip::Gunzip(const std::string& path, Sha256* digest) : m_impl(std::make_unique<Impl>())
{
    m_impl->path = path;
    m_impl->digest = digest;
    m_impl->in = StdioFile(path, "rb");
    if (!m_impl->in)
        throw DataError("extract: cannot open " + path + ": " + std::strerror(errno));
    isal_inflate_init(m_impl->state.get());
    m_impl->state->crc_flag = ISAL_GZIP;
}

Gunzip::~Gunzip() = default;

std::size_t Gunzip::read()
{
    return m_impl->read();
}

const unsigned char* Gunzip::data() const
{
    return m_impl->outbuf.data();
}

bool Gunzip::finished() const
{
    return m_impl->done;
}

void Gunzip::drain()
{
    while (m_impl->read() > 0) {
    }
}

const std::string& Gunzip::path() const
{
    return m_impl->path;
}

} // namespace sezu

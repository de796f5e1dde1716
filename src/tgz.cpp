#include "sezu/tgz.hpp"

#include "sezu/digest.hpp"

#include "sezu/error.hpp"

#include <isa-l/igzip_lib.h>
#include <zlib.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <system_error>
#include <unistd.h>

namespace sezu {

namespace {

namespace fs = std::filesystem;

constexpr std::size_t kBlock = 512;
// Big buffers: the archives are ~0.5 GB compressed, ~3 GB inflated; small reads cost syscalls.
constexpr std::size_t kBufferSize = std::size_t(4) << 20;
// GNU long names and pax records are tiny in practice; a huge one means a corrupt header.
constexpr std::uint64_t kMaxMetaSize = std::uint64_t(1) << 20;

std::string errno_text()
{
    return std::strerror(errno);
}

/// An owned C stdio stream; the destructor closes without reporting (use close() to check).
class File {
public:
    File() = default;
    File(const std::string& path, const char* mode) : m_fp(std::fopen(path.c_str(), mode)) {}
    ~File()
    {
        if (m_fp)
            std::fclose(m_fp);
    }
    File(const File&) = delete;
    File& operator=(const File&) = delete;
    File(File&& o) noexcept : m_fp(o.m_fp) { o.m_fp = nullptr; }
    File& operator=(File&& o) noexcept
    {
        if (this != &o) {
            if (m_fp)
                std::fclose(m_fp);
            m_fp = o.m_fp;
            o.m_fp = nullptr;
        }
        return *this;
    }
    explicit operator bool() const { return m_fp != nullptr; }
    std::FILE* get() const { return m_fp; }
    /// Closes and returns whether everything written reached the OS.
    bool close()
    {
        if (!m_fp)
            return true;
        const int rc = std::fclose(m_fp);
        m_fp = nullptr;
        return rc == 0;
    }

private:
    std::FILE* m_fp = nullptr;
};

void remove_quietly(const std::string& path)
{
    std::error_code ec;
    fs::remove(path, ec);
}

// ---------------------------------------------------------------------------------------------
// ustar header fields

/// Writes `value` as zero-padded octal into a field of `width` bytes, NUL-terminated; values
/// that do not fit use GNU base-256 (high bit of the first byte set), which GNU tar and bsdtar
/// read.
void put_number(unsigned char* field, std::size_t width, std::uint64_t value)
{
    const std::uint64_t octal_limit = std::uint64_t(1) << (3 * (width - 1));
    if (value < octal_limit) {
        std::snprintf(reinterpret_cast<char*>(field), width, "%0*llo", int(width - 1),
                      static_cast<unsigned long long>(value));
        return;
    }
    std::memset(field, 0, width);
    for (std::size_t i = width; i-- > 1;) {
        field[i] = static_cast<unsigned char>(value & 0xff);
        value >>= 8;
    }
    field[0] = 0x80;
}

void put_text(unsigned char* field, std::size_t width, const std::string& text)
{
    std::memcpy(field, text.data(), std::min(width, text.size()));
}

unsigned header_checksum_unsigned(const unsigned char* h)
{
    unsigned sum = 0;
    for (std::size_t i = 0; i < kBlock; ++i)
        sum += (i >= 148 && i < 156) ? unsigned(' ') : unsigned(h[i]);
    return sum;
}

// Some old tars summed the header as signed chars; readers accept either.
int header_checksum_signed(const unsigned char* h)
{
    int sum = 0;
    for (std::size_t i = 0; i < kBlock; ++i)
        sum += (i >= 148 && i < 156) ? int(' ') : int(static_cast<signed char>(h[i]));
    return sum;
}

/// Splits a long name at a '/' into ustar (prefix, name): prefix <= 155, name <= 100 bytes.
bool split_ustar_name(const std::string& full, std::string& prefix, std::string& name)
{
    if (full.size() <= 100) {
        prefix.clear();
        name = full;
        return true;
    }
    for (std::size_t slash = full.find('/'); slash != std::string::npos;
         slash = full.find('/', slash + 1)) {
        if (slash > 155)
            break;
        if (full.size() - slash - 1 <= 100 && slash + 1 < full.size()) {
            prefix = full.substr(0, slash);
            name = full.substr(slash + 1);
            return true;
        }
    }
    return false;
}

/// Parses a numeric header field: octal text (space/NUL padded) or GNU base-256.
std::uint64_t parse_number(const unsigned char* field, std::size_t width, const char* what,
                           const std::string& archive)
{
    if (field[0] & 0x80) {
        if (field[0] == 0xff)
            throw DataError("extract: negative " + std::string(what) + " in a tar header of " +
                            archive + "; the archive is corrupt, download it again");
        std::uint64_t v = field[0] & 0x7f;
        for (std::size_t i = 1; i < width; ++i) {
            if (v >> 56)
                throw DataError("extract: " + std::string(what) + " overflows in a tar header of " +
                                archive);
            v = (v << 8) | field[i];
        }
        return v;
    }
    std::size_t i = 0;
    while (i < width && field[i] == ' ')
        ++i;
    std::uint64_t v = 0;
    for (; i < width && field[i] != 0 && field[i] != ' '; ++i) {
        if (field[i] < '0' || field[i] > '7')
            throw DataError("extract: bad " + std::string(what) + " field in a tar header of " +
                            archive + "; the archive is corrupt, download it again");
        v = (v << 3) | std::uint64_t(field[i] - '0');
    }
    return v;
}

std::string field_text(const unsigned char* field, std::size_t width)
{
    const auto* c = reinterpret_cast<const char*>(field);
    return std::string(c, strnlen(c, width));
}

// ---------------------------------------------------------------------------------------------
// Streaming tar parser

struct MemberHeader {
    std::string name;
    char type = '0';
    std::uint64_t size = 0;
};

/// Receives the members of a tar stream.
class TarHandler {
public:
    virtual ~TarHandler() = default;
    /// A new member; returns true to receive its data.
    virtual bool begin(const MemberHeader& m) = 0;
    virtual void data(const unsigned char* p, std::size_t n) = 0;
    virtual void end() = 0;
};

/// Parses a tar stream fed in arbitrary chunks (the inflater's output buffers).
class TarParser {
public:
    TarParser(TarHandler& handler, std::string archive)
        : m_handler(handler), m_archive(std::move(archive))
    {
    }

    void feed(const unsigned char* p, std::size_t n)
    {
        while (n > 0 && m_phase != Phase::End) {
            if (m_phase == Phase::Header) {
                const std::size_t take = std::min(n, kBlock - m_have);
                std::memcpy(m_header.data() + m_have, p, take);
                m_have += take;
                p += take;
                n -= take;
                if (m_have == kBlock) {
                    m_have = 0;
                    on_header();
                }
            } else if (m_phase == Phase::Data) {
                const std::size_t take = std::size_t(std::min<std::uint64_t>(n, m_remaining));
                on_data(p, take);
                m_remaining -= take;
                p += take;
                n -= take;
                if (m_remaining == 0)
                    end_member();
            } else {  // Padding up to the next 512-byte boundary
                const std::size_t take = std::size_t(std::min<std::uint64_t>(n, m_padding));
                m_padding -= take;
                p += take;
                n -= take;
                if (m_padding == 0)
                    m_phase = Phase::Header;
            }
        }
    }

    /// The compressed stream ended: a member or header cut short means a truncated archive.
    void finish()
    {
        if (m_phase == Phase::End || (m_phase == Phase::Header && m_have == 0 && !m_pending))
            return;
        throw DataError("extract: truncated archive " + m_archive +
                        " (the tar stream ends inside a member); download it again");
    }

private:
    enum class Phase { Header, Data, Padding, End };
    enum class Kind { Member, LongName, Pax, Skip };

    void on_header()
    {
        const unsigned char* h = m_header.data();
        if (std::all_of(h, h + kBlock, [](unsigned char c) { return c == 0; })) {
            // One zero block ends the archive (two are written; GNU tar accepts one).
            m_phase = Phase::End;
            return;
        }
        const std::uint64_t stored = parse_number(h + 148, 8, "checksum", m_archive);
        if (stored != header_checksum_unsigned(h) &&
            std::int64_t(stored) != std::int64_t(header_checksum_signed(h)))
            throw DataError("extract: tar header checksum mismatch in " + m_archive +
                            "; the archive is corrupt, download it again");

        MemberHeader m;
        m.type = char(h[156]);
        m.size = parse_number(h + 124, 12, "size", m_archive);
        const bool posix_ustar = std::memcmp(h + 257, "ustar\0", 6) == 0;
        m.name = field_text(h, 100);
        if (posix_ustar && h[345] != 0)
            m.name = field_text(h + 345, 155) + "/" + m.name;

        switch (m.type) {
        case 'L':  // GNU: the data is the next member's name
            start_meta(Kind::LongName, m.size);
            return;
        case 'x':  // pax: key=value records for the next member
            start_meta(Kind::Pax, m.size);
            return;
        case 'g':  // pax global header, GNU long link names, volume labels: nothing we use
        case 'K':
        case 'V':
            start_data(Kind::Skip, m.size);
            return;
        default:
            break;
        }
        if (m_long_name) {
            m.name = *m_long_name;
            m_long_name.reset();
        }
        if (m_pax_size) {
            m.size = *m_pax_size;
            m_pax_size.reset();
        }
        m_pending = false;
        // Links, devices, directories and FIFOs carry no data whatever the size field says.
        if (m.type >= '1' && m.type <= '6')
            m.size = 0;
        const bool wants = m_handler.begin(m);
        start_data(wants ? Kind::Member : Kind::Skip, m.size);
        m_member_open = wants;
        if (m.size == 0)
            end_member();
    }

    void start_meta(Kind kind, std::uint64_t size)
    {
        if (size > kMaxMetaSize)
            throw DataError("extract: implausible " +
                            std::string(kind == Kind::Pax ? "pax header" : "GNU long name") +
                            " of " + std::to_string(size) + " bytes in " + m_archive +
                            "; the archive is corrupt");
        m_meta.clear();
        m_pending = true;
        start_data(kind, size);
        if (size == 0)
            end_member();
    }

    void start_data(Kind kind, std::uint64_t size)
    {
        m_kind = kind;
        m_remaining = size;
        m_padding = (kBlock - size % kBlock) % kBlock;
        m_phase = Phase::Data;
    }

    void on_data(const unsigned char* p, std::size_t n)
    {
        if (m_kind == Kind::Member)
            m_handler.data(p, n);
        else if (m_kind == Kind::LongName || m_kind == Kind::Pax)
            m_meta.append(reinterpret_cast<const char*>(p), n);
    }

    void end_member()
    {
        if (m_kind == Kind::Member && m_member_open) {
            m_member_open = false;
            m_handler.end();
        } else if (m_kind == Kind::LongName) {
            m_long_name = m_meta.substr(0, m_meta.find('\0'));
        } else if (m_kind == Kind::Pax) {
            parse_pax();
        }
        m_phase = m_padding ? Phase::Padding : Phase::Header;
    }

    // Records are "<len> <key>=<value>\n" where len counts the whole record.
    void parse_pax()
    {
        std::size_t pos = 0;
        while (pos < m_meta.size()) {
            const std::size_t space = m_meta.find(' ', pos);
            if (space == std::string::npos)
                break;
            std::size_t len = 0;
            for (std::size_t i = pos; i < space; ++i) {
                if (m_meta[i] < '0' || m_meta[i] > '9')
                    throw DataError("extract: malformed pax header in " + m_archive);
                len = len * 10 + std::size_t(m_meta[i] - '0');
            }
            if (len == 0 || pos + len > m_meta.size() || len < space - pos + 2)
                throw DataError("extract: malformed pax header in " + m_archive);
            const std::string record = m_meta.substr(space + 1, pos + len - space - 2);
            const std::size_t eq = record.find('=');
            if (eq != std::string::npos) {
                const std::string key = record.substr(0, eq);
                const std::string value = record.substr(eq + 1);
                if (key == "path") {
                    m_long_name = value;
                } else if (key == "size") {
                    try {
                        m_pax_size = std::stoull(value);
                    } catch (const std::exception&) {
                        throw DataError("extract: bad pax size '" + value + "' in " + m_archive);
                    }
                }
            }
            pos += len;
        }
    }

    TarHandler& m_handler;
    std::string m_archive;
    std::array<unsigned char, kBlock> m_header{};
    std::size_t m_have = 0;
    Phase m_phase = Phase::Header;
    Kind m_kind = Kind::Skip;
    std::uint64_t m_remaining = 0;
    std::uint64_t m_padding = 0;
    bool m_member_open = false;
    bool m_pending = false;  // a long name / pax header waits for its member
    std::string m_meta;
    std::optional<std::string> m_long_name;
    std::optional<std::uint64_t> m_pax_size;
};

// ---------------------------------------------------------------------------------------------
// Streaming gunzip (ISA-L)

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

/// Inflates the gzip file at `path` once, from start to end, feeding the tar parser. Verifies
/// every gzip member's CRC and length; concatenated members are accepted, trailing zero bytes
/// are tolerated, anything else after the stream is an error.
void gunzip_through(const std::string& path, TarParser& tar, Sha256* digest = nullptr)
{
    File in(path, "rb");
    if (!in)
        throw DataError("extract: cannot open " + path + ": " + errno_text());
    std::vector<unsigned char> inbuf(kBufferSize), outbuf(kBufferSize);
    auto state = std::make_unique<inflate_state>();
    isal_inflate_init(state.get());
    state->crc_flag = ISAL_GZIP;
    bool eof = false;
    bool any_input = false;

    auto refill = [&] {
        const std::size_t n = std::fread(inbuf.data(), 1, inbuf.size(), in.get());
        if (n == 0) {
            if (std::ferror(in.get()))
                throw DataError("extract: cannot read " + path + ": " + errno_text());
            eof = true;
        }
        any_input = any_input || n > 0;
        if (digest && n > 0)
            digest->update(inbuf.data(), n);
        state->next_in = inbuf.data();
        state->avail_in = std::uint32_t(n);
    };

    for (;;) {
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
        if (produced > 0)
            tar.feed(outbuf.data(), produced);
        if (state->block_state == ISAL_BLOCK_FINISH) {
            // End of one gzip member (trailer verified by ISA-L). Look for another.
            if (state->avail_in == 0 && !eof)
                refill();
            if (state->avail_in == 0)
                break;
            if (state->next_in[0] == 0) {
                const unsigned char* p = state->next_in;
                for (;;) {
                    const auto zero = [](unsigned char c) { return c == 0; };
                    if (!std::all_of(p, p + state->avail_in, zero))
                        throw DataError("extract: " + path +
                                        " has unexpected data after the gzip stream");
                    if (eof)
                        break;
                    refill();
                    if (state->avail_in == 0)
                        break;
                    p = state->next_in;
                }
                break;
            }
            unsigned char* next_in = state->next_in;
            const std::uint32_t avail_in = state->avail_in;
            isal_inflate_reset(state.get());
            state->crc_flag = ISAL_GZIP;
            state->next_in = next_in;
            state->avail_in = avail_in;
            continue;
        }
        if (produced == 0 && state->avail_in == in_before && (eof || state->avail_in > 0)) {
            if (eof)
                throw DataError("extract: truncated archive " + path +
                                " (the gzip stream ends before its trailer); download it again");
            throw DataError("extract: corrupt archive " + path + " (inflate made no progress)");
        }
    }
    tar.finish();
}

bool unsafe_member_path(const std::string& name)
{
    if (name.empty() || name.front() == '/')
        return true;
    std::size_t pos = 0;
    while (pos <= name.size()) {
        std::size_t slash = name.find('/', pos);
        if (slash == std::string::npos)
            slash = name.size();
        if (name.compare(pos, slash - pos, "..") == 0 && slash - pos == 2)
            return true;
        pos = slash + 1;
    }
    return false;
}

std::string describe_type(char type)
{
    switch (type) {
    case '1':
        return "a hard link";
    case '2':
        return "a symbolic link";
    case '3':
        return "a character device";
    case '4':
        return "a block device";
    case '5':
        return "a directory";
    case '6':
        return "a FIFO";
    default:
        return std::string("an unsupported entry (type '") + type + "')";
    }
}

std::atomic<unsigned> g_temp_counter{0};

/// Writes selected members to temporary files; they are renamed into place only after the
/// whole archive (including the gzip CRC, which covers every member) has been verified.
// Refuses members that must never be taken from an archive: anything but a regular file, and
// names that could escape the output folder.
void check_member_safe(const MemberHeader& m, const std::string& archive)
{
    if (m.type != '0' && m.type != '\0' && m.type != '7')
        throw DataError("extract: member " + m.name + " of " + archive + " is " +
                        describe_type(m.type) + ", not a regular file; refusing to extract");
    if (unsafe_member_path(m.name))
        throw DataError("extract: member name '" + m.name + "' of " + archive +
                        " is absolute or contains '..'; refusing to extract");
}

// Hands the members a MemberSink wants to it, after the same checks extraction makes.
class Streamer : public TarHandler {
public:
    Streamer(MemberSink& sink, std::string archive) : m_sink(sink), m_archive(std::move(archive)) {}
    bool begin(const MemberHeader& m) override
    {
        // The sink decides by name; safety is checked before it sees a byte.
        if (m.type == '5' || !m_sink.begin(m.name, m.size))
            return false;
        check_member_safe(m, m_archive);
        return true;
    }
    void data(const unsigned char* p, std::size_t n) override { m_sink.data(p, n); }
    void end() override { m_sink.end(); }

private:
    MemberSink& m_sink;
    std::string m_archive;
};

class Extractor : public TarHandler {
public:
    Extractor(const MemberSelector& select, std::string out_dir, std::string archive)
        : m_select(select), m_out_dir(std::move(out_dir)), m_archive(std::move(archive))
    {
    }
    ~Extractor() override
    {
        m_file.close();
        for (const auto& p : m_pending)
            remove_quietly(p.temp);
    }
    Extractor(const Extractor&) = delete;
    Extractor& operator=(const Extractor&) = delete;

    bool begin(const MemberHeader& m) override
    {
        const std::optional<std::string> target = m_select(m.name);
        if (!target)
            return false;
        check_member_safe(m, m_archive);
        if (target->empty() || target->find('/') != std::string::npos || *target == "." ||
            *target == "..")
            throw DataError("extract: output name '" + *target + "' for member " + m.name +
                            " is not a plain file name");
        for (const auto& p : m_pending)
            if (p.info.path == m_out_dir + "/" + *target)
                throw DataError("extract: members " + p.info.member_name + " and " + m.name +
                                " of " + m_archive + " both map to " + *target +
                                "; the archive is ambiguous");
        Pending p;
        p.info.member_name = m.name;
        p.info.path = m_out_dir + "/" + *target;
        p.info.size = m.size;
        p.temp = p.info.path + ".part-" + std::to_string(::getpid()) + "-" +
                 std::to_string(g_temp_counter++);
        m_pending.push_back(p);
        m_file = File(p.temp, "wb");
        if (!m_file)
            throw DataError("extract: cannot create " + p.temp + ": " + errno_text());
        // Writes come in the inflater's 4 MiB chunks already; stdio buffering would only copy.
        std::setvbuf(m_file.get(), nullptr, _IONBF, 0);
        return true;
    }

    void data(const unsigned char* p, std::size_t n) override
    {
        if (std::fwrite(p, 1, n, m_file.get()) != n)
            throw DataError("extract: cannot write " + m_pending.back().temp + ": " +
                            errno_text() + " (disk full?)");
    }

    void end() override
    {
        if (!m_file.close())
            throw DataError("extract: cannot write " + m_pending.back().temp + ": " +
                            errno_text() + " (disk full?)");
    }

    /// The archive verified: move every member to its final name.
    std::vector<ExtractedMember> commit()
    {
        std::vector<ExtractedMember> out;
        for (const auto& p : m_pending) {
            std::error_code ec;
            fs::rename(p.temp, p.info.path, ec);
            if (ec) {
                // All or nothing: take back the members already moved into place.
                for (const auto& done : out)
                    remove_quietly(done.path);
                throw DataError("extract: cannot rename " + p.temp + " to " + p.info.path + ": " +
                                ec.message());
            }
            out.push_back(p.info);
        }
        m_pending.clear();
        return out;
    }

private:
    struct Pending {
        ExtractedMember info;
        std::string temp;
    };
    const MemberSelector& m_select;
    std::string m_out_dir;
    std::string m_archive;
    std::vector<Pending> m_pending;
    File m_file;
};

class Lister : public TarHandler {
public:
    bool begin(const MemberHeader& m) override
    {
        names.push_back(m.name);
        return false;
    }
    void data(const unsigned char*, std::size_t) override {}
    void end() override {}
    std::vector<std::string> names;
};

} // namespace

// -------------------------------------------------------------------------------------------------
// TgzWriter

struct TgzWriter::Impl {
    std::string path;
    File file;
    z_stream zs{};
    bool zs_open = false;
    bool closed = false;
    std::int64_t mtime = 0;
    std::vector<unsigned char> out = std::vector<unsigned char>(kBufferSize);

    void fail(const std::string& what) const
    {
        throw DataError("tgz: cannot write " + path + ": " + what);
    }

    void flush_out()
    {
        const std::size_t n = out.size() - zs.avail_out;
        if (n > 0 && std::fwrite(out.data(), 1, n, file.get()) != n)
            fail(errno_text() + " (disk full?)");
        zs.next_out = out.data();
        zs.avail_out = uInt(out.size());
    }

    void deflate_bytes(const void* data, std::size_t size, int flush)
    {
        const auto* p = static_cast<const unsigned char*>(data);
        // avail_in is 32 bits: feed large members in slices.
        do {
            const std::size_t slice = std::min<std::size_t>(size, kBufferSize);
            zs.next_in = const_cast<Bytef*>(p);
            zs.avail_in = uInt(slice);
            const bool last = slice == size;
            const int mode = last ? flush : Z_NO_FLUSH;
            for (;;) {
                const int rc = ::deflate(&zs, mode);
                if (rc == Z_STREAM_ERROR)
                    fail("zlib deflate failed");
                if (zs.avail_out == 0) {
                    flush_out();
                    continue;
                }
                if (zs.avail_in == 0 && (mode != Z_FINISH || rc == Z_STREAM_END))
                    break;
            }
            p += slice;
            size -= slice;
        } while (size > 0);
    }

    void write_header(const std::string& member_name, std::uint64_t size)
    {
        std::string prefix, name;
        if (!split_ustar_name(member_name, prefix, name))
            throw DataError("tgz: member name '" + member_name + "' is too long for ustar "
                            "(name <= 100 and prefix <= 155 bytes, split at a '/')");
        std::array<unsigned char, kBlock> h{};
        put_text(h.data(), 100, name);
        put_number(h.data() + 100, 8, 0644);
        put_number(h.data() + 108, 8, 0);
        put_number(h.data() + 116, 8, 0);
        put_number(h.data() + 124, 12, size);
        put_number(h.data() + 136, 12, std::uint64_t(std::max<std::int64_t>(mtime, 0)));
        h[156] = '0';
        std::memcpy(h.data() + 257, "ustar\0" "00", 8);
        put_text(h.data() + 265, 32, "root");
        put_text(h.data() + 297, 32, "root");
        put_text(h.data() + 345, 155, prefix);
        // The checksum field holds 6 octal digits, NUL, space.
        std::snprintf(reinterpret_cast<char*>(h.data() + 148), 8, "%06o",
                      header_checksum_unsigned(h.data()));
        h[155] = ' ';
        deflate_bytes(h.data(), h.size(), Z_NO_FLUSH);
    }

    void pad(std::uint64_t size)
    {
        static const std::array<unsigned char, kBlock> zeros{};
        const std::size_t n = std::size_t((kBlock - size % kBlock) % kBlock);
        if (n)
            deflate_bytes(zeros.data(), n, Z_NO_FLUSH);
    }

    void check_open() const
    {
        if (closed)
            throw DataError("tgz: " + path + " is already closed");
    }
};

TgzWriter::TgzWriter(const std::string& path, int level) : m_impl(std::make_unique<Impl>())
{
    m_impl->path = path;
    if (level < 1 || level > 9)
        throw DataError("tgz: gzip level " + std::to_string(level) + " for " + path +
                        " is out of range; use 1..9");
    m_impl->file = File(path, "wb");
    if (!m_impl->file)
        m_impl->fail(errno_text());
    std::setvbuf(m_impl->file.get(), nullptr, _IONBF, 0);
    // windowBits 15 + 16: a gzip wrapper (header and CRC-32/length trailer) around deflate.
    if (deflateInit2(&m_impl->zs, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
        m_impl->file.close();
        remove_quietly(path);
        m_impl->fail("zlib initialisation failed");
    }
    m_impl->zs_open = true;
    m_impl->zs.next_out = m_impl->out.data();
    m_impl->zs.avail_out = uInt(m_impl->out.size());
}

TgzWriter::~TgzWriter()
{
    if (!m_impl)
        return;
    if (m_impl->zs_open)
        deflateEnd(&m_impl->zs);
    if (!m_impl->closed) {
        m_impl->file.close();
        remove_quietly(m_impl->path);
    }
}

void TgzWriter::set_mtime(std::int64_t seconds)
{
    m_impl->mtime = seconds;
}

void TgzWriter::add_file(const std::string& member_name, const void* data, std::size_t size)
{
    m_impl->check_open();
    m_impl->write_header(member_name, size);
    if (size > 0)
        m_impl->deflate_bytes(data, size, Z_NO_FLUSH);
    m_impl->pad(size);
}

void TgzWriter::add_file_from_path(const std::string& member_name, const std::string& source_path)
{
    m_impl->check_open();
    std::error_code ec;
    const std::uint64_t size = fs::file_size(source_path, ec);
    if (ec)
        throw DataError("tgz: cannot read " + source_path + ": " + ec.message());
    File in(source_path, "rb");
    if (!in)
        throw DataError("tgz: cannot open " + source_path + ": " + errno_text());
    m_impl->write_header(member_name, size);
    std::vector<unsigned char> buf(kBufferSize);
    std::uint64_t copied = 0;
    while (copied < size) {
        const std::size_t want = std::size_t(std::min<std::uint64_t>(buf.size(), size - copied));
        const std::size_t n = std::fread(buf.data(), 1, want, in.get());
        if (n != want)
            throw DataError("tgz: " + source_path + " changed or could not be read while "
                            "archiving it");
        m_impl->deflate_bytes(buf.data(), n, Z_NO_FLUSH);
        copied += n;
    }
    m_impl->pad(size);
}

void TgzWriter::close()
{
    if (m_impl->closed)
        return;
    static const std::array<unsigned char, 2 * kBlock> end_blocks{};
    m_impl->deflate_bytes(end_blocks.data(), end_blocks.size(), Z_FINISH);
    m_impl->flush_out();
    deflateEnd(&m_impl->zs);
    m_impl->zs_open = false;
    if (!m_impl->file.close())
        m_impl->fail(errno_text() + " (disk full?)");
    m_impl->closed = true;
}

// -------------------------------------------------------------------------------------------------
// Reading

void stream_members(const std::string& tgz_path, MemberSink& sink, std::string* sha256)
{
    Streamer streamer(sink, tgz_path);
    TarParser tar(streamer, tgz_path);
    Sha256 digest;
    gunzip_through(tgz_path, tar, sha256 ? &digest : nullptr);
    if (sha256)
        *sha256 = digest.hex();
}

std::vector<ExtractedMember> extract_members(const std::string& tgz_path,
                                             const MemberSelector& select,
                                             const std::string& out_dir, std::string* sha256)
{
    std::error_code ec;
    fs::create_directories(out_dir, ec);
    if (ec)
        throw DataError("extract: cannot create " + out_dir + ": " + ec.message());
    Extractor extractor(select, out_dir, tgz_path);
    TarParser tar(extractor, tgz_path);
    Sha256 digest;
    gunzip_through(tgz_path, tar, sha256 ? &digest : nullptr);
    if (sha256)
        *sha256 = digest.hex();
    return extractor.commit();
}

std::vector<std::string> list_members(const std::string& tgz_path)
{
    Lister lister;
    TarParser tar(lister, tgz_path);
    gunzip_through(tgz_path, tar);
    return lister.names;
}

} // namespace sezu

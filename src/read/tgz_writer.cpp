#include "sezu/read/tgz_writer.hpp"

#include "sezu/core/c_handle.hpp"
#include "sezu/core/error.hpp"
#include "sezu/core/stdio_file.hpp"

#include <archive.h>
#include <archive_entry.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <system_error>
#include <vector>

namespace sezu {

namespace {

namespace fs = std::filesystem;

// Members are copied from files in slices of this size; libarchive hands the gzip output to the
// file in blocks of this size too (its default, 10 KiB, would cost a write call per block).
constexpr std::size_t kBufferSize = std::size_t(4) << 20;


void remove_quietly(const std::string& path)
{
    std::error_code ec;
    fs::remove(path, ec);
}

} // namespace

struct TgzWriter::Impl {
    std::string path;
    /// The only owner of the libarchive writer (archive_write_free also closes the file).
    CHandle<archive, archive_write_free> writer;
    bool closed = false;
    std::int64_t mtime = 0;
    int error_number = 0;

    [[noreturn]] void fail(const std::string& what) const
    {
        throw DataError("tgz: cannot write " + path + ": " + what);
    }
    [[noreturn]] void fail_archive()
    {
        error_number = archive_errno(writer.get());
        const char* why = archive_error_string(writer.get());
        std::string text = why ? why : "libarchive error";
        // libarchive says "Write error" for any failed write: the errno tells a full disk.
        if (error_number > 0 && text.find(std::strerror(error_number)) == std::string::npos)
            text += std::string(": ") + std::strerror(error_number);
        fail(text);
    }
    void check(int rc)
    {
        if (rc != ARCHIVE_OK)
            fail_archive();
    }

    void check_open() const
    {
        if (closed)
            throw DataError("tgz: " + path + " is already closed");
    }

    void write_header(const std::string& member_name, std::uint64_t size)
    {
        check_open();
        const CHandle<archive_entry, archive_entry_free> entry(archive_entry_new());
        if (!entry)
            fail("out of memory");
        archive_entry_set_pathname(entry.get(), member_name.c_str());
        archive_entry_set_filetype(entry.get(), AE_IFREG);
        archive_entry_set_perm(entry.get(), 0644);
        archive_entry_set_size(entry.get(), la_int64_t(size));
        archive_entry_set_mtime(entry.get(), std::max<std::int64_t>(mtime, 0), 0);
        archive_entry_set_uid(entry.get(), 0);
        archive_entry_set_gid(entry.get(), 0);
        archive_entry_set_uname(entry.get(), "root");
        archive_entry_set_gname(entry.get(), "root");
        const int rc = archive_write_header(writer.get(), entry.get());
        if (rc == ARCHIVE_FAILED && member_name.size() > 100)
            throw DataError("tgz: member name '" + member_name +
                            "' is too long for ustar (name <= 100 and prefix <= 155 bytes, split "
                            "at a '/')");
        check(rc);
    }

    void write_data(const void* data, std::size_t size)
    {
        const auto* p = static_cast<const unsigned char*>(data);
        while (size > 0) {
            const la_ssize_t n = archive_write_data(writer.get(), p, size);
            if (n <= 0)
                fail_archive();
            p += n;
            size -= std::size_t(n);
        }
    }
};

TgzWriter::TgzWriter(const std::string& path, int level) : m_impl(std::make_unique<Impl>())
{
    m_impl->path = path;
    if (level < 1 || level > 9)
        throw DataError("tgz: gzip level " + std::to_string(level) + " for " + path +
                        " is out of range; use 1..9");
    m_impl->writer.reset(archive_write_new());
    archive* a = m_impl->writer.get();
    if (a == nullptr)
        m_impl->fail("out of memory");
    const std::string level_text = std::to_string(level);
    // ustar as the publisher writes it; gzip without a timestamp so that equal inputs give
    // equal archives; no padding of the last block after the gzip stream.
    m_impl->check(archive_write_set_format_ustar(a));
    m_impl->check(archive_write_add_filter_gzip(a));
    m_impl->check(
        archive_write_set_filter_option(a, "gzip", "compression-level", level_text.c_str()));
    m_impl->check(archive_write_set_filter_option(a, "gzip", "timestamp", nullptr));
    m_impl->check(archive_write_set_bytes_per_block(a, int(kBufferSize)));
    m_impl->check(archive_write_set_bytes_in_last_block(a, 1));
    if (archive_write_open_filename(a, path.c_str()) != ARCHIVE_OK) {
        const char* why = archive_error_string(a);
        const std::string text = why ? why : std::strerror(errno);
        m_impl->error_number = archive_errno(a);
        m_impl->writer.reset();
        remove_quietly(path);
        m_impl->fail(text);
    }
}

TgzWriter::~TgzWriter()
{
    if (!m_impl || m_impl->closed)
        return;
    m_impl->writer.reset();
    remove_quietly(m_impl->path);
}

int TgzWriter::error_number() const
{
    return m_impl->error_number;
}

void TgzWriter::set_mtime(std::int64_t seconds)
{
    m_impl->mtime = seconds;
}

void TgzWriter::add_file(const std::string& member_name, const void* data, std::size_t size)
{
    m_impl->write_header(member_name, size);
    m_impl->write_data(data, size);
}

void TgzWriter::add_file_from_path(const std::string& member_name, const std::string& source_path)
{
    m_impl->check_open();
    std::error_code ec;
    const std::uint64_t size = fs::file_size(source_path, ec);
    if (ec)
        throw DataError("tgz: cannot read " + source_path + ": " + ec.message());
    StdioFile in(source_path, "rb");
    if (!in)
        throw DataError("tgz: cannot open " + source_path + ": " + std::strerror(errno));
    m_impl->write_header(member_name, size);
    std::vector<unsigned char> buf(kBufferSize);
    std::uint64_t copied = 0;
    while (copied < size) {
        const std::size_t want = std::size_t(std::min<std::uint64_t>(buf.size(), size - copied));
        if (std::fread(buf.data(), 1, want, in.get()) != want)
            throw DataError("tgz: " + source_path +
                            " changed or could not be read while archiving it");
        m_impl->write_data(buf.data(), want);
        copied += want;
    }
}

void TgzWriter::close()
{
    if (m_impl->closed)
        return;
    // archive_write_close writes the two zero blocks, ends the gzip stream and closes the file,
    // reporting any write that failed on the way.
    if (archive_write_close(m_impl->writer.get()) != ARCHIVE_OK)
        m_impl->fail_archive();
    m_impl->closed = true;
    m_impl->writer.reset();
}

} // namespace sezu

#include "tar_stream.hpp"

#include "sezu/core/c_handle.hpp"
#include "sezu/core/error.hpp"
#include "sezu/read/gunzip.hpp"

#include <archive.h>
#include <archive_entry.h>

#include <cerrno>
#include <exception>
#include <memory>

namespace sezu::detail {

namespace {

/// The only owner of a libarchive reader.
using ArchiveReadPtr = CHandle<archive, archive_read_free>;

/// libarchive's client: its read callback hands out the inflater's buffers (no copy). C code
/// sits between the callback and us, so an error is kept here and rethrown once libarchive
/// has returned, never thrown through it.
struct TgzSource {
    explicit TgzSource(const std::string& path, Sha256* digest) : gunzip(path, digest) {}

    static la_ssize_t read(archive* a, void* self, const void** buffer) noexcept
    {
        auto* source = static_cast<TgzSource*>(self);
        try {
            const std::size_t n = source->gunzip.read();
            *buffer = source->gunzip.data();
            source->ended = n == 0;
            return la_ssize_t(n);
        } catch (...) {
            source->error = std::current_exception();
            archive_set_error(a, EIO, "the gzip stream failed");
            return ARCHIVE_FATAL;
        }
    }

    Gunzip gunzip;
    std::exception_ptr error;
    bool ended = false; // the gzip stream has no more bytes for libarchive
};

/// Turns a libarchive failure into the error a user can act on.
[[noreturn]] void fail(archive* a, const TgzSource& source, const std::string& path)
{
    if (source.error)
        std::rethrow_exception(source.error);
    const char* why = archive_error_string(a);
    const std::string detail = why ? why : "unreadable tar data";
    // The gzip stream was whole (its CRC checked) but the tar in it stops early.
    if (source.ended)
        throw DataError("extract: truncated archive " + path +
                        " (the tar stream ends inside a member: " + detail +
                        "); download it again");
    throw DataError("extract: corrupt archive " + path + " (" + detail + "); download it again");
}

TarEntryType entry_type(archive_entry* e)
{
    // A tar hard link is reported as a regular file that names its target.
    if (archive_entry_hardlink(e) != nullptr)
        return TarEntryType::Hardlink;
    switch (archive_entry_filetype(e)) {
    case AE_IFREG:
        return archive_entry_sparse_count(e) > 0 ? TarEntryType::Sparse : TarEntryType::Regular;
    case AE_IFDIR:
        return TarEntryType::Directory;
    case AE_IFLNK:
        return TarEntryType::Symlink;
    case AE_IFCHR:
        return TarEntryType::CharDevice;
    case AE_IFBLK:
        return TarEntryType::BlockDevice;
    case AE_IFIFO:
        return TarEntryType::Fifo;
    case AE_IFSOCK:
        return TarEntryType::Socket;
    default:
        return TarEntryType::Other;
    }
}

TarEntry describe(archive_entry* e, const std::string& path)
{
    TarEntry entry;
    // The name as stored; a pax UTF-8 name the locale cannot show is taken as UTF-8.
    const char* name = archive_entry_pathname(e);
    if (name == nullptr)
        name = archive_entry_pathname_utf8(e);
    if (name == nullptr)
        throw DataError("extract: a member of " + path +
                        " has no readable name; the archive is corrupt, download it again");
    entry.name = name;
    entry.type = entry_type(e);
    // Links, devices and folders carry no data whatever their size field says.
    if (entry.type == TarEntryType::Regular && archive_entry_size_is_set(e) &&
        archive_entry_size(e) > 0)
        entry.size = std::uint64_t(archive_entry_size(e));
    return entry;
}

/// Hands the current entry's data to the handler in the blocks libarchive has (pointers into
/// the inflater's buffer, except where a block straddles two of them).
void copy_data(archive* a, const TgzSource& source, const TarEntry& entry, TarHandler& handler,
               const std::string& path)
{
    std::uint64_t expected = 0;
    for (;;) {
        const void* block = nullptr;
        std::size_t size = 0;
        la_int64_t offset = 0;
        const int rc = archive_read_data_block(a, &block, &size, &offset);
        if (rc == ARCHIVE_EOF)
            break;
        if (rc != ARCHIVE_OK && rc != ARCHIVE_WARN)
            fail(a, source, path);
        if (offset < 0 || std::uint64_t(offset) != expected)
            throw DataError("extract: member " + entry.name + " of " + path +
                            " has holes (a sparse file); refusing to extract it");
        if (size > 0)
            handler.data(static_cast<const unsigned char*>(block), size);
        expected += size;
    }
    if (expected != entry.size)
        throw DataError("extract: member " + entry.name + " of " + path + " has " +
                        std::to_string(expected) + " bytes, its header says " +
                        std::to_string(entry.size) + "; the archive is corrupt");
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
        if (slash - pos == 2 && name.compare(pos, 2, "..") == 0)
            return true;
        pos = slash + 1;
    }
    return false;
}

std::string describe_type(TarEntryType type)
{
    switch (type) {
    case TarEntryType::Regular:
        return "a regular file";
    case TarEntryType::Directory:
        return "a directory";
    case TarEntryType::Symlink:
        return "a symbolic link";
    case TarEntryType::Hardlink:
        return "a hard link";
    case TarEntryType::CharDevice:
        return "a character device";
    case TarEntryType::BlockDevice:
        return "a block device";
    case TarEntryType::Fifo:
        return "a FIFO";
    case TarEntryType::Socket:
        return "a socket";
    case TarEntryType::Sparse:
        return "a sparse file";
    case TarEntryType::Other:
        break;
    }
    return "an unsupported entry";
}

} // namespace

void read_tgz(const std::string& path, TarHandler& handler, Sha256* digest)
{
    TgzSource source(path, digest);
    ArchiveReadPtr owner(archive_read_new());
    archive* a = owner.get();
    if (a == nullptr)
        throw DataError("extract: cannot start reading " + path + " (out of memory)");
    // Only tar, and no decompression filter: the bytes come inflated from our ISA-L loop.
    if (archive_read_support_format_tar(a) != ARCHIVE_OK ||
        archive_read_open(a, &source, nullptr, &TgzSource::read, nullptr) != ARCHIVE_OK)
        fail(a, source, path);
    for (;;) {
        archive_entry* e = nullptr;
        const int rc = archive_read_next_header(a, &e);
        if (rc == ARCHIVE_EOF)
            break;
        // ARCHIVE_RETRY (a damaged header libarchive could skip) is corruption to us.
        if (rc != ARCHIVE_OK && rc != ARCHIVE_WARN)
            fail(a, source, path);
        const TarEntry entry = describe(e, path);
        if (!handler.begin(entry))
            continue; // libarchive reads past the data on the next header
        copy_data(a, source, entry, handler, path);
        handler.end();
    }
    // The tar ended; the gzip CRC and length at the end of the file still vouch for every byte.
    source.gunzip.drain();
}

void check_member_safe(const TarEntry& entry, const std::string& archive)
{
    if (entry.type != TarEntryType::Regular)
        throw DataError("extract: member " + entry.name + " of " + archive + " is " +
                        describe_type(entry.type) + ", not a regular file; refusing to extract");
    if (unsafe_member_path(entry.name))
        throw DataError("extract: member name '" + entry.name + "' of " + archive +
                        " is absolute or contains '..'; refusing to extract");
}

} // namespace sezu::detail

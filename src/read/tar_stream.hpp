#pragma once
// The tar inside a .tgz, entry by entry (internal to the tar reader): libarchive parses the tar
// format, our ISA-L Gunzip feeds it. Used by stream_members, extract_members and list_members.
#include <cstddef>
#include <cstdint>
#include <string>

namespace sezu {
class Sha256;
}

namespace sezu::detail {

/// What a tar entry is, as far as taking it out of an archive is concerned.
enum class TarEntryType {
    Regular,
    Directory,
    Symlink,
    Hardlink,
    CharDevice,
    BlockDevice,
    Fifo,
    Socket,
    Sparse, ///< a regular file stored with holes (GNU or pax sparse)
    Other,
};

struct TarEntry {
    std::string name; ///< as stored (after GNU long-name and pax path records)
    TarEntryType type = TarEntryType::Other;
    std::uint64_t size = 0; ///< bytes of data the entry carries
};

/// Receives the entries of a tar stream.
class TarHandler {
public:
    virtual ~TarHandler() = default;
    /// A new entry; returns true to receive its data (then data()... and end() follow).
    virtual bool begin(const TarEntry& entry) = 0;
    virtual void data(const unsigned char* bytes, std::size_t n) = 0;
    virtual void end() = 0;
};

/// Reads the gzip file at `path` once, from start to end, handing the tar's entries to
/// `handler`, then reads the rest of the gzip stream so that its CRC (which covers every member)
/// is verified before this returns. DataError for an unreadable, corrupt or truncated archive;
/// exceptions from the handler pass through. `digest` (optional) gets the file's bytes.
void read_tgz(const std::string& path, TarHandler& handler, Sha256* digest = nullptr);

/// Throws DataError unless `entry` is a regular file whose name cannot leave the folder it is
/// extracted into (no absolute path, no ".." component). `archive` names the file in messages.
void check_member_safe(const TarEntry& entry, const std::string& archive);

} // namespace sezu::detail

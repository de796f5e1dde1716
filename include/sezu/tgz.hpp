#pragma once
/// Reading and writing the publisher's .tgz archives: one gzip stream over a ustar tar, no random
/// access. Reading streams once through the archive (ISA-L inflate) and writes only the members
/// asked for. Writing (for the built-in mirror) produces the same format.
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace sezu {

/// Writes a gzip-compressed ustar archive. Members are written in the order added. Names longer
/// than 100 characters are split into the ustar prefix field. A writer destroyed before close()
/// succeeded removes its unfinished file.
class TgzWriter {
public:
    /// Opens `path` for writing (truncates). level: zlib level 1..9. Throws DataError.
    TgzWriter(const std::string& path, int level = 1);
    ~TgzWriter();
    TgzWriter(const TgzWriter&) = delete;
    TgzWriter& operator=(const TgzWriter&) = delete;

    /// Adds a regular file member with the given name (e.g. "./x.tif") and contents.
    void add_file(const std::string& member_name, const void* data, std::size_t size);
    /// Adds a regular file member whose contents are streamed from the file at `source_path`
    /// (for members too large to hold in memory).
    void add_file_from_path(const std::string& member_name, const std::string& source_path);
    /// Modification time (seconds since 1970) stored for members added from now on (default 0,
    /// which keeps archives byte-identical between runs).
    void set_mtime(std::int64_t seconds);
    /// Finishes the tar (two zero blocks) and the gzip stream. Throws DataError on I/O failure.
    void close();

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

/// A member written to disk by extract_members.
struct ExtractedMember {
    std::string member_name;   ///< as stored in the archive (e.g. "./x.avg_rade9h.tif")
    std::string path;          ///< where it was written
    std::uint64_t size = 0;
};

/// Decides, from a member's name, whether to extract it: returns the file name to write it under
/// (inside out_dir), or nothing to skip it.
using MemberSelector = std::function<std::optional<std::string>(const std::string& member_name)>;

/// Streams through the .tgz once, writing each selected member into out_dir. Refuses (DataError)
/// selected members with absolute paths, "..", or that are links or devices; and a corrupt or
/// truncated archive (gzip CRC / length, tar header checksum, short member). Partially written
/// outputs are removed on error. When `sha256` is given it receives the hex SHA-256 of the
/// archive file, computed from the same single read.
std::vector<ExtractedMember> extract_members(const std::string& tgz_path,
                                             const MemberSelector& select,
                                             const std::string& out_dir,
                                             std::string* sha256 = nullptr);

/// Receives members' bytes as the archive streams by: nothing touches the disk.
class MemberSink {
public:
    virtual ~MemberSink() = default;
    /// A regular-file member with a safe name starts: return true to receive its data.
    virtual bool begin(const std::string& member_name, std::uint64_t size) = 0;
    /// The member's next bytes, in order; called only after begin() returned true.
    virtual void data(const unsigned char* bytes, std::size_t n) = 0;
    /// The member's last byte was delivered.
    virtual void end() = 0;
};

/// Streams through the .tgz once, handing members to `sink` chunk by chunk (the inflater's
/// buffers). Members the sink takes get the same refusals as extract_members (links, devices,
/// absolute paths, ".."). The gzip CRC and length are verified only at the end of the stream,
/// so what a sink computed is provisional until this returns; a DataError may come after the
/// last member. `sha256` as in extract_members.
void stream_members(const std::string& tgz_path, MemberSink& sink, std::string* sha256 = nullptr);

/// The names of all members (for diagnostics and tests).
std::vector<std::string> list_members(const std::string& tgz_path);

} // namespace sezu

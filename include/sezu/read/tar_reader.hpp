#pragma once
/// Reading the publisher's .tgz archives: one gzip stream over a tar, no random access. Each
/// call streams once through the archive (ISA-L inflate, libarchive for the tar format: ustar,
/// pax, GNU long names) and takes only the members asked for. Selected members must be regular
/// files with names that stay inside the output folder: links, devices, absolute paths and ".."
/// are refused.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace sezu {

/// A member written to disk by extract_members.
struct ExtractedMember {
    std::string member_name; ///< as stored in the archive (e.g. "./x.avg_rade9h.tif")
    std::string path;        ///< where it was written
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
    /// A member that is not a folder starts: return true to receive its data (a member that is
    /// not a regular file with a safe name is then refused with a DataError).
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

/// The names of all members, folders and links included (for diagnostics and tests).
std::vector<std::string> list_members(const std::string& tgz_path);

} // namespace sezu

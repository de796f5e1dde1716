#pragma once
/// Writing .tgz archives in the publisher's format (one gzip stream over a ustar tar), for the
/// built-in mirror and the tests. libarchive writes the tar and the gzip stream.
#include <cstdint>
#include <memory>
#include <string>

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

    /// Adds a regular file member with the given name (e.g. "./x.tif") and contents. Throws
    /// DataError for a name ustar cannot hold (name <= 100 and prefix <= 155 bytes, split at a
    /// '/') and on I/O failure.
    void add_file(const std::string& member_name, const void* data, std::size_t size);
    /// Adds a regular file member whose contents are streamed from the file at `source_path`
    /// (for members too large to hold in memory).
    void add_file_from_path(const std::string& member_name, const std::string& source_path);
    /// Modification time (seconds since 1970) stored for members added from now on (default 0,
    /// which keeps archives byte-identical between runs).
    void set_mtime(std::int64_t seconds);
    /// Finishes the tar (two zero blocks) and the gzip stream. Throws DataError on I/O failure.
    void close();
    /// The errno of the write that failed (ENOSPC: the disk is full), 0 when none did or it is
    /// not known; for a caller's message after a DataError.
    int error_number() const;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace sezu

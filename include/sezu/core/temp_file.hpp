#pragma once
/// A file written under a temporary name beside its target (TARGET.tmp) and renamed over the
/// target by commit(); removed when destroyed uncommitted. A reader never sees half a file, and a
/// failed write leaves neither a half-written target nor the temporary behind. Sidecars that a
/// writer puts beside its file (GDAL's TARGET.tmp.aux.xml) go along with it.
///
/// Also the pieces every writer of an output shares (TempFile, the HDF5 archive): following a
/// symlinked output to its target, checked fsync and close, and the one message for a write that
/// failed ("no space left on /data while writing the archive /data/a.h5; the previous archive is
/// intact").
#include <cstddef>
#include <string>
#include <vector>

namespace sezu {

class TempFile {
public:
    /// `who` names the command in error messages ("export", "report"). `sidecar_suffixes`
    /// (e.g. ".aux.xml") name files the writer may add beside the temporary. A `target` that is
    /// a symlink is followed (resolve_output_path): the link's target is replaced, the link kept.
    TempFile(std::string target, std::string who, std::vector<std::string> sidecar_suffixes = {});
    ~TempFile();
    TempFile(const TempFile&) = delete;
    TempFile& operator=(const TempFile&) = delete;

    /// Where to write.
    const std::string& path() const { return m_temp; }
    /// The file commit() replaces (the target with symlinks followed).
    const std::string& target() const { return m_target; }
    /// Makes the temporary durable (fsync, checked close) and renames it over the target, its
    /// sidecars first (so the target never appears without them); a target's sidecar the writer
    /// did not make again is removed, as it would describe the old file. Throws ConfigError
    /// naming the target (and, when the disk is full, the file system): the old target is then
    /// untouched and the temporary removed.
    void commit();
    /// Writes `size` bytes as the whole temporary file, each write checked (for outputs built in
    /// memory, such as GDAL's, whose own writers do not report a failed write). Throws
    /// ConfigError as fail() does.
    void write(const void* data, std::size_t size);
    /// For a writer whose own write to path() failed with errno `error_number` (0 when unknown):
    /// throws ConfigError with write_failure_message's text. The temporary goes with the object.
    [[noreturn]] void fail(int error_number, const std::string& reason) const;

private:
    void remove_temporaries() const;
    std::string m_target;
    std::string m_temp;
    std::string m_who;
    std::vector<std::string> m_sidecars;
    bool m_had_target = false;
    bool m_committed = false;
};

/// The file that writing `path` must replace: when `path` is a symbolic link (or a chain of
/// them, even one whose end does not exist yet), the path of its final target, with the folders
/// resolved (realpath); otherwise `path` unchanged. Writing and locking the result keeps the
/// link a link and makes runs through the link and through the target exclude each other.
/// Throws ConfigError for a loop of links.
std::string resolve_output_path(const std::string& path);

/// The folder where the file system holding `path` is mounted (for messages: "no space left on
/// /scratch"); the nearest existing folder of `path` when it cannot be told.
std::string mount_point_of(const std::string& path);

/// The one message for a `kind` ("archive", "CSV file") at `target` that could not be written,
/// `error_number` being the errno of the failure (0 when unknown) and `reason` what failed:
/// "no space left on MOUNT while writing the KIND TARGET; the previous KIND is intact" when the
/// file system is full (ENOSPC) or the quota is used up (EDQUOT), "cannot write the KIND TARGET
/// (REASON); ..." otherwise. `had_previous`: whether a previous file is there (else "no KIND was
/// written").
std::string write_failure_message(const std::string& kind, const std::string& target,
                                  int error_number, const std::string& reason, bool had_previous);

namespace detail {
/// Creates (or truncates) `path` and writes `size` bytes to it, then fsyncs and closes it, each
/// step checked. Throws std::system_error naming `path`; the caller removes it.
void write_whole_file(const std::string& path, const void* data, std::size_t size);
/// fsync()s and closes `fd`, checking both (a full disk or a failing NFS server may report an
/// earlier write's failure only here). Throws std::system_error naming `what`.
void sync_and_close(int fd, const std::string& what);
/// Makes a rename in `folder` durable (fsync of the folder). Throws std::system_error.
void sync_folder(const std::string& folder);
} // namespace detail

} // namespace sezu

#pragma once
/// The one way sezu replaces a file: write it under a temporary name beside its target, fsync
/// it, rename it over the target and fsync the folder. A reader never sees half a file, a failed
/// write leaves neither a half-written target nor the temporary behind, and a crash of the
/// machine after commit() cannot lose the file. Every writer of a file that others read uses it:
/// the outputs (report, export, quicklook), the HDF5 archive, a download's part file, the tar
/// extractor and the mirror.
///
/// Also the pieces around it: following a symlinked output to its target, and the one message
/// for a write that failed ("no space left on /data while writing the archive /data/a.h5; the
/// previous archive is intact").
#include "sezu/core/error.hpp"

#include <cstddef>
#include <string>
#include <vector>

namespace sezu {

/// Throws the error of the stage that writes a file, with `message`. Its type decides what
/// follows: a ConfigError stops the run (exit 2), an ArchiveError too (exit 3), a DataError or
/// FetchError fails the month.
using RaiseError = void (*)(const std::string& message);

/// The RaiseError of the error type E, e.g. raise_error<DataError>.
template <class E>
[[noreturn]] void raise_error(const std::string& message)
{
    throw E(message);
}

/// How a TempFile is named, reported and kept.
struct TempFileSpec {
    std::string who = "output"; ///< first in messages: "export", "archive", "mirror"
    std::string kind = "file";  ///< the file in messages: "archive" gives "the previous archive"
    RaiseError raise = raise_error<ConfigError>;
    std::string temp;           ///< the temporary, in the target's folder; "" for TARGET.tmp
    /// Suffixes (".aux.xml") of files the writer may add beside the temporary (GDAL's
    /// TARGET.tmp.aux.xml); they go along with it.
    std::vector<std::string> sidecars;
    /// Whether commit() makes the file durable (fsync of the file and of its folder). Off only
    /// for scratch files that do not outlive the run, where a crash loses nothing.
    bool durable = true;
};

/// A file written under a temporary name and renamed over its target by commit(); removed when
/// destroyed uncommitted. Whatever is at the temporary's name when it is made is a leftover of
/// a killed run and is removed first (some writers refuse to overwrite).
class TempFile {
public:
    /// An output the user named: `who` names the command in error messages ("export"), which
    /// are ConfigErrors; `sidecar_suffixes` as TempFileSpec::sidecars. A `target` that is a
    /// symlink is followed (resolve_output_path): the link's target is replaced, the link kept.
    TempFile(const std::string& target, std::string who,
             std::vector<std::string> sidecar_suffixes = {});
    /// `target` as given (a symlink there is replaced), named and reported as `spec` says.
    TempFile(std::string target, TempFileSpec spec);
    ~TempFile();
    TempFile(const TempFile&) = delete;
    TempFile& operator=(const TempFile&) = delete;

    /// Where to write.
    const std::string& path() const { return m_temp; }
    /// The file commit() replaces.
    const std::string& target() const { return m_target; }
    /// Makes the temporary durable (fsync; see TempFileSpec::durable) and renames it over the
    /// target, its sidecars first (so the target never appears without them); a target's
    /// sidecar the writer did not make again is removed, as it would describe the old file.
    /// Throws the spec's error naming the target (and, when the disk is full, the file system):
    /// the old target is then untouched and the temporary removed.
    void commit();
    /// Writes `size` bytes as the whole temporary file, each write and the close checked (for
    /// outputs built in memory, such as GDAL's and HDF5's, whose own writers do not report a
    /// failed write). Throws as fail() does.
    void write(const void* data, std::size_t size);
    /// For a writer whose own write to path() failed with errno `error_number` (0 when unknown):
    /// removes the temporary and throws the spec's error with write_failure_message's text.
    [[noreturn]] void fail(int error_number, const std::string& reason) const;

private:
    void remove_temporaries() const;
    void sync_temporaries() const;
    std::string m_target;
    TempFileSpec m_spec;
    std::string m_temp;
    bool m_had_target = false;
    bool m_synced = false;
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

} // namespace sezu

#pragma once
/// A full disk for unit tests: a forked child in its own user and mount namespaces (what
/// `unshare -rm` does) mounts a small tmpfs over a folder and runs a test body there, so that
/// writes fail with ENOSPC as on a real full disk, with no root and nothing touched outside.
#include <functional>
#include <optional>
#include <string>

namespace sezu::test {

/// Runs `body` in a child process where `dir` (an existing, empty folder) is a fresh tmpfs of
/// `size_kb` KB, and returns what `body` returned (or "exception: <what>" when it threw). The
/// tmpfs goes with the child: `body` checks what it left there itself. Nothing when the
/// namespaces or the mount are not allowed here (the caller fails the test: it could not run).
std::optional<std::string> on_small_disk(const std::string& dir, int size_kb,
                                         const std::function<std::string()>& body);

/// Fills the file system holding `dir` up with a file `dir`/filler, leaving about `free_bytes`.
void fill_disk(const std::string& dir, long free_bytes);

} // namespace sezu::test

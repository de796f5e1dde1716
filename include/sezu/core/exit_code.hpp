#pragma once
/// The exit codes of every sezu command (documented in docs/operations.md). Their own header so
/// that a command reading the archive does not include the MPI driver for them.

namespace sezu {

/// Exit codes of sezu (`sezu run` uses all four; the other commands 0, 2 and 3).
enum ExitCode : int {
    kExitOk = 0,            ///< every month ok
    kExitSomeMonths = 1,    ///< archive written, but some months are not ok (see status)
    kExitUsage = 2,         ///< bad options, config, zones or output path; nothing written
    kExitInternal = 3,      ///< unexpected failure (a bug, I/O error on the archive, MPI)
};

} // namespace sezu

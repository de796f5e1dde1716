#pragma once
/// The MPI driver: validates the job once on rank 0, resumes from an existing archive, hands the
/// months out to the ranks one at a time (a work queue: months differ in cost), and collects the
/// results on rank 0, which checkpoints them into the archive as they arrive.
#include "sezu/run/comm.hpp"
#include "sezu/run/config.hpp"
#include "sezu/core/error.hpp"
#include "sezu/core/exit_code.hpp"

#include <string>

namespace sezu {

/// Rank 0 stopped the job once the work had begun (the archive could not be written, say) and
/// told every rank: each rank throws it with the same message, so the caller prints it once (on
/// rank 0) and every rank ends normally with kExitInternal, without MPI_Abort.
class JobError : public Error {
public:
    using Error::Error;
};

/// Runs the job. Collective: every rank of `comm` must call it. Configuration problems throw
/// ConfigError on every rank with the same message (the caller prints it on rank 0 only), and a
/// failure on rank 0 after the work began (e.g. a full disk) throws JobError on every rank.
/// Writes the archive at `config.output`, or at its target when it is a symlink.
/// Returns kExitOk or kExitSomeMonths.
int run_job(const Config& config, Comm& comm);

} // namespace sezu

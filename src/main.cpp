// sezu's entry point: start MPI (for the commands that use it), GDAL and curl, run the command line, and map exceptions to exit
// codes, printing each error once (on rank 0).
#include "sezu/cli/cli.hpp"
#include "sezu/run/comm.hpp"
#include "sezu/run/driver.hpp"
#include "sezu/core/error.hpp"
#include "sezu/core/log.hpp"

#include <cpl_error.h>
#include <gdal.h>

#include <iostream>
#include <memory>
#include <optional>

namespace {
// GDAL's own messages become exceptions where they matter; keep its chatter out of stderr.
void gdal_to_log(CPLErr level, CPLErrorNum, const char* message)
{
    if (level >= CE_Warning)
        sezu::log::debug(std::string("gdal: ") + message);
}
} // namespace

int main(int argc, char** argv)
{
    // MPI only where it is used (see command_needs_mpi): a plain `sezu stats` starts no daemon.
    std::optional<sezu::MpiSession> mpi;
    std::unique_ptr<sezu::Comm> comm;
    if (sezu::command_needs_mpi(argc, argv)) {
        mpi.emplace(argc, argv);
        comm = mpi->world();
    } else {
        comm = std::make_unique<sezu::SerialComm>();
    }
    sezu::log::set_rank(comm->rank(), comm->size());
    GDALAllRegister();
    CPLSetErrorHandler(gdal_to_log);
    try {
        return sezu::run_cli(argc, argv, *comm);
    } catch (const sezu::ConfigError& e) {
        // Every rank sees the same configuration error; one prints it.
        if (comm->rank() == 0)
            std::cerr << "sezu: " << e.what() << std::endl;
        return sezu::kExitUsage;
    } catch (const sezu::JobError& e) {
        // Every rank was told by rank 0: one message, and every rank ends normally (MPI_Finalize
        // after every HDF5 file is closed), so mpirun's exit code is this one.
        if (comm->rank() == 0)
            std::cerr << "sezu: error: " << e.what() << std::endl;
        return sezu::kExitInternal;
    } catch (const std::exception& e) {
        std::cerr << "sezu: error: " << e.what() << std::endl;
        if (comm->size() > 1)
            sezu::MpiSession::abort(sezu::kExitInternal); // peers may be waiting for this rank
        return sezu::kExitInternal;
    }
}

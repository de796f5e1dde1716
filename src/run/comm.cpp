#include "sezu/run/comm.hpp"

#include "sezu/core/error.hpp"

#include <mpi.h>

#include <cstdlib>
#include <string>

namespace sezu {
namespace {

void check_mpi(int rc, const char* what)
{
    if (rc == MPI_SUCCESS)
        return;
    char text[MPI_MAX_ERROR_STRING];
    int len = 0;
    MPI_Error_string(rc, text, &len);
    throw CommError(std::string("mpi: ") + what + " failed: " + std::string(text, size_t(len)));
}

class MpiComm final : public Comm {
public:
    MpiComm()
    {
        check_mpi(MPI_Comm_dup(MPI_COMM_WORLD, &m_comm), "MPI_Comm_dup");
        MPI_Comm_rank(m_comm, &m_rank);
        MPI_Comm_size(m_comm, &m_size);
    }
    ~MpiComm() override
    {
        int finalized = 0;
        MPI_Finalized(&finalized);
        if (!finalized)
            MPI_Comm_free(&m_comm);
    }
    MpiComm(const MpiComm&) = delete;
    MpiComm& operator=(const MpiComm&) = delete;

    int rank() const override { return m_rank; }
    int size() const override { return m_size; }

    std::string broadcast(const std::string& data, int root) override
    {
        unsigned long long n = data.size();
        check_mpi(MPI_Bcast(&n, 1, MPI_UNSIGNED_LONG_LONG, root, m_comm), "MPI_Bcast");
        std::string out = m_rank == root ? data : std::string(n, '\0');
        if (n > 0)
            check_mpi(MPI_Bcast(out.data(), int(n), MPI_CHAR, root, m_comm), "MPI_Bcast");
        return out;
    }

    std::vector<std::string> gather(const std::string& data, int root) override
    {
        int n = int(data.size());
        std::vector<int> sizes(m_rank == root ? size_t(m_size) : 0);
        check_mpi(MPI_Gather(&n, 1, MPI_INT, sizes.data(), 1, MPI_INT, root, m_comm),
                  "MPI_Gather");
        std::vector<int> offsets(sizes.size(), 0);
        std::string all;
        if (m_rank == root) {
            long total = 0;
            for (size_t i = 0; i < sizes.size(); ++i) {
                offsets[i] = int(total);
                total += sizes[i];
            }
            all.resize(size_t(total));
        }
        check_mpi(MPI_Gatherv(data.data(), n, MPI_CHAR, all.data(), sizes.data(), offsets.data(),
                              MPI_CHAR, root, m_comm),
                  "MPI_Gatherv");
        std::vector<std::string> out;
        for (size_t i = 0; i < sizes.size(); ++i)
            out.push_back(all.substr(size_t(offsets[i]), size_t(sizes[i])));
        return out;
    }

    void send(const std::string& data, int dest, int tag) override
    {
        check_mpi(MPI_Send(data.data(), int(data.size()), MPI_CHAR, dest, tag, m_comm), "MPI_Send");
    }

    std::string recv_any(int tag, int& source) override { return receive(MPI_ANY_SOURCE, tag, source); }

    std::string recv(int source, int tag) override
    {
        int from = 0;
        return receive(source, tag, from);
    }

    bool serialized_threads() const override
    {
        int provided = MPI_THREAD_SINGLE;
        MPI_Query_thread(&provided);
        return provided >= MPI_THREAD_SERIALIZED;
    }

    bool all_true(bool value) override
    {
        int in = value ? 1 : 0, out = 0;
        check_mpi(MPI_Allreduce(&in, &out, 1, MPI_INT, MPI_LAND, m_comm), "MPI_Allreduce");
        return out != 0;
    }

    void barrier() override { check_mpi(MPI_Barrier(m_comm), "MPI_Barrier"); }

private:
    std::string receive(int source, int tag, int& from)
    {
        MPI_Status status;
        check_mpi(MPI_Probe(source, tag, m_comm, &status), "MPI_Probe");
        int n = 0;
        MPI_Get_count(&status, MPI_CHAR, &n);
        std::string data(size_t(n), '\0');
        check_mpi(MPI_Recv(data.data(), n, MPI_CHAR, status.MPI_SOURCE, tag, m_comm,
                           MPI_STATUS_IGNORE),
                  "MPI_Recv");
        from = status.MPI_SOURCE;
        return data;
    }

    MPI_Comm m_comm = MPI_COMM_NULL;
    int m_rank = 0;
    int m_size = 1;
};

} // namespace

void SerialComm::no_peers()
{
    throw CommError("comm: a single process has no peers to talk to");
}

bool started_by_mpi_launcher()
{
    // OpenMPI's mpirun, PMIx (OpenMPI 4+, srun --mpi=pmix), PMI-1/2 (MPICH's hydra, srun --mpi=pmi2).
    for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK", "PMI_SIZE"})
        if (std::getenv(name) != nullptr)
            return true;
    return false;
}

bool command_needs_mpi(int argc, const char* const* argv)
{
    return (argc > 1 && std::string(argv[1]) == "run") || started_by_mpi_launcher();
}

MpiSession::MpiSession(int& argc, char**& argv)
{
    int provided = 0;
    check_mpi(MPI_Init_thread(&argc, &argv, MPI_THREAD_SERIALIZED, &provided), "MPI_Init");
}

MpiSession::~MpiSession()
{
    int finalized = 0;
    MPI_Finalized(&finalized);
    if (!finalized)
        MPI_Finalize();
}

std::unique_ptr<Comm> MpiSession::world() const
{
    return std::make_unique<MpiComm>();
}

void MpiSession::abort(int code)
{
    MPI_Abort(MPI_COMM_WORLD, code);
    std::abort();
}

} // namespace sezu

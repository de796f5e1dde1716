#pragma once
/// The little MPI that sezu needs, behind an interface so that the driver's logic is tested
/// without mpirun (SerialComm) and MPI stays in one place (MpiComm).
#include <memory>
#include <string>
#include <vector>

namespace sezu {

class Comm {
public:
    virtual ~Comm() = default;
    virtual int rank() const = 0;
    virtual int size() const = 0;
    /// Every rank gets root's `data`.
    virtual std::string broadcast(const std::string& data, int root) = 0;
    /// Root gets every rank's `data`, indexed by rank; other ranks get an empty vector.
    virtual std::vector<std::string> gather(const std::string& data, int root) = 0;
    /// Point to point, for the work queue. `tag` separates message kinds.
    virtual void send(const std::string& data, int dest, int tag) = 0;
    /// Receives the next message with `tag` from any rank; returns its source in `source`.
    virtual std::string recv_any(int tag, int& source) = 0;
    virtual std::string recv(int source, int tag) = 0;
    /// True when rank 0 may run a thread that does all MPI calls while its main thread works
    /// (MPI_THREAD_SERIALIZED or better was provided).
    virtual bool serialized_threads() const = 0;
    /// Logical AND over all ranks.
    virtual bool all_true(bool value) = 0;
    virtual void barrier() = 0;
};

/// One process: rank 0 of 1.
class SerialComm final : public Comm {
public:
    int rank() const override { return 0; }
    int size() const override { return 1; }
    std::string broadcast(const std::string& data, int) override { return data; }
    std::vector<std::string> gather(const std::string& data, int) override { return {data}; }
    void send(const std::string&, int, int) override { no_peers(); }
    std::string recv_any(int, int&) override { no_peers(); }
    std::string recv(int, int) override { no_peers(); }
    bool serialized_threads() const override { return true; }
    bool all_true(bool value) override { return value; }
    void barrier() override {}

private:
    [[noreturn]] static void no_peers();
};

/// True when an MPI launcher started this process (mpirun/mpiexec of OpenMPI or MPICH, srun with
/// PMI/PMIx): its environment then holds the launcher's rank variables. Such a process must join
/// MPI, whatever its command, or its peers would each act as rank 0.
bool started_by_mpi_launcher();

/// Whether `sezu <args>` must start MPI: `run` always (its driver is MPI's one user), any command
/// under an MPI launcher; otherwise not, since starting MPI costs ~0.4 s (OpenMPI spawns a
/// helper daemon for a singleton) that `sezu --version` or `sezu stats` on 20 zones should not pay.
bool command_needs_mpi(int argc, const char* const* argv);

/// Initialises MPI on construction and finalises it on destruction (RAII over MPI_Init).
class MpiSession {
public:
    MpiSession(int& argc, char**& argv);
    ~MpiSession();
    MpiSession(const MpiSession&) = delete;
    MpiSession& operator=(const MpiSession&) = delete;
    /// A communicator over all ranks (a duplicate of MPI_COMM_WORLD).
    std::unique_ptr<Comm> world() const;
    /// Ends every rank at once (for errors some ranks cannot see).
    [[noreturn]] static void abort(int code);
};

} // namespace sezu

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
    bool all_true(bool value) override { return value; }
    void barrier() override {}
};

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

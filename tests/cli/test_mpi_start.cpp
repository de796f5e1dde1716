// MPI starts only for the commands that use it (issue 21 item 3): starting it costs ~0.4 s (OpenMPI
// spawns a daemon for a singleton), which `sezu --version` or `sezu stats` on 20 zones should not
// pay. `run`, and every command an MPI launcher starts, still join MPI.
#include "sezu/run/comm.hpp"

#include "test_support.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <map>
#include <optional>
#include <string>

using namespace sezu;

namespace {

const char* const kLauncherVariables[] = {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK",
                                          "PMI_SIZE"};

/// Unsets the launcher's variables for a test's lifetime and puts them back afterwards.
class WithoutLauncher {
public:
    WithoutLauncher()
    {
        for (const char* name : kLauncherVariables) {
            if (const char* v = std::getenv(name))
                m_saved[name] = v;
            unsetenv(name);
        }
    }
    ~WithoutLauncher()
    {
        for (const char* name : kLauncherVariables)
            unsetenv(name);
        for (const auto& [name, value] : m_saved)
            setenv(name.c_str(), value.c_str(), 1);
    }

private:
    std::map<std::string, std::string> m_saved;
};

bool needs_mpi(std::initializer_list<const char*> args)
{
    std::vector<const char*> argv{"sezu"};
    argv.insert(argv.end(), args);
    return command_needs_mpi(int(argv.size()), argv.data());
}

// An MPI that cannot start: OpenMPI aborts MPI_Init when asked for a messaging layer it lacks.
// A command that survives it did not start MPI.
std::string with_broken_mpi(const std::string& args)
{
    return "env -u OMPI_COMM_WORLD_SIZE -u PMIX_RANK -u PMI_RANK -u PMI_SIZE "
           "OMPI_MCA_pml=doesnotexist " + test::sezu_command(args);
}

} // namespace

TEST(MpiStart, OnlyRunOrALauncherStartsMpi)
{
    WithoutLauncher clean;
    EXPECT_FALSE(needs_mpi({}));
    EXPECT_FALSE(needs_mpi({"--version"}));
    EXPECT_FALSE(needs_mpi({"stats", "a.tif", "z.geojson"}));
    EXPECT_FALSE(needs_mpi({"info", "run"})); // "run" as an argument, not the command
    EXPECT_TRUE(needs_mpi({"run", "-c", "x.json"}));
    for (const char* name : kLauncherVariables) {
        setenv(name, "0", 1);
        EXPECT_TRUE(started_by_mpi_launcher()) << name;
        EXPECT_TRUE(needs_mpi({"stats", "a.tif", "z.geojson"})) << name;
        unsetenv(name);
    }
}

TEST(MpiStart, CommandsOtherThanRunWorkWhenMpiCannotStart)
{
    // The control: the broken MPI does stop a command that starts MPI.
    const auto run = test::run_command(with_broken_mpi("run --help"));
    ASSERT_NE(run.status, 0) << "OMPI_MCA_pml no longer breaks MPI_Init; the test proves nothing";

    const auto version = test::run_command(with_broken_mpi("--version"));
    EXPECT_EQ(version.status, 0) << version.output;
    EXPECT_NE(version.output.find("sezu "), std::string::npos) << version.output;
    EXPECT_EQ(test::run_command(with_broken_mpi("stats --help")).status, 0);
    const auto info = test::run_command(with_broken_mpi("info /nonexistent/archive.h5"));
    EXPECT_EQ(info.status, 2) << info.output;
    EXPECT_NE(info.output.find("/nonexistent/archive.h5"), std::string::npos) << info.output;
}

TEST(MpiStart, UnderALauncherEveryCommandJoinsMpiAndRankZeroSpeaks)
{
    // Two processes started by mpirun: had they not joined MPI, both would be rank 0 and print.
    test::allow_mpirun();
    const auto r = test::run_command(test::mpirun_command(2, "--version"));
    ASSERT_EQ(r.status, 0) << r.output;
    EXPECT_EQ(test::occurrences(r.output, "sezu "), 1u) << r.output;
}

#pragma once
/// A GoogleTest fixture base for the suites whose tests share one folder, made once for all of
/// them (a mirror job, an archive): the end-to-end tests of the real binary.
#include "test_support.hpp"

#include <gtest/gtest.h>

#include <string>

namespace sezu::test {

/// Base of a suite's fixture `Suite`, declared `class Suite : public SharedDirSuite<Suite>`:
/// before the suite's first test a fresh folder, s_dir, is made and `Suite::prepare(*s_dir)`
/// (a static member of Suite) fills it; after its last test the folder is removed. mpirun may
/// be started (allow_mpirun); sezu_cmd and mpirun run the binary under test (sezu_binary).
template <class Suite> class SharedDirSuite : public ::testing::Test {
protected:
    static void SetUpTestSuite() { allow_mpirun(); }
    // The folder is prepared in the first test's SetUp, not in SetUpTestSuite: GoogleTest
    // reports the tests of a suite whose SetUpTestSuite failed as skipped, which CTest counts as
    // passed. This way the first test fails with the reason, and every later one fails too.
    void SetUp() override
    {
        if (!s_dir) {
            s_dir = new TempDir();
            Suite::prepare(*s_dir);
            s_prepare_failed = HasFailure();
        } else if (s_prepare_failed) {
            FAIL() << "the suite's shared folder could not be prepared (see the first test)";
        }
    }
    static void TearDownTestSuite()
    {
        delete s_dir;
        s_dir = nullptr;
    }
    /// Runs `sezu ARGS`.
    static CommandResult sezu_cmd(const std::string& args)
    {
        return run_command(sezu_command(args));
    }
    /// Runs `mpiexec -n RANKS sezu ARGS`.
    static CommandResult mpirun(int ranks, const std::string& args)
    {
        return run_command(mpirun_command(ranks, args));
    }
    /// The job file write_mirror_job writes into the folder.
    static std::string job() { return s_dir->file("job.json"); }

    static TempDir* s_dir;
    static bool s_prepare_failed;
};

template <class Suite> TempDir* SharedDirSuite<Suite>::s_dir = nullptr;
template <class Suite> bool SharedDirSuite<Suite>::s_prepare_failed = false;

} // namespace sezu::test

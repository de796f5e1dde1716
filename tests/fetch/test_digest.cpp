// SHA-256 taken incrementally, and remembered on a file only while the file is unchanged.
#include "sezu/fetch/digest.hpp"

#include "test_support.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

using namespace sezu;

TEST(Digest, KnownVectorsInPieces)
{
    Sha256 d;
    d.update("a", 1);
    d.update("bc", 2);
    EXPECT_EQ(d.bytes(), 3);
    EXPECT_EQ(d.hex(), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    d.reset();
    EXPECT_EQ(d.bytes(), 0);
    EXPECT_EQ(d.hex(), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(Digest, RememberedOnlyWhileTheFileIsUnchanged)
{
    test::TempDir dir;
    const std::string path = dir.file("a.tgz");
    std::ofstream(path) << "abc";
    EXPECT_FALSE(remembered_sha256(path));
    const std::string hex = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
    remember_sha256(path, hex);
    const auto back = remembered_sha256(path);
    if (!back)
        GTEST_SKIP() << "this file system keeps no user extended attributes";
    EXPECT_EQ(*back, hex);
    // The file changes (size and time): the remembered digest no longer holds.
    std::ofstream(path, std::ios::app) << "d";
    EXPECT_FALSE(remembered_sha256(path));
    // A file put in its place by rename (as the cache does) starts with nothing remembered.
    remember_sha256(path, hex);
    std::ofstream(dir.file("b.tgz")) << "abc";
    std::filesystem::rename(dir.file("b.tgz"), path);
    EXPECT_FALSE(remembered_sha256(path));
    EXPECT_FALSE(remembered_sha256(dir.file("missing.tgz")));
}

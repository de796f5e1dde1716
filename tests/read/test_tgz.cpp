// The .tgz reader and writer: round trips, member selection, corrupt / truncated / hostile
// archives (tar bytes crafted here by hand), and archives made by the system's tar.
#include "sezu/core/error.hpp"
#include "sezu/read/tar_reader.hpp"
#include "sezu/read/tgz_writer.hpp"

#include "test_support.hpp"

#include <gtest/gtest.h>
#include <zlib.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>

using namespace sezu;
namespace fs = std::filesystem;

namespace {

void write_bytes(const std::string& path, const std::string& bytes)
{
    std::ofstream(path, std::ios::binary).write(bytes.data(), std::streamsize(bytes.size()));
}

std::vector<std::string> dir_names(const std::string& dir)
{
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(dir))
        out.push_back(e.path().filename().string());
    std::sort(out.begin(), out.end());
    return out;
}

/// A ustar header built here independently of the writer (POSIX layout, by hand).
std::string tar_header(const std::string& name, char type, std::size_t size,
                       const std::string& prefix = "", const std::string& link = "")
{
    std::string h(512, '\0');
    std::memcpy(&h[0], name.data(), std::min<std::size_t>(100, name.size()));
    std::snprintf(&h[100], 8, "%07o", 0644u);
    std::snprintf(&h[108], 8, "%07o", 0u);
    std::snprintf(&h[116], 8, "%07o", 0u);
    std::snprintf(&h[124], 12, "%011zo", size);
    std::snprintf(&h[136], 12, "%011o", 0u);
    h[156] = type;
    std::memcpy(&h[157], link.data(), std::min<std::size_t>(100, link.size()));
    std::memcpy(&h[257], "ustar", 6);
    h[263] = '0';
    h[264] = '0';
    std::memcpy(&h[345], prefix.data(), std::min<std::size_t>(155, prefix.size()));
    unsigned sum = 0;
    for (int i = 0; i < 512; ++i)
        sum += (i >= 148 && i < 156) ? 32u : static_cast<unsigned char>(h[std::size_t(i)]);
    std::snprintf(&h[148], 8, "%06o", sum);
    h[155] = ' ';
    return h;
}

std::string padded(const std::string& data)
{
    return data + std::string((512 - data.size() % 512) % 512, '\0');
}

std::string tar_member(const std::string& name, const std::string& data, char type = '0',
                       const std::string& prefix = "", const std::string& link = "")
{
    return tar_header(name, type, data.size(), prefix, link) + padded(data);
}

std::string tar_end()
{
    return std::string(1024, '\0');
}

/// gzip (zlib with the gzip wrapper) of raw bytes.
std::string gzip(const std::string& raw)
{
    z_stream zs{};
    EXPECT_EQ(deflateInit2(&zs, 6, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY), Z_OK);
    std::string out(deflateBound(&zs, uLong(raw.size())) + 64, '\0');
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(raw.data()));
    zs.avail_in = uInt(raw.size());
    zs.next_out = reinterpret_cast<Bytef*>(&out[0]);
    zs.avail_out = uInt(out.size());
    EXPECT_EQ(deflate(&zs, Z_FINISH), Z_STREAM_END);
    out.resize(zs.total_out);
    deflateEnd(&zs);
    return out;
}

MemberSelector select_all()
{
    return [](const std::string& name) -> std::optional<std::string> {
        std::string base = name.substr(name.find_last_of('/') + 1);
        return base.empty() ? std::nullopt : std::optional<std::string>(base);
    };
}

const std::string kLongDir = "./" + std::string(120, 'd');
const std::string kLongName = kLongDir + "/long_member.avg_rade9h.tif";

/// Writes an archive with four members (one empty, one with a > 100 character name).
std::map<std::string, std::string> write_sample(const std::string& path)
{
    std::map<std::string, std::string> members = {
        {"./a.avg_rade9h.tif", test::pattern_bytes(100000, 1)},
        {"./empty.txt", ""},
        {"./exact.cf_cvg.tif", test::pattern_bytes(1024, 2)},
        {kLongName, test::pattern_bytes(513, 3)},
    };
    TgzWriter w(path, 6);
    w.set_mtime(1500000000);
    for (const auto& [name, data] : members)
        w.add_file(name, data.data(), data.size());
    w.close();
    return members;
}

} // namespace

TEST(Tgz, RoundTripIsByteIdentical)
{
    test::TempDir dir;
    const std::string tgz = dir.file("x.tgz");
    const auto members = write_sample(tgz);

    std::vector<std::string> expected_names;
    for (const auto& kv : members)
        expected_names.push_back(kv.first);
    EXPECT_EQ(list_members(tgz), expected_names);  // the map's order is the order added

    int n = 0;
    std::map<std::string, std::string> out_name;
    auto select = [&](const std::string& name) -> std::optional<std::string> {
        out_name[name] = "m" + std::to_string(n++);
        return out_name[name];
    };
    const auto got = extract_members(tgz, select, dir.file("out"));
    ASSERT_EQ(got.size(), 4u);
    for (const auto& m : got) {
        ASSERT_TRUE(members.count(m.member_name)) << m.member_name;
        EXPECT_EQ(m.path, dir.file("out") + "/" + out_name[m.member_name]);
        EXPECT_EQ(m.size, members.at(m.member_name).size());
        EXPECT_EQ(test::read_text(m.path), members.at(m.member_name)) << m.member_name;
    }
    EXPECT_EQ(dir_names(dir.file("out")), (std::vector<std::string>{"m0", "m1", "m2", "m3"}));
}

TEST(Tgz, SystemToolsReadWhatWeWrite)
{
    test::TempDir dir;
    const std::string tgz = dir.file("x.tgz");
    const auto members = write_sample(tgz);
    EXPECT_EQ(test::run_command("gzip -t " + tgz).status, 0);
    const auto listed = test::run_command("tar tzf " + tgz);
    ASSERT_EQ(listed.status, 0) << listed.output;
    // The long name round-trips through the ustar prefix field as GNU tar reads it.
    EXPECT_NE(listed.output.find(kLongName + "\n"), std::string::npos) << listed.output;
    EXPECT_NE(listed.output.find("./a.avg_rade9h.tif\n"), std::string::npos);
    fs::create_directories(dir.file("sys"));
    const auto x = test::run_command("tar xzf " + tgz + " -C " + dir.file("sys"));
    ASSERT_EQ(x.status, 0) << x.output;
    EXPECT_EQ(test::read_text(dir.file("sys/a.avg_rade9h.tif")), members.at("./a.avg_rade9h.tif"));
    EXPECT_EQ(test::read_text(dir.file("sys/" + kLongName)), members.at(kLongName));
    // Every archive ends with a whole number of blocks plus the two zero blocks.
    const auto raw = test::run_command("gzip -dc " + tgz + " | wc -c");
    const long size = std::stol(raw.output);
    EXPECT_EQ(size % 512, 0);
    EXPECT_EQ(size, 4 * 512 + 100352 + 0 + 1024 + 1024 + 1024);
}

TEST(Tgz, OnlySelectedMembersAreWritten)
{
    test::TempDir dir;
    const std::string tgz = dir.file("x.tgz");
    const auto members = write_sample(tgz);
    std::vector<std::string> seen;
    auto select = [&](const std::string& name) -> std::optional<std::string> {
        seen.push_back(name);
        if (name == "./exact.cf_cvg.tif")
            return std::string("T.cf_cvg.tif");
        return std::nullopt;
    };
    const auto got = extract_members(tgz, select, dir.path());
    ASSERT_EQ(got.size(), 1u);
    EXPECT_EQ(got[0].member_name, "./exact.cf_cvg.tif");
    EXPECT_EQ(got[0].size, 1024u);
    EXPECT_EQ(test::read_text(dir.file("T.cf_cvg.tif")), members.at("./exact.cf_cvg.tif"));
    EXPECT_EQ(dir_names(dir.path()), (std::vector<std::string>{"T.cf_cvg.tif", "x.tgz"}));
    EXPECT_EQ(seen.size(), 4u);  // the selector is asked about every member
}

TEST(Tgz, CorruptByteIsADataError)
{
    test::TempDir dir;
    const std::string tgz = dir.file("x.tgz");
    write_sample(tgz);
    std::string bytes = test::read_text(tgz);
    bytes[bytes.size() / 2] = char(bytes[bytes.size() / 2] ^ 0x5a);
    write_bytes(tgz, bytes);
    fs::create_directories(dir.file("out"));
    EXPECT_THROW(extract_members(tgz, select_all(), dir.file("out")), DataError);
    EXPECT_TRUE(dir_names(dir.file("out")).empty());
}

TEST(Tgz, TruncatedArchiveIsADataErrorAndLeavesNoOutput)
{
    test::TempDir dir;
    const std::string tgz = dir.file("x.tgz");
    write_sample(tgz);
    const std::string bytes = test::read_text(tgz);
    // Cut in the middle, and cut only the 8-byte trailer (all data inflates, the CRC is missing).
    for (std::size_t keep : {bytes.size() / 2, bytes.size() - 8, bytes.size() - 1}) {
        SCOPED_TRACE(keep);
        write_bytes(tgz, bytes.substr(0, keep));
        fs::create_directories(dir.file("out"));
        try {
            extract_members(tgz, select_all(), dir.file("out"));
            ADD_FAILURE() << "no error";
        } catch (const DataError& e) {
            EXPECT_NE(std::string(e.what()).find("truncated archive " + tgz), std::string::npos)
                << e.what();
        }
        EXPECT_TRUE(dir_names(dir.file("out")).empty());
        EXPECT_THROW(list_members(tgz), DataError);
    }
    write_bytes(tgz, "");
    EXPECT_THROW(list_members(tgz), DataError);
    EXPECT_THROW(list_members(dir.file("missing.tgz")), DataError);
}

TEST(Tgz, HostileMembersAreRefusedWhenSelected)
{
    test::TempDir dir;
    const std::string good = tar_member("./good.tif", "fine");
    struct Case {
        std::string name;
        std::string tar;
    };
    const std::vector<Case> cases = {
        {"dotdot", tar_member("../evil.tif", "x")},
        {"inner dotdot", tar_member("./a/../../evil.tif", "x")},
        {"absolute", tar_member("/abs.tif", "x")},
        {"symlink", tar_member("./link.tif", "", '2', "", "/etc/passwd")},
        {"hardlink", tar_member("./hard.tif", "", '1', "", "./good.tif")},
        {"directory", tar_member("./dir.tif/", "", '5')},
        {"char device", tar_member("./dev.tif", "", '3')},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        const std::string tgz = dir.file("h.tgz");
        write_bytes(tgz, gzip(good + c.tar + tar_end()));
        const std::string out = dir.file("out-" + std::to_string(&c - cases.data()));
        auto all = [](const std::string& name) -> std::optional<std::string> {
            return "out-" + std::to_string(name.size());
        };
        EXPECT_THROW(extract_members(tgz, all, out), DataError);
        // good.tif came first and was complete, but the archive failed: nothing is left.
        EXPECT_TRUE(dir_names(out).empty());
        // Not selected, the same entries are harmless and skipped.
        auto only_good = [](const std::string& name) -> std::optional<std::string> {
            return name == "./good.tif" ? std::optional<std::string>("good.tif") : std::nullopt;
        };
        const auto got = extract_members(tgz, only_good, out);
        ASSERT_EQ(got.size(), 1u);
        EXPECT_EQ(test::read_text(out + "/good.tif"), "fine");
    }
}

TEST(Tgz, BadHeaderChecksumIsADataError)
{
    test::TempDir dir;
    std::string tar = tar_member("./a.tif", "abc") + tar_end();
    tar[10] = 'Z';  // inside the name field; the stored checksum no longer matches
    write_bytes(dir.file("c.tgz"), gzip(tar));
    EXPECT_THROW(list_members(dir.file("c.tgz")), DataError);
}

TEST(Tgz, TarStreamEndingInsideAMemberIsTruncated)
{
    test::TempDir dir;
    // A valid gzip stream whose tar content stops in the middle of a member's data.
    const std::string tar = tar_member("./a.tif", std::string(2000, 'a')).substr(0, 512 + 700);
    write_bytes(dir.file("t.tgz"), gzip(tar));
    try {
        extract_members(dir.file("t.tgz"), select_all(), dir.file("out"));
        ADD_FAILURE() << "no error";
    } catch (const DataError& e) {
        EXPECT_NE(std::string(e.what()).find("truncated"), std::string::npos) << e.what();
    }
    EXPECT_TRUE(dir_names(dir.file("out")).empty());
}

TEST(Tgz, PrefixPaxAndGnuLongNamesAreRead)
{
    test::TempDir dir;
    const std::string prefix = "./" + std::string(130, 'p');
    const std::string pax_name = "./" + std::string(200, 'x') + ".avg_rade9h.tif";
    std::string record = " path=" + pax_name + "\n";
    // The length counts itself: find the fixed point.
    std::string rec;
    for (std::size_t len = record.size() + 1; len < record.size() + 5; ++len) {
        rec = std::to_string(len) + record;
        if (rec.size() == len)
            break;
    }
    const std::string gnu_name = "./" + std::string(150, 'g') + ".cf_cvg.tif";
    const std::string tar = tar_member("in_prefix.tif", "P", '0', prefix) +
                            tar_member("./PaxHeaders/x", rec, 'x') +
                            tar_member("./name-replaced-by-pax", "X") +
                            tar_member("././@LongLink", gnu_name + std::string(1, '\0'), 'L') +
                            tar_member("./short", "G") + tar_end();
    write_bytes(dir.file("n.tgz"), gzip(tar));
    EXPECT_EQ(list_members(dir.file("n.tgz")),
              (std::vector<std::string>{prefix + "/in_prefix.tif", pax_name, gnu_name}));
    const auto got = extract_members(dir.file("n.tgz"), select_all(), dir.file("out"));
    ASSERT_EQ(got.size(), 3u);
    EXPECT_EQ(test::read_text(got[1].path), "X");
    EXPECT_EQ(test::read_text(got[2].path), "G");
}

TEST(Tgz, ConcatenatedGzipMembersAreOneArchive)
{
    test::TempDir dir;
    const std::string part1 = tar_member("./a.tif", test::pattern_bytes(3000, 4));
    const std::string part2 = tar_member("./b.tif", "bee") + tar_end();
    write_bytes(dir.file("c.tgz"), gzip(part1) + gzip(part2));
    EXPECT_EQ(list_members(dir.file("c.tgz")), (std::vector<std::string>{"./a.tif", "./b.tif"}));
    // Junk after the stream is not silently accepted.
    write_bytes(dir.file("j.tgz"), gzip(part1 + part2) + "junk");
    EXPECT_THROW(list_members(dir.file("j.tgz")), DataError);
}

TEST(Tgz, ArchivesFromSystemTarAreReadable)
{
    test::TempDir dir;
    fs::create_directories(dir.file("src/sub"));
    const std::string long_file = std::string(110, 'L') + ".avg_rade9h.tif";
    write_bytes(dir.file("src/stem.avg_rade9h.tif"), test::pattern_bytes(70000, 5));
    write_bytes(dir.file("src/stem.cf_cvg.tif"), test::pattern_bytes(9, 6));
    write_bytes(dir.file("src/sub/" + long_file), test::pattern_bytes(600, 7));
    for (const std::string format : {"gnu", "pax", "ustar"}) {
        SCOPED_TRACE(format);
        const std::string tgz = dir.file(format + ".tgz");
        const std::string files =
            format == "ustar" ? "./stem.avg_rade9h.tif ./stem.cf_cvg.tif"
                              : "./stem.avg_rade9h.tif ./stem.cf_cvg.tif ./sub/" + long_file;
        const auto made = test::run_command("tar --format=" + format + " -czf " + tgz + " -C " +
                                            dir.file("src") + " " + files);
        ASSERT_EQ(made.status, 0) << made.output;
        auto select = [](const std::string& name) -> std::optional<std::string> {
            const std::string base = name.substr(name.find_last_of('/') + 1);
            if (base.find(".tif") == std::string::npos)
                return std::nullopt;
            return base;
        };
        const std::string out = dir.file("out-" + format);
        const auto got = extract_members(tgz, select, out);
        ASSERT_EQ(got.size(), format == "ustar" ? 2u : 3u);
        EXPECT_EQ(got[0].member_name, "./stem.avg_rade9h.tif");
        EXPECT_EQ(test::read_text(out + "/stem.avg_rade9h.tif"), test::pattern_bytes(70000, 5));
        EXPECT_EQ(test::read_text(out + "/stem.cf_cvg.tif"), test::pattern_bytes(9, 6));
        if (format != "ustar") {
            EXPECT_EQ(got[2].member_name, "./sub/" + long_file);
            EXPECT_EQ(test::read_text(out + "/" + long_file), test::pattern_bytes(600, 7));
        }
    }
}

TEST(Tgz, WriterStreamsFromAFileAndRemovesUnfinishedArchives)
{
    test::TempDir dir;
    const std::string data = test::pattern_bytes(5 << 20, 8);  // larger than one 4 MiB slice
    write_bytes(dir.file("big.bin"), data);
    {
        TgzWriter w(dir.file("f.tgz"));
        w.add_file_from_path("./big.bin", dir.file("big.bin"));
        w.close();
    }
    const auto got = extract_members(dir.file("f.tgz"), select_all(), dir.file("out"));
    ASSERT_EQ(got.size(), 1u);
    EXPECT_EQ(test::read_text(got[0].path), data);
    {
        TgzWriter w(dir.file("unfinished.tgz"));
        w.add_file("./x", "x", 1);
    }
    EXPECT_FALSE(fs::exists(dir.file("unfinished.tgz")));
    EXPECT_THROW(TgzWriter(dir.file("nodir/x.tgz")), DataError);
    TgzWriter w(dir.file("long.tgz"));
    EXPECT_THROW(w.add_file(std::string(150, 'n'), "", 0), DataError);
}

// The tar reader (libarchive over our ISA-L gunzip) on archives made by GNU tar: pax and GNU
// long names read right, and members that must never be taken out of an archive (links, "../",
// absolute names) refused, while the same members are harmless when not selected.
#include "sezu/core/error.hpp"
#include "sezu/read/tar_reader.hpp"

#include "error_message.hpp"
#include "test_support.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>

using namespace sezu;
namespace fs = std::filesystem;

namespace {

/// Files under DIR/src, and archives of them made by the system's tar.
class TarFixture {
public:
    TarFixture() { fs::create_directories(m_dir.file("src")); }

    void add(const std::string& name, const std::string& bytes)
    {
        const fs::path path = m_dir.file("src/" + name);
        fs::create_directories(path.parent_path());
        std::ofstream(path, std::ios::binary).write(bytes.data(), std::streamsize(bytes.size()));
    }
    std::string src(const std::string& name) const { return m_dir.file("src/" + name); }

    /// `tar <options> -czf NAME -C DIR/src <files>`; returns the archive's path.
    std::string tar(const std::string& name, const std::string& options, const std::string& files)
    {
        const std::string tgz = m_dir.file(name);
        const auto made = test::run_command("tar " + options + " -czf " + tgz + " -C " +
                                            m_dir.file("src") + " " + files);
        EXPECT_EQ(made.status, 0) << made.output;
        return tgz;
    }
    std::string out(const std::string& name) const { return m_dir.file("out-" + name); }

private:
    test::TempDir m_dir;
};

MemberSelector by_base_name()
{
    return [](const std::string& name) -> std::optional<std::string> {
        return name.substr(name.find_last_of('/') + 1);
    };
}

/// Takes every member offered, keeping its bytes.
struct KeepAll : MemberSink {
    std::map<std::string, std::string> members;
    std::map<std::string, std::uint64_t> sizes;
    std::string current;
    bool begin(const std::string& name, std::uint64_t size) override
    {
        current = name;
        sizes[name] = size;
        members[name];
        return true;
    }
    void data(const unsigned char* p, std::size_t n) override
    {
        members[current].append(reinterpret_cast<const char*>(p), n);
    }
    void end() override {}
};

/// Every way of reading the archive gives the same members with the same bytes.
void expect_members(const std::string& tgz, const std::map<std::string, std::string>& expected,
                    const std::string& out)
{
    std::vector<std::string> names;
    for (const auto& kv : expected)
        names.push_back(kv.first);
    std::vector<std::string> listed = list_members(tgz);
    std::sort(listed.begin(), listed.end());
    EXPECT_EQ(listed, names);

    KeepAll sink;
    std::string sha;
    stream_members(tgz, sink, &sha);
    EXPECT_EQ(sink.members, expected);
    for (const auto& kv : expected)
        EXPECT_EQ(sink.sizes[kv.first], kv.second.size()) << kv.first;
    EXPECT_EQ(sha.size(), 64u);

    const auto got = extract_members(tgz, by_base_name(), out);
    ASSERT_EQ(got.size(), expected.size());
    for (const auto& m : got) {
        EXPECT_EQ(test::read_text(m.path), expected.at(m.member_name)) << m.member_name;
        EXPECT_EQ(m.size, expected.at(m.member_name).size());
    }
}

std::string error_of(const std::function<void()>& f)
{
    return test::error_message<DataError>(f);
}

} // namespace

TEST(TarReader, PaxArchiveWithNamesOver255Characters)
{
    TarFixture t;
    // No ustar prefix split can hold these: GNU tar writes pax "path" records.
    const std::string deep =
        std::string(120, 'a') + "/" + std::string(130, 'b') + ".avg_rade9h.tif";
    const std::string wide = std::string(180, 'w') + ".cf_cvg.tif";
    t.add(deep, test::pattern_bytes(70000, 1));
    t.add(wide, test::pattern_bytes(5000, 2));
    t.add("short.txt", "s");
    const std::string tgz = t.tar("pax.tgz", "--format=pax", deep + " " + wide + " short.txt");
    EXPECT_NE(test::run_command("gzip -dc " + tgz + " | grep -c path=").output, "0\n");
    expect_members(tgz,
                   {{deep, test::pattern_bytes(70000, 1)},
                    {wide, test::pattern_bytes(5000, 2)},
                    {"short.txt", "s"}},
                   t.out("pax"));
}

TEST(TarReader, GnuArchiveWithLongNames)
{
    TarFixture t;
    const std::string wide = std::string(150, 'g') + ".avg_rade9h.tif";
    const std::string deep = std::string(90, 'd') + "/" + std::string(101, 'e') + ".cf_cvg.tif";
    t.add(wide, test::pattern_bytes(600, 3));
    t.add(deep, test::pattern_bytes(100000, 4));
    const std::string tgz = t.tar("gnu.tgz", "--format=gnu", wide + " " + deep);
    EXPECT_NE(test::run_command("gzip -dc " + tgz + " | grep -c -a LongLink").output, "0\n");
    expect_members(tgz,
                   {{wide, test::pattern_bytes(600, 3)}, {deep, test::pattern_bytes(100000, 4)}},
                   t.out("gnu"));
}

TEST(TarReader, LinkMembersAreRefusedWhenTaken)
{
    TarFixture t;
    t.add("good.tif", "fine");
    fs::create_symlink("/etc/passwd", t.src("soft.tif"));
    fs::create_hard_link(t.src("good.tif"), t.src("hard.tif"));
    for (const std::string link : {"soft.tif", "hard.tif"}) {
        SCOPED_TRACE(link);
        const std::string tgz = t.tar(link + ".tgz", "", "good.tif " + link);
        const std::string out = t.out(link);
        const std::string why = error_of([&] { extract_members(tgz, by_base_name(), out); });
        EXPECT_NE(why.find("member " + link), std::string::npos) << why;
        EXPECT_NE(why.find(link == "soft.tif" ? "a symbolic link" : "a hard link"),
                  std::string::npos)
            << why;
        EXPECT_TRUE(test::list_dir(out).empty()); // good.tif came first, but nothing is kept
        KeepAll sink;
        EXPECT_NE(error_of([&] { stream_members(tgz, sink); }).find("refusing"), std::string::npos);
        EXPECT_TRUE(sink.members.count("./" + link) == 0 || sink.members["./" + link].empty());

        // Not selected, the link is skipped and the rest is read.
        auto only_good = [](const std::string& name) -> std::optional<std::string> {
            return name == "good.tif" ? std::optional<std::string>("good.tif") : std::nullopt;
        };
        const auto got = extract_members(tgz, only_good, out);
        ASSERT_EQ(got.size(), 1u);
        EXPECT_EQ(test::read_text(out + "/good.tif"), "fine");
        EXPECT_EQ(list_members(tgz), (std::vector<std::string>{"good.tif", link}));
    }
}

TEST(TarReader, NamesLeavingTheFolderAreRefused)
{
    TarFixture t;
    t.add("good.tif", "fine");
    // -P keeps what GNU tar would otherwise strip: "../good.tif" and "/.../good.tif".
    const std::string up = t.tar("up.tgz", "-P --transform=s,^,../,", "good.tif");
    EXPECT_EQ(list_members(up), std::vector<std::string>{"../good.tif"});
    std::string why = error_of([&] { extract_members(up, by_base_name(), t.out("up")); });
    EXPECT_NE(why.find("'../good.tif'"), std::string::npos) << why;
    EXPECT_NE(why.find("contains '..'"), std::string::npos) << why;
    KeepAll sink;
    EXPECT_NE(error_of([&] { stream_members(up, sink); }).find("refusing"), std::string::npos);
    EXPECT_TRUE(sink.members.empty() || sink.members.begin()->second.empty());

    const std::string abs = t.tar("abs.tgz", "-P", t.src("good.tif"));
    EXPECT_EQ(list_members(abs), std::vector<std::string>{t.src("good.tif")});
    why = error_of([&] { extract_members(abs, by_base_name(), t.out("abs")); });
    EXPECT_NE(why.find("is absolute"), std::string::npos) << why;
    EXPECT_TRUE(test::list_dir(t.out("up")).empty());
    EXPECT_TRUE(test::list_dir(t.out("abs")).empty());
}

// The mirror's tree: its source template, the listings as Apache writes them (archives and
// decoys), a second run that changes nothing, equal seeds that give equal bytes, and files
// written whole even when the disk fills.
#include "mirror_fixture.hpp"

#include "sezu/core/error.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <regex>
#include <set>

using namespace sezu;
using namespace sezu::test;
namespace fs = std::filesystem;

namespace {

std::vector<std::string> hrefs(const std::string& html)
{
    static const std::regex href(R"(href="([^"]*)\")");
    std::vector<std::string> out;
    for (auto it = std::sregex_iterator(html.begin(), html.end(), href);
         it != std::sregex_iterator(); ++it)
        out.push_back((*it)[1]);
    return out;
}

std::map<std::string, fs::file_time_type> mtimes(const std::string& root)
{
    std::map<std::string, fs::file_time_type> out;
    for (const auto& e : fs::recursive_directory_iterator(root))
        out[e.path().string()] = e.last_write_time();
    return out;
}

} // namespace

TEST_F(Mirror, SourceTemplateNamesTheTree)
{
    EXPECT_EQ(mirror_source_template(s_root),
              "file://" + fs::absolute(s_root).string() + "/{YYYY}/{YYYYMM}/{cfg}/");
    const std::string expanded =
        expand_source_template(mirror_source_template(s_root), kSep, ProductSpec{});
    EXPECT_EQ(expanded, "file://" + fs::absolute(s_root).string() + "/2017/201709/vcmcfg/");
}

TEST_F(Mirror, ListingsNameTheArchivesAndDecoys)
{
    for (const auto& m : {kSep, kOct}) {
        SCOPED_TRACE(m.to_string());
        const std::string dir = month_dir(s_root, m);
        const std::string html = test::read_text(dir + "/index.html");
        EXPECT_NE(html.find("<title>Index of /2017/" + m.to_string() + "/vcmcfg</title>"),
                  std::string::npos);
        EXPECT_NE(html.find("?C=N;O=D"), std::string::npos);
        const auto links = hrefs(html);
        std::set<std::string> files;
        for (const auto& h : links) {
            if (h.rfind("?C=", 0) == 0)
                continue;
            if (h == "/2017/" + m.to_string() + "/") {  // Apache's absolute parent link
                files.insert("PARENT");
                continue;
            }
            EXPECT_TRUE(fs::is_regular_file(dir + "/" + h)) << h;
            files.insert(h);
        }
        std::set<std::string> expected = {"PARENT", "README.txt"};
        for (const auto& t : tile_specs()) {
            const std::string name = archive_name(m, t);
            expected.insert(name);
            expected.insert(name.substr(0, name.size() - 4) + ".avg_rade9h.png");
        }
        if (m == kSep)
            expected.insert(archive_name(m, tile_specs()[0], true));
        EXPECT_EQ(files, expected);
        // The previews are real PNG files.
        for (const auto& f : files)
            if (f.size() > 4 && f.compare(f.size() - 4, 4, ".png") == 0) {
                EXPECT_EQ(read_bytes(dir + "/" + f).substr(1, 3), "PNG");
            }
        // Sizes are listed as Apache shows them, dates from the stamp.
        const std::string name0 = archive_name(m, tile_specs()[0]);
        EXPECT_NE(html.find(">" + name0 + "</a>"), std::string::npos);
    }
    EXPECT_NE(test::read_text(s_root + "/index.html").find("href=\"2017/\""), std::string::npos);
    const auto year = hrefs(test::read_text(s_root + "/2017/index.html"));
    EXPECT_NE(std::find(year.begin(), year.end(), "201709/"), year.end());
    EXPECT_NE(std::find(year.begin(), year.end(), "201710/"), year.end());
    const auto month = hrefs(test::read_text(s_root + "/2017/201709/index.html"));
    EXPECT_NE(std::find(month.begin(), month.end(), "vcmcfg/"), month.end());
    // No temporary files are left behind.
    for (const auto& e : fs::recursive_directory_iterator(s_root))
        EXPECT_NE(e.path().filename().string().front(), '.') << e.path();
}

TEST_F(Mirror, SecondRunIsANoOp)
{
    const auto before = mtimes(s_root);
    MirrorOptions o;
    o.out_dir = s_root;
    o.months = {kSep, kOct};
    o.model = default_model(kScale);
    write_mirror(o);
    EXPECT_EQ(mtimes(s_root), before);
}

TEST_F(Mirror, EqualSeedsGiveIdenticalBytes)
{
    test::TempDir other;
    MirrorOptions o;
    o.out_dir = other.file("m");
    o.months = {kOct};
    o.model = default_model(kScale);
    write_mirror(o);
    for (const auto& e : fs::directory_iterator(month_dir(o.out_dir, kOct)))
        EXPECT_EQ(read_bytes(e.path().string()),
                  read_bytes(month_dir(s_root, kOct) + "/" + e.path().filename().string()))
            << e.path();
    o.out_dir = other.file("seed2");
    o.model = default_model(kScale, 2);
    write_mirror(o);
    const std::string name = archive_name(kOct, tile_specs()[4]);
    EXPECT_NE(read_bytes(month_dir(o.out_dir, kOct) + "/" + name),
              read_bytes(month_dir(s_root, kOct) + "/" + name));
}

// Every file of the tree is written through a TempFile: on a disk that fills, the error says
// which file system is full, and neither a temporary nor a half archive is left (a later run
// would take a half archive for a complete one and skip its month).
TEST(MirrorFiles, AFullDiskSaysSoAndLeavesNoHalfFile)
{
    test::TempDir dir;
    const std::string disk = dir.file("disk");
    fs::create_directories(disk);
    // 128 kB: less than any tile archive at this scale (about 200 kB each).
    const auto left = on_small_disk(disk, 128, [&] {
        MirrorOptions o;
        o.out_dir = disk + "/m";
        o.months = {kOct};
        o.model = default_model(kScale);
        std::string message = "no error";
        try {
            write_mirror(o);
        } catch (const DataError& e) {
            message = e.what();
        }
        for (const auto& e : fs::recursive_directory_iterator(disk))
            if (!e.is_directory())
                message += "\nleft: " + e.path().string();
        return message;
    });
    ASSERT_TRUE(left) << "cannot mount a small tmpfs in a private mount namespace (it needs "
                         "user namespaces, as `unshare -rm`)";
    const std::string first = month_dir(disk + "/m", kOct) + "/" +
                              archive_name(kOct, tile_specs()[0]);
    EXPECT_EQ(*left, "mirror: no space left on " + disk + " while writing the file " + first +
                         "; no file was written. Free some space there (or write elsewhere) "
                         "and run again");
}

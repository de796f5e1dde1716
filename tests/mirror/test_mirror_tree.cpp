// The mirror's tree: its source template, the listings as Apache writes them (archives and
// decoys), a second run that changes nothing, equal seeds that give equal bytes, and files
// written whole even when the disk fills.
#include "mirror_fixture.hpp"

#include "sezu/core/error.hpp"
#include "sezu/discover/listing.hpp"

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

/// The rows of an Apaxy-themed listing: what lies inside <table id="indexlist">.
std::string index_table(const std::string& html)
{
    const auto begin = html.find("<table id=\"indexlist\">");
    const auto end = html.find("</table>", begin);
    return begin == std::string::npos || end == std::string::npos
               ? std::string()
               : html.substr(begin, end - begin);
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
              "file://" + fs::absolute(s_root).string() + "/{YYYY}/{YYYYMM}/{satfolder}{cfg}/");
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
        // EOG's Apaxy theme: the table Apache writes with a style sheet, in the theme's page.
        const std::string table = index_table(html);
        ASSERT_FALSE(table.empty()) << html;
        EXPECT_NE(table.find("<a href=\"?C=N;O=D\">Name</a>"), std::string::npos);
        EXPECT_NE(html.find("/theme/style.css"), std::string::npos);
        EXPECT_NE(html.find("https://github.com/oupala/apaxy"), std::string::npos);
        const auto links = hrefs(table);
        std::set<std::string> files;
        std::map<std::string, int> times_linked;
        for (const auto& h : links) {
            ++times_linked[h];
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
        for (const auto& [h, n] : times_linked) // the icon and the name
            EXPECT_EQ(n, h.rfind("?C=", 0) == 0 ? 1 : 2) << h;
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

// Discovery reads the mirror's Apaxy pages as EOG's: the folder's files, each once, and none of
// the theme's links around the table.
TEST_F(Mirror, ItsListingsReadAsTheFolderFiles)
{
    const std::string dir = month_dir(s_root, kSep);
    const std::string url = "file://" + fs::absolute(dir).string() + "/";
    std::set<std::string> names;
    for (const auto& e : parse_listing(test::read_text(dir + "/index.html"), url)) {
        EXPECT_EQ(e.url, url + e.name);
        EXPECT_TRUE(names.insert(e.name).second) << e.name << " listed twice";
    }
    std::set<std::string> on_disk;
    for (const auto& e : fs::directory_iterator(dir))
        if (e.path().filename() != "index.html")
            on_disk.insert(e.path().filename().string());
    EXPECT_EQ(names, on_disk);
}

TEST(MirrorMonthFiles, EogsPartialJulyAndNoaa20sAugust)
{
    const ProductSpec npp;
    ProductSpec j01;
    j01.satellite = "j01";
    ProductSpec slc;
    slc.configuration = "vcmslcfg";
    EXPECT_EQ(mirror_month_files(YearMonth(2022, 7), npp),
              (MirrorMonthFiles{npp, "20220701", "20220726", "2022/202207/vcmcfg"}));
    EXPECT_EQ(mirror_month_files(YearMonth(2022, 8), npp),
              (MirrorMonthFiles{j01, "20220801", "20220831", "2022/202208/NOAA-20/vcmcfg"}));
    EXPECT_EQ(mirror_month_files(YearMonth(2022, 8), j01),
              (MirrorMonthFiles{j01, "20220801", "20220831", "2022/202208/NOAA-20/vcmcfg"}));
    EXPECT_EQ(mirror_month_files(YearMonth(2022, 7), j01),
              (MirrorMonthFiles{j01, "20220701", "20220731", "2022/202207/NOAA-20/vcmcfg"}));
    EXPECT_EQ(mirror_month_files(YearMonth(2017, 9), slc),
              (MirrorMonthFiles{slc, "20170901", "20170930", "2017/201709/vcmslcfg"}));
}

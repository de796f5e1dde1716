// Where secrets go: the bearer token only to the source's origin (scheme, host, port), never to
// another server a listing links to; no file:// (or other non-http) link from a server's
// listing; credentials written in the source URL never in a message, a log line, the discover
// output or the archive.
#include "sezu/core/error.hpp"
#include "sezu/fetch/fetch.hpp"
#include "sezu/discover/discover_report.hpp"
#include "sezu/core/log.hpp"
#include "sezu/fetch/origin.hpp"
#include "sezu/core/redact.hpp"

#include "fetch_support.hpp"

#include <gtest/gtest.h>

#include <iostream>

namespace fs = std::filesystem;

namespace sezu {
namespace {

using namespace fetch_test;

const std::string kToken = "eyJ0.T0KEN-for-the-source.sig";

// ---------------------------------------------------------------------------------------------
// Origins and redaction (pure)

TEST(UrlOrigin, SchemeHostAndPortWithDefaults)
{
    const auto eog = url_origin("HTTPS://EOGdata.mines.edu/nighttime_light/x.tgz?a=1");
    ASSERT_TRUE(eog);
    EXPECT_EQ(*eog, (UrlOrigin{"https", "eogdata.mines.edu", 443}));
    EXPECT_EQ(eog->to_string(), "https://eogdata.mines.edu:443");
    EXPECT_EQ(*url_origin("http://h:80/a"), *url_origin("http://h/b"));
    EXPECT_NE(*url_origin("http://h:8080/"), *url_origin("http://h/"));
    EXPECT_NE(*url_origin("https://h/"), *url_origin("http://h/"));
    EXPECT_NE(*url_origin("http://h.evil/"), *url_origin("http://h/"));
    EXPECT_EQ(*url_origin("http://user:pw@h/x"), *url_origin("http://h/"));
    EXPECT_EQ(url_origin("file:///tmp/x")->scheme, "file");
    EXPECT_FALSE(url_origin("not a url"));
    EXPECT_FALSE(url_origin("/relative/path"));
    EXPECT_EQ(*source_origin("eog"), (UrlOrigin{"https", "eogdata.mines.edu", 443}));
    EXPECT_EQ(*source_origin("http://127.0.0.1:8000/{YYYY}/{YYYYMM}/{cfg}/"),
              (UrlOrigin{"http", "127.0.0.1", 8000}));
    EXPECT_TRUE(is_http_url("HTTP://h/"));
    EXPECT_FALSE(is_http_url("file:///h/"));
    EXPECT_FALSE(is_http_url("ftp://h/"));
}

TEST(RedactUrl, MasksCredentialsAndTokenLikeQueryValues)
{
    EXPECT_EQ(redact_url("https://h/x.tgz?token=abc&y=1&X-Amz-Signature=zz;key=k#frag"),
              "https://h/x.tgz?token=***&y=1&X-Amz-Signature=***;key=***#frag");
    EXPECT_EQ(redact_url("see http://u:p@h:81/a?access_token=t and https://h/?page=2"),
              "see http://***@h:81/a?access_token=*** and https://h/?page=2");
    EXPECT_EQ(redact_url("\"source\":\"http://u:p@h/{YYYY}/?apikey=9\""),
              "\"source\":\"http://***@h/{YYYY}/?apikey=***\"");
    const std::string once = redact_url("http://a:b@h/?password=x");
    EXPECT_EQ(redact_url(once), once);
}

TEST(RedactUrl, ErrorsAndLogLinesAreRedactedWhereverTheyComeFrom)
{
    const FetchError e("fetch: HTTP 500 for http://user:pa55@h/x?token=s3cr3t (201905)");
    EXPECT_EQ(std::string(e.what()), "fetch: HTTP 500 for http://***@h/x?token=*** (201905)");
    std::ostringstream captured;
    auto* old = std::cerr.rdbuf(captured.rdbuf());
    log::warn("listing http://user:pa55@h/ is slow");
    std::cerr.rdbuf(old);
    EXPECT_EQ(captured.str().find("pa55"), std::string::npos) << captured.str();
    EXPECT_NE(captured.str().find("http://***@h/"), std::string::npos) << captured.str();
}

// ---------------------------------------------------------------------------------------------
// The token over real connections

/// The month on `source` (all tiles relative, except `moved`, linked absolutely to `other`).
void write_listing(const std::string& root, const std::string& moved, const std::string& link)
{
    std::string index = "<html><body>\n";
    for (const auto& t : tile_names())
        index += "<a href=\"" + (t == moved ? link : name_of(t)) + "\">" + t + "</a>\n";
    write_file(root + kFolder + "index.html", index + "</body></html>\n");
}

TEST(FetchToken, GoesOnlyToTheSourceOriginNotToAnotherPortALinkLeadsTo)
{
    TempDir tmp;
    write_month(tmp.file("a"), 20000);
    write_month(tmp.file("b"), 20000);
    HttpServer source_server(tmp.file("a"));
    HttpServer other(tmp.file("b")); // same host, another port: another origin
    write_listing(tmp.file("a"), "00N060W", other.url(kFolder + name_of("00N060W")));
    FetchOptions o = quick_options(tmp.file("cache"));
    o.token = kToken;
    o.source = source_server.url(kTemplate);
    Fetcher fetcher(o);
    const DiscoveredMonth d = discover_month(fetcher, o.source, ProductSpec{}, YearMonth(2019, 5));
    ASSERT_EQ(d.availability, Availability::Complete) << d.reason;
    fetcher.fetch_tiles(d.tiles);

    ASSERT_EQ(other.count(kFolder + name_of("00N060W")), 1);
    for (const auto& r : other.requests())
        EXPECT_EQ(r.header("authorization"), "") << "the token went to " << other.url(r.path);
    EXPECT_EQ(source_server.count(kFolder + name_of("00N060W")), 0);
    for (const auto& r : source_server.requests())
        EXPECT_EQ(r.header("authorization"), "Bearer " + kToken) << r.path;
}

TEST(FetchToken, NotSentWhenTheSourceIsNotHttp)
{
    TempDir tmp;
    write_month(tmp.file("a"), 1000);
    HttpServer server(tmp.file("a"));
    FetchOptions o = quick_options(tmp.file("cache"));
    o.token = kToken;
    o.source = "file://" + tmp.file("local/{YYYY}/");
    Fetcher fetcher(o);
    fetcher.fetch_tiles({tile_ref("75N180W", server.url(kFolder))});
    ASSERT_EQ(server.requests().size(), 1u);
    EXPECT_EQ(server.requests()[0].header("authorization"), "");
}

TEST(FetchToken, RedirectToAnotherPortDropsIt)
{
    TempDir tmp;
    write_month(tmp.file("a"), 1000);
    write_month(tmp.file("b"), 1000);
    HttpServer source_server(tmp.file("a"));
    HttpServer other(tmp.file("b"));
    const std::string path = kFolder + name_of("75N060E");
    source_server.inject(path, Fault::redirect(other.url(path)));
    FetchOptions o = quick_options(tmp.file("cache"));
    o.token = kToken;
    o.source = source_server.url(kTemplate);
    Fetcher fetcher(o);
    fetcher.fetch_tiles({tile_ref("75N060E", source_server.url(kFolder))});
    ASSERT_EQ(other.count(path), 1);
    EXPECT_EQ(source_server.requests_for(path)[0].header("authorization"), "Bearer " + kToken);
    EXPECT_EQ(other.requests_for(path)[0].header("authorization"), "");
}

// ---------------------------------------------------------------------------------------------
// Links a server's listing may not lead to

TEST(FetchLinks, FileLinkInAnHttpListingIsRefused)
{
    TempDir tmp;
    write_month(tmp.file("a"), 1000);
    // A local file by the tile's name: it must never be read.
    const std::string local_file = tmp.file("secret/" + name_of("00N180W"));
    write_file(local_file, tile_bytes(1000, 99));
    write_listing(tmp.file("a"), "00N180W", "file://" + local_file);
    HttpServer server(tmp.file("a"));
    FetchOptions o = quick_options(tmp.file("cache"));
    o.source = server.url(kTemplate);
    Fetcher fetcher(o);
    const std::string msg =
        error_of([&] { discover_month(fetcher, o.source, ProductSpec{}, YearMonth(2019, 5)); });
    EXPECT_NE(msg.find("links " + name_of("00N180W") + " to file://"), std::string::npos) << msg;
    EXPECT_NE(msg.find("refused"), std::string::npos) << msg;

    // And should such a tile reach the fetcher some other way, it is refused there too.
    TileRef local = tile_ref("00N180W", server.url(kFolder));
    local.url = "file://" + local_file;
    const std::string fetch_msg = error_of([&] { fetcher.fetch_tiles({local}); });
    EXPECT_NE(fetch_msg.find("refused"), std::string::npos) << fetch_msg;
    EXPECT_TRUE(test::list_dir(tmp.file("cache")).empty());
}

TEST(FetchLinks, OtherSchemesInAnHttpListingAreRefusedToo)
{
    TempDir tmp;
    write_month(tmp.file("a"), 1000);
    write_listing(tmp.file("a"), "75N060W", "ftp://127.0.0.1/" + name_of("75N060W"));
    HttpServer server(tmp.file("a"));
    FetchOptions o = quick_options(tmp.file("cache"));
    Fetcher fetcher(o);
    const std::string msg = error_of(
        [&] { discover_month(fetcher, server.url(kTemplate), ProductSpec{}, YearMonth(2019, 5)); });
    EXPECT_NE(msg.find("to ftp://"), std::string::npos) << msg;
}

// ---------------------------------------------------------------------------------------------
// Credentials in the source URL

TEST(FetchCredentials, NeverInMessagesOrTheDiscoverOutput)
{
    TempDir tmp;
    write_month(tmp.file("a"), 1000);
    HttpServer server(tmp.file("a"));
    server.inject(kFolder, Fault::status_burst(500, -1));
    const std::string source =
        "http://user:pa55@127.0.0.1:" + std::to_string(server.port()) + kTemplate;
    FetchOptions o = quick_options(tmp.file("cache"));
    o.limits.max_attempts = 1;
    o.source = source;
    Fetcher fetcher(o);
    const auto found = discover_months(fetcher, source, ProductSpec{}, {YearMonth(2019, 5)});
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].error.find("pa55"), std::string::npos) << found[0].error;
    for (const bool json : {false, true}) {
        std::ostringstream out;
        print_discovery(out, found, json);
        EXPECT_EQ(out.str().find("pa55"), std::string::npos) << out.str();
        EXPECT_NE(out.str().find("***@127.0.0.1"), std::string::npos) << out.str();
    }
}

TEST(FetchCredentials, NeitherInTheArchiveNorInTheRunsOutput)
{
    TempDir dir;
    ASSERT_EQ(
        test::write_mirror_job(dir, {"a"}, {"POLYGON((10 10,11 10,11 11,10 11,10 10))"}).status, 0);
    HttpServer server(dir.file("mirror"));
    const std::string source =
        "http://user:pa55@127.0.0.1:" + std::to_string(server.port()) + kTemplate + "?token=t0k";
    const auto run =
        test::run_command(std::string(SEZU_BINARY) + " run -c " + dir.file("job.json") +
                          " --span-end 201708 --source '" + source + "'");
    ASSERT_EQ(run.status, 0) << run.output;
    EXPECT_EQ(run.output.find("pa55"), std::string::npos) << run.output;
    // HDF5 keeps string attributes as plain bytes: a credential stored anywhere would be here.
    const std::string archive = test::read_text(dir.file("out.h5"));
    EXPECT_NE(archive.find("http://***@127.0.0.1"), std::string::npos);
    EXPECT_EQ(archive.find("pa55"), std::string::npos);
    EXPECT_EQ(archive.find("t0k"), std::string::npos);
    const auto info = test::run_command(std::string(SEZU_BINARY) + " info " + dir.file("out.h5"));
    EXPECT_EQ(info.status, 0) << info.output;
    EXPECT_NE(info.output.find("***@127.0.0.1"), std::string::npos) << info.output;
    EXPECT_EQ(info.output.find("pa55"), std::string::npos) << info.output;
}

} // namespace
} // namespace sezu

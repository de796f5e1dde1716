// `sezu run` end to end behind a login like EOG's (support/http_login.cpp): access tokens of 1 s,
// a month whose tiles answer 503 twice (the retries wait longer than a token lives), and the
// subscriber's client in a file. The run completes with renewed tokens, and no secret (client
// secret, any token the server gave out) is in its output, the archive or the cache.
#include "sezu/archive/archive.hpp"
#include "sezu/mirror/mirror.hpp"

#include "http_server.hpp"
#include "mirror_truth.hpp"
#include "shared_dir_suite.hpp"
#include "test_support.hpp"

#include <gtest/gtest.h>

#include <sys/stat.h>

#include <filesystem>
#include <fstream>

using namespace sezu;
namespace fs = std::filesystem;

namespace {

constexpr int kScale = test::kMirrorJobScale;
const std::string kClientSecret = "E2E-client-S3cret-value";

class EndToEndLogin : public test::SharedDirSuite<EndToEndLogin> {
public:
    static void prepare(const test::TempDir& dir)
    {
        const MirrorModel model = default_model(kScale);
        const auto r = test::write_mirror_job(
            dir, {"city0"}, {test::window_wkt(model.city_window(0), kScale)});
        ASSERT_EQ(r.status, 0) << r.output;
    }
};

/// Every file under `dir` that holds `secret`.
std::vector<std::string> files_holding(const std::string& dir, const std::string& secret)
{
    std::vector<std::string> found;
    for (const auto& e : fs::recursive_directory_iterator(dir))
        if (e.is_regular_file() && test::read_text(e.path().string()).find(secret) !=
                                       std::string::npos)
            found.push_back(e.path().string());
    return found;
}

} // namespace

TEST_F(EndToEndLogin, RunOutlivesShortTokensAndKeepsEverySecretOut)
{
    test::HttpServer server(s_dir->path(), std::chrono::seconds(240));
    test::LoginAuthority authority;
    authority.client_secret = kClientSecret;
    authority.login_url = "http://localhost:" + std::to_string(server.port()) + "/login";
    server.require_login(authority);
    for (const auto& e : fs::directory_iterator(s_dir->file("mirror/2017/201709/vcmcfg")))
        if (e.path().extension() == ".tgz")
            server.inject("/mirror/2017/201709/vcmcfg/" + e.path().filename().string(),
                          test::Fault::status_burst(503, 2));
    const std::string secrets = s_dir->file("secrets");
    fs::create_directories(secrets);
    const std::string client = secrets + "/eog.client";
    std::ofstream(client) << "client_id = " << authority.client_id
                          << "\nclient_secret = " << kClientSecret << "\n";
    ::chmod(client.c_str(), 0600);

    const auto r = sezu_cmd("run -v -c " + job() + " -o " + s_dir->file("login.h5") +
                            " --source " + server.url("/mirror/{YYYY}/{YYYYMM}/{cfg}/") +
                            " --oauth-client-file " + client + " --token-endpoint " +
                            server.url(test::kTokenPath) + " --retry-wait 0.7");
    ASSERT_EQ(r.status, 0) << r.output;
    EXPECT_NE(r.output.find("3 of 3 months ok"), std::string::npos) << r.output;
    // The 503s kept a month waiting longer than a token lives: tokens were renewed.
    EXPECT_GE(server.requests_for(test::kTokenPath).size(), 3u) << r.output;
    for (const auto& req : server.requests())
        EXPECT_NE(req.status, 302) << req.path << " was sent to the login page";

    std::vector<std::string> all = server.secrets_issued();
    all.push_back(kClientSecret);
    for (const auto& secret : all) {
        EXPECT_EQ(r.output.find(secret), std::string::npos) << secret << " in the output";
        for (const auto& f : files_holding(s_dir->path(), secret))
            EXPECT_EQ(f, client) << secret << " in " << f; // only in the user's own file
    }
    const ArchiveData a = read_archive(s_dir->file("login.h5"));
    EXPECT_NE(a.provenance.config_json.find("\"oauthClientFile\":\"" + client + "\""),
              std::string::npos)
        << a.provenance.config_json;
}

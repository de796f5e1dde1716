#pragma once
// Private to the test HTTP server: small text helpers of http_server.cpp.
#include <string>

namespace sezu::test::detail {

std::string lower(std::string s);
/// "OK", "Partial Content", ... for a status code.
std::string reason(int status);
/// The Content-Type the server sends for a file, by its extension.
std::string content_type(const std::string& path);
bool read_whole(const std::string& path, std::string& out);

} // namespace sezu::test::detail

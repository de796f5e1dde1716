// The texts a login is read from: the OAuth2 client file, Netscape cookie files and the token
// endpoint's JSON answers. Pure parsers; no message ever quotes a value (they are secrets).
#include "sezu/fetch/login.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <sstream>

namespace sezu {

namespace {

std::string trim(const std::string& s)
{
    size_t a = 0;
    size_t b = s.size();
    while (a < b && std::isspace(static_cast<unsigned char>(s[a])))
        ++a;
    while (b > a && std::isspace(static_cast<unsigned char>(s[b - 1])))
        --b;
    return s.substr(a, b - a);
}

std::string lower(std::string s)
{
    for (auto& c : s)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

std::vector<std::string> split_tabs(const std::string& line)
{
    std::vector<std::string> fields;
    size_t start = 0;
    for (;;) {
        const size_t tab = line.find('\t', start);
        fields.push_back(line.substr(start, tab - start));
        if (tab == std::string::npos)
            return fields;
        start = tab + 1;
    }
}

} // namespace

std::string to_string(LoginKind kind)
{
    switch (kind) {
    case LoginKind::None:
        return "none";
    case LoginKind::Token:
        return "token";
    case LoginKind::TokenFile:
        return "token file";
    case LoginKind::OAuth2:
        return "OAuth2 client";
    case LoginKind::Cookie:
        return "browser cookie";
    }
    return "?";
}

std::ostream& operator<<(std::ostream& os, LoginKind kind)
{
    return os << to_string(kind);
}

LoginKind LoginOptions::kind() const
{
    const int files = int(!token_file.empty()) + int(!client_file.empty()) +
                      int(!cookie_file.empty());
    if (files > 1)
        throw ConfigError("login: give only one of tokenFile (--token-file), oauthClientFile "
                          "(--oauth-client-file) and cookieFile (--cookie-file)");
    if (!token_file.empty())
        return LoginKind::TokenFile;
    if (!client_file.empty())
        return LoginKind::OAuth2;
    if (!cookie_file.empty())
        return LoginKind::Cookie;
    return token.empty() ? LoginKind::None : LoginKind::Token;
}

OAuthClient parse_oauth_client(const std::string& text, const std::string& file)
{
    OAuthClient c;
    std::istringstream in(text);
    std::string line;
    for (int number = 1; std::getline(in, line); ++number) {
        const std::string t = trim(line);
        if (t.empty() || t[0] == '#')
            continue;
        const size_t eq = t.find('=');
        const std::string where = file + " line " + std::to_string(number);
        if (eq == std::string::npos)
            throw ConfigError("login: " + where + " is not `key = value` (see docs/operations.md "
                              "\"Logging in to EOG\" for the client file's format)");
        const std::string key = lower(trim(t.substr(0, eq)));
        std::string value = trim(t.substr(eq + 1));
        if (value.size() >= 2 && value.front() == '"' && value.back() == '"')
            value = value.substr(1, value.size() - 2);
        if (key == "client_id")
            c.client_id = value;
        else if (key == "client_secret")
            c.client_secret = value;
        else if (key == "username")
            c.username = value;
        else if (key == "password")
            c.password = value;
        else
            throw ConfigError("login: " + where + ": unknown key '" + key +
                              "' (known: client_id, client_secret, username, password)");
    }
    if (c.client_id.empty() || c.client_secret.empty())
        throw ConfigError("login: " + file + " needs client_id and client_secret (the client "
                          "EOG gives its subscribers)");
    if (c.username.empty() != c.password.empty())
        throw ConfigError("login: " + file + " gives " +
                          (c.username.empty() ? "a password without a username"
                                              : "a username without a password") +
                          "; give both (password grant) or neither (client credentials)");
    return c;
}

std::vector<Cookie> parse_netscape_cookies(const std::string& text, const std::string& file)
{
    static const std::string kHttpOnly = "#HttpOnly_";
    std::vector<Cookie> cookies;
    std::istringstream in(text);
    std::string line;
    for (int number = 1; std::getline(in, line); ++number) {
        if (!line.empty() && line.back() == '\r')
            line.pop_back();
        Cookie c;
        if (line.compare(0, kHttpOnly.size(), kHttpOnly) == 0) {
            c.http_only = true;
            line = line.substr(kHttpOnly.size());
        } else if (trim(line).empty() || trim(line)[0] == '#') {
            continue;
        }
        const std::vector<std::string> f = split_tabs(line);
        if (f.size() != 7)
            throw ConfigError("login: " + file + " line " + std::to_string(number) + " has " +
                              std::to_string(f.size()) +
                              " tab-separated fields, not 7: is it a cookie file in Netscape "
                              "format (as exported by a browser add-on or curl -c)?");
        c.domain = lower(f[0]);
        if (!c.domain.empty() && c.domain[0] == '.')
            c.domain.erase(0, 1);
        c.include_subdomains = lower(f[1]) == "true";
        c.path = f[2].empty() ? "/" : f[2];
        c.secure = lower(f[3]) == "true";
        try {
            c.expires = std::stoll(f[4]);
        } catch (const std::exception&) {
            throw ConfigError("login: " + file + " line " + std::to_string(number) +
                              ": the expiry is not a number of seconds");
        }
        c.name = f[5];
        c.value = f[6];
        cookies.push_back(std::move(c));
    }
    return cookies;
}

std::vector<Cookie> cookies_for_host(const std::vector<Cookie>& cookies, const std::string& host)
{
    const std::string h = lower(host);
    std::vector<Cookie> out;
    for (const auto& c : cookies) {
        const bool exact = h == c.domain;
        const bool sub = c.include_subdomains && h.size() > c.domain.size() &&
                         h.compare(h.size() - c.domain.size(), c.domain.size(), c.domain) == 0 &&
                         h[h.size() - c.domain.size() - 1] == '.';
        if (exact || sub)
            out.push_back(c);
    }
    return out;
}

TokenAnswer parse_token_answer(const std::string& json_text)
{
    const auto j = nlohmann::json::parse(json_text, nullptr, false);
    TokenAnswer a;
    if (j.is_object()) {
        auto text = [&](const char* key) {
            const auto it = j.find(key);
            return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
        };
        auto number = [&](const char* key) {
            const auto it = j.find(key);
            return it != j.end() && it->is_number() ? it->get<double>() : 0.0;
        };
        a.access_token = text("access_token");
        a.expires_in = number("expires_in");
        a.refresh_token = text("refresh_token");
        a.refresh_expires_in = number("refresh_expires_in");
    }
    if (a.access_token.empty())
        throw LoginError("login: the token endpoint's answer holds no access_token (is "
                         "tokenEndpoint an OAuth2 token endpoint?)");
    return a;
}

std::string token_error_of(const std::string& json_text)
{
    const auto j = nlohmann::json::parse(json_text, nullptr, false);
    if (!j.is_object() || !j.contains("error") || !j["error"].is_string())
        return "";
    // Only printable ASCII, and not too much of it: the text ends up in a message.
    auto clean = [](std::string s) {
        s.erase(std::remove_if(s.begin(), s.end(),
                               [](char c) { return c < 0x20 || c > 0x7e; }),
                s.end());
        return s.substr(0, 200);
    };
    std::string out = clean(j["error"].get<std::string>());
    if (j.contains("error_description") && j["error_description"].is_string())
        out += ": " + clean(j["error_description"].get<std::string>());
    return out;
}

} // namespace sezu

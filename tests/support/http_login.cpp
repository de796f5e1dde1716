// The test server's login authority: a token endpoint like Keycloak's (client credentials,
// password and refresh_token grants; RFC 6749 answers and errors) and sessions like
// mod_auth_openidc's (a cookie that ends when unused for a while), with short lifetimes.
#include "http_response.hpp"

#include "sezu/discover/url.hpp"

#include <random>
#include <sstream>

namespace sezu::test::detail {

namespace {

std::map<std::string, std::string> parse_form(const std::string& body)
{
    std::map<std::string, std::string> form;
    std::istringstream in(body);
    std::string pair;
    while (std::getline(in, pair, '&')) {
        for (auto& c : pair)
            c = c == '+' ? ' ' : c;
        const size_t eq = pair.find('=');
        if (eq != std::string::npos)
            form[url_decode(pair.substr(0, eq))] = url_decode(pair.substr(eq + 1));
    }
    return form;
}

Response json_answer(int status, const std::string& body)
{
    Response r;
    r.status = status;
    r.type = "application/json";
    r.body = body;
    return r;
}

Response oauth_error(int status, const std::string& error, const std::string& description)
{
    return json_answer(status, "{\"error\":\"" + error + "\",\"error_description\":\"" +
                                   description + "\"}");
}

/// The value of cookie `name` in a Cookie header ("a=1; b=2"), or "".
std::string cookie_value(const std::string& header, const std::string& name)
{
    std::istringstream in(header);
    std::string part;
    while (std::getline(in, part, ';')) {
        while (!part.empty() && part.front() == ' ')
            part.erase(0, 1);
        if (part.compare(0, name.size() + 1, name + "=") == 0)
            return part.substr(name.size() + 1);
    }
    return "";
}

long long seconds_of(std::chrono::milliseconds ms)
{
    return std::max<long long>(1, ms.count() / 1000);
}

} // namespace

LoginState::LoginState(LoginAuthority authority) : m_authority(std::move(authority)) {}

std::string LoginState::new_secret(const char* kind)
{
    static std::mt19937 rng(std::random_device{}());
    std::string s = std::string(kind) + "-" + std::to_string(++m_counter) + "-";
    for (int i = 0; i < 16; ++i)
        s += "0123456789abcdef"[rng() % 16];
    m_secrets.push_back(s);
    return s;
}

std::string LoginState::issue_token()
{
    const std::string t = new_secret("AccessTok");
    m_tokens[t] = Clock::now() + m_authority.token_lifetime;
    return t;
}

std::string LoginState::open_session()
{
    const std::string s = new_secret("SessionVal");
    m_sessions[s] = Clock::now();
    return s;
}

Response LoginState::grant(const std::map<std::string, std::string>& form)
{
    auto get = [&](const char* key) {
        const auto it = form.find(key);
        return it == form.end() ? std::string() : it->second;
    };
    if (get("client_id") != m_authority.client_id ||
        get("client_secret") != m_authority.client_secret)
        return oauth_error(401, "invalid_client", "Invalid client or Invalid client credentials");
    const std::string type = get("grant_type");
    if (type == "password") {
        if (m_authority.username.empty() || get("username") != m_authority.username ||
            get("password") != m_authority.password)
            return oauth_error(401, "invalid_grant", "Invalid user credentials");
    } else if (type == "refresh_token") {
        const auto it = m_refresh.find(get("refresh_token"));
        if (it == m_refresh.end() || it->second < Clock::now())
            return oauth_error(400, "invalid_grant", "Token is not active");
        m_refresh.erase(it); // rotated, as Keycloak may do
    } else if (type != "client_credentials") {
        return oauth_error(400, "unsupported_grant_type", "Unsupported grant_type");
    }
    std::string body = "{\"access_token\":\"" + issue_token() +
                       "\",\"token_type\":\"Bearer\",\"expires_in\":" +
                       std::to_string(seconds_of(m_authority.token_lifetime));
    if (m_authority.refresh_tokens) {
        const std::string r = new_secret("RefreshTok");
        m_refresh[r] = Clock::now() + 10 * m_authority.token_lifetime;
        body += ",\"refresh_token\":\"" + r + "\",\"refresh_expires_in\":" +
                std::to_string(10 * seconds_of(m_authority.token_lifetime));
    }
    return json_answer(200, body + "}");
}

std::optional<Response> LoginState::handle(const HttpRequest& req)
{
    if (req.path == kTokenPath)
        return req.method == "POST" ? grant(parse_form(req.body))
                                    : oauth_error(405, "invalid_request", "POST only");
    if (req.path == "/login")
        return std::nullopt; // the login page itself (http_response.cpp)
    const auto now = Clock::now();
    const std::string auth = req.header("authorization");
    if (auth.rfind("Bearer ", 0) == 0) {
        const auto it = m_tokens.find(auth.substr(7));
        if (it != m_tokens.end() && it->second > now)
            return std::nullopt;
    }
    const std::string session = cookie_value(req.header("cookie"), kSessionCookie);
    const auto it = m_sessions.find(session);
    if (it != m_sessions.end() && now - it->second < m_authority.session_idle) {
        it->second = now; // every request keeps the session alive
        return std::nullopt;
    }
    Response r;
    r.status = 302;
    r.body = "see the login page";
    r.headers.push_back("Location: " + m_authority.login_url);
    return r;
}

} // namespace sezu::test::detail

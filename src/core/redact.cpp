#include "sezu/core/redact.hpp"

#include <algorithm>
#include <cctype>

namespace sezu {

namespace {

/// Characters that end a URL quoted in a message or a JSON string.
constexpr const char* kUrlEnd = " \t\r\n\"'<>";

std::string lower(std::string s)
{
    for (auto& c : s)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

/// Query parameters whose values are secrets: signed-URL signatures and keys, OAuth tokens and
/// codes, passwords. Over-matching only hides a harmless value from a message.
bool secret_parameter(const std::string& name)
{
    const std::string n = lower(name);
    for (const char* part : {"token", "secret", "passw", "signature", "credential", "apikey",
                             "api_key", "api-key", "session", "auth"})
        if (n.find(part) != std::string::npos)
            return true;
    for (const char* whole : {"key", "sig", "pwd", "pass", "code"})
        if (n == whole)
            return true;
    return false;
}

/// The query "a=1&token=x;b" with the values of secret parameters masked.
std::string redact_query(const std::string& query)
{
    std::string out;
    size_t pos = 0;
    while (pos <= query.size()) {
        const size_t end = std::min(query.find_first_of("&;", pos), query.size());
        const std::string param = query.substr(pos, end - pos);
        const size_t eq = param.find('=');
        if (eq != std::string::npos && eq + 1 < param.size() &&
            secret_parameter(param.substr(0, eq)))
            out += param.substr(0, eq + 1) + "***";
        else
            out += param;
        if (end < query.size())
            out += query[end];
        pos = end + 1;
    }
    return out;
}

/// One URL after its "scheme://": credentials before the host and secret query values masked.
std::string redact_after_scheme(const std::string& rest)
{
    std::string out;
    const size_t authority_end = std::min(rest.find_first_of("/?#"), rest.size());
    const size_t at = rest.rfind('@', authority_end == 0 ? 0 : authority_end - 1);
    size_t pos = 0;
    if (at != std::string::npos && at < authority_end) {
        out += "***";
        pos = at;
    }
    const size_t fragment = std::min(rest.find('#', authority_end), rest.size());
    const size_t question = rest.find('?', authority_end);
    if (question == std::string::npos || question > fragment)
        return out + rest.substr(pos);
    out += rest.substr(pos, question + 1 - pos);
    out += redact_query(rest.substr(question + 1, fragment - question - 1));
    return out + rest.substr(fragment);
}

} // namespace

std::string redact_url(const std::string& text)
{
    std::string out;
    size_t pos = 0;
    for (;;) {
        const size_t scheme = text.find("://", pos);
        if (scheme == std::string::npos)
            break;
        const size_t begin = scheme + 3;
        const size_t end = std::min(text.find_first_of(kUrlEnd, begin), text.size());
        out.append(text, pos, begin - pos);
        out += redact_after_scheme(text.substr(begin, end - begin));
        pos = end;
    }
    out.append(text, pos, std::string::npos);
    return out;
}

} // namespace sezu

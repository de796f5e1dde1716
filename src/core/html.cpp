#include "sezu/core/html.hpp"

#include <cctype>
#include <cstdio>

namespace sezu::html {

std::string escape(const std::string& text)
{
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        switch (c) {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += "&quot;";
            break;
        case '\'':
            out += "&#39;";
            break;
        default:
            out += c;
        }
    }
    return out;
}

std::string url_path(const std::string& name)
{
    std::string out;
    out.reserve(name.size());
    char code[4];
    for (const char c : name) {
        const auto b = static_cast<unsigned char>(c);
        if (std::isalnum(b) && b < 0x80) {
            out += c;
        } else if (c == '-' || c == '.' || c == '_' || c == '~' || c == '/') {
            out += c;
        } else {
            std::snprintf(code, sizeof code, "%%%02X", b);
            out += code;
        }
    }
    return out;
}

} // namespace sezu::html

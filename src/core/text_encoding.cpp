#include "sezu/core/text_encoding.hpp"

#include <cctype>
#include <cstdio>

namespace sezu {

namespace {

// Length of the well-formed UTF-8 sequence starting at text[i], or 0 when there is none.
std::size_t utf8_sequence(std::string_view text, std::size_t i)
{
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
    const unsigned char b0 = byte(i);
    if (b0 < 0x80)
        return 1;
    std::size_t n = 0;
    unsigned char lo = 0x80, hi = 0xBF; // allowed range of the second byte (RFC 3629 table)
    if (b0 >= 0xC2 && b0 <= 0xDF) {
        n = 2;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
        n = 3;
        if (b0 == 0xE0)
            lo = 0xA0; // overlong
        else if (b0 == 0xED)
            hi = 0x9F; // surrogates
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
        n = 4;
        if (b0 == 0xF0)
            lo = 0x90; // overlong
        else if (b0 == 0xF4)
            hi = 0x8F; // above U+10FFFF
    } else {
        return 0; // continuation byte, C0/C1 (overlong) or F5..FF
    }
    if (i + n > text.size())
        return 0;
    if (byte(i + 1) < lo || byte(i + 1) > hi)
        return 0;
    for (std::size_t k = 2; k < n; ++k)
        if (byte(i + k) < 0x80 || byte(i + k) > 0xBF)
            return 0;
    return n;
}

std::string upper_alnum(std::string_view text)
{
    std::string out;
    for (char c : text)
        if (std::isalnum(static_cast<unsigned char>(c)))
            out += char(std::toupper(static_cast<unsigned char>(c)));
    return out;
}

bool all_digits(std::string_view text)
{
    if (text.empty())
        return false;
    for (char c : text)
        if (!std::isdigit(static_cast<unsigned char>(c)))
            return false;
    return true;
}

} // namespace

bool is_valid_utf8(std::string_view text)
{
    for (std::size_t i = 0; i < text.size();) {
        const std::size_t n = utf8_sequence(text, i);
        if (n == 0)
            return false;
        i += n;
    }
    return true;
}

std::string printable_text(std::string_view text, std::size_t max_chars)
{
    std::string out;
    std::size_t chars = 0;
    for (std::size_t i = 0; i < text.size(); ++chars) {
        if (chars == max_chars) {
            out += "...";
            break;
        }
        const std::size_t n = utf8_sequence(text, i);
        const unsigned char b = static_cast<unsigned char>(text[i]);
        if (n == 0 || (n == 1 && (b < 0x20 || b == 0x7F))) {
            char hex[8];
            std::snprintf(hex, sizeof hex, "\\x%02X", unsigned(b));
            out += hex;
            ++i;
        } else {
            out.append(text.substr(i, n));
            i += n;
        }
    }
    return out;
}

std::string encoding_from_cpg(std::string_view cpg)
{
    const auto first = cpg.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos)
        return "";
    const std::string trimmed(cpg.substr(first, cpg.find_last_not_of(" \t\r\n") - first + 1));
    const std::string key = upper_alnum(trimmed);
    // ESRI writes Windows code pages as "ANSI 1252" and ISO 8859 parts as "8859_1".
    if (key.rfind("ANSI", 0) == 0 && all_digits(key.substr(4)))
        return "CP" + key.substr(4);
    if (key.rfind("CP", 0) == 0 && all_digits(key.substr(2)))
        return key;
    if (key.rfind("8859", 0) == 0 && all_digits(key.substr(4)))
        return "ISO-8859-" + key.substr(4);
    if (key.rfind("LATIN", 0) == 0 && all_digits(key.substr(5)))
        return key;
    return trimmed;
}

bool is_utf8_encoding_name(std::string_view name)
{
    return upper_alnum(name) == "UTF8";
}

} // namespace sezu

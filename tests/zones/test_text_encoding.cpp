#include "sezu/core/text_encoding.hpp"

#include <gtest/gtest.h>

using namespace sezu;

TEST(TextEncoding, ValidUtf8IsWellFormedUtf8Only)
{
    for (const char* good : {"", "plain", "Zon\xC3\xA9", "\xE2\x82\xAC 5", "\xF0\x9F\x8C\x83",
                             "\xED\x9F\xBF", "\xF4\x8F\xBF\xBF"})
        EXPECT_TRUE(is_valid_utf8(good)) << printable_text(good);
    for (const char* bad : {
             "Zon\xE9",          // Latin-1 é
             "\x80",             // a lone continuation byte
             "\xC3",             // truncated
             "\xC3(",            // a sequence cut short by ASCII
             "\xC0\xAF",         // overlong '/'
             "\xE0\x80\xAF",     // overlong, three bytes
             "\xED\xA0\x80",     // a UTF-16 surrogate
             "\xF4\x90\x80\x80", // above U+10FFFF
             "\xFF",
         })
        EXPECT_FALSE(is_valid_utf8(bad)) << printable_text(bad);
    EXPECT_FALSE(is_valid_utf8(std::string_view("a\0\xFF", 3)));
}

TEST(TextEncoding, PrintableTextEscapesWhatATerminalShouldNotGet)
{
    EXPECT_EQ(printable_text("Zon\xE9"), "Zon\\xE9");
    EXPECT_EQ(printable_text("Zon\xC3\xA9"), "Zon\xC3\xA9");
    EXPECT_EQ(printable_text("a\nb\x1B[31m"), "a\\x0Ab\\x1B[31m");
    EXPECT_EQ(printable_text("abcdef", 3), "abc...");
}

TEST(TextEncoding, CpgNamesGdalDoesNotKnowBecomeIconvNames)
{
    EXPECT_EQ(encoding_from_cpg("ANSI 1252"), "CP1252");
    EXPECT_EQ(encoding_from_cpg("ANSI 1252\r\n"), "CP1252");
    EXPECT_EQ(encoding_from_cpg("8859_1"), "ISO-8859-1");
    EXPECT_EQ(encoding_from_cpg("8859_15"), "ISO-8859-15");
    EXPECT_EQ(encoding_from_cpg("latin-1"), "LATIN1");
    EXPECT_EQ(encoding_from_cpg("cp-1251"), "CP1251");
    EXPECT_EQ(encoding_from_cpg(" windows-1252 \n"), "windows-1252");
    EXPECT_EQ(encoding_from_cpg("OEM"), "OEM");
    EXPECT_EQ(encoding_from_cpg("  "), "");
    EXPECT_TRUE(is_utf8_encoding_name("UTF-8"));
    EXPECT_TRUE(is_utf8_encoding_name("utf8"));
    EXPECT_FALSE(is_utf8_encoding_name("UTF-16"));
}

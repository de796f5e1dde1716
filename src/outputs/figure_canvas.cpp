#include "figure_canvas.hpp"

#include "sezu/core/error.hpp"

#include <ft2build.h>
#include FT_FREETYPE_H

#include <algorithm>
#include <filesystem>

namespace sezu::detail {

Canvas::Canvas(int w, int h, Rgb c) : width(w), height(h), rgb(std::size_t(w) * h * 3)
{
    fill(0, 0, w, h, c);
}

void Canvas::set(int x, int y, Rgb c)
{
    if (x < 0 || y < 0 || x >= width || y >= height)
        return;
    std::uint8_t* p = &rgb[(std::size_t(y) * width + x) * 3];
    p[0] = c[0];
    p[1] = c[1];
    p[2] = c[2];
}

Rgb Canvas::at(int x, int y) const
{
    const std::uint8_t* p = &rgb[(std::size_t(y) * width + x) * 3];
    return {p[0], p[1], p[2]};
}

void Canvas::blend(int x, int y, Rgb c, int alpha)
{
    if (x < 0 || y < 0 || x >= width || y >= height || alpha <= 0)
        return;
    const Rgb under = at(x, y);
    Rgb out{};
    for (int k = 0; k < 3; ++k)
        out[std::size_t(k)] = std::uint8_t(
            (c[std::size_t(k)] * alpha + under[std::size_t(k)] * (255 - alpha) + 127) / 255);
    set(x, y, out);
}

void Canvas::fill(int x, int y, int w, int h, Rgb c)
{
    for (int j = std::max(0, y); j < std::min(height, y + h); ++j)
        for (int i = std::max(0, x); i < std::min(width, x + w); ++i)
            set(i, j, c);
}

void Canvas::frame(int x, int y, int w, int h, Rgb c)
{
    fill(x - 1, y - 1, w + 2, 1, c);
    fill(x - 1, y + h, w + 2, 1, c);
    fill(x - 1, y, 1, h, c);
    fill(x + w, y, 1, h, c);
}

void Canvas::paste(const Canvas& image, int x, int y)
{
    for (int j = 0; j < image.height; ++j)
        for (int i = 0; i < image.width; ++i)
            set(x + i, y + j, image.at(i, j));
}

namespace {

// Where Debian's fonts-dejavu-core puts the font (and where other systems often do).
const char* const kFontPaths[] = {
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/TTF/DejaVuSans.ttf",
};

// The next code point of UTF-8 text (U+FFFD for a bad byte), advancing `i`.
char32_t next_code_point(const std::string& s, std::size_t& i)
{
    const auto b = static_cast<unsigned char>(s[i++]);
    const int extra = b < 0x80         ? 0
                      : (b >> 5) == 6  ? 1
                      : (b >> 4) == 14 ? 2
                      : (b >> 3) == 30 ? 3
                                       : -1;
    if (extra < 0)
        return 0xFFFD;
    char32_t cp = extra == 0 ? b : b & (0x3F >> extra);
    for (int k = 0; k < extra; ++k) {
        if (i >= s.size() || (static_cast<unsigned char>(s[i]) >> 6) != 2)
            return 0xFFFD;
        cp = (cp << 6) | (static_cast<unsigned char>(s[i++]) & 0x3F);
    }
    return cp;
}

} // namespace

struct TextPainter::Impl {
    FT_Library library = nullptr;
    FT_Face face = nullptr;
    ~Impl()
    {
        if (face)
            FT_Done_Face(face);
        if (library)
            FT_Done_FreeType(library);
    }
};

TextPainter::TextPainter(int pixel_size) : m_impl(std::make_unique<Impl>())
{
    if (FT_Init_FreeType(&m_impl->library) != 0)
        throw Error("quicklook: FreeType cannot start");
    for (const char* path : kFontPaths) {
        std::error_code ec;
        if (std::filesystem::is_regular_file(path, ec) &&
            FT_New_Face(m_impl->library, path, 0, &m_impl->face) == 0)
            break;
        m_impl->face = nullptr;
    }
    if (!m_impl->face)
        throw ConfigError("quicklook: no DejaVu Sans font to label the figure with (looked in "
                          "/usr/share/fonts/truetype/dejavu/): install the Debian package "
                          "fonts-dejavu-core");
    FT_Set_Pixel_Sizes(m_impl->face, 0, FT_UInt(pixel_size));
}

TextPainter::~TextPainter() = default;

int TextPainter::ascent() const
{
    return int(m_impl->face->size->metrics.ascender >> 6);
}

int TextPainter::width(const std::string& text) const
{
    int x = 0;
    for (std::size_t i = 0; i < text.size();) {
        const char32_t cp = next_code_point(text, i);
        if (FT_Load_Char(m_impl->face, FT_ULong(cp), FT_LOAD_DEFAULT) == 0)
            x += int(m_impl->face->glyph->advance.x >> 6);
    }
    return x;
}

int TextPainter::draw(Canvas& canvas, int x, int y, const std::string& text, Rgb colour) const
{
    FT_Face face = m_impl->face;
    for (std::size_t i = 0; i < text.size();) {
        const char32_t cp = next_code_point(text, i);
        if (cp < 0x20 || FT_Load_Char(face, FT_ULong(cp), FT_LOAD_RENDER) != 0)
            continue; // control characters (a newline in a zone id) are not drawn
        const FT_Bitmap& bm = face->glyph->bitmap;
        const int left = x + face->glyph->bitmap_left, top = y - face->glyph->bitmap_top;
        for (unsigned r = 0; r < bm.rows; ++r)
            for (unsigned c = 0; c < bm.width; ++c)
                canvas.blend(left + int(c), top + int(r), colour,
                             bm.buffer[r * unsigned(bm.pitch) + c]);
        x += int(face->glyph->advance.x >> 6);
    }
    return x;
}

std::string TextPainter::fit(const std::string& text, int max_width) const
{
    if (width(text) <= max_width)
        return text;
    const std::string ellipsis = "\xE2\x80\xA6";
    std::string kept;
    for (std::size_t i = 0; i < text.size();) {
        const std::size_t start = i;
        next_code_point(text, i);
        const std::string longer = kept + text.substr(start, i - start);
        if (width(longer + ellipsis) > max_width)
            break;
        kept = longer;
    }
    return kept + ellipsis;
}

} // namespace sezu::detail

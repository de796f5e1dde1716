#pragma once
// The quicklook's figure as pixels: an RGB canvas with rectangles, pasted images and text drawn
// with FreeType from DejaVu Sans (Debian's fonts-dejavu-core). Internal to outputs/.
#include "sezu/outputs/quicklook.hpp"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace sezu::detail {

/// An RGB image, row-major from the top.
struct Canvas {
    Canvas(int width, int height, Rgb fill);
    int width, height;
    std::vector<std::uint8_t> rgb;

    void set(int x, int y, Rgb c);
    Rgb at(int x, int y) const;
    /// Mixes `c` into the pixel by `alpha` (0..255); pixels off the canvas are ignored.
    void blend(int x, int y, Rgb c, int alpha);
    void fill(int x, int y, int w, int h, Rgb c);
    /// A 1-pixel frame around the rectangle.
    void frame(int x, int y, int w, int h, Rgb c);
    /// Copies `image` (RGB, w x h) with its top-left corner at (x, y).
    void paste(const Canvas& image, int x, int y);
};

/// Text in one size of DejaVu Sans. Glyphs are drawn left to right as the code points come
/// (no shaping: labels are zone ids and sezu's own words). Throws ConfigError naming the font
/// package when no DejaVu Sans is installed.
class TextPainter {
public:
    explicit TextPainter(int pixel_size);
    ~TextPainter();
    TextPainter(const TextPainter&) = delete;
    TextPainter& operator=(const TextPainter&) = delete;

    /// Width in pixels of `text` (UTF-8).
    int width(const std::string& text) const;
    /// Draws `text` with its baseline at y, starting at x; returns the x after it.
    int draw(Canvas& canvas, int x, int y, const std::string& text, Rgb colour) const;
    /// `text`, or its start and "…" when it is wider than `max_width` pixels.
    std::string fit(const std::string& text, int max_width) const;
    int ascent() const;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace sezu::detail

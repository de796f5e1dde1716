#include "sezu/run/month_stream.hpp"

#include "sezu/core/error.hpp"
#include "sezu/read/band_scale.hpp"
#include "sezu/read/memory_file.hpp"
#include "sezu/read/mosaic.hpp"
#include "sezu/read/tar_reader.hpp"
#include "sezu/read/tiff_stream.hpp"
#include "sezu/products/tile_grid.hpp"

#include <cpl_error.h>
#include <gdal_priv.h>

#include <cmath>
#include <cstring>
#include <memory>

namespace sezu {

namespace {

bool ends_with(const std::string& s, const std::string& suffix)
{
    return s.size() >= suffix.size() &&
           s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

enum Kind { kRadiance = 0, kCvg = 1 };

// The bytes before a TIFF's first strip as a GDAL dataset in memory, for the same checks
// stitching makes on a whole file. GDAL's complaints about the missing pixel data stay quiet.
class HeaderDataset {
public:
    explicit HeaderDataset(const std::vector<unsigned char>& head)
        : m_file("sezu-tiff-head", ".tif", head.data(), head.size())
    {
        CPLPushErrorHandler(CPLQuietErrorHandler);
        m_ds.reset(GDALDataset::Open(m_file.path().c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY));
        CPLPopErrorHandler();
    }
    GDALDataset* get() const { return m_ds.get(); }

private:
    MemoryFile m_file;         // declared first: outlives the dataset that reads it
    GDALDatasetUniquePtr m_ds;
};

// One tile's two rasters streaming out of its archive into per-zone accumulators.
class TileSink : public MemberSink {
public:
    TileSink(const TileRef& ref, const MonthStreamer::CoverageFor& coverage_for,
             const StatsOptions& options, int& month_scale, Grid& month_grid,
             std::mutex& month_mutex)
        : m_ref(ref), m_coverage_for(coverage_for), m_options(options), m_month_scale(month_scale),
          m_month_grid(month_grid), m_month_mutex(month_mutex)
    {
    }

    bool begin(const std::string& name, std::uint64_t size) override
    {
        Kind kind;
        if (ends_with(name, ".avg_rade9h.tif") || ends_with(name, ".avg_rade9.tif"))
            kind = kRadiance;
        else if (ends_with(name, ".cf_cvg.tif"))
            kind = kCvg;
        else
            return false;
        if (m_seen[kind])
            throw DataError("extract: " + m_ref.archive.file_name + " holds two " +
                            (kind == kRadiance ? "radiance" : "cf_cvg") + " rasters (" +
                            m_member[kind] + " and " + name + ")");
        m_seen[kind] = true;
        m_member[kind] = name;
        m_current = kind;
        const std::string label = std::string("tile ") + m_ref.tile.name + " " +
                                  (kind == kRadiance ? "radiance" : "cf_cvg") + " (" + name + ")";
        m_tiff = std::make_unique<TiffRowStream>(
            label,
            [this, kind, label, size](const TiffLayout& layout,
                                      const std::vector<unsigned char>& head) {
                on_header(kind, label, size, layout, head);
            },
            [this, kind](long row, const void* samples) { on_row(kind, row, samples); });
        return true;
    }

    void data(const unsigned char* p, std::size_t n) override { m_tiff->feed(p, n); }

    void end() override
    {
        m_tiff->finish();
        m_tiff.reset();
        m_done[m_current] = true;
    }

    /// After the archive verified: both rasters must have been there.
    void check_complete() const
    {
        if (!m_done[kRadiance] || !m_done[kCvg])
            throw DataError("extract: " + m_ref.archive.file_name + " has no " +
                            std::string(!m_done[kRadiance] ? "avg_rade9h/avg_rade9" : "cf_cvg") +
                            " raster (expected " + m_ref.archive.stem() + ".avg_rade9h.tif and " +
                            m_ref.archive.stem() + ".cf_cvg.tif)");
    }

    MonthStreamer::TilePart take_part() { return {std::move(m_acc), std::move(m_chips)}; }

private:
    void on_header(Kind kind, const std::string& label, std::uint64_t member_size,
                   const TiffLayout& layout, const std::vector<unsigned char>& head)
    {
        if (layout.data_end > member_size)
            throw DataError("extract: " + label + " is " + std::to_string(member_size) +
                            " bytes but its TIFF needs " + std::to_string(layout.data_end) +
                            ": truncated or corrupt");
        const HeaderDataset ds(head);
        if (!ds.get())
            throw NotStreamable(label + ": GDAL cannot read the TIFF's header alone");
        // The same checks as stitching, sample type included.
        const int scale = check_tile_raster(
            *ds.get(), m_ref.tile,
            kind == kRadiance ? TileLayer::Radiance : TileLayer::CloudFreeCoverage, label);
        // on_row reads the samples as the TIFF parser saw them: it must agree with GDAL.
        const SampleType expected = kind == kRadiance ? SampleType::Float32 : SampleType::UInt16;
        if (layout.type != expected)
            throw DataError("stitch: " + label + ": its TIFF tags do not describe " +
                            (kind == kRadiance ? "float32 radiance" : "uint16 counts"));
        join_month_grid(scale, label);
        if (kind == kRadiance)
            m_scale = band_scale(*ds.get()->GetRasterBand(1), label);
        if (!m_prepared)
            prepare(scale);
        m_first[kind] = !m_seen[1 - kind];
    }

    // The month's grid, told by its first tile, and (once per tile) the zones' coverage on it;
    // shared with the tiles streaming on other threads.
    void join_month_grid(int scale, const std::string& label)
    {
        const std::lock_guard<std::mutex> lock(m_month_mutex);
        if (m_month_scale == 0) {
            m_month_scale = scale;
            m_month_grid = global_grid(scale);
        } else if (scale != m_month_scale) {
            throw DataError("stitch: " + label + " has pixel size " +
                            std::to_string(tile_grid(m_ref.tile, scale).dx) +
                            " but other tiles have " + std::to_string(m_month_grid.dx));
        }
        if (!m_prepared) {
            m_grid = m_month_grid;
            m_coverage = &m_coverage_for(m_month_grid);
        }
    }

    // The tile's place in the global grid, and which pieces of zones' windows each of its rows
    // crosses (a zone's window past the east edge has a second piece at the west edge).
    void prepare(int scale)
    {
        m_prepared = true;
        const Grid tile = tile_grid(m_ref.tile, scale);
        m_place = {m_ref.tile.grid_col * tile.cols,
                   m_ref.tile.grid_row * tile_grid(tile_specs()[0], scale).rows, tile.cols,
                   tile.rows};
        m_acc.assign(m_coverage->size(), StatsAccumulator{});
        m_chips.clear();
        m_pieces_at_row.assign(std::size_t(m_place.rows), {});
        for (std::size_t z = 0; z < m_coverage->size(); ++z) {
            // The chip's window holds the zone's: its pieces carry both, the statistics read
            // the zone's part of each, the chip all of it.
            const Window& zone = (*m_coverage)[z].window;
            const Window chip = chip_window(m_grid, zone);
            m_chips.emplace_back(m_grid, chip); // no memory until a cell of the zone comes
            for (const Grid::Piece& p : m_grid.pieces(chip)) {
                const Window in = p.in_grid.intersect(m_place);
                if (in.empty())
                    continue;
                const Window own = Window{in.col + p.shift, in.row, in.cols, in.rows}.intersect(zone);
                for (long r = in.row; r < in.row + in.rows; ++r)
                    m_pieces_at_row[std::size_t(r - m_place.row)].push_back(m_pieces.size());
                m_pieces.push_back({z, in, p.shift,
                                    own.empty() ? Window{} : Window{own.col - p.shift, own.row,
                                                                    own.cols, own.rows}});
            }
        }
        m_kept.resize(m_pieces.size());
        m_kept_cvg.resize(m_pieces.size());
    }

    void on_row(Kind kind, long row, const void* samples)
    {
        const long global_row = m_place.row + row;
        for (std::size_t k : m_pieces_at_row[std::size_t(row)]) {
            const Piece& piece = m_pieces[k];
            const Window& in = piece.in;
            const std::size_t from = std::size_t(in.col - m_place.col);
            const std::size_t at = std::size_t(global_row - in.row) * std::size_t(in.cols);
            if (m_first[kind]) {
                // Keep the first raster's cells inside the piece until the second comes.
                if (kind == kRadiance) {
                    auto& kept = m_kept[k];
                    kept.resize(std::size_t(in.size()));
                    std::memcpy(kept.data() + at, static_cast<const float*>(samples) + from,
                                std::size_t(in.cols) * sizeof(float));
                } else {
                    auto& kept = m_kept_cvg[k];
                    kept.resize(std::size_t(in.size()));
                    std::memcpy(kept.data() + at, static_cast<const std::uint16_t*>(samples) + from,
                                std::size_t(in.cols) * sizeof(std::uint16_t));
                }
                continue;
            }
            const Coverage& cov = (*m_coverage)[piece.zone];
            const float* radiance = kind == kRadiance ? static_cast<const float*>(samples) + from
                                                      : m_kept[k].data() + at;
            const std::uint16_t* cvg = kind == kCvg
                                           ? static_cast<const std::uint16_t*>(samples) + from
                                           : m_kept_cvg[k].data() + at;
            const Window& own = piece.own;
            if (global_row >= own.row && global_row < own.row + own.rows) {
                // Only the covered runs of the zone's part of the piece; index 0 of the row's
                // samples is the piece's first column, coverage column in.col + shift.
                StatsAccumulator& acc = m_acc[piece.zone];
                const long first_col = in.col + piece.shift;
                cov.for_each_run(global_row, own.col + piece.shift,
                                 own.col + piece.shift + own.cols,
                                 [&](long col, long length, double w) {
                                     const long end = col - first_col + length;
                                     for (long c = col - first_col; c < end; ++c)
                                         add_cell(acc, radiance[c], w, cvg[c], m_scale,
                                                  m_options);
                                 });
            }
            const Window& chip = m_chips[piece.zone].window();
            add_chip_row(m_chips[piece.zone], global_row - chip.row,
                         in.col + piece.shift - chip.col, in.cols, radiance, cvg);
        }
    }

    // The chip sees the whole window (the zone's outline is drawn over it later): every
    // observed cell of the row, inside the zone or not.
    void add_chip_row(ChipBuilder& chip, long row, long col, long cols, const float* radiance,
                      const std::uint16_t* cvg) const
    {
        for (long c = 0; c < cols; ++c)
            if (cvg[c] > 0 && counts_as_value(radiance[c], m_options))
                chip.add(row, col + c, m_scale(double(radiance[c])));
    }

    const TileRef& m_ref;
    const MonthStreamer::CoverageFor& m_coverage_for;
    const StatsOptions& m_options;
    int& m_month_scale;
    Grid& m_month_grid;
    std::mutex& m_month_mutex;
    Grid m_grid; // this thread's copy of the month's grid

    std::unique_ptr<TiffRowStream> m_tiff;
    Kind m_current = kRadiance;
    bool m_seen[2] = {false, false}, m_done[2] = {false, false};
    bool m_first[2] = {false, false};
    std::string m_member[2];
    ValueScale m_scale; // the radiance band's scale and offset, from its header
    bool m_prepared = false;
    Window m_place;
    const std::vector<Coverage>* m_coverage = nullptr;
    // The part of a zone's chip window in this tile (shift as in Grid::Piece) and the part of
    // it in the zone's own window (empty when none), both in the grid's numbering.
    struct Piece {
        std::size_t zone;
        Window in;
        long shift;
        Window own;
    };
    std::vector<Piece> m_pieces;
    std::vector<std::vector<std::size_t>> m_pieces_at_row;
    std::vector<std::vector<float>> m_kept;             // per piece: first raster, radiance
    std::vector<std::vector<std::uint16_t>> m_kept_cvg; // per piece: first raster, cf_cvg
    std::vector<StatsAccumulator> m_acc;
    std::vector<ChipBuilder> m_chips; // per zone
};

} // namespace

MonthStreamer::MonthStreamer(CoverageFor coverage_for, StatsOptions options)
    : m_coverage_for(std::move(coverage_for)), m_options(options)
{
    GDALAllRegister();
}

std::string MonthStreamer::add_tile(const TileRef& ref, const std::string& tgz_path, bool hash)
{
    std::size_t slot = 0;
    {
        const std::lock_guard<std::mutex> lock(m_mutex);
        slot = m_next_slot++;
    }
    return add_tile(ref, tgz_path, hash, slot);
}

std::string MonthStreamer::add_tile(const TileRef& ref, const std::string& tgz_path, bool hash,
                                    std::size_t slot)
{
    std::string sha256;
    TilePart tile;
    try {
        TileSink sink(ref, m_coverage_for, m_options, m_scale, m_grid, m_mutex);
        stream_members(tgz_path, sink, hash ? &sha256 : nullptr);
        sink.check_complete();
        tile = sink.take_part();
    } catch (...) {
        join(slot, {}); // nothing of a failed tile counts; the tiles after it still join
        throw;
    }
    join(slot, std::move(tile)); // the archive verified: the tile's cells join the month
    return sha256;
}

void MonthStreamer::join(std::size_t slot, TilePart tile)
{
    // In slot order: floating-point sums depend on the order of the merges.
    const std::lock_guard<std::mutex> lock(m_mutex);
    if (m_waiting.size() <= slot)
        m_waiting.resize(slot + 1);
    m_waiting[slot] = std::move(tile);
    for (; m_joined < m_waiting.size() && m_waiting[m_joined]; ++m_joined) {
        TilePart& next = *m_waiting[m_joined];
        if (m_month.empty())
            m_month.resize(next.accumulators.size());
        for (std::size_t z = 0; z < next.accumulators.size(); ++z)
            m_month[z].merge(next.accumulators[z]);
        if (m_month_chips.empty())
            m_month_chips = std::move(next.chips);
        else
            for (std::size_t z = 0; z < next.chips.size(); ++z)
                m_month_chips[z].merge(next.chips[z]);
        next = {}; // merged: its memory goes
    }
}

std::vector<ZoneChip> MonthStreamer::chips() const
{
    std::vector<ZoneChip> out;
    for (const ChipBuilder& b : m_month_chips)
        out.push_back(b.chip());
    return out;
}

} // namespace sezu

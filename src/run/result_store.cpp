#include "result_store.hpp"

#include "sezu/core/log.hpp"

namespace sezu::detail {

ZoneColumns::ZoneColumns(const ZoneSet& zones, const Config& config)
{
    auto property = [](const Zone& z, const std::string& field) {
        const auto it = z.properties.find(field);
        return it == z.properties.end() ? std::string() : it->second;
    };
    for (const auto& z : zones.zones) {
        ids.push_back(z.id);
        names.push_back(property(z, config.name_field));
        events.push_back(property(z, config.event_field));
    }
}

ResultStore::ResultStore(const Config& config, ZoneColumns zones, RunProvenance prov,
                         std::vector<MonthResult> kept, RunProgress* progress)
    : m_config(config), m_zones(std::move(zones)), m_prov(std::move(prov)),
      m_results(std::move(kept)), m_last_write(std::chrono::steady_clock::now()),
      m_progress(progress)
{
}

void ResultStore::add(std::vector<MonthResult> results)
{
    if (results.empty())
        return;
    std::lock_guard<std::mutex> lock(m_mutex);
    if (m_progress)
        m_progress->add(results);
    for (auto& r : results)
        m_results.push_back(std::move(r));
    const double since =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - m_last_write).count();
    if (since < m_config.checkpoint_seconds)
        return;
    try {
        write_locked();
    } catch (const std::exception& e) {
        // The results stay in memory and the next checkpoint (or the final write) retries.
        log::warn(std::string("checkpoint failed, will retry: ") + e.what());
    }
}

std::vector<MonthResult> ResultStore::finish()
{
    std::lock_guard<std::mutex> lock(m_mutex);
    write_locked();
    return m_results;
}

void ResultStore::write_locked()
{
    write_archive(m_config.output, m_zones.ids, m_results, m_prov, m_zones.names,
                  m_zones.events);
    m_last_write = std::chrono::steady_clock::now();
}

} // namespace sezu::detail

#include "report_browser.hpp"

#include <filesystem>
#include <fstream>

namespace sezu::test {
namespace fs = std::filesystem;

namespace {

// Chromium's --dump-dom writes text with &, <, > as entities.
std::string unescape_text(std::string s)
{
    for (const auto& [entity, c] : {std::pair<std::string, std::string>{"&lt;", "<"},
                                    {"&gt;", ">"}, {"&nbsp;", "\u00a0"}, {"&amp;", "&"}}) {
        for (std::size_t at = s.find(entity); at != std::string::npos;
             at = s.find(entity, at + c.size()))
            s.replace(at, entity.size(), c);
    }
    return s;
}

} // namespace

std::string chromium_command(const TempDir& work_dir, int width, int height)
{
    return "HOME=" + work_dir.path() + " chromium --headless --no-sandbox --disable-gpu " +
           "--no-first-run --disable-background-networking --allow-file-access-from-files " +
           "--user-data-dir=" + work_dir.file("chromium") + " --window-size=" +
           std::to_string(width) + "," + std::to_string(height) + " ";
}

nlohmann::json drive_report(const TempDir& work_dir, const std::string& index,
                            const std::string& actions)
{
    const std::string relative = fs::relative(index, work_dir.path()).string();
    const std::string harness = work_dir.file("harness.html");
    std::ofstream(harness)
        << "<!DOCTYPE html><html><body><iframe id=\"f\" width=\"1200\" height=\"2400\" src=\""
        << relative << "\"></iframe><pre id=\"out\">pending</pre><script>\n"
        << "document.getElementById('f').addEventListener('load', function () {\n"
        << "  var out;\n  try {\n    var w = this.contentWindow, doc = w.document;\n"
        << "    out = (function (w, doc) {\n" << actions << "\n    })(w, doc);\n"
        << "    out = {result: out, errors: w.sezuErrors || ['the report recorded nothing'],\n"
        << "      requests: w.performance.getEntriesByType('resource').map(function (e) {\n"
        << "        return e.name; }).filter(function (n) { return n.indexOf('file:') !== 0; })};\n"
        << "  } catch (e) { out = {harnessError: String(e && e.stack || e)}; }\n"
        << "  document.getElementById('out').textContent = JSON.stringify(out);\n"
        << "});\n</script></body></html>\n";
    const auto run = run_command(chromium_command(work_dir, 1300, 1000) +
                                 "--virtual-time-budget=5000 --dump-dom file://" + harness +
                                 " 2>/dev/null");
    const auto begin = run.output.find("<pre id=\"out\">");
    const auto end = run.output.find("</pre>", begin);
    if (run.status != 0 || begin == std::string::npos || end == std::string::npos)
        return {{"harnessError", "chromium: " + run.output.substr(0, 2000)}};
    const std::string text =
        unescape_text(run.output.substr(begin + 14, end - begin - 14));
    auto json = nlohmann::json::parse(text, nullptr, false);
    if (json.is_discarded())
        return {{"harnessError", "not JSON: " + text.substr(0, 2000)}};
    return json;
}

} // namespace sezu::test

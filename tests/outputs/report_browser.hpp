#pragma once
// Drives a report in headless Chromium as a person would: a harness page loads the report's
// index.html in an iframe (same origin: --allow-file-access-from-files) and, once it has loaded,
// runs the test's JavaScript against the report's own window: real clicks on the map's shapes,
// real mouse moves over the charts. What the script returns comes back as JSON.
#include "test_support.hpp"

#include <nlohmann/json.hpp>

#include <string>

namespace sezu::test {

/// The report at `index` (a path) driven by `actions`: the body of a JavaScript function of
/// `w` (the report's window) and `doc` (its document) that returns a JSON-able value. The
/// harness is written into `work_dir`, which must be the folder holding the report's folder.
/// The result also holds "errors" (script errors, console.error calls and failed loads the
/// report's page recorded) and "requests" (every resource the page loaded that is not a
/// file:// URL). A failing harness gives {"harnessError": ...}.
nlohmann::json drive_report(const TempDir& work_dir, const std::string& index,
                            const std::string& actions);

/// Headless Chromium's command line (no network, a profile in `work_dir`), ending in a space.
std::string chromium_command(const TempDir& work_dir, int width, int height);

} // namespace sezu::test

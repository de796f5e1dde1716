#pragma once
/// The fetcher's options for a run's configuration: one place, so that every command (run,
/// discover, quicklook) downloads with the same cache, limits, token and token origin.
#include "sezu/run/config.hpp"
#include "sezu/fetch/fetch.hpp"

namespace sezu {

/// Cache, parallel downloads, transfer limits, the login (login.hpp; its files read now:
/// throws ConfigError for an unreadable or malformed one), the source whose origin alone gets
/// the credential, the user agent, and quiet when the log is.
FetchOptions fetch_options_for(const Config& config);

} // namespace sezu

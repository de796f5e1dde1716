#pragma once
/// The fetcher's options for a run's configuration: one place, so that every command (run,
/// discover, quicklook) downloads with the same cache, limits, token and token origin.
#include "sezu/run/config.hpp"
#include "sezu/fetch/fetch.hpp"

namespace sezu {

/// Cache, parallel downloads, transfer limits, the token (read now: throws ConfigError for an
/// unreadable token file), the source whose origin alone gets the token, and quiet when the
/// log is.
FetchOptions fetch_options_for(const Config& config);

} // namespace sezu

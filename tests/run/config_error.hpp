#pragma once
/// The message of the ConfigError that a config's JSON gives when parsed and validated (as
/// /x/job.json), for the config tests; a test failure when it gives none.
#include "sezu/core/error.hpp"
#include "sezu/run/config.hpp"

#include <gtest/gtest.h>

#include <string>

namespace sezu::test {

inline std::string config_error(const std::string& json)
{
    try {
        parse_config_json(json, "/x", {}, "config /x/job.json").validate();
    } catch (const ConfigError& e) {
        return e.what();
    }
    ADD_FAILURE() << "no ConfigError for " << json;
    return "";
}

} // namespace sezu::test

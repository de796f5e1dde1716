#include "sezu/run/fetch_config.hpp"

#include "sezu/core/log.hpp"

namespace sezu {

FetchOptions fetch_options_for(const Config& config)
{
    FetchOptions o;
    o.cache_dir = config.cache_dir;
    o.parallel = config.downloads();
    o.limits = config.transfer;
    o.token = config.token();
    o.source = config.source;
    o.copy_local_source = config.copy_local_source;
    o.quiet = log::level() == log::Level::Quiet;
    return o;
}

} // namespace sezu

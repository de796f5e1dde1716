#include "sezu/run/fetch_config.hpp"

#include "sezu/core/log.hpp"

namespace sezu {

FetchOptions fetch_options_for(const Config& config)
{
    FetchOptions o;
    o.cache_dir = config.cache_dir;
    o.parallel = config.downloads();
    o.limits = config.transfer;
    o.source = config.source_template(); // the token's origin (login_options says why)
    o.user_agent = config.user_agent;
    // One login per process: every fetcher made from these options shares it (and its token
    // or session).
    o.login = std::make_shared<Login>(config.login_options());
    o.copy_local_source = config.copy_local_source;
    o.quiet = log::level() == log::Level::Quiet;
    return o;
}

} // namespace sezu

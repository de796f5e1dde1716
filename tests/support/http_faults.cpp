// The faults the test HTTP server can inject, and what it records of a request.
#include "http_server.hpp"

namespace sezu::test {

namespace {

Fault fault_of(Fault::Kind kind, int times)
{
    Fault f;
    f.kind = kind;
    f.times = times;
    return f;
}

} // namespace

Fault Fault::status_burst(int status, int times)
{
    Fault f = fault_of(Kind::Status, times);
    f.status = status;
    return f;
}

Fault Fault::drop_after(long long bytes, int times)
{
    Fault f = fault_of(Kind::DropAfter, times);
    f.after_bytes = bytes;
    return f;
}

Fault Fault::stall_after(long long bytes, std::chrono::milliseconds stall, int times)
{
    Fault f = fault_of(Kind::StallAfter, times);
    f.after_bytes = bytes;
    f.stall = stall;
    return f;
}

Fault Fault::login_redirect(int times)
{
    return fault_of(Kind::LoginRedirect, times);
}

Fault Fault::wrong_length(long long extra, int times)
{
    Fault f = fault_of(Kind::WrongLength, times);
    f.extra_length = extra;
    return f;
}

Fault Fault::not_found(int times)
{
    return fault_of(Kind::NotFound, times);
}

Fault Fault::silence(int times)
{
    return fault_of(Kind::Silence, times);
}

Fault Fault::trickle(long long after_bytes, double bytes_per_second, int times)
{
    Fault f = fault_of(Kind::Trickle, times);
    f.after_bytes = after_bytes;
    f.bytes_per_second = bytes_per_second;
    return f;
}

Fault Fault::redirect(const std::string& location, int times, int status)
{
    Fault f = fault_of(Kind::Redirect, times);
    f.location = location;
    f.status = status;
    return f;
}

std::string HttpRequest::header(const std::string& name) const
{
    const auto it = headers.find(name);
    return it == headers.end() ? std::string() : it->second;
}

} // namespace sezu::test

#include "sezu/core/error.hpp"

#include "sezu/core/redact.hpp"

namespace sezu {

Error::Error(const std::string& message) : std::runtime_error(redact_url(message)) {}

Error::Error(const char* message) : Error(std::string(message)) {}

} // namespace sezu

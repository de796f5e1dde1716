#pragma once
/// HTML text shared by the pages sezu writes (the mirror's listings, the report). Pure.
#include <string>

namespace sezu::html {

/// The text with & < > " escaped, safe inside element content and double-quoted attributes.
std::string escape(const std::string& text);

} // namespace sezu::html

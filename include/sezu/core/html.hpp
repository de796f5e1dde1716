#pragma once
/// HTML text shared by the pages sezu writes (the mirror's listings, the report). Pure.
#include <string>

namespace sezu::html {

/// The text with & < > " ' escaped: safe as element content and inside an attribute value
/// quoted with either quote. Not for a URL attribute (see url_path) or inside <script>/<style>,
/// where sezu puts no text from outside.
std::string escape(const std::string& text);

/// A relative file name as a URL path, for href/src: every byte but ASCII letters, digits and
/// `-._~/` percent-encoded, so that '#', '?', '%', ':' and spaces in a name are part of the name
/// (a name like "javascript:..." cannot become a scheme). Then escape() it for the attribute.
std::string url_path(const std::string& name);

} // namespace sezu::html

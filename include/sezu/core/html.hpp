#pragma once
/// HTML text shared by the pages sezu writes (the mirror's listings, the report). Pure.
#include <string>

namespace sezu::html {

/// The text with & < > " ' escaped: safe as element content and inside an attribute value
/// quoted with either quote. Not for a URL attribute (see url_path) or inside <script>/<style>
/// (see script_json).
std::string escape(const std::string& text);

/// A relative file name as a URL path, for href/src: every byte but ASCII letters, digits and
/// `-._~/` percent-encoded, so that '#', '?', '%', ':' and spaces in a name are part of the name
/// (a name like "javascript:..." cannot become a scheme). Then escape() it for the attribute.
std::string url_path(const std::string& name);

/// JSON text made safe as the content of a `<script type="application/json">` element: `<`, `>`
/// and `&` become \u003c, \u003e, \u0026 and the line separators U+2028/U+2029 become \u2028,
/// \u2029, so no text inside a JSON string can close the element (`</script>`), open a comment
/// (`<!--`) or break a line for an older JavaScript parser. JSON.parse reads the same values.
/// Valid only for JSON, where these characters can stand inside strings alone.
std::string script_json(const std::string& json);

} // namespace sezu::html

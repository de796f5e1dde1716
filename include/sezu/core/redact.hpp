#pragma once
/// Keeping secrets out of text: every string that may hold a URL (a message, a log line, the
/// source stored in the archive) goes through redact_url before anyone can see it. Pure string
/// work (no curl), so that every stage can use it.
#include <string>

namespace sezu {

/// The text with the secrets of every URL in it masked: "user:password@" credentials become
/// "***@" and the values of token-like query parameters (token, access_token, key, apikey,
/// password, secret, signature, sig, credential, session, auth..., code) become "***", e.g.
/// "fetch: HTTP 500 for https://u:p@h/x?token=abc&y=1" -> "fetch: HTTP 500 for
/// https://***@h/x?token=***&y=1". A URL ends at white space, a quote or '<' / '>'. Idempotent.
std::string redact_url(const std::string& text);

} // namespace sezu

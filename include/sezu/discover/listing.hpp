#pragma once
/// Discovery's first step: the files a publisher's folder holds, from its HTML listing (libxml2's
/// HTML parser, links resolved by curl's URL API) or, for a local folder without an index.html,
/// from the disk. Grouping them into a month's tiles is pure catalog work (catalog.hpp).
#include "sezu/discover/catalog.hpp"

#include <optional>
#include <string>
#include <vector>

namespace sezu {

/// The files an HTML directory listing (Apache autoindex or similar) links to, in page order,
/// each once: every <a href> resolved against `base_url` (the listing's URL), so a link to
/// another host or scheme comes back as its absolute URL for the fetcher to judge. HTML entities
/// are decoded by the parser, file names are percent-decoded. Left out: links to folders
/// (the parent, sub-folders), links to the page itself ("?C=N;O=D" sort links, "#top"), and
/// what is not a URL curl can fetch (mailto:, javascript:). A page with Apache's styled table
/// (<table id="indexlist">, as EOG's Apaxy theme sends it) is read from that table only: the
/// theme's links around it (home, breadcrumbs, pages elsewhere) are not the folder's files.
/// Malformed HTML is read as a browser would; never throws for bad HTML.
std::vector<ListingEntry> parse_listing(const std::string& html, const std::string& base_url);

/// The files of the local folder at the file:// URL `dir_url`, sorted by name (sub-folders left
/// out), as parse_listing would give them for a listing of it. Nothing when it is not a folder;
/// FetchError when it cannot be read.
std::optional<std::vector<ListingEntry>> list_local_folder(const std::string& dir_url);

} // namespace sezu

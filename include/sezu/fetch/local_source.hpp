#pragma once
/// The archives of a local (file://) source, read where they are instead of copied into the
/// cache: a second copy of a local tree only costs disk and time. (FetchOptions::
/// copy_local_source copies them instead, for a source on a slow network mount.)
#include "sezu/fetch/fetch.hpp"

#include <string>

namespace sezu {

/// The file behind `url` (file:// with an empty or "localhost" host; percent-decoded) checked
/// as a tile archive, as a download is: a regular file (symbolic links followed), readable, not
/// empty and starting with the gzip magic (1f 8b), so that an HTML page saved under the
/// archive's name is caught here, not halfway through a month. Returns its path and size
/// (bytes), with from_cache and in_place set; a truncated archive shows when it is
/// read. `context` ("(201709, 75N180W)") goes
/// into messages. Throws FetchError naming the file and what to do.
/// A Black Marble granule (`format` Hdf5) must start with HDF5's signature instead.
CachedFile local_archive(const std::string& url, const std::string& context,
                         FileFormat format = FileFormat::Gzip);

} // namespace sezu

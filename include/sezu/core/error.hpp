#pragma once
/// The one error hierarchy of sezu. Every message names the stage and the input it was about
/// and, where possible, what the user can do, e.g.
/// "fetch: HTTP 404 for <url> (201905, 75N060W)".
#include <stdexcept>
#include <string>

namespace sezu {

/// Base of all sezu errors.
class Error : public std::runtime_error {
public:
    /// Every URL in the message is redacted (redact.hpp): an error may be printed, logged or
    /// stored in the archive as a month's reason without revealing credentials.
    explicit Error(const std::string& message);
    explicit Error(const char* message);
};

/// Bad user input: options, config file, span, zones file, output path. Stops the whole run.
class ConfigError : public Error {
public:
    using Error::Error;
};

/// Listing or download failed (network, HTTP status, HTML instead of data). Fails one month.
class FetchError : public Error {
public:
    using Error::Error;
};

/// The data itself is wrong: corrupt archive, tile on the wrong grid, bad raster. Fails one month.
class DataError : public Error {
public:
    using Error::Error;
};

/// GDAL reported an error (message is GDAL's own).
class GdalError : public Error {
public:
    using Error::Error;
};

/// Reading or writing the HDF5 archive failed.
class ArchiveError : public Error {
public:
    using Error::Error;
};

/// MPI communication failed.
class CommError : public Error {
public:
    using Error::Error;
};

} // namespace sezu

#pragma once
// Private to the fetch stage: one tile's download across its attempts (the curl callbacks that
// write the .part, and the verdict on each finished attempt). Fetcher::fetch_tiles runs many
// of them at once.
#include "fetch_curl.hpp"

#include "sezu/fetch/digest.hpp"
#include "sezu/fetch/part_file.hpp"
#include "sezu/fetch/transfer_limits.hpp"

#include <chrono>
#include <memory>
#include <optional>
#include <string>

namespace sezu::detail {

/// What to do after a finished attempt.
struct Verdict {
    enum Kind { Done, Retry, Fail } kind = Done;
    std::string message; ///< for Retry / Fail; names the URL and the tile
    long retry_after_s = 0;
    bool restart = false; ///< Retry from byte 0: what the .part holds cannot be continued
};

struct Transfer {
    enum State { Waiting, Active, Finished };
    using Clock = std::chrono::steady_clock;

    const TileRef* tile = nullptr;
    size_t index = 0;
    std::string final_path;
    std::string context; ///< "(201905, 75N060W)"
    State state = Waiting;
    int attempts = 0; ///< attempts started, every one counted
    Clock::time_point not_before{};

    std::unique_ptr<PartFile> part;
    CurlEasy easy;
    CURLM* attached = nullptr;
    char errbuf[CURL_ERROR_SIZE] = {};
    bool file = false; ///< a file:// URL: no headers, no ranges
    std::optional<Credential> credential; ///< what the current attempt was sent with
    /// Size of the whole file that a part taken over from an interrupted run belongs to: a
    /// resume that finds the server's file of another size starts over. -1: none.
    long long pinned_total = -1;
    long long checkpoint_every = 0; ///< bytes between checkpoints on the .part (0: none)
    long long checkpointed = 0;     ///< bytes covered by the last checkpoint

    // Per attempt
    TransferWatch watch;       ///< the deadlines of this attempt
    std::string limit_hit;     ///< set when the watch ended the attempt
    long long offset = 0;      ///< bytes in the .part when the attempt began
    long long start_size = 0;  ///< the same, kept when a 200 resets `offset`
    long long received = 0;    ///< body bytes written by this attempt
    std::string content_range; ///< of the latest response
    bool body_seen = false;    ///< the first body byte of this attempt was judged
    bool discard = false;      ///< an error page's body: not data, not written
    bool range_mismatch = false;
    int write_errno = 0;
    long long expected_total = -1; ///< whole file size, once a response told it

    /// SHA-256 of the .part's bytes as they are written, so the archive is not read again just
    /// to hash it (remembered on the cached file: digest.hpp), and for the checkpoints that let
    /// a later run resume the .part (part_file.hpp).
    Sha256 digest;
    bool digest_known = true;

    Transfer() = default;
    Transfer(const Transfer&) = delete;
    Transfer& operator=(const Transfer&) = delete;
    ~Transfer() { detach(); }

    /// Takes the handle out of the multi handle (aborting it if still running). Must happen
    /// before the easy handle is cleaned up.
    void detach() noexcept;
    /// Bytes of the file on disk so far (for progress).
    long long have() const { return offset + received; }
    std::string where() const { return tile->url + " " + context; }
    /// Records a checkpoint on the .part when the digest covers all of it.
    void checkpoint();
};

/// Prepares the next attempt of `t` (resuming what its .part holds) and adds it to `multi`.
/// `credential`: what to send it with (none: nothing).
void start_attempt(Transfer& t, CURLM* multi, const FetchOptions& options,
                   std::optional<Credential> credential);

/// Judges a finished attempt; the .part is closed, so its size and first bytes are final.
Verdict judge_tile(Transfer& t, CURLcode rc, const FetchOptions& options);

} // namespace sezu::detail

#pragma once
// Shared by tests that look for secrets in what sezu prints: stdout and stderr captured into a
// file while alive.
#include "test_support.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <string>

namespace sezu::test {

/// Redirects stdout and stderr into a file while alive (the fetcher writes progress and retry
/// notices to stderr; a token must not be among them).
class CaptureOutput {
public:
    explicit CaptureOutput(const std::string& path) : m_path(path)
    {
        std::cout.flush();
        std::cerr.flush();
        std::fflush(nullptr);
        m_out = ::dup(1);
        m_err = ::dup(2);
        const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        ::dup2(fd, 1);
        ::dup2(fd, 2);
        ::close(fd);
    }
    ~CaptureOutput() { restore(); }
    CaptureOutput(const CaptureOutput&) = delete;
    CaptureOutput& operator=(const CaptureOutput&) = delete;

    std::string finish()
    {
        restore();
        return read_text(m_path);
    }

private:
    void restore()
    {
        if (m_out < 0)
            return;
        std::cout.flush();
        std::cerr.flush();
        std::fflush(nullptr);
        ::dup2(m_out, 1);
        ::dup2(m_err, 2);
        ::close(m_out);
        ::close(m_err);
        m_out = m_err = -1;
    }

    std::string m_path;
    int m_out = -1;
    int m_err = -1;
};

} // namespace sezu::test

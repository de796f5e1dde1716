#pragma once
/// The message of an exception a test expects, to check what it tells the user.
#include <gtest/gtest.h>

#include <string>
#include <utility>

namespace sezu::test {

/// Runs `f` and returns the what() of the `E` it throws (any other exception propagates).
/// When it throws nothing, that is a test failure and the message is "(no exception)".
template <class E, class F> std::string error_message(F&& f)
{
    try {
        std::forward<F>(f)();
    } catch (const E& e) {
        return e.what();
    }
    ADD_FAILURE() << "the expected exception was not thrown";
    return "(no exception)";
}

} // namespace sezu::test

#pragma once
// Runs gnuplot on a script file, as a child process with no shell in between. The report's plots
// are drawn by gnuplot rather than by sezu: axes, tics, legends and fonts are its trade.
//
// gnuplot's scripts are code: in a double-quoted string it runs `backquoted` text as a shell
// command, outside quotes it expands @macros, any expression may call system(), and a file name
// starting with '<' or '|' is a pipe. So no text from an archive, zones file, config or command
// line is ever written into a script: the script names only files sezu chose (relative to a
// working folder, see run_gnuplot) and dates it made (script_literal), and every label is read
// by the script from a data file (label_field), where gnuplot treats it as text only.
#include <cstddef>
#include <string>

namespace sezu::detail {

/// Runs `program -d script` with `work_dir` as its working folder (the script's path and every
/// file it names are relative to it) and stdout/stderr going to `log_path` (relative to our
/// own working folder). -d: no gnuplotrc is read, so plots look the same for everyone. Throws
/// ConfigError when the program is not installed and DataError (with the end of its log) when
/// it fails.
void run_gnuplot(const std::string& program, const std::string& work_dir,
                 const std::string& script, const std::string& log_path);

/// Text that sezu made itself (a date, a file name it chose) as a single-quoted gnuplot string
/// literal, where gnuplot substitutes nothing. Throws std::logic_error (a bug in sezu, not bad
/// input) when the text holds anything but ASCII letters, digits and `._/-`: text from outside
/// sezu never goes into a script, it goes through label_field.
std::string script_literal(const std::string& text);

/// Labels longer than this many bytes are cut (at a character) and end in "…": a plot has no
/// room for more, and gnuplot truncates a data field above 1024 characters.
constexpr std::size_t kMaxLabelBytes = 180;

/// Text as one field of a gnuplot data file, read back by `strcol(n)` byte for byte: every byte
/// is written as the octal escape \0ooo that gnuplot decodes in string fields, so the field holds
/// only '\' and octal digits and nothing in it can end the field, start a comment, look like
/// "NaN" or be quoted. Control characters become spaces and bytes that are not UTF-8 become '?'
/// (an SVG must be well-formed XML); at most kMaxLabelBytes bytes are kept.
std::string label_field(const std::string& text);

} // namespace sezu::detail

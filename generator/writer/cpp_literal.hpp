// Text embedded in generated sources: C++ string literals of a file or of a message, so that the
// compiled string is byte-for-byte the original, and the text of one-line comments.
#pragma once

#include <string>
#include <string_view>

namespace strata {

// A literal whose value is exactly `text`. A raw string literal R"<delim>(...)<delim>" when the
// text survives one unchanged (no carriage return or other control character but tab and
// newline, valid UTF-8); the delimiter is `delimiter_base`, or `delimiter_base` plus a number when
// the text contains `)<delimiter_base>"`. Otherwise an ordinary escaped literal.
std::string cpp_text_literal(std::string_view text, std::string_view delimiter_base = "strata");

// `std::string_view{<cpp_text_literal>, <size>}`: with the length given, compilers need not count
// a megabyte-sized literal character by character in constant evaluation (g++ does, slowly).
std::string cpp_string_view(std::string_view text, std::string_view delimiter_base = "strata");

// An ordinary "..." literal: quote, backslash, and every byte outside printable ASCII except
// valid UTF-8 escaped (octal escapes, which never swallow a following digit beyond three).
std::string cpp_string_literal(std::string_view text);

// Comment text on one line: control characters (a newline would end the comment) become spaces.
std::string one_line(std::string_view text);

}  // namespace strata

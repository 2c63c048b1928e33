#include "generator/writer/cpp_literal.hpp"

#include <cstddef>

namespace strata {
namespace {

// Length of the valid UTF-8 multi-byte sequence starting at text[i], or 0 when there is none.
std::size_t utf8_sequence_length(std::string_view text, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char lead = byte(i);
  std::size_t length = 0;
  unsigned char min_second = 0x80;
  unsigned char max_second = 0xbf;
  if (lead >= 0xc2 && lead <= 0xdf) {
    length = 2;
  } else if (lead >= 0xe0 && lead <= 0xef) {
    length = 3;
    if (lead == 0xe0) min_second = 0xa0;  // overlong
    if (lead == 0xed) max_second = 0x9f;  // surrogates
  } else if (lead >= 0xf0 && lead <= 0xf4) {
    length = 4;
    if (lead == 0xf0) min_second = 0x90;  // overlong
    if (lead == 0xf4) max_second = 0x8f;  // above U+10FFFF
  } else {
    return 0;
  }
  if (i + length > text.size()) return 0;
  if (byte(i + 1) < min_second || byte(i + 1) > max_second) return 0;
  for (std::size_t k = 2; k < length; ++k)
    if (byte(i + k) < 0x80 || byte(i + k) > 0xbf) return 0;
  return length;
}

// True when a raw string literal reproduces the text exactly: the compiler normalises line
// endings and may reject or transcode invalid UTF-8, so those go through escapes instead.
bool survives_raw_literal(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x80) {
      const std::size_t length = utf8_sequence_length(text, i);
      if (length == 0) return false;
      i += length;
      continue;
    }
    if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7f) return false;
    ++i;
  }
  return true;
}

}  // namespace

std::string cpp_string_literal(std::string_view text) {
  static constexpr char kOctal[] = "01234567";
  std::string out = "\"";
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x80) {
      if (const std::size_t length = utf8_sequence_length(text, i); length != 0) {
        out.append(text.substr(i, length));
        i += length;
        continue;
      }
    }
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      // "??" followed by certain characters were trigraphs before C++17; "?\?" is always safe.
      case '?': out += (i + 1 < text.size() && text[i + 1] == '?') ? "?\\" : "?"; break;
      default:
        if (c < 0x20 || c >= 0x7f) {
          out += '\\';
          out += kOctal[(c >> 6) & 7];
          out += kOctal[(c >> 3) & 7];
          out += kOctal[c & 7];
        } else {
          out += static_cast<char>(c);
        }
    }
    ++i;
  }
  out += '"';
  return out;
}

namespace {

// cpp_text_literal's text, appended to `out` with room for it reserved once: the registry's
// literals are megabytes (the head snapshot among them).
void append_text_literal(std::string& out, std::string_view text, std::string_view delimiter_base) {
  if (!survives_raw_literal(text)) {
    out += cpp_string_literal(text);
    return;
  }
  // A raw-string delimiter has at most 16 characters; the numbered variants stay within that for
  // any base of up to 10 characters.
  std::string delimiter(delimiter_base.substr(0, 10));
  for (int attempt = 1; text.find(")" + delimiter + "\"") != std::string_view::npos; ++attempt)
    delimiter = std::string(delimiter_base.substr(0, 10)) + std::to_string(attempt);
  out.reserve(out.size() + text.size() + 2 * delimiter.size() + 8);
  out += "R\"";
  out += delimiter;
  out += '(';
  out += text;
  out += ')';
  out += delimiter;
  out += '"';
}

}  // namespace

std::string cpp_text_literal(std::string_view text, std::string_view delimiter_base) {
  std::string out;
  append_text_literal(out, text, delimiter_base);
  return out;
}

std::string cpp_string_view(std::string_view text, std::string_view delimiter_base) {
  const std::string size = std::to_string(text.size());
  std::string out;
  out.reserve(text.size() + size.size() + 64);
  out += "std::string_view{";
  append_text_literal(out, text, delimiter_base);
  out += ", ";
  out += size;
  out += '}';
  return out;
}

std::string one_line(std::string_view text) {
  std::string out(text);
  for (char& c : out)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = ' ';
  return out;
}

}  // namespace strata

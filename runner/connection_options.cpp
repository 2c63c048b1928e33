#include "runner/connection_options.hpp"

#include <cctype>
#include <cstdlib>
#include <vector>

namespace strata {
namespace {

constexpr std::string_view kMask = "***";

bool starts_with_ci(std::string_view text, std::size_t at, std::string_view prefix) {
  if (text.size() - at < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(text[at + i])) != prefix[i]) return false;
  }
  return true;
}

bool is_space(char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; }

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string percent_decode(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size()) {
      int hi = hex_value(text[i + 1]);
      int lo = hex_value(text[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out += static_cast<char>(hi * 16 + lo);
        i += 2;
        continue;
      }
    }
    out += text[i];
  }
  return out;
}

// A URL starts at "postgresql://" or "postgres://" and runs to whitespace or a quote character
// (error messages quote the conninfo).
std::size_t url_scheme_length(std::string_view text, std::size_t at) {
  if (starts_with_ci(text, at, "postgresql://")) return 13;
  if (starts_with_ci(text, at, "postgres://")) return 11;
  return 0;
}

bool ends_url(char c) { return is_space(c) || c == '"' || c == '\'' || c == '`'; }

// Span [begin, end) of a secret inside `text`, and its decoded value.
struct Secret {
  std::size_t begin;
  std::size_t end;
  std::string value;
};

// The secrets of the URL text[start, end): the userinfo password and password= parameters.
void find_url_secrets(std::string_view text, std::size_t start, std::size_t end,
                      std::size_t scheme_length, std::vector<Secret>& out) {
  std::size_t authority = start + scheme_length;
  std::size_t authority_end = authority;
  while (authority_end < end && text[authority_end] != '/' && text[authority_end] != '?' &&
         text[authority_end] != '#') {
    ++authority_end;
  }
  // The last '@' of the authority ends the userinfo: a password with an unescaped '@' is still
  // masked whole.
  std::size_t at = text.rfind('@', authority_end == 0 ? 0 : authority_end - 1);
  if (at != std::string_view::npos && at >= authority && at < authority_end) {
    std::size_t colon = text.find(':', authority);
    if (colon != std::string_view::npos && colon < at) {
      out.push_back({colon + 1, at, percent_decode(text.substr(colon + 1, at - colon - 1))});
    }
  }
  std::size_t query = text.find('?', authority);
  if (query == std::string_view::npos || query >= end) return;
  std::size_t param = query + 1;
  while (param < end) {
    std::size_t param_end = param;
    while (param_end < end && text[param_end] != '&') ++param_end;
    if (starts_with_ci(text, param, "password=")) {
      std::size_t value = param + 9;
      out.push_back({value, param_end, percent_decode(text.substr(value, param_end - value))});
    }
    param = param_end + 1;
  }
}

// password = value in key=value text, value unquoted (to whitespace) or single-quoted with
// backslash escapes, as libpq reads it.
bool find_keyword_secret(std::string_view text, std::size_t at, std::vector<Secret>& out, std::size_t& resume) {
  if (!starts_with_ci(text, at, "password")) return false;
  if (at > 0) {
    char before = text[at - 1];
    if (std::isalnum(static_cast<unsigned char>(before)) || before == '_') return false;
  }
  std::size_t i = at + 8;
  while (i < text.size() && is_space(text[i])) ++i;
  if (i >= text.size() || text[i] != '=') return false;
  ++i;
  while (i < text.size() && is_space(text[i])) ++i;
  std::size_t begin = i;
  std::string value;
  if (i < text.size() && text[i] == '\'') {
    ++i;
    while (i < text.size() && text[i] != '\'') {
      if (text[i] == '\\' && i + 1 < text.size()) ++i;
      value += text[i];
      ++i;
    }
    if (i < text.size()) ++i;  // closing quote
  } else {
    while (i < text.size() && !is_space(text[i]) && text[i] != '"') {
      value += text[i];
      ++i;
    }
  }
  out.push_back({begin, i, value});
  resume = i;
  return true;
}

std::vector<Secret> find_secrets(std::string_view text) {
  std::vector<Secret> secrets;
  std::size_t i = 0;
  while (i < text.size()) {
    if (std::size_t scheme = url_scheme_length(text, i); scheme != 0) {
      std::size_t end = i + scheme;
      while (end < text.size() && !ends_url(text[end])) ++end;
      find_url_secrets(text, i, end, scheme, secrets);
      i = end;
      continue;
    }
    std::size_t resume = 0;
    if (find_keyword_secret(text, i, secrets, resume)) {
      i = resume;
      continue;
    }
    ++i;
  }
  return secrets;
}

void replace_all(std::string& text, std::string_view needle) {
  if (needle.empty()) return;
  std::size_t at = 0;
  while ((at = text.find(needle, at)) != std::string::npos) {
    text.replace(at, needle.size(), kMask);
    at += kMask.size();
  }
}

}  // namespace

std::string resolve_conninfo(const std::optional<std::string>& url_option, std::string_view env_var_name) {
  if (url_option) return *url_option;
  if (!env_var_name.empty()) {
    if (const char* value = std::getenv(std::string(env_var_name).c_str()); value && *value) return value;
  }
  return "";
}

std::string mask_password(std::string_view text) {
  std::string out;
  std::size_t copied = 0;
  for (const Secret& secret : find_secrets(text)) {
    out.append(text.substr(copied, secret.begin - copied));
    out.append(kMask);
    copied = secret.end;
  }
  out.append(text.substr(copied));
  return out;
}

std::optional<std::string> password_of(std::string_view conninfo) {
  std::vector<Secret> secrets = find_secrets(conninfo);
  if (secrets.empty()) return std::nullopt;
  return secrets.back().value;  // libpq lets a later setting win
}

std::string scrub_password(std::string_view text, std::string_view conninfo) {
  std::string out = mask_password(text);
  for (const Secret& secret : find_secrets(conninfo)) {
    replace_all(out, conninfo.substr(secret.begin, secret.end - secret.begin));
    replace_all(out, secret.value);
  }
  if (const char* env_password = std::getenv("PGPASSWORD"); env_password) replace_all(out, env_password);
  return out;
}

}  // namespace strata

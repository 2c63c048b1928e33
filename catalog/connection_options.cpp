#include "catalog/connection_options.hpp"

#include <cctype>
#include <cstdlib>
#include <memory>
#include <vector>

#include <libpq-fe.h>

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
void find_url_secrets(std::string_view text, std::size_t start, std::size_t end, std::size_t scheme_length,
                      std::vector<Secret>& out) {
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

// PQconninfoParse's result, freed with PQconninfoFree.
struct ConninfoOptionsFree {
  void operator()(PQconninfoOption* options) const { PQconninfoFree(options); }
};
using ConninfoOptions = std::unique_ptr<PQconninfoOption, ConninfoOptionsFree>;

// libpq's parse of `conninfo`; null (and `error` set) when libpq cannot parse it.
ConninfoOptions parse_conninfo(std::string_view conninfo, std::string* error = nullptr) {
  char* message = nullptr;
  ConninfoOptions options(PQconninfoParse(std::string(conninfo).c_str(), &message));
  if (message != nullptr) {
    if (error != nullptr) *error = message;
    PQfreemem(message);
  }
  return options;
}

// libpq's parse errors quote the piece they could not read, which may be (part of) the password:
// every quoted piece becomes "…".
std::string without_quoted_pieces(std::string_view message) {
  std::string out;
  bool quoted = false;
  for (char c : message) {
    if (c == '"') {
      out += quoted ? "…\"" : "\"";
      quoted = !quoted;
    } else if (!quoted && c != '\n') {
      out += c;
    }
  }
  return out;
}

// What describe_connection() shows: where and as whom, never a secret (no password, sslkey, ...).
constexpr std::string_view kShownKeywords[] = {"host", "hostaddr", "port", "dbname", "user"};

bool needs_quotes(std::string_view value) {
  if (value.empty()) return true;
  for (char c : value) {
    if (is_space(c) || c == '\'' || c == '\\') return true;
  }
  return false;
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

std::string scrub_password(std::string_view text, std::string_view conninfo) {
  std::string out(text);
  // The connection string itself, verbatim, before anything in it is replaced.
  if (!conninfo.empty()) {
    for (std::size_t at = 0; (at = out.find(conninfo, at)) != std::string::npos;) {
      std::string described = describe_connection(conninfo);
      out.replace(at, conninfo.size(), described);
      at += described.size();
    }
  }
  out = mask_password(out);
  if (std::optional<std::string> password = password_of(conninfo)) replace_all(out, *password);
  for (const Secret& secret : find_secrets(conninfo)) {
    replace_all(out, conninfo.substr(secret.begin, secret.end - secret.begin));
    replace_all(out, secret.value);
  }
  if (const char* env_password = std::getenv("PGPASSWORD"); env_password) replace_all(out, env_password);
  return out;
}

std::optional<std::string> password_of(std::string_view conninfo) {
  if (conninfo.empty()) return std::nullopt;
  ConninfoOptions options = parse_conninfo(conninfo);
  if (!options) return std::nullopt;
  for (const PQconninfoOption* option = options.get(); option->keyword != nullptr; ++option) {
    if (std::string_view(option->keyword) == "password" && option->val != nullptr && *option->val != '\0') {
      return std::string(option->val);
    }
  }
  return std::nullopt;
}

std::optional<std::string> conninfo_error(std::string_view conninfo) {
  if (conninfo.empty()) return std::nullopt;
  std::string error;
  if (parse_conninfo(conninfo, &error)) return std::nullopt;
  return without_quoted_pieces(error);
}

std::string describe_connection(std::string_view conninfo) {
  if (conninfo.empty()) return "the database named by the PG* environment variables";
  ConninfoOptions options = parse_conninfo(conninfo);
  if (!options) return "an invalid connection string";
  std::string out;
  for (std::string_view keyword : kShownKeywords) {
    for (const PQconninfoOption* option = options.get(); option->keyword != nullptr; ++option) {
      if (keyword != option->keyword || option->val == nullptr || *option->val == '\0') continue;
      std::string value = option->val;
      if (needs_quotes(value)) {
        std::string quoted = "'";
        for (char c : value) {
          if (c == '\'' || c == '\\') quoted += '\\';
          quoted += c;
        }
        value = quoted + "'";
      }
      out += (out.empty() ? "" : " ") + std::string(keyword) + "=" + value;
    }
  }
  return out.empty() ? std::string("the default database (libpq defaults)") : out;
}

std::string with_database(std::string_view conninfo, std::string_view database) {
  auto quoted = [](std::string_view value) {
    std::string out = "'";
    for (char c : value) {
      if (c == '\'' || c == '\\') out += '\\';
      out += c;
    }
    return out + "'";
  };
  std::string out;
  if (ConninfoOptions options = parse_conninfo(conninfo)) {
    for (const PQconninfoOption* option = options.get(); option->keyword != nullptr; ++option) {
      if (option->val == nullptr || *option->val == '\0' || std::string_view(option->keyword) == "dbname") continue;
      out += std::string(option->keyword) + "=" + quoted(option->val) + " ";
    }
  }
  return out + "dbname=" + quoted(database);
}

std::string server_state(const std::string& conninfo) {
  struct ConnectionFinish {
    void operator()(PGconn* connection) const { PQfinish(connection); }
  };
  const std::unique_ptr<PGconn, ConnectionFinish> probe(PQconnectdb(conninfo.c_str()));
  if (probe && PQstatus(probe.get()) == CONNECTION_OK) {
    return "the server accepts connections again (the session was ended: a crash, a restart or pg_terminate_backend)";
  }
  std::string reason = probe ? PQerrorMessage(probe.get()) : "out of memory";
  for (char& c : reason) c = (c == '\n' || c == '\t') ? ' ' : c;
  while (!reason.empty() && reason.back() == ' ') reason.pop_back();
  return "the server now says: " + scrub_password(reason, conninfo);
}

}  // namespace strata

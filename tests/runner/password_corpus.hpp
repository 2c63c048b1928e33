// Generated passwords and the connection strings that carry them, in every shape libpq reads: a
// URI with the password percent-encoded in the userinfo, raw in the userinfo (only what libpq
// cannot take raw is encoded: '@', '/', '%'), percent-encoded in a password= query parameter, and
// key=value single-quoted with backslash escapes or bare.
#pragma once

#include <cctype>
#include <regex>
#include <string>
#include <vector>

namespace strata::test {

// Each password holds a distinctive core ("Kx1234Vw") so it cannot occur in a message by chance,
// and one or more of the characters that broke text-based masking.
inline std::vector<std::string> generated_passwords() {
  const std::vector<std::string> specials = {
      " ",  "\t", "'",  "\"", "#",  "?",  "/",  "@",  ":",  "%",  "&",  "=",  "\\",
      "+",  ";",  ",",  "$",  "!",  "*",  "[",  "]",  "é",  "€",  "%41", "\\'"};
  std::vector<std::string> passwords;
  int n = 1000;
  for (const std::string& c : specials) {
    const std::string core = "Kx" + std::to_string(n++) + "Vw";
    passwords.push_back(c + core);
    passwords.push_back(core + c);
    passwords.push_back(core.substr(0, 3) + c + core.substr(3));
    passwords.push_back(c + c + core + c);
    passwords.push_back("password=" + core + c);
    passwords.push_back(core + c + "@host:5432/db");
    passwords.push_back(c + core + " " + c);
    passwords.push_back(core + "?sslmode=disable" + c);
  }
  return passwords;  // 25 × 8 = 200
}

inline std::string percent_encoded(const std::string& text, const std::string& raw_ok) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (std::isalnum(byte) || raw_ok.find(c) != std::string::npos) {
      out += c;
    } else {
      out += '%';
      out += hex[byte >> 4];
      out += hex[byte & 15];
    }
  }
  return out;
}

inline std::string single_quoted(const std::string& text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'' || c == '\\') out += '\\';
    out += c;
  }
  return out + "'";
}

// True when `text` shows any generated password's core, whole or in part ("Kx1", "7Vw").
inline bool shows_a_password(const std::string& text) {
  static const std::regex core(R"(Kx[0-9]|[0-9]Vw)");
  return std::regex_search(text, core);
}

struct ConninfoShape {
  std::string name;
  std::string conninfo;
};

// `password` for `user` on host:port/dbname, in each shape libpq accepts for it.
inline std::vector<ConninfoShape> conninfo_shapes(const std::string& user, const std::string& password,
                                                  const std::string& host, int port, const std::string& dbname) {
  const std::string where = host + ":" + std::to_string(port) + "/" + dbname;
  std::vector<ConninfoShape> shapes = {
      {"uri-userinfo-encoded", "postgresql://" + user + ":" + percent_encoded(password, "-._~") + "@" + where},
      {"uri-query-encoded", "postgres://" + user + "@" + where + "?password=" + percent_encoded(password, "-._~")},
      {"keyword-quoted", "host=" + host + " port=" + std::to_string(port) + " dbname=" + dbname + " user=" + user +
                             " password=" + single_quoted(password)},
  };
  // Raw in the userinfo: libpq ends the userinfo at the first '@' or '/', decodes '%'.
  std::string raw;
  for (char c : password) {
    raw += (c == '@' || c == '/' || c == '%') ? percent_encoded(std::string(1, c), "") : std::string(1, c);
  }
  shapes.push_back({"uri-userinfo-raw", "postgresql://" + user + ":" + raw + "@" + where});
  bool bare_ok = password.find_first_of(" \t\n'\\") == std::string::npos;
  if (bare_ok) {
    shapes.push_back({"keyword-bare", "password=" + password + " user=" + user + " host=" + host + " port=" +
                                          std::to_string(port) + " dbname=" + dbname});
  }
  return shapes;
}

}  // namespace strata::test

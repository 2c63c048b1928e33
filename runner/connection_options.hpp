// Where the migrator connects, and keeping passwords out of everything it prints.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace strata {

// The connection string to hand libpq: `url_option` (--url) when given; else the value of the
// environment variable `env_var_name` (Registry::database_url_env, e.g. AUTOML_DATABASE_URL) when
// set and non-empty; else "" so libpq falls back to its PG* variables (PGHOST, PGDATABASE, ...).
std::string resolve_conninfo(const std::optional<std::string>& url_option, std::string_view env_var_name);

// The text with every password replaced by "***": in postgresql:// and postgres:// URLs (the
// user:password@ part and password= query parameters) and in key=value strings
// (password=secret, password='se cret'). Works on a bare conninfo and on any text that embeds one.
std::string mask_password(std::string_view text);

// mask_password(text), and additionally every literal occurrence of the password that `conninfo`
// carries (as written and percent-decoded) and of $PGPASSWORD: for libpq error messages, which may
// echo parts of the connection string in any form.
std::string scrub_password(std::string_view text, std::string_view conninfo);

// The password `conninfo` carries (URL userinfo, URL password= parameter or key=value), decoded;
// nullopt when it carries none.
std::optional<std::string> password_of(std::string_view conninfo);

}  // namespace strata

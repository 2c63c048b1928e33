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

// The text with `conninfo` (verbatim) replaced by describe_connection(conninfo), then
// mask_password(), then every occurrence of the password that `conninfo` carries (as libpq reads
// it, and as written) and of $PGPASSWORD replaced by "***": for libpq error messages, which may
// echo parts of the connection string in any form.
std::string scrub_password(std::string_view text, std::string_view conninfo);

// The password `conninfo` carries, as libpq reads it (PQconninfoParse: URL userinfo or password=
// parameter, percent-decoded; key=value, unquoted and unescaped); nullopt when it carries none or
// libpq cannot parse it.
std::optional<std::string> password_of(std::string_view conninfo);

// libpq's reason for refusing to parse `conninfo`, with every quoted piece of the string elided
// (it may be the password); nullopt when it parses (or is empty: libpq's defaults).
std::optional<std::string> conninfo_error(std::string_view conninfo);

// `conninfo` (a URL or key=value string; "" for libpq's defaults) naming `database` instead: a
// key=value string of the values it sets.
std::string with_database(std::string_view conninfo, std::string_view database);

// What the server says to a new connection now, for a message about a connection that broke:
// libpq's PQerrorMessage when it refuses ("the database system is in recovery mode": it crashed;
// "Connection refused": it is down), else that it accepts connections again. Password-scrubbed.
std::string server_state(const std::string& conninfo);

// Where `conninfo` connects, from libpq's parse of it and only its non-secret parts:
// "host=db.example port=5432 dbname=app user=migrator" (the keywords that are set). What the
// migrator prints to name a database: never the connection string itself.
std::string describe_connection(std::string_view conninfo);

}  // namespace strata

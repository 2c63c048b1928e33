// generated/registry.cpp: the registry the migrator compiles in (include/strata/revision.hpp).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "generator/writer/migration_set.hpp"

namespace strata {

inline constexpr std::string_view kRegistryFileName = "registry.cpp";
// strata_add_migrations(HISTORY_TABLE) when not given: the migrator's table since the first release.
inline constexpr std::string_view kDefaultHistoryTable = "public.strata_history";

// The text of registry.cpp for a loaded set: it #includes each revision's .cpp (by bare file
// name: the migrator adds the migrations directory to its include path) and embeds each
// revision's up- and down-SQL, byte for byte as on disk, with checksum = "<sha256 of up.sql>:<of down.sql>:<of the
// .cpp>". `history_table` is strata_add_migrations(HISTORY_TABLE): NAME or SCHEMA.NAME. Throws SettingsError when
// `database_url_env` is not an environment variable name
// ([A-Za-z_][A-Za-z0-9_]*) or `history_table` not NAME or SCHEMA.NAME (each part 1 to 63 bytes),
// std::system_error when an SQL file cannot be read. `unmanaged` (strata_add_migrations(UNMANAGED),
// globs on schema.name that `migrator check` leaves alone) is embedded only when given, so a set
// without it keeps its registry.cpp byte for byte; a pattern without a '.' is a SettingsError.
std::string render_registry(const MigrationSet& set, std::string_view set_name, std::string_view database_url_env,
                            std::string_view history_table = kDefaultHistoryTable,
                            const std::vector<std::string>& unmanaged = {});
// The same, from the bytes `set` was loaded from (load_migration_set(files)), not re-read.
std::string render_registry(const MigrationSet& set, const MigrationDirectory& files, std::string_view set_name,
                            std::string_view database_url_env, std::string_view history_table = kDefaultHistoryTable,
                            const std::vector<std::string>& unmanaged = {});

}  // namespace strata

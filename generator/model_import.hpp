// `strata-gen import`: model headers, and SQL_OBJECTS files for its views, functions and
// triggers, written from a live database (DESIGN.md, "Team and lifecycle commands"), such that
// generating from them on an empty history builds the same catalog.
//
// The catalog is read by catalog/'s inspector (the graph `migrator check` compares) and written by
// generator/writer's model_header_writer. Whatever the vocabulary cannot express is reported per
// object on `err` (`schema.name: not imported: why`), all of them at once; then nothing is written
// and the import fails (ImportRefused, exit 1): a partial set of models would build a different
// catalog. --ignore leaves objects out on purpose. The output directory is written whole or not at
// all (staged beside it, then renamed into place), and must be absent or empty.
#pragma once

#include <filesystem>
#include <iosfwd>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace strata {

struct ImportOptions {
  std::string conninfo;              // libpq connection string ("" for libpq's PG* variables)
  std::vector<std::string> schemas;  // empty: every schema that is not PostgreSQL's own nor an extension's
  std::vector<std::string> ignore;   // globs on "schema.name" (core/unmanaged_patterns.hpp)
  std::filesystem::path out_dir;
  std::string cpp_namespace = "models";
};

// Tables every database managed by a migration tool has and no model declares.
inline const std::vector<std::string> kImportIgnoredByDefault = {"*.alembic_version", "*.strata_history"};

// The database cannot be reached (exit 3, as for the migrator); the message names it by its
// non-secret parts and holds no password.
class ImportConnectionError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Writes the headers (and sql/ files) and prints their paths on `out`, a summary on `err`. Throws
// ImportConnectionError, or std::runtime_error (nothing written) for objects not imported, a
// schema that does not exist, or an output directory that is not empty.
void import_models(const ImportOptions& options, std::ostream& out, std::ostream& err);

}  // namespace strata

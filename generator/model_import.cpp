#include "generator/model_import.hpp"

#include <algorithm>
#include <ostream>
#include <pqxx/pqxx>

#include "catalog/connection_options.hpp"
#include "catalog/schema_inspector.hpp"
#include "catalog/unmodelled_objects.hpp"
#include "core/joined.hpp"
#include "core/unmanaged_patterns.hpp"
#include "generator/writer/directory_transaction.hpp"
#include "generator/writer/model_header_writer.hpp"

namespace fs = std::filesystem;

namespace strata {
namespace {

struct ReadCatalog {
  ModelGraph graph;
  std::vector<UnmodelledObject> unmodelled;
};

// One consistent snapshot of the catalog: the schemas (all of the user's when none is named), the
// graph and what it cannot hold, without what `ignore` matches.
ReadCatalog read_catalog(const ImportOptions& options, const UnmanagedPatterns& ignore) {
  const std::string where = describe_connection(options.conninfo);
  if (const std::optional<std::string> problem = conninfo_error(options.conninfo))
    throw ImportConnectionError("cannot connect to " + where + ": " + *problem);
  std::optional<pqxx::connection> connection;
  try {
    connection.emplace(options.conninfo);
  } catch (const pqxx::broken_connection& error) {
    throw ImportConnectionError("cannot connect to " + where + ": " + scrub_password(error.what(), options.conninfo));
  }
  pqxx::transaction<pqxx::repeatable_read, pqxx::read_only> tx(*connection, "strata import");
  turn_off_jit(tx);
  std::vector<std::string> schemas = options.schemas.empty() ? user_schemas(tx) : options.schemas;
  ReadCatalog read{ignore.without_matches(inspect_schemas(tx, schemas)), {}};
  std::vector<std::string> missing;
  for (const std::string& schema : schemas)
    if (read.graph.find_schema(schema) == nullptr) missing.push_back(schema);
  if (!missing.empty()) throw std::runtime_error("--schemas: no schema " + joined(missing, ", ") + " in " + where);
  for (UnmodelledObject& object : unmodelled_objects(tx, schemas)) {
    const std::size_t dot = object.object.find('.');
    if (!ignore.matches(object.object.substr(0, dot), object.object.substr(dot + 1)))
      read.unmodelled.push_back(std::move(object));
  }
  return read;
}

}  // namespace

void import_models(const ImportOptions& options, std::ostream& out, std::ostream& err) {
  if (fs::exists(options.out_dir) && !(fs::is_directory(options.out_dir) && fs::is_empty(options.out_dir)))
    throw std::runtime_error("--out " + options.out_dir.string() +
                             " exists and is not an empty directory; import writes a directory of its own");
  std::vector<std::string> patterns = kImportIgnoredByDefault;
  patterns.insert(patterns.end(), options.ignore.begin(), options.ignore.end());
  for (const std::string& pattern : options.ignore)
    if (const std::optional<std::string> problem = unmanaged_pattern_problem(pattern))
      throw std::runtime_error("--ignore " + *problem);
  const ReadCatalog read = read_catalog(options, UnmanagedPatterns(patterns));

  const ModelHeaders headers = write_model_headers(read.graph, options.cpp_namespace);
  std::vector<std::string> problems = headers.problems;
  for (const UnmodelledObject& object : read.unmodelled)
    problems.push_back(object.object + ": not imported: " + object.reason);
  std::sort(problems.begin(), problems.end());
  if (!problems.empty()) {
    for (const std::string& problem : problems) err << problem << "\n";
    throw std::runtime_error(std::to_string(problems.size()) +
                             " object(s) cannot be imported (above); nothing was written. Change them in the "
                             "database, or leave them out with --ignore SCHEMA.NAME");
  }

  const fs::path out_dir = fs::absolute(options.out_dir);
  fs::create_directories(out_dir.parent_path());
  const DirectoryLock lock(out_dir);
  remove_stale_staging(out_dir);
  DirectoryTransaction transaction(out_dir, lock);
  for (const auto& [path, content] : headers.files) {
    fs::create_directories((transaction.staging() / path).parent_path());
    transaction.write(path, content);
  }
  transaction.commit();
  std::size_t tables = 0;
  std::size_t enums = 0;
  std::vector<std::string> schemas;
  for (const Schema& schema : read.graph.schemas) {
    tables += schema.tables.size();
    enums += schema.enums.size();
    schemas.push_back(schema.name);
  }
  for (const auto& [path, content] : headers.files) out << (out_dir / path).string() << "\n";
  err << "strata-gen: imported " << tables << " table(s) and " << enums << " enum(s) of schema(s) "
      << joined(schemas, ", ") << " into " << out_dir.string() << "\n";
}

}  // namespace strata

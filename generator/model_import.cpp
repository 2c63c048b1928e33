#include "generator/model_import.hpp"

#include <algorithm>
#include <ostream>
#include <pqxx/pqxx>

#include "catalog/connection_options.hpp"
#include "catalog/schema_inspector.hpp"
#include "catalog/sql_object_catalog.hpp"
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
  // Views, functions and triggers (on the tables read), with only pg_catalog on the search path
  // so that every name their definitions mention is schema-qualified, as SQL_OBJECTS files name
  // what an object rests on.
  tx.exec("SET LOCAL search_path = pg_catalog");
  inspect_sql_objects(tx, schemas, read.graph);
  for (Schema& schema : read.graph.schemas)
    std::erase_if(schema.sql_objects, [&](const SqlObject& object) { return ignore.matches(schema.name, object.name); });
  return read;
}

// A name as part of a file name: a '/' (which an identifier may hold) and '%' percent-encoded.
std::string file_name_part(const std::string& name) {
  std::string out;
  for (const char c : name) out += c == '/' ? "%2F" : c == '%' ? "%25" : std::string(1, c);
  return out;
}

// A SQL_OBJECTS file of `object` (core/sql_object.hpp): "<schema>.<name>.view.sql",
// "<schema>.<name>.function.sql", "<schema>.<table>.<name>.trigger.sql" (trigger names are a
// table's own), under sql/. The statement inside names the object; the file name only finds it.
std::pair<fs::path, std::string> sql_object_file(const std::string& schema, const SqlObject& object) {
  std::string name = file_name_part(schema) + ".";
  switch (object.kind) {
    case SqlObjectKind::View: name += file_name_part(object.name) + ".view"; break;
    case SqlObjectKind::Function: name += file_name_part(object.name) + ".function"; break;
    case SqlObjectKind::Trigger:
      name += file_name_part(object.table) + "." + file_name_part(object.name) + ".trigger";
      break;
  }
  return {fs::path("sql") / (name + ".sql"), "CREATE " + object.definition + ";\n"};
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
  std::vector<std::pair<fs::path, std::string>> files(headers.files.begin(), headers.files.end());
  std::size_t tables = 0;
  std::size_t enums = 0;
  std::size_t sql_objects = 0;
  std::vector<std::string> schemas;
  for (const Schema& schema : read.graph.schemas) {
    tables += schema.tables.size();
    enums += schema.enums.size();
    sql_objects += schema.sql_objects.size();
    schemas.push_back(schema.name);
    for (const SqlObject& object : schema.sql_objects) files.push_back(sql_object_file(schema.name, object));
  }
  DirectoryTransaction transaction(out_dir, lock);
  for (const auto& [path, content] : files) {
    fs::create_directories((transaction.staging() / path).parent_path());
    transaction.write(path.string(), content);
  }
  transaction.commit();
  for (const auto& [path, content] : files) out << (out_dir / path).string() << "\n";
  err << "strata-gen: imported " << tables << " table(s), " << enums << " enum(s) and " << sql_objects
      << " view(s), function(s) and trigger(s) of schema(s) " << joined(schemas, ", ") << " into "
      << out_dir.string() << "\n";
  if (sql_objects > 0)
    err << "strata-gen: add " << (out_dir / "sql").string()
        << " to strata_add_migrations(SQL_OBJECTS ...) (strata-gen --sql-objects)\n";
}

}  // namespace strata

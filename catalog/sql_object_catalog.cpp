#include "catalog/sql_object_catalog.hpp"

#include <pqxx/pqxx>

#include "catalog/expression_normalizer.hpp"
#include "core/sql_object.hpp"

namespace strata {
namespace {

// The catalog query of each kind: (schema, name, table, definition) rows, `filter` the WHERE.
// The definition names the object `schema`.`name`, and a trigger's table `schema`.`table` (SQL
// expressions: the catalog's own names, or the model's for a probe).
struct Naming {
  std::string schema;
  std::string name;
  std::string table = "c.relname";
};

std::string views_query(const std::string& filter, const Naming& as = {"n.nspname", "c.relname"}) {
  return "SELECT n.nspname, c.relname, '', 'VIEW ' || quote_ident(" + as.schema + ") || '.' || quote_ident(" + as.name +
         ") ||\n"
         "  ' AS\n' || rtrim(pg_get_viewdef(c.oid), ';')\n"
         "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace\n"
         "WHERE c.relkind = 'v' AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass\n"
         "  AND d.objid = c.oid AND d.deptype = 'e') AND " +
         filter;
}

std::string functions_query(const std::string& filter, const Naming& as = {"n.nspname", "p.proname"}) {
  return "SELECT n.nspname, p.proname, '', 'FUNCTION ' || quote_ident(" + as.schema + ") || '.' || quote_ident(" +
         as.name +
         ") ||\n"
         "  '(' || pg_get_function_arguments(p.oid) || ')' ||\n"
         "  rtrim(substr(pg_get_functiondef(p.oid), strpos(pg_get_functiondef(p.oid), E'\\n')), E'\\n')\n"
         "FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace\n"
         "WHERE p.prokind = 'f' AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass\n"
         "  AND d.objid = p.oid AND d.deptype = 'e') AND " +
         filter;
}

// pg_get_triggerdef names the table schema-qualified, one in the session's temp schema "pg_temp".
std::string triggers_query(const std::string& filter, const Naming& as = {"n.nspname", "t.tgname"}) {
  const std::string catalog_table =
      "CASE WHEN n.oid = pg_my_temp_schema() THEN 'pg_temp' ELSE quote_ident(n.nspname) END || '.' || "
      "quote_ident(c.relname)";
  const std::string named_table = "quote_ident(" + as.schema + ") || '.' || quote_ident(" + as.table + ")";
  return "SELECT n.nspname, t.tgname, c.relname, 'TRIGGER ' || quote_ident(" + as.name +
         ") || ' ' ||\n"
         "  replace(substr(pg_get_triggerdef(t.oid), length('CREATE TRIGGER ' || quote_ident(t.tgname)) + 2),\n"
         "    ' ON ' || " +
         catalog_table + " || ' ', ' ON ' || " + named_table +
         " || ' ')\n"
         "FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace\n"
         "WHERE NOT t.tgisinternal AND " +
         filter;
}

std::string in_list(pqxx::transaction_base& tx, const std::vector<std::string>& names) {
  std::string list;
  for (const std::string& name : names) list += (list.empty() ? "" : ", ") + tx.quote(name);
  return list.empty() ? "NULL" : list;
}

SqlObject object_of(SqlObjectKind kind, const pqxx::row& row) {
  return SqlObject{kind, row[1].c_str(), row[2].c_str(), row[3].c_str(), {}};
}

}  // namespace

void inspect_sql_objects(pqxx::connection& connection, const std::vector<std::string>& schemas, ModelGraph& live) {
  pqxx::read_transaction tx(connection);
  inspect_sql_objects(tx, schemas, live);
}

void inspect_sql_objects(pqxx::transaction_base& tx, const std::vector<std::string>& schemas, ModelGraph& live) {
  const std::string in_schemas = "n.nspname IN (" + in_list(tx, schemas) + ")";
  for (const auto& row : tx.exec(views_query(in_schemas)))
    live.schema(row[0].c_str()).sql_objects.push_back(object_of(SqlObjectKind::View, row));
  for (const auto& row : tx.exec(functions_query(in_schemas)))
    live.schema(row[0].c_str()).sql_objects.push_back(object_of(SqlObjectKind::Function, row));
  for (const auto& row : tx.exec(triggers_query(in_schemas))) {
    if (live.find_table(row[0].c_str(), row[2].c_str()) == nullptr) continue;  // not a table the models own
    live.schema(row[0].c_str()).sql_objects.push_back(object_of(SqlObjectKind::Trigger, row));
  }
  live.canonicalize();
}

void take_dependencies(ModelGraph& live, const ModelGraph& expected) {
  for (Schema& schema : live.schemas) {
    const Schema* theirs = expected.find_schema(schema.name);
    for (SqlObject& object : schema.sql_objects) {
      const SqlObject* same = theirs ? theirs->find_sql_object(object.kind, object.table, object.name) : nullptr;
      object.depends = same ? same->depends : std::vector<std::string>{};
    }
  }
}

ModelGraph normalize_sql_objects(pqxx::connection& connection, const ModelGraph& graph) {
  ModelGraph normalized = graph;
  pqxx::work tx(connection);
  // A trigger is probed on a temp copy of its table's columns, never on the live table: CREATE
  // TRIGGER locks its table SHARE ROW EXCLUSIVE, which waits for the writers' open transactions
  // while every later writer waits behind it. Copying the columns takes ACCESS SHARE, as reading
  // the catalog's expressions does, which no writer waits for.
  std::size_t probe = 0;
  for (const auto& [schema_name, object] : sql_objects_in_dependency_order(graph)) {
    const std::string probe_name = "strata_probe_" + std::to_string(++probe);
    const Naming as{tx.quote(schema_name), tx.quote(object->name), tx.quote(object->table)};
    std::string query;
    if (object->kind == SqlObjectKind::View) {
      if (!try_exec_in_savepoint(tx, "CREATE " + definition_named(*object, "pg_temp." + probe_name))) continue;
      query = views_query("c.relnamespace = pg_my_temp_schema() AND c.relname = " + tx.quote(probe_name), as);
    } else if (object->kind == SqlObjectKind::Function) {
      if (!try_exec_in_savepoint(tx, "CREATE " + definition_named(*object, "pg_temp." + probe_name))) continue;
      query = functions_query("p.pronamespace = pg_my_temp_schema() AND p.proname = " + tx.quote(probe_name), as);
    } else {
      const std::string table_copy = probe_name + "_table";
      if (!try_exec_in_savepoint(tx, "CREATE TEMP TABLE " + table_copy + " (LIKE " + tx.quote_name(schema_name) + "." +
                                         tx.quote_name(object->table) + ")") ||
          !try_exec_in_savepoint(tx, "CREATE " + definition_named(*object, probe_name, "pg_temp." + table_copy)))
        continue;
      query = triggers_query("c.relnamespace = pg_my_temp_schema() AND c.relname = " + tx.quote(table_copy) +
                                 " AND t.tgname = " + tx.quote(probe_name),
                             as);
    }
    const pqxx::result rows = tx.exec(query);
    if (rows.size() != 1) continue;
    Schema& schema = *normalized.find_schema(schema_name);
    for (SqlObject& target : schema.sql_objects)
      if (target.kind == object->kind && target.table == object->table && target.name == object->name)
        target.definition = rows[0][3].c_str();
  }
  tx.abort();
  return normalized;
}

}  // namespace strata

#include "catalog/unmodelled_objects.hpp"

#include <pqxx/pqxx>
#include <set>

#include "catalog/schema_filter.hpp"

namespace strata {
namespace {

// An object an extension created (pg_depend deptype 'e') is the extension's, not the schema's.
std::string not_of_extension(const std::string& catalog, const std::string& oid) {
  return "NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = '" + catalog + "'::regclass AND e.objid = " + oid +
         " AND e.deptype = 'e')";
}

}  // namespace

std::vector<UnmodelledObject> unmodelled_objects(pqxx::transaction_base& tx, const std::vector<std::string>& schemas,
                                                 const std::vector<std::string>& ignore_tables) {
  std::vector<UnmodelledObject> found;
  if (schemas.empty()) return found;
  const std::string in_schemas = schema_filter(tx, schemas);
  const std::string cannot = ", which the models cannot declare";
  // Views, functions and triggers are SQL_OBJECTS files of the models, which import writes
  // (sql_object_catalog.hpp reads them).
  // Each branch: (object, reason). `tables` are the relations inspect_schemas() reads as tables.
  const std::string query =
      "WITH tables AS (\n"
      "  SELECT c.oid, n.nspname || '.' || c.relname AS object, c.relrowsecurity, c.relforcerowsecurity,\n"
      "    c.relpersistence\n"
      "  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace\n"
      "  WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition AND " +
      in_schemas +
      ")\n"
      // Relations that are no table of the models, and sequences other than an identity's own.
      "SELECT n.nspname || '.' || c.relname,\n"
      "  CASE WHEN c.relkind = 'm' THEN 'a materialized view'\n"
      "       WHEN c.relkind = 'f' THEN 'a foreign table'\n"
      "       WHEN c.relkind = 'p' THEN 'a partitioned table (PARTITION BY)'\n"
      "       WHEN c.relispartition THEN 'a partition of ' || (SELECT i.inhparent::regclass::text FROM pg_inherits i\n"
      "                                                        WHERE i.inhrelid = c.oid)\n"
      "       ELSE 'a sequence' || coalesce((SELECT ', the default of serial column ' || quote_ident(a.attname) ||\n"
      "                                        ' of ' || d.refobjid::regclass::text\n"
      "                                      FROM pg_depend d JOIN pg_attribute a\n"
      "                                        ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid\n"
      "                                      WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid\n"
      "                                        AND d.deptype = 'a' AND d.refobjsubid > 0 LIMIT 1)\n"
      "                                     || ' (make that column an identity: STRATA_IDENTITY)', '')\n"
      "  END || '" +
      cannot +
      "'\n"
      "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace\n"
      "WHERE " +
      in_schemas + " AND " + not_of_extension("pg_class", "c.oid") +
      "\n"
      "  AND (c.relkind IN ('m', 'f', 'p') OR (c.relkind = 'r' AND c.relispartition)\n"
      "       OR (c.relkind = 'S' AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass\n"
      "                                             AND d.objid = c.oid AND d.deptype = 'i')))\n"
      "UNION ALL\n"
      "SELECT t.object, 'an UNLOGGED table" +
      cannot +
      "'\n"
      "FROM tables t WHERE t.relpersistence = 'u'\n"
      "UNION ALL\n"
      "SELECT t.object, 'inherits from ' || i.inhparent::regclass::text || ' (table inheritance)" +
      cannot +
      "'\n"
      "FROM tables t JOIN pg_inherits i ON i.inhrelid = t.oid\n"
      "UNION ALL\n"
      // Column types: built in (pg_catalog) or an enum, or an array of one of them.
      "SELECT t.object, 'column ' || quote_ident(a.attname) || ' has type ' || format_type(a.atttypid, a.atttypmod) "
      "||\n"
      "  CASE WHEN ext.extname IS NOT NULL THEN ', a type of extension ' || ext.extname\n"
      "       WHEN b.typtype = 'd' THEN ', a domain' WHEN b.typtype = 'c' THEN ', a composite type'\n"
      "       WHEN b.typtype IN ('r', 'm') THEN ', a range type' ELSE ', a user-defined type' END ||\n"
      "  ', which the models cannot create'\n"
      "FROM tables t JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum > 0 AND NOT a.attisdropped\n"
      "JOIN pg_type ty ON ty.oid = a.atttypid\n"
      "LEFT JOIN pg_type et ON et.typarray = ty.oid\n"
      "JOIN pg_type b ON b.oid = coalesce(et.oid, ty.oid)\n"
      "LEFT JOIN pg_depend d ON d.classid = 'pg_type'::regclass AND d.objid = b.oid AND d.deptype = 'e'\n"
      "LEFT JOIN pg_extension ext ON ext.oid = d.refobjid\n"
      "WHERE b.typnamespace <> 'pg_catalog'::regnamespace AND b.typtype <> 'e'\n"
      "UNION ALL\n"
      "SELECT t.object, 'column ' || quote_ident(a.attname) || ' has collation ' || coll.collname::text ||\n"
      "  ', not its type''s default" +
      cannot +
      "'\n"
      "FROM tables t JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum > 0 AND NOT a.attisdropped\n"
      "JOIN pg_type ty ON ty.oid = a.atttypid JOIN pg_collation coll ON coll.oid = a.attcollation\n"
      "WHERE a.attcollation <> ty.typcollation\n"
      "UNION ALL\n"
      "SELECT t.object, 'column ' || quote_ident(a.attname) ||\n"
      "  ' is GENERATED ALWAYS AS IDENTITY; the models declare GENERATED BY DEFAULT (STRATA_IDENTITY)'\n"
      "FROM tables t JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum > 0 AND NOT a.attisdropped\n"
      "WHERE a.attidentity = 'a'\n"
      "UNION ALL\n"
      "SELECT t.object,\n"
      "  CASE WHEN con.contype = 'x' THEN 'exclusion constraint ' || quote_ident(con.conname) || '" +
      cannot +
      "'\n"
      "       WHEN con.condeferrable THEN 'constraint ' || quote_ident(con.conname) || ' is DEFERRABLE" +
      cannot +
      "'\n"
      "       WHEN NOT con.convalidated THEN 'constraint ' || quote_ident(con.conname) ||\n"
      "         ' is NOT VALID (VALIDATE CONSTRAINT it first)'\n"
      "       ELSE 'foreign key ' || quote_ident(con.conname) || ' is MATCH FULL" +
      cannot +
      "' END\n"
      "FROM tables t JOIN pg_constraint con ON con.conrelid = t.oid\n"
      "WHERE con.contype = 'x' OR con.condeferrable OR NOT con.convalidated\n"
      "   OR (con.contype = 'f' AND con.confmatchtype = 'f')\n"
      "UNION ALL\n"
      "SELECT t.object, 'policy ' || quote_ident(pol.polname) || ' is RESTRICTIVE" +
      cannot +
      "'\n"
      "FROM tables t JOIN pg_policy pol ON pol.polrelid = t.oid WHERE NOT pol.polpermissive\n"
      "UNION ALL\n"
      "SELECT t.object, CASE WHEN t.relrowsecurity THEN 'row security is enabled but not forced'\n"
      "                      ELSE 'row security is forced but not enabled' END ||\n"
      "  '; the models declare both (STRATA_ROW_SECURITY) or neither'\n"
      "FROM tables t WHERE t.relrowsecurity <> t.relforcerowsecurity\n"
      "UNION ALL\n"
      "SELECT n.nspname || '.' || p.proname,\n"
      "  CASE p.prokind WHEN 'p' THEN 'a procedure' WHEN 'a' THEN 'an aggregate' ELSE 'a window function' END || '" +
      cannot +
      "'\n"
      "FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace\n"
      "WHERE p.prokind <> 'f' AND " +
      in_schemas + " AND " + not_of_extension("pg_proc", "p.oid") +
      "\n"
      "UNION ALL\n"
      "SELECT n.nspname || '.' || p.proname, 'a function of ' || count(*) || ' overloads; the models declare one "
      "function per name'\n"
      "FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace\n"
      "WHERE p.prokind = 'f' AND " +
      in_schemas + " AND " + not_of_extension("pg_proc", "p.oid") +
      "\n"
      "GROUP BY n.nspname, p.proname HAVING count(*) > 1\n"
      "UNION ALL\n"
      // Types other than enums, tables' row types and arrays.
      "SELECT n.nspname || '.' || ty.typname,\n"
      "  CASE ty.typtype WHEN 'd' THEN 'a domain' WHEN 'c' THEN 'a composite type' WHEN 'r' THEN 'a range type'\n"
      "                  WHEN 'm' THEN 'a multirange type' ELSE 'a base type' END || ', which the models cannot "
      "create'\n"
      "FROM pg_type ty JOIN pg_namespace n ON n.oid = ty.typnamespace\n"
      "LEFT JOIN pg_class c ON c.oid = ty.typrelid\n"
      "WHERE " +
      in_schemas + " AND " + not_of_extension("pg_type", "ty.oid") +
      "\n"
      "  AND ty.typtype IN ('b', 'c', 'd', 'r', 'm') AND ty.typcategory <> 'A'\n"
      "  AND (ty.typtype <> 'c' OR c.relkind = 'c')\n"
      "  AND NOT (ty.typtype = 'm' AND EXISTS (SELECT 1 FROM pg_range r WHERE r.rngmultitypid = ty.oid))\n"
      "ORDER BY 1, 2";
  const std::set<std::string> ignored(ignore_tables.begin(), ignore_tables.end());
  for (const auto& row : tx.exec(query)) {
    UnmodelledObject object{row[0].c_str(), row[1].c_str()};
    if (ignored.count(object.object) == 0) found.push_back(std::move(object));
  }
  return found;
}

std::vector<std::string> user_schemas(pqxx::transaction_base& tx) {
  std::vector<std::string> schemas;
  for (const auto& row : tx.exec("SELECT n.nspname FROM pg_namespace n\n"
                                 "WHERE n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'\n"
                                 "  AND " +
                                 not_of_extension("pg_namespace", "n.oid") +
                                 "\n"
                                 "ORDER BY 1"))
    schemas.emplace_back(row[0].c_str());
  return schemas;
}

}  // namespace strata

#include "catalog/schema_inspector.hpp"

#include <map>
#include <pqxx/pqxx>
#include <set>
#include <stdexcept>

#include "catalog/schema_filter.hpp"
#include "core/distribution_rules.hpp"
#include "core/index_key.hpp"
#include "core/sql_type.hpp"

namespace strata {
namespace {

// Relations that are model tables: ordinary and partitioned tables, not their partitions.
constexpr const char* kTableFilter = "c.relkind IN ('r', 'p') AND NOT c.relispartition";

std::optional<std::string> optional_text(const pqxx::field& field) {
  if (field.is_null()) return std::nullopt;
  return std::string(field.c_str());
}

// A one-dimensional text[] (array_agg) as its elements; NULL is empty.
std::vector<std::string> text_array(const pqxx::field& field) {
  std::vector<std::string> items;
  if (field.is_null()) return items;
  pqxx::array_parser parser = field.as_array();
  for (auto next = parser.get_next(); next.first != pqxx::array_parser::juncture::done; next = parser.get_next())
    if (next.first == pqxx::array_parser::juncture::string_value) items.push_back(std::move(next.second));
  return items;
}

FkAction fk_action(const pqxx::field& field) {
  switch (field.c_str()[0]) {
    case 'r': return FkAction::Restrict;
    case 'c': return FkAction::Cascade;
    case 'n': return FkAction::SetNull;
    case 'd': return FkAction::SetDefault;
    default: return FkAction::NoAction;  // 'a'
  }
}

// Enum types (and arrays of them) are spelled the way the scanner spells them, independent of
// the search_path; everything else is format_type()'s spelling.
std::string column_type(const pqxx::row& row) {
  if (std::string_view(row["typtype"].c_str()) == "e") {
    return enum_sql_type(row["type_schema"].c_str(), row["type_name"].c_str());
  }
  if (!row["element_typtype"].is_null() && std::string_view(row["element_typtype"].c_str()) == "e") {
    return array_sql_type(enum_sql_type(row["element_schema"].c_str(), row["element_name"].c_str()));
  }
  return row["formatted_type"].c_str();
}

struct LiveTable {
  std::string schema;
  Table table;
};

// The shards Citus keeps on this node (a reference table's copy on the coordinator, or every
// shard when the coordinator holds some): tables named <table>_<shard id> that are no model's.
std::set<long long> citus_shards(pqxx::transaction_base& tx) {
  std::set<long long> oids;
  for (const auto& row : tx.exec("SELECT to_regclass(shard_name(logicalrelid, shardid))::oid::bigint\n"
                                 "FROM pg_catalog.pg_dist_shard"))
    if (!row[0].is_null()) oids.insert(row[0].as<long long>());
  return oids;
}

// Sets the distribution of the Citus tables among `tables` (pg_dist_partition: hash-distributed
// and reference tables; Citus local tables stay plain) and returns, by table oid, the colocation
// group of each distributed one, for name_colocation_by_group().
std::map<long long, std::string> read_citus_distribution(pqxx::transaction_base& tx,
                                                         std::map<long long, LiveTable>& tables) {
  std::map<long long, std::string> groups;
  for (const auto& row : tx.exec("SELECT logicalrelid::oid::bigint AS oid, partmethod, repmodel,\n"
                                 "  column_to_column_name(logicalrelid, partkey) AS column_name, colocationid\n"
                                 "FROM pg_catalog.pg_dist_partition")) {
    const auto found = tables.find(row["oid"].as<long long>());
    if (found == tables.end()) continue;
    const std::string method = row["partmethod"].c_str();
    if (method == "h") {
      found->second.table.distribution = Distribution{Distribution::Kind::Distributed, row["column_name"].c_str(), ""};
      groups[found->first] = row["colocationid"].c_str();
    } else if (method == "n" && std::string_view(row["repmodel"].c_str()) == "t") {
      found->second.table.distribution = Distribution{Distribution::Kind::Reference, "", ""};
    }
  }
  return groups;
}

}  // namespace

void turn_off_jit(pqxx::transaction_base& tx) { tx.exec("SET LOCAL jit = off"); }

ModelGraph inspect_schemas(pqxx::connection& connection, const std::vector<std::string>& schemas,
                           const std::vector<std::string>& ignore_tables) {
  pqxx::transaction<pqxx::repeatable_read, pqxx::read_only> tx(connection, "strata inspect");
  turn_off_jit(tx);
  return inspect_schemas(tx, schemas, ignore_tables);
}

ModelGraph inspect_schemas(pqxx::transaction_base& tx, const std::vector<std::string>& schemas,
                           const std::vector<std::string>& ignore_tables) {
  ModelGraph graph;
  if (schemas.empty()) return graph;
  const std::string in_schemas = schema_filter(tx, schemas);
  const std::set<std::string> ignored(ignore_tables.begin(), ignore_tables.end());

  // Whether Citus is installed rides on this query (the query count must not grow): without a
  // schema there is no table, nor shard, to tell apart.
  bool citus = false;
  for (const auto& row : tx.exec("SELECT n.nspname, to_regclass('pg_catalog.pg_dist_partition') IS NOT NULL\n"
                                 "FROM pg_namespace n WHERE " +
                                 in_schemas)) {
    graph.schema(row[0].c_str());
    citus = row[1].as<bool>();
  }

  std::map<long long, LiveTable> tables;  // by pg_class oid
  const pqxx::result table_rows = tx.exec(
      "SELECT c.oid::bigint AS oid, n.nspname, c.relname, d.description,\n"
      "  c.relrowsecurity AND c.relforcerowsecurity AS row_security\n"
      "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace\n"
      "LEFT JOIN pg_description d\n"
      "  ON d.classoid = 'pg_class'::regclass AND d.objoid = c.oid AND d.objsubid = 0\n"
      "WHERE " +
      std::string(kTableFilter) + " AND " + in_schemas);
  const std::set<long long> shards = citus ? citus_shards(tx) : std::set<long long>{};
  for (const auto& row : table_rows) {
    if (shards.count(row["oid"].as<long long>()) != 0) continue;
    LiveTable live{row["nspname"].c_str(), {}};
    live.table.name = row["relname"].c_str();
    if (ignored.count(qualified(live.schema, live.table.name)) != 0) continue;
    live.table.comment = optional_text(row["description"]);
    live.table.row_security = row["row_security"].as<bool>();
    tables.emplace(row["oid"].as<long long>(), std::move(live));
  }
  const auto table_of = [&](const pqxx::field& oid) -> Table* {
    const auto found = tables.find(oid.as<long long>());
    return found == tables.end() ? nullptr : &found->second.table;
  };

  // A default cannot name a column, so it is deparsed without its relation (relid 0): with the
  // relation, pg_get_expr builds the column-name context of the whole table on every call, which
  // costs O(columns) or worse per default (5 ms per call on a 1600-column table); the text is
  // the same.
  const pqxx::result column_rows = tx.exec(
      "SELECT a.attrelid::bigint AS oid, a.attname,\n"
      "  format_type(a.atttypid, a.atttypmod) AS formatted_type,\n"
      "  t.typtype, tn.nspname AS type_schema, t.typname AS type_name,\n"
      "  et.typtype AS element_typtype, etn.nspname AS element_schema, et.typname AS element_name,\n"
      "  a.attnotnull,\n"
      "  CASE WHEN a.attgenerated = '' THEN pg_get_expr(ad.adbin, 0, true) END AS default_expr,\n"
      "  CASE WHEN a.attgenerated = 's' THEN pg_get_expr(ad.adbin, a.attrelid, true) END AS generated_expr,\n"
      "  a.attidentity, d.description\n"
      "FROM pg_attribute a\n"
      "JOIN pg_class c ON c.oid = a.attrelid\n"
      "JOIN pg_namespace n ON n.oid = c.relnamespace\n"
      "JOIN pg_type t ON t.oid = a.atttypid\n"
      "JOIN pg_namespace tn ON tn.oid = t.typnamespace\n"
      "LEFT JOIN pg_type et ON et.typarray = t.oid\n"
      "LEFT JOIN pg_namespace etn ON etn.oid = et.typnamespace\n"
      "LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum\n"
      "LEFT JOIN pg_description d\n"
      "  ON d.classoid = 'pg_class'::regclass AND d.objoid = a.attrelid AND d.objsubid = a.attnum\n"
      "WHERE a.attnum > 0 AND NOT a.attisdropped AND " +
      std::string(kTableFilter) + " AND " + in_schemas +
      "\n"
      "ORDER BY a.attrelid, a.attnum");
  for (const auto& row : column_rows) {
    Table* table = table_of(row["oid"]);
    if (table == nullptr) continue;
    Column column;
    column.name = row["attname"].c_str();
    column.type = column_type(row);
    column.nullable = !row["attnotnull"].as<bool>();
    column.default_expr = optional_text(row["default_expr"]);
    column.identity = std::string_view(row["attidentity"].c_str()) != "";
    column.comment = optional_text(row["description"]);
    column.generated = optional_text(row["generated_expr"]);
    table->columns.push_back(std::move(column));
  }

  // NULLS NOT DISTINCT exists from PostgreSQL 15 on; before, every unique treats NULLs as distinct.
  const bool has_nulls_not_distinct = tx.conn().server_version() >= 150000;
  const auto nulls_not_distinct = [&](const char* index) {
    return has_nulls_not_distinct ? std::string(index) + ".indnullsnotdistinct" : std::string("false");
  };
  // conparentid = 0: the per-partition copies of a foreign key are not constraints of their own.
  const pqxx::result constraint_rows = tx.exec(
      "SELECT con.conrelid::bigint AS oid, con.conname, con.contype,\n"
      "  (SELECT " +
      nulls_not_distinct("ix") +
      " FROM pg_index ix WHERE ix.indexrelid = con.conindid\n"
      "     AND con.contype = 'u') AS nulls_not_distinct,\n"
      "  (SELECT array_agg(a.attname::text ORDER BY k.ord)\n"
      "     FROM unnest(con.conkey) WITH ORDINALITY k(attnum, ord)\n"
      "     JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum)::text AS columns,\n"
      "  rn.nspname AS ref_schema, rc.relname AS ref_table,\n"
      "  (SELECT array_agg(a.attname::text ORDER BY k.ord)\n"
      "     FROM unnest(con.confkey) WITH ORDINALITY k(attnum, ord)\n"
      "     JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum)::text AS ref_columns,\n"
      "  con.confdeltype, con.confupdtype,\n"
      "  CASE WHEN con.contype = 'c' THEN pg_get_expr(con.conbin, con.conrelid, true) END AS check_expr\n"
      "FROM pg_constraint con\n"
      "JOIN pg_class c ON c.oid = con.conrelid\n"
      "JOIN pg_namespace n ON n.oid = c.relnamespace\n"
      "LEFT JOIN pg_class rc ON rc.oid = con.confrelid\n"
      "LEFT JOIN pg_namespace rn ON rn.oid = rc.relnamespace\n"
      "WHERE con.contype IN ('p', 'u', 'c', 'f') AND con.conparentid = 0\n"
      "  AND " +
      std::string(kTableFilter) + " AND " + in_schemas);
  for (const auto& row : constraint_rows) {
    Table* table = table_of(row["oid"]);
    if (table == nullptr) continue;
    const std::string name = row["conname"].c_str();
    switch (row["contype"].c_str()[0]) {
      case 'p': table->primary_key = {name, text_array(row["columns"])}; break;
      case 'u':
        table->uniques.push_back({name, text_array(row["columns"]),
                                  !row["nulls_not_distinct"].is_null() && row["nulls_not_distinct"].as<bool>()});
        break;
      case 'c': table->checks.push_back({name, row["check_expr"].c_str()}); break;
      case 'f':
        table->foreign_keys.push_back({name, text_array(row["columns"]), row["ref_schema"].c_str(),
                                       row["ref_table"].c_str(), text_array(row["ref_columns"]),
                                       fk_action(row["confdeltype"]), fk_action(row["confupdtype"])});
        break;
      default: break;
    }
  }

  // An INVALID index (a CREATE INDEX CONCURRENTLY that failed or was killed) is not there for
  // queries nor constraints: left out here, listed by invalid_indexes(). Indexes that back a primary key, unique or
  // exclusion constraint are that constraint. A key that is an expression (attnum 0) is spelled as pg_get_indexdef
  // prints it (function calls bare, other expressions in parentheses), its opclass only when it is not the type's
  // default, its direction and NULLS order from indoption; INCLUDE columns follow the key columns in indkey. (unnest,
  // not generate_series over indnkeyatts: the planner takes a non-constant generate_series for 1000 rows, which priced
  // this query high enough for JIT compilation.)
  const pqxx::result index_rows = tx.exec(
      "SELECT i.indrelid::bigint AS oid, ic.relname, i.indisunique, am.amname,\n"
      "  pg_get_expr(i.indpred, i.indrelid, true) AS predicate, " +
      nulls_not_distinct("i") +
      " AS nulls_not_distinct,\n"
      "  (SELECT array_agg(CASE WHEN k.attnum <> 0\n"
      "            THEN (SELECT a.attname::text FROM pg_attribute a\n"
      "                  WHERE a.attrelid = i.indrelid AND a.attnum = k.attnum)\n"
      "            ELSE pg_get_indexdef(i.indexrelid, k.ord::int, true) END ORDER BY k.ord)\n"
      "     FROM unnest(i.indkey::int2[]) WITH ORDINALITY k(attnum, ord)\n"
      "     WHERE k.ord <= i.indnkeyatts)::text AS columns,\n"
      "  (SELECT array_agg(k.attnum::text ORDER BY k.ord)\n"
      "     FROM unnest(i.indkey::int2[]) WITH ORDINALITY k(attnum, ord)\n"
      "     WHERE k.ord <= i.indnkeyatts)::text AS attnums,\n"
      "  (SELECT array_agg(CASE WHEN opc.opcdefault THEN ''\n"
      "                         WHEN opcn.nspname = 'pg_catalog' THEN opc.opcname::text\n"
      "                         ELSE opcn.nspname || '.' || opc.opcname END ORDER BY k.ord)\n"
      "     FROM unnest(i.indclass::oid[]) WITH ORDINALITY k(opclass, ord)\n"
      "     JOIN pg_opclass opc ON opc.oid = k.opclass\n"
      "     JOIN pg_namespace opcn ON opcn.oid = opc.opcnamespace)::text AS opclasses,\n"
      "  (SELECT array_agg(k.option::text ORDER BY k.ord)\n"
      "     FROM unnest(i.indoption::int2[]) WITH ORDINALITY k(option, ord))::text AS options,\n"
      "  (SELECT array_agg(a.attname::text ORDER BY k.ord)\n"
      "     FROM unnest(i.indkey::int2[]) WITH ORDINALITY k(attnum, ord)\n"
      "     JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum\n"
      "     WHERE k.ord > i.indnkeyatts)::text AS include\n"
      "FROM pg_index i\n"
      "JOIN pg_class ic ON ic.oid = i.indexrelid\n"
      "JOIN pg_am am ON am.oid = ic.relam\n"
      "JOIN pg_class c ON c.oid = i.indrelid\n"
      "JOIN pg_namespace n ON n.oid = c.relnamespace\n"
      "WHERE " +
      std::string(kTableFilter) + " AND " + in_schemas +
      " AND i.indisvalid\n"
      "  AND NOT EXISTS (SELECT 1 FROM pg_constraint con\n"
      "                  WHERE con.conindid = i.indexrelid AND con.conrelid = i.indrelid\n"
      "                    AND con.contype IN ('p', 'u', 'x'))");
  for (const auto& row : index_rows) {
    Table* table = table_of(row["oid"]);
    if (table == nullptr) continue;
    Index index{row["relname"].c_str(), {}, row["indisunique"].as<bool>()};
    const std::vector<std::string> keys = text_array(row["columns"]);
    const std::vector<std::string> attnums = text_array(row["attnums"]);
    const std::vector<std::string> opclasses = text_array(row["opclasses"]);
    const std::vector<std::string> options = text_array(row["options"]);
    for (std::size_t k = 0; k < keys.size(); ++k) {
      IndexKey key;
      std::string problem;
      if (k < attnums.size() && attnums[k] == "0")
        key = parse_index_key(keys[k], problem).value_or(IndexKey{{}, keys[k]});
      else
        key.column = keys[k];
      key.opclass = k < opclasses.size() ? opclasses[k] : "";
      // indoption bits: 1 DESC, 2 NULLS FIRST (pg_index.h).
      const int option = k < options.size() ? std::stoi(options[k]) : 0;
      key.descending = (option & 1) != 0;
      if (((option & 2) != 0) != key.descending) key.nulls_first = (option & 2) != 0;
      index.columns.push_back(index_key_text(key));
    }
    if (const std::string method = row["amname"].c_str(); method != "btree") index.method = method;
    index.where = optional_text(row["predicate"]);
    index.include = text_array(row["include"]);
    index.nulls_not_distinct = row["nulls_not_distinct"].as<bool>();
    table->indexes.push_back(std::move(index));
  }

  // Roles by name; PUBLIC (oid 0) is the empty list, as in the model. Expressions are deparsed
  // with their table, like checks.
  const pqxx::result policy_rows = tx.exec(
      "SELECT pol.polrelid::bigint AS oid, pol.polname,\n"
      "  CASE pol.polcmd WHEN 'r' THEN 'SELECT' WHEN 'a' THEN 'INSERT' WHEN 'w' THEN 'UPDATE'\n"
      "                  WHEN 'd' THEN 'DELETE' ELSE 'ALL' END AS command,\n"
      "  pg_get_expr(pol.polqual, pol.polrelid, true) AS using_expr,\n"
      "  pg_get_expr(pol.polwithcheck, pol.polrelid, true) AS check_expr,\n"
      "  (SELECT array_agg(r.rolname::text ORDER BY r.rolname) FROM pg_roles r\n"
      "     WHERE r.oid = ANY (pol.polroles))::text AS roles\n"
      "FROM pg_policy pol\n"
      "JOIN pg_class c ON c.oid = pol.polrelid\n"
      "JOIN pg_namespace n ON n.oid = c.relnamespace\n"
      "WHERE " +
      std::string(kTableFilter) + " AND " + in_schemas);
  for (const auto& row : policy_rows) {
    Table* table = table_of(row["oid"]);
    if (table == nullptr) continue;
    table->policies.push_back({row["polname"].c_str(), row["command"].c_str(), optional_text(row["using_expr"]),
                               optional_text(row["check_expr"]), text_array(row["roles"])});
  }

  const pqxx::result enum_rows = tx.exec(
      "SELECT n.nspname, t.typname, array_agg(e.enumlabel::text ORDER BY e.enumsortorder) AS labels\n"
      "FROM pg_type t\n"
      "JOIN pg_namespace n ON n.oid = t.typnamespace\n"
      "JOIN pg_enum e ON e.enumtypid = t.oid\n"
      "WHERE t.typtype = 'e' AND " +
      in_schemas +
      "\n"
      "GROUP BY n.nspname, t.typname");
  for (const auto& row : enum_rows) {
    graph.schema(row["nspname"].c_str()).enums.push_back({row["typname"].c_str(), text_array(row["labels"])});
  }

  std::map<std::string, std::string> colocation;  // "schema.table" -> Citus colocation group
  for (const auto& [oid, group] : citus ? read_citus_distribution(tx, tables) : std::map<long long, std::string>{})
    colocation[qualified(tables.at(oid).schema, tables.at(oid).table.name)] = group;
  for (auto& [oid, live] : tables) graph.schema(live.schema).tables.push_back(std::move(live.table));
  graph.canonicalize();
  if (!colocation.empty())
    name_colocation_by_group(graph, [&](const std::string& schema, const Table& table) {
      return colocation.at(qualified(schema, table.name));
    });
  return graph;
}

std::vector<DropIndex> invalid_indexes(pqxx::connection& connection, const std::vector<std::string>& schemas) {
  std::vector<DropIndex> out;
  if (schemas.empty()) return out;
  pqxx::read_transaction tx(connection);
  const pqxx::result rows = tx.exec(
      "SELECT n.nspname, c.relname AS table_name, ic.relname AS index_name\n"
      "FROM pg_index i\n"
      "JOIN pg_class ic ON ic.oid = i.indexrelid\n"
      "JOIN pg_class c ON c.oid = i.indrelid\n"
      "JOIN pg_namespace n ON n.oid = c.relnamespace\n"
      "WHERE NOT i.indisvalid AND " +
      std::string(kTableFilter) + " AND " + schema_filter(tx, schemas) +
      "\n"
      "ORDER BY 1, 2, 3");
  for (const auto& row : rows) {
    DropIndex drop;
    drop.schema = row[0].c_str();
    drop.table = row[1].c_str();
    drop.index.name = row[2].c_str();
    out.push_back(std::move(drop));
  }
  return out;
}

}  // namespace strata

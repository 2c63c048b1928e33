#include "runner/expression_normalizer.hpp"

#include <algorithm>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "runner/schema_inspector.hpp"

namespace strata {
namespace {

// One expected table and the temp table that mirrors it.
struct Probe {
  std::size_t schema_index;
  std::size_t table_index;
  const Table* table;
  std::string temp_name;
};

std::string column_list(pqxx::transaction_base& tx, const Table& table, bool with_expressions) {
  std::string sql;
  for (const Column& column : table.columns) {
    if (!sql.empty()) sql += ", ";
    sql += tx.quote_name(column.name) + " " + column.type;
    if (with_expressions && column.default_expr && !column.identity) sql += " DEFAULT " + *column.default_expr;
  }
  if (with_expressions) {
    for (const CheckConstraint& check : table.checks) {
      sql += ", CONSTRAINT " + tx.quote_name(check.name) + " CHECK (" + check.expression + ")";
    }
  }
  return sql;
}

std::string create_probe(pqxx::transaction_base& tx, const Probe& probe, bool with_expressions) {
  return "CREATE TEMP TABLE " + tx.quote_name(probe.temp_name) + " (" +
         column_list(tx, *probe.table, with_expressions) + ") ON COMMIT DROP";
}

// Runs `sql` in a savepoint; false (and the savepoint rolled back) when the server rejects it.
bool try_exec(pqxx::dbtransaction& tx, const std::string& sql) {
  try {
    pqxx::subtransaction attempt(tx, "strata_normalize");
    attempt.exec(sql);
    attempt.commit();
    return true;
  } catch (const pqxx::sql_error&) {
    return false;
  }
}

// The probe with all its expressions at once, else expression by expression, so that one bad
// expression does not leave the others of its table unnormalized.
bool create_probe_table(pqxx::dbtransaction& tx, const Probe& probe) {
  if (try_exec(tx, create_probe(tx, probe, true))) return true;
  if (!try_exec(tx, create_probe(tx, probe, false))) return false;
  const std::string table = tx.quote_name(probe.temp_name);
  for (const Column& column : probe.table->columns) {
    if (column.default_expr && !column.identity) {
      try_exec(tx, "ALTER TABLE " + table + " ALTER COLUMN " + tx.quote_name(column.name) + " SET DEFAULT " +
                       *column.default_expr);
    }
  }
  for (const CheckConstraint& check : probe.table->checks) {
    try_exec(tx, "ALTER TABLE " + table + " ADD CONSTRAINT " + tx.quote_name(check.name) + " CHECK (" +
                     check.expression + ")");
  }
  return true;
}

}  // namespace

ModelGraph normalize_expressions(pqxx::connection& connection, const ModelGraph& graph) {
  pqxx::work tx(connection, "strata normalize expressions");
  ModelGraph normalized = normalize_expressions(tx, graph);
  tx.abort();
  return normalized;
}

ModelGraph normalize_expressions(pqxx::dbtransaction& tx, const ModelGraph& graph) {
  std::vector<Probe> probes;
  for (std::size_t s = 0; s < graph.schemas.size(); ++s) {
    for (std::size_t t = 0; t < graph.schemas[s].tables.size(); ++t) {
      const Table& table = graph.schemas[s].tables[t];
      const bool has_expressions =
          !table.checks.empty() ||
          std::any_of(table.columns.begin(), table.columns.end(), [](const Column& c) { return c.default_expr.has_value(); });
      if (has_expressions) probes.push_back({s, t, &table, "strata_normalize_" + std::to_string(probes.size())});
    }
  }
  ModelGraph normalized = graph;
  if (probes.empty()) return normalized;

  // Usually every probe is accepted: create them all in one round trip; else one by one.
  std::string all;
  for (const Probe& probe : probes) all += create_probe(tx, probe, true) + ";\n";
  std::vector<const Probe*> created;
  if (try_exec(tx, all)) {
    for (const Probe& probe : probes) created.push_back(&probe);
  } else {
    for (const Probe& probe : probes) {
      if (create_probe_table(tx, probe)) created.push_back(&probe);
    }
  }
  if (created.empty()) return normalized;

  const std::string temp_schema = tx.exec1("SELECT nspname FROM pg_namespace WHERE oid = pg_my_temp_schema()")[0].c_str();
  const ModelGraph read_back = inspect_schemas(tx, {temp_schema});

  std::string drop;
  for (const Probe* probe : created) {
    const Table* server = read_back.find_table(temp_schema, probe->temp_name);
    drop += (drop.empty() ? "" : ", ") + tx.quote_name(temp_schema) + "." + tx.quote_name(probe->temp_name);
    if (server == nullptr) continue;
    Table* target = &normalized.schemas[probe->schema_index].tables[probe->table_index];
    for (Column& column : target->columns) {
      const Column* server_column = server->find_column(column.name);
      if (column.default_expr && server_column != nullptr && server_column->default_expr) {
        column.default_expr = server_column->default_expr;
      }
    }
    for (CheckConstraint& check : target->checks) {
      for (const CheckConstraint& server_check : server->checks) {
        if (server_check.name == check.name) check.expression = server_check.expression;
      }
    }
  }
  tx.exec("DROP TABLE " + drop);
  return normalized;
}

}  // namespace strata

#include "catalog/expression_normalizer.hpp"

#include <algorithm>
#include <map>
#include <pqxx/pqxx>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "catalog/schema_inspector.hpp"
#include "core/index_key.hpp"
#include "core/postgres_dialect.hpp"

namespace strata {
namespace {

// Creating tables writes the catalog (pg_class, pg_type, pg_attribute, pg_attrdef, pg_depend...),
// a cost per table. So the probes are shared as far as the server's spelling allows:
//
// - A default cannot name a column, so its spelling depends only on the expression and the
//   column's type: each distinct (type, expression) pair becomes one column of a wide probe table
//   (as many per table as PostgreSQL allows), whichever model tables use it.
// - A check names its table's columns, so a table with checks is probed as itself (its columns,
//   without defaults, and its checks); tables with the same columns and checks share one probe.
//   Row-security policies name the columns too: they are created on the same probe (without
//   their roles, which are compared by name and need not exist here).

// PostgreSQL's MaxHeapAttributeNumber.
constexpr std::size_t kMaxColumnsPerTable = 1600;

using DefaultKey = std::pair<std::string, std::string>;  // column type, default expression

// A policy's name, command, USING and WITH CHECK.
using PolicyProbe = std::tuple<std::string, std::string, std::optional<std::string>, std::optional<std::string>>;

// Columns (name, type), checks (name, expression) and policies of a table with checks or policies.
struct CheckProbeKey {
  std::vector<std::pair<std::string, std::string>> columns;
  std::vector<std::pair<std::string, std::string>> checks;
  std::vector<PolicyProbe> policies;
  auto operator<=>(const CheckProbeKey&) const = default;
};

CheckProbeKey check_probe_key(const Table& table) {
  CheckProbeKey key;
  for (const Column& column : table.columns) key.columns.emplace_back(column.name, column.type);
  for (const CheckConstraint& check : table.checks) key.checks.emplace_back(check.name, check.expression);
  for (const Policy& p : table.policies) key.policies.emplace_back(p.name, p.command, p.using_expr, p.check_expr);
  return key;
}

bool needs_probe(const Table& table) { return !table.checks.empty() || !table.policies.empty(); }

struct CheckProbe {
  std::string temp_name;
  const CheckProbeKey* key;
};

// Column i of the wide probe tables carries the i-th distinct default; written without
// parentheses, as the dialect writes DEFAULT, so the server accepts exactly what it accepts there.
std::string default_column_name(std::size_t i) { return "d" + std::to_string(i); }

std::string create_default_probe(pqxx::transaction_base& tx, const std::string& temp_name,
                                 const std::vector<const DefaultKey*>& defaults, std::size_t first) {
  std::string sql = "CREATE TEMP TABLE " + tx.quote_name(temp_name) + " (";
  for (std::size_t i = 0; i < defaults.size(); ++i) {
    if (i != 0) sql += ", ";
    sql += tx.quote_name(default_column_name(first + i)) + " " + defaults[i]->first + " DEFAULT " + defaults[i]->second;
  }
  return sql + ") ON COMMIT DROP";
}

std::string create_check_probe(pqxx::transaction_base& tx, const CheckProbe& probe, bool with_checks) {
  std::string sql;
  for (const auto& [name, type] : probe.key->columns) {
    if (!sql.empty()) sql += ", ";
    sql += tx.quote_name(name) + " " + type;
  }
  if (with_checks) {
    for (const auto& [name, expression] : probe.key->checks) {
      sql += ", CONSTRAINT " + tx.quote_name(name) + " CHECK (" + expression + ")";
    }
  }
  return "CREATE TEMP TABLE " + tx.quote_name(probe.temp_name) + " (" + sql + ") ON COMMIT DROP";
}

// Whether the server spells `index` differently from the model: an expression key or a predicate.
bool needs_server_spelling(const Index& index) {
  return index.where || std::any_of(index.columns.begin(), index.columns.end(),
                                    [](const std::string& key) { return !index_key_column(key); });
}

// A table with generated columns or such indexes is probed as itself: its columns (generated ones
// with their expression) and those indexes under names of the probe's own.
struct ShapeProbe {
  std::string temp_name;
  std::string schema;
  const Table* table;
  std::map<std::string, std::string> index_names;  // probe index name -> model index name
};

std::string create_shape_probe(pqxx::transaction_base& tx, const ShapeProbe& probe, bool with_generated) {
  std::string sql;
  for (const Column& column : probe.table->columns) {
    if (!sql.empty()) sql += ", ";
    sql += tx.quote_name(column.name) + " " + column.type;
    if (with_generated && column.generated) sql += " GENERATED ALWAYS AS (" + *column.generated + ") STORED";
  }
  return "CREATE TEMP TABLE " + tx.quote_name(probe.temp_name) + " (" + sql + ") ON COMMIT DROP";
}

std::string create_policy_probe(pqxx::transaction_base& tx, const std::string& temp_name, const PolicyProbe& policy) {
  const auto& [name, command, using_expr, check_expr] = policy;
  std::string sql = "CREATE POLICY " + tx.quote_name(name) + " ON " + tx.quote_name(temp_name) + " FOR " + command;
  if (using_expr) sql += " USING (" + *using_expr + ")";
  if (check_expr) sql += " WITH CHECK (" + *check_expr + ")";
  return sql;
}

// The probes a graph needs: created in a transaction, read back, and their spellings put into a
// copy of the graph.
class Probes {
 public:
  explicit Probes(const ModelGraph& graph) {
    for (const Schema& schema : graph.schemas) {
      for (const Table& table : schema.tables) {
        for (const Column& column : table.columns) {
          if (column.default_expr && !column.identity)
            default_index_.emplace(DefaultKey{column.type, *column.default_expr}, 0);
        }
        if (needs_probe(table)) check_probe_names_.emplace(check_probe_key(table), std::string());
        const bool generated = std::any_of(table.columns.begin(), table.columns.end(),
                                           [](const Column& column) { return column.generated.has_value(); });
        if (generated || std::any_of(table.indexes.begin(), table.indexes.end(), needs_server_spelling))
          shape_probes_.push_back(
              {"strata_normalize_shape_" + std::to_string(shape_probes_.size()), schema.name, &table, {}});
      }
    }
    std::vector<const DefaultKey*> defaults;
    for (auto& [key, index] : default_index_) {
      index = defaults.size();
      defaults.push_back(&key);
    }
    for (std::size_t first = 0; first < defaults.size(); first += kMaxColumnsPerTable) {
      const std::size_t last = std::min(defaults.size(), first + kMaxColumnsPerTable);
      default_chunks_.push_back({first, {defaults.begin() + first, defaults.begin() + last}});
    }
    for (auto& [key, temp_name] : check_probe_names_) {
      temp_name = "strata_normalize_checks_" + std::to_string(check_probes_.size());
      check_probes_.push_back({temp_name, &key});
    }
  }

  bool empty() const { return default_chunks_.empty() && check_probes_.empty() && shape_probes_.empty(); }

  // Usually every probe is accepted: all are created in one round trip; else one by one.
  void create(pqxx::dbtransaction& tx) {
    std::string all;
    for (const DefaultChunk& chunk : default_chunks_) {
      all += create_default_probe(tx, next_default_probe_name(), chunk.defaults, chunk.first) + ";\n";
    }
    for (const CheckProbe& probe : check_probes_) {
      all += create_check_probe(tx, probe, true) + ";\n";
      for (const PolicyProbe& policy : probe.key->policies)
        all += create_policy_probe(tx, probe.temp_name, policy) + ";\n";
    }
    if (all.empty() || try_exec_in_savepoint(tx, all)) {
      created_ = created_default_probes_;
      for (const CheckProbe& probe : check_probes_) created_.push_back(probe.temp_name);
    } else {
      created_default_probes_.clear();
      for (const DefaultChunk& chunk : default_chunks_) create_defaults(tx, chunk.defaults, chunk.first);
      for (const CheckProbe& probe : check_probes_) create_checks(tx, probe);
    }
    for (ShapeProbe& probe : shape_probes_) create_shape(tx, probe);
  }

  const std::vector<std::string>& created() const { return created_; }
  const std::string& temp_schema() const { return temp_schema_; }

  // The server's spelling of each probed default, by (type, expression); of each check, by the
  // probe's key and the check's name.
  void read_back(pqxx::transaction_base& tx) {
    temp_schema_ = tx.exec1("SELECT nspname FROM pg_namespace WHERE oid = pg_my_temp_schema()")[0].c_str();
    const ModelGraph temp_schema_graph = inspect_schemas(tx, {temp_schema_});
    for (const std::string& name : created_default_probes_) {
      const Table* table = temp_schema_graph.find_table(temp_schema_, name);
      if (table == nullptr) continue;
      for (const Column& column : table->columns) {
        if (column.default_expr) server_defaults_.emplace(column.name, *column.default_expr);
      }
    }
    for (const CheckProbe& probe : check_probes_) {
      const Table* table = temp_schema_graph.find_table(temp_schema_, probe.temp_name);
      if (table == nullptr) continue;
      for (const CheckConstraint& check : table->checks) {
        server_checks_.emplace(std::make_pair(probe.key, check.name), check.expression);
      }
      for (const Policy& policy : table->policies)
        server_policies_.emplace(std::make_pair(probe.key, policy.name), policy);
    }
    for (const ShapeProbe& probe : shape_probes_) {
      const Table* table = temp_schema_graph.find_table(temp_schema_, probe.temp_name);
      if (table != nullptr) server_shapes_.emplace(qualified(probe.schema, probe.table->name), *table);
    }
  }

  void respell(ModelGraph& graph) const {
    for (Schema& schema : graph.schemas) {
      for (Table& table : schema.tables) {
        for (Column& column : table.columns) {
          if (!column.default_expr || column.identity) continue;
          const auto index = default_index_.find(DefaultKey{column.type, *column.default_expr});
          if (index == default_index_.end()) continue;  // not from the graph the probes were made for
          const auto server = server_defaults_.find(default_column_name(index->second));
          if (server != server_defaults_.end()) column.default_expr = server->second;
        }
        respell_shape(schema.name, table);
        if (!needs_probe(table)) continue;
        const auto probe = check_probe_names_.find(check_probe_key(table));
        if (probe == check_probe_names_.end()) continue;
        for (CheckConstraint& check : table.checks) {
          const auto server = server_checks_.find(std::make_pair(&probe->first, check.name));
          if (server != server_checks_.end()) check.expression = server->second;
        }
        for (Policy& policy : table.policies) {
          const auto server = server_policies_.find(std::make_pair(&probe->first, policy.name));
          if (server == server_policies_.end()) continue;
          policy.using_expr = server->second.using_expr;
          policy.check_expr = server->second.check_expr;
        }
      }
    }
  }

 private:
  struct DefaultChunk {
    std::size_t first;  // index of its first default: its columns are named from there on
    std::vector<const DefaultKey*> defaults;
  };

  std::string next_default_probe_name() {
    created_default_probes_.push_back("strata_normalize_defaults_" + std::to_string(created_default_probes_.size()));
    return created_default_probes_.back();
  }

  // A rejected chunk is split in halves until each rejected default is alone: one bad expression
  // (or a type the database lacks) costs O(log n) attempts and leaves only itself as written.
  void create_defaults(pqxx::dbtransaction& tx, const std::vector<const DefaultKey*>& defaults, std::size_t first) {
    if (defaults.empty()) return;
    const std::string name = next_default_probe_name();
    if (try_exec_in_savepoint(tx, create_default_probe(tx, name, defaults, first))) {
      created_.push_back(name);
      return;
    }
    created_default_probes_.pop_back();
    if (defaults.size() == 1) return;
    const std::size_t half = defaults.size() / 2;
    create_defaults(tx, {defaults.begin(), defaults.begin() + half}, first);
    create_defaults(tx, {defaults.begin() + half, defaults.end()}, first + half);
  }

  // The probe with all its checks at once, else check by check, so that one bad check does not
  // leave the others of its table unnormalized; then its policies one by one.
  void create_checks(pqxx::dbtransaction& tx, const CheckProbe& probe) {
    if (!try_exec_in_savepoint(tx, create_check_probe(tx, probe, true))) {
      if (!try_exec_in_savepoint(tx, create_check_probe(tx, probe, false))) return;
      for (const auto& [name, expression] : probe.key->checks) {
        try_exec_in_savepoint(tx, "ALTER TABLE " + tx.quote_name(probe.temp_name) + " ADD CONSTRAINT " +
                                      tx.quote_name(name) + " CHECK (" + expression + ")");
      }
    }
    for (const PolicyProbe& policy : probe.key->policies)
      try_exec_in_savepoint(tx, create_policy_probe(tx, probe.temp_name, policy));
    created_.push_back(probe.temp_name);
  }

  // The probe of a table with generated columns or indexes the server respells; the indexes under
  // probe names, each in a savepoint of its own (one the server rejects stays as written).
  void create_shape(pqxx::dbtransaction& tx, ShapeProbe& probe) {
    if (!try_exec_in_savepoint(tx, create_shape_probe(tx, probe, true)) &&
        !try_exec_in_savepoint(tx, create_shape_probe(tx, probe, false)))
      return;
    created_.push_back(probe.temp_name);
    const std::string temp_schema =
        tx.exec1("SELECT nspname FROM pg_namespace WHERE oid = pg_my_temp_schema()")[0].c_str();
    for (const Index& index : probe.table->indexes) {
      if (!needs_server_spelling(index)) continue;
      Index renamed = index;
      renamed.name = probe.temp_name + "_" + std::to_string(probe.index_names.size());
      if (try_exec_in_savepoint(tx, render(CreateIndex{temp_schema, probe.temp_name, renamed}).front().sql))
        probe.index_names.emplace(renamed.name, index.name);
    }
  }

  void respell_shape(const std::string& schema, Table& table) const {
    const auto server = server_shapes_.find(qualified(schema, table.name));
    if (server == server_shapes_.end()) return;
    for (Column& column : table.columns) {
      const Column* probed = server->second.find_column(column.name);
      if (column.generated && probed != nullptr && probed->generated) column.generated = probed->generated;
    }
    const auto probe = std::find_if(shape_probes_.begin(), shape_probes_.end(), [&](const ShapeProbe& p) {
      return p.schema == schema && p.table->name == table.name;
    });
    for (const Index& probed : server->second.indexes) {
      const auto model_name = probe->index_names.find(probed.name);
      if (model_name == probe->index_names.end()) continue;
      for (Index& index : table.indexes)
        if (index.name == model_name->second) {
          index.columns = probed.columns;
          index.where = probed.where;
        }
    }
  }

  std::vector<ShapeProbe> shape_probes_;
  std::map<std::string, Table> server_shapes_;  // by the model table's qualified name
  std::map<DefaultKey, std::size_t> default_index_;
  std::vector<DefaultChunk> default_chunks_;
  std::map<CheckProbeKey, std::string> check_probe_names_;
  std::vector<CheckProbe> check_probes_;
  std::vector<std::string> created_default_probes_;
  std::vector<std::string> created_;
  std::string temp_schema_;
  std::map<std::string, std::string> server_defaults_;  // by probe column name
  std::map<std::pair<const CheckProbeKey*, std::string>, std::string> server_checks_;
  std::map<std::pair<const CheckProbeKey*, std::string>, Policy> server_policies_;
};

// Creates the probes in `tx` and reads them back; the temp tables it leaves are
// `probes.created()`, in `probes.temp_schema()`.
ModelGraph normalize_with(pqxx::dbtransaction& tx, const ModelGraph& graph, Probes& probes) {
  ModelGraph normalized = graph;
  if (probes.empty()) return normalized;
  probes.create(tx);
  if (probes.created().empty()) return normalized;
  probes.read_back(tx);
  probes.respell(normalized);
  return normalized;
}

}  // namespace

ModelGraph normalize_expressions(pqxx::connection& connection, const ModelGraph& graph) {
  pqxx::work tx(connection, "strata normalize expressions");
  turn_off_jit(tx);
  Probes probes(graph);
  ModelGraph normalized = normalize_with(tx, graph, probes);
  tx.abort();  // drops the probes
  return normalized;
}

ModelGraph normalize_expressions(pqxx::dbtransaction& tx, const ModelGraph& graph) {
  Probes probes(graph);
  ModelGraph normalized = normalize_with(tx, graph, probes);
  if (!probes.created().empty()) {
    const std::string temp_schema = tx.quote_name(probes.temp_schema());
    std::string drop;
    for (const std::string& name : probes.created())
      drop += (drop.empty() ? "" : ", ") + temp_schema + "." + tx.quote_name(name);
    tx.exec("DROP TABLE " + drop);
  }
  return normalized;
}

bool try_exec_in_savepoint(pqxx::dbtransaction& tx, const std::string& sql) {
  try {
    pqxx::subtransaction attempt(tx, "strata_normalize");
    attempt.exec(sql);
    attempt.commit();
    return true;
  } catch (const pqxx::sql_error&) {
    return false;
  }
}

}  // namespace strata

#include "runner/revision_proof.hpp"

#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <ostream>
#include <random>
#include <set>
#include <sstream>

#include <pqxx/pqxx>

#include "catalog/connection_options.hpp"
#include "catalog/expression_normalizer.hpp"
#include "catalog/schema_inspector.hpp"
#include "catalog/sql_object_catalog.hpp"
#include "core/diff.hpp"
#include "core/postgres_dialect.hpp"
#include "core/snapshot.hpp"
#include "runner/executor.hpp"
#include "runner/history_table.hpp"
#include "runner/migration_errors.hpp"
#include "runner/planner.hpp"
#include "runner/scratch_cluster.hpp"

namespace strata {
namespace {

namespace fs = std::filesystem;

std::string cache_key(const Revision& revision) {
  return std::string(revision.info->id) + " " + std::string(revision.checksum);
}

std::set<std::string> read_cache(const std::string& file) {
  std::set<std::string> keys;
  if (file.empty()) return keys;
  std::ifstream in(file);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) keys.insert(line);
  }
  return keys;
}

// Temp file + rename: an interrupted write leaves the previous cache, never a partial one.
void write_cache(const std::string& file, const std::set<std::string>& keys) {
  if (file.empty()) return;
  const fs::path path(file);
  if (path.has_parent_path()) fs::create_directories(path.parent_path());
  const fs::path temp = path.string() + ".tmp";
  {
    std::ofstream out(temp, std::ios::trunc);
    for (const std::string& key : keys) out << key << "\n";
    if (!out) throw std::runtime_error("cannot write the proof cache " + temp.string());
  }
  fs::rename(temp, path);
}

// A fresh database on `server`, dropped (its sessions ended) by the destructor.
class ScratchDatabase {
 public:
  explicit ScratchDatabase(const std::string& server) : server_(server) {
    static std::mt19937 random{std::random_device{}()};
    name_ = "strata_verify_" + std::to_string(getpid()) + "_" + std::to_string(random() & 0xffffffu);
    auto admin = connect_database(server_);
    pqxx::nontransaction tx(*admin);
    tx.exec0("CREATE DATABASE " + quote_identifier(name_) + " TEMPLATE template0");
  }
  ~ScratchDatabase() {
    try {
      auto admin = connect_database(server_);
      pqxx::nontransaction tx(*admin);
      tx.exec0("DROP DATABASE IF EXISTS " + quote_identifier(name_) + " WITH (FORCE)");
    } catch (...) {
      // Best effort: the server may be gone; a leftover is named strata_verify_*.
    }
  }
  ScratchDatabase(const ScratchDatabase&) = delete;
  ScratchDatabase& operator=(const ScratchDatabase&) = delete;
  std::string conninfo() const { return with_database(server_, name_); }

 private:
  std::string server_;
  std::string name_;
};

std::vector<std::string> user_schemas(pqxx::connection& connection) {
  pqxx::read_transaction tx(connection);
  std::vector<std::string> schemas;
  for (const pqxx::row& row : tx.exec("SELECT nspname FROM pg_namespace WHERE nspname NOT LIKE 'pg\\_%' "
                                      "AND nspname <> 'information_schema' ORDER BY 1")) {
    schemas.push_back(row[0].as<std::string>());
  }
  return schemas;
}

// "add column public.t.c" -> {"add", "column public.t.c"}.
std::pair<std::string, std::string> verb_and_object(const Operation& operation) {
  const std::string text = describe(operation);
  const std::size_t space = text.find(' ');
  if (space == std::string::npos) return {text, text};
  return {text.substr(0, space), text.substr(space + 1)};
}

std::string column_summary(const Column& column) {
  std::string text = column.type + (column.nullable ? " NULL" : " NOT NULL");
  if (column.default_expr) text += " DEFAULT " + *column.default_expr;
  if (column.identity) text += " IDENTITY";
  return text;
}

std::string and_more(std::size_t differences) {
  return differences > 1 ? " (and " + std::to_string(differences - 1) + " more difference(s))" : "";
}

// The first operation that turns the live schema into the snapshot, as "up leaves X, snapshot says Y".
std::string up_difference(const std::vector<Operation>& to_snapshot) {
  const Operation& first = to_snapshot.front();
  const auto [verb, object] = verb_and_object(first);
  std::string leaves, says;
  if (const auto* alter = std::get_if<AlterColumn>(&first)) {
    leaves = object.substr(0, object.find(" (")) + " " + column_summary(alter->from);
    says = column_summary(alter->to);
  } else if (verb == "create" || verb == "add") {
    leaves = "no " + object;
    says = object;
  } else if (verb == "drop") {
    leaves = object;
    says = "no " + object;
  } else {
    leaves = "a different " + object;
    says = verb + " " + object;
  }
  return "up leaves " + leaves + ", snapshot says " + says + and_more(to_snapshot.size());
}

// The first operation that turns the database after down into the parent's schema.
std::string down_difference(const std::vector<Operation>& to_parent) {
  const Operation& first = to_parent.front();
  const auto [verb, object] = verb_and_object(first);
  std::string what;
  if (const auto* alter = std::get_if<AlterColumn>(&first)) {
    what = object.substr(0, object.find(" (")) + " is " + column_summary(alter->from) + ", the parent has " +
           column_summary(alter->to);
  } else if (verb == "create" || verb == "add") {
    what = "the parent's " + object + " is missing";
  } else if (verb == "drop") {
    what = object + " is left behind (the parent has none)";
  } else {
    what = object + " differs from the parent's (" + verb + " " + object + ")";
  }
  return "down does not restore: " + what + and_more(to_parent.size());
}

class Prover {
 public:
  Prover(pqxx::connection& connection, const RevisionChain& chain) : connection_(connection), chain_(chain) {
    const HistoryTable history = history_table_of(chain.registry());
    ignored_ = {history.schema + "." + history.name};
    // The history table (and its schema) exist from the start, so "at the parent" and "after
    // down" see the same migrator bookkeeping.
    pqxx::work tx(connection_);
    ensure_history_table(tx, history);
    tx.commit();
  }

  ModelGraph live() {
    const std::vector<std::string> schemas = user_schemas(connection_);
    ModelGraph graph = inspect_schemas(connection_, schemas, ignored_);
    inspect_sql_objects(connection_, schemas, graph);
    return graph;
  }

  void upgrade_to(std::size_t position, const char* phase) { run(position, Direction::Up, phase); }

  void prove(std::size_t index) {
    const std::string id(chain_.at(index).info->id);
    const ModelGraph parent = live();
    run(index + 1, Direction::Up, "up");
    if (index + 1 == chain_.size() && !chain_.registry().head_snapshot_json.empty()) {
      const ModelGraph snapshot = read_snapshot(chain_.registry().head_snapshot_json);
      std::vector<std::string> schemas;
      for (const Schema& schema : snapshot.schemas) schemas.push_back(schema.name);
      ModelGraph after = inspect_schemas(connection_, schemas, ignored_);
      inspect_sql_objects(connection_, schemas, after);
      take_dependencies(after, snapshot);
      std::vector<Operation> to_snapshot =
          diff(after, normalize_sql_objects(connection_, normalize_expressions(connection_, snapshot)));
      if (!to_snapshot.empty()) throw ProofError(id, up_difference(to_snapshot));
    }
    run(index, Direction::Down, "down");
    std::vector<Operation> to_parent = diff(live(), parent);
    if (!to_parent.empty()) throw ProofError(id, down_difference(to_parent));
    run(index + 1, Direction::Up, "up again");
  }

 private:
  void run(std::size_t position, Direction direction, const char* phase) {
    const std::string target = position == 0 ? std::string("base") : std::string(chain_.id_at(position));
    const std::string id(chain_.at(direction == Direction::Up ? position - 1 : position).info->id);
    try {
      if (direction == Direction::Up) {
        run_upgrade(connection_, chain_, target, ExecutorOptions{});
      } else {
        run_downgrade(connection_, chain_, target, ExecutorOptions{});
      }
    } catch (const StmtExecError& error) {
      std::string message = std::string(phase) + " fails: " + error.what();
      if (!error.statement().empty()) message += " (in " + error.statement().substr(0, 200) + ")";
      throw ProofError(id, message);
    }
  }

  pqxx::connection& connection_;
  const RevisionChain& chain_;
  std::vector<std::string> ignored_;
};

}  // namespace

ProofResult prove_revisions(const Registry& registry, const ProofOptions& options) {
  using Clock = std::chrono::steady_clock;
  const RevisionChain chain(registry);
  std::set<std::string> cache = read_cache(options.cache_file);
  ProofResult result;
  std::optional<std::size_t> first_unproven;
  for (std::size_t i = 0; i < chain.size(); ++i) {
    if (cache.count(cache_key(chain.at(i))) != 0) {
      ++result.cached;
    } else if (!first_unproven) {
      first_unproven = i;
    }
  }
  if (!first_unproven) return result;

  const Clock::time_point started = Clock::now();
  std::unique_ptr<ScratchCluster> cluster;
  if (!options.server) {
    ScratchClusterOptions cluster_options;
    cluster_options.kept_data_dir = options.cluster_dir;
    cluster = std::make_unique<ScratchCluster>(std::move(cluster_options));
  }
  const ScratchDatabase database(options.server ? *options.server : cluster->url());
  auto connection = connect_database(database.conninfo());
  Prover prover(*connection, chain);
  if (options.progress != nullptr) {
    *options.progress << "strata: proving " << registry.name << " on "
                      << (!cluster         ? describe_connection(*options.server)
                          : cluster->kept() ? "the build tree's scratch cluster"
                                            : "a throwaway cluster" + (cluster->kept_refusal().empty()
                                                                           ? std::string()
                                                                           : " (" + cluster->kept_refusal() + ")"))
                      << " ("
                      << std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started).count()
                      << " ms to set up)\n";
  }
  if (*first_unproven > 0) prover.upgrade_to(*first_unproven, "up");
  for (std::size_t i = *first_unproven; i < chain.size(); ++i) {
    const Revision& revision = chain.at(i);
    if (cache.count(cache_key(revision)) != 0) {
      prover.upgrade_to(i + 1, "up");
      continue;
    }
    const Clock::time_point revision_started = Clock::now();
    prover.prove(i);
    cache.insert(cache_key(revision));
    write_cache(options.cache_file, cache);
    result.proven.emplace_back(revision.info->id);
    if (options.progress != nullptr) {
      *options.progress
          << "strata: proved " << revision.info->id << " (up, down, up) in "
          << std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - revision_started).count() << " ms\n";
    }
  }
  return result;
}

}  // namespace strata

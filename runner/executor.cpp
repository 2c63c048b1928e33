#include "runner/executor.hpp"

#include <chrono>
#include <ostream>
#include <regex>
#include <sstream>

#include <pqxx/pqxx>

#include "core/postgres_dialect.hpp"
#include "core/sql_script.hpp"
#include "runner/connection_options.hpp"
#include "runner/migration_errors.hpp"

namespace strata {
namespace {

using Clock = std::chrono::steady_clock;

// PostgreSQL's message without the "ERROR:  " severity and the "LINE n:" / caret excerpt (the
// CLI names the statement itself); DETAIL and HINT lines are kept, on the same line.
std::string postgres_message(const std::string& what) {
  std::istringstream lines(what);
  std::string line;
  std::string message;
  while (std::getline(lines, line)) {
    if (line.empty() || line.rfind("LINE ", 0) == 0 || line.find_first_not_of(" ^") == std::string::npos) continue;
    if (line.rfind("ERROR:", 0) == 0) line = line.substr(line.find_first_not_of(' ', 6));
    if (!message.empty()) message += ' ';
    message += line;
  }
  return message.empty() ? what : message;
}

// libpq's multi-line connection messages on one line.
std::string one_line(const std::string& text) {
  // libpq's messages span lines ("Connection refused\n\tIs the server running..."): join the
  // lines with "; " and fold the rest of the white space.
  std::string out;
  bool space = false;
  bool line_break = false;
  for (char c : text) {
    if (c == '\n' || c == '\r') line_break = !out.empty();
    if (c == '\n' || c == '\t' || c == '\r' || c == ' ') {
      space = !out.empty();
      continue;
    }
    if (line_break && out.back() != ':' && out.back() != '.') out += ';';
    if (space) out += ' ';
    space = line_break = false;
    out += c;
  }
  return out;
}

std::string file_of(const Revision& revision, Direction direction) {
  return std::string(revision.info->id) + (direction == Direction::Up ? ".up.sql" : ".down.sql");
}

std::string_view id_of(const Revision& revision) { return revision.info->id; }

ConnectError lost_connection(const std::string& during, const std::exception& error) {
  return ConnectError("lost the connection to the database " + during + ": " + one_line(error.what()));
}

// One revision's statements, grouped into the parts that run in one transaction (or, for a
// statement PostgreSQL cannot run in one, alone outside any transaction).
struct Part {
  bool transactional = true;
  std::vector<const ScriptStatement*> statements;
};

struct PreparedStep {
  const Revision* revision = nullptr;
  Direction direction = Direction::Up;
  std::string file;
  std::vector<ScriptStatement> statements;
  std::vector<Part> parts;
  bool has_non_transactional = false;
};

PreparedStep prepare(const PlanStep& step) {
  PreparedStep prepared;
  prepared.revision = step.revision;
  prepared.direction = step.direction;
  prepared.file = file_of(*step.revision, step.direction);
  std::string_view sql = step.direction == Direction::Up ? step.revision->up_sql : step.revision->down_sql;
  try {
    prepared.statements = split_statements(sql);
  } catch (const SqlScriptError& error) {
    throw StmtExecError(std::string(id_of(*step.revision)), prepared.file, error.line(), "", error.what());
  }
  for (const ScriptStatement& statement : prepared.statements) {
    bool outside = requires_no_transaction(statement.text);
    prepared.has_non_transactional = prepared.has_non_transactional || outside;
    if (outside) {
      prepared.parts.push_back(Part{false, {&statement}});
    } else {
      if (prepared.parts.empty() || !prepared.parts.back().transactional) prepared.parts.push_back(Part{});
      prepared.parts.back().statements.push_back(&statement);
    }
  }
  // The before hook opens the first part and the after hook and history write close the last,
  // each inside a transaction.
  if (prepared.parts.empty() || !prepared.parts.front().transactional) prepared.parts.insert(prepared.parts.begin(), Part{});
  if (!prepared.parts.back().transactional) prepared.parts.push_back(Part{});
  return prepared;
}

std::string first_line(std::string_view text) {
  std::string_view line = text.substr(0, text.find('\n'));
  return std::string(line.size() > 80 ? line.substr(0, 77) : line) + (line.size() > 80 || line.size() < text.size() ? " …" : "");
}

class StepRunner {
 public:
  StepRunner(const ExecutorOptions& options) : options_(options) {}

  void set_local_timeouts(pqxx::transaction_base& tx) const {
    if (options_.lock_timeout) tx.exec("SET LOCAL lock_timeout = " + tx.quote(*options_.lock_timeout));
    if (options_.statement_timeout) tx.exec("SET LOCAL statement_timeout = " + tx.quote(*options_.statement_timeout));
  }

  void run_statement(pqxx::transaction_base& tx, const PreparedStep& step, const ScriptStatement& statement,
                     bool partially_applied) const {
    try {
      tx.exec(statement.text);
    } catch (const pqxx::broken_connection& error) {
      throw lost_connection("while running " + step.file + ":" + std::to_string(statement.line), error);
    } catch (const pqxx::failure& error) {
      throw StmtExecError(std::string(id_of(*step.revision)), step.file, statement.line, statement.text,
                          postgres_message(error.what()), partially_applied);
    }
  }

  void run_hook(pqxx::transaction_base& tx, const PreparedStep& step, bool before, bool partially_applied) const {
    const RevisionInfo& info = *step.revision->info;
    DataHook hook = step.direction == Direction::Up ? (before ? info.before_upgrade : info.after_upgrade)
                                                    : (before ? info.before_downgrade : info.after_downgrade);
    if (hook == nullptr) return;
    std::string name = std::string(before ? "before_" : "after_") +
                       (step.direction == Direction::Up ? "upgrade" : "downgrade") + " hook";
    try {
      hook(tx);
    } catch (const pqxx::broken_connection& error) {
      throw lost_connection("while running the " + name + " of " + std::string(info.id), error);
    } catch (const pqxx::failure& error) {
      throw StmtExecError(std::string(info.id), std::string(info.id) + ".cpp", 0, name, postgres_message(error.what()),
                          partially_applied);
    } catch (const std::exception& error) {
      throw StmtExecError(std::string(info.id), std::string(info.id) + ".cpp", 0, name, error.what(), partially_applied);
    }
  }

  void write_history(pqxx::transaction_base& tx, const PreparedStep& step, Clock::time_point started) const {
    if (step.direction == Direction::Up) {
      auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started).count();
      record_applied(tx, *step.revision, static_cast<int>(elapsed));
    } else {
      remove_applied(tx, id_of(*step.revision));
    }
  }

  // The whole step inside `tx` (single-transaction mode, or a step without non-transactional parts).
  void run_in(pqxx::transaction_base& tx, const PreparedStep& step, Clock::time_point started) const {
    run_hook(tx, step, true, false);
    for (const ScriptStatement& statement : step.statements) run_statement(tx, step, statement, false);
    run_hook(tx, step, false, false);
    write_history(tx, step, started);
  }

  // A step with parts outside transactions: each part committed on its own, history last.
  void run_in_parts(pqxx::connection_base& connection, const PreparedStep& step, Clock::time_point started) const {
    bool committed_any = false;
    for (std::size_t i = 0; i < step.parts.size(); ++i) {
      const Part& part = step.parts[i];
      bool first = i == 0;
      bool last = i + 1 == step.parts.size();
      if (part.transactional) {
        pqxx::work tx(connection);
        set_local_timeouts(tx);
        if (first) run_hook(tx, step, true, committed_any);
        for (const ScriptStatement* statement : part.statements) run_statement(tx, step, *statement, committed_any);
        if (last) {
          run_hook(tx, step, false, committed_any);
          write_history(tx, step, started);
        }
        commit(tx, step);
      } else {
        pqxx::nontransaction outside(connection);
        set_session_timeouts(outside, false);
        run_statement(outside, step, *part.statements.front(), committed_any);
        set_session_timeouts(outside, true);
      }
      committed_any = true;
    }
  }

  static void commit(pqxx::transaction_base& tx, const PreparedStep& step) {
    try {
      tx.commit();
    } catch (const pqxx::broken_connection& error) {
      throw lost_connection("while committing " + std::string(id_of(*step.revision)), error);
    } catch (const pqxx::failure& error) {  // a deferred constraint, a serialization failure
      throw StmtExecError(std::string(id_of(*step.revision)), step.file, 0, "COMMIT", postgres_message(error.what()));
    }
  }

 private:
  // SET LOCAL means nothing outside a transaction: the timeouts are set for the session around
  // the statement, then reset.
  void set_session_timeouts(pqxx::transaction_base& tx, bool reset) const {
    if (options_.lock_timeout) tx.exec(reset ? "RESET lock_timeout" : "SET lock_timeout = " + tx.quote(*options_.lock_timeout));
    if (options_.statement_timeout) {
      tx.exec(reset ? "RESET statement_timeout" : "SET statement_timeout = " + tx.quote(*options_.statement_timeout));
    }
  }

  const ExecutorOptions& options_;
};

std::string milliseconds_since(Clock::time_point started) {
  return std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started).count()) + " ms";
}

std::string position_name(const RevisionChain& chain, std::size_t position) {
  return position == 0 ? std::string("base") : std::string(chain.id_at(position));
}

void create_history_table(pqxx::connection_base& connection) {
  try {
    pqxx::work tx(connection);
    ensure_history_table(tx);
    tx.commit();
  } catch (const pqxx::broken_connection& error) {
    throw lost_connection("while creating the history table", error);
  }
}

}  // namespace

bool is_valid_timeout(std::string_view value) {
  static const std::regex pattern(R"(^[0-9]+\s*(us|ms|s|min|h|d)?$)");
  return std::regex_match(std::string(value), pattern);
}

std::unique_ptr<pqxx::connection> connect_database(const std::string& conninfo) {
  std::string where = conninfo.empty() ? std::string("the database named by the PG* environment variables")
                                       : mask_password(conninfo);
  try {
    auto connection = std::make_unique<pqxx::connection>(conninfo);
    {
      // NOTICEs ("relation ... already exists, skipping") are noise in a migration log.
      pqxx::nontransaction setup(*connection);
      setup.exec("SET client_min_messages = warning");
      // The revisions' '...' literals mean what they say only with this on (the server default,
      // but a role or database may turn it off).
      setup.exec("SET standard_conforming_strings = on");
    }
    return connection;
  } catch (const std::exception& error) {
    throw ConnectError("cannot connect to " + where + ": " + scrub_password(one_line(error.what()), conninfo));
  }
}

std::int64_t advisory_lock_key(std::string_view registry_name) {
  std::uint64_t hash = 14695981039346656037ull;
  for (char c : "strata:" + std::string(registry_name)) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 1099511628211ull;
  }
  return static_cast<std::int64_t>(hash);
}

MigrationLock::MigrationLock(pqxx::connection_base& connection, std::string_view registry_name, std::ostream* notice)
    : connection_(connection), key_(advisory_lock_key(registry_name)) {
  try {
    pqxx::nontransaction session(connection_);
    if (session.exec_params("SELECT pg_try_advisory_lock($1)", key_)[0][0].as<bool>()) return;
    if (notice != nullptr) {
      *notice << "waiting for another migrator of " << registry_name << " to finish (advisory lock " << key_ << ")\n";
    }
    session.exec_params("SELECT pg_advisory_lock($1)", key_);
  } catch (const pqxx::broken_connection& error) {
    throw lost_connection("while taking the migration lock", error);
  }
}

MigrationLock::~MigrationLock() {
  try {
    pqxx::nontransaction session(connection_);
    session.exec_params("SELECT pg_advisory_unlock($1)", key_);
  } catch (const std::exception&) {
    // The session's end releases the lock anyway; a destructor must not throw.
  }
}

std::vector<HistoryRow> load_history(pqxx::connection_base& connection) {
  try {
    pqxx::read_transaction tx(connection);
    return read_history(tx);
  } catch (const pqxx::broken_connection& error) {
    throw lost_connection("while reading the history", error);
  }
}

void execute_plan(pqxx::connection_base& connection, const RevisionChain& chain, const Plan& plan,
                  const ExecutorOptions& options) {
  if (plan.steps.empty()) return;
  std::vector<PreparedStep> steps;
  steps.reserve(plan.steps.size());
  for (const PlanStep& step : plan.steps) steps.push_back(prepare(step));
  if (options.single_transaction) {
    for (const PreparedStep& step : steps) {
      if (!step.has_non_transactional) continue;
      for (const Part& part : step.parts) {
        if (part.transactional) continue;
        throw TargetError("--single-transaction cannot apply " + step.file + ": line " +
                          std::to_string(part.statements.front()->line) + " (" +
                          first_line(part.statements.front()->text) +
                          ") cannot run inside a transaction; run without --single-transaction");
      }
    }
  }

  std::ostream* out = options.progress;
  std::size_t total = steps.size();
  if (out != nullptr) {
    *out << (plan.direction == Direction::Up ? "upgrading " : "downgrading ") << position_name(chain, plan.from)
         << " -> " << position_name(chain, plan.to) << " (" << total << (total == 1 ? " revision" : " revisions")
         << (options.single_transaction ? ", one transaction" : "") << ")\n";
  }
  StepRunner runner(options);
  auto label = [&](std::size_t i) {
    const PreparedStep& step = steps[i];
    std::string text = "[" + std::to_string(i + 1) + "/" + std::to_string(total) + "] " + std::string(id_of(*step.revision));
    if (step.direction == Direction::Down) text += " (down)";
    return text;
  };

  if (options.single_transaction) {
    Clock::time_point all_started = Clock::now();
    try {
      pqxx::work tx(connection);
      runner.set_local_timeouts(tx);
      for (std::size_t i = 0; i < total; ++i) {
        Clock::time_point started = Clock::now();
        if (out != nullptr) *out << label(i) << " … " << std::flush;
        try {
          runner.run_in(tx, steps[i], started);
        } catch (...) {
          if (out != nullptr) *out << "failed\n";
          throw;
        }
        if (out != nullptr) *out << milliseconds_since(started) << "\n";
      }
      StepRunner::commit(tx, steps.back());
    } catch (const pqxx::broken_connection& error) {
      throw lost_connection("during the migration", error);
    }
    if (out != nullptr) *out << "committed " << total << " revision(s) in one transaction, " << milliseconds_since(all_started) << "\n";
    return;
  }

  for (std::size_t i = 0; i < total; ++i) {
    const PreparedStep& step = steps[i];
    Clock::time_point started = Clock::now();
    if (out != nullptr && step.has_non_transactional) {
      *out << step.file << ": a statement PostgreSQL cannot run inside a transaction runs on its own; "
           << "the parts around it run in their own transactions, the history row is written once all succeed\n";
    }
    if (out != nullptr) *out << label(i) << " … " << std::flush;
    try {
      if (step.has_non_transactional) {
        runner.run_in_parts(connection, step, started);
      } else {
        pqxx::work tx(connection);
        runner.set_local_timeouts(tx);
        runner.run_in(tx, step, started);
        StepRunner::commit(tx, step);
      }
    } catch (const pqxx::broken_connection& error) {
      if (out != nullptr) *out << "failed\n";
      throw lost_connection("while running " + step.file, error);
    } catch (...) {
      if (out != nullptr) *out << "failed\n";
      throw;
    }
    if (out != nullptr) *out << milliseconds_since(started) << "\n";
  }
}

Plan run_upgrade(pqxx::connection_base& connection, const RevisionChain& chain, std::string_view target,
                 const ExecutorOptions& options) {
  MigrationLock lock(connection, chain.registry().name, options.progress);
  create_history_table(connection);
  std::size_t current = applied_position(chain, load_history(connection));
  Plan plan = plan_upgrade(chain, current, target);
  execute_plan(connection, chain, plan, options);
  return plan;
}

Plan run_downgrade(pqxx::connection_base& connection, const RevisionChain& chain, std::string_view target,
                   const ExecutorOptions& options) {
  MigrationLock lock(connection, chain.registry().name, options.progress);
  create_history_table(connection);
  std::size_t current = applied_position(chain, load_history(connection));
  Plan plan = plan_downgrade(chain, current, target);
  execute_plan(connection, chain, plan, options);
  return plan;
}

StampResult run_stamp(pqxx::connection_base& connection, const RevisionChain& chain, std::string_view target,
                      const ExecutorOptions& options) {
  std::size_t to = chain.resolve(target);
  MigrationLock lock(connection, chain.registry().name, options.progress);
  create_history_table(connection);
  std::vector<HistoryRow> history = load_history(connection);
  StampResult result;
  pqxx::work tx(connection);
  std::vector<bool> recorded(chain.size(), false);
  for (const HistoryRow& row : history) {
    std::optional<std::size_t> index = chain.index_of(row.revision);
    if (!index || *index >= to) {
      remove_applied(tx, row.revision);
      result.removed.push_back(row.revision);
      continue;
    }
    recorded[*index] = true;
    if (row.checksum != chain.at(*index).checksum) {
      update_checksum(tx, row.revision, chain.at(*index).checksum);
      result.repaired.push_back(row.revision);
    }
  }
  for (std::size_t i = 0; i < to; ++i) {
    if (recorded[i]) continue;
    record_applied(tx, chain.at(i), 0);
    result.added.emplace_back(chain.at(i).info->id);
  }
  tx.commit();
  return result;
}

}  // namespace strata

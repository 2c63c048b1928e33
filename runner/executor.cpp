#include "runner/executor.hpp"

#include <chrono>
#include <cstdlib>
#include <ostream>
#include <regex>
#include <sstream>

#include <pqxx/pqxx>

#include "core/postgres_dialect.hpp"
#include "core/sql_script.hpp"
#include "runner/connection_options.hpp"
#include "runner/migration_errors.hpp"
#include "runner/revision_step.hpp"

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

std::string_view id_of(const Revision& revision) { return revision.info->id; }

ConnectError lost_connection(const std::string& during, const std::exception& error) {
  return ConnectError("lost the connection to the database " + during + ": " + one_line(error.what()));
}

// The line in the reviewed file PostgreSQL's error points at: its "LINE n:" counts lines of the
// statement, which starts on `statement.line` of the file.
unsigned error_line(const ScriptStatement& statement, const std::string& what) {
  std::size_t at = what.find("\nLINE ");
  if (at == std::string::npos) return statement.line;
  unsigned within = 0;
  for (std::size_t i = at + 6; i < what.size() && what[i] >= '0' && what[i] <= '9'; ++i) within = within * 10 + (what[i] - '0');
  return within == 0 ? statement.line : statement.line + within - 1;
}

// The executor's back-end of a RevisionStep: runs its parts on the connection.
class StepRunner {
 public:
  StepRunner(const ExecutorOptions& options) : options_(options) {}

  void set_local_timeouts(pqxx::transaction_base& tx) const {
    if (options_.lock_timeout) tx.exec("SET LOCAL lock_timeout = " + tx.quote(*options_.lock_timeout));
    if (options_.statement_timeout) tx.exec("SET LOCAL statement_timeout = " + tx.quote(*options_.statement_timeout));
  }

  void run_statement(pqxx::transaction_base& tx, const RevisionStep& step, const ScriptStatement& statement,
                     bool partially_applied) const {
    try {
      tx.exec(statement.text);
    } catch (const pqxx::broken_connection& error) {
      throw lost_connection("while running " + step.file + ":" + std::to_string(statement.line), error);
    } catch (const pqxx::failure& error) {
      throw StmtExecError(std::string(id_of(*step.revision)), step.file, error_line(statement, error.what()),
                          statement.text, postgres_message(error.what()), partially_applied);
    }
  }

  void run_hook(pqxx::transaction_base& tx, const RevisionStep& step, bool before, bool partially_applied) const {
    DataHook hook = step.hook(before);
    if (hook == nullptr) return;
    const std::string id(id_of(*step.revision));
    std::string name = step.hook_name(before) + " hook";
    try {
      hook(tx);
    } catch (const pqxx::broken_connection& error) {
      throw lost_connection("while running the " + name + " of " + id, error);
    } catch (const pqxx::failure& error) {
      throw StmtExecError(id, id + ".cpp", 0, name, postgres_message(error.what()), partially_applied);
    } catch (const std::exception& error) {
      throw StmtExecError(id, id + ".cpp", 0, name, error.what(), partially_applied);
    }
  }

  void write_history(pqxx::transaction_base& tx, const RevisionStep& step, Clock::time_point started) const {
    auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started).count();
    tx.exec0(history_write_sql(step, static_cast<int>(elapsed)));
  }

  // The whole step inside `tx` (single-transaction mode, or a step of one part).
  void run_in(pqxx::transaction_base& tx, const RevisionStep& step, Clock::time_point started) const {
    run_hook(tx, step, true, false);
    for (const StepPart& part : step.parts)
      for (const ScriptStatement& statement : part.statements) run_statement(tx, step, statement, false);
    run_hook(tx, step, false, false);
    write_history(tx, step, started);
  }

  // A step of several parts, from part `first` on (the parts before it are recorded as done):
  // each part committed on its own and recorded in the history row.
  void run_in_parts(pqxx::connection_base& connection, const RevisionStep& step, std::size_t first,
                    Clock::time_point started) const {
    bool committed_any = first > 0;
    for (std::size_t i = first; i < step.parts.size(); ++i) {
      const StepPart& part = step.parts[i];
      bool last = i + 1 == step.parts.size();
      if (part.transactional) {
        pqxx::work tx(connection);
        set_local_timeouts(tx);
        if (i == 0) run_hook(tx, step, true, committed_any);
        for (const ScriptStatement& statement : part.statements) run_statement(tx, step, statement, committed_any);
        if (last) {
          run_hook(tx, step, false, committed_any);
          write_history(tx, step, started);
        } else {
          tx.exec0(partial_write_sql(step, i + 1));
        }
        commit(tx, step);
      } else {
        {
          pqxx::nontransaction outside(connection);
          set_session_timeouts(outside, false);
          drop_invalid_index(outside, step, part.statements.front());
          run_statement(outside, step, part.statements.front(), committed_any);
          set_session_timeouts(outside, true);
        }
        pqxx::work tx(connection);
        tx.exec0(partial_write_sql(step, i + 1));
        commit(tx, step);
      }
      committed_any = true;
    }
  }

  // A CREATE INDEX CONCURRENTLY that was killed or failed leaves an INVALID index of its name:
  // IF NOT EXISTS would keep it, and without IF NOT EXISTS the build fails. Drop it to rebuild.
  void drop_invalid_index(pqxx::transaction_base& outside, const RevisionStep& step, const ScriptStatement& statement) const {
    std::optional<ConcurrentIndexBuild> build = concurrent_index_build(statement.text);
    if (!build) return;
    try {
      pqxx::result invalid = outside.exec_params(
          "SELECT format('%I.%I', n.nspname, ic.relname) FROM pg_index i\n"
          "JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_namespace n ON n.oid = ic.relnamespace\n"
          "WHERE NOT i.indisvalid AND ic.relname = $1 AND i.indrelid = to_regclass($2)",
          build->index, build->table);
      for (const pqxx::row& row : invalid) {
        if (options_.progress != nullptr) {
          *options_.progress << step.file << ":" << statement.line << ": dropping the INVALID index "
                             << row[0].as<std::string>() << " an interrupted build left, to build it again\n";
        }
        outside.exec("DROP INDEX CONCURRENTLY IF EXISTS " + row[0].as<std::string>());
      }
    } catch (const pqxx::broken_connection& error) {
      throw lost_connection("while running " + step.file + ":" + std::to_string(statement.line), error);
    } catch (const pqxx::failure& error) {
      throw StmtExecError(std::string(id_of(*step.revision)), step.file, statement.line, statement.text,
                          "dropping the INVALID index an interrupted build left: " + postgres_message(error.what()), true);
    }
  }

  static void commit(pqxx::transaction_base& tx, const RevisionStep& step) {
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
                  const ExecutorOptions& options, std::size_t first_step_parts_done) {
  if (plan.steps.empty()) return;
  std::vector<RevisionStep> steps;
  steps.reserve(plan.steps.size());
  for (const PlanStep& step : plan.steps) steps.push_back(prepare_revision_step(step));
  if (options.single_transaction) {
    for (const RevisionStep& step : steps) require_one_transaction(step);
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
    const RevisionStep& step = steps[i];
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
    const RevisionStep& step = steps[i];
    Clock::time_point started = Clock::now();
    std::size_t parts_done = i == 0 ? first_step_parts_done : 0;
    if (out != nullptr && step.recorded_by_part()) {
      *out << step.file << (step.has_non_transactional() ? ": a statement PostgreSQL cannot run inside a transaction runs on its own; the revision"
                                                        : ": split by `-- strata:step` lines; the revision")
           << " runs in " << step.parts.size() << " parts, each committed and recorded in the history on its own"
           << (parts_done > 0 ? "; resuming after part " + std::to_string(parts_done) : std::string()) << "\n";
    }
    if (out != nullptr) *out << label(i) << " … " << std::flush;
    try {
      if (step.recorded_by_part()) {
        runner.run_in_parts(connection, step, parts_done, started);
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

namespace {

// Under the lock, before a writing command plans: brings the history's checksums recorded by an
// earlier release (the up SQL's alone) up to the full ones, now that the up SQL matched them.
void upgrade_legacy_checksums(pqxx::connection_base& connection, const RevisionChain& chain,
                              std::vector<HistoryRow>& history) {
  std::vector<HistoryRow*> legacy;
  for (HistoryRow& row : history) {
    std::optional<std::size_t> index = chain.index_of(row.revision);
    if (index && row.checksum != chain.at(*index).checksum && checksums_match(row.checksum, chain.at(*index).checksum))
      legacy.push_back(&row);
  }
  if (legacy.empty()) return;
  pqxx::work tx(connection);
  for (HistoryRow* row : legacy) {
    row->checksum = std::string(chain.at(*chain.index_of(row->revision)).checksum);
    update_checksum(tx, row->revision, row->checksum);
  }
  tx.commit();
}

// Reads the history under the lock, and where a run left a revision part-way: the parts it did.
Plan plan_run(pqxx::connection_base& connection, const RevisionChain& chain, std::string_view target,
              Direction direction, std::size_t& parts_done) {
  create_history_table(connection);
  std::vector<HistoryRow> history = load_history(connection);
  std::size_t current = applied_position(chain, history);
  upgrade_legacy_checksums(connection, chain, history);
  Plan plan = direction == Direction::Up ? plan_upgrade(chain, current, target) : plan_downgrade(chain, current, target);
  parts_done = 0;
  const HistoryRow* partial = partial_row(history);
  if (partial == nullptr || plan.steps.empty()) return plan;
  bool upgrading_part = *partial->partial_step > 0;
  if (upgrading_part != (direction == Direction::Up)) {
    throw TargetError("revision " + partial->revision + " is partly " + (upgrading_part ? "upgraded" : "downgraded") +
                      " (" + std::to_string(std::abs(*partial->partial_step)) + " part(s) done): run `" +
                      (upgrading_part ? "upgrade" : "downgrade") + "` to finish it first");
  }
  if (plan.steps.front().revision->info->id == partial->revision) parts_done = std::abs(*partial->partial_step);
  return plan;
}

}  // namespace

Plan run_upgrade(pqxx::connection_base& connection, const RevisionChain& chain, std::string_view target,
                 const ExecutorOptions& options) {
  MigrationLock lock(connection, chain.registry().name, options.progress);
  std::size_t parts_done = 0;
  Plan plan = plan_run(connection, chain, target, Direction::Up, parts_done);
  execute_plan(connection, chain, plan, options, parts_done);
  return plan;
}

Plan run_downgrade(pqxx::connection_base& connection, const RevisionChain& chain, std::string_view target,
                   const ExecutorOptions& options) {
  MigrationLock lock(connection, chain.registry().name, options.progress);
  std::size_t parts_done = 0;
  Plan plan = plan_run(connection, chain, target, Direction::Down, parts_done);
  execute_plan(connection, chain, plan, options, parts_done);
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
    if (!index || *index >= to || row.partial_step) {  // a partly applied revision is recorded whole or not
      remove_applied(tx, row.revision);
      if (!index || *index >= to) result.removed.push_back(row.revision);
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

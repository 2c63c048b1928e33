#include "runner/executor.hpp"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <limits>
#include <ostream>
#include <regex>
#include <sstream>
#include <utility>
#include <thread>

#include <pqxx/pqxx>

#include "catalog/connection_options.hpp"
#include "core/joined.hpp"
#include "core/postgres_dialect.hpp"
#include "core/snapshot.hpp"
#include "core/sql_script.hpp"
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

LostConnectionError lost_connection(const std::string& during, const std::exception& error) {
  return LostConnectionError("lost the connection to the database " + during + ": " + one_line(error.what()));
}

// The line in the reviewed file PostgreSQL's error points at: its "LINE n:" counts lines of the
// statement, which starts on `statement.line` of the file.
unsigned error_line(const ScriptStatement& statement, const std::string& what) {
  std::size_t at = what.find("\nLINE ");
  if (at == std::string::npos) return statement.line;
  unsigned within = 0;
  for (std::size_t i = at + 6; i < what.size() && what[i] >= '0' && what[i] <= '9'; ++i)
    within = within * 10 + (what[i] - '0');
  return within == 0 ? statement.line : statement.line + within - 1;
}

std::string milliseconds_since(Clock::time_point started) {
  return std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started).count()) + " ms";
}

// A statement that waited longer than lock_timeout (SQLSTATE 55P03): its part is rolled back and
// StepRunner::retrying() runs it again.
struct LockTimedOut {
  ScriptStatement statement;
  std::string message;
  bool partially_applied = false;
};

// The sessions other than ours holding a lock on a table the statement names (a quoted
// "schema"."name", as the generator writes them; for an index, its table): "pid 4242
// (application_name 'psql', idle in transaction)". Empty when none does any more.
std::string lock_holders(pqxx::connection_base& connection, const std::string& statement) {
  pqxx::nontransaction session(connection);
  return session
      .exec_params(
          "SELECT coalesce(string_agg(format('pid %s (application_name ''%s'', %s)', a.pid, a.application_name, "
          "coalesce(a.state, '')), ', ' ORDER BY a.pid), '') FROM pg_stat_activity a WHERE a.pid IN ("
          "SELECT l.pid FROM pg_locks l WHERE l.granted AND l.pid <> pg_backend_pid() AND l.relation IN ("
          "SELECT x.r FROM regexp_matches($1, '\"(?:[^\"]|\"\")+\"\\.\"(?:[^\"]|\"\")+\"', 'g') AS m(n), "
          "LATERAL (SELECT to_regclass(m.n[1]) UNION SELECT i.indrelid FROM pg_index i "
          "WHERE i.indexrelid = to_regclass(m.n[1])) AS x(r)))",
          statement)[0][0]
      .as<std::string>();
}

// "ALTER TABLE "public"."users" VALIDATE CONSTRAINT …": a part in one line for progress.
std::string part_text(const StepPart& part) {
  if (part.statements.empty()) return "(hooks and the history write)";
  std::string text = part.statements.front().text;
  for (char& c : text) c = (c == '\n') ? ' ' : c;
  if (text.size() > 100) text = text.substr(0, 97) + "…";
  return text + (part.statements.size() > 1 ? " (+" + std::to_string(part.statements.size() - 1) + ")" : "");
}

// A batched backfill's first batch, and the time each batch should take at most (a writer
// waiting for a row the batch filled waits that long at most): see run_batches().
constexpr std::int64_t kFirstBatchRows = 100;
constexpr std::chrono::milliseconds kBatchTime{20};

// The executor's back-end of a RevisionStep: runs its parts on the connection.
class StepRunner {
 public:
  StepRunner(const ExecutorOptions& options, HistoryTable history) : options_(options), history_(std::move(history)) {}

  // "SET LOCAL lock_timeout = …;\n" and the statement_timeout's, as the options and the revision say.
  std::string local_timeouts_sql(pqxx::connection_base& connection, const Revision* revision = nullptr) const {
    const std::optional<std::string> lock_timeout =
        revision != nullptr ? lock_timeout_for(options_, *revision) : options_.lock_timeout;
    std::string sql;
    if (lock_timeout) sql += "SET LOCAL lock_timeout = " + connection.quote(*lock_timeout) + ";\n";
    if (options_.statement_timeout)
      sql += "SET LOCAL statement_timeout = " + connection.quote(*options_.statement_timeout) + ";\n";
    return sql;
  }

  void set_local_timeouts(pqxx::transaction_base& tx, const Revision* revision = nullptr) const {
    const std::string sql = local_timeouts_sql(tx.conn(), revision);
    if (!sql.empty()) tx.exec(sql);
  }

  // Runs `run` (one part, in a transaction of its own or outside any) and again, after a growing
  // pause, each time it hits lock_timeout, at most lock_retries_for() times; then throws
  // StmtExecError naming who holds the lock.
  template <typename Run>
  void retrying(pqxx::connection_base& connection, const RevisionStep& step, Run&& run) const {
    const int retries = lock_retries_for(options_, *step.revision);
    for (int attempt = 0;; ++attempt) {
      try {
        run();
        return;
      } catch (const LockTimedOut& timed_out) {
        std::string holders;
        try {
          holders = lock_holders(connection, timed_out.statement.text);
        } catch (const pqxx::broken_connection& error) {
          throw lost_connection("while running " + step.file, error);
        }
        holders = holders.empty() ? "a session that has released it since" : holders;
        const std::string where = step.file + ":" + std::to_string(timed_out.statement.line);
        const std::string timeout = lock_timeout_for(options_, *step.revision).value_or("?");
        if (attempt >= retries) {
          throw StmtExecError(
              std::string(id_of(*step.revision)), step.file, timed_out.statement.line, timed_out.statement.text,
              timed_out.message + " (lock_timeout " + timeout + ", " + std::to_string(attempt + 1) +
                  " attempt(s), --lock-retries " + std::to_string(retries) + "): the lock is held by " + holders,
              timed_out.partially_applied);
        }
        const std::chrono::milliseconds pause(500 << std::min(attempt, 6));
        if (options_.progress != nullptr) {
          *options_.progress << "\n"
                             << where << ": lock_timeout (" << timeout << ") waiting for a lock held by " << holders
                             << "; retry " << attempt + 1 << "/" << retries << " in " << pause.count() << " ms … "
                             << std::flush;
        }
        std::this_thread::sleep_for(pause);
      }
    }
  }

  pqxx::result run_statement(pqxx::transaction_base& tx, const RevisionStep& step, const ScriptStatement& statement,
                             bool partially_applied) const {
    try {
      return tx.exec(statement.text);
    } catch (const pqxx::broken_connection& error) {
      throw lost_connection("while running " + step.file + ":" + std::to_string(statement.line), error);
    } catch (const pqxx::sql_error& error) {
      if (error.sqlstate() == "55P03") throw LockTimedOut{statement, postgres_message(error.what()), partially_applied};
      throw StmtExecError(std::string(id_of(*step.revision)), step.file, error_line(statement, error.what()),
                          statement.text, postgres_message(error.what()), partially_applied);
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
    tx.exec0(history_write_sql(history_, step, std::to_string(elapsed)));
  }

  // A revision of one transactional part without hooks, outside online mode: its timeouts, its
  // statements and its history write as one multi-statement message, one round trip instead of
  // one per statement plus BEGIN, the history write and COMMIT. PostgreSQL runs such a message as
  // one implicit transaction: all of it or nothing. False when the revision does not qualify or
  // the message failed (then rolled back whole): the caller runs the revision statement by
  // statement, which names the failing statement and its line (or succeeds, after a transient
  // failure such as a lock timeout).
  bool run_as_one_message(pqxx::connection_base& connection, const RevisionStep& step) const {
    if (step.recorded_by_part() || step.revision->info->online || step.hook(true) != nullptr ||
        step.hook(false) != nullptr)
      return false;
    std::string message = local_timeouts_sql(connection, step.revision);
    std::vector<unsigned> lines;
    for (const StepPart& part : step.parts)
      for (const ScriptStatement& statement : part.statements) {
        message += statement.text + ";\n";
        lines.push_back(statement.line);
      }
    message += history_write_sql(history_, step, kDurationOfMessageMs);
    try {
      pqxx::nontransaction outside(connection);
      outside.exec(message);
      return true;
    } catch (const pqxx::broken_connection& error) {
      // Which statement of the message was running is not known: the lines the message spans.
      std::string where = step.file;
      if (lines.size() == 1) where += ":" + std::to_string(lines.front());
      if (lines.size() > 1)
        where += " (lines " + std::to_string(lines.front()) + "-" + std::to_string(lines.back()) + ", one message)";
      throw lost_connection("while running " + where, error);
    } catch (const pqxx::sql_error&) {
      return false;
    }
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
    // An online revision says what each part does as it runs (each may wait, retry, or scan).
    std::ostream* out = step.revision->info->online ? options_.progress : nullptr;
    for (std::size_t i = first; i < step.parts.size(); ++i) {
      const Clock::time_point part_started = Clock::now();
      if (out != nullptr)
        *out << "\n  part " << i + 1 << "/" << step.parts.size() << ": " << part_text(step.parts[i]) << " … "
             << std::flush;
      retrying(connection, step, [&] { run_part(connection, step, i, i > 0, started); });
      if (out != nullptr) *out << milliseconds_since(part_started);
    }
    if (out != nullptr) *out << "\n  ";
  }

  // A batched backfill: the count, then the batches, each committed on its own, until one
  // changes no row; progress after each batch. What a killed run filled stays filled.
  void run_batches(pqxx::connection_base& connection, const RevisionStep& step, const StepPart& part,
                   bool committed_any) const {
    std::int64_t total = 0;
    {
      pqxx::work tx(connection);
      set_local_timeouts(tx, step.revision);
      const pqxx::result count = run_statement(tx, step, part.statements.front(), committed_any);
      if (!count.empty() && !count[0][0].is_null()) total = count[0][0].as<std::int64_t>();
      commit(tx, step);
    }
    const Clock::time_point started = Clock::now();
    // A batch holds the lock of every row it fills until it commits: a writer updating one of
    // them waits for the commit. So a batch is bounded in time as well as in rows: the first fills
    // kFirstBatchRows, each next one as many rows as the last filled in kBatchTime (at most
    // twice as many, at most --batch-size).
    std::int64_t batch = std::min(options_.batch_size, kFirstBatchRows);
    for (std::int64_t done = 0;;) {
      const Clock::time_point batch_started = Clock::now();
      pqxx::work tx(connection);
      set_local_timeouts(tx, step.revision);
      tx.exec("SET LOCAL strata.batch_size = " + tx.quote(std::to_string(batch)));
      std::int64_t changed = 0;
      for (std::size_t s = 1; s < part.statements.size(); ++s)
        changed += run_statement(tx, step, part.statements[s], true).affected_rows();
      commit(tx, step);
      if (changed == 0) break;
      done += changed;
      const auto took = std::max<std::int64_t>(
          1, std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - batch_started).count());
      const auto fits = static_cast<std::int64_t>(static_cast<double>(changed) *
                                                  std::chrono::microseconds(kBatchTime).count() / static_cast<double>(took));
      batch = std::clamp<std::int64_t>(fits, 1, std::min(options_.batch_size, 2 * batch));
      if (options_.progress != nullptr) {
        const double seconds = std::max(1e-3, std::chrono::duration<double>(Clock::now() - started).count());
        *options_.progress << "\n    backfill: " << done << "/" << total << " rows, "
                           << static_cast<std::int64_t>(static_cast<double>(done) / seconds) << " rows/s" << std::flush;
      }
    }
  }

  // Part `i` of the step, committed and recorded; `committed_any`: earlier parts were.
  void run_part(pqxx::connection_base& connection, const RevisionStep& step, std::size_t i, bool committed_any,
                Clock::time_point started) const {
    const StepPart& part = step.parts[i];
    const bool last = i + 1 == step.parts.size();
    if (part.batched) {
      run_batches(connection, step, part, committed_any);
      pqxx::work tx(connection);
      tx.exec0(partial_write_sql(history_, step, i + 1));
      commit(tx, step);
      return;
    }
    if (part.transactional) {
      pqxx::work tx(connection);
      set_local_timeouts(tx, step.revision);
      if (i == 0) run_hook(tx, step, true, committed_any);
      for (const ScriptStatement& statement : part.statements) run_statement(tx, step, statement, committed_any);
      if (last) {
        run_hook(tx, step, false, committed_any);
        write_history(tx, step, started);
      } else {
        tx.exec0(partial_write_sql(history_, step, i + 1));
      }
      commit(tx, step);
      return;
    }
    {
      pqxx::nontransaction outside(connection);
      set_session_timeouts(outside, *step.revision, false);
      try {
        drop_invalid_index(outside, step, part.statements.front());
        run_statement(outside, step, part.statements.front(), committed_any);
      } catch (...) {
        // The session outlives the part (a retry, the next revision): no timeout may stay set.
        try {
          set_session_timeouts(outside, *step.revision, true);
        } catch (const std::exception&) {
        }
        throw;
      }
      set_session_timeouts(outside, *step.revision, true);
    }
    pqxx::work tx(connection);
    tx.exec0(partial_write_sql(history_, step, i + 1));
    commit(tx, step);
  }

  // A CREATE INDEX CONCURRENTLY that was killed or failed leaves an INVALID index of its name:
  // IF NOT EXISTS would keep it, and without IF NOT EXISTS the build fails. Drop it to rebuild.
  void drop_invalid_index(pqxx::transaction_base& outside, const RevisionStep& step,
                          const ScriptStatement& statement) const {
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
    } catch (const pqxx::sql_error& error) {
      // The drop waits for the same transactions as the build: retried like it.
      if (error.sqlstate() == "55P03") throw LockTimedOut{statement, postgres_message(error.what()), true};
      throw StmtExecError(std::string(id_of(*step.revision)), step.file, statement.line, statement.text,
                          "dropping the INVALID index an interrupted build left: " + postgres_message(error.what()),
                          true);
    } catch (const pqxx::failure& error) {
      throw StmtExecError(std::string(id_of(*step.revision)), step.file, statement.line, statement.text,
                          "dropping the INVALID index an interrupted build left: " + postgres_message(error.what()),
                          true);
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
  void set_session_timeouts(pqxx::transaction_base& tx, const Revision& revision, bool reset) const {
    if (const std::optional<std::string> lock_timeout = lock_timeout_for(options_, revision))
      tx.exec(reset ? "RESET lock_timeout" : "SET lock_timeout = " + tx.quote(*lock_timeout));
    if (options_.statement_timeout) {
      tx.exec(reset ? "RESET statement_timeout" : "SET statement_timeout = " + tx.quote(*options_.statement_timeout));
    }
  }

  const ExecutorOptions& options_;
  HistoryTable history_;
};

// Creates the history table when missing and checks it for writing (HistoryError when damaged).
void prepare_history_table(pqxx::connection_base& connection, const HistoryTable& table) {
  try {
    pqxx::work tx(connection);
    ensure_history_table(tx, table);
    check_history_table(tx, table, true);
    tx.commit();
  } catch (const pqxx::broken_connection& error) {
    throw lost_connection("while creating the history table", error);
  }
}

// A history that is empty (or a table that is gone) while tables of the head snapshot exist: it was
// emptied or dropped, or another tool built the schema. Upgrading would run the first revision again.
// For an upgrade that found the history empty: refuses when the set's tables are already there.
void refuse_lost_history(pqxx::connection_base& connection, const RevisionChain& chain) {
  const std::string_view head_snapshot = chain.registry().head_snapshot_json;
  const HistoryTable history = history_table_of(chain.registry());
  if (chain.size() == 0 || head_snapshot.empty()) return;
  std::vector<std::string> present;
  std::size_t total = 0;
  {
    // One round trip whatever the table count: the names as a VALUES list.
    pqxx::read_transaction tx(connection);
    std::string values;
    for (const Schema& schema : read_snapshot(head_snapshot).schemas) {
      for (const Table& table : schema.tables) {
        ++total;
        values += std::string(values.empty() ? "" : ", ") + "(" + std::to_string(total) + ", " +
                  tx.quote(quote_identifier(schema.name) + "." + quote_identifier(table.name)) + ")";
      }
    }
    if (total == 0) return;
    for (const pqxx::row& row :
         tx.exec("SELECT n FROM (VALUES " + values + ") AS v(i, n) WHERE to_regclass(n) IS NOT NULL ORDER BY i"))
      present.push_back(row[0].as<std::string>());
  }
  if (present.empty()) return;
  std::string listed;
  for (std::size_t i = 0; i < present.size() && i < 5; ++i) listed += (i == 0 ? "" : ", ") + present[i];
  if (present.size() > 5) listed += ", …";
  throw HistoryError("the history table " + history.qualified() +
                     " is empty or missing, but the database already has " + std::to_string(present.size()) +
                     " of the " + std::to_string(total) + " tables of " + std::string(chain.registry().name) + " (" +
                     listed + "): upgrading would run " + std::string(chain.id_at(1)) +
                     " again. Record the revision the schema is at with `migrator stamp REV` (`migrator adopt` "
                     "compares the schema with head and stamps it)");
}

}  // namespace

std::optional<std::int64_t> duration_milliseconds(std::string_view value) {
  // At most 10 digits: times a day in ms it still fits in 64 bits.
  static const std::regex pattern(R"(^([0-9]{1,10})\s*(us|ms|s|min|h|d)?$)");
  std::match_results<std::string_view::const_iterator> match;
  if (!std::regex_match(value.begin(), value.end(), match, pattern)) return std::nullopt;
  std::int64_t number = std::stoll(match[1].str());
  const std::string unit = match[2].str();
  std::int64_t ms = unit == "us"    ? number / 1000
                    : unit == "s"   ? number * 1000
                    : unit == "min" ? number * 60'000
                    : unit == "h"   ? number * 3'600'000
                    : unit == "d"   ? number * 86'400'000
                                    : number;  // ms, PostgreSQL's unit for these settings
  // PostgreSQL's lock_timeout and statement_timeout are ints of milliseconds.
  if (ms > std::numeric_limits<std::int32_t>::max()) return std::nullopt;
  return ms;
}

bool is_valid_timeout(std::string_view value) { return duration_milliseconds(value).has_value(); }

std::optional<std::string> lock_timeout_for(const ExecutorOptions& options, const Revision& revision) {
  if (options.lock_timeout || !revision.info->online) return options.lock_timeout;
  return std::string(kOnlineLockTimeout);
}

int lock_retries_for(const ExecutorOptions& options, const Revision& revision) {
  return options.lock_retries.value_or(revision.info->online ? kOnlineLockRetries : 0);
}

std::unique_ptr<pqxx::connection> connect_database(const std::string& conninfo) {
  const std::string where = describe_connection(conninfo);
  if (std::optional<std::string> invalid = conninfo_error(conninfo)) {
    throw ConnectError("cannot connect: the connection string is not valid: " + one_line(*invalid));
  }
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

namespace {

// Who holds advisory lock `key` in this database: "pid 4242 (application_name 'x', user u, idle
// since 2026-12-01 14:00:00+00)"; what pg_locks and pg_stat_activity say.
std::string lock_holder(pqxx::transaction_base& session, std::int64_t key) {
  // A bigint advisory key is stored as classid (high 32 bits), objid (low 32 bits), objsubid 1.
  const auto bits = static_cast<std::uint64_t>(key);
  pqxx::result holder = session.exec_params(
      "SELECT l.pid, coalesce(a.application_name, ''), coalesce(a.usename::text, ''), coalesce(a.state, ''), "
      "coalesce(to_char(a.state_change, 'YYYY-MM-DD HH24:MI:SSOF'), '') "
      "FROM pg_locks l LEFT JOIN pg_stat_activity a ON a.pid = l.pid "
      "WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1 "
      "AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database()) "
      "AND l.classid::bigint = $1 AND l.objid::bigint = $2",
      static_cast<std::int64_t>(bits >> 32), static_cast<std::int64_t>(bits & 0xffffffffu));
  if (holder.empty()) return "a session that just released it";
  const pqxx::row row = holder[0];
  std::string text = "pid " + row[0].as<std::string>() + " (application_name '" + row[1].as<std::string>() + "'";
  if (!row[2].as<std::string>().empty()) text += ", user " + row[2].as<std::string>();
  if (!row[3].as<std::string>().empty()) text += ", " + row[3].as<std::string>() + " since " + row[4].as<std::string>();
  return text + ")";
}

std::string format_milliseconds(std::int64_t ms) {
  return ms % 1000 == 0 ? std::to_string(ms / 1000) + " s" : std::to_string(ms) + " ms";
}

}  // namespace

MigrationLock::MigrationLock(pqxx::connection_base& connection, std::string_view registry_name, std::ostream* notice,
                             std::optional<std::int64_t> wait_ms)
    : connection_(connection), key_(advisory_lock_key(registry_name)) {
  // How often a waiting migrator says who it waits for.
  constexpr std::int64_t kReportEveryMs = 10'000;
  try {
    pqxx::nontransaction session(connection_);
    if (session.exec_params("SELECT pg_try_advisory_lock($1)", key_)[0][0].as<bool>()) return;
    // Wait in slices bounded by lock_timeout (a wait PostgreSQL ends, no polling), naming the
    // holder at the start of each slice.
    const Clock::time_point started = Clock::now();
    for (;;) {
      const std::string holder = lock_holder(session, key_);
      const auto waited = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started).count();
      const std::int64_t left = wait_ms ? *wait_ms - waited : kReportEveryMs;
      if (left <= 0) {
        throw LockWaitError("gave up after " + format_milliseconds(*wait_ms) +
                            " (--lock-wait) waiting for the migration lock of " + std::string(registry_name) +
                            " (advisory lock " + std::to_string(key_) + "): it is held by " + holder +
                            "; if that session is orphaned, end it with pg_terminate_backend(pid)");
      }
      if (notice != nullptr) {
        *notice << "waiting for the migration lock of " << registry_name << " (advisory lock " << key_ << "), held by "
                << holder << "\n"
                << std::flush;
      }
      session.exec("SET lock_timeout = " + std::to_string(std::min(left, kReportEveryMs)));
      try {
        session.exec_params("SELECT pg_advisory_lock($1)", key_);
        session.exec("RESET lock_timeout");
        return;
      } catch (const pqxx::sql_error& error) {
        if (error.sqlstate() != "55P03") throw;  // lock_not_available: the slice ended
      }
      session.exec("RESET lock_timeout");
    }
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

std::vector<HistoryRow> load_history(pqxx::connection_base& connection, const HistoryTable& table) {
  try {
    pqxx::read_transaction tx(connection);
    return read_history(tx, table);
  } catch (const pqxx::broken_connection& error) {
    throw lost_connection("while reading the history", error);
  }
}

namespace {

// The history rows of a revision recorded under the ids it replaces become its own row.
void rerecord_rows(pqxx::transaction_base& tx, const HistoryTable& table, const Revision& revision,
                   const std::vector<std::string>& rows) {
  for (const std::string& id : rows) remove_applied(tx, table, id);
  record_applied(tx, table, revision, 0);
}

}  // namespace

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
  StepRunner runner(options, history_table_of(chain.registry()));
  auto label = [&](std::size_t i) {
    const RevisionStep& step = steps[i];
    std::string text =
        "[" + std::to_string(i + 1) + "/" + std::to_string(total) + "] " + std::string(id_of(*step.revision));
    if (step.direction == Direction::Down) text += " (down)";
    if (!plan.steps[i].rerecord.empty())
      text += " (applied already as " + joined(plan.steps[i].rerecord, ", ") + ": history row rewritten)";
    return text;
  };
  const HistoryTable table = history_table_of(chain.registry());

  if (options.single_transaction) {
    Clock::time_point all_started = Clock::now();
    try {
      // A lock_timeout rolls back the whole run, which is then retried whole.
      runner.retrying(connection, steps.front(), [&] {
        pqxx::work tx(connection);
        runner.set_local_timeouts(tx);
        for (std::size_t i = 0; i < total; ++i) {
          Clock::time_point started = Clock::now();
          if (out != nullptr) *out << label(i) << " … " << std::flush;
          try {
            if (plan.steps[i].rerecord.empty())
              runner.run_in(tx, steps[i], started);
            else
              rerecord_rows(tx, table, *steps[i].revision, plan.steps[i].rerecord);
          } catch (...) {
            if (out != nullptr) *out << "failed\n";
            throw;
          }
          if (out != nullptr) *out << milliseconds_since(started) << "\n";
        }
        StepRunner::commit(tx, steps.back());
      });
    } catch (const pqxx::broken_connection& error) {
      throw lost_connection("during the migration", error);
    }
    if (out != nullptr)
      *out << "committed " << total << " revision(s) in one transaction, " << milliseconds_since(all_started) << "\n";
    return;
  }

  for (std::size_t i = 0; i < total; ++i) {
    const RevisionStep& step = steps[i];
    Clock::time_point started = Clock::now();
    std::size_t parts_done = i == 0 ? first_step_parts_done : 0;
    if (out != nullptr && step.recorded_by_part()) {
      *out << step.file
           << (step.has_non_transactional()
                   ? ": a statement PostgreSQL cannot run inside a transaction runs on its own; the revision"
                   : ": split by `-- strata:step` lines; the revision")
           << " runs in " << step.parts.size() << " parts, each committed and recorded in the history on its own"
           << (parts_done > 0 ? "; resuming after part " + std::to_string(parts_done) : std::string()) << "\n";
    }
    if (out != nullptr) *out << label(i) << " … " << std::flush;
    try {
      if (!plan.steps[i].rerecord.empty()) {
        pqxx::work tx(connection);
        rerecord_rows(tx, table, *step.revision, plan.steps[i].rerecord);
        tx.commit();
      } else if (step.recorded_by_part()) {
        runner.run_in_parts(connection, step, parts_done, started);
      } else {
        runner.retrying(connection, step, [&] {
          if (runner.run_as_one_message(connection, step)) return;
          pqxx::work tx(connection);
          runner.set_local_timeouts(tx, step.revision);
          runner.run_in(tx, step, started);
          StepRunner::commit(tx, step);
        });
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
void upgrade_legacy_checksums(pqxx::connection_base& connection, const RevisionChain& chain, const HistoryTable& table,
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
    update_checksum(tx, table, row->revision, row->checksum);
  }
  tx.commit();
}

// Under the lock, before a writing command plans: the revisions up to `position` that the history
// records under the ids they replace (a squash baseline, a merged branch) get their own rows now.
// Those past it, after a gap (a branch merged after the other, applied first), wait for their
// step of an upgrade; a downgrade from there is refused.
void rerecord_applied(pqxx::connection_base& connection, const RevisionChain& chain, const HistoryTable& table,
                      std::vector<std::vector<std::string>>& rerecord, std::size_t position) {
  bool any = false;
  for (std::size_t i = 0; i < position; ++i) any = any || !rerecord[i].empty();
  if (any) {
    pqxx::work tx(connection);
    for (std::size_t i = 0; i < position; ++i)
      if (!rerecord[i].empty()) rerecord_rows(tx, table, chain.at(i), std::exchange(rerecord[i], {}));
    tx.commit();
  }
}

// Reads the history under the lock, and where a run left a revision part-way: the parts it did.
Plan plan_run(pqxx::connection_base& connection, const RevisionChain& chain, std::string_view target,
              Direction direction, std::size_t& parts_done) {
  const HistoryTable table = history_table_of(chain.registry());
  // Read before the table is created or brought up to date, so that a lost history is refused
  // as it was found; rows of an earlier release's table read as they are.
  std::vector<HistoryRow> history = load_history(connection, table);
  if (direction == Direction::Up && history.empty()) refuse_lost_history(connection, chain);
  prepare_history_table(connection, table);
  std::size_t current = applied_position(chain, history);
  upgrade_legacy_checksums(connection, chain, table, history);
  std::vector<std::vector<std::string>> rerecord = rows_to_rerecord(chain, history);
  rerecord_applied(connection, chain, table, rerecord, current);
  if (direction == Direction::Down)
    for (std::size_t i = current; i < chain.size(); ++i)
      if (!rerecord[i].empty())
        throw TargetError("revision " + std::string(chain.at(i).info->id) + " is applied (recorded as " +
                          joined(rerecord[i], ", ") + ") ahead of " + std::string(chain.at(current).info->id) +
                          ", which is not: run `upgrade` first");
  Plan plan = direction == Direction::Up ? plan_upgrade(chain, current, target, rerecord)
                                         : plan_downgrade(chain, current, target);
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

namespace {

// upgrade and downgrade: under the lock, plan from the history and run the plan.
Plan run_move(pqxx::connection_base& connection, const RevisionChain& chain, std::string_view target,
              const ExecutorOptions& options, Direction direction) {
  MigrationLock lock(connection, chain.registry().name, options.progress, options.lock_wait_ms);
  std::size_t parts_done = 0;
  Plan plan = plan_run(connection, chain, target, direction, parts_done);
  execute_plan(connection, chain, plan, options, parts_done);
  return plan;
}

}  // namespace

Plan run_upgrade(pqxx::connection_base& connection, const RevisionChain& chain, std::string_view target,
                 const ExecutorOptions& options) {
  return run_move(connection, chain, target, options, Direction::Up);
}

Plan run_downgrade(pqxx::connection_base& connection, const RevisionChain& chain, std::string_view target,
                   const ExecutorOptions& options) {
  return run_move(connection, chain, target, options, Direction::Down);
}

StampResult run_stamp(pqxx::connection_base& connection, const RevisionChain& chain, std::string_view target,
                      const ExecutorOptions& options) {
  std::size_t to = chain.resolve(target);
  MigrationLock lock(connection, chain.registry().name, options.progress, options.lock_wait_ms);
  const HistoryTable table = history_table_of(chain.registry());
  prepare_history_table(connection, table);
  std::vector<HistoryRow> history = load_history(connection, table);
  StampResult result;
  pqxx::work tx(connection);
  std::vector<bool> recorded(chain.size(), false);
  for (const HistoryRow& row : history) {
    std::optional<std::size_t> index = chain.index_of(row.revision);
    if (!index || *index >= to || row.partial_step) {  // a partly applied revision is recorded whole or not
      remove_applied(tx, table, row.revision);
      if (!index || *index >= to) result.removed.push_back(row.revision);
      continue;
    }
    recorded[*index] = true;
    if (row.checksum != chain.at(*index).checksum) {
      update_checksum(tx, table, row.revision, chain.at(*index).checksum);
      result.repaired.push_back(row.revision);
    }
  }
  for (std::size_t i = 0; i < to; ++i) {
    if (recorded[i]) continue;
    record_applied(tx, table, chain.at(i), 0);
    result.added.emplace_back(chain.at(i).info->id);
  }
  tx.commit();
  return result;
}

}  // namespace strata

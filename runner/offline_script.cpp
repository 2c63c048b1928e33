#include "runner/offline_script.hpp"

#include <ostream>

#include "core/postgres_dialect.hpp"
#include "core/sql_script.hpp"
#include "runner/history_table.hpp"
#include "runner/migration_errors.hpp"

namespace strata {
namespace {

std::string position_name(const RevisionChain& chain, std::size_t position) {
  return position == 0 ? std::string("base") : std::string(chain.id_at(position));
}

// A comment line: no newline of the message may escape it.
std::string comment(std::string_view text) {
  std::string out = "-- ";
  for (char c : text) out += (c == '\n' || c == '\r') ? ' ' : c;
  return out + "\n";
}

class ScriptWriter {
 public:
  ScriptWriter(const ExecutorOptions& options, HistoryTable history) : options_(options), history_(std::move(history)) {}

  // BEGIN is written lazily, with the first statement of the transaction, so a revision that
  // starts with a statement outside a transaction gets no empty BEGIN; COMMIT.
  void begin() {
    in_transaction_ = true;
    begin_pending_ = true;
  }

  void emit(const std::string& text) {
    if (begin_pending_) {
      out_ += "BEGIN;\n";
      if (options_.lock_timeout) out_ += "SET LOCAL lock_timeout = " + quote_literal(*options_.lock_timeout) + ";\n";
      if (options_.statement_timeout) {
        out_ += "SET LOCAL statement_timeout = " + quote_literal(*options_.statement_timeout) + ";\n";
      }
      begin_pending_ = false;
    }
    out_ += text;
  }

  // SET LOCAL means nothing outside a transaction: set for the session around the statement.
  void session_timeouts(bool reset) {
    if (options_.lock_timeout) {
      out_ += reset ? "RESET lock_timeout;\n" : "SET lock_timeout = " + quote_literal(*options_.lock_timeout) + ";\n";
    }
    if (options_.statement_timeout) {
      out_ += reset ? "RESET statement_timeout;\n"
                    : "SET statement_timeout = " + quote_literal(*options_.statement_timeout) + ";\n";
    }
  }

  void commit() {
    if (!begin_pending_) out_ += "COMMIT;\n";
    begin_pending_ = false;
    in_transaction_ = false;
  }

  void hook(const PlanStep& step, bool before) {
    const RevisionInfo& info = *step.revision->info;
    DataHook function = step.direction == Direction::Up ? (before ? info.before_upgrade : info.after_upgrade)
                                                    : (before ? info.before_downgrade : info.after_downgrade);
    if (function == nullptr) return;
    std::string name = std::string(before ? "before_" : "after_") +
                       (step.direction == Direction::Up ? "upgrade" : "downgrade");
    emit(comment("WARNING: the C++ " + name + " hook of " + std::string(info.id) +
                    " would run here; an SQL script cannot run it"));
    if (options_.progress != nullptr) {
      *options_.progress << "warning: " << info.id << " has a C++ " << name
                         << " hook, which the SQL script cannot include (run the migrator online for it)\n";
    }
  }

  void step(const PlanStep& step) {
    const Revision& revision = *step.revision;
    std::string file = std::string(revision.info->id) + (step.direction == Direction::Up ? ".up.sql" : ".down.sql");
    std::vector<ScriptStatement> statements;
    try {
      statements = split_statements(step.direction == Direction::Up ? revision.up_sql : revision.down_sql);
    } catch (const SqlScriptError& error) {
      throw StmtExecError(std::string(revision.info->id), file, error.line(), "", error.what());
    }
    out_ += "\n" + comment(std::string(step.direction == Direction::Up ? "upgrade " : "downgrade ") +
                           std::string(revision.info->id) + ": " + std::string(revision.info->message) + " (" + file + ")");
    if (!in_transaction_) begin();
    hook(step, true);
    for (const ScriptStatement& statement : statements) {
      if (requires_no_transaction(statement.text)) {
        if (options_.single_transaction) {
          throw TargetError("--single-transaction cannot apply " + file + ": line " + std::to_string(statement.line) +
                            " cannot run inside a transaction; run without --single-transaction");
        }
        commit();
        out_ += comment("runs outside a transaction: PostgreSQL cannot run it inside one");
        session_timeouts(false);
        out_ += statement.text + ";\n";
        session_timeouts(true);
        begin();
      } else {
        emit(statement.text + ";\n");
      }
    }
    hook(step, false);
    emit((step.direction == Direction::Up ? insert_history_sql(history_, revision, 0)
                                          : delete_history_sql(history_, revision.info->id)) +
         "\n");
    if (!options_.single_transaction) commit();
  }

  std::string& text() { return out_; }
  bool in_transaction() const { return in_transaction_; }

 private:
  const ExecutorOptions& options_;
  HistoryTable history_;
  std::string out_;
  bool in_transaction_ = false;
  bool begin_pending_ = false;
};

}  // namespace

std::string render_offline_script(const RevisionChain& chain, const Plan& plan, const ExecutorOptions& options) {
  ScriptWriter writer(options, history_table_of(chain.registry()));
  std::string& out = writer.text();
  out += comment(std::string("strata migrator, ") + std::string(chain.registry().name) + ": " +
                 (plan.direction == Direction::Up ? "upgrade " : "downgrade ") + position_name(chain, plan.from) +
                 " -> " + position_name(chain, plan.to));
  out += comment("run with: psql -v ON_ERROR_STOP=1 -f <this file>");
  out += comment("serialises with other migrators of this migration set, as the migrator does");
  const std::string key = std::to_string(advisory_lock_key(chain.registry().name));
  out += "DO $$ BEGIN PERFORM pg_advisory_lock(" + key + "); END $$;\n";
  out += create_history_table_sql(history_table_of(chain.registry())) + "\n";
  for (const PlanStep& step : plan.steps) writer.step(step);
  if (writer.in_transaction()) writer.commit();
  out += "\nDO $$ BEGIN PERFORM pg_advisory_unlock(" + key + "); END $$;\n";
  return out;
}

}  // namespace strata

#include "runner/offline_script.hpp"

#include <ostream>

#include "core/postgres_dialect.hpp"
#include "runner/history_table.hpp"
#include "runner/migration_errors.hpp"
#include "runner/revision_step.hpp"

namespace strata {
namespace {

// A comment line: no newline of the message may escape it.
std::string comment(std::string_view text) {
  std::string out = "-- ";
  for (char c : text) out += (c == '\n' || c == '\r') ? ' ' : c;
  return out + "\n";
}

// The offline back-end of the revision-step program (runner/revision_step.hpp).
class ScriptWriter {
 public:
  ScriptWriter(const ExecutorOptions& options, HistoryTable history)
      : options_(options), history_(std::move(history)) {}

  // BEGIN is written lazily, with the first statement of the transaction, so a revision that
  // starts with a statement outside a transaction gets no empty BEGIN; COMMIT.
  void begin() {
    in_transaction_ = true;
    begin_pending_ = true;
  }

  void emit(const std::string& text) {
    if (begin_pending_) {
      out_ += "BEGIN;\n";
      if (lock_timeout_) out_ += "SET LOCAL lock_timeout = " + quote_literal(*lock_timeout_) + ";\n";
      if (options_.statement_timeout) {
        out_ += "SET LOCAL statement_timeout = " + quote_literal(*options_.statement_timeout) + ";\n";
      }
      begin_pending_ = false;
    }
    out_ += text;
  }

  // SET LOCAL means nothing outside a transaction: set for the session around the statement.
  void session_timeouts(bool reset) {
    if (lock_timeout_) {
      out_ += reset ? "RESET lock_timeout;\n" : "SET lock_timeout = " + quote_literal(*lock_timeout_) + ";\n";
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

  void hook(const RevisionStep& step, bool before) {
    if (step.hook(before) == nullptr) return;
    const std::string_view id = step.revision->info->id;
    std::string name = step.hook_name(before);
    emit(comment("WARNING: the C++ " + name + " hook of " + std::string(id) +
                 " would run here; an SQL script cannot run it"));
    if (options_.progress != nullptr) {
      *options_.progress << "warning: " << id << " has a C++ " << name
                         << " hook, which the SQL script cannot include (run the migrator online for it)\n";
    }
  }

  // The offline back-end of a RevisionStep: its parts as SQL text.
  void step(const PlanStep& plan_step) {
    const RevisionStep step = prepare_revision_step(plan_step);
    if (options_.single_transaction) require_one_transaction(step);
    const Revision& revision = *step.revision;
    out_ += "\n" + comment(std::string(step.direction == Direction::Up ? "upgrade " : "downgrade ") +
                           std::string(revision.info->id) + ": " + std::string(revision.info->message) + " (" +
                           step.file + ")");
    if (!options_.single_transaction) lock_timeout_ = lock_timeout_for(options_, revision);
    if (revision.info->online) {
      out_ += comment("online revision: each part runs with lock_timeout " + lock_timeout_.value_or("unset") +
                      "; psql does not retry a part that times out (the migrator does), rerun from that part");
    }
    for (std::size_t i = 0; i < step.parts.size(); ++i) {
      const StepPart& part = step.parts[i];
      const bool last = i + 1 == step.parts.size();
      const std::string partial = partial_write_sql(history_, step, i + 1) + "\n";
      if (part.batched) {
        // The migrator's batches as one DO block: at top level, it may COMMIT after each batch.
        if (in_transaction_) commit();
        out_ += comment("batched backfill: the rows to fill, then batches of " + std::to_string(options_.batch_size) +
                        " rows, each committed");
        session_timeouts(false);
        out_ += part.statements.front().text + ";\n";
        out_ += "SET strata.batch_size = '" + std::to_string(options_.batch_size) + "';\n";
        out_ += "DO $strata_backfill$\nBEGIN\n  LOOP\n";
        for (std::size_t s = 1; s < part.statements.size(); ++s) out_ += "    " + part.statements[s].text + ";\n";
        out_ += "    EXIT WHEN NOT FOUND;\n    COMMIT;\n  END LOOP;\nEND\n$strata_backfill$;\n";
        out_ += "RESET strata.batch_size;\n";
        session_timeouts(true);
        out_ += partial;
        continue;
      }
      if (!part.transactional) {
        if (in_transaction_) commit();
        out_ += comment("runs outside a transaction: PostgreSQL cannot run it inside one");
        session_timeouts(false);
        out_ += part.statements.front().text + ";\n";
        session_timeouts(true);
        out_ += partial;
        continue;
      }
      if (!in_transaction_) begin();
      if (i == 0) hook(step, true);
      for (const ScriptStatement& statement : part.statements) emit(statement.text + ";\n");
      if (last) {
        hook(step, false);
        emit(history_write_sql(history_, step, "0") + "\n");
      } else {
        emit(partial);
      }
      if (!options_.single_transaction) commit();
    }
  }

  std::string& text() { return out_; }
  bool in_transaction() const { return in_transaction_; }

 private:
  const ExecutorOptions& options_;
  HistoryTable history_;
  std::string out_;
  bool in_transaction_ = false;
  bool begin_pending_ = false;
  // The lock_timeout of the revision being written (online revisions have one by default).
  std::optional<std::string> lock_timeout_ = options_.lock_timeout;
};

// What every script starts with: its title, the advisory lock and the history table.
std::string script_preamble(const RevisionChain& chain, const std::string& title) {
  std::string out = comment("strata migrator, " + std::string(chain.registry().name) + ": " + title);
  out += comment("run with: psql -v ON_ERROR_STOP=1 -f <this file>");
  // The revisions' '...' literals mean what they say only with standard_conforming_strings on.
  out += "SET standard_conforming_strings = on;\n";
  out += comment("serialises with other migrators of this migration set, as the migrator does");
  out += "DO $$ BEGIN PERFORM pg_advisory_lock(" + std::to_string(advisory_lock_key(chain.registry().name)) +
         "); END $$;\n";
  out += create_history_table_sql(history_table_of(chain.registry())) + "\n";
  return out;
}

std::string script_epilogue(const RevisionChain& chain) {
  return "\nDO $$ BEGIN PERFORM pg_advisory_unlock(" + std::to_string(advisory_lock_key(chain.registry().name)) +
         "); END $$;\n";
}

}  // namespace

std::string render_offline_script(const RevisionChain& chain, const Plan& plan, const ExecutorOptions& options) {
  ScriptWriter writer(options, history_table_of(chain.registry()));
  std::string& out = writer.text();
  out += script_preamble(chain, std::string(plan.direction == Direction::Up ? "upgrade " : "downgrade ") +
                                    position_name(chain, plan.from) + " -> " + position_name(chain, plan.to));
  for (const PlanStep& step : plan.steps) writer.step(step);
  if (writer.in_transaction()) writer.commit();
  out += script_epilogue(chain);
  return out;
}

std::string render_offline_stamp(const RevisionChain& chain, std::size_t to) {
  const HistoryTable history = history_table_of(chain.registry());
  std::string out = script_preamble(chain, "stamp " + position_name(chain, to));
  out += comment("assumes an EMPTY history: the rows that say exactly " + position_name(chain, to) +
                 " is applied, running no migration SQL");
  out += comment("(a revision already recorded makes its INSERT fail, and the transaction changes nothing)");
  out += "BEGIN;\n";
  for (std::size_t i = 0; i < to; ++i) out += insert_history_sql(history, chain.at(i), "0") + "\n";
  out += "COMMIT;\n";
  out += script_epilogue(chain);
  return out;
}

}  // namespace strata

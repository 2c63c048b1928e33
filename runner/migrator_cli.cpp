#include "runner/migrator_cli.hpp"

#include <cstring>
#include <iostream>
#include <map>
#include <optional>

#include <CLI/CLI.hpp>
#include <pqxx/pqxx>

#include "catalog/connection_options.hpp"
#include "core/snapshot.hpp"
#include "runner/adopt.hpp"
#include "runner/drift_check.hpp"
#include "runner/executor.hpp"
#include "runner/fleet.hpp"
#include "runner/fleet_report.hpp"
#include "runner/history_table.hpp"
#include "runner/migration_errors.hpp"
#include "runner/offline_script.hpp"
#include "runner/planner.hpp"
#include "runner/revision_proof.hpp"
#include "runner/scratch_cluster.hpp"

namespace strata {
namespace {

struct Arguments {
  std::optional<std::string> url;
  std::optional<std::string> lock_timeout;
  std::optional<std::string> statement_timeout;
  std::optional<std::string> lock_wait;
  std::optional<int> lock_retries;
  std::int64_t batch_size = 10'000;
  bool single_transaction = false;
  std::string target;
  std::optional<std::string> from;
  bool sql = false;
  bool verbose = false;
  bool drop_alembic_version = false;
  std::string alembic_version_table;
  std::string proof_cache;
  std::string proof_cluster_dir;
  std::vector<std::string> ignore;  // check --ignore PATTERN
  // A fleet: --targets FILE and its options.
  std::optional<std::string> targets;
  std::size_t parallel = 1;
  std::size_t canary = 0;
  bool continue_on_error = false;
  bool json = false;
};

std::string head_mark(const RevisionChain& chain, std::size_t position) {
  return position == chain.size() && position > 0 ? " (head)" : "";
}

std::string parent_text(const RevisionInfo& info) {
  return info.parent.empty() ? std::string("<base>") : std::string(info.parent);
}

// What follows "Applied: " in history --verbose and show, for a revision with a history row: when
// and how, and the recorded checksum on a line of its own when the revision was edited since.
std::string applied_text(const HistoryRow& row, const Revision& revision) {
  std::string text;
  if (!row.partial_step) {
    text = row.applied_at + " in " + std::to_string(row.duration_ms) + " ms by " + row.applied_by;
  } else {
    const int parts = *row.partial_step;
    text = "partly, " + std::to_string(parts > 0 ? parts : -parts) + " part(s) " +
           (parts > 0 ? "upgraded" : "downgraded") + " (the next run resumes after them)";
  }
  if (!checksums_match(row.checksum, revision.checksum)) {
    text += "\nRecorded checksum: " + row.checksum + " (differs: edited after it ran)";
  }
  return text;
}

// One run of the command line: the parsed arguments, the streams and the connection string (kept
// to scrub its password from every message).
class MigratorRun {
 public:
  MigratorRun(const Registry& registry, std::ostream& out, std::ostream& err)
      : registry_(registry), out_(out), err_(err) {}

  int main(const std::vector<std::string>& args) {
    CLI::App app{"Applies the " + std::string(registry_.name) + " migrations to a PostgreSQL database.", "migrator"};
    app.require_subcommand(1);
    app.fallthrough();  // global options may follow the command
    app.footer(
        "Connection: --url, else $" + std::string(url_env_name()) +
        ", else libpq's PG* variables.\n"
        "Exit status: 0 ok, 1 check found a difference, 2 usage, 3 cannot connect, 4 a migration failed and was\n"
        "rolled back, 5 history problem.");
    app.add_option("--url", args_.url, "PostgreSQL connection URL or key=value string");
    app.add_option("--lock-timeout", args_.lock_timeout,
                   "lock_timeout for each revision's transaction (e.g. 5s; online revisions: 2s unless given)");
    app.add_option("--lock-retries", args_.lock_retries,
                   "run a part that hit lock_timeout again, at most N times, after 0.5 s, 1 s, 2 s, ... "
                   "(default 5 for online revisions, else 0)")
        ->check(CLI::Range(0, 20));
    app.add_option("--batch-size", args_.batch_size,
                   "rows a batched backfill (online revisions) fills per transaction (default 10000)")
        ->check(CLI::Range(std::int64_t{1}, std::int64_t{100'000'000}));
    app.add_option("--statement-timeout", args_.statement_timeout, "statement_timeout for each statement (e.g. 10min)");
    app.add_option("--lock-wait", args_.lock_wait,
                   "give up (exit 4) after waiting this long for another migrator's lock (default: wait)");
    app.add_flag("--single-transaction", args_.single_transaction,
                 "upgrade/downgrade: run all revisions in one transaction");
    app.add_option("--targets", args_.targets,
                   "upgrade/status/check/current on every database of FILE (a line: URL, or NAME URL; # comments)");
    fleet_options_ = {
        app.add_option("--parallel", args_.parallel, "with --targets: databases at a time (default 1)")
            ->check(CLI::Range(std::size_t{1}, std::size_t{1024})),
        app.add_option("--canary", args_.canary,
                       "with --targets: run the first K targets alone, one after the other; stop if one fails"),
        app.add_flag("--continue-on-error", args_.continue_on_error,
                     "with --targets: keep starting targets after one failed"),
        app.add_flag("--json", args_.json, "with --targets: print the summary as JSON")};

    args_.target = "head";
    CLI::App* upgrade = app.add_subcommand("upgrade", "Apply revisions up to a target (head, REV, +N)");
    upgrade->add_option("target", args_.target, "head (default), a revision or a unique prefix, or +N");
    upgrade->add_flag("--sql", args_.sql, "print the SQL script instead of connecting");
    upgrade->add_option("--from", args_.from, "with --sql: the revision the database is at (default base)");

    CLI::App* downgrade = app.add_subcommand("downgrade", "Revert revisions down to a target (REV, -N, base)");
    downgrade->add_option("target", args_.target, "a revision (stays applied), -N, or base")->required();
    downgrade->add_flag("--sql", args_.sql, "print the SQL script instead of connecting");
    downgrade->add_option("--from", args_.from, "with --sql: the revision the database is at (default head)");

    CLI::App* current = app.add_subcommand("current", "Show the revision the database is at");
    CLI::App* history = app.add_subcommand("history", "List the revisions, newest first");
    history->add_flag("--verbose,-v", args_.verbose, "add dates, checksums and whether each is applied (connects)");
    CLI::App* heads = app.add_subcommand("heads", "Show the head revision(s)");
    CLI::App* stamp = app.add_subcommand("stamp", "Record the database as being at a revision, running no SQL");
    stamp->add_option("target", args_.target, "a revision, head or base")->required();
    stamp->add_flag("--sql", args_.sql, "print the history writes, for an empty history, instead of connecting");
    CLI::App* show = app.add_subcommand("show", "Show a revision: message, parent, SQL, checksum, whether applied");
    show->add_option("target", args_.target, "a revision, a unique prefix, or head")->required();
    CLI::App* adopt =
        app.add_subcommand("adopt", "Stamp head on a database built by another tool, if its schema matches");
    adopt->add_flag("--drop-alembic-version", args_.drop_alembic_version,
                    "drop Alembic's alembic_version table in the transaction that stamps");
    adopt->add_option("--alembic-version-table", args_.alembic_version_table,
                      "Alembic's version table when env.py names another (version_table, version_table_schema): "
                      "NAME or SCHEMA.NAME")
        ->default_val(std::string(kAlembicVersionTable));
    CLI::App* status = app.add_subcommand("status", "Show the current revision, head and pending revisions");
    CLI::App* check = app.add_subcommand("check", "Exit 0 iff the database is at head and its schema matches");
    check->add_option("--ignore", args_.ignore,
                      "a glob on schema.name (public.legacy_*) never reported nor dropped; repeatable");
    // Internal (the migrations-verify target runs it): prove every revision on a scratch database.
    CLI::App* verify = app.add_subcommand("verify", "Prove each revision's up and down on a scratch database");
    verify->group("");
    verify->add_option("--cache", args_.proof_cache, "proven revisions, by checksum (in the build tree)");
    verify->add_option("--cluster-dir", args_.proof_cluster_dir,
                       "without a server: keep the scratch cluster's data dir here (initdb once)");

    if (std::optional<std::string> verb = unknown_command(app, args)) {
      std::string known;
      for (const CLI::App* command : app.get_subcommands({}))
        known += (known.empty() ? "" : ", ") + command->get_name();
      return fail(exit_status::kUsage,
                  "unknown command '" + *verb + "' (commands: " + known + "; see migrator --help)");
    }
    std::vector<const char*> argv{"migrator"};
    for (const std::string& arg : args) argv.push_back(arg.c_str());
    try {
      app.parse(static_cast<int>(argv.size()), argv.data());
    } catch (const CLI::CallForHelp& help) {
      return app.exit(help, out_, err_);
    } catch (const CLI::CallForAllHelp& help) {
      return app.exit(help, out_, err_);
    } catch (const CLI::ParseError& error) {
      err_ << "migrator: error: " << scrub_password(error.what(), args_.url.value_or("")) << " (see migrator --help)\n";
      return exit_status::kUsage;
    }

    try {
      if (std::optional<int> usage = check_usage(upgrade->parsed() || downgrade->parsed())) return *usage;
      if (args_.targets) return run_fleet_command(app.get_subcommands().front()->get_name());
      if (upgrade->parsed()) return run_move_command(Direction::Up);
      if (downgrade->parsed()) return run_move_command(Direction::Down);
      if (current->parsed()) return run_current();
      if (history->parsed()) return run_history();
      if (heads->parsed()) return run_heads();
      if (stamp->parsed()) return run_stamp_command();
      if (show->parsed()) return run_show();
      if (adopt->parsed()) return run_adopt_command();
      if (status->parsed()) return run_status();
      if (check->parsed()) {
        for (const std::string& pattern : args_.ignore)
          if (std::optional<std::string> problem = unmanaged_pattern_problem(pattern))
            return fail(exit_status::kUsage, "--ignore " + *problem);
        return run_check();
      }
      if (verify->parsed()) return run_verify();
      return fail(exit_status::kUsage, "no command given");
    } catch (const ProofError& error) {
      return fail(exit_status::kDifference, error.what());
    } catch (const ScratchClusterError& error) {
      return fail(exit_status::kCannotConnect, error.what());
    } catch (const TargetError& error) {
      return fail(exit_status::kUsage, error.what());
    } catch (const LostConnectionError& error) {
      return fail(exit_status::kCannotConnect, std::string(error.what()) + "\n  " + server_state(conninfo_));
    } catch (const ConnectError& error) {
      std::string message = error.what();
      if (!args_.url && conninfo_.empty()) {
        // Falling back to libpq's defaults is rarely what was meant: say how to name the database.
        message += "\n  no --url was given";
        if (!registry_.database_url_env.empty())
          message += " and $" + std::string(registry_.database_url_env) + " is not set";
      }
      return fail(exit_status::kCannotConnect, message);
    } catch (const StmtExecError& error) {
      return fail_statement(error);
    } catch (const LockWaitError& error) {
      return fail(exit_status::kMigrationFailed, error.what());
    } catch (const HistoryError& error) {
      return fail(exit_status::kHistoryProblem, error.what());
    } catch (const SnapshotError& error) {
      return fail(exit_status::kHistoryProblem,
                  std::string("the embedded snapshot at head is invalid: ") + error.what());
    } catch (const pqxx::broken_connection& error) {
      return fail(exit_status::kCannotConnect, std::string("lost the connection to the database: ") + error.what());
    } catch (const std::exception& error) {
      return fail(exit_status::kMigrationFailed, error.what());
    }
  }

 private:
  // The first word that is not an option (nor an option's value) when it names no command: CLI11
  // would only say "A subcommand is required".
  static std::optional<std::string> unknown_command(CLI::App& app, const std::vector<std::string>& args) {
    for (std::size_t i = 0; i < args.size(); ++i) {
      const std::string& arg = args[i];
      if (arg == "--") return std::nullopt;
      if (arg.rfind("-", 0) == 0) {
        const CLI::Option* option = arg.find('=') == std::string::npos ? app.get_option_no_throw(arg) : nullptr;
        if (option != nullptr && option->get_expected_min() != 0) ++i;  // its value follows
        continue;
      }
      for (const CLI::App* command : app.get_subcommands({})) {
        if (command->check_name(arg)) return std::nullopt;
      }
      return arg;
    }
    return std::nullopt;
  }

  std::optional<int> check_usage(bool migrating) {
    const std::pair<const char*, const std::optional<std::string>*> durations[] = {
        {"--lock-timeout", &args_.lock_timeout},
        {"--statement-timeout", &args_.statement_timeout},
        {"--lock-wait", &args_.lock_wait}};
    for (const auto& [name, value] : durations) {
      if (*value && !is_valid_timeout(**value)) {
        return fail(exit_status::kUsage, std::string(name) + ": invalid duration '" + **value +
                                             "' (use e.g. 500ms, 5s, 2min; at most 24 days)");
      }
    }
    if (args_.single_transaction && !migrating) {
      return fail(exit_status::kUsage, "--single-transaction applies to upgrade and downgrade only");
    }
    if (args_.from && !args_.sql) return fail(exit_status::kUsage, "--from applies only with --sql");
    for (const CLI::Option* option : fleet_options_) {
      if (!args_.targets && option->count() > 0)
        return fail(exit_status::kUsage, option->get_name() + " applies only with --targets");
    }
    if (args_.targets && args_.url)
      return fail(exit_status::kUsage, "--url and --targets exclude each other (each target names its database)");
    if (args_.targets && args_.sql) return fail(exit_status::kUsage, "--sql does not apply to --targets");
    conninfo_ = resolve_conninfo(args_.url, registry_.database_url_env);
    return std::nullopt;
  }

  std::string_view url_env_name() const {
    return registry_.database_url_env.empty() ? std::string_view("DATABASE_URL") : registry_.database_url_env;
  }

  // `upgrade -1` and `downgrade +1` would otherwise read as unknown revision ids.
  std::optional<int> wrong_direction(std::string_view command, char backwards, std::string_view other_command) const {
    const std::string& target = args_.target;
    if (target.size() < 2 || target[0] != backwards) return std::nullopt;
    if (target.find_first_not_of("0123456789", 1) != std::string::npos) return std::nullopt;
    return fail(exit_status::kUsage, "cannot " + std::string(command) + " " + target + ": relative targets of " +
                                         std::string(command) + " are " + (backwards == '-' ? "+N" : "-N") +
                                         " (did you mean `migrator " + std::string(other_command) + " " + target +
                                         "`?)");
  }

  ExecutorOptions executor_options() const {
    ExecutorOptions options;
    options.lock_timeout = args_.lock_timeout;
    options.lock_retries = args_.lock_retries;
    options.batch_size = args_.batch_size;
    options.statement_timeout = args_.statement_timeout;
    options.single_transaction = args_.single_transaction;
    if (args_.lock_wait) options.lock_wait_ms = duration_milliseconds(*args_.lock_wait);
    options.progress = &err_;
    return options;
  }

  std::unique_ptr<pqxx::connection> connect() const { return connect_database(conninfo_); }

  std::vector<HistoryRow> history_rows(pqxx::connection_base& connection) const {
    return load_history(connection, history_table_of(registry_));
  }

  int fail(int status, const std::string& message) const {
    err_ << "migrator: error: " << scrub_password(message, conninfo_) << "\n";
    return status;
  }

  int fail_statement(const StmtExecError& error) const {
    std::string message = error.what();
    if (!error.statement().empty()) {
      std::string statement = error.statement();
      for (char& c : statement) c = (c == '\n') ? ' ' : c;
      if (statement.size() > 200) statement = statement.substr(0, 197) + "...";
      message += "\n  in statement: " + statement;
    }
    if (error.partially_applied()) {
      message += "\n  the parts of " + error.revision() +
                 " before the failing one were committed and recorded; the next run resumes at the failing part";
    } else if (args_.single_transaction) {
      message += "\n  every revision of this run was rolled back; the history is unchanged";
    } else {
      message += "\n  " + error.revision() + " was rolled back; the history is unchanged";
    }
    return fail(exit_status::kMigrationFailed, message);
  }

  // upgrade and downgrade: one path; the direction picks the planner and the executor's entry.
  int run_move_command(Direction direction) {
    const bool up = direction == Direction::Up;
    std::optional<int> usage =
        up ? wrong_direction("upgrade", '-', "downgrade") : wrong_direction("downgrade", '+', "upgrade");
    if (usage) return *usage;
    RevisionChain chain(registry_);
    ExecutorOptions options = executor_options();
    if (args_.sql) {
      std::size_t from = args_.from ? chain.resolve(*args_.from) : (up ? 0 : chain.size());
      Plan plan = up ? plan_upgrade(chain, from, args_.target) : plan_downgrade(chain, from, args_.target);
      out_ << render_offline_script(chain, plan, options);
      return exit_status::kOk;
    }
    auto connection = connect();
    Plan plan = up ? run_upgrade(*connection, chain, args_.target, options)
                   : run_downgrade(*connection, chain, args_.target, options);
    report_position(chain, plan);
    return exit_status::kOk;
  }

  // upgrade|status|check|current --targets FILE: runner/fleet.hpp.
  int run_fleet_command(const std::string& command) {
    static const std::map<std::string, FleetCommand> kCommands{{"upgrade", FleetCommand::Upgrade},
                                                               {"status", FleetCommand::Status},
                                                               {"check", FleetCommand::Check},
                                                               {"current", FleetCommand::Current}};
    auto found = kCommands.find(command);
    if (found == kCommands.end())
      return fail(exit_status::kUsage, "--targets applies to upgrade, status, check and current");
    FleetOptions options;
    options.command = found->second;
    options.target = args_.target;
    options.parallel = args_.parallel;
    options.canary = args_.canary;
    options.continue_on_error = args_.continue_on_error;
    options.executor = executor_options();
    std::vector<FleetTarget> targets;
    try {
      targets = read_targets_file(*args_.targets);
    } catch (const TargetsFileError& error) {
      err_ << error.what() << "\n";
      return exit_status::kUsage;
    }
    RevisionChain chain(registry_);
    if (options.command == FleetCommand::Upgrade) {
      // One wanted revision for every target: +N would mean another one on each.
      if (options.target.rfind("+", 0) == 0)
        return fail(exit_status::kUsage, "--targets upgrades to head or a revision, not +N");
      chain.resolve(options.target);  // unknown or ambiguous: exit 2 before any target is touched
    }
    std::vector<TargetOutcome> outcomes =
        run_fleet(chain, targets, options, [&](std::size_t ended, const TargetOutcome& outcome) {
          err_ << fleet_progress_line(ended, targets.size(), outcome) << std::flush;
        });
    const int status = fleet_exit_status(outcomes);
    out_ << (args_.json ? fleet_summary_json(command, status, outcomes) : fleet_summary_table(outcomes));
    return status;
  }

  void report_position(const RevisionChain& chain, const Plan& plan) {
    if (plan.steps.empty()) {
      err_ << "already at " << position_name(chain, plan.to) << head_mark(chain, plan.to) << "; nothing to do\n";
    } else {
      err_ << "now at " << position_name(chain, plan.to) << head_mark(chain, plan.to) << "\n";
    }
  }

  int run_current() {
    RevisionChain chain(registry_);
    auto connection = connect();
    std::size_t position = applied_position(chain, history_rows(*connection));
    out_ << position_name(chain, position) << head_mark(chain, position) << "\n";
    return exit_status::kOk;
  }

  int run_heads() {
    for (const std::string& head : registry_heads(registry_)) out_ << head << " (head)\n";
    RevisionChain chain(registry_);  // several heads (or a broken chain): HistoryError, exit 5
    return exit_status::kOk;
  }

  int run_history() {
    RevisionChain chain(registry_);
    if (!args_.verbose) {
      for (std::size_t i = chain.size(); i > 0; --i) {
        const RevisionInfo& info = *chain.at(i - 1).info;
        out_ << parent_text(info) << " -> " << info.id << head_mark(chain, i) << ", " << info.message << "\n";
      }
      return exit_status::kOk;
    }
    auto connection = connect();
    std::vector<HistoryRow> rows = history_rows(*connection);
    std::map<std::string, const HistoryRow*> by_revision;
    for (const HistoryRow& row : rows) by_revision[row.revision] = &row;
    for (const HistoryRow& row : rows) {
      if (chain.index_of(row.revision)) continue;
      out_ << "Rev: " << row.revision << " (in the database only: unknown to this migrator)\n"
           << "Parent: " << row.parent.value_or("<base>") << "\n"
           << "Checksum: " << row.checksum << "\n"
           << "Applied: " << row.applied_at << " in " << row.duration_ms << " ms by " << row.applied_by << "\n\n";
    }
    for (std::size_t i = chain.size(); i > 0; --i) {
      const Revision& revision = chain.at(i - 1);
      const RevisionInfo& info = *revision.info;
      out_ << "Rev: " << info.id << head_mark(chain, i) << "\n"
           << "Parent: " << parent_text(info) << "\n"
           << "Created: " << info.created_at << "\n"
           << "Checksum: " << revision.checksum << "\n";
      auto row = by_revision.find(std::string(info.id));
      if (row == by_revision.end()) {
        out_ << "Applied: no\n";
      } else {
        out_ << "Applied: " << applied_text(*row->second, revision) << "\n";
      }
      out_ << "\n    " << info.message << "\n\n";
    }
    applied_position(chain, rows);  // a problem shown above is still a problem: exit 5
    return exit_status::kOk;
  }

  int run_stamp_command() {
    RevisionChain chain(registry_);
    if (args_.sql) {
      out_ << render_offline_stamp(chain, chain.resolve(args_.target));
      return exit_status::kOk;
    }
    auto connection = connect();
    StampResult result = run_stamp(*connection, chain, args_.target, executor_options());
    for (const std::string& id : result.added) err_ << "recorded " << id << " as applied\n";
    for (const std::string& id : result.removed) err_ << "removed " << id << " from the history\n";
    for (const std::string& id : result.repaired) err_ << "recorded the current checksum of " << id << "\n";
    std::size_t position = chain.resolve(args_.target);
    err_ << "stamped " << position_name(chain, position) << head_mark(chain, position) << "\n";
    return exit_status::kOk;
  }

  // Everything but "Applied" is compiled in: without a database, show says so and prints the rest.
  int run_show() {
    RevisionChain chain(registry_);
    const std::size_t position = chain.resolve(args_.target);
    if (position == 0) return fail(exit_status::kUsage, "show names a revision, not base");
    const Revision& revision = chain.at(position - 1);
    const RevisionInfo& info = *revision.info;
    std::string applied;
    try {
      auto connection = connect();
      for (const HistoryRow& row : history_rows(*connection)) {
        if (row.revision == info.id) applied = applied_text(row, revision);
      }
      if (applied.empty()) applied = "no";
    } catch (const ConnectError& error) {
      const std::string reason = error.what();
      applied =
          "unknown, no database reachable (" + scrub_password(reason.substr(0, reason.find('\n')), conninfo_) + ")";
    }
    out_ << "Rev: " << info.id << head_mark(chain, position) << "\n"
         << "Parent: " << parent_text(info) << "\n"
         << "Created: " << info.created_at << "\n"
         << "Checksum: " << revision.checksum << "\n"
         << "Applied: " << applied << "\n"
         << "\n    " << info.message << "\n"
         << "\n-- up SQL\n"
         << revision.up_sql << (revision.up_sql.ends_with('\n') ? "" : "\n") << "\n-- down SQL\n"
         << revision.down_sql << (revision.down_sql.ends_with('\n') ? "" : "\n");
    return exit_status::kOk;
  }

  int run_adopt_command() {
    RevisionChain chain(registry_);
    auto connection = connect();
    AdoptResult result =
        run_adopt(*connection, chain, args_.drop_alembic_version, executor_options(), args_.alembic_version_table);
    const std::string& table = args_.alembic_version_table;
    if (result.alembic_version) err_ << "found " << table << " (Alembic revision " << *result.alembic_version << ")\n";
    if (!result.adopted()) {
      out_ << result.drift.sql();
      err_ << "migrator: the live schema differs from head " << chain.head_id()
           << " (the SQL above would make it match); nothing was changed\n";
      return exit_status::kDifference;
    }
    err_ << "the schema matches head; stamped " << chain.head_id() << " (head)\n";
    if (result.dropped_alembic_version) {
      err_ << "dropped " << table << "\n";
    } else if (result.alembic_version) {
      err_ << table << " was left in place (--drop-alembic-version drops it)\n";
    } else if (args_.drop_alembic_version) {
      err_ << "there is no " << table << " table to drop\n";
    }
    return exit_status::kOk;
  }

  int run_status() {
    RevisionChain chain(registry_);
    auto connection = connect();
    std::size_t position = applied_position(chain, history_rows(*connection));
    out_ << "database: " << describe_connection(conninfo_) << "\n"
         << "current: " << position_name(chain, position) << head_mark(chain, position) << "\n"
         << "head: " << position_name(chain, chain.size()) << "\n";
    if (position == chain.size()) {
      out_ << "up to date\n";
    } else {
      out_ << "pending: " << chain.size() - position << "\n";
      for (std::size_t i = position; i < chain.size(); ++i) {
        out_ << "  " << chain.at(i).info->id << ", " << chain.at(i).info->message << "\n";
      }
    }
    return exit_status::kOk;
  }

  int run_check() {
    RevisionChain chain(registry_);
    auto connection = connect();
    std::size_t position = applied_position(chain, history_rows(*connection));
    if (position != chain.size()) {
      out_ << "-- the database is at " << position_name(chain, position) << ", head is "
           << position_name(chain, chain.size()) << "; not applied:";
      for (std::size_t i = position; i < chain.size(); ++i) out_ << " " << chain.at(i).info->id;
      out_ << "\n";
      err_ << "migrator: the database is not at head (" << chain.size() - position << " revision(s) pending)\n";
      return exit_status::kDifference;
    }
    const std::string_view head_snapshot = chain.registry().head_snapshot_json;
    ModelGraph expected = head_snapshot.empty() ? ModelGraph{} : read_snapshot(head_snapshot);
    DriftReport report = check_drift(*connection, expected, unmanaged_patterns(registry_, args_.ignore));
    if (report.empty()) {
      err_ << "at head " << position_name(chain, position) << "; the schema matches\n";
      return exit_status::kOk;
    }
    out_ << report.sql();
    err_ << "migrator: the live schema differs from head " << position_name(chain, position)
         << " (the SQL above would make it match)\n";
    return exit_status::kDifference;
  }

  // Never the set's database: --url or $STRATA_VERIFY_URL names a server for scratch databases,
  // else a throwaway cluster is started.
  int run_verify() {
    ProofOptions options;
    options.server = args_.url;
    if (const char* server = std::getenv("STRATA_VERIFY_URL");
        !options.server && server != nullptr && *server != '\0') {
      options.server = server;
    }
    conninfo_ = options.server.value_or("");
    options.cache_file = args_.proof_cache;
    options.cluster_dir = args_.proof_cluster_dir;
    options.progress = &err_;
    ProofResult result = prove_revisions(registry_, options);
    err_ << "strata: " << registry_.name << ": " << result.proven.size() << " revision(s) proven, " << result.cached
         << " already proven\n";
    return exit_status::kOk;
  }

  const Registry& registry_;
  std::ostream& out_;
  std::ostream& err_;
  Arguments args_;
  std::vector<const CLI::Option*> fleet_options_;
  std::string conninfo_;
};

// Overwrites the value of --url in the process's own argument bytes, which `ps` and
// /proc/PID/cmdline show to every user of the machine, once it has been copied.
void hide_url_argument(int argc, char** argv) {
  constexpr std::string_view kOption = "--url";
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    char* value = nullptr;
    if (arg == kOption && i + 1 < argc) {
      value = argv[++i];
    } else if (arg.size() > kOption.size() && arg.substr(0, kOption.size() + 1) == "--url=") {
      value = argv[i] + kOption.size() + 1;
    }
    if (value != nullptr) std::memset(value, '*', std::strlen(value));
  }
}

}  // namespace

int run_migrator(const Registry& registry, const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  return MigratorRun(registry, out, err).main(args);
}

int run_migrator(const Registry& registry, int argc, char** argv) {
  std::vector<std::string> args(argv + (argc > 0 ? 1 : 0), argv + argc);
  hide_url_argument(argc, argv);
  return run_migrator(registry, args, std::cout, std::cerr);
}

}  // namespace strata

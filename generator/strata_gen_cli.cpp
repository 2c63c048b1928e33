#include "generator/strata_gen_cli.hpp"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <iostream>
#include <optional>
#include <sstream>
#include <utility>

#include "core/diff.hpp"
#include "core/lint_rules.hpp"
#include "core/online_mode.hpp"
#include "core/operation.hpp"
#include "core/operation_risk.hpp"
#include "core/postgres_dialect.hpp"
#include "core/snapshot.hpp"
#include "generator/er_diagram.hpp"
#include "generator/scanner.hpp"
#include "generator/writer/build_stamp.hpp"
#include "generator/writer/directory_transaction.hpp"
#include "generator/writer/generator_errors.hpp"
#include "generator/writer/migration_set.hpp"
#include "generator/writer/revision_writer.hpp"
#include "generator/writer/strata_sum.hpp"

namespace strata {
namespace {

namespace fs = std::filesystem;

constexpr int kOk = 0;
constexpr int kFailed = 1;
constexpr int kUsage = 2;

struct Settings {
  MigrationSetConfig set;
  ScanOptions scan;
  bool online = false;          // --online: changes to existing tables in their online form
  bool allow_blocking = false;  // --allow-blocking: online mode renders what it would refuse, blocking
};

// The one spelling of the prefix of strata-gen's error lines.
std::ostream& error_line(std::ostream& err) { return err << "strata-gen: error: "; }

// The migrations directory as the diff's starting point: strata.sum verified first, so an edited,
// removed or hand-added file is reported before anything is compared.
MigrationSet load_verified_set(const MigrationDirectory& files) {
  if (std::vector<std::string> problems = sum_problem_lines(files); !problems.empty())
    throw SumMismatch(std::move(problems));
  return load_migration_set(files);
}

// Diagnostics are written as the scan reports them, warnings among the errors.
ScanResult scan_or_report(const Settings& settings, std::ostream& err) {
  ScanResult result = scan_models(settings.scan);
  std::vector<std::string> errors;
  for (const Diagnostic& diagnostic : result.diagnostics) {
    const std::string line = format(diagnostic);
    err << line << "\n";
    if (diagnostic.severity == Diagnostic::Severity::Error) errors.push_back(line);
  }
  if (!errors.empty()) throw ModelError(std::move(errors));
  return result;
}

// The statements of `ops` run on `from`, each operation's risks attached to its first statement;
// in online mode, changes to existing tables in their online form.
std::vector<RenderedStatement> render_with_risks(const Settings& settings, const std::vector<Operation>& ops,
                                                 const ModelGraph& from, const std::vector<std::vector<Risk>>& risks) {
  std::vector<RenderedStatement> out;
  const std::vector<std::vector<Statement>> rendered_ops =
      settings.online ? render_each_online(ops, from) : render_each(ops);
  for (std::size_t i = 0; i < ops.size(); ++i) {
    bool first = true;
    for (const Statement& statement : rendered_ops[i]) {
      RenderedStatement rendered{statement.sql, {}, statement.starts_step, statement.batched};
      if (first && i < risks.size())
        for (const Risk& risk : risks[i])
          rendered.warnings.push_back((risk.kind == Risk::Destructive ? "destructive: " : "") + risk.message);
      if (!statement.transactional)
        rendered.warnings.push_back("runs outside a transaction (PostgreSQL cannot run it inside one)");
      out.push_back(std::move(rendered));
      first = false;
    }
  }
  return out;
}

std::string pending_sql(const std::vector<RenderedStatement>& statements) {
  std::string out;
  for (const RenderedStatement& statement : statements) {
    if (statement.starts_step) out += std::string(statement.batched ? kBackfillMarkerLine : kStepMarkerLine) + "\n";
    for (const std::string& warning : statement.warnings) out += "-- WARNING: " + warning + "\n";
    out += statement.sql + ";\n";
  }
  return out;
}

// Words for the revision id (and message) when no message is given: "initial" for the first
// revision, else the first operation's description without schema noise ("add column users
// locale"), then "and more" when more operations follow (make_slug cuts the id to whole words;
// the message keeps them all).
std::vector<std::string> slug_words(const MigrationSet& set, const std::vector<Operation>& ops) {
  if (set.revisions.empty()) return {"initial"};
  std::vector<std::string> words;
  std::string word;
  for (const char c : describe(ops.front()) + " ") {
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '_') {
      word += c;
    } else if (!word.empty()) {
      if (word != "public") words.push_back(word);
      word.clear();
    }
  }
  if (ops.size() > 1) words.insert(words.end(), {"and", "more"});
  return words;
}

// "1 create schema, 11 create enum, 14 create table": operations counted by kind, kinds in order
// of first appearance (one line instead of one per operation).
std::string operation_summary(const std::vector<Operation>& ops) {
  std::vector<std::pair<std::string, std::size_t>> counts;
  for (const Operation& op : ops) {
    const std::string kind = kind_name(op);
    const auto found =
        std::find_if(counts.begin(), counts.end(), [&](const auto& count) { return count.first == kind; });
    if (found == counts.end())
      counts.emplace_back(kind, 1);
    else
      ++found->second;
  }
  std::string out;
  for (const auto& [kind, count] : counts) {
    if (!out.empty()) out += ", ";
    std::string words = kind;
    std::replace(words.begin(), words.end(), '_', ' ');
    out += std::to_string(count) + " " + words;
  }
  return out;
}

// The migrations directory, read once per run (MigrationDirectory): verified, loaded, and for
// generate also the source of strata.sum and the registry.
struct Pending {
  MigrationDirectory files;
  MigrationSet set;
  ScanResult scan;
  std::vector<Operation> ops;
};

// The lint findings of the pending operations not acknowledged by STRATA_ALLOW on their member
// or its struct, as `file:line: warning[rule]: message` (the member's or struct's declaration).
void report_lint(const Settings& settings, const Pending& pending, std::ostream& err) {
  for (const LintFinding& finding : lint(pending.ops, pending.set.snapshot, settings.online)) {
    // "schema.table.column" -> also "schema.table": a rule allowed on the struct covers its members.
    std::vector<std::string> keys = {finding.subject};
    if (std::count(finding.subject.begin(), finding.subject.end(), '.') == 2)
      keys.push_back(finding.subject.substr(0, finding.subject.rfind('.')));
    bool allowed = false;
    const SourceLocation* where = nullptr;
    for (const std::string& key : keys) {
      const auto rules = pending.scan.allowed_rules.find(key);
      allowed = allowed || (rules != pending.scan.allowed_rules.end() && rules->second.count(finding.rule) > 0);
      const auto location = pending.scan.locations.find(key);
      if (where == nullptr && location != pending.scan.locations.end()) where = &location->second;
    }
    if (allowed) continue;
    if (where != nullptr)
      err << where->file << ":" << where->line << ": ";
    else
      err << "strata-gen: ";
    err << "warning[" << finding.rule << "]: " << finding.message << "\n";
  }
}

// The risks of the pending operations as they will be rendered (online or not).
std::vector<std::vector<Risk>> assess_for(const Settings& settings, const Pending& pending) {
  return settings.online ? assess_online(pending.ops, pending.set.snapshot) : assess(pending.ops, pending.set.snapshot);
}

Pending compute_pending(const Settings& settings, MigrationDirectory files, std::ostream& err) {
  MigrationSet set = load_verified_set(files);
  ScanResult scan = scan_or_report(settings, err);
  std::vector<Operation> ops = diff(set.snapshot, scan.graph, scan.renames);
  return {std::move(files), std::move(set), std::move(scan), std::move(ops)};
}

Pending compute_pending(const Settings& settings, std::ostream& err) {
  return compute_pending(settings, MigrationDirectory::read(settings.set.migrations_dir), err);
}

int generate(const Settings& settings, const std::string& message, bool allow_destructive, const fs::path& stamp,
             const fs::path& depfile, std::ostream& out, std::ostream& err) {
  // Locked from the read to the write, so that the revision is written on top of the directory
  // it was diffed against, and the one read serves the whole run.
  const DirectoryLock lock(settings.set.migrations_dir);
  remove_stale_staging(settings.set.migrations_dir);
  Pending pending = compute_pending(settings, MigrationDirectory::read(settings.set.migrations_dir), err);
  RevisionWriter writer(settings.set);
  std::string id;
  if (pending.ops.empty()) {
    writer.refresh_registry(lock, pending.files, pending.set);
    out << "no changes\n";
  } else {
    const std::vector<std::vector<Risk>> risks = assess_for(settings, pending);
    bool refused = false;
    for (const auto& op_risks : risks)
      for (const Risk& risk : op_risks) {
        if (risk.kind == Risk::Destructive && !allow_destructive) {
          error_line(err) << "destructive: " << risk.message << "\n";
          refused = true;
        } else {
          err << "strata-gen: warning: " << risk.message << "\n";
        }
      }
    if (refused) throw DestructiveChangesRefused();
    report_lint(settings, pending, err);
    if (settings.online) {
      const std::vector<std::string> blocking = online_refusals(pending.ops, pending.set.snapshot);
      if (!blocking.empty() && !settings.allow_blocking) throw ProblemsError(blocking);
      for (const std::string& change : blocking) err << "strata-gen: warning: --allow-blocking: " << change << "\n";
    }
    NewRevision revision;
    revision.message = message;
    revision.slug_words = slug_words(pending.set, pending.ops);
    revision.up = render_with_risks(settings, pending.ops, pending.set.snapshot, risks);
    revision.down = render_with_risks(settings, reverse(pending.ops), pending.scan.graph, {});
    revision.snapshot = pending.scan.graph;
    revision.online = settings.online;
    id = writer.write(revision, lock, std::move(pending.files), pending.set);
    err << "strata-gen: wrote " << id << ": " << operation_summary(pending.ops) << "\n";
    out << id << "\n";
  }
  if (!stamp.empty()) {
    std::vector<fs::path> deps(pending.scan.dependencies.begin(), pending.scan.dependencies.end());
    const std::vector<fs::path> migration_deps = migration_directory_dependencies(settings.set.migrations_dir);
    deps.insert(deps.end(), migration_deps.begin(), migration_deps.end());
    write_build_stamp(stamp, depfile, deps);
  }
  return kOk;
}

// An empty revision on top of head, for hand-written SQL or a hook: the snapshot does not change.
int revision(const Settings& settings, const std::string& message, std::ostream& out, std::ostream& err) {
  if (message.find_first_not_of(" \t\r\n") == std::string::npos)
    throw CLI::ValidationError("-m: the message of an empty revision names what it is for");
  const DirectoryLock lock(settings.set.migrations_dir);
  remove_stale_staging(settings.set.migrations_dir);
  MigrationDirectory files = MigrationDirectory::read(settings.set.migrations_dir);
  const MigrationSet set = load_verified_set(files);
  NewRevision empty;
  empty.message = message;
  empty.snapshot = set.snapshot;
  empty.online = settings.online;  // hand-written SQL of an online set runs with its lock_timeout and retries
  const std::string id = RevisionWriter(settings.set).write(empty, lock, std::move(files), set);
  err << "strata-gen: wrote " << id << ": empty revision; write its SQL into " << id << ".up.sql and " << id
      << ".down.sql, then run `strata-gen hash`\n";
  out << id << "\n";
  return kOk;
}

int check(const Settings& settings, std::ostream& out, std::ostream& err) {
  const Pending pending = compute_pending(settings, err);
  if (!pending.ops.empty()) {
    out << pending_sql(render_with_risks(settings, pending.ops, pending.set.snapshot, assess_for(settings, pending)));
    throw OutOfDate("the models have " + std::to_string(pending.ops.size()) +
                    " change(s) without a revision; run `cmake --build . --target migrations` and commit the revision");
  }
  RevisionWriter writer(settings.set);
  if (!writer.registry_is_current(pending.files))
    throw OutOfDate(writer.registry_path().string() + " is out of date; run `cmake --build . --target migrations`");
  err << "strata-gen: models match migrations (head " << (pending.set.revisions.empty() ? "base" : pending.set.head())
      << ")\n";
  return kOk;
}

int print_diff(const Settings& settings, std::ostream& out, std::ostream& err) {
  const Pending pending = compute_pending(settings, err);
  out << pending_sql(render_with_risks(settings, pending.ops, pending.set.snapshot, assess_for(settings, pending)));
  return kOk;
}

int inspect(const Settings& settings, const std::string& format_name, std::ostream& out, std::ostream& err) {
  const ScanResult scan = scan_or_report(settings, err);
  if (format_name == "dot")
    out << render_dot(scan.graph);
  else if (format_name == "mermaid")
    out << render_mermaid(scan.graph);
  else
    out << write_snapshot(scan.graph);
  return kOk;
}

int hash(const Settings& settings, std::ostream& out) {
  RevisionWriter writer(settings.set);
  for (const SumProblem& accepted : writer.rehash()) out << "accepted " << to_string(accepted) << "\n";
  return kOk;
}

}  // namespace

int run_strata_gen(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  CLI::App app{"strata-gen: turns annotated C++ model structs into versioned PostgreSQL migrations"};
  app.name("strata-gen");
  app.set_config("--config", "", "settings file (written by strata_add_migrations: strata/<NAME>/strata-gen.ini)");
  app.require_subcommand(1);
  Settings settings;
  std::string migrations;
  std::string generated;
  app.add_option("--name", settings.set.name, "the migration set's name")->default_val("migrations");
  app.add_option("--migrations", migrations, "the migrations directory");
  app.add_option("--generated", generated, "the directory of the generated registry");
  app.add_option("--url-env", settings.set.database_url_env, "the migrator's database URL variable")
      ->default_val("DATABASE_URL");
  app.add_option("--history-table", settings.set.history_table,
                 "the migrator's history table, NAME or SCHEMA.NAME (default public.strata_history)");
  app.add_option("--models", settings.scan.headers, "model headers");
  app.add_option("-I,--include", settings.scan.include_dirs, "include directory for the models");
  app.add_option("--compile-option", settings.scan.compile_options, "extra compiler option for the models")
      ->allow_extra_args(false);
  app.add_flag("--online", settings.online,
               "render changes to existing tables online: concurrent indexes, NOT VALID then VALIDATE, ... "
               "(strata_add_migrations(... ONLINE))");
  app.add_flag("--allow-blocking", settings.allow_blocking,
               "online mode: render a table-rewriting type change or a rename (with its lock) instead of refusing it")
      ->envname("STRATA_ALLOW_BLOCKING");
  app.fallthrough();  // --online and --allow-blocking may follow the command
  app.add_option("--prelude-cache", settings.scan.prelude_cache_dir,
                 "directory for the precompiled standard-library prelude of the scan (a cache)");

  std::string message;
  bool allow_destructive = false;
  std::string stamp;
  std::string depfile;
  CLI::App* generate_cmd = app.add_subcommand("generate", "write the next revision when the models changed");
  generate_cmd->add_option("-m,--message", message, "the revision's message")->envname("STRATA_MESSAGE");
  generate_cmd->add_flag("--allow-destructive", allow_destructive, "allow drops and narrowing changes")
      ->envname("STRATA_ALLOW_DESTRUCTIVE");
  generate_cmd->add_option("--stamp", stamp, "file written on success (build systems)");
  generate_cmd->add_option("--depfile", depfile, "depfile for --stamp")->needs("--stamp");
  std::string revision_message;
  CLI::App* revision_cmd =
      app.add_subcommand("revision", "write an empty revision (no model change) for hand-written SQL or a hook");
  revision_cmd->add_option("-m,--message", revision_message, "the revision's message")->required();
  CLI::App* check_cmd = app.add_subcommand("check", "exit 1 and print the pending SQL when models changed");
  CLI::App* diff_cmd = app.add_subcommand("diff", "print the pending up-SQL; write nothing");
  std::string format_name = "json";
  CLI::App* inspect_cmd = app.add_subcommand("inspect", "print the model graph");
  inspect_cmd->add_option("--format", format_name, "json, dot or mermaid")
      ->check(CLI::IsMember({"json", "dot", "mermaid"}));
  CLI::App* hash_cmd = app.add_subcommand("hash", "accept hand edits: rewrite strata.sum and the registry");

  // Every failure ends here: its exit status and its lines (strata_gen_cli.hpp).
  try {
    std::vector<std::string> reversed(args.rbegin(), args.rend());
    app.parse(reversed);
    const bool needs_set = !inspect_cmd->parsed();
    if (needs_set && (migrations.empty() || generated.empty()))
      throw CLI::ValidationError("--migrations and --generated are required (or --config)");
    if (!hash_cmd->parsed() && !revision_cmd->parsed() && settings.scan.headers.empty())
      throw CLI::ValidationError("--models: no model headers given");
    settings.set.migrations_dir = migrations;
    settings.set.generated_dir = generated;

    if (generate_cmd->parsed()) return generate(settings, message, allow_destructive, stamp, depfile, out, err);
    if (revision_cmd->parsed()) return revision(settings, revision_message, out, err);
    if (check_cmd->parsed()) return check(settings, out, err);
    if (diff_cmd->parsed()) return print_diff(settings, out, err);
    if (inspect_cmd->parsed()) return inspect(settings, format_name, out, err);
    if (hash_cmd->parsed()) return hash(settings, out);
    return kUsage;
  } catch (const CLI::ParseError& error) {
    return app.exit(error, out, err) == 0 ? kOk : kUsage;
  } catch (const SumMismatch& error) {
    for (const std::string& problem : error.problems()) err << problem << "\n";
    error_line(err) << "migrations/ does not match strata.sum; after a deliberate hand edit, run `strata-gen hash`\n";
    return kFailed;
  } catch (const ModelError&) {
    return kFailed;  // scan_or_report wrote the diagnostics
  } catch (const ProblemsError& error) {
    for (const std::string& problem : error.problems()) error_line(err) << problem << "\n";
    return kFailed;
  } catch (const std::exception& error) {
    error_line(err) << error.what() << "\n";
    return kFailed;
  }
}

}  // namespace strata

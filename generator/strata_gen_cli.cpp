#include "generator/strata_gen_cli.hpp"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <future>
#include <functional>
#include <iostream>
#include <optional>
#include <sstream>
#include <utility>

#include <unistd.h>

#include "core/citus_tables.hpp"
#include "core/diff.hpp"
#include "core/enum_use.hpp"
#include "core/lint_rules.hpp"
#include "core/online_mode.hpp"
#include "core/operation.hpp"
#include "core/operation_risk.hpp"
#include "core/postgres_dialect.hpp"
#include "core/snapshot.hpp"
#include "generator/er_diagram.hpp"
#include "generator/import_command.hpp"
#include "generator/scanner.hpp"
#include "generator/sql_object_files.hpp"
#include "generator/writer/build_stamp.hpp"
#include "generator/writer/committed_snapshot.hpp"
#include "generator/writer/directory_transaction.hpp"
#include "generator/writer/generator_errors.hpp"
#include "generator/writer/migration_set.hpp"
#include "generator/writer/revision_lint.hpp"
#include "generator/writer/revision_merge.hpp"
#include "generator/writer/revision_source_edit.hpp"
#include "generator/writer/revision_squash.hpp"
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
  std::vector<std::string> sql_object_dirs;  // --sql-objects: views, functions, triggers (one per file)
  bool online = false;          // --online: changes to existing tables in their online form
  bool allow_blocking = false;  // --allow-blocking: online mode renders what it would refuse, blocking
};

// The one spelling of the prefix of strata-gen's error lines.
std::ostream& error_line(std::ostream& err) { return err << "strata-gen: error: "; }

// The migrations directory as the diff's starting point: strata.sum verified first, so an edited,
// removed or hand-added file is reported before anything is compared. When the directory does not
// load either (after version control merged two branches: several heads, and a strata.sum of
// one branch), its problems are reported with strata.sum's, since they are the ones to fix.
MigrationSet load_verified_set(const MigrationDirectory& files) {
  CheckedMigrationSet checked = load_and_check_sum(files);
  std::vector<std::string> problems = std::move(checked.sum_problems);
  if (problems.empty() && checked.set) return std::move(*checked.set);
  problems.insert(problems.end(), checked.load_problems.begin(), checked.load_problems.end());
  if (!checked.set) throw MigrationSetError(std::move(problems));
  throw SumMismatch(std::move(problems));
}

// Diagnostics are written as the scan reports them, warnings among the errors.
ScanResult reported(ScanResult result, std::ostream& err) {
  std::vector<std::string> errors;
  for (const Diagnostic& diagnostic : result.diagnostics) {
    const std::string line = format(diagnostic);
    err << line << "\n";
    if (diagnostic.severity == Diagnostic::Severity::Error) errors.push_back(line);
  }
  if (!errors.empty()) throw ModelError(std::move(errors));
  return result;
}

// The models' scan with the SQL_OBJECTS files added (when the headers scanned without error).
ScanResult scan_with_sql_objects(const Settings& settings) {
  ScanResult result = scan_models(settings.scan);
  if (!has_errors(result.diagnostics)) add_sql_object_files(settings.sql_object_dirs, result);
  return result;
}

ScanResult scan_or_report(const Settings& settings, std::ostream& err) {
  return reported(scan_with_sql_objects(settings), err);
}

// The statements of `ops` run on `from`, each operation's risks attached to its first statement
// and the lint rules the models acknowledge for it (`allowed`) to each of its statements; in
// online mode, changes to existing tables in their online form.
std::vector<RenderedStatement> render_with_risks(const Settings& settings, const std::vector<Operation>& ops,
                                                 const ModelGraph& from, const std::vector<std::vector<Risk>>& risks,
                                                 const std::vector<std::vector<std::string>>& allowed = {}) {
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
      if (i < allowed.size()) rendered.allowed_rules = allowed[i];
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
    out += allow_line(statement);
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

// The lint findings of the pending operations: those STRATA_ALLOW on their member or its struct
// does not acknowledge printed as `file:line: warning[rule]: message` (the member's or struct's
// declaration); the acknowledged rules returned per operation, for the revision's
// `-- strata:allow` lines (so `strata-gen lint` of the SQL agrees with the models).
// The SourceMap key of a finding's subject. A table named as it was before a rename or a move
// (STRATA_RENAMED_FROM("public.reports") or ("reports")), or between the two (moved to the new
// schema, not yet renamed: "archive.reports"), is the renamed table's declaration.
std::string declared_key(const std::string& subject, const ScanResult& scan) {
  if (scan.locations.count(subject)) return subject;
  const std::size_t schema_end = subject.find('.');
  if (schema_end == std::string::npos) return subject;
  const std::size_t table_end = subject.find('.', schema_end + 1);
  const std::string table_key = subject.substr(0, table_end);  // "schema.table"
  const std::string rest = table_end == std::string::npos ? "" : subject.substr(table_end);  // ".column" or ""
  const std::string schema = subject.substr(0, schema_end);
  const std::string table = table_key.substr(schema_end + 1);
  for (const auto& [renamed, old_name] : scan.renames.tables) {
    const std::string old_table = old_name.substr(old_name.find('.') + 1);  // the bare name (npos + 1 = 0)
    const bool same = old_name == table_key || (old_table == table && renamed.substr(0, renamed.find('.')) == schema);
    if (same) return renamed + rest;
  }
  return subject;
}

// The SourceMap keys under which the models may declare `subject`, most specific first:
// "schema.table.column", then "schema.table" (a rule allowed on the struct covers its members,
// and a member no longer declared is located at its struct).
std::vector<std::string> declaration_keys(const std::string& subject, const ScanResult& scan) {
  const std::string key = declared_key(subject, scan);
  std::vector<std::string> keys = {key};
  if (std::count(key.begin(), key.end(), '.') == 2) keys.push_back(key.substr(0, key.rfind('.')));
  return keys;
}

// Where the models declare `subject` (operation.hpp's declared_subject); no location without
// the models' scan, or for what they no longer declare (a dropped table).
SourceLocation declaration_of(const std::string& subject, const ScanResult* scan) {
  if (scan == nullptr || subject.empty()) return {};
  for (const std::string& key : declaration_keys(subject, *scan))
    if (const auto location = scan->locations.find(key); location != scan->locations.end()) return location->second;
  return {};
}

std::vector<std::vector<std::string>> report_lint(const Settings& settings, const std::vector<Operation>& ops,
                                                  const ModelGraph& from, const ScanResult& scan, std::ostream& err) {
  std::vector<std::vector<std::string>> acknowledged(ops.size());
  for (const LintFinding& finding : lint(ops, from, settings.online)) {
    bool allowed = false;
    for (const std::string& key : declaration_keys(finding.subject, scan)) {
      const auto rules = scan.allowed_rules.find(key);
      allowed = allowed || (rules != scan.allowed_rules.end() && rules->second.count(finding.rule) > 0);
    }
    if (allowed) {
      std::vector<std::string>& rules = acknowledged[finding.operation];
      if (std::find(rules.begin(), rules.end(), finding.rule) == rules.end()) rules.push_back(finding.rule);
      continue;
    }
    const SourceLocation where = declaration_of(finding.subject, &scan);
    err << (where.file.empty() ? "strata-gen" : describe(where)) << ": warning[" << finding.rule
        << "]: " << finding.message << "\n";
  }
  return acknowledged;
}

// The risks of `ops` run on `from` as they will be rendered (online or not).
std::vector<std::vector<Risk>> assess_for(const Settings& settings, const std::vector<Operation>& ops,
                                          const ModelGraph& from) {
  return settings.online ? assess_online(ops, from) : assess(ops, from);
}

using LoadedSetWork = std::function<void(const MigrationDirectory&, const MigrationSet&)>;

// The migration directory and the models' scan, not yet diffed; `with_loaded_set`, when given,
// runs beside the parse too, once the directory is loaded.
Pending load_and_scan(const Settings& settings, std::ostream& err, const LoadedSetWork& with_loaded_set = nullptr) {
  // The directory is read and loaded (strata.sum verified, snapshot.json parsed) on a second core
  // while libclang parses the models: neither needs the other. Its problems are still reported
  // first, before the scan's diagnostics, as when the two ran one after the other.
  std::future<std::pair<MigrationDirectory, MigrationSet>> loading =
      std::async(std::launch::async, [&settings, &with_loaded_set] {
        MigrationDirectory files = MigrationDirectory::read(settings.set.migrations_dir);
        MigrationSet set = load_verified_set(files);
        if (with_loaded_set) with_loaded_set(files, set);
        return std::pair(std::move(files), std::move(set));
      });
  ScanResult scan = scan_with_sql_objects(settings);
  auto [files, set] = loading.get();
  scan = reported(std::move(scan), err);
  return {std::move(files), std::move(set), std::move(scan), {}};
}

std::vector<Operation> diff_of(const Pending& pending) {
  return diff(pending.set.snapshot, pending.scan.graph, pending.scan.renames);
}

Pending compute_pending(const Settings& settings, std::ostream& err) {
  Pending pending = load_and_scan(settings, err);
  pending.ops = diff_of(pending);
  return pending;
}

// The revision that takes `base` to `models` by `ops`, online when the set is: risks warned
// about, destructive ones refused (DestructiveChangesRefused) unless allowed; with `scan` (the
// models' scan), each message located at the model declaration it is about, and the lint
// findings it does not acknowledge printed; in online mode, what would block refused with its
// recipe unless --allow-blocking.
NewRevision revision_of(const Settings& settings, const std::vector<Operation>& ops, const MigrationSet& base,
                        const ModelGraph& models, const std::string& message, bool allow_destructive, std::ostream& err,
                        const ScanResult* scan = nullptr) {
  using Severity = Diagnostic::Severity;
  const auto say = [&](Severity severity, std::size_t op, const std::string& text) {
    const std::string line = format(Diagnostic{severity, declaration_of(declared_subject(ops[op]), scan), text});
    err << line << "\n";
    return line;
  };
  const std::vector<std::vector<Risk>> risks = assess_for(settings, ops, base.snapshot);
  bool refused = false;
  for (std::size_t op = 0; op < risks.size(); ++op)
    for (const Risk& risk : risks[op]) {
      const bool refuse = risk.kind == Risk::Destructive && !allow_destructive;
      say(refuse ? Severity::Error : Severity::Warning, op, (refuse ? "destructive: " : "") + risk.message);
      refused = refused || refuse;
    }
  if (refused) throw DestructiveChangesRefused();
  // A label the models still write somewhere cannot go: the recreated type would refuse it.
  std::vector<std::string> label_problems;
  for (const Operation& op : ops)
    if (const auto* drop = std::get_if<DropEnumValue>(&op))
      for (const std::string& user : label_users(models, drop->schema, drop->enum_name, drop->value))
        label_problems.push_back("label '" + drop->value + "' of enum " + qualified(drop->schema, drop->enum_name) +
                                 " is dropped, but " + user + " still uses it: change that first");
  if (!label_problems.empty()) throw ProblemsError(label_problems);
  std::vector<std::vector<std::string>> acknowledged;
  if (scan != nullptr) acknowledged = report_lint(settings, ops, base.snapshot, *scan, err);
  if (settings.online) {
    std::vector<std::string> refusals;
    for (const OnlineRefusal& blocking : online_refusals(ops, base.snapshot)) {
      if (settings.allow_blocking)
        say(Severity::Warning, blocking.operation, "--allow-blocking: " + blocking.message);
      else
        refusals.push_back(say(Severity::Error, blocking.operation, blocking.message));
    }
    if (!refusals.empty()) throw ModelError(std::move(refusals));  // written above
  }
  NewRevision revision;
  revision.message = message;
  revision.slug_words = slug_words(base, ops);
  revision.up = render_with_risks(settings, ops, base.snapshot, risks, acknowledged);
  revision.down = render_with_risks(settings, reverse(ops), models, {});
  if (touches_citus_tables(ops, base.snapshot, models))
    for (auto* script : {&revision.up, &revision.down})
      script->insert(script->begin(), RenderedStatement{citus_sequential_mode().sql, {}, false});
  revision.snapshot = models;
  revision.online = settings.online;
  return revision;
}

// Whether the head's files differ from what strata-gen writes for the operations from the
// snapshot of `parent` to the head's: hand-edited SQL, or a hook in its .cpp.
bool head_edited_by_hand(const Settings& settings, const Pending& pending, const MigrationSet& parent) {
  const std::string head = pending.set.head();
  const std::vector<Operation> ops = diff(parent.snapshot, pending.set.snapshot, pending.scan.renames);
  std::ostringstream warnings;  // said when the revision was written
  const NewRevision generated = revision_of(settings, ops, parent, pending.set.snapshot, "", true, warnings);
  const RevisionFiles files = render_revision_files(generated, head, parent.head());
  if (!revision_hooks(pending.files.content(revision_source_file(head))).empty()) return true;
  return sql_statements(pending.files.content(up_sql_file(head))) != sql_statements(files.up_sql) ||
         sql_statements(pending.files.content(down_sql_file(head))) != sql_statements(files.down_sql);
}

// generate --amend: the head revision regenerated from its parent's snapshot (found by its hash
// in snapshot.json or its git history, committed_snapshot.hpp). Refused when the head's files
// were edited by hand (its SQL or hooks are not what strata-gen wrote), unless `force`: then
// the edits are discarded, with a warning.
int amend(const Settings& settings, const std::string& message, bool allow_destructive, bool force,
          std::ostream& out, std::ostream& err) {
  const DirectoryLock lock(settings.set.migrations_dir);
  remove_stale_staging(settings.set.migrations_dir);
  MigrationDirectory files = MigrationDirectory::read(settings.set.migrations_dir);
  MigrationSet set = load_migration_set(files);
  if (set.revisions.empty()) throw std::runtime_error("--amend: there is no revision to amend");
  const std::string head = set.head();
  // strata.sum as for generate, except that --force accepts unrecorded edits of the head's files.
  std::vector<std::string> sum_problems;
  for (const SumProblem& problem : verify_sum(files))
    if (!force || !problem.file.starts_with(head + "."))
      sum_problems.push_back((files.path() / problem.file).string() + ": " + problem.what);
  if (!sum_problems.empty()) throw SumMismatch(std::move(sum_problems));
  Pending pending{std::move(files), std::move(set), scan_or_report(settings, err), {}};
  MigrationSet parent = pending.set;
  parent.revisions.pop_back();
  const std::string parent_hash = parent.revisions.empty() ? std::string() : parent.revisions.back().snapshot_hash;
  const std::optional<std::string> parent_snapshot =
      parent.revisions.empty() ? write_snapshot(ModelGraph{})
                               : find_snapshot_by_hash(settings.set.migrations_dir, parent_hash);
  if (!parent_snapshot)
    throw std::runtime_error("--amend: the snapshot of " + parent.head() +
                             ", the parent of " + head + " (sha256 " + parent_hash +
                             "), is neither snapshot.json nor a version of it in git: it is what --amend regenerates " +
                             head + " from; write a new revision instead (generate without --amend)");
  parent.snapshot = read_snapshot(*parent_snapshot);
  if (head_edited_by_hand(settings, pending, parent)) {
    if (!force)
      throw std::runtime_error("--amend: " + head + " was edited by hand (its SQL or hooks differ from what " +
                               "strata-gen wrote); regenerating it would discard the edit: pass --force to discard " +
                               "it, or write a new revision instead (generate without --amend)");
    err << "strata-gen: warning: discarding the hand edits of " << head << " (--force)\n";
  }
  const std::vector<Operation> ops = diff(parent.snapshot, pending.scan.graph, pending.scan.renames);
  if (ops.empty())
    throw std::runtime_error("--amend: the models are those of " +
                             (parent.revisions.empty() ? std::string("base") : parent.head()) + ", the parent of " +
                             head + ": nothing to amend; to drop " + head +
                             ", remove its files and restore snapshot.json as of its parent (git checkout)");
  NewRevision revision =
      revision_of(settings, ops, parent, pending.scan.graph, message, allow_destructive, err, &pending.scan);
  const std::string id =
      RevisionWriter(settings.set).amend(std::move(revision), lock, std::move(pending.files), pending.set);
  err << "strata-gen: amended " << head << (id == head ? std::string() : " (now " + id + ")") << ": "
      << operation_summary(ops) << "\n";
  out << id << "\n";
  return kOk;
}

int generate(const Settings& settings, const std::string& message, bool allow_destructive, const fs::path& stamp,
             const fs::path& depfile, std::ostream& out, std::ostream& err) {
  // Locked from the read to the write, so that the revision is written on top of the directory
  // it was diffed against, and the one read serves the whole run.
  const DirectoryLock lock(settings.set.migrations_dir);
  remove_stale_staging(settings.set.migrations_dir);
  Pending pending = load_and_scan(settings, err);
  // The new snapshot.json: the head's with the changed tables' text replaced, when only existing
  // tables changed (its hash, checked against the head's record, vouches that it is what
  // write_snapshot wrote); else written whole (2.8 MB at 1000 tables) on the second core while the
  // models are diffed and the revision rendered. Neither when the models are the snapshot's (no
  // revision follows).
  std::optional<std::string> rewritten_snapshot;
  std::future<std::string> snapshot_json;
  if (!(pending.scan.graph == pending.set.snapshot)) {
    if (pending.set.has_snapshot_file && !pending.set.revisions.empty())
      rewritten_snapshot =
          rewrite_snapshot(pending.files.content(kSnapshotFileName), pending.set.snapshot, pending.scan.graph);
    if (!rewritten_snapshot)
      snapshot_json = std::async(std::launch::async, [&graph = pending.scan.graph] { return write_snapshot(graph); });
  }
  pending.ops = diff_of(pending);
  RevisionWriter writer(settings.set);
  if (pending.ops.empty()) {
    writer.refresh_registry(lock, pending.files, pending.set);
    out << "no changes\n";
  } else {
    NewRevision revision = revision_of(settings, pending.ops, pending.set, pending.scan.graph, message,
                                       allow_destructive, err, &pending.scan);
    revision.snapshot_json = rewritten_snapshot ? std::move(*rewritten_snapshot)
                             : snapshot_json.valid() ? snapshot_json.get()
                                                     : write_snapshot(pending.scan.graph);
    const std::string id = writer.write(std::move(revision), lock, std::move(pending.files), pending.set);
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
  const std::string id = RevisionWriter(settings.set).write(std::move(empty), lock, std::move(files), set);
  err << "strata-gen: wrote " << id << ": empty revision; write its SQL into " << id << ".up.sql and " << id
      << ".down.sql, then run `strata-gen hash`\n";
  out << id << "\n";
  return kOk;
}

// One chain again after branches each added revisions on one parent (revision_merge.hpp); when
// models are given, says whether they still differ from the merged snapshot (a generate follows).
int merge(const Settings& settings, std::ostream& out, std::ostream& err) {
  const MergeResult merged = merge_heads(settings.set);
  err << "strata-gen: merged: kept the branch of " << merged.kept << " (created first)";
  for (const auto& [from, to] : merged.renumbered) err << "; " << from << " -> " << to;
  err << "; head " << merged.head << "\n";
  if (!settings.scan.headers.empty()) {
    const Pending pending = compute_pending(settings, err);
    if (!pending.ops.empty())
      err << "strata-gen: the models still differ from the merged snapshot (" << operation_summary(pending.ops)
          << "); the next generate writes a revision for that\n";
  }
  out << merged.head << "\n";
  return kOk;
}

int squash(const Settings& settings, const std::string& upto, std::ostream& out, std::ostream& err) {
  const SquashResult squashed = squash_revisions(settings.set, upto);
  err << "strata-gen: squashed " << squashed.replaced.size() << " revisions (" << squashed.replaced.front() << " .. "
      << squashed.replaced.back() << ") into baseline " << squashed.baseline
      << "; a database inside that range must first be upgraded to " << squashed.baseline
      << " by a migrator built before the squash\n";
  out << squashed.baseline << "\n";
  return kOk;
}

int check(const Settings& settings, std::ostream& out, std::ostream& err) {
  // Whether generated/ is what the directory renders to needs the directory only: it is rendered
  // and compared (the registry embeds every revision's SQL) beside the parse.
  const RevisionWriter writer(settings.set);
  std::optional<fs::path> stale;
  Pending pending = load_and_scan(settings, err, [&writer, &stale](const MigrationDirectory& files, const MigrationSet& set) {
    stale = writer.stale_generated_file(files, set);
  });
  pending.ops = diff_of(pending);
  if (!pending.ops.empty()) {
    out << pending_sql(render_with_risks(settings, pending.ops, pending.set.snapshot, assess_for(settings, pending.ops, pending.set.snapshot)));
    throw OutOfDate("the models have " + std::to_string(pending.ops.size()) +
                    " change(s) without a revision; run `cmake --build . --target migrations` and commit the revision");
  }
  if (stale) throw OutOfDate(stale->string() + " is out of date; run `cmake --build . --target migrations`");
  err << "strata-gen: models match migrations (head " << (pending.set.revisions.empty() ? "base" : pending.set.head())
      << ")\n";
  return kOk;
}

int print_diff(const Settings& settings, std::ostream& out, std::ostream& err) {
  const Pending pending = compute_pending(settings, err);
  out << pending_sql(render_with_risks(settings, pending.ops, pending.set.snapshot, assess_for(settings, pending.ops, pending.set.snapshot)));
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

// The lint's lines: warnings, then errors; 1 for an error, or with `strict` for a warning.
int report_revision_lint(const RevisionLint& lint, bool strict, std::ostream& err) {
  for (const std::string& line : lint.warnings) err << line << "\n";
  for (const std::string& line : lint.errors) err << line << "\n";
  return lint.errors.empty() && (!strict || lint.warnings.empty()) ? kOk : kFailed;
}

// The SQL lint of the revisions `names` (ids or unique prefixes; every revision when empty).
int lint(const Settings& settings, const std::vector<std::string>& names, bool strict, std::ostream& err) {
  const MigrationDirectory files = MigrationDirectory::read(settings.set.migrations_dir);
  const MigrationSet set = load_migration_set(files);
  std::vector<std::string> ids;
  if (names.empty())
    for (const RevisionOnDisk& revision : set.revisions) ids.push_back(revision.id);
  for (const std::string& name : names) ids.push_back(set.revisions[set.index_of(name, "lint")].id);
  return report_revision_lint(lint_revisions(files, ids), strict, err);
}

// `import`: strata-import, built and installed beside strata-gen, takes this process over (the
// output and exit status are its own). Returns only when it cannot be run.
int run_strata_import_beside(const ImportRequest& request, std::ostream& out, std::ostream& err) {
  std::error_code unknown;  // then the path below names no file, and execv says so
  const fs::path importer = fs::read_symlink("/proc/self/exe", unknown).parent_path() / "strata-import";
  std::vector<std::string> arguments = import_arguments(request);
  arguments.insert(arguments.begin(), importer.string());
  std::vector<char*> argv;
  for (std::string& argument : arguments) argv.push_back(argument.data());
  argv.push_back(nullptr);
  out.flush();
  err.flush();
  ::execv(importer.c_str(), argv.data());
  const int error = errno;
  error_line(err) << "import: cannot run " << importer.string() << ": " << std::strerror(error)
                  << " (strata-import is built and installed beside strata-gen)\n";
  return kFailed;
}

// Accepts the hand edits, then lints the up SQL just accepted: the statements nobody generated.
int hash(const Settings& settings, std::ostream& out, std::ostream& err) {
  RevisionWriter writer(settings.set);
  std::vector<std::string> edited;
  for (const SumProblem& accepted : writer.rehash()) {
    out << "accepted " << to_string(accepted) << "\n";
    constexpr std::string_view kUpSuffix = ".up.sql";
    if (accepted.file.ends_with(kUpSuffix))
      edited.push_back(accepted.file.substr(0, accepted.file.size() - kUpSuffix.size()));
  }
  return report_revision_lint(lint_revisions(MigrationDirectory::read(settings.set.migrations_dir), edited), false, err);
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
  app.add_option("--unmanaged", settings.set.unmanaged,
                 "a glob on schema.name that `migrator check` never reports nor drops (repeatable)");
  app.add_option("--models", settings.scan.headers, "model headers");
  app.add_option("--sql-objects", settings.sql_object_dirs,
                 "directory of SQL object files: one CREATE VIEW, FUNCTION or TRIGGER per *.sql file");
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
                 "directory for the precompiled standard-library prelude and the last scan of each model header "
                 "(a cache)");
  bool no_scan_cache = false;
  app.add_flag("--no-scan-cache", no_scan_cache, "parse every model header; the scan cache is neither read nor written");

  std::string message;
  bool allow_destructive = false;
  std::string stamp;
  std::string depfile;
  CLI::App* generate_cmd = app.add_subcommand("generate", "write the next revision when the models changed");
  generate_cmd->add_option("-m,--message", message, "the revision's message")->envname("STRATA_MESSAGE");
  generate_cmd->add_flag("--allow-destructive", allow_destructive, "allow drops and narrowing changes")
      ->envname("STRATA_ALLOW_DESTRUCTIVE");
  bool amend_head = false;
  bool force = false;
  generate_cmd->add_flag("--amend", amend_head,
                         "regenerate the head revision from its parent instead of writing a new one (refused when "
                         "its files were edited by hand, unless --force)");
  generate_cmd->add_flag("--force", force, "with --amend: regenerate a head edited by hand, discarding the edit")
      ->needs("--amend");
  generate_cmd->add_option("--stamp", stamp, "file written on success (build systems)");
  generate_cmd->add_option("--depfile", depfile, "depfile for --stamp")->needs("--stamp");
  std::string revision_message;
  CLI::App* revision_cmd =
      app.add_subcommand("revision", "write an empty revision (no model change) for hand-written SQL or a hook");
  revision_cmd->add_option("-m,--message", revision_message, "the revision's message")->required();
  CLI::App* merge_cmd = app.add_subcommand(
      "merge", "after branches each added revisions on one parent: renumber the later branches after the first");
  std::string upto;
  CLI::App* squash_cmd =
      app.add_subcommand("squash", "replace the revisions up to REV by one baseline revision that records their ids");
  squash_cmd->add_option("--upto", upto, "the last revision squashed (an id or a unique prefix)")->required();
  CLI::App* check_cmd = app.add_subcommand("check", "exit 1 and print the pending SQL when models changed");
  CLI::App* diff_cmd = app.add_subcommand("diff", "print the pending up-SQL; write nothing");
  std::string format_name = "json";
  CLI::App* inspect_cmd = app.add_subcommand("inspect", "print the model graph");
  inspect_cmd->add_option("--format", format_name, "json, dot or mermaid")
      ->check(CLI::IsMember({"json", "dot", "mermaid"}));
  CLI::App* hash_cmd = app.add_subcommand("hash", "accept hand edits: rewrite strata.sum and the registry");
  std::vector<std::string> lint_revisions_named;
  bool strict = false;
  CLI::App* lint_cmd = app.add_subcommand(
      "lint", "lint revisions' up SQL statement by statement (squawk's rule names; `-- strata:allow RULE` acknowledges)");
  lint_cmd->add_option("revisions", lint_revisions_named, "revision ids or unique prefixes (default: every revision)");
  lint_cmd->add_flag("--strict", strict, "exit 1 on any warning");
  ImportRequest import_request;
  CLI::App* import_cmd = app.add_subcommand(
      "import", "write model headers from a live database (nothing written when an object cannot be; runs strata-import)");
  add_import_options(*import_cmd, import_request);

  // Every failure ends here: its exit status and its lines (strata_gen_cli.hpp).
  try {
    std::vector<std::string> reversed(args.rbegin(), args.rend());
    app.parse(reversed);
    settings.scan.scan_cache = !no_scan_cache;
    if (import_cmd->parsed()) {
      import_request.url_env = settings.set.database_url_env;
      return run_strata_import_beside(import_request, out, err);
    }
    const bool needs_set = !inspect_cmd->parsed();
    if (needs_set && (migrations.empty() || generated.empty()))
      throw CLI::ValidationError("--migrations and --generated are required (or --config)");
    if (!hash_cmd->parsed() && !lint_cmd->parsed() && !revision_cmd->parsed() && !merge_cmd->parsed() &&
        !squash_cmd->parsed() && settings.scan.headers.empty())
      throw CLI::ValidationError("--models: no model headers given");
    settings.set.migrations_dir = migrations;
    settings.set.generated_dir = generated;

    if (generate_cmd->parsed() && amend_head) return amend(settings, message, allow_destructive, force, out, err);
    if (generate_cmd->parsed()) return generate(settings, message, allow_destructive, stamp, depfile, out, err);
    if (revision_cmd->parsed()) return revision(settings, revision_message, out, err);
    if (merge_cmd->parsed()) return merge(settings, out, err);
    if (squash_cmd->parsed()) return squash(settings, upto, out, err);
    if (check_cmd->parsed()) return check(settings, out, err);
    if (diff_cmd->parsed()) return print_diff(settings, out, err);
    if (inspect_cmd->parsed()) return inspect(settings, format_name, out, err);
    if (hash_cmd->parsed()) return hash(settings, out, err);
    if (lint_cmd->parsed()) return lint(settings, lint_revisions_named, strict, err);
    return kUsage;
  } catch (const CLI::ParseError& error) {
    return app.exit(error, out, err) == 0 ? kOk : kUsage;
  } catch (const SumMismatch& error) {
    for (const std::string& problem : error.problems()) err << problem << "\n";
    error_line(err) << "migrations/ does not match strata.sum; after a deliberate hand edit, run `strata-gen hash`\n";
    return kFailed;
  } catch (const ModelError&) {
    return kFailed;  // written where they were found (the scan's, online refusals)
  } catch (const ProblemsError& error) {
    for (const std::string& problem : error.problems()) error_line(err) << problem << "\n";
    return kFailed;
  } catch (const std::exception& error) {
    error_line(err) << error.what() << "\n";
    return kFailed;
  }
}

}  // namespace strata

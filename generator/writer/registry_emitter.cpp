#include "generator/writer/registry_emitter.hpp"

#include <regex>
#include <stdexcept>

#include "core/unmanaged_patterns.hpp"
#include "generator/writer/cpp_literal.hpp"
#include "generator/writer/generator_errors.hpp"
#include "generator/writer/revision_id.hpp"
#include "generator/writer/revision_templates.hpp"

namespace strata {
std::string render_registry(const MigrationSet& set, std::string_view set_name, std::string_view database_url_env,
                            std::string_view history_table, const std::vector<std::string>& unmanaged) {
  return render_registry(set, MigrationDirectory::read(set.dir), set_name, database_url_env, history_table, unmanaged);
}

std::string render_registry(const MigrationSet& set, const MigrationDirectory& files, std::string_view set_name,
                            std::string_view database_url_env, std::string_view history_table,
                            const std::vector<std::string>& unmanaged) {
  static const std::regex variable_name("[A-Za-z_][A-Za-z0-9_]*");
  if (!std::regex_match(database_url_env.begin(), database_url_env.end(), variable_name))
    throw SettingsError("database URL variable \"" + std::string(database_url_env) +
                        "\" is not an environment variable name ([A-Za-z_][A-Za-z0-9_]*)");
  static const std::regex table_name(R"(([^.]{1,63}\.)?[^.]{1,63})");
  if (!std::regex_match(history_table.begin(), history_table.end(), table_name))
    throw SettingsError("history table \"" + std::string(history_table) +
                        "\" is not NAME or SCHEMA.NAME (each part 1 to 63 bytes)");
  std::string unmanaged_lines;
  for (const std::string& pattern : unmanaged) {
    if (std::optional<std::string> problem = unmanaged_pattern_problem(pattern))
      throw SettingsError("UNMANAGED " + *problem);
    if (pattern.find('\n') != std::string::npos) throw SettingsError("UNMANAGED pattern holds a line break");
    unmanaged_lines += pattern + "\n";
  }
  using kainjow::mustache::data;
  std::vector<data> revisions;
  revisions.reserve(set.revisions.size());
  for (const RevisionOnDisk& revision : set.revisions) {
    const std::string& up_sql = files.content(up_sql_file(revision.id));
    const std::string& down_sql = files.content(down_sql_file(revision.id));
    data entry;
    entry.set("id", revision.id);
    entry.set("namespace", revision_namespace(revision.id));
    templates::set_moved(entry, "up_sql_literal", cpp_string_view(up_sql, "sql"));
    templates::set_moved(entry, "down_sql_literal", cpp_string_view(down_sql, "sql"));
    // What the history records per applied revision: its up SQL, down SQL and hooks (the .cpp),
    // each hashed on its own so that `status` can name the part that changed.
    entry.set("checksum", files.sha256(up_sql_file(revision.id)) + ":" + files.sha256(down_sql_file(revision.id)) +
                              ":" + files.sha256(revision_source_file(revision.id)));
    revisions.push_back(std::move(entry));
  }
  data view;
  view.set("name_text", one_line(set_name));
  view.set("name_literal", cpp_string_literal(set_name));
  view.set("database_url_env", std::string(database_url_env));
  templates::set_moved(view, "revisions", templates::list_of(std::move(revisions)));
  templates::set_moved(view, "head_snapshot",
                       cpp_string_view(set.has_snapshot_file ? files.content(kSnapshotFileName) : std::string(), "json"));
  view.set("has_revisions", set.revisions.empty() ? data::type::bool_false : data::type::bool_true);
  view.set("count", std::to_string(set.revisions.size()));
  view.set("history_table_literal", cpp_string_literal(history_table));
  view.set("has_unmanaged", unmanaged.empty() ? data::type::bool_false : data::type::bool_true);
  view.set("unmanaged_literal", cpp_string_literal(unmanaged_lines));
  return templates::render("registry.cpp.mustache", templates::kRegistryCpp, view);
}

}  // namespace strata

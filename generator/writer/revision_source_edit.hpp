// Edits of a revision's files as written by the templates, for the commands that move revisions
// (merge renumbers and re-parents them, squash writes a baseline): each changes only the lines
// it names, so hand-written SQL and C++ hooks stay as they are.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace strata {

// Every occurrence of a key of `renames` as a whole id (not followed by [a-z0-9_]) replaced by its
// value: the `.id` and `.parent` lines, the namespace r<id>, the SQL files' header comments.
std::string with_ids_renamed(std::string_view text, const std::map<std::string, std::string>& renames);

// The SQL of a revision's .up.sql or .down.sql below its header comment (from the line break
// that ends the header's blank line), "" when the file has no such header.
std::string_view sql_statements(std::string_view sql);

// The hooks a revision source sets ("before_upgrade", "after_upgrade", "before_downgrade",
// "after_downgrade"): the RevisionInfo fields whose line is not `= nullptr,` as written.
std::vector<std::string> revision_hooks(std::string_view source);

// The `.parent = "...",` line of a revision source set to `parent`.
std::string with_parent(std::string_view source, std::string_view parent);
// The `-- Parent: ...` header line of a revision's .up.sql or .down.sql set to `parent`.
std::string with_sql_parent(std::string_view sql, std::string_view parent);
// The `.snapshot_hash = "...",` line set to `hash`.
std::string with_snapshot_hash(std::string_view source, std::string_view hash);
// `ids` appended to the source's `.replaces = "...",` line, which is added after the
// `.after_downgrade` line (the field's place in RevisionInfo) when there is none. Throws
// MigrationSetError naming `file` when the source has no `.after_downgrade` line.
std::string with_replaces(std::string_view source, std::string_view ids, const std::string& file);

}  // namespace strata

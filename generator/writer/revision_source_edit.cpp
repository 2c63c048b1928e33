#include "generator/writer/revision_source_edit.hpp"

#include <functional>
#include <optional>
#include <regex>

#include "generator/writer/generator_errors.hpp"

namespace strata {
namespace {

bool is_id_char(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; }

// `text` with the first line matching `line` (the whole line) replaced by `replace(match)`;
// nullopt when no line matches.
std::optional<std::string> with_line_replaced(std::string_view text, const std::regex& line,
                                              const std::function<std::string(const std::smatch&)>& replace) {
  for (std::size_t start = 0; start < text.size();) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string current(text.substr(start, end - start));
    if (std::smatch match; std::regex_match(current, match, line))
      return std::string(text.substr(0, start)) + replace(match) + std::string(text.substr(end));
    start = end + 1;
  }
  return std::nullopt;
}

// A `.field = "value",` line with `value` in place of the old one.
std::optional<std::string> with_field(std::string_view source, const std::string& field, std::string_view value) {
  const std::regex line("(\\s*\\." + field + "\\s*=\\s*\")[^\"]*(\",?\\s*)");
  return with_line_replaced(source, line, [&](const std::smatch& m) { return m.str(1) + std::string(value) + m.str(2); });
}

}  // namespace

std::string with_ids_renamed(std::string_view text, const std::map<std::string, std::string>& renames) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    bool renamed = false;
    if (i == 0 || !is_id_char(text[i - 1]) || text[i - 1] == 'r') {  // r<id>: the revision's namespace
      for (const auto& [from, to] : renames) {
        const std::size_t end = i + from.size();
        if (text.substr(i, from.size()) == from && (end == text.size() || !is_id_char(text[end]))) {
          out += to;
          i = end;
          renamed = true;
          break;
        }
      }
    }
    if (!renamed) out += text[i++];
  }
  return out;
}

std::vector<std::string> revision_hooks(std::string_view source) {
  std::vector<std::string> hooks;
  for (const char* hook : {"before_upgrade", "after_upgrade", "before_downgrade", "after_downgrade"})
    if (source.find("." + std::string(hook) + " = nullptr,") == std::string_view::npos) hooks.emplace_back(hook);
  return hooks;
}

std::string_view sql_statements(std::string_view sql) {
  const std::size_t blank = sql.find("\n\n");
  return blank == std::string_view::npos ? std::string_view() : sql.substr(blank + 1);
}

std::string with_parent(std::string_view source, std::string_view parent) {
  return with_field(source, "parent", parent).value_or(std::string(source));
}

std::string with_sql_parent(std::string_view sql, std::string_view parent) {
  static const std::regex line("-- Parent: .*");
  const std::string text = parent.empty() ? std::string("none (first revision)") : std::string(parent);
  return with_line_replaced(sql, line, [&](const std::smatch&) { return "-- Parent: " + text; })
      .value_or(std::string(sql));
}

std::string with_snapshot_hash(std::string_view source, std::string_view hash) {
  return with_field(source, "snapshot_hash", hash).value_or(std::string(source));
}

std::string with_replaces(std::string_view source, std::string_view ids, const std::string& file) {
  static const std::regex existing(R"((\s*\.replaces\s*=\s*")([^"]*)(",?\s*))");
  static const std::regex after_downgrade(R"((\s*)(\.after_downgrade\s*=.*))");
  if (std::optional<std::string> appended = with_line_replaced(source, existing, [&](const std::smatch& m) {
        return m.str(1) + m.str(2) + (m.str(2).empty() ? "" : " ") + std::string(ids) + m.str(3);
      }))
    return *appended;
  if (std::optional<std::string> added = with_line_replaced(source, after_downgrade, [&](const std::smatch& m) {
        return m.str(1) + m.str(2) + "\n" + m.str(1) + ".replaces = \"" + std::string(ids) + "\",";
      }))
    return *added;
  throw MigrationSetError({file + ": no `.after_downgrade = ...,` line, after which the revision's `.replaces` "
                                  "line belongs; restore the line as strata-gen wrote it"});
}

}  // namespace strata

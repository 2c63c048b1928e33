#include "generator/annotation.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>

#include "core/sql_expression.hpp"
#include "core/trim.hpp"

namespace strata {
namespace {

constexpr std::string_view kPrefix = "strata:";

struct KeyInfo {
  std::string_view key;
  std::string_view macro;
  bool on_struct;
  bool on_enum;
  bool on_member;
};

constexpr std::array<KeyInfo, 26> kKeys = {{
    {"table", "STRATA_TABLE", true, false, false},
    {"schema", "STRATA_SCHEMA", true, true, false},
    {"primary_key", "STRATA_PRIMARY_KEY", true, false, false},
    {"unique_together", "STRATA_UNIQUE_TOGETHER", true, false, false},
    {"index", "STRATA_INDEX", true, false, false},
    {"unique_index", "STRATA_UNIQUE_INDEX", true, false, false},
    {"check_table", "STRATA_CHECK_TABLE", true, false, false},
    {"enum", "STRATA_ENUM", false, true, false},
    {"comment", "STRATA_COMMENT", true, false, true},
    {"renamed_from", "STRATA_RENAMED_FROM", true, true, true},
    {"allow", "STRATA_ALLOW", true, false, true},
    {"pk", "STRATA_PK", false, false, true},
    {"identity", "STRATA_IDENTITY", false, false, true},
    {"column", "STRATA_COLUMN", false, false, true},
    {"type", "STRATA_TYPE", false, false, true},
    {"length", "STRATA_LENGTH", false, false, true},
    {"nullable", "STRATA_NULLABLE", false, false, true},
    {"not_null", "STRATA_NOT_NULL", false, false, true},
    {"unique", "STRATA_UNIQUE", false, false, true},
    {"indexed", "STRATA_INDEXED", false, false, true},
    {"default", "STRATA_DEFAULT", false, false, true},
    {"fk", "STRATA_FK", false, false, true},
    {"on_delete", "STRATA_ON_DELETE", false, false, true},
    {"on_update", "STRATA_ON_UPDATE", false, false, true},
    {"check", "STRATA_CHECK", false, false, true},
    {"transient", "STRATA_TRANSIENT", false, false, true},
}};

const KeyInfo* find_key(std::string_view key) {
  auto it = std::find_if(kKeys.begin(), kKeys.end(), [&](const KeyInfo& info) { return info.key == key; });
  return it == kKeys.end() ? nullptr : &*it;
}

bool is_space(char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; }

template <typename T>
Parsed<T> failure(std::string error) {
  return Parsed<T>{std::nullopt, std::move(error)};
}

// Splits "name|rest" at the first '|' (an expression may itself contain '|', e.g. `||`).
bool split_name(std::string_view value, std::string_view& name, std::string_view& rest) {
  std::size_t bar = value.find('|');
  if (bar == std::string_view::npos) return false;
  name = value.substr(0, bar);
  rest = value.substr(bar + 1);
  return true;
}

}  // namespace

std::optional<Annotation> parse_annotation(std::string_view text) {
  if (text.substr(0, kPrefix.size()) != kPrefix) return std::nullopt;
  text.remove_prefix(kPrefix.size());
  Annotation annotation;
  std::size_t equals = text.find('=');
  annotation.key = std::string(text.substr(0, equals));
  if (equals != std::string_view::npos) annotation.value = std::string(text.substr(equals + 1));
  return annotation;
}

bool is_known_annotation(std::string_view key) { return find_key(key) != nullptr; }

bool is_allowed_on(std::string_view key, AnnotationTarget target) {
  const KeyInfo* info = find_key(key);
  if (!info) return false;
  switch (target) {
    case AnnotationTarget::Struct: return info->on_struct;
    case AnnotationTarget::Enum: return info->on_enum;
    case AnnotationTarget::Member: return info->on_member;
    case AnnotationTarget::Enumerator: return key == "renamed_from";  // the old label
  }
  return false;
}

bool is_repeatable(std::string_view key) {
  return key == "unique_together" || key == "index" || key == "unique_index" || key == "check_table" || key == "allow";
}

std::string macro_call(const Annotation& annotation) {
  const KeyInfo* info = find_key(annotation.key);
  std::string out = info ? std::string(info->macro) : "[[clang::annotate(\"strata:" + annotation.key + "\")]]";
  if (!info || !annotation.value) return out;
  if (annotation.key == "length") return out + "(" + *annotation.value + ")";
  std::string_view name, rest;
  bool two_parts = annotation.key == "unique_together" || annotation.key == "index" ||
                   annotation.key == "unique_index" || annotation.key == "check_table";
  if (two_parts && split_name(*annotation.value, name, rest))
    return out + "(\"" + std::string(name) + "\", \"" + std::string(rest) + "\")";
  return out + "(\"" + *annotation.value + "\")";
}

Parsed<std::string> parse_name(std::string_view value) {
  if (value.empty()) return failure<std::string>("the name is empty");
  if (trim(value) != value) return failure<std::string>("the name has leading or trailing spaces");
  return {std::string(value), {}};
}

Parsed<std::string> parse_text(std::string_view value) {
  if (trim(value).empty()) return failure<std::string>("the value is empty");
  // PostgreSQL text cannot hold NUL, and libpq would end the statement there.
  if (value.find('\0') != std::string_view::npos) return failure<std::string>("the value holds a NUL byte");
  return {std::string(value), {}};
}

Parsed<std::string> parse_expression(std::string_view value) {
  if (trim(value).empty()) return failure<std::string>("the value is empty");
  if (std::optional<std::string> problem = single_expression_problem(value))
    return failure<std::string>("not one SQL expression: " + *problem);
  return {std::string(value), {}};
}

Parsed<std::vector<std::string>> parse_column_list(std::string_view value) {
  if (trim(value).empty()) return failure<std::vector<std::string>>("the column list is empty");
  std::vector<std::string> columns;
  for (;;) {
    std::size_t comma = value.find(',');
    std::string_view column = trim(value.substr(0, comma));
    if (column.empty()) return failure<std::vector<std::string>>("the column list has an empty entry");
    if (std::any_of(column.begin(), column.end(), is_space))
      return failure<std::vector<std::string>>("'" + std::string(column) +
                                               "' is not a column name (separate columns with ',')");
    if (std::find(columns.begin(), columns.end(), column) != columns.end())
      return failure<std::vector<std::string>>("column '" + std::string(column) + "' is listed twice");
    columns.emplace_back(column);
    if (comma == std::string_view::npos) break;
    value.remove_prefix(comma + 1);
  }
  return {std::move(columns), {}};
}

Parsed<NamedColumns> parse_named_columns(std::string_view value) {
  std::string_view name, rest;
  if (!split_name(value, name, rest)) return failure<NamedColumns>("expected a name and a column list");
  Parsed<std::string> parsed_name = parse_name(name);
  if (!parsed_name.value) return failure<NamedColumns>(parsed_name.error);
  Parsed<std::vector<std::string>> columns = parse_column_list(rest);
  if (!columns.value) return failure<NamedColumns>(columns.error);
  return {NamedColumns{*parsed_name.value, *columns.value}, {}};
}

Parsed<NamedExpression> parse_named_expression(std::string_view value) {
  std::string_view name, rest;
  if (!split_name(value, name, rest)) return failure<NamedExpression>("expected a name and an expression");
  Parsed<std::string> parsed_name = parse_name(name);
  if (!parsed_name.value) return failure<NamedExpression>(parsed_name.error);
  Parsed<std::string> expression = parse_expression(rest);
  if (!expression.value) return failure<NamedExpression>(expression.error);
  return {NamedExpression{*parsed_name.value, *expression.value}, {}};
}

Parsed<unsigned> parse_length(std::string_view value) {
  constexpr unsigned kMaxLength = 10485760;  // PostgreSQL's limit for varchar(n)
  unsigned length = 0;
  auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), length);
  if (value.empty() || ec != std::errc() || end != value.data() + value.size() || length == 0 || length > kMaxLength)
    return failure<unsigned>("expected a length between 1 and 10485760");
  return {length, {}};
}

Parsed<FkTarget> parse_fk_target(std::string_view value) {
  std::vector<std::string_view> parts;
  for (;;) {
    std::size_t dot = value.find('.');
    parts.push_back(value.substr(0, dot));
    if (dot == std::string_view::npos) break;
    value.remove_prefix(dot + 1);
  }
  bool well_formed = parts.size() == 2 || parts.size() == 3;
  for (std::string_view part : parts) well_formed = well_formed && !part.empty() && trim(part) == part;
  if (!well_formed) return failure<FkTarget>("expected \"table.column\" or \"schema.table.column\"");
  FkTarget target;
  if (parts.size() == 3) target.schema = std::string(parts[0]);
  target.table = std::string(parts[parts.size() - 2]);
  target.column = std::string(parts.back());
  return {std::move(target), {}};
}

Parsed<FkAction> parse_fk_action(std::string_view value) {
  if (std::optional<FkAction> action = fk_action_from_string(trim(value))) return {*action, {}};
  return failure<FkAction>("unknown action '" + std::string(value) +
                           "' (expected cascade, restrict, set null, set default or no action)");
}

}  // namespace strata

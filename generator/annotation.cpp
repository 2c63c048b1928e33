#include "generator/annotation.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>

#include "core/index_key.hpp"
#include "core/sql_expression.hpp"
#include "core/sql_type.hpp"
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

constexpr std::array<KeyInfo, 42> kKeys = {{
    {"table", "STRATA_TABLE", true, false, false},
    {"schema", "STRATA_SCHEMA", true, true, false},
    {"primary_key", "STRATA_PRIMARY_KEY", true, false, false},
    {"unique_together", "STRATA_UNIQUE_TOGETHER", true, false, false},
    {"index", "STRATA_INDEX", true, false, false},
    {"unique_index", "STRATA_UNIQUE_INDEX", true, false, false},
    {"check_table", "STRATA_CHECK_TABLE", true, false, false},
    {"enum", "STRATA_ENUM", false, true, false},
    {"index_where", "STRATA_INDEX_WHERE", true, false, false},
    {"index_using", "STRATA_INDEX_USING", true, false, false},
    {"index_include", "STRATA_INDEX_INCLUDE", true, false, false},
    {"nulls_not_distinct", "STRATA_NULLS_NOT_DISTINCT", true, false, false},
    {"foreign_key", "STRATA_FOREIGN_KEY", true, false, false},
    {"foreign_key_on_delete", "STRATA_FOREIGN_KEY_ON_DELETE", true, false, false},
    {"foreign_key_on_update", "STRATA_FOREIGN_KEY_ON_UPDATE", true, false, false},
    {"label", "STRATA_LABEL", false, false, false},
    {"row_security", "STRATA_ROW_SECURITY", true, false, false},
    {"policy", "STRATA_POLICY", true, false, false},
    {"policy_check", "STRATA_POLICY_CHECK", true, false, false},
    {"policy_roles", "STRATA_POLICY_ROLES", true, false, false},
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
    {"distributed_by", "STRATA_DISTRIBUTED_BY", true, false, false},
    {"colocate_with", "STRATA_COLOCATE_WITH", true, false, false},
    {"reference_table", "STRATA_REFERENCE_TABLE", true, false, false},
    {"generated", "STRATA_GENERATED", false, false, true},
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
    case AnnotationTarget::Enumerator: return key == "renamed_from" || key == "label";  // renamed_from: the old label
  }
  return false;
}

// Struct annotations that name what they declare or complete ("name|..."): one per name.
static bool is_named_struct_key(std::string_view key) {
  return key == "unique_together" || key == "index" || key == "unique_index" || key == "check_table" ||
         key == "index_where" || key == "index_using" || key == "index_include" || key == "foreign_key" ||
         key == "foreign_key_on_delete" || key == "foreign_key_on_update" || key == "policy" ||
         key == "policy_check" || key == "policy_roles";
}

bool is_repeatable(std::string_view key) {
  return is_named_struct_key(key) || key == "nulls_not_distinct" || key == "allow";
}

std::string macro_call(const Annotation& annotation) {
  const KeyInfo* info = find_key(annotation.key);
  std::string out = info ? std::string(info->macro) : "[[clang::annotate(\"strata:" + annotation.key + "\")]]";
  if (!info || !annotation.value) return out;
  if (annotation.key == "length") return out + "(" + *annotation.value + ")";
  std::string_view name, rest;
  std::string_view command, using_expr;
  if (annotation.key == "policy" && split_name(*annotation.value, name, rest) &&
      split_name(rest, command, using_expr))
    return out + "(\"" + std::string(name) + "\", \"" + std::string(command) + "\", \"" + std::string(using_expr) +
           "\")";
  if (is_named_struct_key(annotation.key) && split_name(*annotation.value, name, rest)) {
    std::string_view columns, target;
    if (annotation.key == "foreign_key" && split_name(rest, columns, target))
      return out + "(\"" + std::string(name) + "\", \"" + std::string(columns) + "\", \"" + std::string(target) + "\")";
    return out + "(\"" + std::string(name) + "\", \"" + std::string(rest) + "\")";
  }
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

Parsed<std::string> parse_type(std::string_view value) {
  if (std::optional<std::string> problem = sql_type_problem(value)) return failure<std::string>("not a type: " + *problem);
  return {std::string(value), {}};
}

namespace {

// "a, b" as names: `noun` names an entry in messages ("column", "role").
Parsed<std::vector<std::string>> parse_name_list(std::string_view value, const std::string& noun) {
  if (trim(value).empty()) return failure<std::vector<std::string>>("the " + noun + " list is empty");
  std::vector<std::string> columns;
  for (;;) {
    std::size_t comma = value.find(',');
    std::string_view column = trim(value.substr(0, comma));
    if (column.empty()) return failure<std::vector<std::string>>("the " + noun + " list has an empty entry");
    if (std::any_of(column.begin(), column.end(), is_space))
      return failure<std::vector<std::string>>("'" + std::string(column) + "' is not a " + noun + " name (separate " +
                                               noun + "s with ',')");
    if (std::find(columns.begin(), columns.end(), column) != columns.end())
      return failure<std::vector<std::string>>(noun + " '" + std::string(column) + "' is listed twice");
    columns.emplace_back(column);
    if (comma == std::string_view::npos) break;
    value.remove_prefix(comma + 1);
  }
  return {std::move(columns), {}};
}

}  // namespace

Parsed<std::vector<std::string>> parse_column_list(std::string_view value) { return parse_name_list(value, "column"); }

Parsed<PolicyDeclaration> parse_policy(std::string_view value) {
  std::string_view name, rest, command, using_expr;
  if (!split_name(value, name, rest) || !split_name(rest, command, using_expr))
    return failure<PolicyDeclaration>("expected a name, a command and a USING expression");
  Parsed<std::string> parsed_name = parse_name(name);
  if (!parsed_name.value) return failure<PolicyDeclaration>(parsed_name.error);
  std::string upper_command;
  for (char c : trim(command)) upper_command += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (upper_command != "ALL" && upper_command != "SELECT" && upper_command != "INSERT" && upper_command != "UPDATE" &&
      upper_command != "DELETE")
    return failure<PolicyDeclaration>("unknown command '" + std::string(command) +
                                      "' (expected ALL, SELECT, INSERT, UPDATE or DELETE)");
  PolicyDeclaration policy{*parsed_name.value, upper_command, std::nullopt};
  if (trim(using_expr).empty()) return {std::move(policy), {}};
  Parsed<std::string> expression = parse_expression(using_expr);
  if (!expression.value) return failure<PolicyDeclaration>(expression.error);
  policy.using_expr = *expression.value;
  return {std::move(policy), {}};
}

Parsed<NamedRoles> parse_named_roles(std::string_view value) {
  std::string_view name, rest;
  if (!split_name(value, name, rest)) return failure<NamedRoles>("expected a policy name and a role list");
  Parsed<std::string> parsed_name = parse_name(name);
  if (!parsed_name.value) return failure<NamedRoles>(parsed_name.error);
  Parsed<std::vector<std::string>> roles = parse_name_list(rest, "role");
  if (!roles.value) return failure<NamedRoles>(roles.error);
  return {NamedRoles{*parsed_name.value, *roles.value}, {}};
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

Parsed<NamedColumns> parse_named_index_keys(std::string_view value) {
  std::string_view name, rest;
  if (!split_name(value, name, rest)) return failure<NamedColumns>("expected a name and a key list");
  Parsed<std::string> parsed_name = parse_name(name);
  if (!parsed_name.value) return failure<NamedColumns>(parsed_name.error);
  if (trim(rest).empty()) return failure<NamedColumns>("the key list is empty");
  if (std::optional<std::string> problem = single_expression_problem(rest))
    return failure<NamedColumns>("not a list of SQL expressions: " + *problem);
  std::vector<std::string> keys;
  for (const std::string& text : split_index_keys(rest)) {
    if (text.empty()) return failure<NamedColumns>("the key list has an empty entry");
    std::string problem;
    std::optional<IndexKey> key = parse_index_key(text, problem);
    if (!key) return failure<NamedColumns>(problem);
    std::string canonical = index_key_text(*key);
    if (std::find(keys.begin(), keys.end(), canonical) != keys.end())
      return failure<NamedColumns>("key '" + canonical + "' is listed twice");
    keys.push_back(std::move(canonical));
  }
  return {NamedColumns{*parsed_name.value, std::move(keys)}, {}};
}

Parsed<IndexMethod> parse_index_method(std::string_view value) {
  std::string_view name, rest;
  if (!split_name(value, name, rest)) return failure<IndexMethod>("expected an index name and a method");
  Parsed<std::string> parsed_name = parse_name(name);
  if (!parsed_name.value) return failure<IndexMethod>(parsed_name.error);
  std::string method(trim(rest));
  for (char& c : method) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  constexpr std::array<std::string_view, 6> kMethods = {"btree", "hash", "gin", "gist", "brin", "spgist"};
  if (std::find(kMethods.begin(), kMethods.end(), method) == kMethods.end())
    return failure<IndexMethod>("unknown index method '" + std::string(rest) +
                                "' (expected btree, hash, gin, gist, brin or spgist)");
  if (method == "btree") method.clear();  // the default: the graph leaves it unnamed
  return {IndexMethod{*parsed_name.value, std::move(method)}, {}};
}

Parsed<CompositeForeignKey> parse_composite_foreign_key(std::string_view value) {
  std::string_view name, rest, columns, target;
  if (!split_name(value, name, rest) || !split_name(rest, columns, target))
    return failure<CompositeForeignKey>("expected a name, a column list and \"[schema.]table(column, ...)\"");
  Parsed<std::string> parsed_name = parse_name(name);
  if (!parsed_name.value) return failure<CompositeForeignKey>(parsed_name.error);
  Parsed<std::vector<std::string>> parsed_columns = parse_column_list(columns);
  if (!parsed_columns.value) return failure<CompositeForeignKey>(parsed_columns.error);
  target = trim(target);
  const std::size_t open = target.find('(');
  if (open == std::string_view::npos || target.back() != ')')
    return failure<CompositeForeignKey>("expected the target as \"[schema.]table(column, ...)\", found '" +
                                        std::string(target) + "'");
  const std::string_view table = trim(target.substr(0, open));
  const std::size_t dot = table.find('.');
  CompositeForeignKey fk;
  fk.name = *parsed_name.value;
  fk.columns = *parsed_columns.value;
  fk.table = std::string(dot == std::string_view::npos ? table : table.substr(dot + 1));
  if (dot != std::string_view::npos) fk.schema = std::string(table.substr(0, dot));
  const bool well_formed = !fk.table.empty() && fk.table.find('.') == std::string::npos && trim(fk.table) == fk.table &&
                           (!fk.schema || (!fk.schema->empty() && trim(*fk.schema) == *fk.schema));
  if (!well_formed)
    return failure<CompositeForeignKey>("expected the target as \"[schema.]table(column, ...)\", found '" +
                                        std::string(target) + "'");
  Parsed<std::vector<std::string>> ref_columns = parse_column_list(target.substr(open + 1, target.size() - open - 2));
  if (!ref_columns.value) return failure<CompositeForeignKey>("referenced columns: " + ref_columns.error);
  fk.ref_columns = *ref_columns.value;
  if (fk.columns.size() != fk.ref_columns.size())
    return failure<CompositeForeignKey>(std::to_string(fk.columns.size()) + " column(s) but " +
                                        std::to_string(fk.ref_columns.size()) + " referenced column(s)");
  return {std::move(fk), {}};
}

Parsed<NamedFkAction> parse_named_fk_action(std::string_view value) {
  std::string_view name, rest;
  if (!split_name(value, name, rest)) return failure<NamedFkAction>("expected a foreign key name and an action");
  Parsed<std::string> parsed_name = parse_name(name);
  if (!parsed_name.value) return failure<NamedFkAction>(parsed_name.error);
  Parsed<FkAction> action = parse_fk_action(rest);
  if (!action.value) return failure<NamedFkAction>(action.error);
  return {NamedFkAction{*parsed_name.value, *action.value}, {}};
}

}  // namespace strata

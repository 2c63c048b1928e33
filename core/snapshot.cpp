#include "core/snapshot.hpp"

#include <algorithm>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <optional>
#include <set>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/sha256.hpp"
#include "core/snapshot_json.hpp"

namespace strata {
namespace {

// nlohmann::json keeps object keys in a std::map, so every object is written with sorted keys.
using Json = nlohmann::json;

constexpr std::string_view kFormatMarker = "strata-snapshot";

// ---- writing ------------------------------------------------------------------------------

Json names_json(const std::vector<std::string>& names) {
  Json array = Json::array();
  auto& elements = array.get_ref<Json::array_t&>();
  elements.reserve(names.size());
  for (const std::string& name : names) elements.emplace_back(name);
  return array;
}

// Objects are filled member by member: an initializer list would first build each member as a
// [key, value] array and then move it in, which cost half of a 1000-table snapshot's document.
Json column_json(const Column& column) {
  Json j = Json::object();
  j["name"] = column.name;
  j["type"] = column.type;
  j["nullable"] = column.nullable;
  j["identity"] = column.identity;
  if (column.default_expr) j["default"] = *column.default_expr;
  if (column.comment) j["comment"] = *column.comment;
  if (column.generated) j["generated"] = *column.generated;
  return j;
}

// Written only for Citus tables, so snapshots of plain tables are unchanged.
Json distribution_json(const Distribution& distribution) {
  Json j = Json::object();
  if (distribution.kind == Distribution::Kind::Reference) {
    j["kind"] = "reference";
    return j;
  }
  j["kind"] = "distributed";
  j["column"] = distribution.column;
  if (!distribution.colocate_with.empty()) j["colocate_with"] = distribution.colocate_with;
  return j;
}

Json name_and_columns_json(const std::string& name, const std::vector<std::string>& columns) {
  Json j = Json::object();
  j["name"] = name;
  j["columns"] = names_json(columns);
  return j;
}

Json table_json(const Table& table) {
  Json columns = Json::array();
  columns.get_ref<Json::array_t&>().reserve(table.columns.size());
  for (const Column& column : table.columns) columns.push_back(column_json(column));

  Json uniques = Json::array();
  for (const UniqueConstraint& unique : table.uniques) {
    Json j = name_and_columns_json(unique.name, unique.columns);
    if (unique.nulls_not_distinct) j["nulls_not_distinct"] = true;
    uniques.push_back(std::move(j));
  }

  Json checks = Json::array();
  for (const CheckConstraint& check : table.checks) {
    Json j = Json::object();
    j["name"] = check.name;
    j["expression"] = check.expression;
    checks.push_back(std::move(j));
  }

  Json foreign_keys = Json::array();
  for (const ForeignKey& fk : table.foreign_keys) {
    Json j = name_and_columns_json(fk.name, fk.columns);
    j["ref_schema"] = fk.ref_schema;
    j["ref_table"] = fk.ref_table;
    j["ref_columns"] = names_json(fk.ref_columns);
    j["on_delete"] = to_string(fk.on_delete);
    j["on_update"] = to_string(fk.on_update);
    foreign_keys.push_back(std::move(j));
  }

  Json indexes = Json::array();
  for (const Index& index : table.indexes) {
    Json j = name_and_columns_json(index.name, index.columns);
    j["unique"] = index.unique;
    if (!index.method.empty()) j["method"] = index.method;
    if (index.where) j["where"] = *index.where;
    if (!index.include.empty()) j["include"] = names_json(index.include);
    if (index.nulls_not_distinct) j["nulls_not_distinct"] = true;
    indexes.push_back(std::move(j));
  }

  Json j = Json::object();
  j["name"] = table.name;
  j["columns"] = std::move(columns);
  j["primary_key"] = name_and_columns_json(table.primary_key.name, table.primary_key.columns);
  j["uniques"] = std::move(uniques);
  j["checks"] = std::move(checks);
  j["foreign_keys"] = std::move(foreign_keys);
  j["indexes"] = std::move(indexes);
  if (table.comment) j["comment"] = *table.comment;
  if (table.distribution) j["distribution"] = distribution_json(*table.distribution);
  // Written only when set, so snapshots of tables without row security read as before.
  if (table.row_security) j["row_security"] = true;
  if (!table.policies.empty()) {
    Json policies = Json::array();
    for (const Policy& policy : table.policies) {
      Json p = Json::object();
      p["name"] = policy.name;
      p["command"] = policy.command;
      p["roles"] = names_json(policy.roles);
      if (policy.using_expr) p["using"] = *policy.using_expr;
      if (policy.check_expr) p["check"] = *policy.check_expr;
      policies.push_back(std::move(p));
    }
    j["policies"] = std::move(policies);
  }
  return j;
}

Json schema_json(const Schema& schema) {
  Json enums = Json::array();
  for (const EnumType& enum_type : schema.enums) {
    Json e = Json::object();
    e["name"] = enum_type.name;
    e["labels"] = names_json(enum_type.labels);
    enums.push_back(std::move(e));
  }
  Json tables = Json::array();
  tables.get_ref<Json::array_t&>().reserve(schema.tables.size());
  for (const Table& table : schema.tables) tables.push_back(table_json(table));
  Json j = Json::object();
  j["name"] = schema.name;
  j["enums"] = std::move(enums);
  j["tables"] = std::move(tables);
  if (!schema.sql_objects.empty()) {
    Json objects = Json::array();
    for (const SqlObject& object : schema.sql_objects) {
      Json o = Json::object();
      o["kind"] = to_string(object.kind);
      o["name"] = object.name;
      o["definition"] = object.definition;
      o["hash"] = sha256_hex(object.definition);
      o["depends"] = names_json(object.depends);
      if (object.kind == SqlObjectKind::Trigger) o["table"] = object.table;
      objects.push_back(std::move(o));
    }
    j["sql_objects"] = std::move(objects);
  }
  return j;
}

// ---- reading ------------------------------------------------------------------------------

[[noreturn]] void fail(const std::string& path, const std::string& problem) {
  throw SnapshotError((path.empty() ? std::string("top level") : path) + ": " + problem);
}

std::string member_path(const std::string& parent, std::string_view key) {
  return parent.empty() ? std::string(key) : parent + "." + std::string(key);
}

std::string element_path(const std::string& parent, std::size_t index) {
  return parent + "[" + std::to_string(index) + "]";
}

// Where a value is in the document, kept as a chain of (key or index) links to the enclosing
// value and spelled out (schemas[0].tables[3].name) only for an error message: reading a snapshot
// visits every value, and building each one's path as a string cost more than reading it.
class JsonPath {
 public:
  static JsonPath top_level() { return JsonPath(nullptr, {}, 0, false); }
  JsonPath member(std::string_view key) const { return JsonPath(this, key, 0, false); }
  JsonPath element(std::size_t index) const { return JsonPath(this, {}, index, true); }

  std::string str() const {
    if (parent_ == nullptr) return "";
    const std::string parent = parent_->str();
    return is_element_ ? element_path(parent, index_) : member_path(parent, key_);
  }

 private:
  JsonPath(const JsonPath* parent, std::string_view key, std::size_t index, bool is_element)
      : parent_(parent), key_(key), index_(index), is_element_(is_element) {}

  const JsonPath* parent_;  // outlives this link: paths follow the reader's call stack
  std::string_view key_;
  std::size_t index_;
  bool is_element_;
};

// A value inside a message, as a JSON string literal (quotes and control characters escaped).
std::string json_quoted(std::string_view text) { return Json(std::string(text)).dump(); }

std::string describe(const Json& value) {
  switch (value.type()) {
    case Json::value_t::null: return "null";
    case Json::value_t::boolean: return "a boolean";
    case Json::value_t::string: return "a string";
    case Json::value_t::array: return "an array";
    case Json::value_t::object: return "an object";
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
    case Json::value_t::number_float: return "a number";
    default: return "an unsupported value";
  }
}

void expect_type(const Json& value, Json::value_t type, const char* expected, const std::string& path) {
  if (value.type() != type) fail(path, std::string("expected ") + expected + ", found " + describe(value));
}

void expect_type(const Json& value, Json::value_t type, const char* expected, const JsonPath& path) {
  if (value.type() != type) expect_type(value, type, expected, path.str());
}

// One JSON object being read: checks its keys (all required ones present, no unknown ones) up
// front, then hands out typed members, each with its path for error messages.
class ObjectReader {
 public:
  ObjectReader(const Json& value, const JsonPath& path, std::initializer_list<std::string_view> required,
               std::initializer_list<std::string_view> optional = {})
      : value_(value), path_(path) {
    expect_type(value_, Json::value_t::object, "an object", path_);
    for (std::string_view key : required)
      if (!value_.contains(key)) fail(path_of(key).str(), "required key is missing");
    for (const auto& [key, member] : value_.items()) {
      const auto known = [&](std::initializer_list<std::string_view> keys) {
        return std::find(keys.begin(), keys.end(), key) != keys.end();
      };
      if (!known(required) && !known(optional)) fail(path_of(key).str(), "unknown key");
    }
  }

  JsonPath path_of(std::string_view key) const { return path_.member(key); }
  bool has(std::string_view key) const { return value_.contains(key); }
  const Json& member(std::string_view key) const { return value_.at(key); }

  std::string string(std::string_view key) const {
    const Json& member = value_.at(key);
    expect_type(member, Json::value_t::string, "a string", path_of(key));
    return member.get<std::string>();
  }

  std::optional<std::string> optional_string(std::string_view key) const {
    if (!value_.contains(key)) return std::nullopt;
    return string(key);
  }

  bool boolean(std::string_view key) const {
    const Json& member = value_.at(key);
    expect_type(member, Json::value_t::boolean, "a boolean", path_of(key));
    return member.get<bool>();
  }

  // An optional key written only when true (keys added after format version 1 was fixed).
  bool optional_boolean(std::string_view key) const { return value_.contains(key) && boolean(key); }
  std::vector<std::string> optional_strings(std::string_view key) const {
    return value_.contains(key) ? strings(key) : std::vector<std::string>{};
  }

  const Json& array(std::string_view key) const {
    const Json& member = value_.at(key);
    expect_type(member, Json::value_t::array, "an array", path_of(key));
    return member;
  }

  std::vector<std::string> strings(std::string_view key) const {
    const Json& items = array(key);
    std::vector<std::string> result;
    for (std::size_t i = 0; i < items.size(); ++i) {
      expect_type(items[i], Json::value_t::string, "a string", path_of(key).element(i));
      result.push_back(items[i].get<std::string>());
    }
    return result;
  }

  FkAction fk_action(std::string_view key) const {
    const std::string text = string(key);
    if (auto action = fk_action_from_string(text)) return *action;
    fail(path_of(key).str(), "unknown foreign-key action " + json_quoted(text) +
                                 " (expected no action, restrict, cascade, set null or set default)");
  }

  // Reads each element of the array `key` with read(element, element's path).
  template <typename Read>
  auto each(std::string_view key, Read read) const {
    const Json& items = array(key);
    const JsonPath items_path = path_of(key);
    std::vector<decltype(read(items[0], items_path))> result;
    result.reserve(items.size());
    for (std::size_t i = 0; i < items.size(); ++i) result.push_back(read(items[i], items_path.element(i)));
    return result;
  }

 private:
  const Json& value_;
  JsonPath path_;
};

// Names are the keys the diff looks things up by; a repeated one would silently shadow the other.
template <typename T>
void reject_duplicate_names(const std::vector<T>& items, const JsonPath& array_path, const char* kind) {
  std::set<std::string_view> seen;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (!seen.insert(items[i].name).second)
      fail(array_path.element(i).member("name").str(),
           std::string("duplicate ") + kind + " " + json_quoted(items[i].name));
  }
}

Column read_column(const Json& value, const JsonPath& path) {
  const ObjectReader object(value, path, {"name", "type", "nullable", "identity"}, {"default", "comment", "generated"});
  Column column;
  column.name = object.string("name");
  column.type = object.string("type");
  column.nullable = object.boolean("nullable");
  column.default_expr = object.optional_string("default");
  column.identity = object.boolean("identity");
  column.comment = object.optional_string("comment");
  column.generated = object.optional_string("generated");
  return column;
}

Distribution read_distribution(const Json& value, const JsonPath& path) {
  const ObjectReader object(value, path, {"kind"}, {"column", "colocate_with"});
  const std::string kind = object.string("kind");
  if (kind == "reference") {
    if (object.has("column") || object.has("colocate_with"))
      fail(path.str(), "a reference table has no distribution column and no colocation");
    return Distribution{Distribution::Kind::Reference, "", ""};
  }
  if (kind != "distributed") fail(object.path_of("kind").str(), "expected \"distributed\" or \"reference\"");
  return Distribution{Distribution::Kind::Distributed, object.string("column"),
                      object.optional_string("colocate_with").value_or("")};
}

Table read_table(const Json& value, const JsonPath& path) {
  const ObjectReader object(value, path,
                            {"name", "columns", "primary_key", "uniques", "checks", "foreign_keys", "indexes"},
                            {"comment", "distribution", "row_security", "policies"});
  Table table;
  table.name = object.string("name");
  table.columns = object.each("columns", read_column);
  reject_duplicate_names(table.columns, object.path_of("columns"), "column");

  const ObjectReader primary_key(value.at("primary_key"), object.path_of("primary_key"), {"name", "columns"});
  table.primary_key = {primary_key.string("name"), primary_key.strings("columns")};

  table.uniques = object.each("uniques", [](const Json& item, const JsonPath& item_path) {
    const ObjectReader unique(item, item_path, {"name", "columns"}, {"nulls_not_distinct"});
    return UniqueConstraint{unique.string("name"), unique.strings("columns"),
                            unique.optional_boolean("nulls_not_distinct")};
  });
  table.checks = object.each("checks", [](const Json& item, const JsonPath& item_path) {
    const ObjectReader check(item, item_path, {"name", "expression"});
    return CheckConstraint{check.string("name"), check.string("expression")};
  });
  table.foreign_keys = object.each("foreign_keys", [](const Json& item, const JsonPath& item_path) {
    const ObjectReader fk(item, item_path,
                          {"name", "columns", "ref_schema", "ref_table", "ref_columns", "on_delete", "on_update"});
    return ForeignKey{fk.string("name"),        fk.strings("columns"),     fk.string("ref_schema"),
                      fk.string("ref_table"),   fk.strings("ref_columns"), fk.fk_action("on_delete"),
                      fk.fk_action("on_update")};
  });
  table.indexes = object.each("indexes", [](const Json& item, const JsonPath& item_path) {
    const ObjectReader index(item, item_path, {"name", "columns", "unique"},
                             {"method", "where", "include", "nulls_not_distinct"});
    return Index{index.string("name"),
                 index.strings("columns"),
                 index.boolean("unique"),
                 index.optional_string("method").value_or(""),
                 index.optional_string("where"),
                 index.optional_strings("include"),
                 index.optional_boolean("nulls_not_distinct")};
  });
  table.comment = object.optional_string("comment");
  if (object.has("distribution"))
    table.distribution = read_distribution(object.member("distribution"), object.path_of("distribution"));
  table.row_security = value.contains("row_security") && object.boolean("row_security");
  if (value.contains("policies")) {
    table.policies = object.each("policies", [](const Json& item, const JsonPath& item_path) {
      const ObjectReader policy(item, item_path, {"name", "command", "roles"}, {"using", "check"});
      return Policy{policy.string("name"), policy.string("command"), policy.optional_string("using"),
                    policy.optional_string("check"), policy.strings("roles")};
    });
    reject_duplicate_names(table.policies, object.path_of("policies"), "policy");
  }
  return table;
}

Schema read_schema(const Json& value, const JsonPath& path) {
  const ObjectReader object(value, path, {"name", "enums", "tables"}, {"sql_objects"});
  Schema schema;
  schema.name = object.string("name");
  schema.enums = object.each("enums", [](const Json& item, const JsonPath& item_path) {
    const ObjectReader enum_type(item, item_path, {"name", "labels"});
    return EnumType{enum_type.string("name"), enum_type.strings("labels")};
  });
  reject_duplicate_names(schema.enums, object.path_of("enums"), "enum");
  schema.tables = object.each("tables", read_table);
  reject_duplicate_names(schema.tables, object.path_of("tables"), "table");
  if (object.has("sql_objects")) {
    schema.sql_objects = object.each("sql_objects", [](const Json& item, const JsonPath& item_path) {
      const ObjectReader o(item, item_path, {"kind", "name", "definition", "hash", "depends"}, {"table"});
      const auto kind = sql_object_kind_from_string(o.string("kind"));
      if (!kind) fail(item_path.member("kind").str(), "expected view, function or trigger");
      SqlObject read{*kind, o.string("name"), o.has("table") ? o.string("table") : "", o.string("definition"),
                     o.strings("depends")};
      if (o.string("hash") != sha256_hex(read.definition))
        fail(item_path.member("hash").str(), "does not match the definition (edited by hand?)");
      return read;
    });
  }
  return schema;
}

// The format marker and version are checked before anything else: a newer version may change
// any other part of the document, and "too new" is then the useful message.
void check_format_and_version(const Json& root) {
  expect_type(root, Json::value_t::object, "an object", "");
  if (!root.contains("format")) fail("format", "required key is missing");
  const Json& format = root.at("format");
  expect_type(format, Json::value_t::string, "a string", "format");
  if (format.get<std::string>() != kFormatMarker)
    fail("format", "expected " + json_quoted(kFormatMarker) + ", found " + json_quoted(format.get<std::string>()) +
                       " (not a strata snapshot)");

  if (!root.contains("version")) fail("version", "required key is missing");
  const Json& version = root.at("version");
  if (!version.is_number_integer()) fail("version", "expected an integer, found " + describe(version));
  const bool too_new = version.is_number_unsigned() ? version.get<std::uint64_t>() > kSnapshotFormatVersion
                                                    : version.get<std::int64_t>() > kSnapshotFormatVersion;
  if (too_new)
    fail("version", "snapshot format version " + version.dump() + " is newer than this build reads (up to " +
                        std::to_string(kSnapshotFormatVersion) + "); use a newer strata");
  if (version.get<std::int64_t>() < 1) fail("version", "invalid snapshot format version " + version.dump());
}

// Builds the document from nlohmann's SAX events (as json::parse does) and rejects repeated
// object keys, which json::parse would resolve by keeping the last one without a word: a
// hand-merged snapshot with a repeated key would silently lose data. A handler of our own, rather
// than json::parse with a callback: the callback parser builds each value and then hands it
// through a std::function, which cost about as much again as the parse itself.
class StrictDomBuilder {
 public:
  explicit StrictDomBuilder(Json& root) : root_(root) {}

  bool null() { return add(nullptr); }
  bool boolean(bool value) { return add(value); }
  bool number_integer(Json::number_integer_t value) { return add(value); }
  bool number_unsigned(Json::number_unsigned_t value) { return add(value); }
  bool number_float(Json::number_float_t value, const Json::string_t& /*text*/) { return add(value); }
  bool string(Json::string_t& value) { return add(std::move(value)); }
  bool binary(Json::binary_t& value) { return add(Json::binary(std::move(value))); }

  bool start_object(std::size_t /*size*/) {
    containers_.push_back({add(Json::value_t::object), nullptr});
    return true;
  }
  bool key(Json::string_t& key) {
    Container& object = containers_.back();
    auto [member, inserted] = object.value->get_ref<Json::object_t&>().try_emplace(std::move(key));
    object.key = &member->first;
    if (!inserted) fail(path(), "duplicate key");
    next_member_ = &member->second;
    return true;
  }
  bool end_object() {
    containers_.pop_back();
    return true;
  }

  bool start_array(std::size_t /*size*/) {
    containers_.push_back({add(Json::value_t::array), nullptr});
    return true;
  }
  bool end_array() {
    containers_.pop_back();
    return true;
  }

  template <typename Exception>
  bool parse_error(std::size_t /*position*/, const std::string& /*last_token*/, const Exception& error) {
    throw error;
  }

 private:
  struct Container {
    Json* value;
    const std::string* key;  // objects: the member being read (a key inside the object's map)
  };

  // Places a value where the parse is: the root, the next element of an array, or the member
  // whose key came last.
  template <typename Value>
  Json* add(Value&& value) {
    if (containers_.empty()) {
      root_ = Json(std::forward<Value>(value));
      return &root_;
    }
    Json& parent = *containers_.back().value;
    if (parent.is_array()) {
      auto& elements = parent.get_ref<Json::array_t&>();
      elements.emplace_back(std::forward<Value>(value));
      return &elements.back();
    }
    *next_member_ = Json(std::forward<Value>(value));
    return next_member_;
  }

  // The path of the member being read, e.g. schemas[1].enums[0].name. Every array on the stack
  // is in the middle of its last element.
  std::string path() const {
    std::string result;
    for (const Container& container : containers_) {
      result = container.value->is_object()
                   ? member_path(result, *container.key)
                   : element_path(result, container.value->get_ref<const Json::array_t&>().size() - 1);
    }
    return result;
  }

  Json& root_;
  std::vector<Container> containers_;
  Json* next_member_ = nullptr;
};

Json parse(std::string_view json_text) {
  try {
    Json root;
    StrictDomBuilder builder(root);
    Json::sax_parse(json_text.begin(), json_text.end(), &builder);
    return root;
  } catch (const Json::parse_error& error) {
    // Drop nlohmann's "[json.exception.parse_error.101] " prefix; keep "parse error at line L, column C: ...".
    std::string message = error.what();
    if (const auto end = message.find("] "); message.starts_with("[json.exception.") && end != std::string::npos)
      message.erase(0, end + 2);
    throw SnapshotError("invalid JSON: " + message);
  }
}

}  // namespace

nlohmann::json snapshot_json(const ModelGraph& graph) {
  // The scan's graphs and the snapshot's are canonical already: copied (a thousand tables) only
  // when not.
  std::optional<ModelGraph> sorted;
  if (!graph.is_canonical()) {
    sorted = graph;
    sorted->canonicalize();
  }
  const ModelGraph& canonical = sorted ? *sorted : graph;

  Json schemas = Json::array();
  for (const Schema& schema : canonical.schemas) schemas.push_back(schema_json(schema));
  return {{"format", kFormatMarker}, {"version", kSnapshotFormatVersion}, {"schemas", std::move(schemas)}};
}

std::string write_snapshot(const ModelGraph& graph) {
  try {
    return snapshot_json(graph).dump(2, ' ', false, Json::error_handler_t::strict) + "\n";
  } catch (const Json::type_error& error) {
    throw SnapshotError(std::string("cannot write snapshot: a name, type or expression is not valid UTF-8 (") +
                        error.what() + ")");
  }
}

namespace {

// How deep write_snapshot nests a table: document, "schemas", a schema, "tables".
constexpr std::size_t kTableDepth = 4;
// Past this many changed tables, searching the text for each costs what writing it all does.
constexpr std::size_t kMostTablesRewritten = 16;

// A table's text as write_snapshot prints it inside the document (without the indentation before
// its opening brace): printed alone, then every line after the first indented to its depth.
std::string nested_table_text(const Table& table) {
  const std::string alone = table_json(table).dump(2, ' ', false, Json::error_handler_t::strict);
  const std::string indentation(2 * kTableDepth, ' ');
  std::string nested;
  nested.reserve(alone.size() + alone.size() / 8);
  for (const char c : alone) {
    nested += c;
    if (c == '\n') nested += indentation;  // JSON strings hold no raw newline: each is a line break
  }
  return nested;
}

// Where `needle` occurs in `text`, when it occurs exactly once.
std::optional<std::size_t> only_occurrence(std::string_view text, std::string_view needle) {
  const std::boyer_moore_horspool_searcher searcher(needle.begin(), needle.end());
  const auto first = std::search(text.begin(), text.end(), searcher);
  if (first == text.end()) return std::nullopt;
  if (std::search(first + 1, text.end(), searcher) != text.end()) return std::nullopt;
  return static_cast<std::size_t>(first - text.begin());
}

}  // namespace

std::optional<std::string> rewrite_snapshot(std::string_view before_text, const ModelGraph& before,
                                            const ModelGraph& after) {
  if (!before.is_canonical() || !after.is_canonical() || before.schemas.size() != after.schemas.size())
    return std::nullopt;
  struct Replacement {
    std::size_t at;
    std::size_t length;
    std::string text;
  };
  std::vector<Replacement> replacements;
  try {
    for (std::size_t s = 0; s < before.schemas.size(); ++s) {
      const Schema& was = before.schemas[s];
      const Schema& is = after.schemas[s];
      if (was.name != is.name || was.enums != is.enums || was.sql_objects != is.sql_objects ||
          was.tables.size() != is.tables.size())
        return std::nullopt;
      for (std::size_t t = 0; t < was.tables.size(); ++t) {
        if (was.tables[t].name != is.tables[t].name) return std::nullopt;
        if (was.tables[t] == is.tables[t]) continue;
        if (replacements.size() == kMostTablesRewritten) return std::nullopt;
        const std::string old_text = nested_table_text(was.tables[t]);
        const std::optional<std::size_t> at = only_occurrence(before_text, old_text);
        if (!at) return std::nullopt;
        replacements.push_back({*at, old_text.size(), nested_table_text(is.tables[t])});
      }
    }
  } catch (const Json::type_error&) {
    return std::nullopt;  // not valid UTF-8: write_snapshot says so
  }
  std::sort(replacements.begin(), replacements.end(),
            [](const Replacement& a, const Replacement& b) { return a.at < b.at; });
  std::string text;
  text.reserve(before_text.size() + 4096);
  std::size_t copied = 0;
  for (const Replacement& replacement : replacements) {
    text.append(before_text.substr(copied, replacement.at - copied));
    text += replacement.text;
    copied = replacement.at + replacement.length;
  }
  text.append(before_text.substr(copied));
  return text;
}

ModelGraph graph_from_snapshot_json(const nlohmann::json& root) {
  check_format_and_version(root);
  const JsonPath top_level = JsonPath::top_level();
  const ObjectReader object(root, top_level, {"format", "version", "schemas"});

  ModelGraph graph;
  graph.schemas = object.each("schemas", read_schema);
  reject_duplicate_names(graph.schemas, object.path_of("schemas"), "schema");
  graph.canonicalize();
  return graph;
}

ModelGraph read_snapshot(std::string_view json_text) { return graph_from_snapshot_json(parse(json_text)); }

std::string snapshot_hash(const ModelGraph& graph) { return sha256_hex(write_snapshot(graph)); }

}  // namespace strata

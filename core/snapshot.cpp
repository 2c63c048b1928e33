#include "core/snapshot.hpp"

#include <algorithm>
#include <cstdint>
#include <initializer_list>
#include <set>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/sha256.hpp"

namespace strata {
namespace {

// nlohmann::json keeps object keys in a std::map, so every object is written with sorted keys.
using Json = nlohmann::json;

constexpr std::string_view kFormatMarker = "strata-snapshot";

// ---- writing ------------------------------------------------------------------------------

Json names_json(const std::vector<std::string>& names) {
  Json array = Json::array();
  for (const std::string& name : names) array.push_back(name);
  return array;
}

Json column_json(const Column& column) {
  Json j = {{"name", column.name},
            {"type", column.type},
            {"nullable", column.nullable},
            {"identity", column.identity}};
  if (column.default_expr) j["default"] = *column.default_expr;
  if (column.comment) j["comment"] = *column.comment;
  return j;
}

Json table_json(const Table& table) {
  Json columns = Json::array();
  for (const Column& column : table.columns) columns.push_back(column_json(column));

  Json uniques = Json::array();
  for (const UniqueConstraint& unique : table.uniques)
    uniques.push_back({{"name", unique.name}, {"columns", names_json(unique.columns)}});

  Json checks = Json::array();
  for (const CheckConstraint& check : table.checks)
    checks.push_back({{"name", check.name}, {"expression", check.expression}});

  Json foreign_keys = Json::array();
  for (const ForeignKey& fk : table.foreign_keys) {
    foreign_keys.push_back({{"name", fk.name},
                            {"columns", names_json(fk.columns)},
                            {"ref_schema", fk.ref_schema},
                            {"ref_table", fk.ref_table},
                            {"ref_columns", names_json(fk.ref_columns)},
                            {"on_delete", to_string(fk.on_delete)},
                            {"on_update", to_string(fk.on_update)}});
  }

  Json indexes = Json::array();
  for (const Index& index : table.indexes)
    indexes.push_back({{"name", index.name}, {"columns", names_json(index.columns)}, {"unique", index.unique}});

  Json j = {{"name", table.name},
            {"columns", std::move(columns)},
            {"primary_key", {{"name", table.primary_key.name}, {"columns", names_json(table.primary_key.columns)}}},
            {"uniques", std::move(uniques)},
            {"checks", std::move(checks)},
            {"foreign_keys", std::move(foreign_keys)},
            {"indexes", std::move(indexes)}};
  if (table.comment) j["comment"] = *table.comment;
  return j;
}

Json schema_json(const Schema& schema) {
  Json enums = Json::array();
  for (const EnumType& enum_type : schema.enums)
    enums.push_back({{"name", enum_type.name}, {"labels", names_json(enum_type.labels)}});
  Json tables = Json::array();
  for (const Table& table : schema.tables) tables.push_back(table_json(table));
  return {{"name", schema.name}, {"enums", std::move(enums)}, {"tables", std::move(tables)}};
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

// One JSON object being read: checks its keys (all required ones present, no unknown ones) up
// front, then hands out typed members, each with its path for error messages.
class ObjectReader {
 public:
  ObjectReader(const Json& value, std::string path, std::initializer_list<std::string_view> required,
               std::initializer_list<std::string_view> optional = {})
      : value_(value), path_(std::move(path)) {
    expect_type(value_, Json::value_t::object, "an object", path_);
    for (std::string_view key : required)
      if (!value_.contains(key)) fail(member_path(path_, key), "required key is missing");
    for (const auto& [key, member] : value_.items()) {
      const auto known = [&](std::initializer_list<std::string_view> keys) {
        return std::find(keys.begin(), keys.end(), key) != keys.end();
      };
      if (!known(required) && !known(optional)) fail(member_path(path_, key), "unknown key");
    }
  }

  const std::string& path() const { return path_; }
  std::string path_of(std::string_view key) const { return member_path(path_, key); }

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

  const Json& array(std::string_view key) const {
    const Json& member = value_.at(key);
    expect_type(member, Json::value_t::array, "an array", path_of(key));
    return member;
  }

  std::vector<std::string> strings(std::string_view key) const {
    const Json& items = array(key);
    std::vector<std::string> result;
    for (std::size_t i = 0; i < items.size(); ++i) {
      expect_type(items[i], Json::value_t::string, "a string", element_path(path_of(key), i));
      result.push_back(items[i].get<std::string>());
    }
    return result;
  }

  FkAction fk_action(std::string_view key) const {
    const std::string text = string(key);
    if (auto action = fk_action_from_string(text)) return *action;
    fail(path_of(key), "unknown foreign-key action " + json_quoted(text) +
                           " (expected no action, restrict, cascade, set null or set default)");
  }

  // Reads each element of the array `key` with read(element, element_path).
  template <typename Read>
  auto each(std::string_view key, Read read) const {
    const Json& items = array(key);
    std::vector<decltype(read(items[0], std::string()))> result;
    for (std::size_t i = 0; i < items.size(); ++i) result.push_back(read(items[i], element_path(path_of(key), i)));
    return result;
  }

 private:
  const Json& value_;
  std::string path_;
};

// Names are the keys the diff looks things up by; a repeated one would silently shadow the other.
template <typename T>
void reject_duplicate_names(const std::vector<T>& items, const std::string& array_path, const char* kind) {
  std::set<std::string> seen;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (!seen.insert(items[i].name).second)
      fail(element_path(array_path, i) + ".name", std::string("duplicate ") + kind + " " + json_quoted(items[i].name));
  }
}

Column read_column(const Json& value, const std::string& path) {
  const ObjectReader object(value, path, {"name", "type", "nullable", "identity"}, {"default", "comment"});
  Column column;
  column.name = object.string("name");
  column.type = object.string("type");
  column.nullable = object.boolean("nullable");
  column.default_expr = object.optional_string("default");
  column.identity = object.boolean("identity");
  column.comment = object.optional_string("comment");
  return column;
}

Table read_table(const Json& value, const std::string& path) {
  const ObjectReader object(value, path,
                            {"name", "columns", "primary_key", "uniques", "checks", "foreign_keys", "indexes"},
                            {"comment"});
  Table table;
  table.name = object.string("name");
  table.columns = object.each("columns", read_column);
  reject_duplicate_names(table.columns, object.path_of("columns"), "column");

  const ObjectReader primary_key(value.at("primary_key"), object.path_of("primary_key"), {"name", "columns"});
  table.primary_key = {primary_key.string("name"), primary_key.strings("columns")};

  table.uniques = object.each("uniques", [](const Json& item, const std::string& item_path) {
    const ObjectReader unique(item, item_path, {"name", "columns"});
    return UniqueConstraint{unique.string("name"), unique.strings("columns")};
  });
  table.checks = object.each("checks", [](const Json& item, const std::string& item_path) {
    const ObjectReader check(item, item_path, {"name", "expression"});
    return CheckConstraint{check.string("name"), check.string("expression")};
  });
  table.foreign_keys = object.each("foreign_keys", [](const Json& item, const std::string& item_path) {
    const ObjectReader fk(item, item_path,
                          {"name", "columns", "ref_schema", "ref_table", "ref_columns", "on_delete", "on_update"});
    return ForeignKey{fk.string("name"),       fk.strings("columns"),      fk.string("ref_schema"),
                      fk.string("ref_table"),  fk.strings("ref_columns"),  fk.fk_action("on_delete"),
                      fk.fk_action("on_update")};
  });
  table.indexes = object.each("indexes", [](const Json& item, const std::string& item_path) {
    const ObjectReader index(item, item_path, {"name", "columns", "unique"});
    return Index{index.string("name"), index.strings("columns"), index.boolean("unique")};
  });
  table.comment = object.optional_string("comment");
  return table;
}

Schema read_schema(const Json& value, const std::string& path) {
  const ObjectReader object(value, path, {"name", "enums", "tables"});
  Schema schema;
  schema.name = object.string("name");
  schema.enums = object.each("enums", [](const Json& item, const std::string& item_path) {
    const ObjectReader enum_type(item, item_path, {"name", "labels"});
    return EnumType{enum_type.string("name"), enum_type.strings("labels")};
  });
  reject_duplicate_names(schema.enums, object.path_of("enums"), "enum");
  schema.tables = object.each("tables", read_table);
  reject_duplicate_names(schema.tables, object.path_of("tables"), "table");
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

// nlohmann keeps the last of repeated object keys without a word; a hand-merged snapshot with a
// repeated key would silently lose data, so the parse tracks keys and the path to report it.
class DuplicateKeyGuard {
 public:
  bool operator()(int /*depth*/, Json::parse_event_t event, Json& parsed) {
    switch (event) {
      case Json::parse_event_t::object_start: frames_.push_back({true, 0, {}, {}}); break;
      case Json::parse_event_t::array_start: frames_.push_back({false, 0, {}, {}}); break;
      case Json::parse_event_t::key: {
        Frame& frame = frames_.back();
        frame.key = parsed.get<std::string>();
        if (!frame.keys.insert(frame.key).second) fail(path(), "duplicate key");
        break;
      }
      case Json::parse_event_t::object_end:
      case Json::parse_event_t::array_end:
        frames_.pop_back();
        element_done();
        break;
      case Json::parse_event_t::value: element_done(); break;
    }
    return true;
  }

 private:
  struct Frame {
    bool is_object;
    std::size_t index;  // arrays: the element being read
    std::string key;    // objects: the member being read
    std::set<std::string> keys;
  };

  void element_done() {
    if (!frames_.empty() && !frames_.back().is_object) ++frames_.back().index;
  }

  std::string path() const {
    std::string result;
    for (const Frame& frame : frames_)
      result = frame.is_object ? member_path(result, frame.key) : element_path(result, frame.index);
    return result;
  }

  std::vector<Frame> frames_;
};

Json parse(std::string_view json_text) {
  try {
    return Json::parse(json_text.begin(), json_text.end(), DuplicateKeyGuard());
  } catch (const Json::parse_error& error) {
    // Drop nlohmann's "[json.exception.parse_error.101] " prefix; keep "parse error at line L, column C: ...".
    std::string message = error.what();
    if (const auto end = message.find("] "); message.starts_with("[json.exception.") && end != std::string::npos)
      message.erase(0, end + 2);
    throw SnapshotError("invalid JSON: " + message);
  }
}

}  // namespace

std::string write_snapshot(const ModelGraph& graph) {
  ModelGraph canonical = graph;
  canonical.canonicalize();

  Json schemas = Json::array();
  for (const Schema& schema : canonical.schemas) schemas.push_back(schema_json(schema));
  const Json document = {{"format", kFormatMarker}, {"version", kSnapshotFormatVersion}, {"schemas", std::move(schemas)}};
  try {
    return document.dump(2, ' ', false, Json::error_handler_t::strict) + "\n";
  } catch (const Json::type_error& error) {
    throw SnapshotError(std::string("cannot write snapshot: a name, type or expression is not valid UTF-8 (") +
                        error.what() + ")");
  }
}

ModelGraph read_snapshot(std::string_view json_text) {
  const Json root = parse(json_text);
  check_format_and_version(root);
  const ObjectReader object(root, "", {"format", "version", "schemas"});

  ModelGraph graph;
  graph.schemas = object.each("schemas", read_schema);
  reject_duplicate_names(graph.schemas, "schemas", "schema");
  graph.canonicalize();
  return graph;
}

std::string snapshot_hash(const ModelGraph& graph) { return sha256_hex(write_snapshot(graph)); }

}  // namespace strata

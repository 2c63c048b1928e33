#include "core/sql_object.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>
#include <set>
#include <tuple>
#include <variant>

#include "core/sql_lexer.hpp"

namespace strata {
namespace {

bool is_comment(const SqlToken& t) {
  return t.kind == SqlTokenKind::LineComment || t.kind == SqlTokenKind::BlockComment;
}

bool is_identifier(const SqlToken& t) {
  return t.kind == SqlTokenKind::Word || t.kind == SqlTokenKind::QuotedIdentifier;
}

std::string lower(std::string_view text) {
  std::string out;
  for (char c : text) out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool is_word(const SqlToken& t, std::string_view word) { return t.kind == SqlTokenKind::Word && lower(t.text) == word; }
bool is_punct(const SqlToken& t, std::string_view text) {
  return t.kind == SqlTokenKind::Punctuation && t.text == text;
}

// The token text compared for sameness: words case-folded, everything else as written.
std::string token_key(const SqlToken& t) { return t.kind == SqlTokenKind::Word ? lower(t.text) : std::string(t.text); }

SourceLocation location_of(const std::string& file, std::string_view text, const SqlToken& t) {
  const auto offset = static_cast<std::size_t>(t.text.data() - text.data());
  const std::size_t line_start = text.rfind('\n', offset == 0 ? 0 : offset - 1);
  const std::size_t column = line_start == std::string_view::npos || offset == 0 ? offset + 1 : offset - line_start;
  return {file, t.line, static_cast<unsigned>(column)};
}

// Where a statement's pieces are: indexes into its non-comment tokens.
struct StatementShape {
  SqlObjectKind kind;
  std::size_t kind_token;  // VIEW / FUNCTION / TRIGGER
  std::size_t name_first;  // the object's name: schema '.' name, or a trigger's bare name
  std::size_t name_last;
  std::size_t table_first = 0;  // triggers: ON schema '.' table
};

struct ShapeError {
  std::size_t token;
  std::string message;
};

// Parses `CREATE [OR REPLACE] kind name ...` over `t` (no comments); `first` is the CREATE, or
// the kind keyword when the text is a definition (no CREATE).
std::variant<StatementShape, ShapeError> shape_of(const std::vector<SqlToken>& t, std::size_t first) {
  std::size_t i = first;
  if (i < t.size() && is_word(t[i], "create")) {
    ++i;
    if (i + 1 < t.size() && is_word(t[i], "or") && is_word(t[i + 1], "replace")) i += 2;
  }
  StatementShape shape{};
  if (i < t.size() && is_word(t[i], "view")) {
    shape.kind = SqlObjectKind::View;
  } else if (i < t.size() && is_word(t[i], "function")) {
    shape.kind = SqlObjectKind::Function;
  } else if (i < t.size() && is_word(t[i], "trigger")) {
    shape.kind = SqlObjectKind::Trigger;
  } else {
    return ShapeError{std::min(i, t.size() - 1),
                      "expected CREATE VIEW, CREATE FUNCTION or CREATE TRIGGER (one per SQL object file)"};
  }
  shape.kind_token = i++;
  if (shape.kind == SqlObjectKind::Trigger) {
    if (i >= t.size() || !is_identifier(t[i]))
      return ShapeError{std::min(i, t.size() - 1), "expected the trigger's name"};
    shape.name_first = shape.name_last = i;
    std::size_t on = i + 1;
    while (on < t.size() && !is_word(t[on], "on")) ++on;
    if (on + 3 >= t.size() || !is_identifier(t[on + 1]) || !is_punct(t[on + 2], ".") || !is_identifier(t[on + 3]))
      return ShapeError{std::min(on, t.size() - 1), "name the trigger's table with its schema: ON schema.table"};
    shape.table_first = on + 1;
    return shape;
  }
  if (i + 2 >= t.size() || !is_identifier(t[i]) || !is_punct(t[i + 1], ".") || !is_identifier(t[i + 2]))
    return ShapeError{std::min(i, t.size() - 1), "name the " + to_string(shape.kind) + " with its schema: CREATE " +
                                                     lower(t[shape.kind_token].text) + " schema.name"};
  shape.name_first = i;
  shape.name_last = i + 2;
  return shape;
}

// The definition: the statement from its kind keyword on, comments left out; the space between
// two tokens is one space, or a line break and the next token's indentation.
std::string definition_text(const std::vector<SqlToken>& all, std::size_t from, std::size_t to) {
  std::string out;
  const SqlToken* previous = nullptr;
  for (std::size_t k = from; k < to; ++k) {
    const SqlToken& token = all[k];
    if (is_comment(token)) continue;
    if (previous != nullptr) {
      const char* gap_begin = previous->text.data() + previous->text.size();
      const std::string_view gap(gap_begin, static_cast<std::size_t>(token.text.data() - gap_begin));
      const std::size_t newline = gap.rfind('\n');
      if (newline != std::string_view::npos) {
        out += '\n';
        const std::string_view indent = gap.substr(newline + 1);
        for (char c : indent)
          if (c == ' ' || c == '\t') out += c;
      } else if (!gap.empty()) {
        out += ' ';
      }
    }
    out += token.text;
    previous = &token;
  }
  return out;
}

// Every `a.b` of the tokens (not after another '.'), also inside dollar-quoted bodies.
void collect_mentions(std::string_view text, std::vector<std::string>& out, int depth = 0) {
  const std::vector<SqlToken> tokens = lex_sql(text);
  std::vector<const SqlToken*> t;
  for (const SqlToken& token : tokens)
    if (!is_comment(token)) t.push_back(&token);
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (t[i]->kind == SqlTokenKind::DollarString && t[i]->terminated && depth < 2) {
      const std::size_t open = t[i]->text.find('$', 1);
      const std::string_view delimiter = t[i]->text.substr(0, open + 1);
      collect_mentions(t[i]->text.substr(delimiter.size(), t[i]->text.size() - 2 * delimiter.size()), out, depth + 1);
      continue;
    }
    if (i + 2 < t.size() && is_identifier(*t[i]) && is_punct(*t[i + 1], ".") && is_identifier(*t[i + 2]) &&
        !(i > 0 && is_punct(*t[i - 1], ".")))
      out.push_back(identifier_name(*t[i]) + "." + identifier_name(*t[i + 2]));
  }
}

std::vector<SqlToken> without_comments(std::string_view text) {
  std::vector<SqlToken> out;
  for (const SqlToken& token : lex_sql(text))
    if (!is_comment(token)) out.push_back(token);
  return out;
}

// "-- strata:depends a.b, c.d" -> {"a.b", "c.d"}; nullopt when the comment is something else.
std::optional<std::vector<std::string>> declared_dependencies(std::string_view comment) {
  constexpr std::string_view kMarker = "strata:depends";
  std::string_view rest = comment.substr(2);
  while (!rest.empty() && std::isspace(static_cast<unsigned char>(rest.front()))) rest.remove_prefix(1);
  if (rest.substr(0, kMarker.size()) != kMarker) return std::nullopt;
  rest.remove_prefix(kMarker.size());
  std::vector<std::string> names;
  std::string current;
  for (char c : std::string(rest) + ",") {
    if (c == ',' || std::isspace(static_cast<unsigned char>(c))) {
      if (!current.empty()) names.push_back(lower(current));
      current.clear();
    } else {
      current += c;
    }
  }
  return names;
}

Diagnostic error_at(SourceLocation location, std::string message) {
  return Diagnostic{Diagnostic::Severity::Error, std::move(location), std::move(message)};
}

}  // namespace

SqlObjectParse parse_sql_object_file(const std::string& file, std::string_view text) {
  SqlObjectParse result;
  const std::vector<SqlToken> all = lex_sql(text);
  for (const SqlToken& token : all)
    if (!token.terminated) {
      result.diagnostics.push_back(
          error_at(location_of(file, text, token), std::string("unterminated ") + describe(token.kind)));
      return result;
    }
  // The statement's tokens (indexes into `all`), and where a second statement starts.
  std::vector<std::size_t> statement;
  std::vector<std::string> declared;
  bool ended = false;
  for (std::size_t k = 0; k < all.size(); ++k) {
    const SqlToken& token = all[k];
    if (token.kind == SqlTokenKind::LineComment) {
      if (auto names = declared_dependencies(token.text)) {
        for (const std::string& name : *names) {
          if (name.find('.') == std::string::npos) {
            result.diagnostics.push_back(
                error_at(location_of(file, text, token),
                         "strata:depends names '" + name + "' without its schema (schema.name)"));
            return result;
          }
          declared.push_back(name);
        }
      }
      continue;
    }
    if (is_comment(token)) continue;
    if (token.kind == SqlTokenKind::Semicolon) {
      ended = !statement.empty();
      continue;
    }
    if (ended) {
      result.diagnostics.push_back(error_at(location_of(file, text, token),
                                            "a second statement: a SQL object file holds exactly one statement"));
      return result;
    }
    statement.push_back(k);
  }
  if (statement.empty()) {
    result.diagnostics.push_back(error_at({file, 1, 1}, "no statement: a SQL object file holds exactly one statement"));
    return result;
  }
  std::vector<SqlToken> t;
  for (std::size_t k : statement) t.push_back(all[k]);
  if (!is_word(t[0], "create")) {
    result.diagnostics.push_back(
        error_at(location_of(file, text, t[0]),
                 "expected CREATE VIEW, CREATE FUNCTION or CREATE TRIGGER (one per SQL object file)"));
    return result;
  }
  const auto shaped = shape_of(t, 0);
  if (const auto* problem = std::get_if<ShapeError>(&shaped)) {
    result.diagnostics.push_back(error_at(location_of(file, text, t[problem->token]), problem->message));
    return result;
  }
  const StatementShape& shape = std::get<StatementShape>(shaped);
  SqlObjectFile parsed;
  parsed.location = location_of(file, text, t[0]);
  parsed.object.kind = shape.kind;
  if (shape.kind == SqlObjectKind::Trigger) {
    parsed.schema = identifier_name(t[shape.table_first]);
    parsed.object.table = identifier_name(t[shape.table_first + 2]);
    parsed.object.name = identifier_name(t[shape.name_first]);
  } else {
    parsed.schema = identifier_name(t[shape.name_first]);
    parsed.object.name = identifier_name(t[shape.name_last]);
  }
  parsed.object.definition = definition_text(all, statement[shape.kind_token], statement.back() + 1);
  parsed.declared = std::move(declared);
  collect_mentions(parsed.object.definition, parsed.mentioned);
  result.parsed.push_back(std::move(parsed));
  return result;
}

std::vector<Diagnostic> add_sql_objects(ModelGraph& graph, const std::vector<SqlObjectFile>& files) {
  std::vector<Diagnostic> diagnostics;
  std::set<std::string> known;
  for (const Schema& s : graph.schemas)
    for (const Table& table : s.tables) known.insert(qualified(s.name, table.name));
  for (const SqlObjectFile& f : files)
    if (f.object.kind != SqlObjectKind::Trigger) known.insert(qualified(f.schema, f.object.name));
  std::map<std::string, const SqlObjectFile*> seen;
  for (const SqlObjectFile& f : files) {
    const std::string id = describe(f.schema, f.object);
    const bool relation = f.object.kind == SqlObjectKind::View;
    if (relation && graph.find_table(f.schema, f.object.name)) {
      diagnostics.push_back(error_at(f.location, id + " has the name of a table of the models"));
      continue;
    }
    if (f.object.kind == SqlObjectKind::Trigger && !graph.find_table(f.schema, f.object.table)) {
      diagnostics.push_back(
          error_at(f.location, id + ": " + qualified(f.schema, f.object.table) + " is not a table of the models"));
      continue;
    }
    const std::string key = f.object.kind == SqlObjectKind::Trigger ? id : qualified(f.schema, f.object.name);
    if (auto [it, inserted] = seen.emplace(key, &f); !inserted) {
      diagnostics.push_back(error_at(f.location, id + " is also defined in " + it->second->location.file));
      continue;
    }
    SqlObject object = f.object;
    std::set<std::string> depends(f.declared.begin(), f.declared.end());
    for (const std::string& name : f.mentioned)
      if (known.count(name)) depends.insert(name);
    if (object.kind == SqlObjectKind::Trigger) depends.insert(qualified(f.schema, object.table));
    depends.erase(qualified(f.schema, object.name));
    object.depends.assign(depends.begin(), depends.end());
    graph.schema(f.schema).sql_objects.push_back(std::move(object));
  }
  graph.canonicalize();
  // A cycle: what the order could not place before its dependencies.
  const auto order = sql_objects_in_dependency_order(graph);
  std::set<std::string> placed;
  for (const auto& [schema, object] : order) {
    for (const std::string& d : object->depends) {
      const auto dot = d.find('.');
      const Schema* s = graph.find_schema(d.substr(0, dot));
      const bool is_object = s && std::any_of(s->sql_objects.begin(), s->sql_objects.end(), [&](const SqlObject& o) {
                               return o.kind != SqlObjectKind::Trigger && o.name == d.substr(dot + 1);
                             });
      if (is_object && !placed.count(d)) {
        const auto f = std::find_if(files.begin(), files.end(), [&](const SqlObjectFile& file) {
          return file.schema == schema && file.object.name == object->name && file.object.kind == object->kind;
        });
        diagnostics.push_back(error_at(f == files.end() ? SourceLocation{} : f->location,
                                       describe(schema, *object) + " is part of a dependency cycle through " + d));
        return diagnostics;
      }
    }
    if (object->kind != SqlObjectKind::Trigger) placed.insert(qualified(schema, object->name));
  }
  return diagnostics;
}

std::vector<std::pair<std::string, const SqlObject*>> sql_objects_in_dependency_order(const ModelGraph& graph) {
  using Entry = std::pair<std::string, const SqlObject*>;
  std::vector<Entry> pending;
  for (const Schema& s : graph.schemas)
    for (const SqlObject& o : s.sql_objects) pending.emplace_back(s.name, &o);
  std::stable_sort(pending.begin(), pending.end(), [](const Entry& a, const Entry& b) {
    return std::tie(a.second->kind, a.first, a.second->table, a.second->name) <
           std::tie(b.second->kind, b.first, b.second->table, b.second->name);
  });
  std::set<std::string> unplaced;
  for (const Entry& e : pending)
    if (e.second->kind != SqlObjectKind::Trigger) unplaced.insert(qualified(e.first, e.second->name));
  std::vector<Entry> order;
  while (!pending.empty()) {
    auto ready = std::find_if(pending.begin(), pending.end(), [&](const Entry& e) {
      return std::none_of(e.second->depends.begin(), e.second->depends.end(), [&](const std::string& d) {
        return unplaced.count(d) && d != qualified(e.first, e.second->name);
      });
    });
    if (ready == pending.end()) ready = pending.begin();  // a cycle
    if (ready->second->kind != SqlObjectKind::Trigger) unplaced.erase(qualified(ready->first, ready->second->name));
    order.push_back(*ready);
    pending.erase(ready);
  }
  return order;
}

namespace {

// The token keys of a definition's part that CREATE OR REPLACE cannot change; nullopt when the
// definition cannot be read (never replaced then).
std::optional<std::vector<std::string>> fixed_part(const SqlObject& object) {
  const std::vector<SqlToken> t = without_comments(object.definition);
  const auto shaped = shape_of(t, 0);
  if (!std::holds_alternative<StatementShape>(shaped)) return std::nullopt;
  const StatementShape& shape = std::get<StatementShape>(shaped);
  std::vector<std::string> keys;
  int depth = 0;
  if (object.kind == SqlObjectKind::View) {
    // Up to the top-level FROM: options, column names and the select list.
    for (std::size_t i = shape.name_last + 1; i < t.size(); ++i) {
      if (is_punct(t[i], "(")) ++depth;
      if (is_punct(t[i], ")")) --depth;
      if (depth == 0 && is_word(t[i], "from")) break;
      if (depth == 0 && t[i].kind == SqlTokenKind::Operator && t[i].text == "*") return std::nullopt;
      keys.push_back(token_key(t[i]));
    }
    return keys;
  }
  if (object.kind == SqlObjectKind::Function) {
    // The arguments and the result type.
    static const std::set<std::string> kOptions = {
        "language", "as",       "immutable", "stable",  "volatile",  "strict",   "called",
        "security", "parallel", "cost",      "rows",    "set",       "window",   "leakproof",
        "not",      "return",   "begin",     "support", "transform", "external", "returns"};
    std::size_t i = shape.name_last + 1;
    for (; i < t.size(); ++i) {
      if (is_punct(t[i], "(")) ++depth;
      if (is_punct(t[i], ")")) --depth;
      keys.push_back(token_key(t[i]));
      if (depth == 0) break;
    }
    for (++i; i < t.size(); ++i)
      if (is_word(t[i], "returns")) break;
    for (++i; i < t.size(); ++i) {
      if (is_punct(t[i], "(")) ++depth;
      if (is_punct(t[i], ")")) --depth;
      if (depth == 0 && ((t[i].kind == SqlTokenKind::Word && kOptions.count(lower(t[i].text))) ||
                         t[i].kind == SqlTokenKind::DollarString || t[i].kind == SqlTokenKind::String))
        break;
      keys.push_back(token_key(t[i]));
    }
    return keys;
  }
  return keys;  // a trigger: CREATE OR REPLACE TRIGGER replaces any definition on its table
}

}  // namespace

bool replaceable(const SqlObject& from, const SqlObject& to) {
  if (from.kind != to.kind || from.name != to.name || from.table != to.table) return false;
  const auto a = fixed_part(from);
  const auto b = fixed_part(to);
  return a && b && *a == *b;
}

std::string definition_named(const SqlObject& object, const std::string& qualified_name, const std::string& table) {
  const std::vector<SqlToken> t = without_comments(object.definition);
  const auto shaped = shape_of(t, 0);
  if (!std::holds_alternative<StatementShape>(shaped)) return object.definition;
  const StatementShape& shape = std::get<StatementShape>(shaped);
  const std::string_view text = object.definition;
  const auto offset = [&](const SqlToken& token) { return static_cast<std::size_t>(token.text.data() - text.data()); };
  const auto end_of = [&](const SqlToken& token) { return offset(token) + token.text.size(); };
  std::string out = std::string(text.substr(0, offset(t[shape.name_first]))) + qualified_name;
  std::size_t rest = end_of(t[shape.name_last]);
  if (shape.kind == SqlObjectKind::Trigger && !table.empty()) {  // ON schema '.' table
    out += text.substr(rest, offset(t[shape.table_first]) - rest);
    out += table;
    rest = end_of(t[shape.table_first + 2]);
  }
  return out + std::string(text.substr(rest));
}

}  // namespace strata

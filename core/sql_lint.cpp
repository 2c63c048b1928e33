#include "core/sql_lint.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>
#include <set>

#include "core/lint_rules.hpp"
#include "core/sql_expression.hpp"
#include "core/sql_lexer.hpp"
#include "core/sql_script.hpp"

namespace strata {
namespace {

using namespace lint_rule;

constexpr std::string_view kAllowMarker = "strata:allow";

std::string upper(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

struct Token {
  SqlTokenKind kind;
  std::string word;  // upper-cased for a Word, else empty
  std::string_view text;
  unsigned line;  // in the script
};

// A run of a statement's tokens (comments left out) read left to right.
class Cursor {
 public:
  Cursor(const Token* begin, const Token* end) : pos_(begin), end_(end) {}

  bool done() const { return pos_ == end_; }
  const Token* pos() const { return pos_; }
  const Token* end() const { return end_; }
  unsigned line() const { return done() ? (end_ - 1)->line : pos_->line; }
  bool at(std::string_view word) const { return !done() && pos_->kind == SqlTokenKind::Word && pos_->word == word; }
  bool at_any(std::initializer_list<std::string_view> words) const {
    return std::any_of(words.begin(), words.end(), [&](std::string_view w) { return at(w); });
  }
  bool accept(std::string_view word) {
    if (!at(word)) return false;
    ++pos_;
    return true;
  }
  // Accepts the words in order, or none of them.
  bool accept_all(std::initializer_list<std::string_view> words) {
    const Token* start = pos_;
    for (std::string_view w : words)
      if (!accept(w)) {
        pos_ = start;
        return false;
      }
    return true;
  }
  void skip() {
    if (!done()) ++pos_;
  }

  // An identifier as PostgreSQL folds it: unquoted lower-cased, quoted as written.
  std::string identifier() {
    if (done()) return {};
    const Token& t = *pos_++;
    return identifier_name(SqlToken{t.kind, t.text, t.line});
  }
  // schema.name, unqualified names in public (the default search_path).
  std::string table_name() {
    std::string first = identifier();
    if (!done() && pos_->text == ".") {
      ++pos_;
      return first + "." + identifier();
    }
    return "public." + first;
  }

  // Whether `words` follow one another at parenthesis depth 0 from here to the end.
  bool contains(std::initializer_list<std::string_view> words) const {
    int depth = 0;
    for (const Token* t = pos_; t != end_; ++t) {
      depth += depth_change(*t);
      if (depth != 0 || t + words.size() > end_) continue;
      bool match = true;
      const Token* u = t;
      for (std::string_view w : words) match = match && u->kind == SqlTokenKind::Word && (u++)->word == w;
      if (match) return true;
    }
    return false;
  }

  // The runs between commas at depth 0.
  std::vector<Cursor> split_commas() const {
    std::vector<Cursor> out;
    int depth = 0;
    const Token* start = pos_;
    for (const Token* t = pos_; t != end_; ++t) {
      depth += depth_change(*t);
      if (depth == 0 && t->text == ",") {
        out.emplace_back(start, t);
        start = t + 1;
      }
    }
    out.emplace_back(start, end_);
    return out;
  }

  // At "(": the run inside it, and this cursor moved past its ")".
  std::optional<Cursor> parenthesized() {
    if (done() || pos_->text != "(") return std::nullopt;
    int depth = 0;
    for (const Token* t = pos_; t != end_; ++t) {
      depth += depth_change(*t);
      if (depth == 0) {
        Cursor inside(pos_ + 1, t);
        pos_ = t + 1;
        return inside;
      }
    }
    return std::nullopt;
  }

  // The source text from here to `last` (exclusive).
  std::string_view source_to(const Token* last) const {
    if (pos_ == last) return {};
    const Token& back = *(last - 1);
    return {pos_->text.data(), static_cast<std::size_t>(back.text.data() + back.text.size() - pos_->text.data())};
  }

 private:
  static int depth_change(const Token& t) {
    if (t.kind != SqlTokenKind::Punctuation) return 0;
    return t.text == "(" || t.text == "[" ? 1 : t.text == ")" || t.text == "]" ? -1 : 0;
  }
  const Token* pos_;
  const Token* end_;
};

// What follows a column's name in its definition: its type, then its constraints.
struct ColumnDefinition {
  std::string name;
  std::string type;          // as written
  std::string type_word;     // the type's first word, upper-cased ("" for a quoted or qualified type)
  bool with_time_zone = false;
  bool varying = false;
  bool not_null = false;
  bool key = false;          // PRIMARY KEY or REFERENCES
  bool references = false;
  bool unique = false;
  bool check = false;
  bool generated = false;
  std::optional<std::string> default_expr;
};

bool is_constraint_word(const Cursor& c) {
  return c.at_any({"NOT", "NULL", "DEFAULT", "CONSTRAINT", "PRIMARY", "UNIQUE", "CHECK", "REFERENCES", "GENERATED",
                   "COLLATE"});
}

ColumnDefinition read_column(Cursor c) {
  ColumnDefinition column;
  column.name = c.identifier();
  const Cursor type_start = c;
  if (!c.done() && c.pos()->kind == SqlTokenKind::Word) column.type_word = c.pos()->word;
  while (!c.done() && !is_constraint_word(c)) {
    if (c.accept_all({"WITH", "TIME", "ZONE"})) {
      column.with_time_zone = true;
      continue;
    }
    if (c.accept("VARYING")) {
      column.varying = true;
      continue;
    }
    if (!c.parenthesized()) c.skip();
  }
  column.type = std::string(type_start.source_to(c.pos()));
  while (!c.done()) {
    if (c.accept_all({"NOT", "NULL"})) {
      column.not_null = true;
    } else if (c.accept("DEFAULT")) {
      const Cursor expr_start = c;
      while (!c.done() && !is_constraint_word(c))
        if (!c.parenthesized()) c.skip();
      column.default_expr = std::string(expr_start.source_to(c.pos()));
    } else if (c.accept("PRIMARY")) {
      column.key = true;
    } else if (c.accept("REFERENCES")) {
      column.key = column.references = true;
    } else if (c.accept("UNIQUE")) {
      column.unique = true;
    } else if (c.accept("CHECK")) {
      column.check = true;
    } else if (c.accept("GENERATED")) {
      column.generated = true;
    } else if (!c.parenthesized()) {
      c.skip();
    }
  }
  return column;
}

bool is_small_integer(const std::string& word) {
  static const std::set<std::string, std::less<>> words = {"INT",    "INTEGER", "INT4",        "SMALLINT", "INT2",
                                                            "SERIAL", "SERIAL4", "SMALLSERIAL", "SERIAL2"};
  return words.count(word) > 0;
}

class ScriptLinter {
 public:
  explicit ScriptLinter(std::vector<SqlLintFinding>& out) : out_(out) {}

  void statement(Cursor c) {
    if (c.accept("CREATE")) {
      c.accept_all({"OR", "REPLACE"});
      c.accept("UNIQUE");
      if (c.accept("INDEX")) return create_index(c);
      while (c.accept("UNLOGGED") || c.accept("TEMP") || c.accept("TEMPORARY") || c.accept("GLOBAL") ||
             c.accept("LOCAL")) {
      }
      if (c.accept("TABLE")) return create_table(c);
    } else if (c.accept("DROP")) {
      if (c.accept("INDEX")) {
        if (!c.at("CONCURRENTLY"))
          add(kConcurrentIndexDeletion, c.line(), "DROP INDEX without CONCURRENTLY blocks reads and writes of its table");
      } else if (c.accept("TABLE")) {
        c.accept_all({"IF", "EXISTS"});
        for (Cursor name : c.split_commas()) {
          const unsigned line = name.line();
          const std::string table = name.table_name();
          if (!is_new(table)) add(kDropTable, line, "dropping " + table + " breaks the application still reading it");
        }
      }
    } else if (c.accept_all({"ALTER", "TABLE"})) {
      c.accept_all({"IF", "EXISTS"});
      c.accept("ONLY");
      const std::string table = c.table_name();
      for (Cursor action : c.split_commas()) alter_table(table, action);
    }
  }

 private:
  void add(std::string_view rule, unsigned line, std::string message) {
    out_.push_back({std::string(rule), line, std::move(message)});
  }
  bool is_new(const std::string& table) const { return created_.count(table) > 0; }

  void create_index(Cursor c) {
    const bool concurrently = c.accept("CONCURRENTLY");
    while (!c.done() && !c.at("ON")) c.skip();
    if (!c.accept("ON")) return;
    c.accept("ONLY");
    const unsigned line = c.line();
    const std::string table = c.table_name();
    if (!concurrently && !is_new(table))
      add(kConcurrentIndexCreation, line,
          "CREATE INDEX on " + table + " without CONCURRENTLY blocks writes to it while the index builds");
  }

  void create_table(Cursor c) {
    c.accept_all({"IF", "NOT", "EXISTS"});
    const std::string table = c.table_name();
    created_.insert(table);
    const std::optional<Cursor> elements = c.parenthesized();
    if (!elements) return;  // AS SELECT, PARTITION OF, ...
    std::vector<std::pair<ColumnDefinition, unsigned>> columns;
    std::set<std::string> keys;
    for (Cursor element : elements->split_commas()) {
      if (element.done()) continue;
      const unsigned line = element.line();
      if (element.at_any({"CONSTRAINT", "PRIMARY", "UNIQUE", "CHECK", "FOREIGN", "EXCLUDE", "LIKE"})) {
        if (element.accept("CONSTRAINT")) element.identifier();
        if (element.accept_all({"PRIMARY", "KEY"}) || element.accept_all({"FOREIGN", "KEY"}))
          if (std::optional<Cursor> list = element.parenthesized())
            for (Cursor name : list->split_commas()) keys.insert(name.identifier());
        continue;
      }
      columns.emplace_back(read_column(element), line);
    }
    for (auto& [column, line] : columns) {
      column.key = column.key || keys.count(column.name) > 0;
      column_type(table, column, line);
    }
  }

  // The rules on a column's type, wherever a column is defined.
  void column_type(const std::string& table, const ColumnDefinition& column, unsigned line) {
    const std::string subject = table + "." + column.name;
    if (column.key && is_small_integer(column.type_word))
      add(kBigint, line, "key column " + subject + " is " + column.type + ": use bigint, a 32-bit key runs out");
    if (column.type_word == "TIMESTAMP" && !column.with_time_zone)
      add(kTimestamptz, line, "column " + subject + " is " + column.type + " (without time zone): use timestamptz");
    if ((column.type_word == "CHAR" || column.type_word == "CHARACTER" || column.type_word == "BPCHAR") &&
        !column.varying)
      add(kCharField, line, "column " + subject + " is " + column.type + " (blank-padded): use text or varchar");
  }

  void alter_table(const std::string& table, Cursor c) {
    const unsigned line = c.line();
    const bool existing = !is_new(table);
    if (c.accept("RENAME")) {
      if (c.accept("TO")) {
        const std::string to = c.identifier();
        if (existing) add(kRenamingTable, line, "renaming " + table + " breaks the application still using the old name");
        const std::string schema = table.substr(0, table.find('.'));
        if (!existing) created_.insert(schema + "." + to);
      } else if (!c.at("CONSTRAINT")) {
        c.accept("COLUMN");
        const std::string column = c.identifier();
        if (existing)
          add(kRenamingColumn, line,
              "renaming " + table + "." + column + " breaks the application still using the old name");
      }
    } else if (c.accept("ADD")) {
      if (c.at_any({"CONSTRAINT", "CHECK", "FOREIGN", "UNIQUE", "PRIMARY", "EXCLUDE"})) return add_constraint(table, c);
      c.accept("COLUMN");
      c.accept_all({"IF", "NOT", "EXISTS"});
      add_column(table, read_column(c), line, existing);
    } else if (c.accept("ALTER")) {
      c.accept("COLUMN");
      const std::string subject = table + "." + c.identifier();
      if (!existing) return;
      if (c.accept_all({"SET", "DATA", "TYPE"}) || c.accept("TYPE"))
        add(kColumnType, line,
            "changing the type of " + subject +
                " takes an ACCESS EXCLUSIVE lock (and rewrites the table unless it only widens a varchar or numeric)");
      else if (c.accept_all({"SET", "NOT", "NULL"}) && validated_not_null_.count(subject) == 0)
        add(kNotNullable, line,
            "SET NOT NULL on " + subject +
                " scans the table under an ACCESS EXCLUSIVE lock: add CHECK (... IS NOT NULL) NOT VALID, VALIDATE it, "
                "then SET NOT NULL");
    } else if (c.accept_all({"SET", "SCHEMA"})) {
      const std::string to = c.identifier();
      if (existing)
        add(kRenamingTable, line,
            "moving " + table + " to schema " + to + " breaks the application still using the old name");
    } else if (c.accept_all({"VALIDATE", "CONSTRAINT"})) {
      const auto check = not_null_checks_.find(table + "." + c.identifier());
      if (check != not_null_checks_.end()) validated_not_null_.insert(check->second);
    } else if (c.accept("DROP")) {
      if (c.at("CONSTRAINT")) return;
      c.accept("COLUMN");
      c.accept_all({"IF", "EXISTS"});
      const std::string subject = table + "." + c.identifier();
      if (existing) add(kDropColumn, line, "dropping " + subject + " breaks the application still reading it");
    }
  }

  void add_constraint(const std::string& table, Cursor c) {
    if (is_new(table)) return;
    const unsigned line = c.line();
    const bool not_valid = c.contains({"NOT", "VALID"});
    const std::string name = c.accept("CONSTRAINT") ? c.identifier() : std::string();
    not_null_check(table, name, c, not_valid);
    if (c.at("CHECK") && !not_valid)
      add(kMissingNotValid, line,
          "CHECK on " + table + " is validated under an ACCESS EXCLUSIVE lock: add it NOT VALID, then VALIDATE");
    if (c.at("FOREIGN") && !not_valid) {
      add(kForeignKey, line,
          "foreign key on " + table + " locks it and the referenced table while it validates every row");
      add(kMissingNotValid, line, "foreign key on " + table + ": add it NOT VALID, then VALIDATE");
    }
    // UNIQUE and PRIMARY KEY cannot be NOT VALID; squawk flags them under constraint-missing-not-valid
    // too, unless they adopt an index built concurrently.
    if (c.at_any({"UNIQUE", "PRIMARY", "EXCLUDE"}) && !c.contains({"USING", "INDEX"})) {
      const std::string what = c.at("UNIQUE") ? "UNIQUE" : c.at("PRIMARY") ? "PRIMARY KEY" : "EXCLUDE";
      if (what == "UNIQUE")
        add(kUnique, line, "UNIQUE on " + table + " builds its index under an ACCESS EXCLUSIVE lock");
      add(kMissingNotValid, line,
          what + " on " + table + " is built and checked under an ACCESS EXCLUSIVE lock: build a unique index " +
              "CONCURRENTLY, then ADD CONSTRAINT ... " + what + " USING INDEX");
    }
  }

  // CHECK (col IS NOT NULL), remembered so that SET NOT NULL after it is validated is not
  // flagged: PostgreSQL then skips the scan (squawk judges it the same way).
  void not_null_check(const std::string& table, const std::string& name, Cursor c, bool not_valid) {
    if (!c.accept("CHECK")) return;
    std::optional<Cursor> body = c.parenthesized();
    if (!body) return;
    const std::string column = body->identifier();
    if (!body->accept_all({"IS", "NOT", "NULL"}) || !body->done()) return;
    if (not_valid)
      not_null_checks_[table + "." + name] = table + "." + column;
    else
      validated_not_null_.insert(table + "." + column);
  }

  void add_column(const std::string& table, const ColumnDefinition& column, unsigned line, bool existing) {
    column_type(table, column, line);
    if (!existing) return;
    const std::string subject = table + "." + column.name;
    if (column.not_null && !column.default_expr && !column.generated)
      add(kNotNullable, line, "adding NOT NULL column " + subject + " without a default fails on a table with rows");
    if (column.default_expr && is_volatile_expression(*column.default_expr))
      add(kFieldWithDefault, line,
          "adding " + subject + " with a volatile default rewrites the table under an ACCESS EXCLUSIVE lock");
    if (column.references) {
      add(kForeignKey, line, "foreign key on " + subject + " locks " + table + " and the referenced table");
    }
    if (column.unique) add(kUnique, line, "UNIQUE on " + subject + " builds its index under an ACCESS EXCLUSIVE lock");
    if (column.check)
      add(kMissingNotValid, line, "CHECK on " + subject + " is validated under an ACCESS EXCLUSIVE lock");
  }

  std::vector<SqlLintFinding>& out_;
  std::set<std::string> created_;
  std::map<std::string, std::string> not_null_checks_;  // "schema.table.constraint" -> "schema.table.column"
  std::set<std::string> validated_not_null_;            // "schema.table.column"
};

// The rules named by `-- strata:allow a b, c` ("" when the comment is something else).
std::optional<std::vector<std::string>> allowed_rules(std::string_view comment) {
  comment.remove_prefix(2);  // --
  while (!comment.empty() && std::isspace(static_cast<unsigned char>(comment.front()))) comment.remove_prefix(1);
  if (comment.substr(0, kAllowMarker.size()) != kAllowMarker) return std::nullopt;
  comment.remove_prefix(kAllowMarker.size());
  std::vector<std::string> rules;
  std::string rule;
  for (char c : comment) {
    if (std::isspace(static_cast<unsigned char>(c)) || c == ',') {
      if (!rule.empty()) rules.push_back(std::move(rule));
      rule.clear();
    } else {
      rule += c;
    }
  }
  if (!rule.empty()) rules.push_back(std::move(rule));
  return rules;
}

}  // namespace

SqlLint lint_sql(std::string_view script) {
  const std::vector<ScriptStatement> statements = split_statements(script);
  std::vector<unsigned> last_line;  // of each statement
  for (const ScriptStatement& statement : statements)
    last_line.push_back(statement.line + static_cast<unsigned>(std::count(statement.text.begin(), statement.text.end(), '\n')));

  SqlLint result;
  // Each allow comment acknowledges its rules for the statement it precedes or is inside.
  std::vector<std::set<std::string>> allowed(statements.size());
  const std::vector<std::string_view>& known = lint_rule_names();
  for (const SqlToken& token : lex_sql(script)) {
    if (token.kind != SqlTokenKind::LineComment) continue;
    const std::optional<std::vector<std::string>> rules = allowed_rules(token.text);
    if (!rules) continue;
    const auto statement = std::lower_bound(last_line.begin(), last_line.end(), token.line);
    for (const std::string& rule : *rules) {
      if (std::find(known.begin(), known.end(), rule) == known.end())
        result.unknown_rules.push_back({rule, token.line, "strata:allow names an unknown rule \"" + rule + "\""});
      else if (statement != last_line.end())
        allowed[static_cast<std::size_t>(statement - last_line.begin())].insert(rule);
    }
  }

  std::vector<SqlLintFinding> findings;
  ScriptLinter linter(findings);
  for (std::size_t i = 0; i < statements.size(); ++i) {
    std::vector<Token> tokens;
    for (const SqlToken& t : lex_sql(statements[i].text)) {
      if (t.kind == SqlTokenKind::LineComment || t.kind == SqlTokenKind::BlockComment) continue;
      tokens.push_back({t.kind, t.kind == SqlTokenKind::Word ? upper(t.text) : std::string(), t.text,
                        statements[i].line + t.line - 1});
    }
    findings.clear();
    if (!tokens.empty()) linter.statement(Cursor(tokens.data(), tokens.data() + tokens.size()));
    for (SqlLintFinding& finding : findings)
      if (allowed[i].count(finding.rule) == 0) result.findings.push_back(std::move(finding));
  }
  return result;
}

}  // namespace strata

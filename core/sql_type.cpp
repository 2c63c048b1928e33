#include "core/sql_type.hpp"

#include <cctype>
#include <map>
#include <optional>
#include <vector>

#include "core/sql_lexer.hpp"
#include "core/trim.hpp"

namespace strata {
namespace {

bool is_space(char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; }
char lower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

// Removes trailing array markers ("[]", "[3]", " ARRAY", " ARRAY[3]"); PostgreSQL does not keep
// array dimensions in the type, so every array is spelled with one "[]".
bool strip_array_suffix(std::string_view& text) {
  bool is_array = false;
  for (;;) {
    text = trim(text);
    if (!text.empty() && text.back() == ']') {
      std::size_t open = text.rfind('[');
      if (open == std::string_view::npos) break;
      text = text.substr(0, open);
      is_array = true;
      continue;
    }
    if (text.size() > 5) {
      std::string_view tail = text.substr(text.size() - 5);
      bool is_array_keyword = is_space(text[text.size() - 6]);
      for (std::size_t i = 0; i < 5 && is_array_keyword; ++i) is_array_keyword = lower(tail[i]) == "array"[i];
      if (is_array_keyword) {
        text = text.substr(0, text.size() - 5);
        is_array = true;
        continue;
      }
    }
    break;
  }
  return is_array;
}

// A name with quoted parts ("Audit"."Kind", audit.kind): unquoted parts folded to lower case
// like PostgreSQL folds them, every part quoted.
std::string canonical_qualified_name(std::string_view text) {
  std::vector<std::string> parts(1);
  bool quoted = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        parts.back() += "\"\"";
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        parts.back() += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == '.') {
      parts.emplace_back();
    } else if (!is_space(c)) {
      parts.back() += lower(c);
    }
  }
  std::string out;
  for (const std::string& part : parts) {
    if (!out.empty()) out += '.';
    out += '"' + part + '"';
  }
  return out;
}

struct SplitType {
  std::string words;                    // lower case, single spaces: "timestamp with time zone"
  std::optional<std::string> modifier;  // without parentheses or spaces: "10,2"
};

SplitType split_type(std::string_view text) {
  SplitType out;
  std::string word;
  auto flush = [&] {
    if (word.empty()) return;
    if (!out.words.empty()) out.words += ' ';
    out.words += word;
    word.clear();
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '(') {
      flush();
      std::size_t close = text.find(')', i);
      if (close == std::string_view::npos) close = text.size();
      std::string modifier;
      for (char m : text.substr(i + 1, close - i - 1))
        if (!is_space(m)) modifier += lower(m);
      out.modifier = modifier;
      i = close;
    } else if (is_space(c)) {
      flush();
    } else {
      word += lower(c);
    }
  }
  flush();
  return out;
}

std::string with_modifier(const std::string& base, const std::optional<std::string>& modifier) {
  return modifier ? base + "(" + *modifier + ")" : base;
}

std::string canonical_scalar(std::string_view text) {
  if (text.find('"') != std::string_view::npos) return canonical_qualified_name(text);
  SplitType type = split_type(text);
  const std::string& w = type.words;
  const std::optional<std::string>& mod = type.modifier;

  static const std::map<std::string, std::string> kPlainAliases = {
      {"int", "integer"},
      {"int4", "integer"},
      {"integer", "integer"},
      {"int2", "smallint"},
      {"smallint", "smallint"},
      {"int8", "bigint"},
      {"bigint", "bigint"},
      {"bool", "boolean"},
      {"boolean", "boolean"},
      {"float4", "real"},
      {"real", "real"},
      {"float8", "double precision"},
      {"double precision", "double precision"},
  };
  if (!mod) {
    if (auto it = kPlainAliases.find(w); it != kPlainAliases.end()) return it->second;
  }
  if (w == "float") {
    if (!mod) return "double precision";
    try {
      return std::stoi(*mod) <= 24 ? "real" : "double precision";
    } catch (const std::exception&) {
      return with_modifier(w, mod);
    }
  }
  if (w == "decimal" || w == "numeric") return with_modifier("numeric", mod);
  if (w == "varchar" || w == "character varying" || w == "char varying") return with_modifier("character varying", mod);
  if (w == "char" || w == "character") return with_modifier("character", mod ? mod : std::optional<std::string>("1"));
  if (w == "varbit" || w == "bit varying") return with_modifier("bit varying", mod);
  if (w == "bit") return with_modifier("bit", mod ? mod : std::optional<std::string>("1"));
  if (w == "timestamp" || w == "timestamp without time zone")
    return with_modifier("timestamp", mod) + " without time zone";
  if (w == "timestamptz" || w == "timestamp with time zone") return with_modifier("timestamp", mod) + " with time zone";
  if (w == "time" || w == "time without time zone") return with_modifier("time", mod) + " without time zone";
  if (w == "timetz" || w == "time with time zone") return with_modifier("time", mod) + " with time zone";
  if (!mod && w.find('.') != std::string::npos && w.find(' ') == std::string::npos) return canonical_qualified_name(w);
  return with_modifier(w, mod);
}

// Words that begin a column clause, never part of a type, with the annotation that says it.
const std::map<std::string, std::string, std::less<>>& column_clause_words() {
  static const std::map<std::string, std::string, std::less<>> words = {
      {"GENERATED", "STRATA_GENERATED or STRATA_IDENTITY"},
      {"DEFAULT", "STRATA_DEFAULT"},
      {"NOT", "std::optional for a nullable column, a plain member for NOT NULL"},
      {"NULL", "std::optional for a nullable column, a plain member for NOT NULL"},
      {"REFERENCES", "STRATA_FK"},
      {"PRIMARY", "STRATA_PK"},
      {"UNIQUE", "STRATA_UNIQUE"},
      {"CHECK", "STRATA_CHECK"},
      {"CONSTRAINT", "the constraint's own annotation"},
      {"COLLATE", "a collation on the column (not supported: use a type without one)"},
      {"AS", "STRATA_GENERATED"},
  };
  return words;
}

}  // namespace

std::string canonical_sql_type(std::string_view type) {
  std::string_view text = trim(type);
  bool is_array = strip_array_suffix(text);
  std::string scalar = canonical_scalar(text);
  return is_array ? array_sql_type(scalar) : scalar;
}

std::string enum_sql_type(std::string_view schema, std::string_view name) {
  auto quote = [](std::string_view identifier) {
    std::string out = "\"";
    for (char c : identifier) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
  };
  return quote(schema) + "." + quote(name);
}

std::string array_sql_type(std::string_view element_type) { return std::string(element_type) + "[]"; }

std::optional<std::string> sql_type_problem(std::string_view type) {
  const std::vector<SqlToken> tokens = lex_sql(type);
  if (tokens.empty()) return "the type is empty";
  int depth = 0;
  for (const SqlToken& token : tokens) {
    switch (token.kind) {
      case SqlTokenKind::Word: {
        std::string word(token.text);
        for (char& c : word) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        const auto clause = column_clause_words().find(word);
        if (depth == 0 && clause != column_clause_words().end())
          return "`" + std::string(token.text) + "` begins a column clause, not part of a type; say it with " +
                 clause->second;
        break;
      }
      case SqlTokenKind::QuotedIdentifier:
        break;
      case SqlTokenKind::Number:
        if (depth == 0) return "a number outside parentheses or brackets: `" + std::string(token.text) + "`";
        break;
      case SqlTokenKind::Punctuation:
        if (token.text == "(" || token.text == "[") ++depth;
        else if (token.text == ")" || token.text == "]") --depth;
        else if (token.text != "." && token.text != ",") return "`" + std::string(token.text) + "` in a type";
        if (depth < 0) return "unbalanced `" + std::string(token.text) + "`";
        break;
      default:
        return std::string("a ") + describe(token.kind) + " in a type: `" + std::string(token.text) + "`";
    }
  }
  if (depth != 0) return "unbalanced parentheses or brackets";
  return std::nullopt;
}

}  // namespace strata

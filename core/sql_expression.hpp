// Annotations that are SQL (a default, a check, a type; later index expressions, predicates,
// policies) are pasted into statements as written. They must be exactly one expression, so
// that text in a model cannot end the statement it is pasted into and start another.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace strata {

// Why `sql` is not one expression, or nullopt: a ';' outside quotes, a quote or comment left
// open, a comment (it could hide the rest of the statement it is pasted into), unbalanced
// parentheses, a NUL byte.
std::optional<std::string> single_expression_problem(std::string_view sql);

// `expression` (read with standard_conforming_strings on, PostgreSQL's default and how Strata
// reads annotations) with every '...' string that holds a backslash written as E'...' with the
// backslashes doubled: the same value, but now also with standard_conforming_strings off, where
// 'C:\' would escape its closing quote and let the rest of the text run as SQL.
std::string portable_expression(std::string_view expression);

// Whether `expression` calls a volatile function PostgreSQL evaluates once per row
// (gen_random_uuid(), random(), clock_timestamp(), nextval(), uuid_generate_v4(), ...): as a
// column's default, ADD COLUMN then rewrites the table to store a value per row. now() and
// constants are evaluated once (stable), and ADD COLUMN stores them without a rewrite.
bool is_volatile_expression(std::string_view expression);

}  // namespace strata

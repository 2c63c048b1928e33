// What can go wrong when an operation runs on a database that holds data: the generator refuses
// Destructive operations unless allowed, and prints Warnings.
#pragma once

#include <string>
#include <vector>

#include "core/model_graph.hpp"
#include "core/operation.hpp"

namespace strata {

struct Risk {
  enum Kind { Destructive, Warning };
  Kind kind = Warning;
  std::string message;  // names the object: "drop column public.users.locale: its data is lost"
  bool operator==(const Risk&) const = default;
};

// The risks of `op` run on a database whose schema is `from` (the graph just before `op`; a
// table absent from `from` is new and holds no rows, so locking and validation are no concern).
std::vector<Risk> assess(const Operation& op, const ModelGraph& from);

// The risks of a whole plan run on `from`: each operation is assessed against the graph as the
// plan has made it so far, and tables the plan creates count as new throughout. One list per
// operation, in the plan's order, so each risk can be reported beside its statement.
std::vector<std::vector<Risk>> assess(const std::vector<Operation>& ops, const ModelGraph& from);

// Whether changing a column from type `from` to type `to` (canonical spellings) keeps every
// value: varchar(n) -> varchar(m >= n) or text, smallint -> integer -> bigint -> numeric,
// real -> double precision, numeric(p,s) -> numeric(p2 >= p, s) or numeric, an enum -> text,
// and the same for arrays of those.
bool is_widening(const std::string& from, const std::string& to);
// Whether PostgreSQL rewrites the table (and its indexes) for that type change: every change
// except varchar(n) -> varchar(m >= n) / text, text -> varchar, and a numeric precision increase.
bool rewrites_table(const std::string& from, const std::string& to);

}  // namespace strata

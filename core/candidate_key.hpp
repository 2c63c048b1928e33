// The keys of a table a foreign key can rest on: its primary key, unique constraints and unique
// indexes.
#pragma once

#include <string>
#include <vector>

#include "core/model_graph.hpp"

namespace strata {

struct CandidateKey {
  enum class Kind { PrimaryKey, Unique, UniqueIndex } kind;
  std::string name;
  std::vector<std::string> columns;
};

bool has_primary_key(const Table& t);

std::vector<CandidateKey> candidate_keys(const Table& t);

// Whether `t` has a key over `columns` (in any order) created inline with the table: a primary
// key or unique constraint (an index is not: it follows the table).
bool has_constraint_key(const Table& t, const std::vector<std::string>& columns);

}  // namespace strata

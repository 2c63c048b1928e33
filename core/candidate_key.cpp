#include "core/candidate_key.hpp"

#include "core/index_key.hpp"
#include "core/same_set.hpp"

namespace strata {

bool has_primary_key(const Table& t) { return !t.primary_key.name.empty() || !t.primary_key.columns.empty(); }

std::vector<CandidateKey> candidate_keys(const Table& t) {
  std::vector<CandidateKey> keys;
  if (has_primary_key(t)) keys.push_back({CandidateKey::Kind::PrimaryKey, t.primary_key.name, t.primary_key.columns});
  for (const auto& u : t.uniques) keys.push_back({CandidateKey::Kind::Unique, u.name, u.columns});
  for (const auto& i : t.indexes)
    if (is_plain_unique_index(i)) keys.push_back({CandidateKey::Kind::UniqueIndex, i.name, i.columns});
  return keys;
}

bool has_constraint_key(const Table& t, const std::vector<std::string>& columns) {
  for (const CandidateKey& k : candidate_keys(t))
    if (k.kind != CandidateKey::Kind::UniqueIndex && same_set(k.columns, columns)) return true;
  return false;
}

}  // namespace strata

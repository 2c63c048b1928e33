// Revision ids: "NNNN_slug", a 4-digit sequence number and lowercase words from the change.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace strata {

inline constexpr std::size_t kMaxSlugLength = 40;
inline constexpr int kMaxRevisionNumber = 9999;

// Lowercase ASCII words of `message` joined by "_" ([a-z0-9_], no leading, trailing or doubled
// "_"), whole words up to kMaxSlugLength characters (a longer first word is cut). When the
// message gives no word, the same from `fallback_words`; when neither does, "revision".
std::string make_slug(std::string_view message, const std::vector<std::string>& fallback_words = {});

// "0003_add_tenant_region". Throws MigrationSetError outside 1..kMaxRevisionNumber.
std::string make_revision_id(int number, std::string_view slug);

// True for "NNNN_slug" as make_revision_id writes it.
bool is_revision_id(std::string_view id);

// The sequence number of an id (its first four digits), nullopt when it is not one.
std::optional<int> revision_number(std::string_view id);

// The C++ namespace holding a revision's RevisionInfo and hooks: "r0003_add_tenant_region", in
// namespace strata::revisions. Ids are [0-9a-z_] and start with a digit, hence the prefix.
std::string revision_namespace(std::string_view id);

}  // namespace strata

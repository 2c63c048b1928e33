// index_vocabulary, before: users and roles without the issue-14 keys
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <strata/annotate.hpp>

namespace model_pairs {

struct STRATA_TABLE("roles") STRATA_UNIQUE_TOGETHER("uq_roles_tenant_name", "tenant_id, name") Role {
  STRATA_PK STRATA_IDENTITY std::int64_t id;
  std::optional<std::int64_t> tenant_id;
  std::string name;
};

struct STRATA_TABLE("users") User {
  STRATA_PK STRATA_IDENTITY std::int64_t id;
  std::int64_t tenant_id;
  STRATA_LENGTH(254) std::string email;
  std::string name;
  std::optional<std::chrono::system_clock::time_point> deleted_at;
  std::optional<std::chrono::system_clock::time_point> created_at;
  std::optional<std::vector<std::string>> tags;
};

}  // namespace model_pairs

// Table public.delete, written by `strata-gen import`.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <strata/annotate.hpp>

#include "../class_/enums.hpp"
#include "enums.hpp"

namespace models::public_ {

struct STRATA_TABLE("delete")
    STRATA_COMMENT("a table named like a keyword; it's \"quoted\" \\ too")
    STRATA_UNIQUE_TOGETHER("uq_named", "qty, price")
    STRATA_NULLS_NOT_DISTINCT("uq_named")
    STRATA_INDEX("ix_expr", "(abs(qty)), at DESC NULLS LAST")
    STRATA_INDEX_WHERE("ix_expr", "qty > 1")
    STRATA_INDEX_INCLUDE("ix_expr", "price")
    STRATA_INDEX("ix_tags", "tags")
    STRATA_INDEX_USING("ix_tags", "gin")
    STRATA_UNIQUE_INDEX("ux_nnd", "price, qty")
    STRATA_NULLS_NOT_DISTINCT("ux_nnd")
    STRATA_FOREIGN_KEY("fk_parent", "parent_qty, parent_id", "public.id_and_qty(qty, id)")
    STRATA_FOREIGN_KEY_ON_DELETE("fk_parent", "cascade")
    STRATA_FOREIGN_KEY_ON_UPDATE("fk_parent", "restrict")
    STRATA_CHECK_TABLE("ck_total", "total IS NULL OR total >= 0::numeric")
    STRATA_ROW_SECURITY
    STRATA_POLICY("p_all", "ALL", "qty > 0")
    STRATA_POLICY_CHECK("p_all", "qty < 100")
    STRATA_POLICY_ROLES("p_all", "app_user, reporting")
    STRATA_POLICY("p_insert", "INSERT", "")
    STRATA_POLICY_CHECK("p_insert", "true")
    delete_ {
  STRATA_PK STRATA_IDENTITY
  std::int64_t id;

  STRATA_COLUMN("delete")
  std::optional<std::string> delete_2;

  STRATA_COLUMN("class") STRATA_LENGTH(12) STRATA_UNIQUE STRATA_DEFAULT("'x'::character varying")
  std::string class_;

  STRATA_COLUMN("2fa") STRATA_DEFAULT("false")
  bool c_2fa;

  STRATA_DEFAULT("'new'::order_status")
  OrderStatus status;

  std::optional<std::vector<OrderStatus>> statuses;

  std::optional<class_::Kind> kind;

  STRATA_TYPE("numeric(12,2)")
  std::string price;

  STRATA_CHECK("qty > 0")
  std::int32_t qty;

  STRATA_TYPE("numeric") STRATA_GENERATED("(price * qty::numeric)") STRATA_COMMENT("A comment")
  std::optional<std::string> total;

  std::optional<std::vector<std::string>> tags;

  std::optional<std::vector<std::uint8_t>> blob;

  STRATA_INDEXED STRATA_DEFAULT("now()")
  std::chrono::system_clock::time_point at;

  STRATA_TYPE("timestamp without time zone")
  std::optional<std::string> at_local;

  STRATA_FK("delete.id") STRATA_ON_DELETE("set null")
  std::optional<std::int64_t> parent_id;

  std::optional<std::int32_t> parent_qty;
};

}  // namespace models::public_

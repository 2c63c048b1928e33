// A model graph that uses every feature the inspector must read back: two schemas, enums (and an
// array of one), identity, composite primary key, foreign keys across schemas with actions,
// uniques, checks, indexes (multi-column, unique, on an FK), comments, arrays, varchar(n),
// numeric(p,s) and defaults written the way a model writes them (the server respells them).
#pragma once

#include "core/model_graph.hpp"
#include "core/sql_type.hpp"

namespace strata::test {

inline Column column(std::string name, std::string type, bool nullable = false) {
  Column c;
  c.name = std::move(name);
  c.type = std::move(type);
  c.nullable = nullable;
  return c;
}

inline Column with_default(Column c, std::string expression) {
  c.default_expr = std::move(expression);
  return c;
}

inline Column with_comment(Column c, std::string comment) {
  c.comment = std::move(comment);
  return c;
}

inline Column identity(Column c) {
  c.identity = true;
  return c;
}

inline ModelGraph rich_model_graph() {
  ModelGraph graph;
  Schema& pub = graph.schema("public");
  pub.enums.push_back({"tenant_plan", {"free", "pro", "enterprise"}});
  pub.enums.push_back({"member_role", {"owner", "admin", "viewer"}});

  Table tenants;
  tenants.name = "tenants";
  tenants.comment = "Customer organisations";
  tenants.columns = {
      identity(column("id", "bigint")),
      with_comment(column("name", "character varying(200)"), "Display name"),
      column("slug", "text"),
      with_default(column("plan", enum_sql_type("public", "tenant_plan")), "'free'"),
      with_default(column("status", "character varying(20)"), "'active'"),
      with_default(column("created_at", "timestamp with time zone"), "now()"),
      column("tags", "text[]", true),
      with_default(column("seats", "integer"), "5"),
      column("price", "numeric(10,2)", true),
  };
  tenants.primary_key = {"pk_tenants", {"id"}};
  tenants.uniques = {{"uq_tenants_slug", {"slug"}}};
  tenants.checks = {{"ck_tenants_seats", "seats > 0 AND seats <= 10000"},
                    {"ck_tenants_status", "status IN ('active', 'suspended')"}};
  tenants.indexes = {{"ix_tenants_created_at", {"created_at"}, false}};
  pub.tables.push_back(tenants);

  Table users;
  users.name = "users";
  users.columns = {
      with_default(column("id", "uuid"), "gen_random_uuid()"),
      column("tenant_id", "bigint"),
      column("email", "character varying(320)"),
      column("roles", array_sql_type(enum_sql_type("public", "member_role")), true),
      with_default(column("score", "double precision"), "0"),
      with_default(column("active", "boolean"), "true"),
      column("created_at", "timestamp with time zone"),
      column("avatar", "bytea", true),
  };
  users.primary_key = {"pk_users", {"id"}};
  users.uniques = {{"uq_users_tenant_email", {"tenant_id", "email"}}};
  users.checks = {{"ck_users_score", "score >= 0"}};
  users.foreign_keys = {{"fk_users_tenant_id_tenants", {"tenant_id"}, "public", "tenants", {"id"},
                         FkAction::Cascade, FkAction::NoAction}};
  users.indexes = {{"ix_users_tenant_created", {"tenant_id", "created_at"}, false},
                   {"ux_users_email_tenant", {"email", "tenant_id"}, true}};
  pub.tables.push_back(users);

  Table memberships;
  memberships.name = "memberships";
  memberships.comment = "Which user holds which role in which tenant";
  memberships.columns = {
      column("user_id", "uuid"),
      column("tenant_id", "bigint"),
      with_default(column("role", enum_sql_type("public", "member_role")), "'viewer'::member_role"),
      column("granted_by", "uuid", true),
  };
  memberships.primary_key = {"pk_memberships", {"user_id", "tenant_id"}};
  memberships.foreign_keys = {
      {"fk_memberships_granted_by_users", {"granted_by"}, "public", "users", {"id"}, FkAction::SetNull,
       FkAction::NoAction},
      {"fk_memberships_tenant_id_tenants", {"tenant_id"}, "public", "tenants", {"id"}, FkAction::Restrict,
       FkAction::Cascade},
      {"fk_memberships_user_id_users", {"user_id"}, "public", "users", {"id"}, FkAction::Cascade,
       FkAction::Restrict},
  };
  memberships.indexes = {{"ix_memberships_tenant_id", {"tenant_id"}, false}};
  pub.tables.push_back(memberships);

  Schema& audit = graph.schema("audit");
  audit.enums.push_back({"event_kind", {"login", "logout", "export"}});

  Table events;
  events.name = "audit_events";
  events.comment = "Compliance journal";
  events.columns = {
      identity(column("id", "bigint")),
      column("tenant_id", "bigint", true),
      column("actor_id", "uuid", true),
      column("kind", enum_sql_type("audit", "event_kind")),
      column("payload", "jsonb", true),
      with_default(column("occurred_at", "timestamp with time zone"), "CURRENT_TIMESTAMP"),
      with_default(column("severity", "smallint"), "0"),
      with_comment(column("ip", "inet", true), "Client address"),
      column("ratios", "real[]", true),
  };
  events.primary_key = {"pk_audit_events", {"id"}};
  events.checks = {{"ck_audit_events_severity", "severity BETWEEN 0 AND 7"}};
  events.foreign_keys = {
      {"fk_audit_events_actor_id_users", {"actor_id"}, "public", "users", {"id"}, FkAction::SetNull,
       FkAction::NoAction},
      {"fk_audit_events_tenant_id_tenants", {"tenant_id"}, "public", "tenants", {"id"}, FkAction::SetDefault,
       FkAction::NoAction},
  };
  events.indexes = {{"ix_audit_events_tenant_occurred", {"tenant_id", "occurred_at"}, false}};
  audit.tables.push_back(events);

  graph.canonicalize();
  return graph;
}

}  // namespace strata::test

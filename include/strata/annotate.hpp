// The annotation vocabulary of Strata (DESIGN.md, "The annotation vocabulary").
//
// Each macro becomes [[clang::annotate("strata:<key>=<value>")]] when the scanner (clang) reads the
// models, and nothing under other compilers, so model headers stay plain structs that g++ builds
// warning-free. Multi-part values are joined with '|' (a character no SQL identifier list needs).
#pragma once

#if defined(__clang__)
#define STRATA_ANNOTATE_(kv) [[clang::annotate(kv)]]
#else
#define STRATA_ANNOTATE_(kv)
#endif

// On a struct (between `struct` and its name) or an enum (between `enum class` and its name).
#define STRATA_TABLE(name) STRATA_ANNOTATE_("strata:table=" name)
#define STRATA_SCHEMA(name) STRATA_ANNOTATE_("strata:schema=" name)
#define STRATA_PRIMARY_KEY(columns) STRATA_ANNOTATE_("strata:primary_key=" columns)
#define STRATA_UNIQUE_TOGETHER(name, columns) STRATA_ANNOTATE_("strata:unique_together=" name "|" columns)
#define STRATA_INDEX(name, columns) STRATA_ANNOTATE_("strata:index=" name "|" columns)
#define STRATA_UNIQUE_INDEX(name, columns) STRATA_ANNOTATE_("strata:unique_index=" name "|" columns)
#define STRATA_CHECK_TABLE(name, expr) STRATA_ANNOTATE_("strata:check_table=" name "|" expr)
#define STRATA_ENUM(name) STRATA_ANNOTATE_("strata:enum=" name)
// Citus (DESIGN.md, "Scale-out"): a distributed table sharded by a column, optionally colocated
// with another distributed table ("schema.table"), or a reference table copied to every node.
#define STRATA_DISTRIBUTED_BY(column) STRATA_ANNOTATE_("strata:distributed_by=" column)
#define STRATA_COLOCATE_WITH(table) STRATA_ANNOTATE_("strata:colocate_with=" table)
#define STRATA_REFERENCE_TABLE STRATA_ANNOTATE_("strata:reference_table")
// On a struct, completing the STRATA_INDEX / STRATA_UNIQUE_INDEX (or, for NULLS NOT DISTINCT, the
// unique constraint) of that name.
#define STRATA_INDEX_WHERE(name, predicate) STRATA_ANNOTATE_("strata:index_where=" name "|" predicate)
#define STRATA_INDEX_USING(name, method) STRATA_ANNOTATE_("strata:index_using=" name "|" method)
#define STRATA_INDEX_INCLUDE(name, columns) STRATA_ANNOTATE_("strata:index_include=" name "|" columns)
#define STRATA_NULLS_NOT_DISTINCT(name) STRATA_ANNOTATE_("strata:nulls_not_distinct=" name)
// On a struct: a foreign key over several columns, "a, b" -> "[schema.]table(x, y)", and its actions.
#define STRATA_FOREIGN_KEY(name, columns, target) STRATA_ANNOTATE_("strata:foreign_key=" name "|" columns "|" target)
#define STRATA_FOREIGN_KEY_ON_DELETE(name, action) STRATA_ANNOTATE_("strata:foreign_key_on_delete=" name "|" action)
#define STRATA_FOREIGN_KEY_ON_UPDATE(name, action) STRATA_ANNOTATE_("strata:foreign_key_on_update=" name "|" action)

// On an enumerator (after its name): the label in the database when it is not the C++ name.
#define STRATA_LABEL(label) STRATA_ANNOTATE_("strata:label=" label)
// Row security: ENABLE + FORCE ROW LEVEL SECURITY, and policies (command ALL, SELECT, INSERT,
// UPDATE or DELETE; USING "" for INSERT, which has only WITH CHECK; roles default to PUBLIC).
#define STRATA_ROW_SECURITY STRATA_ANNOTATE_("strata:row_security")
#define STRATA_POLICY(name, command, using_expr) \
  STRATA_ANNOTATE_("strata:policy=" name "|" command "|" using_expr)
#define STRATA_POLICY_CHECK(name, expr) STRATA_ANNOTATE_("strata:policy_check=" name "|" expr)
#define STRATA_POLICY_ROLES(name, roles) STRATA_ANNOTATE_("strata:policy_roles=" name "|" roles)

// On a struct or a data member.
#define STRATA_COMMENT(text) STRATA_ANNOTATE_("strata:comment=" text)
#define STRATA_RENAMED_FROM(old_name) STRATA_ANNOTATE_("strata:renamed_from=" old_name)
// On a struct or member: acknowledges a lint rule (squawk's name, e.g. "ban-drop-column") for it.
#define STRATA_ALLOW(rule) STRATA_ANNOTATE_("strata:allow=" rule)

// On a data member (before its declaration).
#define STRATA_PK STRATA_ANNOTATE_("strata:pk")
#define STRATA_IDENTITY STRATA_ANNOTATE_("strata:identity")
#define STRATA_COLUMN(name) STRATA_ANNOTATE_("strata:column=" name)
#define STRATA_TYPE(sql_type) STRATA_ANNOTATE_("strata:type=" sql_type)
#define STRATA_LENGTH(n) STRATA_ANNOTATE_("strata:length=" #n)
#define STRATA_NULLABLE STRATA_ANNOTATE_("strata:nullable")
#define STRATA_NOT_NULL STRATA_ANNOTATE_("strata:not_null")
#define STRATA_UNIQUE STRATA_ANNOTATE_("strata:unique")
#define STRATA_INDEXED STRATA_ANNOTATE_("strata:indexed")
#define STRATA_DEFAULT(expr) STRATA_ANNOTATE_("strata:default=" expr)
#define STRATA_FK(target) STRATA_ANNOTATE_("strata:fk=" target)
#define STRATA_ON_DELETE(action) STRATA_ANNOTATE_("strata:on_delete=" action)
#define STRATA_ON_UPDATE(action) STRATA_ANNOTATE_("strata:on_update=" action)
#define STRATA_CHECK(expr) STRATA_ANNOTATE_("strata:check=" expr)
#define STRATA_GENERATED(expr) STRATA_ANNOTATE_("strata:generated=" expr)
#define STRATA_TRANSIENT STRATA_ANNOTATE_("strata:transient")

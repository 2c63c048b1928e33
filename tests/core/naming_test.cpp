#include "core/naming.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <string>

namespace strata {
namespace {

// An independent FNV-1a so the shortening is checked against the definition, not against itself.
std::string reference_shortened(const std::string& name) {
  std::uint64_t hash = 0x811c9dc5u;
  for (unsigned char c : name) hash = ((hash ^ c) * 0x01000193u) & 0xffffffffu;
  char hex[9];
  std::snprintf(hex, sizeof hex, "%08llx", static_cast<unsigned long long>(hash));
  return name.substr(0, 54) + "_" + hex;
}

TEST(Naming, ConventionForEachKind) {
  EXPECT_EQ(primary_key_name("users"), "pk_users");
  EXPECT_EQ(foreign_key_name("users", "tenant_id", "tenants"), "fk_users_tenant_id_tenants");
  EXPECT_EQ(unique_constraint_name("users", "email"), "uq_users_email");
  EXPECT_EQ(index_name("users", "created_at"), "ix_users_created_at");
  EXPECT_EQ(check_constraint_name("users", "age"), "ck_users_age");
}

TEST(Naming, Fnv1aKnownVectors) {
  EXPECT_EQ(fnv1a_32(""), 0x811c9dc5u);
  EXPECT_EQ(fnv1a_32("a"), 0xe40c292cu);
  EXPECT_EQ(fnv1a_32("foobar"), 0xbf9cf968u);
}

TEST(Naming, NameOf63BytesIsKept) {
  std::string name(63, 'x');
  EXPECT_EQ(shorten_identifier(name), name);
}

TEST(Naming, NameOf64BytesIsShortenedTo63) {
  std::string name = "ix_" + std::string(61, 'c');
  std::string shortened = shorten_identifier(name);
  EXPECT_EQ(shortened.size(), 63u);
  EXPECT_EQ(shortened, reference_shortened(name));
}

TEST(Naming, LongGeneratedNameLiteral) {
  std::string name = foreign_key_name("tenant_subscription_billing_events", "billing_account_identifier",
                                      "tenant_billing_accounts");
  EXPECT_EQ(name, "fk_tenant_subscription_billing_events_billing_account__ae9a4479");
  EXPECT_EQ(name, reference_shortened("fk_tenant_subscription_billing_events_billing_account_identifier_"
                                      "tenant_billing_accounts"));
}

TEST(Naming, LongNamesWithOneStemStayDistinct) {
  std::string stem(60, 't');
  EXPECT_NE(index_name(stem, "a"), index_name(stem, "b"));
  EXPECT_EQ(index_name(stem, "a").size(), 63u);
}

}  // namespace
}  // namespace strata

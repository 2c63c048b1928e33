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

// A UTF-8 character that straddles byte 54 is left out whole: cutting it would leave bytes
// that are not UTF-8, which the snapshot's JSON and PostgreSQL both refuse.
TEST(Naming, ShorteningNeverCutsAUtf8Character) {
  const auto is_utf8 = [](const std::string& text) {
    for (std::size_t i = 0; i < text.size();) {
      const auto lead = static_cast<unsigned char>(text[i]);
      const std::size_t length = lead < 0x80 ? 1 : (lead >> 5) == 0x6 ? 2 : (lead >> 4) == 0xE ? 3 : (lead >> 3) == 0x1E ? 4 : 0;
      if (length == 0 || i + length > text.size()) return false;
      for (std::size_t k = 1; k < length; ++k)
        if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) return false;
      i += length;
    }
    return true;
  };
  // "ix_", ASCII padding, then characters of 2, 3 or 4 bytes.
  for (const std::string character : {"é", "日", "🙂"}) {
    std::string table = "t";
    while ((51 - table.size()) % character.size() == 0) table += 't';  // byte 54 inside a character
    while (table.size() < 70) table += character;
    const std::string name = index_name(table, "c");
    const std::string full = "ix_" + table + "_c";
    SCOPED_TRACE(character);
    EXPECT_TRUE(is_utf8(name)) << name;
    const std::size_t kept = name.size() - 9;  // before "_" and the 8 hex digits
    EXPECT_EQ(name.substr(0, kept), full.substr(0, kept));
    EXPECT_GT(kept, 54u - character.size());
    EXPECT_LE(kept, 54u);
    EXPECT_EQ(name.substr(kept), reference_shortened(full).substr(54)) << "the hash of the full name stays";
  }
  EXPECT_EQ(utf8_prefix("aé", 2), "a");
  EXPECT_EQ(utf8_prefix("aé", 3), "aé");
  EXPECT_EQ(utf8_prefix("a🙂", 4), "a");
}

}  // namespace
}  // namespace strata

// Where the migrator connects and how passwords are kept out of its output.

#include <gtest/gtest.h>

#include <cstdlib>

#include "catalog/connection_options.hpp"
#include "tests/runner/password_corpus.hpp"

namespace {

using strata::conninfo_error;
using strata::describe_connection;
using strata::mask_password;
using strata::password_of;
using strata::resolve_conninfo;
using strata::scrub_password;

constexpr const char* kEnv = "STRATA_CONNECTION_OPTIONS_TEST_URL";

class ResolveConninfo : public ::testing::Test {
 protected:
  void SetUp() override { unsetenv(kEnv); }
  void TearDown() override { unsetenv(kEnv); }
};

TEST_F(ResolveConninfo, UrlOptionWins) {
  setenv(kEnv, "postgresql://env/db", 1);
  EXPECT_EQ(resolve_conninfo(std::string("postgresql://flag/db"), kEnv), "postgresql://flag/db");
}

TEST_F(ResolveConninfo, EnvironmentVariableNamedByTheRegistry) {
  setenv(kEnv, "postgresql://env/db", 1);
  EXPECT_EQ(resolve_conninfo(std::nullopt, kEnv), "postgresql://env/db");
}

TEST_F(ResolveConninfo, EmptyFallsBackToLibpqDefaults) {
  EXPECT_EQ(resolve_conninfo(std::nullopt, kEnv), "");
  setenv(kEnv, "", 1);
  EXPECT_EQ(resolve_conninfo(std::nullopt, kEnv), "");
  EXPECT_EQ(resolve_conninfo(std::nullopt, ""), "");
}

TEST(MaskPassword, UrlUserinfo) {
  EXPECT_EQ(mask_password("postgresql://user:secret@host/db"), "postgresql://user:***@host/db");
  EXPECT_EQ(mask_password("postgres://user:s%40cret@host:5432/db?sslmode=require"),
            "postgres://user:***@host:5432/db?sslmode=require");
  // An unescaped '@' in the password: everything up to the last '@' of the authority is hidden.
  EXPECT_EQ(mask_password("postgresql://user:p@ss@host/db"), "postgresql://user:***@host/db");
}

TEST(MaskPassword, UrlWithoutPasswordIsUnchanged) {
  EXPECT_EQ(mask_password("postgresql://user@host/db"), "postgresql://user@host/db");
  EXPECT_EQ(mask_password("postgresql:///db?host=/tmp"), "postgresql:///db?host=/tmp");
}

TEST(MaskPassword, UrlQueryParameter) {
  EXPECT_EQ(mask_password("postgresql://host/db?user=u&password=secret&sslmode=disable"),
            "postgresql://host/db?user=u&password=***&sslmode=disable");
  EXPECT_EQ(mask_password("postgresql://host/db?password=secret"), "postgresql://host/db?password=***");
}

TEST(MaskPassword, KeyValueStrings) {
  EXPECT_EQ(mask_password("host=h password=secret dbname=d"), "host=h password=*** dbname=d");
  EXPECT_EQ(mask_password("host=h password = 'se cret' dbname=d"), "host=h password = *** dbname=d");
  EXPECT_EQ(mask_password("password='it\\'s' user=u"), "password=*** user=u");
  EXPECT_EQ(mask_password("host=h user=u"), "host=h user=u");
  // A key that merely ends in "password" is not the password keyword.
  EXPECT_EQ(mask_password("mypassword=x"), "mypassword=x");
}

TEST(MaskPassword, InsideLongerText) {
  EXPECT_EQ(mask_password("cannot connect to \"postgresql://u:pw@h/d\": refused"),
            "cannot connect to \"postgresql://u:***@h/d\": refused");
}

TEST(PasswordOf, EachForm) {
  EXPECT_EQ(password_of("postgresql://u:s%40cret@h/d"), "s@cret");
  EXPECT_EQ(password_of("postgresql://h/d?password=x%20y"), "x y");
  EXPECT_EQ(password_of("host=h password='se cret'"), "se cret");
  EXPECT_EQ(password_of("postgresql://u@h/d"), std::nullopt);
}

TEST(ScrubPassword, RemovesEchoedPasswordsInAnyForm) {
  const std::string conninfo = "postgresql://u:s%40cr3t@h/d";
  EXPECT_EQ(scrub_password("server said s@cr3t and s%40cr3t", conninfo), "server said *** and ***");
  EXPECT_EQ(scrub_password("host=h password=abc failed", "host=h password=topsecret"), "host=h password=*** failed");
  EXPECT_EQ(scrub_password("nothing secret here", "host=h password=topsecret"), "nothing secret here");
}

TEST(PasswordOf, ReadsTheConnectionStringAsLibpqDoes) {
  // Raw '#', '?' and spaces in a URI's userinfo are the password's to libpq; text scanning missed them.
  EXPECT_EQ(password_of("postgresql://u:a#b?c d@h/db"), "a#b?c d");
  EXPECT_EQ(password_of("host=h password='it\\'s' user=u"), "it's");
  EXPECT_EQ(password_of("host=h password=\"quoted\""), "\"quoted\"");  // libpq quotes with ' only
  EXPECT_EQ(password_of("host=h password='unterminated"), std::nullopt);
}

TEST(DescribeConnection, ShowsOnlyWhereAndAsWhom) {
  EXPECT_EQ(describe_connection("postgresql://u:pw@db.example:6543/app?sslmode=require&application_name=x"),
            "host=db.example port=6543 dbname=app user=u");
  EXPECT_EQ(describe_connection("host=h dbname='my db' password=pw"), "host=h dbname='my db'");
  EXPECT_EQ(describe_connection(""), "the database named by the PG* environment variables");
  EXPECT_EQ(describe_connection("host=h password='unterminated"), "an invalid connection string");
}

TEST(ConninfoError, ElidesTheQuotedPieces) {
  EXPECT_EQ(conninfo_error("host=h dbname=d"), std::nullopt);
  std::optional<std::string> error = conninfo_error("host=h Kx1Vw");
  ASSERT_TRUE(error);
  EXPECT_FALSE(strata::test::shows_a_password(*error)) << *error;
  EXPECT_NE(error->find("missing"), std::string::npos) << *error;
}

// Every generated password in every shape: libpq's parse finds it (the corpus is right), and
// neither the description nor a scrubbed message that echoes the connection string and the
// password shows any part of it.
TEST(GeneratedPasswords, NeverShownInAnyShape) {
  std::size_t cases = 0;
  for (const std::string& password : strata::test::generated_passwords()) {
    for (const auto& shape : strata::test::conninfo_shapes("migrator", password, "127.0.0.1", 5432, "app")) {
      ++cases;
      SCOPED_TRACE(shape.name + ": " + shape.conninfo);
      EXPECT_EQ(password_of(shape.conninfo), password);
      const std::string description = describe_connection(shape.conninfo);
      EXPECT_FALSE(strata::test::shows_a_password(description)) << description;
      EXPECT_NE(description.find("dbname=app user=migrator"), std::string::npos) << description;
      const std::string scrubbed = scrub_password("failed: \"" + shape.conninfo + "\" said " + password, shape.conninfo);
      EXPECT_FALSE(strata::test::shows_a_password(scrubbed)) << scrubbed;
    }
  }
  EXPECT_GE(cases, 800u);
}

}  // namespace

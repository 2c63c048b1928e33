// Where the migrator connects and how passwords are kept out of its output.
#include "runner/connection_options.hpp"

#include <gtest/gtest.h>

#include <cstdlib>

namespace {

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

}  // namespace

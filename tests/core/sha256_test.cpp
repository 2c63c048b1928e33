#include "core/sha256.hpp"

#include <gtest/gtest.h>

#include <random>
#include <string>

#include "core/sha256_engines.hpp"

namespace strata {
namespace {

using sha256_engines::Engine;

// NIST FIPS 180-4 example vectors (csrc.nist.gov, "SHA256.pdf" / "SHA2_Additional").
TEST(Sha256, EmptyMessage) {
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(Sha256, Abc) {
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Sha256, TwoBlockMessage448Bits) {
  EXPECT_EQ(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST(Sha256, MillionA) {
  EXPECT_EQ(sha256_hex(std::string(1'000'000, 'a')),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(Sha256, PaddingBoundaries) {
  // 55 bytes fit one padded block, 56 need two, 64 is exactly one data block (python hashlib).
  EXPECT_EQ(sha256_hex(std::string(55, 'a')), "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318");
  EXPECT_EQ(sha256_hex(std::string(56, 'a')), "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a");
  EXPECT_EQ(sha256_hex(std::string(64, 'a')), "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb");
}

TEST(Sha256, BytesAbove0x7fAndNulAreHashedAsBytes) {
  const std::string with_nul("a\0b", 3);
  EXPECT_NE(sha256_hex(with_nul), sha256_hex("a"));
  EXPECT_EQ(sha256_hex(with_nul).size(), 64u);
  EXPECT_EQ(sha256_hex("\xff"), "a8100ae6aa1940d0b663bb31cd466142ebbdbd5187131b92d93818987832eb89");
}

// ---- each engine on its own ------------------------------------------------------------------

class Sha256Engine : public testing::TestWithParam<Engine> {
 protected:
  void SetUp() override {
    if (!sha256_engines::available(GetParam())) GTEST_SKIP() << "this CPU lacks the engine's instructions";
  }
  std::string hash(std::string_view data) const { return sha256_engines::sha256_hex_with(GetParam(), data); }
};

TEST_P(Sha256Engine, KnownVectors) {
  // Expected digests from python hashlib / FIPS 180-4.
  EXPECT_EQ(hash(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(hash("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(hash("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  EXPECT_EQ(hash(std::string(55, 'a')), "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318");
  EXPECT_EQ(hash(std::string(56, 'a')), "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a");
  EXPECT_EQ(hash(std::string(63, 'a')), "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34");
  EXPECT_EQ(hash(std::string(64, 'a')), "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb");
  EXPECT_EQ(hash(std::string(65, 'a')), "635361c48bb9eab14198e76ea8ab7f1a41685d6ad62aa9146d301d4f17eb0ae0");
  EXPECT_EQ(hash("\xff"), "a8100ae6aa1940d0b663bb31cd466142ebbdbd5187131b92d93818987832eb89");
}

TEST_P(Sha256Engine, MillionA) {
  EXPECT_EQ(hash(std::string(1'000'000, 'a')), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST_P(Sha256Engine, AgreesWithPortableOnRandomInputs) {
  std::mt19937 random(20261201);
  std::uniform_int_distribution<int> byte(0, 255);
  for (const std::size_t length : {1u, 17u, 63u, 64u, 65u, 119u, 127u, 128u, 129u, 1000u, 4097u, 65599u}) {
    std::string data(length, '\0');
    for (char& c : data) c = static_cast<char>(byte(random));
    EXPECT_EQ(hash(data), sha256_engines::sha256_hex_with(Engine::portable, data)) << "length " << length;
    EXPECT_EQ(hash(data), sha256_hex(data)) << "length " << length;
  }
}

std::string engine_name(const testing::TestParamInfo<Engine>& engine) {
  return engine.param == Engine::portable ? "portable" : "sha_ni";
}

INSTANTIATE_TEST_SUITE_P(Engines, Sha256Engine, testing::Values(Engine::portable, Engine::sha_ni), engine_name);

}  // namespace
}  // namespace strata

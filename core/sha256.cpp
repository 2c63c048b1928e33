#include "core/sha256.hpp"

#include <array>
#include <bit>
#include <cstdint>
#include <cstring>

#include "core/sha256_engines.hpp"

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define STRATA_SHA256_HAVE_SHA_NI 1
#endif

namespace strata {
namespace {

// FIPS 180-4, section 4.2.2: the first 32 bits of the fractional parts of the cube roots of the
// first 64 primes.
constexpr std::array<std::uint32_t, 64> kRoundConstants = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

// FIPS 180-4, section 5.3.3: the initial hash value.
constexpr std::array<std::uint32_t, 8> kInitialState = {
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
};

using State = std::array<std::uint32_t, 8>;

// Compresses `block_count` consecutive 64-byte blocks into the state (FIPS 180-4, section 6.2.2).
using CompressBlocks = void (*)(State& state, const unsigned char* blocks, std::size_t block_count);

constexpr std::uint32_t rotr(std::uint32_t x, int n) { return (x >> n) | (x << (32 - n)); }

std::uint32_t load_big_endian(const unsigned char* bytes) {
  std::uint32_t word;
  std::memcpy(&word, bytes, sizeof word);
  if constexpr (std::endian::native == std::endian::little) word = __builtin_bswap32(word);
  return word;
}

// Portable engine. The message schedule lives in a 16-word ring (W[t] only needs W[t-16..t-1]),
// expanded as the rounds go; the loops over a ring's 16 words are unrolled so that its indices and
// the a..h rotation are resolved at compile time.
void compress_blocks_portable(State& state, const unsigned char* blocks, std::size_t block_count) {
  for (; block_count > 0; --block_count, blocks += 64) {
    std::uint32_t a = state[0], b = state[1], c = state[2], d = state[3];
    std::uint32_t e = state[4], f = state[5], g = state[6], h = state[7];
    const auto round = [&](std::uint32_t constant_plus_word) {
      const std::uint32_t sigma1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25);
      const std::uint32_t choose = (e & f) ^ (~e & g);
      const std::uint32_t t1 = h + sigma1 + choose + constant_plus_word;
      const std::uint32_t sigma0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22);
      const std::uint32_t majority = (a & b) ^ (a & c) ^ (b & c);
      h = g;
      g = f;
      f = e;
      e = d + t1;
      d = c;
      c = b;
      b = a;
      a = t1 + sigma0 + majority;
    };

    std::uint32_t w[16];
#pragma GCC unroll 16
    for (int t = 0; t < 16; ++t) {
      w[t] = load_big_endian(blocks + 4 * t);
      round(kRoundConstants[t] + w[t]);
    }
    for (int base = 16; base < 64; base += 16) {
#pragma GCC unroll 16
      for (int i = 0; i < 16; ++i) {
        const std::uint32_t w15 = w[(i + 1) & 15], w2 = w[(i + 14) & 15];
        const std::uint32_t s0 = rotr(w15, 7) ^ rotr(w15, 18) ^ (w15 >> 3);
        const std::uint32_t s1 = rotr(w2, 17) ^ rotr(w2, 19) ^ (w2 >> 10);
        w[i] += s0 + w[(i + 9) & 15] + s1;
        round(kRoundConstants[base + i] + w[i]);
      }
    }
    state[0] += a;
    state[1] += b;
    state[2] += c;
    state[3] += d;
    state[4] += e;
    state[5] += f;
    state[6] += g;
    state[7] += h;
  }
}

#ifdef STRATA_SHA256_HAVE_SHA_NI
// SHA-NI engine, after Intel's published sequence ("Intel SHA Extensions", Gulley et al. 2013).
// SHA256RNDS2 does two rounds on the state split as ABEF / CDGH; SHA256MSG1/MSG2 expand the
// schedule four words at a time. Compiled for these instructions only; called only when
// __builtin_cpu_supports says the CPU has them.
__attribute__((target("sha,sse4.1"))) void compress_blocks_sha_ni(State& state, const unsigned char* blocks,
                                                                  std::size_t block_count) {
  const __m128i byte_swap = _mm_set_epi64x(0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);

  __m128i dcba = _mm_loadu_si128(reinterpret_cast<const __m128i*>(&state[0]));
  __m128i hgfe = _mm_loadu_si128(reinterpret_cast<const __m128i*>(&state[4]));
  const __m128i cdab = _mm_shuffle_epi32(dcba, 0xB1);
  const __m128i efgh = _mm_shuffle_epi32(hgfe, 0x1B);
  __m128i abef = _mm_alignr_epi8(cdab, efgh, 8);
  __m128i cdgh = _mm_blend_epi16(efgh, cdab, 0xF0);

  for (; block_count > 0; --block_count, blocks += 64) {
    const __m128i abef_before = abef;
    const __m128i cdgh_before = cdgh;
    // message[g % 4] holds schedule words W[4g .. 4g+3] for the group of four rounds g.
    __m128i message[4];
#pragma GCC unroll 16
    for (int group = 0; group < 16; ++group) {
      __m128i& current = message[group % 4];
      if (group < 4) {
        current = _mm_shuffle_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(blocks + 16 * group)), byte_swap);
      }
      __m128i words_plus_k =
          _mm_add_epi32(current, _mm_loadu_si128(reinterpret_cast<const __m128i*>(&kRoundConstants[4 * group])));
      cdgh = _mm_sha256rnds2_epu32(cdgh, abef, words_plus_k);
      if (group >= 3 && group <= 14) {
        // Finish group + 1: add W[t-7] and the sigma1 terms to what MSG1 left there.
        __m128i& next = message[(group + 1) % 4];
        next = _mm_add_epi32(next, _mm_alignr_epi8(current, message[(group + 3) % 4], 4));
        next = _mm_sha256msg2_epu32(next, current);
      }
      words_plus_k = _mm_shuffle_epi32(words_plus_k, 0x0E);
      abef = _mm_sha256rnds2_epu32(abef, cdgh, words_plus_k);
      if (group >= 1 && group <= 12) {
        // Start group + 3: W[t-16] + sigma0(W[t-15]).
        __m128i& previous = message[(group + 3) % 4];
        previous = _mm_sha256msg1_epu32(previous, current);
      }
    }
    abef = _mm_add_epi32(abef, abef_before);
    cdgh = _mm_add_epi32(cdgh, cdgh_before);
  }

  const __m128i feba = _mm_shuffle_epi32(abef, 0x1B);
  const __m128i dchg = _mm_shuffle_epi32(cdgh, 0xB1);
  dcba = _mm_blend_epi16(feba, dchg, 0xF0);
  hgfe = _mm_alignr_epi8(dchg, feba, 8);
  _mm_storeu_si128(reinterpret_cast<__m128i*>(&state[0]), dcba);
  _mm_storeu_si128(reinterpret_cast<__m128i*>(&state[4]), hgfe);
}

bool cpu_has_sha_ni() {
  __builtin_cpu_init();  // in case the first hash runs from a static initializer
  return __builtin_cpu_supports("sha") && __builtin_cpu_supports("sse4.1");
}
#else
bool cpu_has_sha_ni() { return false; }
#endif

CompressBlocks engine_function(sha256_engines::Engine engine) {
#ifdef STRATA_SHA256_HAVE_SHA_NI
  if (engine == sha256_engines::Engine::sha_ni) return compress_blocks_sha_ni;
#endif
  (void)engine;
  return compress_blocks_portable;
}

std::string hash_hex(CompressBlocks compress_blocks, std::string_view data) {
  State state = kInitialState;
  const auto* bytes = reinterpret_cast<const unsigned char*>(data.data());

  const std::size_t whole_blocks = data.size() / 64;
  compress_blocks(state, bytes, whole_blocks);
  const std::size_t offset = whole_blocks * 64;

  // Padding (section 5.1.1): 0x80, zeros, then the message length in bits as 64-bit big endian;
  // one block, or two when the tail leaves no room for the length.
  std::array<unsigned char, 128> tail{};
  const std::size_t remaining = data.size() - offset;
  if (remaining > 0) std::memcpy(tail.data(), bytes + offset, remaining);
  tail[remaining] = 0x80;
  const std::size_t tail_size = remaining + 1 + 8 <= 64 ? 64 : 128;
  const std::uint64_t bit_length = static_cast<std::uint64_t>(data.size()) * 8;
  for (int i = 0; i < 8; ++i) tail[tail_size - 1 - i] = static_cast<unsigned char>(bit_length >> (8 * i));
  compress_blocks(state, tail.data(), tail_size / 64);

  static constexpr char kHexDigits[] = "0123456789abcdef";
  std::string hex(64, '0');
  std::size_t position = 0;
  for (std::uint32_t word : state) {
    for (int shift = 28; shift >= 0; shift -= 4) hex[position++] = kHexDigits[(word >> shift) & 0xf];
  }
  return hex;
}

}  // namespace

namespace sha256_engines {

bool available(Engine engine) { return engine == Engine::portable || cpu_has_sha_ni(); }

std::string sha256_hex_with(Engine engine, std::string_view data) { return hash_hex(engine_function(engine), data); }

}  // namespace sha256_engines

std::string sha256_hex(std::string_view data) {
  // Chosen once: the CPU does not change under a running process.
  static const CompressBlocks compress_blocks =
      engine_function(cpu_has_sha_ni() ? sha256_engines::Engine::sha_ni : sha256_engines::Engine::portable);
  return hash_hex(compress_blocks, data);
}

}  // namespace strata

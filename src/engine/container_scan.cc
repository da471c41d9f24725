#include "engine/container_scan.h"

#include <algorithm>
#include <cstdint>
#include <cstring>

#if defined(__AVX2__)
#include <immintrin.h>
#elif defined(__SSE2__)
#include <emmintrin.h>
#endif
#if defined(__PCLMUL__)
#include <wmmintrin.h>
#endif

namespace falconet {
namespace {

constexpr size_t kBlock = 64;

// Where in a block the bytes that matter are: bit i stands for byte i.
struct BlockMasks {
  uint64_t quote = 0;
  uint64_t backslash = 0;
  uint64_t open = 0;   // '{' or '['
  uint64_t close = 0;  // '}' or ']'
};

#if defined(__AVX2__)
uint64_t Mask64(__m256i lo, __m256i hi, char c) {
  const __m256i byte = _mm256_set1_epi8(c);
  uint64_t low =
      static_cast<uint32_t>(_mm256_movemask_epi8(_mm256_cmpeq_epi8(lo, byte)));
  uint64_t high =
      static_cast<uint32_t>(_mm256_movemask_epi8(_mm256_cmpeq_epi8(hi, byte)));
  return low | (high << 32);
}

BlockMasks Classify(const char* block) {
  // '{' and '[' differ only in bit 0x20, as do '}' and ']'.
  const __m256i case_bit = _mm256_set1_epi8(0x20);
  __m256i lo = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(block));
  __m256i hi = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(block + 32));
  __m256i lo_folded = _mm256_or_si256(lo, case_bit);
  __m256i hi_folded = _mm256_or_si256(hi, case_bit);
  return BlockMasks{Mask64(lo, hi, '"'), Mask64(lo, hi, '\\'),
                    Mask64(lo_folded, hi_folded, '{'),
                    Mask64(lo_folded, hi_folded, '}')};
}
#elif defined(__SSE2__)
BlockMasks Classify(const char* block) {
  const __m128i case_bit = _mm_set1_epi8(0x20);
  BlockMasks m;
  for (int i = 0; i < 4; ++i) {
    __m128i v =
        _mm_loadu_si128(reinterpret_cast<const __m128i*>(block + 16 * i));
    __m128i folded = _mm_or_si128(v, case_bit);
    auto bits = [&](__m128i eq) {
      return static_cast<uint64_t>(static_cast<uint16_t>(_mm_movemask_epi8(eq)))
             << (16 * i);
    };
    m.quote |= bits(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')));
    m.backslash |= bits(_mm_cmpeq_epi8(v, _mm_set1_epi8('\\')));
    m.open |= bits(_mm_cmpeq_epi8(folded, _mm_set1_epi8('{')));
    m.close |= bits(_mm_cmpeq_epi8(folded, _mm_set1_epi8('}')));
  }
  return m;
}
#else
BlockMasks Classify(const char* block) {
  BlockMasks m;
  for (size_t i = 0; i < kBlock; ++i) {
    uint64_t bit = uint64_t{1} << i;
    char b = block[i];
    if (b == '"') m.quote |= bit;
    if (b == '\\') m.backslash |= bit;
    if (b == '{' || b == '[') m.open |= bit;
    if (b == '}' || b == ']') m.close |= bit;
  }
  return m;
}
#endif

// Bit i of the result is the parity of bits 0..i of x: a carry-less
// multiplication by all ones where the CPU has one.
uint64_t PrefixXor(uint64_t x) {
#if defined(__PCLMUL__)
  __m128i product = _mm_clmulepi64_si128(
      _mm_set_epi64x(0, static_cast<int64_t>(x)), _mm_set1_epi8(-1), 0);
  return static_cast<uint64_t>(_mm_cvtsi128_si64(product));
#else
  for (int shift = 1; shift < 64; shift *= 2) x ^= x << shift;
  return x;
#endif
}

// Bits from..63.
uint64_t BitsFrom(int from) { return from >= 64 ? 0 : ~uint64_t{0} << from; }

// The string state carried from one block to the next.
struct StringState {
  bool in_string = false;
  bool escape_pending = false;  // the block's first byte is escaped
};

// The block's bytes that lie inside strings (opening quote included,
// closing quote not), for a block with backslashes or a pending escape:
// quotes and backslashes are taken in order, as a byte scan takes them.
uint64_t InsideWithEscapes(const BlockMasks& m, StringState& state) {
  uint64_t inside = 0;
  int open_at = 0;  // where the current string began in this block
  int next = 0;     // bytes before `next` are consumed
  if (state.escape_pending) next = 1;
  state.escape_pending = false;

  for (uint64_t events = (m.quote | m.backslash) & BitsFrom(next); events != 0;
       events &= BitsFrom(next)) {
    int bit = __builtin_ctzll(events);
    next = bit + 1;
    bool quote = (m.quote >> bit) & 1;
    if (!state.in_string) {
      if (quote) {
        state.in_string = true;
        open_at = bit;
      }
    } else if (quote) {
      inside |= BitsFrom(open_at) & ~BitsFrom(bit);
      state.in_string = false;
    } else if (bit == 63) {
      state.escape_pending = true;
    } else {
      next = bit + 2;  // the escaped byte is not an event
    }
  }
  if (state.in_string) inside |= BitsFrom(open_at);
  return inside;
}

uint64_t Inside(const BlockMasks& m, StringState& state) {
  if (m.backslash == 0 && !state.escape_pending) {
    uint64_t inside = PrefixXor(m.quote);
    if (state.in_string) inside = ~inside;
    state.in_string = (inside >> 63) != 0;
    return inside;
  }
  return InsideWithEscapes(m, state);
}

// Counts the block's brackets into `depth`; returns the index of the
// bracket that brings it to zero, or -1. Blocks where the depth cannot
// reach zero are counted without a walk.
int CountBrackets(uint64_t open, uint64_t close, int& depth) {
  int closes = __builtin_popcountll(close);
  if (closes < depth) {
    depth += __builtin_popcountll(open) - closes;
    return -1;
  }
  for (uint64_t brackets = open | close; brackets != 0;
       brackets &= brackets - 1) {
    int bit = __builtin_ctzll(brackets);
    if ((open >> bit) & 1) {
      ++depth;
    } else if (--depth == 0) {
      return bit;
    }
  }
  return -1;
}

}  // namespace

size_t ScanContainer(std::string_view buf, size_t from, int depth) {
  StringState strings;
  char tail[kBlock];
  for (size_t at = from; at < buf.size(); at += kBlock) {
    // The last, partial block is scanned from a blank-padded copy.
    const char* block = buf.data() + at;
    size_t valid = std::min(kBlock, buf.size() - at);
    if (valid < kBlock) {
      std::memset(tail, ' ', kBlock);
      std::memcpy(tail, block, valid);
      block = tail;
    }

    BlockMasks m = Classify(block);
    uint64_t outside = ~Inside(m, strings);
    uint64_t open = m.open & outside;
    uint64_t close = m.close & outside;
    if ((open | close) == 0) continue;
    int zero = CountBrackets(open, close, depth);
    if (zero >= 0) return at + zero + 1;
  }
  return buf.size();
}

}  // namespace falconet

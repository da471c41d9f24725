// The record splitter's block scan (64 bytes at a time, quotes and
// backslashes walked in order where a block has a backslash) against a
// plain byte-by-byte reference, on records whose strings hide brackets,
// quotes and backslash runs across block boundaries.
#include <catch2/catch.hpp>
#include <random>
#include <string>
#include <vector>

#include "engine/container_scan.h"
#include "engine/record_splitter.h"
#include "nlohmann/json.hpp"

namespace falconet {
namespace {

// Reference: where the object or array at `begin` ends, one byte at a time.
size_t ReferenceEnd(std::string_view buf, size_t begin) {
  int depth = 0;
  bool in_string = false;
  for (size_t i = begin; i < buf.size(); ++i) {
    char b = buf[i];
    if (in_string) {
      if (b == '\\') {
        ++i;
      } else if (b == '"') {
        in_string = false;
      }
    } else if (b == '"') {
      in_string = true;
    } else if (b == '{' || b == '[') {
      ++depth;
    } else if ((b == '}' || b == ']') && --depth == 0) {
      return i + 1;
    }
  }
  return buf.size();
}

std::vector<std::string> Split(std::string_view buffer) {
  RecordSplitter splitter(buffer);
  RecordSlice slice;
  std::vector<std::string> out;
  while (splitter.Next(slice)) out.emplace_back(slice.json);
  return out;
}

// A string of the characters that matter to the scan, and some others.
std::string NastyString(std::mt19937& rng) {
  static const std::string kAlphabet = "{}[]\"\\\\\\/abc:, \t";
  std::string s;
  size_t length = rng() % 90;
  for (size_t i = 0; i < length; ++i) s += kAlphabet[rng() % kAlphabet.size()];
  return s;
}

nlohmann::json RandomValue(std::mt19937& rng, int depth) {
  switch (depth > 3 ? rng() % 3 : rng() % 5) {
    case 0:
      return NastyString(rng);
    case 1:
      return static_cast<int>(rng() % 1000);
    case 2:
      return nullptr;
    case 3: {
      nlohmann::json array = nlohmann::json::array();
      for (int i = rng() % 4; i > 0; --i) {
        array.push_back(RandomValue(rng, depth + 1));
      }
      return array;
    }
    default: {
      nlohmann::json object = nlohmann::json::object();
      for (int i = rng() % 5; i > 0; --i) {
        object[NastyString(rng)] = RandomValue(rng, depth + 1);
      }
      return object;
    }
  }
}

TEST_CASE("records with nasty strings split exactly", "[splitter]") {
  std::mt19937 rng(11);
  std::vector<std::string> records;
  for (int i = 0; i < 400; ++i) {
    nlohmann::json record = nlohmann::json::object();
    record["eventName"] = NastyString(rng);
    for (int k = rng() % 6; k > 0; --k) {
      record[NastyString(rng)] = RandomValue(rng, 0);
    }
    records.push_back(record.dump());
  }

  std::string lines;
  std::string document = "{\"Records\":[";
  for (size_t i = 0; i < records.size(); ++i) {
    lines += records[i] + "\n";
    document += (i ? "," : "") + records[i];
  }
  document += "]}";
  CHECK(Split(lines) == records);
  CHECK(Split(document) == records);
}

TEST_CASE("the block scan agrees with a byte scan on damaged input",
          "[splitter]") {
  // Bytes drawn from the scan's alphabet, starting with a brace: the end
  // found for the first value must be the reference's.
  std::mt19937 rng(5);
  static const std::string kAlphabet = "{}[]\"\\x ";
  for (int round = 0; round < 3000; ++round) {
    std::string buffer(1 + rng() % 300, ' ');
    for (char& c : buffer) c = kAlphabet[rng() % kAlphabet.size()];
    buffer[0] = '{';
    std::vector<std::string> slices = Split(buffer);
    REQUIRE(!slices.empty());
    INFO(buffer);
    CHECK(slices[0].size() == ReferenceEnd(buffer, 0));
  }
}

TEST_CASE("the block scan finds the end of long damaged input", "[splitter]") {
  // Runs of backslashes and quotes across 64-byte block boundaries, deep
  // nesting, and brackets inside strings.
  std::mt19937 rng(23);
  // One alphabet nests ever deeper, the other closes about as often as it
  // opens, so that ends are found at every distance.
  static const std::string kDeep = "{{[[}]\"\\\\\\ab";
  static const std::string kBalanced = "{[}]\"\\\\ab  ";
  size_t ends_found = 0;
  for (int round = 0; round < 2000; ++round) {
    const std::string& alphabet = round % 2 ? kDeep : kBalanced;
    std::string buffer(1 + rng() % 1200, ' ');
    for (char& c : buffer) c = alphabet[rng() % alphabet.size()];
    buffer[0] = '[';
    size_t expected = ReferenceEnd(buffer, 0);
    INFO(buffer);
    REQUIRE(ScanContainer(buffer, 0, 0) == expected);
    ends_found += expected > 64 && expected < buffer.size();
  }
  CHECK(ends_found > 100);
}

}  // namespace
}  // namespace falconet

// json_text: reading raw JSON values the way fastjson and Go's encoding/json
// do. Expected values are worked out by hand from those libraries' rules.
#include "fields/json_text.h"

#include <memory>
#include <string>

#include <catch2/catch.hpp>

namespace falconet::json_text {
namespace {

std::string Unescaped(std::string_view body) {
  std::string out;
  AppendUnescaped(body, out);
  return out;
}

std::optional<std::string> Compact(std::string_view raw,
                                   StringStyle style = StringStyle::kRaw) {
  std::string out = "prefix:";
  if (!AppendCompact(raw, out, style)) {
    REQUIRE(out == "prefix:");  // untouched on failure
    return std::nullopt;
  }
  return out.substr(7);
}

std::optional<std::string> Indented(std::string_view raw) {
  std::string out;
  if (!AppendIndented(raw, out)) {
    REQUIRE(out.empty());
    return std::nullopt;
  }
  return out;
}

std::string Quoted(std::string_view s) {
  std::string out;
  AppendFastjsonQuoted(s, out);
  return out;
}

TEST_CASE("Classify judges by the first byte after blanks") {
  CHECK(Classify(" \"x\"") == Kind::kString);
  CHECK(Classify("-1") == Kind::kNumber);
  CHECK(Classify("7") == Kind::kNumber);
  CHECK(Classify("\n{}") == Kind::kObject);
  CHECK(Classify("[]") == Kind::kArray);
  CHECK(Classify("true") == Kind::kTrue);
  CHECK(Classify("false") == Kind::kFalse);
  CHECK(Classify("null") == Kind::kNull);
  CHECK(Classify("") == Kind::kInvalid);
  CHECK(Classify("  ") == Kind::kInvalid);
  CHECK(Classify("x") == Kind::kInvalid);
}

TEST_CASE("StringBody and StringValue read string literals") {
  CHECK(StringBody("\"abc\"") == "abc");
  CHECK(StringBody("\"\"") == "");
  CHECK(StringBody("12") == std::nullopt);
  CHECK(StringBody("\"") == std::nullopt);

  std::string scratch;
  std::string_view raw = "\"plain\"";
  std::optional<std::string_view> v = StringValue(raw, scratch);
  REQUIRE(v);
  CHECK(*v == "plain");
  CHECK(v->data() == raw.data() + 1);  // a view, no copy
  CHECK(StringValue("\"a\\nb\"", scratch) == "a\nb");
  CHECK(StringValue("{}", scratch) == std::nullopt);
}

TEST_CASE("Unescaping follows fastjson's best effort") {
  CHECK(Unescaped("no escapes") == "no escapes");
  CHECK(Unescaped(R"(a\"b\\c\/d)") == "a\"b\\c/d");
  CHECK(Unescaped(R"(\b\f\n\r\t)") == "\b\f\n\r\t");
  CHECK(Unescaped(R"(\u00e9)") == "\xC3\xA9");
  CHECK(Unescaped(R"(\u20AC)") == "\xE2\x82\xAC");
  // A surrogate pair is one character.
  CHECK(Unescaped(R"(\ud83d\ude00)") == "\xF0\x9F\x98\x80");
  // A high surrogate followed by another escape that does not complete it:
  // both become U+FFFD once.
  CHECK(Unescaped(R"(\ud83d\u0041x)") == "\xEF\xBF\xBDx");
  // A lone surrogate keeps its escape text.
  CHECK(Unescaped(R"(\ud83dx)") == "\\ud83dx");
  // Unknown or short escapes are kept as written.
  CHECK(Unescaped(R"(\x41)") == "\\x41");
  CHECK(Unescaped(R"(\u12)") == "\\u12");
  CHECK(Unescaped(R"(\uZZZZ!)") == "\\uZZZZ!");
}

TEST_CASE("Array index keys are what Go's strconv.Atoi accepts") {
  CHECK(ArrayIndexKey("0") == 0u);
  CHECK(ArrayIndexKey("12") == 12u);
  CHECK(ArrayIndexKey("01") == 1u);
  CHECK(ArrayIndexKey("+1") == 1u);
  CHECK(ArrayIndexKey("-0") == 0u);
  CHECK(ArrayIndexKey("-1") == std::nullopt);
  CHECK(ArrayIndexKey("") == std::nullopt);
  CHECK(ArrayIndexKey("+") == std::nullopt);
  CHECK(ArrayIndexKey("1a") == std::nullopt);
  CHECK(ArrayIndexKey("9223372036854775807") == 9223372036854775807u);
  CHECK(ArrayIndexKey("9223372036854775808") == std::nullopt);
}

TEST_CASE("FindMember: first duplicate wins, keys match unescaped") {
  std::string_view obj = R"({ "a" : 1, "b":{"c":[1, 2]}, "a": 2,
                              "k\u0065y": "v" })";
  CHECK(FindMember(obj, "a") == "1");
  CHECK(FindMember(obj, "b") == R"({"c":[1, 2]})");
  CHECK(FindMember(obj, "key") == "\"v\"");
  CHECK(FindMember(obj, "zz") == std::nullopt);
  CHECK(FindMember("[1]", "0") == std::nullopt);
  CHECK(FindMember("{\"a\":", "a") == std::nullopt);
}

TEST_CASE("FindElement and FindChild address arrays by index") {
  std::string_view arr = R"([ "x", {"y": 1} , 3 ])";
  CHECK(FindElement(arr, 0) == "\"x\"");
  CHECK(FindElement(arr, 1) == R"({"y": 1})");
  CHECK(FindElement(arr, 2) == "3");
  CHECK(FindElement(arr, 3) == std::nullopt);
  CHECK(FindChild(arr, "01") == R"({"y": 1})");
  CHECK(FindChild(arr, "y") == std::nullopt);
  CHECK(FindChild(R"({"0": "zero"})", "0") == "\"zero\"");
  CHECK(FindChild("\"scalar\"", "0") == std::nullopt);
}

TEST_CASE("ForEachElement and ForEachMember walk in order") {
  std::vector<std::string> seen;
  CHECK(ForEachElement("[1, \"two\", [3]]", [&](std::string_view v) {
    seen.emplace_back(v);
    return true;
  }));
  CHECK(seen == std::vector<std::string>{"1", "\"two\"", "[3]"});

  seen.clear();
  CHECK(ForEachMember(
      R"({"a":1,"b\"":2})", [&](std::string_view k, std::string_view v) {
        seen.emplace_back(std::string(k) + "=" + std::string(v));
        return true;
      }));
  CHECK(seen == std::vector<std::string>{"a=1", "b\\\"=2"});

  // Stopping early is not a failure; malformed input is.
  CHECK(ForEachElement("[1,2]", [](std::string_view) { return false; }));
  CHECK_FALSE(ForEachElement("[1,", [](std::string_view) { return true; }));
  CHECK_FALSE(ForEachElement("{}", [](std::string_view) { return true; }));
  CHECK(ForEachElement("[ ]", [](std::string_view) { return true; }));
}

TEST_CASE("AppendCompact re-serialises like fastjson's MarshalTo") {
  CHECK(Compact(" {\n \"a\" : [ 1 , 2.50e+3 ],\n \"b\" : { } ,\"c\":null } ") ==
        R"({"a":[1,2.50e+3],"b":{},"c":null})");
  // Duplicate keys and key order are kept.
  CHECK(Compact(R"({"z":1,"a":2,"z":3})") == R"({"z":1,"a":2,"z":3})");
  // Strings nobody read are written as they were.
  CHECK(Compact(R"(["a\/b", "\u00e9", " sp ace "])") ==
        R"(["a\/b","\u00e9"," sp ace "])");
  CHECK(Compact("true") == "true");
  CHECK(Compact(R"("x")") == R"("x")");
  CHECK(Compact("{\"a\":") == std::nullopt);
  CHECK(Compact("[1] 2") == std::nullopt);
  CHECK(Compact("") == std::nullopt);
}

TEST_CASE("AppendCompact can re-escape strings as escapeString does") {
  auto reescaped = [](std::string_view raw) {
    return Compact(raw, StringStyle::kReescaped);
  };
  CHECK(reescaped(R"(["a\/b"])") == R"(["a/b"])");
  CHECK(reescaped(R"(["\u00e9"])") == "[\"\xC3\xA9\"]");
  CHECK(reescaped(R"({"k":"q\"q"})") == R"({"k":"q\"q"})");
  CHECK(reescaped(R"(["x\u0001"])") == R"(["x\x01"])");
  CHECK(reescaped(R"(["tab\there"])") == R"(["tab\there"])");
}

TEST_CASE("AppendFastjsonQuoted: plain unless special, then Go quoting") {
  CHECK(Quoted("plain \xC3\xA9") == "\"plain \xC3\xA9\"");
  CHECK(Quoted("a\"b") == R"("a\"b")");
  CHECK(Quoted("back\\slash") == R"("back\\slash")");
  CHECK(Quoted("nl\n") == R"("nl\n")");
  CHECK(Quoted("\x07\x0b\x1f") == R"("\a\v\x1f")");
  // Once quoting is needed, Go also escapes what it cannot print.
  CHECK(Quoted("\"\xFF") == R"("\"\xff")");
  CHECK(Quoted("\"\xE2\x80\xA8") == R"("\"\u2028")");
  CHECK(Quoted("\"\x7F") == R"("\"\x7f")");
  // Without a special byte, even an invalid one is left alone.
  CHECK(Quoted("\xFF") == "\"\xFF\"");
}

TEST_CASE("AppendFastjsonQuoted: printable as Go's Unicode 15.0.0 tables say") {
  // Letters, marks, numbers, punctuation and symbols stay as they are,
  // also those new in Unicode 15.0 (Kawi, Cyrillic modifier letters).
  CHECK(Quoted("\"\xF0\x9F\x98\x80") == "\"\\\"\xF0\x9F\x98\x80\"");
  CHECK(Quoted("\"\xF0\x91\xBC\x80") == "\"\\\"\xF0\x91\xBC\x80\"");
  CHECK(Quoted("\"\xF0\x9E\x80\xB0") == "\"\\\"\xF0\x9E\x80\xB0\"");
  // Unassigned, private use, format, non-characters and spaces other
  // than U+0020 are escaped.
  CHECK(Quoted("\"\xCD\xB8") == R"("\"\u0378")");
  CHECK(Quoted("\"\xEE\x80\x80") == R"("\"\ue000")");
  CHECK(Quoted("\"\xD8\x80") == R"("\"\u0600")");
  CHECK(Quoted("\"\xEF\xBF\xBE") == R"("\"\ufffe")");
  CHECK(Quoted("\"\xC2\xA0") == R"("\"\u00a0")");
  CHECK(Quoted("\"\xF3\xA0\x80\x81") == R"("\"\U000e0001")");
}

TEST_CASE("AppendIndented matches Go's json.Indent with two spaces") {
  CHECK(Indented(R"({"a":[1,2],"b":{},"c":[],"d":"x y"})") ==
        "{\n"
        "  \"a\": [\n"
        "    1,\n"
        "    2\n"
        "  ],\n"
        "  \"b\": {},\n"
        "  \"c\": [],\n"
        "  \"d\": \"x y\"\n"
        "}");
  // Leading blanks go, trailing blanks stay; strings are copied verbatim.
  CHECK(Indented(" \n{ \"a\" :\"\\u00e9\" }  \n") ==
        "{\n  \"a\": \"\\u00e9\"\n}  \n");
  CHECK(Indented("[ ]") == "[]");
  CHECK(Indented("3") == "3");
  // Go's scanner is strict.
  CHECK(Indented(R"({"a":01})") == std::nullopt);
  CHECK(Indented(R"({"a":1.})") == std::nullopt);
  CHECK(Indented(R"({"a":"\x"})") == std::nullopt);
  CHECK(Indented("{\"a\":\"\x01\"}") == std::nullopt);
  CHECK(Indented(R"({"a":1} x)") == std::nullopt);
  CHECK(Indented(R"({"a":1,})") == std::nullopt);
}

// Copies `text` into a buffer of exactly its size, so that a sanitizer
// build catches any read past the end.
class Exact {
 public:
  explicit Exact(std::string_view text)
      : data_(new char[text.size() + 1]), size_(text.size()) {
    text.copy(data_.get(), text.size());
  }
  std::string_view view() const { return {data_.get(), size_}; }

 private:
  std::unique_ptr<char[]> data_;
  size_t size_;
};

TEST_CASE("json_text rejects every truncation of a value") {
  const std::string full =
      R"({"a":[1,{"b":"x\"y\u00e9"},[]],"c":{"d":null,"e":true},"f":-1.5e3})";
  REQUIRE(Compact(full).has_value());
  REQUIRE(Indented(full).has_value());
  for (size_t len = 0; len < full.size(); ++len) {
    Exact prefix(std::string_view(full).substr(0, len));
    std::string_view text = prefix.view();
    INFO(text);
    CHECK(Compact(text) == std::nullopt);
    CHECK(Indented(text) == std::nullopt);
    // Lookups on broken text find nothing past the break, and never read
    // outside it.
    std::optional<std::string_view> c = FindMember(text, "c");
    if (c) {
      CHECK(c->data() >= text.data());
      CHECK(c->data() + c->size() <= text.data() + text.size());
    }
    size_t count = 0;
    ForEachElement(FindMember(text, "a").value_or(""), [&](std::string_view) {
      ++count;
      return true;
    });
    CHECK(count <= 3);
    std::string scratch;
    StringValue(text, scratch);
    Classify(text);
  }
}

}  // namespace
}  // namespace falconet::json_text

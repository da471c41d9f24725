// Small, defensive utilities over the raw text of one JSON value, as the
// projector captured it from a record (strings keep their quotes and escapes).
//
// They read what Falco's plugins read: the cloudtrail plugin 0.17.1 and the
// json plugin 0.7.4 parse records with Go's valyala/fastjson, so member
// lookup, string unescaping and re-serialisation here follow fastjson's
// rules (first duplicate key wins, best-effort unescaping that keeps bad
// escapes, keys compared after unescaping, array elements addressed by
// keys that Go's strconv.Atoi accepts).
//
// Every function takes the text it reads as a view and never reads outside
// it; malformed text gives "absent" or false, never undefined behaviour.
// All functions are pure and thread-safe.
#ifndef FALCONET_FIELDS_JSON_TEXT_H_
#define FALCONET_FIELDS_JSON_TEXT_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace falconet::json_text {

enum class Kind : uint8_t {
  kInvalid,
  kString,
  kNumber,
  kObject,
  kArray,
  kTrue,
  kFalse,
  kNull
};

// The kind of the value starting at the first non-blank byte of `raw`,
// judged by that byte alone.
Kind Classify(std::string_view raw);

// `raw` without the blanks (space, tab, CR, LF) at either end.
std::string_view Trim(std::string_view raw);

// The bytes between the quotes of the string literal `raw` (escapes kept),
// or nullopt when `raw` is not a string literal.
std::optional<std::string_view> StringBody(std::string_view raw);

// Appends `body` (string contents between the quotes) unescaped the way
// fastjson does it: \" \\ \/ \b \f \n \r \t and \u with four hex digits (one
// UTF-16 unit at a time; a surrogate becomes U+FFFD), anything else kept as
// written.
void AppendUnescaped(std::string_view body, std::string& out);

// The unescaped string value of the literal `raw`: a view into `raw` when
// it has no escapes, else the unescaped text written into `scratch`. nullopt
// when `raw` is not a string.
std::optional<std::string_view> StringValue(std::string_view raw,
                                            std::string& scratch);

// Whether `key` addresses an array element the way fastjson's Get does
// (Go strconv.Atoi: optional sign, decimal digits, in range) and which.
std::optional<size_t> ArrayIndexKey(std::string_view key);

// The raw text of the first member of object `raw` whose unescaped key is
// `key`, or nullopt (also when `raw` is not an object).
std::optional<std::string_view> FindMember(std::string_view raw,
                                           std::string_view key);

// The raw text of element `index` of array `raw`, or nullopt.
std::optional<std::string_view> FindElement(std::string_view raw, size_t index);

// fastjson's Value.Get(key) on the value `raw`: a member of an object, an
// element of an array by ArrayIndexKey, nothing for scalars.
std::optional<std::string_view> FindChild(std::string_view raw,
                                          std::string_view key);

// Calls fn(element_raw) for each element of array `raw`, in order, until fn
// returns false. Returns false when `raw` is not a well-formed array.
template <typename Fn>
bool ForEachElement(std::string_view raw, Fn fn);

// Calls fn(key_body, value_raw) for each member of object `raw`, in order,
// until fn returns false; key_body is the key between its quotes, escapes
// kept. Returns false when `raw` is not a well-formed object.
template <typename Fn>
bool ForEachMember(std::string_view raw, Fn fn);

// How AppendCompact writes string literals.
enum class StringStyle : uint8_t {
  // As written in the record. This is what fastjson's MarshalTo does for a
  // string nobody read before (its "raw string" state), which is every
  // string of a value that a field re-serialises.
  kRaw,
  // Unescaped, then re-escaped as fastjson's escapeString does (plain when
  // the text has no `"`, `\` or control byte, else Go strconv.Quote). This
  // is MarshalTo for a string that was read earlier.
  kReescaped,
};

// Appends the compact form of `raw` as fastjson's MarshalTo writes it:
// original key order, duplicate keys kept, no blanks, numbers and literals
// as written. Returns false (and leaves `out` as it was) when `raw` is not
// a well-formed value.
bool AppendCompact(std::string_view raw, std::string& out,
                   StringStyle style = StringStyle::kRaw);

// Appends the string `s` quoted as fastjson's escapeString does.
void AppendFastjsonQuoted(std::string_view s, std::string& out);

// Appends `raw` re-indented as Go's json.Indent(dst, raw, "", "  ") does:
// leading blanks dropped, trailing blanks kept, `{}`/`[]` when empty, one
// space after `:`, strings copied as written. Returns false (and leaves
// `out` as it was) when `raw` is not one well-formed JSON value.
bool AppendIndented(std::string_view raw, std::string& out);

// Internal scanning helpers, exposed for the templates above.
namespace internal {

// The position just past the value starting at `pos` (after blanks), or
// npos when the text there is not a well-formed value.
size_t SkipValue(std::string_view text, size_t pos, int depth = 0);
size_t SkipBlanks(std::string_view text, size_t pos);
// The position just past the string literal starting at `pos` (a quote).
size_t SkipString(std::string_view text, size_t pos);

}  // namespace internal

template <typename Fn>
bool ForEachElement(std::string_view raw, Fn fn) {
  using internal::SkipBlanks;
  size_t pos = SkipBlanks(raw, 0);
  if (pos >= raw.size() || raw[pos] != '[') return false;
  pos = SkipBlanks(raw, pos + 1);
  if (pos < raw.size() && raw[pos] == ']') return true;
  while (pos < raw.size()) {
    size_t end = internal::SkipValue(raw, pos);
    if (end == std::string_view::npos) return false;
    if (!fn(raw.substr(pos, end - pos))) return true;
    pos = SkipBlanks(raw, end);
    if (pos >= raw.size()) return false;
    if (raw[pos] == ']') return true;
    if (raw[pos] != ',') return false;
    pos = SkipBlanks(raw, pos + 1);
  }
  return false;
}

template <typename Fn>
bool ForEachMember(std::string_view raw, Fn fn) {
  using internal::SkipBlanks;
  size_t pos = SkipBlanks(raw, 0);
  if (pos >= raw.size() || raw[pos] != '{') return false;
  pos = SkipBlanks(raw, pos + 1);
  if (pos < raw.size() && raw[pos] == '}') return true;
  while (pos < raw.size() && raw[pos] == '"') {
    size_t key_end = internal::SkipString(raw, pos);
    if (key_end == std::string_view::npos) return false;
    std::string_view key = raw.substr(pos + 1, key_end - pos - 2);
    pos = SkipBlanks(raw, key_end);
    if (pos >= raw.size() || raw[pos] != ':') return false;
    pos = SkipBlanks(raw, pos + 1);
    size_t end = internal::SkipValue(raw, pos);
    if (end == std::string_view::npos) return false;
    if (!fn(key, raw.substr(pos, end - pos))) return true;
    pos = SkipBlanks(raw, end);
    if (pos >= raw.size()) return false;
    if (raw[pos] == '}') return true;
    if (raw[pos] != ',') return false;
    pos = SkipBlanks(raw, pos + 1);
  }
  return false;
}

}  // namespace falconet::json_text

#endif  // FALCONET_FIELDS_JSON_TEXT_H_

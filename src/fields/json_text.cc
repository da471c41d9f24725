#include "fields/json_text.h"

#include <algorithm>
#include <cstring>
#include <iterator>

namespace falconet::json_text {
namespace {

constexpr size_t npos = std::string_view::npos;

// Deeper nesting is refused rather than recursed into.
constexpr int kMaxDepth = 1024;

bool IsBlank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// The code unit of the four hex digits at `s` (at least 4 bytes), or -1.
int32_t Hex4(const char* s) {
  int32_t value = 0;
  for (int i = 0; i < 4; ++i) {
    int digit = HexValue(s[i]);
    if (digit < 0) return -1;
    value = value * 16 + digit;
  }
  return value;
}

template <typename Sink>
void EmitUtf8(uint32_t rune, Sink& sink) {
  char buf[4];
  size_t n = 0;
  if (rune < 0x80) {
    buf[n++] = static_cast<char>(rune);
  } else if (rune < 0x800) {
    buf[n++] = static_cast<char>(0xC0 | (rune >> 6));
    buf[n++] = static_cast<char>(0x80 | (rune & 0x3F));
  } else if (rune < 0x10000) {
    buf[n++] = static_cast<char>(0xE0 | (rune >> 12));
    buf[n++] = static_cast<char>(0x80 | ((rune >> 6) & 0x3F));
    buf[n++] = static_cast<char>(0x80 | (rune & 0x3F));
  } else {
    buf[n++] = static_cast<char>(0xF0 | (rune >> 18));
    buf[n++] = static_cast<char>(0x80 | ((rune >> 12) & 0x3F));
    buf[n++] = static_cast<char>(0x80 | ((rune >> 6) & 0x3F));
    buf[n++] = static_cast<char>(0x80 | (rune & 0x3F));
  }
  sink(buf, n);
}

bool IsSurrogate(int32_t unit) { return unit >= 0xD800 && unit < 0xE000; }

// Handles the "\u" escape whose hex digits start at body[i]; returns the
// position after what it consumed. Lone surrogates keep their escape text;
// a surrogate followed by another \u escape decodes as a UTF-16 pair, or
// as U+FFFD when the two do not form one (Go's utf16.DecodeRune).
template <typename Sink>
size_t UnescapeUnicode(std::string_view body, size_t i, Sink& sink) {
  if (body.size() - i < 4) {
    sink("\\u", 2);
    return i;
  }
  int32_t unit = Hex4(body.data() + i);
  if (unit < 0) {
    sink("\\u", 2);
    return i;
  }
  i += 4;
  if (!IsSurrogate(unit)) {
    EmitUtf8(static_cast<uint32_t>(unit), sink);
    return i;
  }
  int32_t low = -1;
  if (body.size() - i >= 6 && body[i] == '\\' && body[i + 1] == 'u') {
    low = Hex4(body.data() + i + 2);
  }
  if (low < 0) {
    sink("\\u", 2);
    sink(body.data() + i - 4, 4);
    return i;
  }
  bool pair = unit < 0xDC00 && low >= 0xDC00 && low < 0xE000;
  uint32_t rune =
      pair ? 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00) : 0xFFFD;
  EmitUtf8(rune, sink);
  return i + 6;
}

// Streams the unescaped form of `body` to sink(const char*, size_t).
template <typename Sink>
void Unescape(std::string_view body, Sink& sink) {
  size_t i = 0;
  while (i < body.size()) {
    const void* hit = std::memchr(body.data() + i, '\\', body.size() - i);
    size_t next =
        hit ? static_cast<const char*>(hit) - body.data() : body.size();
    if (next > i) sink(body.data() + i, next - i);
    if (next >= body.size()) return;
    i = next + 1;
    if (i >= body.size()) {
      // A trailing lone backslash cannot end a literal; keep it.
      sink("\\", 1);
      return;
    }
    char c = body[i++];
    switch (c) {
      case '"':
        sink("\"", 1);
        break;
      case '\\':
        sink("\\", 1);
        break;
      case '/':
        sink("/", 1);
        break;
      case 'b':
        sink("\b", 1);
        break;
      case 'f':
        sink("\f", 1);
        break;
      case 'n':
        sink("\n", 1);
        break;
      case 'r':
        sink("\r", 1);
        break;
      case 't':
        sink("\t", 1);
        break;
      case 'u':
        i = UnescapeUnicode(body, i, sink);
        break;
      default: {
        char kept[2] = {'\\', c};
        sink(kept, 2);
      }
    }
  }
}

// Whether the unescaped form of `body` equals `key`, without building it.
bool UnescapedEquals(std::string_view body, std::string_view key) {
  if (body.find('\\') == npos) return body == key;
  size_t matched = 0;
  bool equal = true;
  auto sink = [&](const char* data, size_t n) {
    if (!equal) return;
    if (key.size() - matched < n ||
        std::memcmp(key.data() + matched, data, n) != 0) {
      equal = false;
      return;
    }
    matched += n;
  };
  Unescape(body, sink);
  return equal && matched == key.size();
}

bool MatchesLiteral(std::string_view text, size_t pos, std::string_view lit) {
  return text.substr(pos, lit.size()) == lit;
}

bool IsNumberChar(char c) {
  return IsDigit(c) || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E';
}

// The walk over objects and arrays shared by the lenient skip (what
// fastjson accepts) and the strict check (what Go's encoding/json
// accepts); `Lexer` says what a string and a number are.
template <typename Lexer>
size_t WalkValue(std::string_view text, size_t pos, int depth);

template <typename Lexer>
size_t WalkContainer(std::string_view text, size_t pos, int depth) {
  char close = text[pos] == '{' ? '}' : ']';
  size_t i = internal::SkipBlanks(text, pos + 1);
  if (i < text.size() && text[i] == close) return i + 1;
  while (i < text.size()) {
    if (close == '}') {
      size_t key_end = Lexer::String(text, i);
      if (key_end == npos) return npos;
      i = internal::SkipBlanks(text, key_end);
      if (i >= text.size() || text[i] != ':') return npos;
      ++i;
    }
    i = WalkValue<Lexer>(text, i, depth + 1);
    if (i == npos) return npos;
    i = internal::SkipBlanks(text, i);
    if (i >= text.size()) return npos;
    if (text[i] == close) return i + 1;
    if (text[i] != ',') return npos;
    i = internal::SkipBlanks(text, i + 1);
  }
  return npos;
}

template <typename Lexer>
size_t WalkValue(std::string_view text, size_t pos, int depth) {
  pos = internal::SkipBlanks(text, pos);
  if (pos >= text.size() || depth > kMaxDepth) return npos;
  switch (text[pos]) {
    case '"':
      return Lexer::String(text, pos);
    case '{':
    case '[':
      return WalkContainer<Lexer>(text, pos, depth);
    case 't':
      return MatchesLiteral(text, pos, "true") ? pos + 4 : npos;
    case 'f':
      return MatchesLiteral(text, pos, "false") ? pos + 5 : npos;
    case 'n':
      return MatchesLiteral(text, pos, "null") ? pos + 4 : npos;
    default:
      return Lexer::Number(text, pos);
  }
}

// fastjson's view: strings end at the first unescaped quote, and a number
// is any run of the characters a number may contain.
struct Lenient {
  static size_t String(std::string_view text, size_t pos) {
    return internal::SkipString(text, pos);
  }
  static size_t Number(std::string_view text, size_t pos) {
    size_t i = pos;
    while (i < text.size() && IsNumberChar(text[i])) ++i;
    return i > pos ? i : npos;
  }
};

}  // namespace

namespace internal {

size_t SkipBlanks(std::string_view text, size_t pos) {
  while (pos < text.size() && IsBlank(text[pos])) ++pos;
  return pos;
}

size_t SkipString(std::string_view text, size_t pos) {
  if (pos >= text.size() || text[pos] != '"') return npos;
  for (size_t i = pos + 1; i < text.size(); ++i) {
    if (text[i] == '\\') {
      ++i;
    } else if (text[i] == '"') {
      return i + 1;
    }
  }
  return npos;
}

size_t SkipValue(std::string_view text, size_t pos, int depth) {
  return WalkValue<Lenient>(text, pos, depth);
}

}  // namespace internal

using internal::SkipBlanks;
using internal::SkipString;
using internal::SkipValue;

Kind Classify(std::string_view raw) {
  size_t pos = SkipBlanks(raw, 0);
  if (pos >= raw.size()) return Kind::kInvalid;
  switch (raw[pos]) {
    case '"':
      return Kind::kString;
    case '{':
      return Kind::kObject;
    case '[':
      return Kind::kArray;
    case 't':
      return Kind::kTrue;
    case 'f':
      return Kind::kFalse;
    case 'n':
      return Kind::kNull;
    default:
      return IsDigit(raw[pos]) || raw[pos] == '-' ? Kind::kNumber
                                                  : Kind::kInvalid;
  }
}

std::string_view Trim(std::string_view raw) {
  size_t begin = SkipBlanks(raw, 0);
  size_t end = raw.size();
  while (end > begin && IsBlank(raw[end - 1])) --end;
  return raw.substr(begin, end - begin);
}

std::optional<std::string_view> StringBody(std::string_view raw) {
  raw = Trim(raw);
  if (raw.size() < 2 || raw.front() != '"' || raw.back() != '"') {
    return std::nullopt;
  }
  return raw.substr(1, raw.size() - 2);
}

void AppendUnescaped(std::string_view body, std::string& out) {
  auto sink = [&out](const char* data, size_t n) { out.append(data, n); };
  Unescape(body, sink);
}

std::optional<std::string_view> StringValue(std::string_view raw,
                                            std::string& scratch) {
  std::optional<std::string_view> body = StringBody(raw);
  if (!body || body->find('\\') == npos) return body;
  scratch.clear();
  AppendUnescaped(*body, scratch);
  return std::string_view(scratch);
}

std::optional<size_t> ArrayIndexKey(std::string_view key) {
  size_t i = 0;
  bool negative = false;
  if (!key.empty() && (key[0] == '+' || key[0] == '-')) {
    negative = key[0] == '-';
    i = 1;
  }
  if (i >= key.size()) return std::nullopt;
  uint64_t value = 0;
  for (; i < key.size(); ++i) {
    if (!IsDigit(key[i])) return std::nullopt;
    uint64_t digit = static_cast<uint64_t>(key[i] - '0');
    if (value > (uint64_t{INT64_MAX} - digit) / 10) return std::nullopt;
    value = value * 10 + digit;
  }
  if (negative && value != 0) return std::nullopt;
  return static_cast<size_t>(value);
}

std::optional<std::string_view> FindMember(std::string_view raw,
                                           std::string_view key) {
  std::optional<std::string_view> found;
  ForEachMember(raw, [&](std::string_view k, std::string_view v) {
    if (!UnescapedEquals(k, key)) return true;
    found = v;
    return false;
  });
  return found;
}

std::optional<std::string_view> FindElement(std::string_view raw,
                                            size_t index) {
  std::optional<std::string_view> found;
  size_t i = 0;
  ForEachElement(raw, [&](std::string_view v) {
    if (i++ != index) return true;
    found = v;
    return false;
  });
  return found;
}

std::optional<std::string_view> FindChild(std::string_view raw,
                                          std::string_view key) {
  switch (Classify(raw)) {
    case Kind::kObject:
      return FindMember(raw, key);
    case Kind::kArray: {
      std::optional<size_t> index = ArrayIndexKey(key);
      if (!index) return std::nullopt;
      return FindElement(raw, *index);
    }
    default:
      return std::nullopt;
  }
}

namespace {

// Go's strconv.IsPrint: letters, marks, numbers, punctuation, symbols and
// the ASCII space, by the Unicode 15.0.0 tables of the Go that builds
// Falco's plugins.
bool GoIsPrint(uint32_t r) {
  if (r < 0x80) return r >= 0x20 && r < 0x7F;
  struct Range {
    uint32_t first, last;
  };
  static constexpr Range kPrintable[] = {
#include "fields/go_print_ranges.inc"
  };
  const Range* it = std::upper_bound(
      std::begin(kPrintable), std::end(kPrintable), r,
      [](uint32_t rune, const Range& range) { return rune < range.first; });
  return it != std::begin(kPrintable) && r <= (it - 1)->last;
}

// Decodes one UTF-8 sequence at s[i] like Go's utf8.DecodeRuneInString;
// returns the width, and sets rune to 0xFFFD with width 1 when invalid.
size_t DecodeUtf8(std::string_view s, size_t i, uint32_t& rune) {
  auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char b0 = byte(i);
  rune = 0xFFFD;
  if (b0 < 0x80) {
    rune = b0;
    return 1;
  }
  size_t width = b0 >= 0xF0 ? 4 : b0 >= 0xE0 ? 3 : b0 >= 0xC2 ? 2 : 0;
  if (width == 0 || b0 > 0xF4 || s.size() - i < width) return 1;
  uint32_t value = b0 & (0x7F >> width);
  for (size_t k = 1; k < width; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 1;
    value = (value << 6) | (byte(i + k) & 0x3F);
  }
  bool overlong =
      (width == 3 && value < 0x800) || (width == 4 && value < 0x10000);
  if (overlong || value > 0x10FFFF || (value >= 0xD800 && value < 0xE000)) {
    return 1;
  }
  rune = value;
  return width;
}

void AppendHex(uint32_t value, int digits, std::string& out) {
  static constexpr char kHex[] = "0123456789abcdef";
  for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) {
    out += kHex[(value >> shift) & 0xF];
  }
}

// Go's strconv.AppendQuote.
void AppendGoQuoted(std::string_view s, std::string& out) {
  out += '"';
  for (size_t i = 0; i < s.size();) {
    uint32_t r;
    size_t width = DecodeUtf8(s, i, r);
    if (width == 1 && r == 0xFFFD) {
      out += "\\x";
      AppendHex(static_cast<unsigned char>(s[i]), 2, out);
    } else if (r == '"' || r == '\\') {
      out += '\\';
      out += static_cast<char>(r);
    } else if (GoIsPrint(r)) {
      out.append(s.substr(i, width));
    } else {
      switch (r) {
        case '\a':
          out += "\\a";
          break;
        case '\b':
          out += "\\b";
          break;
        case '\f':
          out += "\\f";
          break;
        case '\n':
          out += "\\n";
          break;
        case '\r':
          out += "\\r";
          break;
        case '\t':
          out += "\\t";
          break;
        case '\v':
          out += "\\v";
          break;
        default:
          if (r < ' ' || r == 0x7F) {
            out += "\\x";
            AppendHex(r, 2, out);
          } else if (r < 0x10000) {
            out += "\\u";
            AppendHex(r, 4, out);
          } else {
            out += "\\U";
            AppendHex(r, 8, out);
          }
      }
    }
    i += width;
  }
  out += '"';
}

// The end of the top-level value in `raw` when nothing but blanks follows
// it, else npos; `begin` receives where the value starts.
size_t WholeValueEnd(std::string_view raw, size_t& begin) {
  begin = SkipBlanks(raw, 0);
  size_t end = SkipValue(raw, begin);
  if (end == npos || SkipBlanks(raw, end) != raw.size()) return npos;
  return end;
}

}  // namespace

void AppendFastjsonQuoted(std::string_view s, std::string& out) {
  bool special = false;
  for (char c : s) {
    if (c == '"' || c == '\\' || static_cast<unsigned char>(c) < 0x20) {
      special = true;
      break;
    }
  }
  if (special) {
    AppendGoQuoted(s, out);
    return;
  }
  out += '"';
  out.append(s);
  out += '"';
}

bool AppendCompact(std::string_view raw, std::string& out, StringStyle style) {
  size_t begin;
  size_t end = WholeValueEnd(raw, begin);
  if (end == npos) return false;

  std::string unescaped;
  for (size_t i = begin; i < end;) {
    char c = raw[i];
    if (c != '"') {
      if (!IsBlank(c)) out += c;
      ++i;
      continue;
    }
    size_t string_end = SkipString(raw, i);
    if (style == StringStyle::kRaw) {
      out.append(raw.substr(i, string_end - i));
    } else {
      unescaped.clear();
      AppendUnescaped(raw.substr(i + 1, string_end - i - 2), unescaped);
      AppendFastjsonQuoted(unescaped, out);
    }
    i = string_end;
  }
  return true;
}

namespace {

// Go's encoding/json scanner is strict where fastjson is lenient: these
// check a value the way json.Indent does before it accepts it.
size_t StrictString(std::string_view text, size_t pos) {
  for (size_t i = pos + 1; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == '"') return i + 1;
    if (c < 0x20) return npos;
    if (c != '\\') continue;
    if (++i >= text.size()) return npos;
    if (text[i] == 'u') {
      if (text.size() - i < 5 || Hex4(text.data() + i + 1) < 0) return npos;
      i += 4;
    } else if (std::strchr("\"\\/bfnrt", text[i]) == nullptr ||
               text[i] == '\0') {
      return npos;
    }
  }
  return npos;
}

size_t StrictDigits(std::string_view text, size_t i) {
  size_t start = i;
  while (i < text.size() && IsDigit(text[i])) ++i;
  return i > start ? i : npos;
}

size_t StrictNumber(std::string_view text, size_t i) {
  if (i < text.size() && text[i] == '-') ++i;
  if (i >= text.size() || !IsDigit(text[i])) return npos;
  i = text[i] == '0' ? i + 1 : StrictDigits(text, i);
  if (i < text.size() && text[i] == '.') {
    i = StrictDigits(text, i + 1);
    if (i == npos) return npos;
  }
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) ++i;
    i = StrictDigits(text, i);
  }
  return i;
}

// Go's encoding/json view of strings and numbers.
struct Strict {
  static size_t String(std::string_view text, size_t pos) {
    return text[pos] == '"' ? StrictString(text, pos) : npos;
  }
  static size_t Number(std::string_view text, size_t pos) {
    return StrictNumber(text, pos);
  }
};

size_t StrictValue(std::string_view text, size_t pos, int depth) {
  return WalkValue<Strict>(text, pos, depth);
}

void AppendNewline(int depth, std::string& out) {
  out += '\n';
  out.append(static_cast<size_t>(depth) * 2, ' ');
}

}  // namespace

bool AppendIndented(std::string_view raw, std::string& out) {
  size_t begin = SkipBlanks(raw, 0);
  size_t end = StrictValue(raw, begin, 0);
  if (end == npos || SkipBlanks(raw, end) != raw.size()) return false;

  bool need_indent = false;
  int depth = 0;
  for (size_t i = begin; i < end; ++i) {
    char c = raw[i];
    if (IsBlank(c)) continue;
    if (need_indent && c != '}' && c != ']') {
      need_indent = false;
      AppendNewline(++depth, out);
    }
    switch (c) {
      case '"': {
        size_t string_end = SkipString(raw, i);
        out.append(raw.substr(i, string_end - i));
        i = string_end - 1;
        break;
      }
      case '{':
      case '[':
        // Delayed so that empty containers print as {} and [].
        need_indent = true;
        out += c;
        break;
      case ',':
        out += c;
        AppendNewline(depth, out);
        break;
      case ':':
        out += ": ";
        break;
      case '}':
      case ']':
        if (need_indent) {
          need_indent = false;
        } else {
          AppendNewline(--depth, out);
        }
        out += c;
        break;
      default:
        out += c;
    }
  }
  // Go keeps whatever blanks follow the value.
  out.append(raw.substr(end));
  return true;
}

}  // namespace falconet::json_text

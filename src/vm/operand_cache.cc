#include "vm/operand_cache.h"

#include <cctype>
#include <cstring>

namespace falconet {
namespace {

// Base64 as Falco's b64 transformer decodes it: standard alphabet, padding
// optional. Returns false on any other character.
bool DecodeBase64(std::string_view in, std::string& out) {
  uint32_t buffer = 0;
  int bits = 0;
  for (char c : in) {
    int v;
    if (c >= 'A' && c <= 'Z') {
      v = c - 'A';
    } else if (c >= 'a' && c <= 'z') {
      v = c - 'a' + 26;
    } else if (c >= '0' && c <= '9') {
      v = c - '0' + 52;
    } else if (c == '+') {
      v = 62;
    } else if (c == '/') {
      v = 63;
    } else if (c == '=') {
      break;
    } else {
      return false;
    }
    buffer = (buffer << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((buffer >> bits) & 0xff));
    }
  }
  return true;
}

std::string_view Basename(std::string_view path) {
  size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

// Falco measures strings as C strings: up to the first NUL.
uint64_t CStringLength(std::string_view s) {
  const void* nul = std::memchr(s.data(), '\0', s.size());
  return nul ? static_cast<const char*>(nul) - s.data() : s.size();
}

}  // namespace

const ValueList& OperandCache::Get(const ProgramSet& set, uint32_t index,
                                   const EventView& event) {
  if (values_.size() < set.operands.size()) {
    values_.resize(set.operands.size());
    generations_.resize(set.operands.size(), 0);
  }
  ValueList& values = values_[index];
  if (generations_[index] != generation_) {
    values.Clear();
    Compute(set, index, event, values);
    generations_[index] = generation_;
  }
  return values;
}

void OperandCache::Compute(const ProgramSet& set, uint32_t index,
                           const EventView& event, ValueList& out) {
  const Operand& op = set.operands[index];
  if (op.kind == Operand::Kind::kField) {
    set.registry().Extract(op.field, event, out);
    return;
  }
  if (op.kind == Operand::Kind::kLiteral) {
    out.AddString(op.literal);
    return;
  }

  // Arguments are computed first: Get may grow values_, so no reference
  // into it is held across these calls.
  if (op.transformer == Transformer::kConcat) {
    Concat(set, op, event, out);
    return;
  }
  if (op.transformer == Transformer::kJoin) {
    Join(set, op, event, out);
    return;
  }
  const ValueList& arg = Get(set, op.args[0], event);
  if (op.transformer == Transformer::kLen) {
    if (arg.empty()) return;
    const Operand& arg_op = set.operands[op.args[0]];
    out.AddNumber(arg_op.is_list ? arg.size() : CStringLength(arg[0].str));
    return;
  }
  for (const Value& v : arg) {
    if (!Transform(op.transformer, v.str, *event.arena, out)) {
      out.Clear();
      return;
    }
  }
}

bool OperandCache::Transform(Transformer t, std::string_view in,
                             StringArena& arena, ValueList& out) {
  if (t == Transformer::kBasename) {
    out.AddString(Basename(in));
    return true;
  }
  std::string& s = arena.NewString();
  if (t == Transformer::kB64) {
    if (!DecodeBase64(in, s)) return false;
  } else {
    s.assign(in);
    for (char& c : s) {
      c = t == Transformer::kToLower
              ? static_cast<char>(std::tolower(static_cast<unsigned char>(c)))
              : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
  }
  out.AddString(s);
  return true;
}

void OperandCache::Concat(const ProgramSet& set, const Operand& op,
                          const EventView& event, ValueList& out) {
  std::string& s = event.arena->NewString();
  for (uint32_t arg : op.args) {
    const ValueList& values = Get(set, arg, event);
    if (values.empty()) return;
    s.append(values[0].str);
  }
  out.AddString(s);
}

void OperandCache::Join(const ProgramSet& set, const Operand& op,
                        const EventView& event, ValueList& out) {
  const ValueList& sep = Get(set, op.args[0], event);
  std::string_view separator = sep.empty() ? "" : sep[0].str;
  const ValueList& list = Get(set, op.args[1], event);
  if (list.empty()) return;
  std::string& s = event.arena->NewString();
  for (size_t i = 0; i < list.size(); ++i) {
    if (i > 0) s.append(separator);
    s.append(list[i].str);
  }
  out.AddString(s);
}

}  // namespace falconet

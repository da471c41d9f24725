// Operands: the field expressions that checks and outputs read.
//
// An operand is a field (`ct.user`), a transformer over operands
// (`tolower(ct.user)`, `concat(ct.user, "-", ct.region)`) or a literal
// argument of a transformer. Operands are interned per ProgramSet by their
// canonical text, so `ct.user` read by twenty rules is extracted once per
// record.
#ifndef FALCONET_COMPILER_OPERAND_H_
#define FALCONET_COMPILER_OPERAND_H_

#include <cstdint>
#include <string>
#include <vector>

#include "fields/field_registry.h"
#include "fields/value.h"

namespace falconet {

enum class Transformer : uint8_t {
  kNone,
  kToLower,
  kToUpper,
  kB64,
  kBasename,
  kLen,
  kJoin,
  kConcat,
};

struct Operand {
  enum class Kind : uint8_t { kField, kTransform, kLiteral };
  Kind kind = Kind::kField;
  FieldType type = FieldType::kString;           // after transformation
  bool is_list = false;                          // after transformation
  FieldRef field;                                // kField
  Transformer transformer = Transformer::kNone;  // kTransform
  std::vector<uint32_t> args;                    // kTransform: operand indexes
  std::string literal;                           // kLiteral
  std::string text;  // canonical text: "ct.user", "tolower(ct.user)"
};

}  // namespace falconet

#endif  // FALCONET_COMPILER_OPERAND_H_

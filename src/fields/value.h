// Values that fields extract from an event, and the types fields declare.
//
// A field extracts zero or more values. Zero values means "missing": every
// comparison on it is false and only `exists` can see it. Strings are views:
// they point into the record bytes or into the evaluator's per-record arena,
// and stay valid until the evaluator moves to the next record.
#ifndef FALCONET_FIELDS_VALUE_H_
#define FALCONET_FIELDS_VALUE_H_

#include <cstdint>
#include <string_view>
#include <vector>

namespace falconet {

// The type a field (or a transformed field) declares. kAbsTime is a uint64
// count of nanoseconds since the epoch that renders as a time; it compares
// as a number.
enum class FieldType : uint8_t { kString, kUint64, kBool, kAbsTime };

// Falco's name for a type, as used in its error messages ("charbuf" ...).
std::string_view FalcoTypeName(FieldType type);

// True for the types compared as unsigned integers.
inline bool IsNumeric(FieldType type) {
  return type == FieldType::kUint64 || type == FieldType::kAbsTime;
}

// One extracted value. Which member is set follows the field's FieldType.
struct Value {
  std::string_view str;
  uint64_t num = 0;

  static Value String(std::string_view s) { return Value{s, 0}; }
  static Value Number(uint64_t n) { return Value{{}, n}; }
  static Value Bool(bool b) { return Value{{}, b ? 1u : 0u}; }
};

// The values of one field for one event. Reused across records so that the
// steady state allocates nothing; Clear() keeps the capacity.
class ValueList {
 public:
  void Clear() { values_.clear(); }
  void Add(Value v) { values_.push_back(v); }
  void AddString(std::string_view s) { values_.push_back(Value::String(s)); }
  void AddNumber(uint64_t n) { values_.push_back(Value::Number(n)); }

  bool empty() const { return values_.empty(); }
  size_t size() const { return values_.size(); }
  const Value& operator[](size_t i) const { return values_[i]; }
  Value& operator[](size_t i) { return values_[i]; }
  auto begin() const { return values_.begin(); }
  auto end() const { return values_.end(); }

 private:
  std::vector<Value> values_;
};

}  // namespace falconet

#endif  // FALCONET_FIELDS_VALUE_H_

// Per-record storage for strings that fields build (ct.info, s3.uri, compact
// JSON, unescaped strings). Reset() forgets them but keeps the memory, so a
// warm evaluator allocates nothing per record.
//
// Not thread-safe: one arena belongs to one evaluator.
#ifndef FALCONET_FIELDS_STRING_ARENA_H_
#define FALCONET_FIELDS_STRING_ARENA_H_

#include <memory>
#include <string>
#include <vector>

namespace falconet {

class StringArena {
 public:
  // Returns an empty string owned by the arena. The reference stays valid,
  // and views into it stay valid, until the next Reset().
  std::string& NewString() {
    if (used_ == strings_.size()) {
      strings_.push_back(std::make_unique<std::string>());
    }
    std::string& s = *strings_[used_++];
    s.clear();
    return s;
  }

  void Reset() { used_ = 0; }

 private:
  std::vector<std::unique_ptr<std::string>> strings_;
  size_t used_ = 0;
};

}  // namespace falconet

#endif  // FALCONET_FIELDS_STRING_ARENA_H_

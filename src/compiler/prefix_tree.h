// Path prefix trees for the `pmatch` operator.
//
// Each right-hand path is split on '/' (empty components dropped) and
// inserted component by component. A subject matches when some inserted
// path is a whole-component prefix of it: /var/run matches /var/run and
// /var/run/x but not /var/runx. A component with a glob character (*?[)
// is matched with fnmatch and never crosses a '/'. Built at compile time,
// then immutable and thread-safe.
#ifndef FALCONET_COMPILER_PREFIX_TREE_H_
#define FALCONET_COMPILER_PREFIX_TREE_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace falconet {

class PrefixTree {
 public:
  PrefixTree();
  ~PrefixTree();

  void Insert(std::string_view path);
  bool Matches(std::string_view subject) const;

 private:
  struct Node {
    bool terminal = false;
    std::vector<std::pair<std::string, std::unique_ptr<Node>>> children;
  };

  static bool MatchFrom(const Node& node, std::string_view rest);

  std::unique_ptr<Node> root_;
};

}  // namespace falconet

#endif  // FALCONET_COMPILER_PREFIX_TREE_H_

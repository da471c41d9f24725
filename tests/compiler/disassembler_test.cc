// Golden disassembly listings: what the compiler emits for representative
// conditions, read back through Ruleset::Disassemble.
//
// Each listing was worked out by hand from the compiler's rules (see
// compiler.cc), not pasted from its output:
//   - a check is one instruction on operand a; `not X` is X then `not`;
//   - `a and b and c` (n-ary) is a, jf END, b, jf END, c; `or` uses jt; END
//     is the first instruction after the group, so the flag there holds the
//     group's value and the enclosing group's jump or `not` reads it;
//   - a program ends with `ret`.
// The jump targets are checked again against the semantics: for every
// listing, a comment says where each jump lands and why that is right.
#include <catch2/catch.hpp>
#include <map>
#include <string>
#include <vector>

#include "falconet/ruleset.h"

namespace falconet {
namespace {

// The listing of `condition` compiled on its own; fails the test when the
// condition does not compile.
std::string Listing(
    std::string_view condition,
    const std::map<std::string, std::string>& macros = {},
    const std::map<std::string, std::vector<std::string>>& lists = {}) {
  auto ruleset = Ruleset::FromCondition(condition, macros, lists, "r");
  if (!ruleset.ok()) {
    FAIL_CHECK("condition failed to compile: " << ruleset.status().message());
    return "";
  }
  return (*ruleset)->Disassemble("r");
}

TEST_CASE("a single check and ret", "[disasm]") {
  CHECK(Listing("ct.name = ConsoleLogin") ==
        "0000  str.cmp    eq ct.name, \"ConsoleLogin\"\n"
        "0001  ret\n");
  CHECK(Listing("ct.error exists") ==
        "0000  exists     ct.error\n"
        "0001  ret\n");
}

TEST_CASE("an unknown rule has no listing", "[disasm]") {
  auto ruleset = Ruleset::FromCondition("ct.error exists", {}, {}, "r");
  REQUIRE(ruleset.ok());
  CHECK((*ruleset)->Disassemble("other").empty());
}

TEST_CASE("and with not: the typical CloudTrail rule", "[disasm]") {
  // jf at 1: ct.name differs, so the whole `and` is false: go to ret with
  // the flag false.
  CHECK(Listing("ct.name = ConsoleLogin and not ct.error exists") ==
        "0000  str.cmp    eq ct.name, \"ConsoleLogin\"\n"
        "0001  jf         0004\n"
        "0002  exists     ct.error\n"
        "0003  not\n"
        "0004  ret\n");
}

TEST_CASE("and binds tighter than or", "[disasm]") {
  // a or (b and c): a true settles everything (jt to ret); b false settles
  // the inner `and`, which is the last operand of the `or`, so its exit
  // is ret as well.
  CHECK(Listing("ct.src = s3.amazonaws.com or ct.name startswith Get and "
                "ct.region = us-east-1") ==
        "0000  str.cmp    eq ct.src, \"s3.amazonaws.com\"\n"
        "0001  jt         0005\n"
        "0002  startswith ct.name, \"Get\"\n"
        "0003  jf         0005\n"
        "0004  str.cmp    eq ct.region, \"us-east-1\"\n"
        "0005  ret\n");
}

TEST_CASE("an or group inside an and", "[disasm]") {
  // (a or b) and not (c or d):
  //   1: a true settles the `or` as true: land on its exit, the jf at 3,
  //      which then falls through to c;
  //   3: the `or` was false: the `and` is false, go to ret;
  //   5: c true settles the inner `or`: land on `not` at 7, not on ret.
  CHECK(Listing("(ct.readonly = false or ct.name startswith Put) and not "
                "(ct.error exists or ct.user.identitytype = AWSService)") ==
        "0000  str.cmp    eq ct.readonly, \"false\"\n"
        "0001  jt         0003\n"
        "0002  startswith ct.name, \"Put\"\n"
        "0003  jf         0008\n"
        "0004  exists     ct.error\n"
        "0005  jt         0007\n"
        "0006  str.cmp    eq ct.user.identitytype, \"AWSService\"\n"
        "0007  not\n"
        "0008  ret\n");
}

TEST_CASE("two and groups inside an or", "[disasm]") {
  // (a and b) or (c and d):
  //   1: a false: the first `and` is false: land on the jt at 3 with the
  //      flag false, which falls through to the second group;
  //   3: the first group was true: the `or` is true, ret;
  //   5: c false: the second group, the last of the `or`, is false: ret.
  CHECK(Listing("(ct.name = GetObject and s3.bucket exists) or "
                "(ct.name = PutObject and s3.bytes > 1024)") ==
        "0000  str.cmp    eq ct.name, \"GetObject\"\n"
        "0001  jf         0003\n"
        "0002  exists     s3.bucket\n"
        "0003  jt         0007\n"
        "0004  str.cmp    eq ct.name, \"PutObject\"\n"
        "0005  jf         0007\n"
        "0006  num.cmp    gt s3.bytes, 1024\n"
        "0007  ret\n");
}

TEST_CASE("n-ary and: every exit goes to the same end", "[disasm]") {
  CHECK(Listing("ct.src = iam.amazonaws.com and ct.name = CreateUser and "
                "not ct.error exists and ct.user exists") ==
        "0000  str.cmp    eq ct.src, \"iam.amazonaws.com\"\n"
        "0001  jf         0008\n"
        "0002  str.cmp    eq ct.name, \"CreateUser\"\n"
        "0003  jf         0008\n"
        "0004  exists     ct.error\n"
        "0005  not\n"
        "0006  jf         0008\n"
        "0007  exists     ct.user\n"
        "0008  ret\n");
}

TEST_CASE("not over a group, and repeated not", "[disasm]") {
  // not (a and b) or c: a false lands on `not` at 3 (the `and` is false,
  // so `not` makes it true and the jt at 4 takes it to ret).
  CHECK(Listing("not (ct.name = A and ct.region = B) or ct.error exists") ==
        "0000  str.cmp    eq ct.name, \"A\"\n"
        "0001  jf         0003\n"
        "0002  str.cmp    eq ct.region, \"B\"\n"
        "0003  not\n"
        "0004  jt         0006\n"
        "0005  exists     ct.error\n"
        "0006  ret\n");
  // NOTs toggle in the parser (spec 1.1): an even count leaves no node.
  CHECK(Listing("not not ct.error exists") ==
        "0000  exists     ct.error\n"
        "0001  ret\n");
  CHECK(Listing("not not not ct.error exists") ==
        "0000  exists     ct.error\n"
        "0001  not\n"
        "0002  ret\n");
}

TEST_CASE("a macro is substituted as a parenthesised group", "[disasm]") {
  // The macro's `or` stays a group under the rule's `and`: its jt lands on
  // the rule's jf, exactly as with explicit parentheses.
  std::map<std::string, std::string> macros = {
      {"writes", "ct.readonly = false or ct.name startswith Put"}};
  CHECK(Listing("writes and not ct.error exists", macros) ==
        "0000  str.cmp    eq ct.readonly, \"false\"\n"
        "0001  jt         0003\n"
        "0002  startswith ct.name, \"Put\"\n"
        "0003  jf         0006\n"
        "0004  exists     ct.error\n"
        "0005  not\n"
        "0006  ret\n");
}

TEST_CASE("string comparisons carry their Cmp", "[disasm]") {
  CHECK(Listing("ct.name != GetObject") ==
        "0000  str.cmp    ne ct.name, \"GetObject\"\n"
        "0001  ret\n");
  // Numeric operators on a string field compare bytes: still str.cmp.
  CHECK(Listing("ct.srcip < 199") ==
        "0000  str.cmp    lt ct.srcip, \"199\"\n"
        "0001  ret\n");
  CHECK(Listing("ct.srcip <= 198") ==
        "0000  str.cmp    le ct.srcip, \"198\"\n"
        "0001  ret\n");
  CHECK(Listing("ct.srcip >= 10") ==
        "0000  str.cmp    ge ct.srcip, \"10\"\n"
        "0001  ret\n");
  // A quoted constant keeps its quotes and backslashes escaped.
  CHECK(Listing(R"(ct.request = "{\"a\":\"b\\c\"}")") ==
        "0000  str.cmp    eq ct.request, \"{\\\"a\\\":\\\"b\\\\c\\\"}\"\n"
        "0001  ret\n");
}

TEST_CASE("numeric comparisons", "[disasm]") {
  CHECK(Listing("s3.bytes >= 1048576") ==
        "0000  num.cmp    ge s3.bytes, 1048576\n"
        "0001  ret\n");
  CHECK(Listing("evt.num < 10") ==
        "0000  num.cmp    lt evt.num, 10\n"
        "0001  ret\n");
  // sscanf("%llu") wraps -1 to 2^64-1, as Falco does.
  CHECK(Listing("s3.bytes != -1") ==
        "0000  num.cmp    ne s3.bytes, 18446744073709551615\n"
        "0001  ret\n");
}

TEST_CASE("substring, prefix and suffix operators", "[disasm]") {
  CHECK(Listing("ct.useragent contains aws-cli") ==
        "0000  contains   ct.useragent, \"aws-cli\"\n"
        "0001  ret\n");
  // icontains stores its needle lower-cased, once, at compile time.
  CHECK(Listing("ct.useragent icontains \"Boto3/1.X\"") ==
        "0000  icontains  ct.useragent, \"boto3/1.x\"\n"
        "0001  ret\n");
  CHECK(Listing("ct.name startswith Describe") ==
        "0000  startswith ct.name, \"Describe\"\n"
        "0001  ret\n");
  CHECK(Listing("ct.src endswith .amazonaws.com") ==
        "0000  endswith   ct.src, \".amazonaws.com\"\n"
        "0001  ret\n");
}

TEST_CASE("glob, iglob and regex keep their patterns", "[disasm]") {
  CHECK(Listing("ct.src glob '*.amazonaws.com'") ==
        "0000  glob       ct.src, \"*.amazonaws.com\"\n"
        "0001  ret\n");
  // iglob folds case when matching, not in the stored pattern.
  CHECK(Listing("ct.name iglob 'Get*Policy'") ==
        "0000  iglob      ct.name, \"Get*Policy\"\n"
        "0001  ret\n");
  CHECK(Listing("ct.name regex 'Get(Bucket|Object)Acl'") ==
        "0000  regex      ct.name, \"Get(Bucket|Object)Acl\"\n"
        "0001  ret\n");
}

TEST_CASE("in on scalar fields: string and number sets", "[disasm]") {
  // Sets are printed sorted, whatever the order in the condition.
  CHECK(Listing("ct.region in (us-east-1, eu-west-1, ap-south-1)") ==
        "0000  str.in     ct.region, (\"ap-south-1\", \"eu-west-1\", "
        "\"us-east-1\")\n"
        "0001  ret\n");
  // intersects on a scalar field is the same test as in.
  CHECK(Listing("ct.name intersects (B, A)") ==
        "0000  str.in     ct.name, (\"A\", \"B\")\n"
        "0001  ret\n");
  // Number sets sort by value, and duplicates collapse.
  CHECK(Listing("s3.bytes in (300, 2, 10, 2)") ==
        "0000  num.in     s3.bytes, (2, 10, 300)\n"
        "0001  ret\n");
}

TEST_CASE("in and intersects on a list field", "[disasm]") {
  // ec2.imageids is a list: in is a subset test, intersects an overlap.
  CHECK(Listing("ec2.imageids in (ami-2, ami-1)") ==
        "0000  list.in    ec2.imageids, (\"ami-1\", \"ami-2\")\n"
        "0001  ret\n");
  CHECK(Listing("ec2.imageids intersects (ami-1)") ==
        "0000  list.any   ec2.imageids, (\"ami-1\")\n"
        "0001  ret\n");
  // List-ness belongs to the field, as in Falco: with an index it is
  // still a list (of at most one value).
  CHECK(Listing("ec2.imageids[1] in (ami-1)") ==
        "0000  list.in    ec2.imageids[1], (\"ami-1\")\n"
        "0001  ret\n");
}

TEST_CASE("pmatch refers to its prefix tree by index", "[disasm]") {
  CHECK(Listing("s3.key pmatch (/var/run, /tmp) or s3.key pmatch (/etc)") ==
        "0000  pmatch     s3.key, prefixes#0\n"
        "0001  jt         0003\n"
        "0002  pmatch     s3.key, prefixes#1\n"
        "0003  ret\n");
}

TEST_CASE("modifiers list their prepared values in order", "[disasm]") {
  CHECK(Listing("ct.name startswith anyof (List, Get, Describe)") ==
        "0000  modifier   startswith anyof ct.name, (\"List\", \"Get\", "
        "\"Describe\")\n"
        "0001  ret\n");
  CHECK(Listing("ct.name = oneof (A, B)") ==
        "0000  modifier   eq oneof ct.name, (\"A\", \"B\")\n"
        "0001  ret\n");
  CHECK(Listing("ct.name != allof (A, B)") ==
        "0000  modifier   ne allof ct.name, (\"A\", \"B\")\n"
        "0001  ret\n");
  // icontains needles are lower-cased here too.
  CHECK(Listing("ct.useragent icontains anyof (Boto3, CLI)") ==
        "0000  modifier   icontains anyof ct.useragent, (\"boto3\", "
        "\"cli\")\n"
        "0001  ret\n");
  CHECK(Listing("ct.name glob allof ('Get*', '*Policy')") ==
        "0000  modifier   glob allof ct.name, (\"Get*\", \"*Policy\")\n"
        "0001  ret\n");
  // A regex modifier is flagged as such (flags = 1).
  CHECK(Listing("ct.name regex oneof ('Get.*', '.*Policy')") ==
        "0000  modifier   regex oneof ct.name, (\"Get.*\", \".*Policy\")\n"
        "0001  ret\n");
}

TEST_CASE("field-to-field comparisons", "[disasm]") {
  CHECK(Listing("ct.user = val(ct.request.username)") ==
        "0000  field.cmp  eq ct.user, ct.request.username\n"
        "0001  ret\n");
  CHECK(Listing("ct.user != tolower(ct.request.username)") ==
        "0000  field.cmp  ne ct.user, tolower(ct.request.username)\n"
        "0001  ret\n");
  CHECK(Listing("ct.name startswith val(ct.request.name)") ==
        "0000  field.cmp  startswith ct.name, ct.request.name\n"
        "0001  ret\n");
  CHECK(Listing("s3.bytes > val(evt.num)") ==
        "0000  field.cmp  gt s3.bytes, evt.num\n"
        "0001  ret\n");
}

TEST_CASE("transformers are operands with their canonical text", "[disasm]") {
  CHECK(Listing("tolower(ct.name) = getobject") ==
        "0000  str.cmp    eq tolower(ct.name), \"getobject\"\n"
        "0001  ret\n");
  CHECK(Listing("toupper(ct.region) startswith US") ==
        "0000  startswith toupper(ct.region), \"US\"\n"
        "0001  ret\n");
  CHECK(Listing("basename(s3.key) endswith .pdf") ==
        "0000  endswith   basename(s3.key), \".pdf\"\n"
        "0001  ret\n");
  CHECK(Listing("b64(s3.bucket) contains secret") ==
        "0000  contains   b64(s3.bucket), \"secret\"\n"
        "0001  ret\n");
  // len gives a number: num.cmp.
  CHECK(Listing("len(ec2.imageids) > 1") ==
        "0000  num.cmp    gt len(ec2.imageids), 1\n"
        "0001  ret\n");
  CHECK(Listing("len(ct.name) = 12") ==
        "0000  num.cmp    eq len(ct.name), 12\n"
        "0001  ret\n");
  CHECK(Listing("join(\",\", ec2.imageids) = \"ami-1,ami-2\"") ==
        "0000  str.cmp    eq join(\",\", ec2.imageids), \"ami-1,ami-2\"\n"
        "0001  ret\n");
  CHECK(Listing("concat(ct.user, \"@\", ct.region) = \"alice@us-east-1\"") ==
        "0000  str.cmp    eq concat(ct.user, \"@\", ct.region), "
        "\"alice@us-east-1\"\n"
        "0001  ret\n");
  CHECK(Listing("tolower(basename(s3.key)) glob '*.pdf'") ==
        "0000  glob       tolower(basename(s3.key)), \"*.pdf\"\n"
        "0001  ret\n");
}

TEST_CASE("json.value and legacy names", "[disasm]") {
  CHECK(Listing("json.value[/userIdentity/sessionContext/attributes/"
                "mfaAuthenticated] = true") ==
        "0000  str.cmp    eq json.value[/userIdentity/sessionContext/"
        "attributes/mfaAuthenticated], \"true\"\n"
        "0001  ret\n");
  CHECK(Listing("aws.eventName = GetObject and not aws.errorCode exists") ==
        "0000  str.cmp    eq aws.eventName, \"GetObject\"\n"
        "0001  jf         0004\n"
        "0002  exists     aws.errorCode\n"
        "0003  not\n"
        "0004  ret\n");
}

TEST_CASE("lists are expanded before compiling", "[disasm]") {
  std::map<std::string, std::vector<std::string>> lists = {
      {"approved_regions", {"us-east-1", "eu-west-1"}}};
  CHECK(Listing("ct.name = RunInstances and not ct.region in "
                "(approved_regions)",
                {}, lists) ==
        "0000  str.cmp    eq ct.name, \"RunInstances\"\n"
        "0001  jf         0004\n"
        "0002  str.in     ct.region, (\"eu-west-1\", \"us-east-1\")\n"
        "0003  not\n"
        "0004  ret\n");
}

}  // namespace
}  // namespace falconet

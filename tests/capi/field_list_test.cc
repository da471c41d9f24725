// Listing the fields of an event source through the C ABI.
#include <catch2/catch.hpp>
#include <map>
#include <string>

#include "falconet.h"

namespace {

// name -> index in the list.
std::map<std::string, size_t> Index(const falconet_field_list* list) {
  std::map<std::string, size_t> index;
  for (size_t i = 0; i < falconet_field_list_count(list); ++i) {
    index[falconet_field_list_name(list, i)] = i;
  }
  return index;
}

}  // namespace

TEST_CASE("the CloudTrail fields, with types and flags", "[capi][fields]") {
  falconet_field_list* list = nullptr;
  REQUIRE(falconet_field_list_new(&list, "aws_cloudtrail") == FALCONET_OK);
  std::map<std::string, size_t> index = Index(list);

  // Fields of the spec's CloudTrail and json tables.
  for (const char* name : {"ct.name", "ct.user", "ct.srcip", "ct.region",
                           "json.value", "evt.num", "evt.time"}) {
    INFO(name);
    CHECK(index.count(name) == 1);
  }
  size_t name = index.at("ct.name");
  CHECK(std::string(falconet_field_list_type(list, name)) == "string");
  CHECK(falconet_field_list_flags(list, name) == 0);
  CHECK_FALSE(std::string(falconet_field_list_description(list, name)).empty());

  size_t num = index.at("evt.num");
  CHECK(std::string(falconet_field_list_type(list, num)) == "uint64");

  size_t value = index.at("json.value");
  CHECK((falconet_field_list_flags(list, value) &
         FALCONET_FIELD_ARG_REQUIRED) != 0);

  // The aliases of the design's dialect are listed too.
  CHECK(index.count("jevt.value") == 1);
  CHECK(index.count("aws.eventSource") == 1);

  CHECK(falconet_field_list_name(list, falconet_field_list_count(list)) ==
        nullptr);
  CHECK(falconet_field_list_flags(list, falconet_field_list_count(list)) == 0);
  falconet_field_list_free(list);
}

TEST_CASE("the image_scan fields", "[capi][fields]") {
  falconet_field_list* list = nullptr;
  REQUIRE(falconet_field_list_new(&list, "image_scan") == FALCONET_OK);
  CHECK(falconet_field_list_count(list) > 0);
  falconet_field_list_free(list);
}

TEST_CASE("an unknown source is not found", "[capi][fields]") {
  falconet_field_list* list = reinterpret_cast<falconet_field_list*>(1);
  CHECK(falconet_field_list_new(&list, "syscall") == FALCONET_ENOTFOUND);
  CHECK(list == nullptr);
  CHECK(std::string(falconet_error_last()) ==
        "falconet_field_list_new: unknown event source 'syscall'");
}

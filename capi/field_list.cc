// The C ABI's listing of the fields an event source offers.
#include <string>

#include "capi_internal.h"
#include "fields/field_registry.h"

using falconet::capi::Guard;
using falconet::capi::NullArgument;
using falconet::capi::SetError;

namespace {

// The type names Falco's field listing shows.
const char* TypeName(falconet::FieldType type) {
  switch (type) {
    case falconet::FieldType::kString:
      return "string";
    case falconet::FieldType::kUint64:
      return "uint64";
    case falconet::FieldType::kBool:
      return "bool";
    case falconet::FieldType::kAbsTime:
      return "abstime";
  }
  return "unknown";
}

unsigned int FlagsOf(const falconet::FieldInfo& info) {
  unsigned int flags = 0;
  if (info.hidden) flags |= FALCONET_FIELD_HIDDEN;
  if (info.is_list) flags |= FALCONET_FIELD_LIST;
  if (info.arg == falconet::ArgMode::kIndexOptional) {
    flags |= FALCONET_FIELD_ARG_INDEX;
  }
  if (info.arg == falconet::ArgMode::kKeyRequired) {
    flags |= FALCONET_FIELD_ARG_REQUIRED;
  }
  return flags;
}

const falconet_field_list::Entry* EntryAt(const falconet_field_list* list,
                                          size_t index) {
  if (!list || index >= list->entries.size()) return nullptr;
  return &list->entries[index];
}

}  // namespace

extern "C" {

int falconet_field_list_new(falconet_field_list** out, const char* source) {
  const char* fn = "falconet_field_list_new";
  if (!out) return NullArgument(fn, "out");
  *out = nullptr;
  if (!source) return NullArgument(fn, "source");
  return Guard([&]() -> int {
    const falconet::FieldRegistry* registry =
        falconet::FieldRegistry::ForSource(source);
    if (!registry) {
      return SetError(
          FALCONET_ENOTFOUND,
          std::string(fn) + ": unknown event source '" + source + "'");
    }
    auto list = std::make_unique<falconet_field_list>();
    for (const falconet::FieldInfo& info : registry->fields()) {
      list->entries.push_back({std::string(info.name), TypeName(info.type),
                               std::string(info.description), FlagsOf(info)});
    }
    *out = list.release();
    return FALCONET_OK;
  });
}

void falconet_field_list_free(falconet_field_list* list) { delete list; }

size_t falconet_field_list_count(const falconet_field_list* list) {
  return list ? list->entries.size() : 0;
}

const char* falconet_field_list_name(const falconet_field_list* list,
                                     size_t index) {
  const falconet_field_list::Entry* entry = EntryAt(list, index);
  return entry ? entry->name.c_str() : nullptr;
}

const char* falconet_field_list_type(const falconet_field_list* list,
                                     size_t index) {
  const falconet_field_list::Entry* entry = EntryAt(list, index);
  return entry ? entry->type.c_str() : nullptr;
}

const char* falconet_field_list_description(const falconet_field_list* list,
                                            size_t index) {
  const falconet_field_list::Entry* entry = EntryAt(list, index);
  return entry ? entry->description.c_str() : nullptr;
}

unsigned int falconet_field_list_flags(const falconet_field_list* list,
                                       size_t index) {
  const falconet_field_list::Entry* entry = EntryAt(list, index);
  return entry ? entry->flags : 0;
}

}  // extern "C"

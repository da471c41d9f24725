#include "fields/field_registry.h"

#include "fields/cloudtrail_fields.h"
#include "fields/image_scan_fields.h"

namespace falconet {

const FieldRegistry* FieldRegistry::ForSource(std::string_view source) {
  if (source == "aws_cloudtrail") return &CloudtrailFieldRegistry();
  if (source == "image_scan") return &ImageScanFieldRegistry();
  return nullptr;
}

std::string_view FalcoTypeName(FieldType type) {
  // libsinsp's param_type_to_string names, as its errors print them.
  switch (type) {
    case FieldType::kString:
      return "CHARBUF";
    case FieldType::kUint64:
      return "UINT64";
    case FieldType::kBool:
      return "BOOL";
    case FieldType::kAbsTime:
      return "ABSTIME";
  }
  return "UNKNOWN";
}

}  // namespace falconet

#include "fields/image_scan_fields.h"

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fields/field_args.h"
#include "fields/image_scan_event.h"

namespace falconet {
namespace {

enum Code : FieldCode {
  kImageRef,
  kImageRegistry,
  kImageRepository,
  kImageTag,
  kImageDigest,
  kScanScanner,
  kScanStatus,
  kScanError,
  kScanCritical,
  kScanHigh,
  kScanMedium,
  kScanLow,
  kScanUnknown,
  kScanTotal,
  kScanFixable,
  kScanCriticalFixable,
  kScanHighFixable,
  kScanCves,
};

FieldInfo String(std::string_view name, Code code, std::string_view desc) {
  return {name,  FieldType::kString, false, ArgMode::kNone,
          false, Display::kPlain,    desc,  code};
}

FieldInfo Count(std::string_view name, Code code, std::string_view desc) {
  return {name,  FieldType::kUint64, false, ArgMode::kNone,
          false, Display::kPlain,    desc,  code};
}

std::vector<FieldInfo> OwnFields() {
  FieldInfo cves = String(
      "scan.cves", kScanCves,
      "The distinct vulnerability ids the scan found (CVE, GHSA, ...), as a "
      "list for 'in' and 'intersects'.");
  cves.is_list = true;
  return {
      String("image.ref", kImageRef,
             "The image reference as the deploying record names it."),
      String("image.registry", kImageRegistry,
             "The image's registry host (and port); docker.io when the "
             "reference names none."),
      String("image.repository", kImageRepository,
             "The image's repository path, e.g. library/nginx for nginx."),
      String("image.tag", kImageTag,
             "The image tag; latest when the reference has neither tag nor "
             "digest."),
      String("image.digest", kImageDigest,
             "The image digest (sha256:...), when the reference gives one."),
      String("scan.scanner", kScanScanner,
             "The scanner that wrote the report: trivy, grype or custom."),
      String("scan.status", kScanStatus,
             "ok, or failed when the scan or its report could not be used."),
      String("scan.error", kScanError, "Why the scan failed."),
      Count("scan.critical", kScanCritical,
            "Distinct critical vulnerabilities (id, package, version)."),
      Count("scan.high", kScanHigh, "Distinct high vulnerabilities."),
      Count("scan.medium", kScanMedium, "Distinct medium vulnerabilities."),
      Count("scan.low", kScanLow,
            "Distinct low vulnerabilities (Grype's Negligible included)."),
      Count("scan.unknown", kScanUnknown,
            "Distinct vulnerabilities of unknown severity."),
      Count("scan.total", kScanTotal,
            "Distinct vulnerabilities of any severity."),
      Count("scan.fixable", kScanFixable,
            "Distinct vulnerabilities for which the report names a fixed "
            "version."),
      Count("scan.critical.fixable", kScanCriticalFixable,
            "Distinct critical vulnerabilities with a fixed version."),
      Count("scan.high.fixable", kScanHighFixable,
            "Distinct high vulnerabilities with a fixed version."),
      cves,
  };
}

void AddIfSet(std::string_view s, ValueList& out) {
  if (!s.empty()) out.AddString(s);
}

// The summary's counts and ids exist only for a scan that succeeded.
void ExtractSummary(Code code, const ScanSummary& s, ValueList& out) {
  switch (code) {
    case kScanCritical:
      out.AddNumber(s.critical);
      break;
    case kScanHigh:
      out.AddNumber(s.high);
      break;
    case kScanMedium:
      out.AddNumber(s.medium);
      break;
    case kScanLow:
      out.AddNumber(s.low);
      break;
    case kScanUnknown:
      out.AddNumber(s.unknown);
      break;
    case kScanTotal:
      out.AddNumber(s.total);
      break;
    case kScanFixable:
      out.AddNumber(s.fixable);
      break;
    case kScanCriticalFixable:
      out.AddNumber(s.critical_fixable);
      break;
    case kScanHighFixable:
      out.AddNumber(s.high_fixable);
      break;
    case kScanCves:
      for (const std::string& id : s.vulnerability_ids) out.AddString(id);
      break;
    default:
      break;
  }
}

class ImageScanFields final : public FieldRegistry {
 public:
  ImageScanFields()
      : own_(OwnFields()),
        cloudtrail_(FieldRegistry::ForSource("aws_cloudtrail")) {
    listing_ = own_;
    if (cloudtrail_ != nullptr) {
      const std::vector<FieldInfo>& more = cloudtrail_->fields();
      listing_.insert(listing_.end(), more.begin(), more.end());
    }
  }

  std::string_view source() const override { return "image_scan"; }

  const FieldInfo* Find(std::string_view name) const override {
    const FieldInfo* own = FindOwn(name);
    if (own != nullptr || cloudtrail_ == nullptr) return own;
    return cloudtrail_->Find(name);
  }

  // Own fields first, then copies of the aws_cloudtrail entries; Find()
  // and Resolve() hand out the aws_cloudtrail registry's own entries.
  const std::vector<FieldInfo>& fields() const override { return listing_; }

  absl::StatusOr<FieldRef> Resolve(std::string_view name,
                                   std::optional<std::string_view> arg,
                                   PathPlan& plan, bool hot) const override {
    const FieldInfo* own = FindOwn(name);
    if (own == nullptr && cloudtrail_ != nullptr) {
      return cloudtrail_->Resolve(name, arg, plan, hot);
    }
    if (own == nullptr) return NonexistentFieldError(name, arg);
    absl::StatusOr<FieldArgument> checked = ParseFieldArgument(*own, arg);
    if (!checked.ok()) return checked.status();
    FieldRef ref;
    ref.info = own;
    return ref;
  }

  void Extract(const FieldRef& ref, const EventView& event,
               ValueList& out) const override {
    if (!IsOwn(ref.info)) {
      if (cloudtrail_ != nullptr) cloudtrail_->Extract(ref, event, out);
      return;
    }
    if (event.scan == nullptr) return;
    const ImageReference& image = event.scan->image;
    const ScanSummary& summary = event.scan->summary;
    switch (static_cast<Code>(ref.info->code)) {
      case kImageRef:
        AddIfSet(image.ref, out);
        break;
      case kImageRegistry:
        AddIfSet(image.registry, out);
        break;
      case kImageRepository:
        AddIfSet(image.repository, out);
        break;
      case kImageTag:
        AddIfSet(image.tag, out);
        break;
      case kImageDigest:
        AddIfSet(image.digest, out);
        break;
      case kScanScanner:
        AddIfSet(summary.scanner, out);
        break;
      case kScanStatus:
        out.AddString(ScanStatusName(summary.status));
        break;
      case kScanError:
        AddIfSet(summary.error, out);
        break;
      default:
        if (summary.status == ScanStatus::kOk) {
          ExtractSummary(static_cast<Code>(ref.info->code), summary, out);
        }
        break;
    }
  }

 private:
  const FieldInfo* FindOwn(std::string_view name) const {
    for (const FieldInfo& f : own_) {
      if (f.name == name) return &f;
    }
    return nullptr;
  }

  // std::less gives a total order even across unrelated objects.
  bool IsOwn(const FieldInfo* info) const {
    std::less<const FieldInfo*> less;
    return !less(info, own_.data()) && less(info, own_.data() + own_.size());
  }

  std::vector<FieldInfo> own_;
  std::vector<FieldInfo> listing_;
  const FieldRegistry* cloudtrail_;  // null only if falconet lacks it
};

}  // namespace

const FieldRegistry& ImageScanFieldRegistry() {
  static const ImageScanFields* const registry = new ImageScanFields();
  return *registry;
}

}  // namespace falconet

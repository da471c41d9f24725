// The fields of the `image_scan` source: the scanned image (image.*) and
// the scan's summary (scan.*), plus every field of `aws_cloudtrail`, read
// from the CloudTrail record that deployed the image.
//
//   image.ref         the reference as the record named it
//   image.registry    "docker.io" when the reference names none
//   image.repository  "library/nginx" for "nginx"
//   image.tag         "latest" when neither tag nor digest is given;
//                     missing for a digest-only reference
//   image.digest      "sha256:..."; missing when not given
//   scan.scanner      "trivy", "grype", "custom"; missing when unknown
//   scan.status       "ok" or "failed"
//   scan.error        why the scan failed; missing when it did not
//   scan.critical, scan.high, scan.medium, scan.low, scan.unknown,
//   scan.total, scan.fixable   (uint64) distinct vulnerabilities, counted as
//                     scan/scan_report.h explains; missing when the scan
//                     failed, so that `scan.critical = 0` never holds for
//                     an image that was not scanned
//   scan.cves         (list) the distinct vulnerability ids, for `in` and
//                     `intersects`; missing when the scan failed or found
//                     nothing
//
// These fields take no argument and read no JSON paths: they come from the
// ImageScanEvent in EventView::scan, and are missing when it is null. Any
// other name is looked up in the aws_cloudtrail registry.
#ifndef FALCONET_FIELDS_IMAGE_SCAN_FIELDS_H_
#define FALCONET_FIELDS_IMAGE_SCAN_FIELDS_H_

#include "fields/field_registry.h"

namespace falconet {

// The registry for source "image_scan". Built on first use (thread-safe),
// immutable afterwards, and alive for the whole process.
const FieldRegistry& ImageScanFieldRegistry();

}  // namespace falconet

#endif  // FALCONET_FIELDS_IMAGE_SCAN_FIELDS_H_

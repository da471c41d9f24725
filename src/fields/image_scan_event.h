// The event an image scan produces: which image was scanned and what the
// scanner found. Rules with `source: image_scan` read it through the fields
// in fields/image_scan_fields.h; the CloudTrail record that deployed the
// image travels beside it in the EventView (json, slots), so its ct.* and
// json.* fields stay available.
//
// The image and the summary are the scan stage's own types; the fields
// stage uses only these plain structs, never scan code, so falconet_fields
// does not link falconet_scan.
//
// Plain data. The engine builds one per report and keeps it alive while
// rules are evaluated on it; field values are views into it.
#ifndef FALCONET_FIELDS_IMAGE_SCAN_EVENT_H_
#define FALCONET_FIELDS_IMAGE_SCAN_EVENT_H_

#include "scan/image_reference.h"
#include "scan/scan_report.h"

namespace falconet {

struct ImageScanEvent {
  ImageReference image;  // image.ref, image.registry, ...
  ScanSummary summary;   // scan.scanner, scan.status, the counts, scan.cves
};

}  // namespace falconet

#endif  // FALCONET_FIELDS_IMAGE_SCAN_EVENT_H_

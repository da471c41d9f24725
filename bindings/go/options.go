package falconet

// C helpers that install the exported Go callbacks in options structs.
// They live apart from callbacks.go because a cgo file with //export may
// only declare, not define, C functions.

/*
#include <falconet.h>

extern void falconetGoDiagnostic(falconet_diagnostic*, void*);
extern int falconetGoAlert(falconet_alert*, void*);
extern int falconetGoSkip(falconet_skipped_record*, void*);
extern int falconetGoScan(falconet_scan_request*, void*);

static void falconet_go_scan_options(falconet_scan_options* o,
                                     void* payload) {
  o->scan_cb = (falconet_scan_cb)falconetGoScan;
  o->payload = payload;
}

static void falconet_go_ruleset_options(falconet_ruleset_options* o,
                                        void* payload) {
  o->diagnostic_cb = (falconet_diagnostic_cb)falconetGoDiagnostic;
  o->payload = payload;
}

static void falconet_go_eval_options(falconet_eval_options* o,
                                     void* payload) {
  o->alert_cb = (falconet_alert_cb)falconetGoAlert;
  o->skip_cb = (falconet_skip_cb)falconetGoSkip;
  o->payload = payload;
}
*/
import "C"

func rulesetOptions(p payload, matching Matching, minPriority *Priority) C.falconet_ruleset_options {
	var o C.falconet_ruleset_options
	C.falconet_ruleset_options_init(&o, C.FALCONET_RULESET_OPTIONS_VERSION)
	C.falconet_go_ruleset_options(&o, p.ptr)
	o.matching = C.int(matching)
	if minPriority != nil {
		o.min_priority = C.int(*minPriority)
	}
	return o
}

func scanOptions(p payload) C.falconet_scan_options {
	var o C.falconet_scan_options
	C.falconet_scan_options_init(&o, C.FALCONET_SCAN_OPTIONS_VERSION)
	C.falconet_go_scan_options(&o, p.ptr)
	return o
}

func evalOptions(p payload) C.falconet_eval_options {
	var o C.falconet_eval_options
	C.falconet_eval_options_init(&o, C.FALCONET_EVAL_OPTIONS_VERSION)
	C.falconet_go_eval_options(&o, p.ptr)
	return o
}

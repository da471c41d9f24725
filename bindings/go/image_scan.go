package falconet

// Image scans: a hook asked to scan each container image that a record
// deploys, answering at once or later through SubmitScanReport.

/*
#include <stdlib.h>
#include <falconet.h>
*/
import "C"

import (
	"fmt"
	"runtime"
	"time"
	"unsafe"
)

// DefaultScanWindow is how long an image, once asked for, is not asked
// for again (in event time), unless SetImageScan is given another window.
const DefaultScanWindow = time.Hour

// ScanRequest is one image to scan, with the record that deployed it.
type ScanRequest struct {
	ID         uint64 // for SubmitScanReport
	Image      string // the reference as the record gives it
	Registry   string
	Repository string
	Tag        string
	Digest     string
	Account    string // ct.user.accountid
	Region     string // ct.region
	Principal  string // ct.user.arn, else ct.user
	SourceIP   string // ct.srcip
	EventID    string // ct.id
	EventName  string // ct.name
	EventTime  time.Time
	Rules      []string // the rules that fired on the record
}

// ScanHook scans a request's image. It returns the scanner's report
// (Trivy or Grype JSON); nil and no error to answer later with
// SubmitScanReport; an error (or a panic) for a failed scan. It runs on
// the goroutine that calls Evaluate, and the answer's alerts go where
// that call's alerts go. It must not call the Evaluator.
type ScanHook func(*ScanRequest) ([]byte, error)

// ImageLocation is another place where records name images: Pointer is a
// JSON pointer in which a * token stands for every array element.
type ImageLocation struct {
	EventSource string // "ecs.amazonaws.com"
	EventName   string // "RegisterTaskDefinition"
	Pointer     string
}

// SetImageScan installs hook (nil removes it). window: an image asked
// for less than this long before, in event time, is not asked for again
// (0: every occurrence). extra: more places where records name images.
func (e *Evaluator) SetImageScan(hook ScanHook, window time.Duration,
	extra []ImageLocation) error {
	if !e.mu.TryLock() {
		return ErrBusy
	}
	defer e.mu.Unlock()
	if e.ptr == nil {
		return ErrClosed
	}

	var p *payload
	var opts C.falconet_scan_options
	if hook != nil {
		pl := newPayload(hook)
		p = &pl
		opts = scanOptions(pl)
	} else {
		C.falconet_scan_options_init(&opts, C.FALCONET_SCAN_OPTIONS_VERSION)
	}
	if window > 0 {
		opts.repeat_window_ns = C.uint64_t(window.Nanoseconds())
	} else {
		opts.repeat_window_ns = 0
	}
	locations, free := cLocations(extra)
	defer free()
	if len(extra) > 0 {
		opts.extra_locations = locations
		opts.extra_location_count = C.size_t(len(extra))
	}
	err := call(func() C.int {
		return C.falconet_evaluator_set_image_scan(e.ptr, &opts)
	})
	runtime.KeepAlive(e)
	if err != nil {
		if p != nil {
			p.free()
		}
		return err
	}
	if e.scan != nil {
		e.scan.free()
	}
	e.scan = p
	return nil
}

// cLocations copies extra into C memory; call free when done.
func cLocations(extra []ImageLocation) (*C.falconet_image_location, func()) {
	if len(extra) == 0 {
		return nil, func() {}
	}
	size := C.size_t(unsafe.Sizeof(C.falconet_image_location{}))
	array := (*C.falconet_image_location)(C.calloc(C.size_t(len(extra)), size))
	items := unsafe.Slice(array, len(extra))
	for i, l := range extra {
		items[i].event_source = C.CString(l.EventSource)
		items[i].event_name = C.CString(l.EventName)
		items[i].pointer = C.CString(l.Pointer)
	}
	return array, func() {
		for i := range items {
			C.free(unsafe.Pointer(items[i].event_source))
			C.free(unsafe.Pointer(items[i].event_name))
			C.free(unsafe.Pointer(items[i].pointer))
		}
		C.free(unsafe.Pointer(array))
	}
}

// SubmitScanReport answers the request id that the hook left for later
// with the scanner's report; the alerts it produces are handled as in
// EvaluateWith. ErrNotFound (an *Error with CodeNotFound) when id is not
// pending.
func (e *Evaluator) SubmitScanReport(id uint64, report []byte,
	opts EvaluateOptions) (*Result, error) {
	return e.submit(id, report, "", opts)
}

// SubmitScanFailure answers the request id with a failed scan.
func (e *Evaluator) SubmitScanFailure(id uint64, reason string,
	opts EvaluateOptions) (*Result, error) {
	return e.submit(id, nil, reason, opts)
}

func (e *Evaluator) submit(id uint64, report []byte, reason string,
	opts EvaluateOptions) (*Result, error) {
	if !e.mu.TryLock() {
		return nil, ErrBusy
	}
	defer e.mu.Unlock()
	if e.ptr == nil {
		return nil, ErrClosed
	}
	var creport, creason *C.char
	if report != nil {
		creport = (*C.char)(C.CBytes(append(report, 0)))
		defer C.free(unsafe.Pointer(creport))
	} else {
		creason = C.CString(reason)
		defer C.free(unsafe.Pointer(creason))
	}
	return e.runCall(opts, func(copts *C.falconet_eval_options,
		cresult *C.falconet_eval_result) C.int {
		return C.falconet_evaluator_submit_scan_report(cresult, e.ptr,
			C.uint64_t(id), creport, C.size_t(len(report)), creason, copts)
	})
}

// PendingScans is how many requests wait for SubmitScanReport.
func (e *Evaluator) PendingScans() int {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.ptr == nil {
		return 0
	}
	n := C.falconet_evaluator_pending_scan_count(e.ptr)
	runtime.KeepAlive(e)
	return int(n)
}

func readScanRequest(r *C.falconet_scan_request) *ScanRequest {
	req := &ScanRequest{
		ID:         uint64(C.falconet_scan_request_id(r)),
		Image:      C.GoString(C.falconet_scan_request_image(r)),
		Registry:   C.GoString(C.falconet_scan_request_registry(r)),
		Repository: C.GoString(C.falconet_scan_request_repository(r)),
		Tag:        C.GoString(C.falconet_scan_request_tag(r)),
		Digest:     C.GoString(C.falconet_scan_request_digest(r)),
		Account:    C.GoString(C.falconet_scan_request_account(r)),
		Region:     C.GoString(C.falconet_scan_request_region(r)),
		Principal:  C.GoString(C.falconet_scan_request_principal(r)),
		SourceIP:   C.GoString(C.falconet_scan_request_source_ip(r)),
		EventID:    C.GoString(C.falconet_scan_request_event_id(r)),
		EventName:  C.GoString(C.falconet_scan_request_event_name(r)),
		EventTime: time.Unix(0,
			int64(C.falconet_scan_request_event_time(r))).UTC(),
	}
	n := int(C.falconet_scan_request_rule_count(r))
	for i := 0; i < n; i++ {
		req.Rules = append(req.Rules,
			C.GoString(C.falconet_scan_request_rule(r, C.size_t(i))))
	}
	return req
}

//export falconetGoScan
func falconetGoScan(r *C.falconet_scan_request, p unsafe.Pointer) (rc C.int) {
	hook := valueOf(p).(ScanHook)
	defer func() {
		if v := recover(); v != nil {
			rc = failScan(r, fmt.Sprint("panic: ", v))
		}
	}()
	report, err := hook(readScanRequest(r))
	if err != nil {
		return failScan(r, err.Error())
	}
	if report == nil {
		return C.FALCONET_SCAN_LATER
	}
	var data *C.char
	if len(report) > 0 {
		data = (*C.char)(unsafe.Pointer(&report[0]))
	}
	rc = C.falconet_scan_request_report(r, data, C.size_t(len(report)))
	runtime.KeepAlive(report)
	return rc
}

func failScan(r *C.falconet_scan_request, reason string) C.int {
	creason := C.CString(reason)
	defer C.free(unsafe.Pointer(creason))
	return C.falconet_scan_request_fail(r, nil, creason)
}

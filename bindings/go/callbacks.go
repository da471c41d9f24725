package falconet

// The C library calls back into Go through the three exported functions
// below. Each call's Go state travels as a runtime/cgo.Handle, stored in
// memory allocated in C (the library keeps that pointer for the whole
// call, and Go memory may not be kept by C), and passed as the callbacks'
// payload.

/*
#include <stdint.h>
#include <stdlib.h>
#include <falconet.h>
*/
import "C"

import (
	"runtime/cgo"
	"unsafe"
)

// payload is a cgo.Handle to a Go value, in C memory.
type payload struct {
	ptr    unsafe.Pointer
	handle cgo.Handle
}

func newPayload(v any) payload {
	h := cgo.NewHandle(v)
	p := C.malloc(C.size_t(unsafe.Sizeof(C.uintptr_t(0))))
	*(*C.uintptr_t)(p) = C.uintptr_t(h)
	return payload{p, h}
}

func (p payload) free() {
	C.free(p.ptr)
	p.handle.Delete()
}

func valueOf(ptr unsafe.Pointer) any {
	return cgo.Handle(*(*C.uintptr_t)(ptr)).Value()
}

//export falconetGoDiagnostic
func falconetGoDiagnostic(d *C.falconet_diagnostic, p unsafe.Pointer) {
	c := valueOf(p).(*diagnosticCollector)
	c.list = append(c.list, Diagnostic{
		Severity: Severity(d.severity),
		Code:     C.GoString(d.code),
		Text:     C.GoString(d.text),
		Message:  C.GoString(d.message),
		File:     C.GoString(d.file),
		Line:     int(d.line),
		Column:   int(d.column),
		ItemType: C.GoString(d.item_type),
		ItemName: C.GoString(d.item_name),
		Snippet:  C.GoString(d.snippet),
	})
}

//export falconetGoAlert
func falconetGoAlert(a *C.falconet_alert, p unsafe.Pointer) (rc C.int) {
	call := valueOf(p).(*evaluateCall)
	defer call.recoverPanic(&rc)
	alert, err := readAlert(a, call.opts.WithRecord)
	if err == nil {
		err = call.onAlert(alert)
	}
	return call.stopOn(err)
}

//export falconetGoSkip
func falconetGoSkip(s *C.falconet_skipped_record, p unsafe.Pointer) (rc C.int) {
	call := valueOf(p).(*evaluateCall)
	defer call.recoverPanic(&rc)
	return call.stopOn(call.onSkip(SkippedRecord{
		Index:  uint64(s.index),
		Line:   uint64(s.line),
		Offset: uint64(s.offset),
		Reason: C.GoString(s.reason),
		Detail: C.GoString(s.detail),
	}))
}

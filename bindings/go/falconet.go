// Package falconet evaluates Falco rules over AWS CloudTrail records with
// libfalconet, through its C ABI (falconet.h).
//
// The library is found through pkg-config (falconet.pc, installed by
// `cmake --install`): point PKG_CONFIG_PATH at the install prefix's
// lib/pkgconfig, and the dynamic loader at its lib folder.
//
//	rules, err := falconet.LoadFile("rules.yaml", falconet.RulesetOptions{})
//	if err != nil { ... }          // a *falconet.Error with Diagnostics
//	defer rules.Close()
//	ev, _ := falconet.NewEvaluator(rules, falconet.EvaluatorOptions{})
//	defer ev.Close()
//	result, err := ev.Evaluate(data) // result.Alerts, result.Skipped
//
// Threads: a Ruleset may be shared by any number of goroutines; an
// Evaluator must be used by one goroutine at a time (a concurrent call
// fails with ErrBusy). Every object has Close, and a finalizer that
// closes it if the program forgets to.
package falconet

/*
#cgo pkg-config: falconet
#include <falconet.h>

#if !defined(FALCONET_VERSION_CHECK) || !FALCONET_VERSION_CHECK(0, 1, 0)
#error "falconet.dev/falconet needs falconet 0.1.0 or newer (falconet.h)"
#endif
*/
import "C"

import "strconv"

// MinVersion is the oldest library release this package supports; the
// build fails against an older falconet.h.
const MinVersion = "0.1.0"

// HeaderVersion is the version of the falconet.h this package was built
// with.
const HeaderVersion = C.FALCONET_VERSION_STRING

// LibraryVersion is the version of the libfalconet loaded at run time.
func LibraryVersion() string {
	return C.GoString(C.falconet_version(nil, nil, nil))
}

// Priority is Falco's rule priority, most severe first.
type Priority int

const (
	PriorityEmergency     Priority = C.FALCONET_PRIORITY_EMERGENCY
	PriorityAlert         Priority = C.FALCONET_PRIORITY_ALERT
	PriorityCritical      Priority = C.FALCONET_PRIORITY_CRITICAL
	PriorityError         Priority = C.FALCONET_PRIORITY_ERROR
	PriorityWarning       Priority = C.FALCONET_PRIORITY_WARNING
	PriorityNotice        Priority = C.FALCONET_PRIORITY_NOTICE
	PriorityInformational Priority = C.FALCONET_PRIORITY_INFORMATIONAL
	PriorityDebug         Priority = C.FALCONET_PRIORITY_DEBUG
)

// String gives Falco's name: "Emergency" ... "Informational", "Debug".
func (p Priority) String() string {
	name := C.falconet_priority_name(C.int(p))
	if name == nil {
		return "Priority(" + strconv.Itoa(int(p)) + ")"
	}
	return C.GoString(name)
}

// Matching says which rules report on a record.
type Matching int

const (
	// MatchFirst reports the first rule that matches (Falco's default).
	MatchFirst Matching = C.FALCONET_MATCH_FIRST
	// MatchAll reports every rule that matches.
	MatchAll Matching = C.FALCONET_MATCH_ALL
)

package falconet

/*
#include <falconet.h>
*/
import "C"

import (
	"runtime"
	"strconv"
	"strings"
)

// Code is a libfalconet return code (falconet_error_code).
type Code int

const (
	CodeError    Code = C.FALCONET_ERROR
	CodeInvalid  Code = C.FALCONET_EINVALID
	CodeNoMemory Code = C.FALCONET_ENOMEM
	CodeLoad     Code = C.FALCONET_ELOAD
	CodeNotFound Code = C.FALCONET_ENOTFOUND
	CodeUser     Code = C.FALCONET_EUSER
	CodeVersion  Code = C.FALCONET_EVERSION
)

// String gives the code's C name, e.g. "FALCONET_ELOAD".
func (c Code) String() string { return C.GoString(C.falconet_error_name(C.int(c))) }

// Severity tells errors from warnings.
type Severity int

const (
	SeverityError   Severity = C.FALCONET_SEVERITY_ERROR
	SeverityWarning Severity = C.FALCONET_SEVERITY_WARNING
)

func (s Severity) String() string {
	if s == SeverityError {
		return "error"
	}
	return "warning"
}

// Diagnostic is one error or warning from loading rules, as Falco
// reports it.
type Diagnostic struct {
	Severity Severity
	Code     string // "LOAD_ERR_COMPILE_CONDITION", "LOAD_UNUSED_MACRO", ...
	Text     string // the code's short text: "Error compiling condition"
	Message  string
	File     string
	Line     int    // 1-based
	Column   int    // 1-based
	ItemType string // "rule", "macro", "condition expression", ...
	ItemName string
	Snippet  string
}

func (d Diagnostic) String() string {
	return d.File + ":" + strconv.Itoa(d.Line) + ":" + strconv.Itoa(d.Column) + ": " +
		d.Severity.String() + ": " + d.Code + " (" + d.Text + "): " + d.Message
}

// Error is what every failing call returns: the library's code and
// message and, for load errors, every diagnostic reported while loading
// (errors first, then warnings). Compare with errors.Is against the
// sentinels below, e.g. errors.Is(err, falconet.ErrLoad).
type Error struct {
	Code        Code
	Message     string
	Diagnostics []Diagnostic
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("falconet: ")
	b.WriteString(e.Message)
	for _, d := range e.Diagnostics {
		if d.Severity == SeverityError {
			b.WriteString("\n  ")
			b.WriteString(d.String())
		}
	}
	return b.String()
}

// Is matches a sentinel (an *Error with no message) of the same code.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Message == "" && t.Code == e.Code
}

// Sentinels for errors.Is.
var (
	ErrInternal = &Error{Code: CodeError}
	ErrInvalid  = &Error{Code: CodeInvalid}
	ErrNoMemory = &Error{Code: CodeNoMemory}
	ErrLoad     = &Error{Code: CodeLoad}
	ErrNotFound = &Error{Code: CodeNotFound}
	ErrVersion  = &Error{Code: CodeVersion}
	// ErrBusy: an Evaluator was called while it was evaluating.
	ErrBusy = &Error{Code: CodeInvalid, Message: "the evaluator is busy: use one Evaluator per goroutine"}
	// ErrClosed: the object was closed.
	ErrClosed = &Error{Code: CodeInvalid, Message: "use of a closed falconet object"}
)

// call runs a C call that returns a falconet code, and turns a failure
// into an *Error carrying the library's message. The last-error message
// is kept per OS thread, so the goroutine stays on its thread from the
// call until the message is read.
func call(f func() C.int) error {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	rc := f()
	if rc >= 0 {
		return nil
	}
	return &Error{Code: Code(rc), Message: C.GoString(C.falconet_error_last())}
}

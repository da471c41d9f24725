package falconet

/*
#include <stdlib.h>
#include <falconet.h>
*/
import "C"

import (
	"errors"
	"runtime"
	"sync"
	"time"
	"unsafe"
)

// EvaluatorOptions configures an Evaluator.
type EvaluatorOptions struct {
	// Hostname is the "hostname" of JSON alerts; "" means the machine's.
	Hostname string
}

// Evaluator runs records through a Ruleset. It holds per-goroutine
// scratch space: cheap to create, and used by one goroutine at a time (a
// concurrent call returns ErrBusy). Create one per goroutine, all sharing
// one Ruleset.
type Evaluator struct {
	mu   sync.Mutex // held while evaluating
	ptr  *C.falconet_evaluator
	scan *payload // the installed scan hook, freed with the evaluator
}

// Alert is a rule match, copied out of the library.
type Alert struct {
	Rule     string
	Priority Priority
	Source   string
	Time     time.Time // the event time, UTC
	Tags     []string  // sorted
	// Output is the rule's output with its fields filled in.
	Output string
	// Fields are the output fields as text: those named in the rule's
	// output, plus the Ruleset's ExtraFields.
	Fields map[string]string
	// JSON is Falco's JSON alert, the line `falconet run --json` prints.
	JSON string
	// Record is the raw record, with EvaluateOptions.WithRecord.
	Record []byte
}

// SkippedRecord is a record that was not evaluated, and why.
type SkippedRecord struct {
	Index  uint64 // 0-based position in the buffer
	Line   uint64 // 1-based line where it starts
	Offset uint64 // byte offset
	Reason string // "invalid JSON", "missing eventTime", ...
	Detail string
}

// Result is what one Evaluate call did.
type Result struct {
	RecordsRead      uint64
	RecordsEvaluated uint64
	RecordsSkipped   uint64
	// Alerts, unless EvaluateOptions.OnAlert received them.
	Alerts  []Alert
	Skipped []SkippedRecord
}

// ErrStop, returned by an OnAlert or OnSkip handler, ends the evaluation
// early without an error.
var ErrStop = errors.New("falconet: stop evaluating")

// EvaluateOptions are the optional handlers of one Evaluate call. A
// handler that returns an error stops the evaluation, and Evaluate
// returns that error (nil for ErrStop); a handler that panics stops it
// too, and the panic resumes once the library has returned.
type EvaluateOptions struct {
	OnAlert    func(*Alert) error
	OnSkip     func(*SkippedRecord) error
	WithRecord bool
}

// NewEvaluator makes an evaluator of rules.
func NewEvaluator(rules *Ruleset, opts EvaluatorOptions) (*Evaluator, error) {
	rules.mu.RLock()
	defer rules.mu.RUnlock()
	if rules.ptr == nil {
		return nil, ErrClosed
	}
	var copts C.falconet_evaluator_options
	C.falconet_evaluator_options_init(&copts, C.FALCONET_EVALUATOR_OPTIONS_VERSION)
	if opts.Hostname != "" {
		copts.hostname = C.CString(opts.Hostname)
		defer C.free(unsafe.Pointer(copts.hostname))
	}
	var ptr *C.falconet_evaluator
	err := call(func() C.int {
		return C.falconet_evaluator_new(&ptr, rules.ptr, &copts)
	})
	runtime.KeepAlive(rules)
	if err != nil {
		return nil, err
	}
	e := &Evaluator{ptr: ptr}
	runtime.SetFinalizer(e, (*Evaluator).Close)
	return e, nil
}

// Evaluate evaluates every record of data, in one call into the library:
// a {"Records":[...]} document, a JSON array of records, one record, or
// JSON Lines. Records that cannot be evaluated (not JSON, no eventTime)
// are skipped and listed in Result.Skipped; the others are still
// evaluated.
func (e *Evaluator) Evaluate(data []byte) (*Result, error) {
	return e.EvaluateWith(data, EvaluateOptions{})
}

// EvaluateWith is Evaluate with handlers.
func (e *Evaluator) EvaluateWith(data []byte, opts EvaluateOptions) (*Result, error) {
	if !e.mu.TryLock() {
		return nil, ErrBusy
	}
	defer e.mu.Unlock()
	if e.ptr == nil {
		return nil, ErrClosed
	}

	return e.runCall(opts, func(copts *C.falconet_eval_options,
		cresult *C.falconet_eval_result) C.int {
		var cdata *C.char
		if len(data) > 0 {
			cdata = (*C.char)(unsafe.Pointer(&data[0]))
		}
		rc := C.falconet_evaluator_evaluate(cresult, e.ptr, cdata,
			C.size_t(len(data)), copts)
		runtime.KeepAlive(data)
		return rc
	})
}

// runCall makes one call into the library with the handlers of opts, and
// turns what they and the library did into a Result. e.mu is held.
func (e *Evaluator) runCall(opts EvaluateOptions, f func(
	*C.falconet_eval_options, *C.falconet_eval_result) C.int) (*Result, error) {
	state := &evaluateCall{opts: opts, result: &Result{}}
	p := newPayload(state)
	defer p.free()
	copts := evalOptions(p)
	cresult := C.falconet_eval_result{version: C.FALCONET_EVAL_RESULT_VERSION}
	err := call(func() C.int { return f(&copts, &cresult) })
	runtime.KeepAlive(e)

	if state.panicked != nil {
		panic(state.panicked)
	}
	r := state.result
	r.RecordsRead = uint64(cresult.records_read)
	r.RecordsEvaluated = uint64(cresult.records_evaluated)
	r.RecordsSkipped = uint64(cresult.records_skipped)
	if state.err != nil {
		if errors.Is(state.err, ErrStop) {
			return r, nil
		}
		return r, state.err
	}
	return r, err
}

// Close frees the evaluator; safe to call more than once, but not while
// it evaluates (ErrBusy).
func (e *Evaluator) Close() error {
	if !e.mu.TryLock() {
		return ErrBusy
	}
	defer e.mu.Unlock()
	if e.ptr != nil {
		C.falconet_evaluator_free(e.ptr)
		e.ptr = nil
		if e.scan != nil {
			e.scan.free()
			e.scan = nil
		}
		runtime.SetFinalizer(e, nil)
	}
	return nil
}

// evaluateCall is the Go state of one Evaluate call, reached from the
// callbacks through a cgo.Handle.
type evaluateCall struct {
	opts     EvaluateOptions
	result   *Result
	err      error // a handler's error, returned by Evaluate
	panicked any   // a handler's panic, resumed by Evaluate
}

func (c *evaluateCall) onAlert(a Alert) error {
	if c.opts.OnAlert == nil {
		c.result.Alerts = append(c.result.Alerts, a)
		return nil
	}
	return c.opts.OnAlert(&a)
}

func (c *evaluateCall) onSkip(s SkippedRecord) error {
	c.result.Skipped = append(c.result.Skipped, s)
	if c.opts.OnSkip == nil {
		return nil
	}
	return c.opts.OnSkip(&s)
}

// stopOn keeps a handler's error and asks the library to stop.
func (c *evaluateCall) stopOn(err error) C.int {
	if err == nil {
		return 0
	}
	c.err = err
	return 1
}

// recoverPanic keeps a handler's panic (a panic must not unwind through
// C) and asks the library to stop.
func (c *evaluateCall) recoverPanic(rc *C.int) {
	if v := recover(); v != nil {
		c.panicked = v
		*rc = 1
	}
}

// readAlert copies an alert during its callback.
func readAlert(a *C.falconet_alert, withRecord bool) (Alert, error) {
	alert := Alert{
		Rule:     C.GoString(C.falconet_alert_rule(a)),
		Priority: Priority(C.falconet_alert_priority(a)),
		Source:   C.GoString(C.falconet_alert_source(a)),
		Time:     time.Unix(0, int64(C.falconet_alert_time(a))).UTC(),
		Output:   C.GoString(C.falconet_alert_output(a)),
	}
	n := int(C.falconet_alert_tag_count(a))
	alert.Tags = make([]string, n)
	for i := range alert.Tags {
		alert.Tags[i] = C.GoString(C.falconet_alert_tag(a, C.size_t(i)))
	}
	n = int(C.falconet_alert_field_count(a))
	alert.Fields = make(map[string]string, n)
	for i := 0; i < n; i++ {
		var name, value *C.char
		if err := call(func() C.int {
			return C.falconet_alert_field(&name, &value, a, C.size_t(i))
		}); err != nil {
			return alert, err
		}
		alert.Fields[C.GoString(name)] = C.GoString(value)
	}
	var text *C.char
	var size C.size_t
	if err := call(func() C.int {
		return C.falconet_alert_json(&text, &size, a)
	}); err != nil {
		return alert, err
	}
	alert.JSON = C.GoStringN(text, C.int(size))
	if withRecord {
		if err := call(func() C.int {
			return C.falconet_alert_record(&text, &size, a)
		}); err != nil {
			return alert, err
		}
		alert.Record = C.GoBytes(unsafe.Pointer(text), C.int(size))
	}
	return alert, nil
}

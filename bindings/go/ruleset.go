package falconet

/*
#include <stdlib.h>
#include <falconet.h>
*/
import "C"

import (
	"runtime"
	"sync"
	"unsafe"
)

// RulesetOptions says how to load and select rules. The zero value loads
// every rule enabled in its file and reports the first match per record,
// as Falco does by default.
type RulesetOptions struct {
	Matching Matching
	// MinPriority, when set, skips rules less severe than it.
	MinPriority *Priority
	// Enable and Disable name rules, with `*` matching any run of
	// characters; EnableTags and DisableTags name tags. A rule is active
	// when enabled in its file or here, unless disabled here.
	Enable, Disable         []string
	EnableTags, DisableTags []string
	// ExtraFields are added to every alert's Fields (not its Output), as
	// Falco's append_output extra_fields do: "evt.num", "ct.id".
	ExtraFields []string
}

// AtLeast returns a pointer to p, for RulesetOptions.MinPriority.
func AtLeast(p Priority) *Priority { return &p }

// RulesFile is one rules file to load: read from Path, or, when Content
// is not nil, taken from Content with Path as its name in diagnostics.
type RulesFile struct {
	Path    string
	Content []byte
}

// RuleInfo describes one loaded rule.
type RuleInfo struct {
	Name     string
	Source   string
	Priority Priority
	Active   bool // evaluated, after selection
}

// Ruleset is a compiled set of rules. It is immutable and safe for
// concurrent use by any number of goroutines and Evaluators.
type Ruleset struct {
	mu       sync.RWMutex // Close takes it for writing
	ptr      *C.falconet_ruleset
	warnings []Diagnostic
}

type diagnosticCollector struct{ list []Diagnostic }

// sorted gives the errors, then the warnings.
func (c *diagnosticCollector) sorted() []Diagnostic {
	var out []Diagnostic
	for _, want := range []Severity{SeverityError, SeverityWarning} {
		for _, d := range c.list {
			if d.Severity == want {
				out = append(out, d)
			}
		}
	}
	return out
}

// LoadFile loads one rules file.
func LoadFile(path string, opts RulesetOptions) (*Ruleset, error) {
	return Load([]RulesFile{{Path: path}}, opts)
}

// LoadString loads rules from text; name stands for the file in
// diagnostics.
func LoadString(name, content string, opts RulesetOptions) (*Ruleset, error) {
	return Load([]RulesFile{{Path: name, Content: []byte(content)}}, opts)
}

// Load loads rules files in order, as Falco loads several: later files
// may append to or override what earlier ones defined. A file with errors
// fails the load with an *Error whose Diagnostics list what went wrong
// (errors.Is(err, ErrLoad)).
func Load(files []RulesFile, opts RulesetOptions) (*Ruleset, error) {
	collector := &diagnosticCollector{}
	p := newPayload(collector)
	defer p.free()
	copts := rulesetOptions(p, opts.Matching, opts.MinPriority)

	var builder *C.falconet_ruleset_builder
	if err := call(func() C.int {
		return C.falconet_ruleset_builder_new(&builder, &copts)
	}); err != nil {
		return nil, err
	}
	defer C.falconet_ruleset_builder_free(builder)

	withDiagnostics := func(err error) error {
		if e, ok := err.(*Error); ok {
			e.Diagnostics = collector.sorted()
		}
		return err
	}
	for _, f := range files {
		if err := addFile(builder, f); err != nil {
			return nil, withDiagnostics(err)
		}
	}
	if err := select_(builder, opts); err != nil {
		return nil, err
	}
	var ptr *C.falconet_ruleset
	if err := call(func() C.int {
		return C.falconet_ruleset_builder_build(&ptr, builder)
	}); err != nil {
		return nil, withDiagnostics(err)
	}

	r := &Ruleset{ptr: ptr}
	for _, d := range collector.sorted() {
		if d.Severity == SeverityWarning {
			r.warnings = append(r.warnings, d)
		}
	}
	runtime.SetFinalizer(r, (*Ruleset).Close)
	return r, nil
}

func addFile(builder *C.falconet_ruleset_builder, f RulesFile) error {
	path := C.CString(f.Path)
	defer C.free(unsafe.Pointer(path))
	if f.Content == nil {
		return call(func() C.int {
			return C.falconet_ruleset_builder_add_file(builder, path)
		})
	}
	var content *C.char
	if len(f.Content) > 0 {
		content = (*C.char)(unsafe.Pointer(&f.Content[0]))
	}
	return call(func() C.int {
		return C.falconet_ruleset_builder_add_string(builder, path, content,
			C.size_t(len(f.Content)))
	})
}

func select_(builder *C.falconet_ruleset_builder, opts RulesetOptions) error {
	type adder func(*C.falconet_ruleset_builder, *C.char) C.int
	lists := []struct {
		values []string
		add    adder
	}{
		{opts.Enable, func(b *C.falconet_ruleset_builder, s *C.char) C.int {
			return C.falconet_ruleset_builder_enable_rules(b, s)
		}},
		{opts.Disable, func(b *C.falconet_ruleset_builder, s *C.char) C.int {
			return C.falconet_ruleset_builder_disable_rules(b, s)
		}},
		{opts.EnableTags, func(b *C.falconet_ruleset_builder, s *C.char) C.int {
			return C.falconet_ruleset_builder_enable_tag(b, s)
		}},
		{opts.DisableTags, func(b *C.falconet_ruleset_builder, s *C.char) C.int {
			return C.falconet_ruleset_builder_disable_tag(b, s)
		}},
		{opts.ExtraFields, func(b *C.falconet_ruleset_builder, s *C.char) C.int {
			return C.falconet_ruleset_builder_add_output_field(b, s)
		}},
	}
	for _, l := range lists {
		for _, v := range l.values {
			s := C.CString(v)
			err := call(func() C.int { return l.add(builder, s) })
			C.free(unsafe.Pointer(s))
			if err != nil {
				return err
			}
		}
	}
	return nil
}

// Warnings are the warnings reported while loading.
func (r *Ruleset) Warnings() []Diagnostic { return r.warnings }

// Rules lists every rule, in evaluation order, active or not.
func (r *Ruleset) Rules() ([]RuleInfo, error) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	if r.ptr == nil {
		return nil, ErrClosed
	}
	n := int(C.falconet_ruleset_rule_count(r.ptr))
	rules := make([]RuleInfo, 0, n)
	for i := 0; i < n; i++ {
		index := C.size_t(i)
		rules = append(rules, RuleInfo{
			Name:     C.GoString(C.falconet_ruleset_rule_name(r.ptr, index)),
			Source:   C.GoString(C.falconet_ruleset_rule_source(r.ptr, index)),
			Priority: Priority(C.falconet_ruleset_rule_priority(r.ptr, index)),
			Active:   C.falconet_ruleset_rule_active(r.ptr, index) == 1,
		})
	}
	runtime.KeepAlive(r)
	return rules, nil
}

// Close frees the rule set. Evaluators made from it keep working. Safe to
// call more than once.
func (r *Ruleset) Close() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.ptr != nil {
		C.falconet_ruleset_free(r.ptr)
		r.ptr = nil
		runtime.SetFinalizer(r, nil)
	}
	return nil
}

// FieldInfo describes a field an event source offers.
type FieldInfo struct {
	Name        string
	Type        string // "string", "uint64", "bool", "abstime"
	Description string
	Hidden      bool
	List        bool
	Argument    string // "", "index" (optional) or "required"
}

// Fields lists the fields of an event source ("aws_cloudtrail",
// "image_scan"), hidden ones included; ErrNotFound for an unknown source.
func Fields(source string) ([]FieldInfo, error) {
	s := C.CString(source)
	defer C.free(unsafe.Pointer(s))
	var list *C.falconet_field_list
	if err := call(func() C.int {
		return C.falconet_field_list_new(&list, s)
	}); err != nil {
		return nil, err
	}
	defer C.falconet_field_list_free(list)

	n := int(C.falconet_field_list_count(list))
	fields := make([]FieldInfo, 0, n)
	for i := 0; i < n; i++ {
		index := C.size_t(i)
		flags := C.falconet_field_list_flags(list, index)
		f := FieldInfo{
			Name:        C.GoString(C.falconet_field_list_name(list, index)),
			Type:        C.GoString(C.falconet_field_list_type(list, index)),
			Description: C.GoString(C.falconet_field_list_description(list, index)),
			Hidden:      flags&C.FALCONET_FIELD_HIDDEN != 0,
			List:        flags&C.FALCONET_FIELD_LIST != 0,
		}
		switch {
		case flags&C.FALCONET_FIELD_ARG_REQUIRED != 0:
			f.Argument = "required"
		case flags&C.FALCONET_FIELD_ARG_INDEX != 0:
			f.Argument = "index"
		}
		fields = append(fields, f)
	}
	return fields, nil
}

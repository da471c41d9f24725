package falconet_test

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"falconet.dev/falconet"
)

func TestVersions(t *testing.T) {
	if falconet.LibraryVersion() != falconet.HeaderVersion {
		t.Errorf("library %s, header %s", falconet.LibraryVersion(),
			falconet.HeaderVersion)
	}
	if falconet.PriorityInformational.String() != "Informational" {
		t.Errorf("got %q", falconet.PriorityInformational.String())
	}
}

func TestLoadString(t *testing.T) {
	rules, err := falconet.LoadString("rules.yaml", testRules, falconet.RulesetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer rules.Close()
	got, err := rules.Rules()
	if err != nil {
		t.Fatal(err)
	}
	want := []falconet.RuleInfo{
		{"User created", "aws_cloudtrail", falconet.PriorityWarning, true},
		{"Any IAM call", "aws_cloudtrail", falconet.PriorityInformational, true},
		{"User deleted", "aws_cloudtrail", falconet.PriorityError, false},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("rules:\n got %v\nwant %v", got, want)
	}
	if len(rules.Warnings()) != 0 {
		t.Errorf("warnings: %v", rules.Warnings())
	}
}

func TestLoadFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "rules.yaml")
	if err := os.WriteFile(path, []byte(testRules), 0o644); err != nil {
		t.Fatal(err)
	}
	rules, err := falconet.LoadFile(path, falconet.RulesetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer rules.Close()
	if got, _ := rules.Rules(); len(got) != 3 {
		t.Errorf("%d rules", len(got))
	}
}

func TestLoadErrorCarriesDiagnostics(t *testing.T) {
	// The condition starts on line 3, column 14, with the unknown field.
	text := "- rule: Broken\n  desc: d\n  condition: ct.nosuch = x\n" +
		"  output: o\n  priority: INFO\n  source: aws_cloudtrail\n"
	rules, err := falconet.LoadString("broken.yaml", text, falconet.RulesetOptions{})
	if rules != nil || !errors.Is(err, falconet.ErrLoad) {
		t.Fatalf("got %v, %v", rules, err)
	}
	var e *falconet.Error
	if !errors.As(err, &e) || len(e.Diagnostics) != 1 {
		t.Fatalf("diagnostics: %#v", err)
	}
	d := e.Diagnostics[0]
	if d.Severity != falconet.SeverityError || d.Code != "LOAD_ERR_COMPILE_CONDITION" ||
		d.File != "broken.yaml" || d.Line != 3 || d.Column != 14 ||
		d.Message != "filter_check called with nonexistent field ct.nosuch" {
		t.Errorf("diagnostic: %+v", d)
	}
}

func TestMissingFile(t *testing.T) {
	_, err := falconet.LoadFile("/nonexistent/rules.yaml", falconet.RulesetOptions{})
	var e *falconet.Error
	if !errors.As(err, &e) || e.Code != falconet.CodeLoad ||
		len(e.Diagnostics) != 1 || e.Diagnostics[0].Code != "LOAD_ERR_FILE_READ" {
		t.Fatalf("got %v", err)
	}
}

func TestWarnings(t *testing.T) {
	rules, err := falconet.LoadString("w.yaml",
		testRules+"- macro: never_used\n  condition: ct.name = X\n",
		falconet.RulesetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer rules.Close()
	w := rules.Warnings()
	if len(w) != 1 || w[0].Code != "LOAD_UNUSED_MACRO" || w[0].ItemName != "never_used" {
		t.Errorf("warnings: %+v", w)
	}
}

func active(t *testing.T, opts falconet.RulesetOptions) []string {
	t.Helper()
	rules, err := falconet.LoadString("rules.yaml", testRules, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer rules.Close()
	infos, _ := rules.Rules()
	var names []string
	for _, r := range infos {
		if r.Active {
			names = append(names, r.Name)
		}
	}
	return names
}

func TestSelection(t *testing.T) {
	cases := []struct {
		opts falconet.RulesetOptions
		want []string
	}{
		{falconet.RulesetOptions{Disable: []string{"User *"}}, []string{"Any IAM call"}},
		{falconet.RulesetOptions{Enable: []string{"*deleted"}},
			[]string{"User created", "Any IAM call", "User deleted"}},
		{falconet.RulesetOptions{DisableTags: []string{"aws"}}, []string{"Any IAM call"}},
		{falconet.RulesetOptions{DisableTags: []string{"iam"}, Enable: []string{"*"}},
			[]string{"User deleted"}},
		{falconet.RulesetOptions{MinPriority: falconet.AtLeast(falconet.PriorityWarning)},
			[]string{"User created"}},
	}
	for _, c := range cases {
		if got := active(t, c.opts); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%+v: got %v, want %v", c.opts, got, c.want)
		}
	}
}

func TestUnknownExtraField(t *testing.T) {
	_, err := falconet.LoadString("rules.yaml", testRules,
		falconet.RulesetOptions{ExtraFields: []string{"ct.nosuch"}})
	if !errors.Is(err, falconet.ErrLoad) {
		t.Errorf("got %v", err)
	}
}

func TestClosedRuleset(t *testing.T) {
	rules, err := falconet.LoadString("rules.yaml", testRules, falconet.RulesetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	rules.Close()
	rules.Close()
	if _, err := rules.Rules(); !errors.Is(err, falconet.ErrClosed) {
		t.Errorf("Rules: %v", err)
	}
	if _, err := falconet.NewEvaluator(rules, falconet.EvaluatorOptions{}); !errors.Is(err, falconet.ErrClosed) {
		t.Errorf("NewEvaluator: %v", err)
	}
}

func TestFields(t *testing.T) {
	fields, err := falconet.Fields("aws_cloudtrail")
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]falconet.FieldInfo{}
	for _, f := range fields {
		byName[f.Name] = f
	}
	if byName["ct.name"].Type != "string" || byName["evt.num"].Type != "uint64" ||
		byName["json.value"].Argument != "required" {
		t.Errorf("fields: %+v %+v %+v", byName["ct.name"], byName["evt.num"],
			byName["json.value"])
	}
	if _, err := falconet.Fields("syscall"); !errors.Is(err, falconet.ErrNotFound) {
		t.Errorf("unknown source: %v", err)
	}
}

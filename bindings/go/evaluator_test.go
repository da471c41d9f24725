package falconet_test

import (
	"errors"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"falconet.dev/falconet"
)

func newEvaluator(t testing.TB, opts falconet.RulesetOptions) *falconet.Evaluator {
	t.Helper()
	rules, err := falconet.LoadString("rules.yaml", testRules, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer rules.Close() // the evaluator keeps what it needs
	ev, err := falconet.NewEvaluator(rules, falconet.EvaluatorOptions{Hostname: "testhost"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ev.Close() })
	return ev
}

const expectedJSON = `{"hostname":"testhost","output":"13:52:02.000000000: Warning User created (by=alice new=bob region=us-east-1)","output_fields":{"ct.region":"us-east-1","ct.user":"alice","evt.time":1722520322000000000,"json.value[/requestParameters/userName]":"bob"},"priority":"Warning","rule":"User created","source":"aws_cloudtrail","tags":["aws","iam"],"time":"2024-08-01T13:52:02.000000000Z"}`

func TestAlert(t *testing.T) {
	ev := newEvaluator(t, falconet.RulesetOptions{})
	rec := record("CreateUser", "alice")
	result, err := ev.EvaluateWith([]byte(rec), falconet.EvaluateOptions{WithRecord: true})
	if err != nil {
		t.Fatal(err)
	}
	if result.RecordsRead != 1 || result.RecordsEvaluated != 1 || len(result.Alerts) != 1 {
		t.Fatalf("result: %+v", result)
	}
	a := result.Alerts[0]
	want := falconet.Alert{
		Rule:     "User created",
		Priority: falconet.PriorityWarning,
		Source:   "aws_cloudtrail",
		Time:     time.Date(2024, 8, 1, 13, 52, 2, 0, time.UTC),
		Tags:     []string{"aws", "iam"},
		Output:   "User created (by=alice new=bob region=us-east-1)",
		Fields: map[string]string{
			"ct.region": "us-east-1", "ct.user": "alice",
			"json.value[/requestParameters/userName]": "bob",
		},
		JSON:   expectedJSON,
		Record: []byte(rec),
	}
	if !reflect.DeepEqual(a, want) {
		t.Errorf("alert:\n got %+v\nwant %+v", a, want)
	}
}

func TestBatchesAndSkippedRecords(t *testing.T) {
	ev := newEvaluator(t, falconet.RulesetOptions{ExtraFields: []string{"evt.num"}})
	doc := `{"Records":[` + record("ListUsers", "a") + "," + record("GetUser", "a") + `]}`
	r, err := ev.Evaluate([]byte(doc))
	if err != nil || r.RecordsRead != 2 || len(r.Alerts) != 2 {
		t.Fatalf("document: %+v, %v", r, err)
	}
	r, err = ev.Evaluate(lines(record("CreateUser", "a"), "{broken", record("GetGroup", "a")))
	if err != nil {
		t.Fatal(err)
	}
	if r.RecordsRead != 3 || r.RecordsEvaluated != 2 || r.RecordsSkipped != 1 {
		t.Errorf("counts: %+v", r)
	}
	if len(r.Skipped) != 1 || r.Skipped[0].Index != 1 || r.Skipped[0].Line != 2 ||
		r.Skipped[0].Reason != "invalid JSON" {
		t.Errorf("skipped: %+v", r.Skipped)
	}
	// evt.num counts delivered records over the evaluator's life: 2 in the
	// document, then 3 and 4 (the broken record is not numbered).
	var nums []string
	for _, a := range r.Alerts {
		nums = append(nums, a.Fields["evt.num"])
	}
	if !reflect.DeepEqual(nums, []string{"3", "4"}) {
		t.Errorf("evt.num: %v", nums)
	}
}

func TestHandlerErrorStops(t *testing.T) {
	ev := newEvaluator(t, falconet.RulesetOptions{})
	boom := errors.New("boom")
	calls := 0
	r, err := ev.EvaluateWith(lines(record("ListUsers", "a"), record("GetUser", "a")),
		falconet.EvaluateOptions{OnAlert: func(*falconet.Alert) error {
			calls++
			return boom
		}})
	if err != boom || calls != 1 || r.RecordsRead != 1 {
		t.Errorf("got %v, %d calls, %+v", err, calls, r)
	}

	calls = 0
	_, err = ev.EvaluateWith(lines(record("ListUsers", "a"), record("GetUser", "a")),
		falconet.EvaluateOptions{OnAlert: func(*falconet.Alert) error {
			calls++
			return falconet.ErrStop
		}})
	if err != nil || calls != 1 {
		t.Errorf("ErrStop: %v, %d calls", err, calls)
	}
}

func TestHandlerPanicResumesAfterTheCall(t *testing.T) {
	ev := newEvaluator(t, falconet.RulesetOptions{})
	defer func() {
		if v := recover(); v != "from the handler" {
			t.Errorf("recovered %v", v)
		}
		// The evaluator is unlocked and still works.
		if r, err := ev.Evaluate([]byte(record("GetUser", "a"))); err != nil || len(r.Alerts) != 1 {
			t.Errorf("after the panic: %+v, %v", r, err)
		}
	}()
	ev.EvaluateWith([]byte(record("GetUser", "a")), falconet.EvaluateOptions{
		OnAlert: func(*falconet.Alert) error { panic("from the handler") }})
	t.Error("no panic")
}

func TestReentrantCallIsBusy(t *testing.T) {
	ev := newEvaluator(t, falconet.RulesetOptions{})
	var inner error
	ev.EvaluateWith([]byte(record("GetUser", "a")), falconet.EvaluateOptions{
		OnAlert: func(*falconet.Alert) error {
			_, inner = ev.Evaluate([]byte(record("GetUser", "a")))
			return nil
		}})
	if !errors.Is(inner, falconet.ErrBusy) {
		t.Errorf("got %v", inner)
	}
}

// One rule set shared by 32 goroutines, each with its own evaluator; run
// with -race.
func TestSharedRulesetAcross32Goroutines(t *testing.T) {
	rules, err := falconet.LoadString("rules.yaml", testRules, falconet.RulesetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer rules.Close()
	batch := lines(record("CreateUser", "a"), record("ListUsers", "b"), "{broken",
		record("DeleteUser", "c"))
	var wg sync.WaitGroup
	errs := make(chan error, 32)
	for g := 0; g < 32; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ev, err := falconet.NewEvaluator(rules, falconet.EvaluatorOptions{})
			if err != nil {
				errs <- err
				return
			}
			defer ev.Close()
			for i := 0; i < 20; i++ {
				r, err := ev.Evaluate(batch)
				if err != nil {
					errs <- err
					return
				}
				if len(r.Alerts) != 3 || r.RecordsSkipped != 1 ||
					r.Alerts[0].Rule != "User created" ||
					!strings.HasPrefix(r.Alerts[2].Output, "IAM call DeleteUser") {
					errs <- errors.New("wrong result")
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

func TestClosedEvaluator(t *testing.T) {
	ev := newEvaluator(t, falconet.RulesetOptions{})
	ev.Close()
	if _, err := ev.Evaluate([]byte("{}")); !errors.Is(err, falconet.ErrClosed) {
		t.Errorf("got %v", err)
	}
}

// Throughput of Evaluate on a batch where one record in ten fires a rule.
func BenchmarkEvaluate(b *testing.B) {
	rules, err := falconet.LoadString("rules.yaml", testRules, falconet.RulesetOptions{})
	if err != nil {
		b.Fatal(err)
	}
	defer rules.Close()
	ev, err := falconet.NewEvaluator(rules, falconet.EvaluatorOptions{})
	if err != nil {
		b.Fatal(err)
	}
	defer ev.Close()
	quiet := strings.Replace(record("GetObject", "a"), "iam.amazonaws.com",
		"s3.amazonaws.com", 1)
	var records []string
	for i := 0; i < 1000; i++ {
		if i%10 == 0 {
			records = append(records, record("GetUser", "a"))
		} else {
			records = append(records, quiet)
		}
	}
	batch := lines(records...)
	b.SetBytes(int64(len(batch)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		r, err := ev.Evaluate(batch)
		if err != nil || len(r.Alerts) != 100 {
			b.Fatalf("%v, %d alerts", err, len(r.Alerts))
		}
	}
	b.ReportMetric(float64(b.N*len(records))/b.Elapsed().Seconds(), "records/s")
}

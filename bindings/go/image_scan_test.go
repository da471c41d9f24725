package falconet

import (
	"errors"
	"strings"
	"testing"
)

const scanRules = `
- rule: App Runner service
  desc: d
  condition: ct.name = CreateService
  output: service by %ct.user
  priority: NOTICE
  source: aws_cloudtrail
- rule: Critical image
  desc: d
  condition: scan.status = ok and scan.critical > 0
  output: critical=%scan.critical image=%image.ref by=%ct.user
  priority: CRITICAL
  source: image_scan
- rule: Failed scan
  desc: d
  condition: scan.status != ok
  output: failed image=%image.ref
  priority: WARNING
  source: image_scan
`

const scanImage = "111122223333.dkr.ecr.eu-west-1.amazonaws.com/shop:2.0"

// An App Runner CreateService deploying scanImage, by hand.
const scanRecord = `{"eventVersion":"1.08","userIdentity":{"type":"IAMUser",` +
	`"arn":"arn:aws:iam::111122223333:user/ana","accountId":"111122223333",` +
	`"userName":"ana"},"eventTime":"2024-05-01T10:00:00Z",` +
	`"eventType":"AwsApiCall","eventSource":"apprunner.amazonaws.com",` +
	`"eventName":"CreateService","awsRegion":"eu-west-1",` +
	`"sourceIPAddress":"198.51.100.7","eventID":"ev-1",` +
	`"requestParameters":{"serviceName":"s","sourceConfiguration":` +
	`{"imageRepository":{"imageIdentifier":"` + scanImage + `",` +
	`"imageRepositoryType":"ECR"}}}}`

// Two critical vulnerabilities, written by hand.
const scanReport = `{"SchemaVersion":2,"ArtifactName":"shop",` +
	`"Results":[{"Target":"shop","Vulnerabilities":[` +
	`{"VulnerabilityID":"CVE-2024-1","PkgName":"a","InstalledVersion":"1",` +
	`"Severity":"CRITICAL"},{"VulnerabilityID":"CVE-2024-2","PkgName":"b",` +
	`"InstalledVersion":"1","Severity":"CRITICAL"}]}]}`

func scanEvaluator(t *testing.T) *Evaluator {
	t.Helper()
	rules, err := LoadString("r.yaml", scanRules, RulesetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { rules.Close() })
	ev, err := NewEvaluator(rules, EvaluatorOptions{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ev.Close() })
	return ev
}

func ruleNames(alerts []Alert) string {
	var names []string
	for _, a := range alerts {
		names = append(names, a.Rule)
	}
	return strings.Join(names, ",")
}

func TestScanAnsweredAtOnce(t *testing.T) {
	ev := scanEvaluator(t)
	var seen []*ScanRequest
	err := ev.SetImageScan(func(r *ScanRequest) ([]byte, error) {
		seen = append(seen, r)
		return []byte(scanReport), nil
	}, DefaultScanWindow, nil)
	if err != nil {
		t.Fatal(err)
	}
	res, err := ev.Evaluate([]byte(scanRecord))
	if err != nil {
		t.Fatal(err)
	}
	if got := ruleNames(res.Alerts); got != "App Runner service,Critical image" {
		t.Fatalf("alerts: %s", got)
	}
	if want := "critical=2 image=" + scanImage + " by=ana"; !strings.Contains(
		res.Alerts[1].Output, want) {
		t.Errorf("output %q lacks %q", res.Alerts[1].Output, want)
	}
	if len(seen) != 1 || seen[0].Image != scanImage ||
		seen[0].Repository != "shop" || seen[0].Tag != "2.0" ||
		seen[0].Account != "111122223333" || seen[0].Region != "eu-west-1" ||
		seen[0].SourceIP != "198.51.100.7" || seen[0].EventID != "ev-1" ||
		seen[0].EventTime.Format("2006-01-02T15:04:05Z") != "2024-05-01T10:00:00Z" {
		t.Errorf("request: %+v", seen)
	}
}

func TestScanLaterThenSubmit(t *testing.T) {
	ev := scanEvaluator(t)
	var ids []uint64
	ev.SetImageScan(func(r *ScanRequest) ([]byte, error) {
		ids = append(ids, r.ID)
		return nil, nil
	}, DefaultScanWindow, nil)
	res, _ := ev.Evaluate([]byte(scanRecord))
	if ruleNames(res.Alerts) != "App Runner service" || ev.PendingScans() != 1 {
		t.Fatalf("alerts %s, pending %d", ruleNames(res.Alerts), ev.PendingScans())
	}
	res, err := ev.SubmitScanReport(ids[0], []byte(scanReport), EvaluateOptions{})
	if err != nil || ruleNames(res.Alerts) != "Critical image" {
		t.Fatalf("submit: %v %s", err, ruleNames(res.Alerts))
	}
	_, err = ev.SubmitScanReport(ids[0], []byte(scanReport), EvaluateOptions{})
	var e *Error
	if !errors.As(err, &e) || e.Code != CodeNotFound {
		t.Errorf("second submit: %v", err)
	}
}

func TestScanErrorIsAFailedScan(t *testing.T) {
	ev := scanEvaluator(t)
	ev.SetImageScan(func(r *ScanRequest) ([]byte, error) {
		return nil, errors.New("scanner down")
	}, 0, nil)
	res, _ := ev.Evaluate([]byte(scanRecord))
	if got := ruleNames(res.Alerts); got != "App Runner service,Failed scan" {
		t.Fatalf("alerts: %s", got)
	}
	err := ev.SetImageScan(func(r *ScanRequest) ([]byte, error) { return nil, nil },
		0, []ImageLocation{{"a", "b", "no-slash"}})
	var e *Error
	if !errors.As(err, &e) || e.Code != CodeInvalid {
		t.Errorf("bad location: %v", err)
	}
}

package falconet_test

import (
	"encoding/json"
	"os"
	"strings"
	"testing"
)

// Alert texts carry the event time in local time: make that UTC before
// the library first reads the time zone.
func TestMain(m *testing.M) {
	os.Setenv("TZ", "UTC")
	os.Exit(m.Run())
}

// Three rules over IAM calls, written by hand: a warning naming three
// fields, an informational rule every IAM call matches, and a rule
// disabled in its file.
const testRules = `- rule: User created
  desc: an IAM user was created
  condition: ct.name = CreateUser and not ct.error exists
  output: User created (by=%ct.user new=%json.value[/requestParameters/userName] region=%ct.region)
  priority: WARNING
  tags: [iam, aws]
  source: aws_cloudtrail
- rule: Any IAM call
  desc: any call to IAM
  condition: ct.src = iam.amazonaws.com
  output: IAM call %ct.name
  priority: INFO
  tags: [iam]
  source: aws_cloudtrail
- rule: User deleted
  desc: an IAM user was deleted
  condition: ct.name = DeleteUser
  output: User deleted by %ct.user
  priority: ERROR
  enabled: false
  source: aws_cloudtrail
`

// record is a CloudTrail record of user calling IAM's name at 2024-08-01
// 13:52:02 UTC (1722520322 s after the epoch).
func record(name, user string) string {
	r := map[string]any{
		"eventVersion": "1.08",
		"userIdentity": map[string]any{"type": "IAMUser", "userName": user,
			"accountId": "111122223333"},
		"eventTime":         "2024-08-01T13:52:02Z",
		"eventSource":       "iam.amazonaws.com",
		"eventName":         name,
		"awsRegion":         "us-east-1",
		"sourceIPAddress":   "198.51.100.7",
		"requestParameters": map[string]any{"userName": "bob"},
		"eventType":         "AwsApiCall",
		"eventID":           "e-" + name,
	}
	b, _ := json.Marshal(r)
	return string(b)
}

func lines(records ...string) []byte {
	return []byte(strings.Join(records, "\n") + "\n")
}

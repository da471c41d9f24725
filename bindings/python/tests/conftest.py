"""Fixtures of the binding's tests: rules and records written by hand.

The tests need libfalconet: FALCONET_LIBRARY names it (ctest sets it to the
fresh build); the package itself is imported from the folder above.
"""

import json
import os
import pathlib
import sys
import time

import pytest

# Alert texts carry the event time in local time: make that UTC.
os.environ["TZ"] = "UTC"
time.tzset()

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))

import falconet  # noqa: E402

RULES = """\
- rule: User created
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
"""


def record(name, user="alice"):
    """A CloudTrail record of `user` calling IAM's `name` at 2024-08-01
    13:52:02 UTC (1722520322 s after the epoch)."""
    return {
        "eventVersion": "1.08",
        "userIdentity": {"type": "IAMUser", "userName": user,
                         "accountId": "111122223333"},
        "eventTime": "2024-08-01T13:52:02Z",
        "eventSource": "iam.amazonaws.com",
        "eventName": name,
        "awsRegion": "us-east-1",
        "sourceIPAddress": "198.51.100.7",
        "requestParameters": {"userName": "bob"},
        "eventType": "AwsApiCall",
        "eventID": f"e-{name}",
    }


def lines(*records):
    return "\n".join(json.dumps(r) if isinstance(r, dict) else r
                     for r in records)


@pytest.fixture
def rules():
    with falconet.Ruleset.from_string(RULES) as r:
        yield r


@pytest.fixture
def evaluator(rules):
    with falconet.Evaluator(rules, hostname="testhost") as e:
        yield e

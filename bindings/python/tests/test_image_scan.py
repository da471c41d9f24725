"""Image scans from Python: the hook's request, answers now or later,
failed scans, and the image_scan alerts they produce."""

import json

import pytest

import falconet

RULES = """\
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
"""

IMAGE = "111122223333.dkr.ecr.eu-west-1.amazonaws.com/shop:2.0"

RECORD = json.dumps({
    "eventVersion": "1.08",
    "userIdentity": {"type": "IAMUser",
                     "arn": "arn:aws:iam::111122223333:user/ana",
                     "accountId": "111122223333", "userName": "ana"},
    "eventTime": "2024-05-01T10:00:00Z", "eventType": "AwsApiCall",
    "eventSource": "apprunner.amazonaws.com", "eventName": "CreateService",
    "awsRegion": "eu-west-1", "sourceIPAddress": "198.51.100.7",
    "eventID": "ev-1",
    "requestParameters": {"serviceName": "s", "sourceConfiguration": {
        "imageRepository": {"imageIdentifier": IMAGE,
                            "imageRepositoryType": "ECR"}}}})

# Two critical vulnerabilities, written by hand.
REPORT = json.dumps({
    "SchemaVersion": 2, "ArtifactName": "shop",
    "ArtifactType": "container_image",
    "Results": [{"Target": "shop", "Vulnerabilities": [
        {"VulnerabilityID": "CVE-2024-1", "PkgName": "a",
         "InstalledVersion": "1", "Severity": "CRITICAL"},
        {"VulnerabilityID": "CVE-2024-2", "PkgName": "b",
         "InstalledVersion": "1", "Severity": "CRITICAL"}]}]})


@pytest.fixture
def evaluator():
    return falconet.Evaluator(falconet.Ruleset.from_string(RULES))


def test_report_at_once(evaluator):
    seen = []

    def hook(request):
        seen.append(request)
        return REPORT

    evaluator.set_image_scan(hook)
    alerts = evaluator.evaluate(RECORD)
    assert [a.rule for a in alerts] == ["App Runner service", "Critical image"]
    assert f"critical=2 image={IMAGE} by=ana" in alerts[1].output
    (r,) = seen
    assert (r.image, r.repository, r.tag, r.account, r.region, r.source_ip,
            r.event_name, r.event_id, r.rules) == (
        IMAGE, "shop", "2.0", "111122223333", "eu-west-1", "198.51.100.7",
        "CreateService", "ev-1", ["App Runner service"])


def test_later_then_submit(evaluator):
    ids = []
    evaluator.set_image_scan(lambda r: ids.append(r.id))
    assert [a.rule for a in evaluator.evaluate(RECORD)] == [
        "App Runner service"]
    assert evaluator.pending_scans() == 1
    result = evaluator.submit_scan_report(ids[0], REPORT)
    assert [a.rule for a in result.alerts] == ["Critical image"]
    assert evaluator.pending_scans() == 0
    with pytest.raises(falconet.NotFoundError):
        evaluator.submit_scan_report(ids[0], REPORT)


def test_hook_exception_is_a_failed_scan(evaluator):
    def hook(request):
        raise RuntimeError("scanner down")

    evaluator.set_image_scan(hook)
    alerts = evaluator.evaluate(RECORD)
    assert [a.rule for a in alerts] == ["App Runner service", "Failed scan"]


def test_window_and_bad_location(evaluator):
    ids = []
    evaluator.set_image_scan(lambda r: ids.append(r.id), window_seconds=0)
    evaluator.evaluate(RECORD)
    evaluator.evaluate(RECORD)
    assert len(ids) == 2
    with pytest.raises(falconet.InvalidArgumentError):
        evaluator.set_image_scan(lambda r: None,
                                 extra_locations=[("a", "b", "no-slash")])

#!/usr/bin/env python3
"""Tests of `falconet run --scan-command/--scan-reports` (image-scan hooks).

Usage: scan_cli_test.py PATH_TO_FALCONET SOURCE_DIR

A hand-written App Runner CreateService record deploys
registry.example.com/team/web:1.0; the scanner is a shell command that
prints a report written here (counts worked out by hand), fails, sleeps
past the timeout, or prints something that is not a report.
"""

import json
import os
import subprocess
import sys
import tempfile
import unittest

FALCONET = None
SOURCE = None

IMAGE = "registry.example.com/team/web:1.0"

# Two critical findings (one fixable), one high, one listed twice.
TRIVY = {
    "SchemaVersion": 2,
    "ArtifactName": IMAGE,
    "Results": [{"Target": "web", "Vulnerabilities": [
        {"VulnerabilityID": "CVE-A", "PkgName": "openssl",
         "InstalledVersion": "1.0", "FixedVersion": "1.1",
         "Severity": "CRITICAL"},
        {"VulnerabilityID": "CVE-B", "PkgName": "zlib",
         "InstalledVersion": "1.2", "Severity": "CRITICAL"},
        {"VulnerabilityID": "CVE-C", "PkgName": "musl",
         "InstalledVersion": "1.1", "FixedVersion": "1.2",
         "Severity": "HIGH"},
        {"VulnerabilityID": "CVE-C", "PkgName": "musl",
         "InstalledVersion": "1.1", "FixedVersion": "1.2",
         "Severity": "HIGH"},
    ]}],
}


def record(error=None):
    r = {"eventTime": "2024-05-01T10:00:00Z", "eventType": "AwsApiCall",
         "eventSource": "apprunner.amazonaws.com",
         "eventName": "CreateService", "awsRegion": "eu-west-1",
         "sourceIPAddress": "203.0.113.9", "eventID": "ev-1",
         "userIdentity": {"type": "IAMUser", "userName": "dana",
                          "accountId": "111122223333"},
         "requestParameters": {"serviceName": "web", "sourceConfiguration": {
             "imageRepository": {"imageIdentifier": IMAGE}}}}
    if error:
        r["errorCode"] = error
    return r


class ScanTest(unittest.TestCase):

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        d = self.tmp.name
        self.log = os.path.join(d, "log.json")
        with open(self.log, "w") as f:
            json.dump({"Records": [record("AccessDenied"), record()]}, f)
        self.report = os.path.join(d, "report.json")
        with open(self.report, "w") as f:
            json.dump(TRIVY, f)
        self.rules = os.path.join(SOURCE, "rules", "image_scan.yaml")

    def tearDown(self):
        self.tmp.cleanup()

    def run_scan(self, *scan_args):
        proc = subprocess.run(
            [FALCONET, "run", "--json", "-r", self.rules, *scan_args,
             self.log], capture_output=True, text=True, timeout=60)
        alerts = [json.loads(line) for line in proc.stdout.splitlines()]
        return proc, alerts

    def test_scan_command_report(self):
        proc, alerts = self.run_scan(
            "--scan-command", f"cat {self.report} # {{image}}")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        # One image request: the refused call deploys nothing.
        self.assertEqual(len(alerts), 1)
        a = alerts[0]
        self.assertEqual(a["rule"], "Deployed Image With Critical "
                                    "Vulnerabilities")
        self.assertEqual(a["source"], "image_scan")
        f = a["output_fields"]
        self.assertEqual(f["image.ref"], IMAGE)
        self.assertEqual(f["scan.critical"], 2)
        self.assertEqual(f["scan.high"], 1)
        self.assertEqual(f["scan.total"], 3)
        self.assertEqual(f["scan.fixable"], 2)
        self.assertEqual(f["ct.user"], "dana")

    def test_image_is_shell_quoted(self):
        out = os.path.join(self.tmp.name, "seen")
        self.run_scan("--scan-command",
                      f"printf '%s' {{image}} > {out}; cat {self.report}")
        with open(out) as f:
            self.assertEqual(f.read(), IMAGE)

    def test_failing_scanner(self):
        proc, alerts = self.run_scan("--scan-command",
                                     "echo boom >&2; exit 4")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual([a["rule"] for a in alerts], ["Image Scan Failed"])
        self.assertIn("exit status 4: boom",
                      alerts[0]["output_fields"]["scan.error"])

    def test_timeout(self):
        proc, alerts = self.run_scan("--scan-command", "sleep 30",
                                     "--scan-timeout", "1")
        self.assertEqual([a["rule"] for a in alerts], ["Image Scan Failed"])
        self.assertIn("timed out", alerts[0]["output_fields"]["scan.error"])

    def test_not_a_report(self):
        proc, alerts = self.run_scan("--scan-command", "echo hello")
        self.assertEqual([a["rule"] for a in alerts], ["Image Scan Failed"])

    def test_scan_reports_directory(self):
        reports = os.path.join(self.tmp.name, "reports")
        os.mkdir(reports)
        os.rename(self.report, os.path.join(reports, "any-name.json"))
        proc, alerts = self.run_scan("--scan-reports", reports)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(len(alerts), 1)
        self.assertEqual(alerts[0]["output_fields"]["scan.critical"], 2)

    def test_scan_reports_missing(self):
        reports = os.path.join(self.tmp.name, "empty")
        os.mkdir(reports)
        proc, alerts = self.run_scan("--scan-reports", reports)
        self.assertEqual([a["rule"] for a in alerts], ["Image Scan Failed"])

    def test_bad_options(self):
        proc, _ = self.run_scan("--scan-reports", "/nonexistent/dir")
        self.assertEqual(proc.returncode, 2)
        proc, _ = self.run_scan("--scan-command", "true", "--scan-jobs", "0")
        self.assertEqual(proc.returncode, 2)


if __name__ == "__main__":
    FALCONET = sys.argv.pop(1)
    SOURCE = sys.argv.pop(1)
    unittest.main()

#!/usr/bin/env python3
"""Tests of the falconet command line over small CloudTrail archives.

Usage: cli_test.py PATH_TO_FALCONET

Each test builds an S3-layout tree in a temporary folder, runs the built
binary and checks what a user sees: alerts, the summary counts of
--stats-json, warnings and exit status. Expected values are worked out by
hand from the records written here (see the comments next to them).
"""

import gzip
import json
import os
import pty
import select
import subprocess
import sys
import tempfile
import unittest

FALCONET = None

RULES = """
- rule: Logging Stopped
  desc: CloudTrail logging was stopped
  condition: ct.name = StopLogging
  output: stopped by %ct.user in %ct.region
  priority: CRITICAL
  source: aws_cloudtrail
  tags: [cloudtrail]
- rule: Console Login
  desc: a console login
  condition: ct.name = ConsoleLogin
  output: login by %ct.user
  priority: WARNING
  source: aws_cloudtrail
- rule: Trail Deleted
  desc: a trail was deleted or changed
  condition: ct.name in (DeleteTrail, UpdateTrail)
  output: trail change by %ct.user
  priority: CRITICAL
  source: aws_cloudtrail
- rule: User Created
  desc: an IAM user was created
  condition: ct.name = CreateUser
  output: user created by %ct.user
  priority: NOTICE
  source: aws_cloudtrail
- rule: Anything Root
  desc: disabled in the file
  condition: ct.user.identitytype = Root
  output: root did %ct.name
  priority: ERROR
  source: aws_cloudtrail
  enabled: false
"""

NUMBERED_RULES = """
- rule: Every Event
  desc: every delivered record, with its number
  condition: evt.num > 0
  output: num=%evt.num name=%ct.name
  priority: DEBUG
  source: aws_cloudtrail
"""


def record(time, name, user="alice", region="eu-west-1", recipient=None,
           identity_account=None, **extra):
    r = {"eventVersion": "1.08", "eventType": "AwsApiCall",
         "eventName": name, "eventSource": "cloudtrail.amazonaws.com",
         "awsRegion": region,
         "userIdentity": {"type": "IAMUser", "userName": user}}
    if time is not None:
        r["eventTime"] = time
    if recipient is not None:
        r["recipientAccountId"] = recipient
    if identity_account is not None:
        r["userIdentity"]["accountId"] = identity_account
    r.update(extra)
    return r


def write(path, text, compress=False):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    data = text.encode()
    if compress:
        data = gzip.compress(data)
    with open(path, "wb") as f:
        f.write(data)


def document(records):
    return json.dumps({"Records": records})


def run(args, stdin=None, check_code=None):
    proc = subprocess.run([FALCONET] + args, input=stdin,
                          capture_output=True, text=True, timeout=60)
    if check_code is not None and proc.returncode != check_code:
        raise AssertionError(
            f"falconet {' '.join(args)}: exit {proc.returncode}, expected "
            f"{check_code}\nstderr:\n{proc.stderr}")
    return proc


class ArchiveTest(unittest.TestCase):
    """A small archive as CloudTrail writes it to S3 (see setUp)."""

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.out = tempfile.TemporaryDirectory()  # outside the inputs
        d = self.dir = self.tmp.name
        self.rules = os.path.join(d, "rules.yaml")
        write(self.rules, RULES)
        a = ("AWSLogs/111111111111/CloudTrail/eu-west-1/2024/05/01/"
             "111111111111_CloudTrail_eu-west-1_20240501T1000Z_a.json.gz")
        b = ("AWSLogs/111111111111/CloudTrail/us-east-1/2024/05/02/"
             "111111111111_CloudTrail_us-east-1_20240502T0100Z_b.json")
        c = ("AWSLogs/o-org1/222222222222/CloudTrail/eu-west-1/2024/05/02/"
             "222222222222_CloudTrail_eu-west-1_20240502T1200Z_c.json.gz")
        digest = ("AWSLogs/111111111111/CloudTrail-Digest/eu-west-1/2024/05/"
                  "01/111111111111_CloudTrail-Digest_eu-west-1_x.json.gz")
        # r1..r3 in file a, r4 and r5 (no eventTime) in b, r6 in the
        # organization trail c, r7 and r8 in a JSON Lines export.
        write(os.path.join(d, a), document([
            record("2024-05-01T09:00:00Z", "StopLogging", "alice",
                   recipient="111111111111"),
            record("2024-05-01T10:00:00Z", "ConsoleLogin", "bob",
                   recipient="111111111111"),
            record("2024-05-01T23:59:59Z", "DeleteTrail", "carol",
                   recipient="111111111111"),
        ]), compress=True)
        write(os.path.join(d, b), document([
            record("2024-05-02T01:00:00Z", "StopLogging", "dave",
                   region="us-east-1", recipient="111111111111"),
            record(None, "StopLogging", "eve", region="us-east-1",
                   recipient="111111111111"),
        ]))
        write(os.path.join(d, c), document([
            record("2024-05-02T12:00:00Z", "CreateUser", "frank",
                   recipient="222222222222"),
        ]), compress=True)
        write(os.path.join(d, digest), '{"awsAccountId":"111111111111"}',
              compress=True)
        write(os.path.join(d, "exports/events.jsonl"), "\n".join([
            json.dumps(record("2024-05-03T00:00:00Z", "ConsoleLogin", "gina",
                              identity_account="333333333333")),
            json.dumps(record("2024-05-03T01:00:00Z", "StopLogging", "hal",
                              region="ap-south-1",
                              recipient="333333333333")),
        ]) + "\n")

    def tearDown(self):
        self.tmp.cleanup()
        self.out.cleanup()

    def run_stats(self, *args, code=0):
        stats = os.path.join(self.out.name, "stats.json")
        proc = run(["run", "-r", self.rules, "--stats-json", stats,
                    "--json", *args], check_code=code)
        with open(stats) as f:
            data = json.load(f)
        skipped = sum(data["records_skipped"].values())
        self.assertEqual(data["records_read"],
                         data["records_evaluated"] + skipped)
        alerts = [json.loads(line) for line in proc.stdout.splitlines()]
        return data, alerts, proc

    def test_reads_the_s3_layout_and_json_lines(self):
        data, alerts, _ = self.run_stats(self.dir)
        self.assertEqual(data["files"], 4)
        self.assertEqual(data["digest_files_skipped"], 1)
        self.assertEqual(data["records_read"], 8)
        self.assertEqual(data["records_evaluated"], 7)
        self.assertEqual(data["records_skipped"], {"missing eventTime": 1})
        self.assertEqual(data["alerts"], {"Logging Stopped": 3,
                                          "Console Login": 2,
                                          "Trail Deleted": 1,
                                          "User Created": 1})
        self.assertEqual(data["alerts_by_priority"],
                         {"Critical": 4, "Warning": 2, "Notice": 1})
        self.assertEqual(data["input_errors"], [])
        # Files in sorted path order, records in file order.
        self.assertEqual([a["output"].split(" by ")[1] for a in alerts],
                         ["alice in eu-west-1", "bob", "carol",
                          "dave in us-east-1", "frank", "gina",
                          "hal in ap-south-1"])

    def test_since_and_until(self):
        data, alerts, _ = self.run_stats("--since", "2024-05-02", self.dir)
        # r1-r3 are on May 1st; r5 has no time and is the evaluator's.
        self.assertEqual(data["records_read"], 8)
        self.assertEqual(data["records_skipped"],
                         {"before --since": 3, "missing eventTime": 1})
        self.assertEqual(data["alerts"], {"Logging Stopped": 2,
                                          "User Created": 1,
                                          "Console Login": 1})
        data, _, _ = self.run_stats("--until", "2024-05-01T10:00:00Z",
                                    self.dir)
        # Only r1 is before 10:00; r2, at 10:00 exactly, is not.
        self.assertEqual(data["records_evaluated"], 1)
        self.assertEqual(data["records_skipped"],
                         {"at or after --until": 6, "missing eventTime": 1})
        data, _, _ = self.run_stats("--since", "2024-05-01T09:30:00+00:00",
                                    "--until", "2024-05-02", self.dir)
        self.assertEqual(data["alerts"], {"Console Login": 1,
                                          "Trail Deleted": 1})

    def test_region_skips_files_by_path_and_records_by_awsregion(self):
        data, _, _ = self.run_stats("--region", "eu-west-1", self.dir)
        # File b (us-east-1) is not read; r8 (ap-south-1) is read, skipped.
        self.assertEqual(data["files_left_out"], 1)
        self.assertEqual(data["files"], 3)
        self.assertEqual(data["records_read"], 6)
        self.assertEqual(data["records_skipped"], {"other region": 1})
        self.assertEqual(data["alerts"], {"Logging Stopped": 1,
                                          "Console Login": 2,
                                          "Trail Deleted": 1,
                                          "User Created": 1})

    def test_account_uses_path_recipient_then_identity(self):
        data, alerts, _ = self.run_stats("--account", "333333333333",
                                         self.dir)
        # a, b and c name other accounts in their paths; r7 has only
        # userIdentity.accountId, r8 recipientAccountId.
        self.assertEqual(data["files_left_out"], 3)
        self.assertEqual(data["records_read"], 2)
        self.assertEqual(data["records_evaluated"], 2)
        data, _, _ = self.run_stats("--account", "111111111111,222222222222",
                                    self.dir)
        self.assertEqual(data["files_left_out"], 0)
        self.assertEqual(data["records_skipped"],
                         {"other account": 2, "missing eventTime": 1})
        self.assertEqual(data["records_evaluated"], 5)

    def test_text_output_file_and_stdin(self):
        out = os.path.join(self.out.name, "alerts.txt")
        proc = run(["run", "-r", self.rules, "-o", out, self.dir],
                   check_code=0)
        self.assertEqual(proc.stdout, "")
        with open(out) as f:
            lines = f.read().splitlines()
        self.assertEqual(len(lines), 7)
        self.assertRegex(lines[0], r"^\d\d:\d\d:\d\d\.\d{9}: Critical "
                                   r"stopped by alice in eu-west-1$")
        with open(os.path.join(self.dir, "exports/events.jsonl")) as f:
            proc = run(["run", "-r", self.rules, "-"], stdin=f.read(),
                       check_code=0)
        self.assertEqual(len(proc.stdout.splitlines()), 2)
        self.assertIn("Warning login by gina", proc.stdout)

    def test_json_alerts(self):
        _, alerts, _ = self.run_stats(self.dir)
        first = alerts[0]
        self.assertEqual(first["rule"], "Logging Stopped")
        self.assertEqual(first["priority"], "Critical")
        self.assertEqual(first["source"], "aws_cloudtrail")
        self.assertEqual(first["tags"], ["cloudtrail"])
        self.assertEqual(first["time"], "2024-05-01T09:00:00.000000000Z")
        self.assertEqual(first["output_fields"]["ct.user"], "alice")

    def test_summary_on_stderr(self):
        proc = run(["run", "-r", self.rules, self.dir], check_code=0)
        self.assertIn("4 files", proc.stderr)
        self.assertIn("8 records read: 7 evaluated, 1 skipped", proc.stderr)
        self.assertIn("skipped: missing eventTime: 1", proc.stderr)
        self.assertIn("alerts: Logging Stopped: 3", proc.stderr)
        self.assertIn("priority: Critical: 4", proc.stderr)
        self.assertIn("digest files skipped: 1", proc.stderr)
        # No progress bar when stderr is not a terminal.
        self.assertNotIn("\r", proc.stderr)

    def test_grep_reads_archives_too(self):
        proc = run(["grep", "-c", "ct.name = StopLogging", "--region",
                    "eu-west-1,us-east-1", self.dir])
        # r1, r4 (r5 has no eventTime: not delivered); r8 is ap-south-1.
        self.assertEqual(proc.stdout, "2\n")
        self.assertEqual(proc.returncode, 0)
        self.assertIn("missing eventTime", proc.stderr)

    def test_progress_bar_on_a_terminal(self):
        controller, terminal = pty.openpty()
        proc = subprocess.Popen(
            [FALCONET, "run", "-r", self.rules, self.dir],
            stdout=subprocess.DEVNULL, stderr=terminal)
        os.close(terminal)
        seen = b""
        while True:
            ready, _, _ = select.select([controller], [], [], 30)
            if not ready:
                break
            try:
                chunk = os.read(controller, 4096)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
        proc.wait(timeout=30)
        os.close(controller)
        self.assertEqual(proc.returncode, 0)
        text = seen.decode(errors="replace")
        self.assertIn("/4 files", text)
        self.assertIn("records/s", text)
        self.assertIn("\r", text)


class ParallelTest(unittest.TestCase):
    """-j N gives what -j 1 gives, byte for byte, also for chunked files."""

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.out = tempfile.TemporaryDirectory()  # outside the inputs
        d = self.dir = self.tmp.name
        names = ["StopLogging", "ConsoleLogin", "DeleteTrail", "CreateUser",
                 "ListBuckets", "GetObject"]
        n = 0
        for f in range(24):
            records = []
            for i in range(30 + f):
                n += 1
                records.append(record(
                    f"2024-05-01T{f % 24:02d}:{i % 60:02d}:00Z",
                    names[n % len(names)], f"user{n}"))
            path = (f"AWSLogs/111111111111/CloudTrail/eu-west-1/2024/05/01/"
                    f"f{f:02d}.json" + (".gz" if f % 2 else ""))
            write(os.path.join(d, path), document(records), f % 2 == 1)
        # One large JSON Lines file, split in chunks with --chunk-size.
        lines = []
        for i in range(3000):
            n += 1
            lines.append(json.dumps(record(
                "2024-05-02T00:00:00Z", names[n % len(names)], f"user{n}")))
        lines.insert(1500, '{"eventTime": "2024-05-02T00:00:00Z", oops')
        write(os.path.join(d, "big/events.jsonl"), "\n".join(lines) + "\n")
        self.records = n + 1
        self.rules = os.path.join(d, "rules.yaml")
        write(self.rules, RULES)
        self.numbered = os.path.join(d, "numbered.yaml")
        write(self.numbered, NUMBERED_RULES)

    def tearDown(self):
        self.tmp.cleanup()
        self.out.cleanup()

    def outputs(self, rules, jobs):
        """jobs None: no -j, one thread per CPU."""
        stats = os.path.join(self.out.name, f"stats{jobs}.json")
        threads = [] if jobs is None else [f"-j{jobs}"]
        proc = run(["run", "-r", rules, "--json", *threads,
                    "--chunk-size", "20000", "--stats-json", stats,
                    self.dir], check_code=1)
        with open(stats) as f:
            data = json.load(f)
        del data["seconds"]
        return proc, data

    def test_same_output_for_any_number_of_threads(self):
        one, stats_one = self.outputs(self.rules, 1)
        for jobs in (2, 4):
            many, stats_many = self.outputs(self.rules, jobs)
            self.assertEqual(one.stdout, many.stdout)
            self.assertEqual(one.stderr.splitlines()[:1],
                             many.stderr.splitlines()[:1])
            self.assertEqual(stats_one, stats_many)
        self.assertEqual(stats_one["records_read"], self.records)
        self.assertEqual(stats_one["records_skipped"], {"invalid JSON": 1})
        # The damaged line keeps its position in the chunked file.
        [error] = stats_one["input_errors"]
        self.assertTrue(error["file"].endswith("big/events.jsonl"))
        self.assertEqual(error["position"], "record 1501 (line 1501)")

    def test_default_threads_give_the_same_output(self):
        one, stats_one = self.outputs(self.rules, 1)
        default, stats_default = self.outputs(self.rules, None)
        self.assertEqual(one.stdout, default.stdout)
        self.assertEqual(stats_one, stats_default)

    def test_evt_num_counts_records_in_input_order(self):
        one, _ = self.outputs(self.numbered, 1)
        many, _ = self.outputs(self.numbered, 3)
        default, _ = self.outputs(self.numbered, None)
        self.assertEqual(one.stdout, many.stdout)
        self.assertEqual(one.stdout, default.stdout)
        self.assertIn("the rules read evt.num", many.stderr)
        # One thread without -j is no surprise worth a notice.
        self.assertNotIn("the rules read evt.num", default.stderr)
        nums = [json.loads(line)["output_fields"]["evt.num"]
                for line in one.stdout.splitlines()]
        self.assertEqual(nums, list(range(1, self.records)))


class BadInputTest(unittest.TestCase):
    """Damage is reported with its place, and the rest is evaluated."""

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.out = tempfile.TemporaryDirectory()  # outside the inputs
        d = self.dir = self.tmp.name
        self.rules = os.path.join(d, "rules.yaml")
        write(self.rules, RULES)
        stop = record("2024-05-01T00:00:00Z", "StopLogging", "ann")
        login = record("2024-05-01T00:00:01Z", "ConsoleLogin", "ben")
        write(os.path.join(d, "in/a_not_object.json"),
              json.dumps({"Records": [stop, 5, login]}))
        write(os.path.join(d, "in/b_not_array.json"),
              '{"Records": {"eventName": "StopLogging"}}')
        write(os.path.join(d, "in/c_invalid.jsonl"),
              json.dumps(stop) + "\n" + '{"eventTime": "2024-0\n' +
              json.dumps(login) + "\n")
        lines = "".join(json.dumps(record("2024-05-01T00:00:00Z",
                                          "StopLogging", f"u{i}",
                                          requestID=os.urandom(40).hex()))
                        + "\n" for i in range(400))
        data = gzip.compress(lines.encode())
        with open(os.path.join(d, "in/d_truncated.json.gz"), "wb") as f:
            f.write(data[:len(data) // 2])
        corrupt = bytearray(gzip.compress(lines.encode()))
        corrupt[len(corrupt) // 2] ^= 0xFF
        with open(os.path.join(d, "in/e_corrupt.json.gz"), "wb") as f:
            f.write(corrupt)
        write(os.path.join(d, "in/z_good.json"), json.dumps(
            {"Records": [record("2024-05-02T00:00:00Z", "CreateUser",
                                "zed")]}))

    def tearDown(self):
        self.tmp.cleanup()
        self.out.cleanup()

    def test_errors_are_placed_counted_and_the_run_goes_on(self):
        stats = os.path.join(self.out.name, "stats.json")
        proc = run(["run", "-r", self.rules, "--stats-json", stats,
                    os.path.join(self.dir, "in"),
                    os.path.join(self.dir, "missing.json")], check_code=1)
        with open(stats) as f:
            data = json.load(f)
        errors = {(os.path.basename(e["file"]), e["position"]): e["message"]
                  for e in data["input_errors"]}
        self.assertEqual(errors[("a_not_object.json", "record 2 (line 1)")],
                         "record is not an object")
        self.assertEqual(errors[("b_not_array.json", "record 1 (line 1)")],
                         "Records is not an array")
        self.assertTrue(errors[("c_invalid.jsonl", "record 2 (line 2)")]
                        .startswith("invalid JSON"))
        self.assertIn("truncated gzip data",
                      errors[("d_truncated.json.gz", "")])
        self.assertIn("corrupt gzip data", errors[("e_corrupt.json.gz", "")])
        self.assertEqual(errors[("missing.json", "")],
                         "No such file or directory")
        # Every file was still read, the good one last.
        self.assertEqual(data["files"], 6)
        self.assertEqual(data["alerts"]["User Created"], 1)
        self.assertEqual(
            data["records_read"],
            data["records_evaluated"] + sum(data["records_skipped"].values()))
        # a: 2 good records of 3; c: 2 of 3; the truncated file: some.
        self.assertGreaterEqual(data["alerts"]["Logging Stopped"], 3)
        self.assertIn("a_not_object.json: record 2 (line 1): skipped: "
                      "record is not an object", proc.stderr)
        self.assertTrue(proc.stdout.rstrip().endswith(
            "user created by zed"))

    def test_unreadable_file(self):
        if os.geteuid() == 0:
            self.skipTest("root reads any file")
        path = os.path.join(self.dir, "in/z_good.json")
        os.chmod(path, 0)
        proc = run(["run", "-r", self.rules, path], check_code=1)
        self.assertIn("Permission denied", proc.stderr)

    def test_cannot_run(self):
        inputs = os.path.join(self.dir, "in")
        run(["run", "-r", os.path.join(self.dir, "nope.yaml"), inputs],
            check_code=2)
        run(["run", "--since", "yesterday", inputs], check_code=2)
        run(["run", "-j", "many", inputs], check_code=2)
        run(["run", "--no-such-option", inputs], check_code=2)
        bad = os.path.join(self.dir, "bad.yaml")
        write(bad, "- rule: x\n  condition: ct.name =\n")
        run(["run", "-r", bad, inputs], check_code=2)


SHARED = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..",
                      "..", "..", "shared")


class FalcoTest(unittest.TestCase):
    """`falconet run --json` prints the alerts real Falco 0.44.1 printed.

    ../shared/expected holds Falco's output for each shared file, with
    append_output adding evt.num and ct.id (--output-field here).
    """

    def input_of(self, name):
        name = name[:-len(".jsonl")]
        if name.startswith("stratus-red-team__"):
            return os.path.join(SHARED, "data", "cloudtrail",
                                "stratus-red-team",
                                name[len("stratus-red-team__"):] + ".json")
        if name.startswith("falco-test-plugins__"):
            return os.path.join(SHARED, "upstream", "falco-test-plugins",
                                "trace_files",
                                name[len("falco-test-plugins__"):] + ".json")
        return os.path.join(SHARED, "data", "cloudtrail", name + ".json")

    def check(self, folder, matching):
        expected_dir = os.path.join(SHARED, "expected", "falco-0.44.1",
                                    folder)
        if not os.path.isdir(expected_dir):
            self.skipTest("../shared is absent")
        rules = os.path.join(SHARED, "upstream", "plugins-cloudtrail",
                             "aws_cloudtrail_rules.yaml")
        env = dict(os.environ, TZ="UTC")
        compared = 0
        for name in sorted(os.listdir(expected_dir)):
            with open(os.path.join(expected_dir, name)) as f:
                expected = [json.loads(line) for line in f]
            proc = subprocess.run(
                [FALCONET, "run", "--json", "-r", rules, "--rule-matching",
                 matching, "--output-field", "evt.num", "--output-field",
                 "ct.id", "-j", "2", self.input_of(name)],
                capture_output=True, text=True, env=env, timeout=60)
            self.assertEqual(proc.returncode, 0, proc.stderr)
            actual = [json.loads(line) for line in proc.stdout.splitlines()]
            for alert in expected + actual:
                alert.pop("hostname")
            self.assertEqual(actual, expected, name)
            compared += len(expected)
        self.assertGreater(compared, 0)

    def test_first_match(self):
        self.check("alerts-first", "first")

    def test_all_matches(self):
        self.check("alerts-all", "all")


class IntrospectionTest(unittest.TestCase):

    def test_fields(self):
        fields = json.loads(run(["fields", "--json"], check_code=0).stdout)
        by_name = {(f["source"], f["name"]): f for f in fields}
        self.assertEqual(
            by_name[("aws_cloudtrail", "ct.name")]["type"].lower(), "charbuf")
        self.assertEqual(
            by_name[("aws_cloudtrail", "evt.num")]["type"].lower(), "uint64")
        self.assertTrue(all(f["description"] for f in fields))
        cloudtrail = json.loads(run(["fields", "--source", "aws_cloudtrail",
                                     "--json"], check_code=0).stdout)
        scan = json.loads(run(["fields", "--source", "image_scan", "--json"],
                              check_code=0).stdout)
        self.assertEqual(len(cloudtrail) + len(scan), len(fields))
        self.assertTrue(scan)
        text = run(["fields", "--source", "aws_cloudtrail"],
                   check_code=0).stdout
        self.assertIn("ct.name", text)
        self.assertIn("json.value[KEY]", text)
        run(["fields", "--source", "syscall"], check_code=2)

    def test_rules(self):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "rules.yaml")
            write(path, RULES)
            rules = json.loads(run(["rules", "-r", path, "--json"],
                                   check_code=0).stdout)
            by_name = {r["name"]: r for r in rules}
            self.assertEqual([r["name"] for r in rules],
                             ["Logging Stopped", "Console Login",
                              "Trail Deleted", "User Created",
                              "Anything Root"])
            self.assertEqual(sorted(by_name["Trail Deleted"]["index"]),
                             ["DeleteTrail", "UpdateTrail"])
            self.assertEqual(by_name["Logging Stopped"]["index"],
                             ["StopLogging"])
            self.assertEqual(by_name["Logging Stopped"]["priority"],
                             "Critical")
            self.assertEqual(by_name["Logging Stopped"]["tags"],
                             ["cloudtrail"])
            root = by_name["Anything Root"]
            self.assertEqual(root["index"], "all")
            self.assertFalse(root["enabled"])
            self.assertFalse(root["active"])
            rules = json.loads(run(["rules", "-r", path, "--json",
                                    "--min-priority", "critical"],
                                   check_code=0).stdout)
            active = [r["name"] for r in rules if r["active"]]
            self.assertEqual(active, ["Logging Stopped", "Trail Deleted"])
            text = run(["rules", "-r", path], check_code=0).stdout
            self.assertIn("index: DeleteTrail,UpdateTrail", text)

    def test_version(self):
        out = run(["version"], check_code=0).stdout
        self.assertRegex(out, r"^falconet \d+\.\d+\.\d+\n")
        self.assertIn("Falco 0.44.1", out)

    def test_help_documents_every_option_with_an_example(self):
        top = run(["--help"], check_code=0).stdout
        for command in ("run", "grep", "validate", "test", "rules",
                        "fields", "version"):
            self.assertIn(f"  {command} ", top)
        expected = {
            "run": ["--rules", "--jobs", "--since", "--until", "--account",
                    "--region", "--chunk-size", "--stats-json",
                    "--no-progress", "--json", "--output", "--min-priority",
                    "--output-field",
                    "--scan-command"],
            "grep": ["--count", "--jobs", "--since", "--stats-json"],
            "rules": ["--rules", "--json", "--enable"],
            "fields": ["--source", "--json"],
            "validate": ["--json"],
            "version": [],
        }
        for command, options in expected.items():
            text = run([command, "--help"], check_code=0).stdout
            self.assertIn("Example", text, command)
            for option in options:
                self.assertIn(option, text, f"{command} {option}")


if __name__ == "__main__":
    FALCONET = os.path.abspath(sys.argv.pop(1))
    unittest.main(verbosity=2)

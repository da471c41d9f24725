"""Evaluating records: alerts, batches, skipped records, callbacks, the GIL
and threads."""

import json
import threading
import time

import pytest

import falconet
from conftest import RULES, lines, record

EXPECTED_JSON = (
    '{"hostname":"testhost","output":"13:52:02.000000000: Warning User '
    'created (by=alice new=bob region=us-east-1)","output_fields":'
    '{"ct.region":"us-east-1","ct.user":"alice","evt.time":'
    '1722520322000000000,"json.value[/requestParameters/userName]":"bob"},'
    '"priority":"Warning","rule":"User created","source":"aws_cloudtrail",'
    '"tags":["aws","iam"],"time":"2024-08-01T13:52:02.000000000Z"}')


def test_alert_fields(evaluator):
    [alert] = evaluator.evaluate(record("CreateUser"))
    assert alert.rule == "User created"
    assert alert.priority is falconet.Priority.WARNING
    assert alert.source == "aws_cloudtrail"
    assert alert.time_ns == 1722520322 * 10**9
    assert alert.time.isoformat() == "2024-08-01T13:52:02+00:00"
    assert alert.tags == ("aws", "iam")
    assert alert.output == "User created (by=alice new=bob region=us-east-1)"
    assert alert.fields == {
        "ct.region": "us-east-1",
        "ct.user": "alice",
        "evt.time": 1722520322 * 10**9,
        "json.value[/requestParameters/userName]": "bob",
    }
    assert alert.json == EXPECTED_JSON
    assert alert.to_dict()["output_fields"]["evt.time"] == 1722520322 * 10**9
    assert alert.record is None


def test_with_record(evaluator):
    text = json.dumps(record("CreateUser"))
    result = evaluator.evaluate_many(text, with_record=True)
    assert result.alerts[0].record == text.encode()


def test_batches_in_every_form(evaluator):
    records = [record("CreateUser"), record("ListUsers"),
               record("DeleteUser", "mallory")]
    expected = ["User created (by=alice new=bob region=us-east-1)",
                "IAM call ListUsers", "IAM call DeleteUser"]
    forms = [
        json.dumps({"Records": records}),
        json.dumps({"Records": records}).encode(),
        lines(*records),
        records,  # dicts, sent as JSON Lines
        [json.dumps(r) for r in records],
    ]
    for form in forms:
        result = evaluator.evaluate_many(form)
        assert (result.records_read, result.records_evaluated,
                result.records_skipped) == (3, 3, 0)
        assert [a.output for a in result.alerts] == expected


def test_rule_matching_all(rules):
    every = falconet.Ruleset.from_string(RULES, matching="all")
    alerts = falconet.Evaluator(every).evaluate(record("CreateUser"))
    assert [a.rule for a in alerts] == ["User created", "Any IAM call"]


def test_a_bad_record_is_skipped_and_the_rest_evaluated(evaluator):
    seen = []
    result = evaluator.evaluate_many(
        lines(record("CreateUser"), "{broken", record("GetUser")),
        on_skip=seen.append)
    assert (result.records_read, result.records_evaluated,
            result.records_skipped) == (3, 2, 1)
    assert [(s.index, s.line, s.reason) for s in result.skipped] == [
        (1, 2, "invalid JSON")]
    assert seen == result.skipped
    assert [a.output for a in result.alerts][1] == "IAM call GetUser"


def test_alert_callback_streams(evaluator):
    got = []
    result = evaluator.evaluate_many(
        lines(record("ListUsers"), record("GetUser")), on_alert=got.append)
    assert result.alerts == []
    assert [a.output for a in got] == ["IAM call ListUsers",
                                       "IAM call GetUser"]


def test_callback_exception_is_raised_after_the_call(evaluator):
    calls = []

    def fail(alert):
        calls.append(alert.output)
        raise KeyError("from the callback")

    with pytest.raises(KeyError, match="from the callback"):
        evaluator.evaluate_many(
            lines(record("ListUsers"), record("GetUser")), on_alert=fail)
    assert calls == ["IAM call ListUsers"]  # the call stopped there

    # The evaluator still works afterwards.
    assert len(evaluator.evaluate(record("GetUser"))) == 1


def test_skip_callback_exception(evaluator):
    def fail(skipped):
        raise RuntimeError(skipped.reason)

    with pytest.raises(RuntimeError, match="invalid JSON"):
        evaluator.evaluate_many(lines("{broken", record("GetUser")),
                                on_skip=fail)


def test_stop_evaluation_is_quiet(evaluator):
    got = []

    def first_only(alert):
        got.append(alert)
        raise falconet.StopEvaluation

    result = evaluator.evaluate_many(
        lines(record("ListUsers"), record("GetUser")), on_alert=first_only)
    assert len(got) == 1
    assert result.records_read == 1


def test_extra_fields_and_numbering():
    rules = falconet.Ruleset.from_string(RULES,
                                         extra_fields=["evt.num", "ct.id"])
    evaluator = falconet.Evaluator(rules)
    first = evaluator.evaluate_many(lines(record("ListUsers"),
                                          record("GetUser"))).alerts
    second = evaluator.evaluate(record("ListGroups"))
    assert [a.fields["evt.num"] for a in first + second] == [1, 2, 3]
    assert second[0].fields["ct.id"] == "e-ListGroups"


def test_reentrant_use_is_refused(evaluator):
    def reenter(alert):
        evaluator.evaluate(record("GetUser"))

    with pytest.raises(falconet.FalconetError, match="already evaluating"):
        evaluator.evaluate_many(record("ListUsers"), on_alert=reenter)


def test_the_gil_is_released_while_the_library_works(rules):
    # The first and last records have no eventTime, so the skip callback
    # runs (holding the GIL) just before and just after the library
    # evaluates the many records in between, which fire no rule. Meanwhile
    # the main thread turns a loop and notes its pauses. With the GIL
    # released it keeps turning; held, it would stop for the whole time
    # between the two callbacks.
    undelivered = json.dumps({"eventName": "GetObject"})
    s3 = dict(record("GetObject"), eventSource="s3.amazonaws.com")
    middle = "\n".join([json.dumps(s3)] * 50000)
    data = "\n".join([undelivered, middle, undelivered])
    evaluator = falconet.Evaluator(rules)
    marks = []

    def work():
        evaluator.evaluate_many(
            data, on_skip=lambda s: marks.append(time.perf_counter()))

    worker = threading.Thread(target=work)
    worker.start()
    pauses = []  # (start, end) of every pause over a millisecond
    now = time.perf_counter()
    while worker.is_alive():
        last, now = now, time.perf_counter()
        if now - last > 0.001:
            pauses.append((last, now))
    worker.join()

    assert len(marks) == 2
    begin, end = marks
    inside = [min(b, end) - max(a, begin) for a, b in pauses
              if b > begin and a < end]
    assert max(inside, default=0) < 0.5 * (end - begin), (inside, end - begin)


def test_threads_share_one_ruleset(rules):
    batch = lines(record("CreateUser"), record("ListUsers"), "{broken",
                  record("GetUser"))
    outcomes = []

    def work():
        evaluator = falconet.Evaluator(rules)
        for _ in range(20):
            r = evaluator.evaluate_many(batch)
            outcomes.append((len(r.alerts), r.records_skipped))

    threads = [threading.Thread(target=work) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert outcomes == [(3, 1)] * 160


def test_closed_evaluator(rules):
    evaluator = falconet.Evaluator(rules)
    evaluator.close()
    with pytest.raises(falconet.FalconetError):
        evaluator.evaluate(record("GetUser"))


def test_ruleset_may_close_before_its_evaluators(rules):
    evaluator = falconet.Evaluator(rules)
    rules.close()
    assert len(evaluator.evaluate(record("GetUser"))) == 1

"""Evaluator: runs CloudTrail records through a Ruleset.

One call evaluates a whole buffer in the library, with the GIL released;
Python runs only for each alert (and each skipped record), to copy it into
an Alert. An Evaluator must be used by one thread at a time: create one per
thread, all sharing one Ruleset.
"""

import ctypes
import datetime
import json
import threading
from typing import Callable, Dict, Iterable, List, Optional, Tuple, Union

from . import _native
from ._errors import FalconetError, StopEvaluation
from ._ruleset import Priority, Ruleset


class Alert:
    """A rule match, copied out of the library.

    The library hands each alert over as Falco's JSON alert (`json`, the
    line `falconet run --json` prints); the typed attributes are decoded
    from it on first use, so that an alert costs one call into the library
    and evaluate_many keeps close to the library's own speed.

    rule, priority (Priority), source, time_ns (the event time), tags,
    output (the rule's output text) and fields (the JSON alert's
    output_fields: the fields named in the rule's output, the ruleset's
    extra_fields, and evt.time, which Falco adds; values keep their JSON
    types). `record` is the raw record, when asked for.
    """

    __slots__ = ("json", "record", "_decoded")

    def __init__(self, json_line: str, record: Optional[bytes] = None):
        self.json = json_line
        self.record = record
        self._decoded = None

    def to_dict(self) -> dict:
        """The JSON alert as a dict (a new one each call)."""
        return json.loads(self.json)

    def _get(self, key):
        if self._decoded is None:
            self._decoded = json.loads(self.json)
        return self._decoded[key]

    @property
    def rule(self) -> str:
        return self._get("rule")

    @property
    def priority(self) -> Priority:
        return _PRIORITIES[self._get("priority")]

    @property
    def source(self) -> str:
        return self._get("source")

    @property
    def tags(self) -> Tuple[str, ...]:
        return tuple(self._get("tags"))

    @property
    def fields(self) -> Dict[str, object]:
        return dict(self._get("output_fields"))

    @property
    def time_ns(self) -> int:
        """The event time, in nanoseconds since the epoch."""
        return self._get("output_fields")["evt.time"]

    @property
    def time(self) -> datetime.datetime:
        """The event time (UTC), to the microsecond."""
        seconds, nanos = divmod(self.time_ns, 1_000_000_000)
        return datetime.datetime.fromtimestamp(
            seconds, datetime.timezone.utc).replace(microsecond=nanos // 1000)

    @property
    def output(self) -> str:
        """The rule's output with its fields filled in."""
        # The JSON's "output" is Falco's text line: "<time>: <Priority>
        # <output>", where the time holds no ": ".
        line = self._get("output")
        start = line.index(": ") + 2 + len(self._get("priority")) + 1
        return line[start:]

    def __eq__(self, other):
        if not isinstance(other, Alert):
            return NotImplemented
        return (self.json, self.record) == (other.json, other.record)

    def __hash__(self):
        return hash(self.json)

    def __repr__(self):
        return (f"Alert(rule={self.rule!r}, priority={self.priority.name}, "
                f"time_ns={self.time_ns}, output={self.output!r})")


# Falco's priority names in the JSON alert.
_PRIORITIES = {
    "Emergency": Priority.EMERGENCY,
    "Alert": Priority.ALERT,
    "Critical": Priority.CRITICAL,
    "Error": Priority.ERROR,
    "Warning": Priority.WARNING,
    "Notice": Priority.NOTICE,
    "Informational": Priority.INFORMATIONAL,
    "Debug": Priority.DEBUG,
}


class SkippedRecord:
    """A record that was not evaluated, and why."""

    __slots__ = ("index", "line", "offset", "reason", "detail")

    def __init__(self, index, line, offset, reason, detail):
        self.index = index  # 0-based position in the buffer
        self.line = line  # 1-based line where it starts
        self.offset = offset  # byte offset
        self.reason = reason  # "invalid JSON", "missing eventTime", ...
        self.detail = detail

    def __repr__(self):
        return (f"SkippedRecord(index={self.index}, line={self.line}, "
                f"reason={self.reason!r})")


class EvalResult:
    """What one evaluate_many call did."""

    __slots__ = ("records_read", "records_evaluated", "records_skipped",
                 "alerts", "skipped")

    def __init__(self, result: _native.EvalResult, alerts, skipped):
        self.records_read = result.records_read
        self.records_evaluated = result.records_evaluated
        self.records_skipped = result.records_skipped
        # The alerts, unless a callback received them.
        self.alerts: List[Alert] = alerts
        self.skipped: List[SkippedRecord] = skipped

    def __repr__(self):
        return (f"EvalResult(read={self.records_read}, "
                f"evaluated={self.records_evaluated}, "
                f"skipped={self.records_skipped}, alerts={len(self.alerts)})")


Records = Union[bytes, bytearray, memoryview, str, Iterable[Union[bytes, str,
                                                                  dict]]]


def _as_buffer(records: Records) -> bytes:
    """One buffer for the library: bytes as they are, a str encoded, and
    other iterables as JSON Lines (dicts serialised)."""
    if isinstance(records, bytes):
        return records
    if isinstance(records, (bytearray, memoryview)):
        return bytes(records)
    if isinstance(records, str):
        return records.encode("utf-8")
    if isinstance(records, dict):
        return json.dumps(records).encode("utf-8")
    lines = []
    for record in records:
        if isinstance(record, dict):
            record = json.dumps(record)
        if isinstance(record, str):
            record = record.encode("utf-8")
        lines.append(record)
    return b"\n".join(lines)


def _read_alert(json_fn, record_fn, address, with_record) -> Alert:
    text, size = ctypes.c_char_p(), ctypes.c_size_t()
    _native.check(json_fn(ctypes.byref(text), ctypes.byref(size), address))
    line = ctypes.string_at(text, size.value).decode("utf-8", "replace")
    record = None
    if with_record:
        start = ctypes.c_void_p()
        _native.check(record_fn(ctypes.byref(start), ctypes.byref(size),
                                address))
        record = ctypes.string_at(start, size.value)
    return Alert(line, record)


class _Call:
    """The callbacks of one evaluate call. An exception raised in them
    cannot cross the C library: it is kept here, the callback asks the
    library to stop, and the exception is raised again once the call
    returns."""

    def __init__(self, on_alert, on_skip, with_record):
        lib = _native.lib()
        self.json_fn = lib.falconet_alert_json
        self.record_fn = lib.falconet_alert_record
        self.on_alert = on_alert
        self.on_skip = on_skip
        self.with_record = with_record
        self.alerts: List[Alert] = []
        self.skipped: List[SkippedRecord] = []
        self.error: Optional[BaseException] = None
        self.stopped = False

    def alert(self, address, _payload):
        try:
            alert = _read_alert(self.json_fn, self.record_fn, address,
                                self.with_record)
            if self.on_alert is None:
                self.alerts.append(alert)
            else:
                self.on_alert(alert)
            return 0
        except StopEvaluation:
            self.stopped = True
        except BaseException as e:  # noqa: B036 - re-raised after the call
            self.error = e
        return 1

    def skip(self, skipped, _payload):
        try:
            s = skipped.contents
            record = SkippedRecord(s.index, s.line, s.offset,
                                   _native.text(s.reason),
                                   _native.text(s.detail))
            self.skipped.append(record)
            if self.on_skip is not None:
                self.on_skip(record)
            return 0
        except StopEvaluation:
            self.stopped = True
        except BaseException as e:  # noqa: B036 - re-raised after the call
            self.error = e
        return 1


class ScanRequest:
    """An image that a record deployed, for the hook of set_image_scan:
    id (for submit_scan_report), image and its registry, repository, tag
    and digest; the deploying record's account, region, principal,
    source_ip, event_id, event_name and event_time_ns; and rules, the
    rules that fired on that record."""

    _TEXTS = ("image", "registry", "repository", "tag", "digest", "account",
              "region", "principal", "source_ip", "event_id", "event_name")

    def __init__(self, lib, address):
        self.id = lib.falconet_scan_request_id(address)
        for name in self._TEXTS:
            getter = getattr(lib, "falconet_scan_request_" + name)
            setattr(self, name, _native.text(getter(address)))
        self.event_time_ns = lib.falconet_scan_request_event_time(address)
        self.rules = [
            _native.text(lib.falconet_scan_request_rule(address, i))
            for i in range(lib.falconet_scan_request_rule_count(address))
        ]

    def __repr__(self):
        return f"ScanRequest(id={self.id}, image={self.image!r})"


def _scan_callback(hook):
    """The C scan callback around `hook`: a str or bytes result is the
    report, None means later, an exception is a failed scan."""
    lib = _native.lib()

    def scan(address, _payload):
        try:
            report = hook(ScanRequest(lib, address))
            if report is None:
                return _native.SCAN_LATER
            data = _native.encode(report, "scan report")
            return lib.falconet_scan_request_report(address, data, len(data))
        except Exception as e:  # noqa: BLE001 - becomes a failed scan
            reason = _native.encode(f"{type(e).__name__}: {e}", "reason")
            return lib.falconet_scan_request_fail(address, None, reason)

    return _native.SCAN_CB(scan)


class Evaluator:
    """Evaluates records against a Ruleset.

    Not for concurrent use: a second thread calling into the same Evaluator
    while it evaluates gets a FalconetError rather than a crash. Create one
    Evaluator per thread; they may share one Ruleset.

    `hostname` is the "hostname" of JSON alerts (default: the machine's).
    Records are numbered (evt.num) over the Evaluator's life.
    """

    def __init__(self, ruleset: Ruleset, hostname: Optional[str] = None):
        lib = _native.lib()
        self._handle = None
        self._ruleset = ruleset
        self._scan_cb = None  # kept alive while the library holds it
        self._busy = threading.Lock()
        opts = _native.EvaluatorOptions()
        _native.check(lib.falconet_evaluator_options_init(
            ctypes.byref(opts), _native.EVALUATOR_OPTIONS_VERSION))
        if hostname is not None:
            opts.hostname = _native.encode(hostname, "hostname")
        handle = ctypes.c_void_p()
        _native.check(lib.falconet_evaluator_new(ctypes.byref(handle),
                                                 ruleset.handle,
                                                 ctypes.byref(opts)))
        self._handle = handle

    def evaluate_many(self,
                      records: Records,
                      on_alert: Optional[Callable[[Alert], None]] = None,
                      on_skip: Optional[Callable[[SkippedRecord],
                                                 None]] = None,
                      with_record: bool = False) -> EvalResult:
        """Evaluates every record of `records` in one call into the library.

        `records` is a buffer (bytes or str) holding a {"Records":[...]}
        document, a JSON array, one record or JSON Lines; or an iterable of
        records (bytes, str or dicts), sent as JSON Lines.

        Alerts are collected in the result's .alerts, or passed to
        on_alert as they come. Records that cannot be evaluated (not JSON,
        no eventTime, ...) are skipped: counted, listed in .skipped and
        passed to on_skip; the others are still evaluated. An exception
        raised by a callback stops the call and is raised from it;
        raising StopEvaluation stops it quietly. with_record=True keeps
        each alert's raw record in Alert.record.
        """
        if self._handle is None:
            raise FalconetError("the evaluator is closed")
        data = _as_buffer(records)
        call = _Call(on_alert, on_skip, with_record)
        opts = _native.EvalOptions(_native.EVAL_OPTIONS_VERSION,
                                   _native.ALERT_CB(call.alert),
                                   _native.SKIP_CB(call.skip), None)
        result = _native.EvalResult(_native.EVAL_RESULT_VERSION)

        if not self._busy.acquire(blocking=False):
            raise FalconetError(
                "this Evaluator is already evaluating (in another thread or "
                "in one of its callbacks); use one Evaluator per thread")
        try:
            rc = _native.lib().falconet_evaluator_evaluate(
                ctypes.byref(result), self._handle, data, len(data),
                ctypes.byref(opts))
        finally:
            self._busy.release()

        if call.error is not None:
            raise call.error
        if rc != _native.EUSER or not call.stopped:
            _native.check(rc)
        return EvalResult(result, call.alerts, call.skipped)

    def set_image_scan(self,
                       hook: Optional[Callable[[ScanRequest],
                                               Union[str, bytes, None]]],
                       window_seconds: float = 3600,
                       extra_locations: Iterable[Tuple[str, str,
                                                       str]] = ()) -> None:
        """Asks `hook` for a scan of every container image that a record
        deploys (once per image per `window_seconds` of event time).

        hook(request) returns the scanner's report (Trivy or Grype JSON,
        str or bytes), or None to answer later with submit_scan_report;
        an exception it raises is a failed scan. It runs inside
        evaluate_many, and the alerts of the answer go where that call's
        alerts go. extra_locations: (event source, event name, JSON
        pointer with * for every array element) where records also name
        images. hook=None stops scanning.
        """
        lib = _native.lib()
        locations = [tuple(_native.encode(v, "location") for v in loc)
                     for loc in extra_locations]
        array = (_native.ImageLocation * max(len(locations), 1))(
            *[_native.ImageLocation(*loc) for loc in locations])
        opts = _native.ScanOptions()
        _native.check(lib.falconet_scan_options_init(
            ctypes.byref(opts), _native.SCAN_OPTIONS_VERSION))
        callback = _scan_callback(hook) if hook is not None else None
        if callback is not None:
            opts.scan_cb = callback
        opts.repeat_window_ns = int(window_seconds * 1_000_000_000)
        opts.extra_locations = array
        opts.extra_location_count = len(locations)
        _native.check(lib.falconet_evaluator_set_image_scan(
            self._handle, ctypes.byref(opts)))
        self._scan_cb = callback

    def submit_scan_report(self,
                           request_id: int,
                           report: Union[str, bytes, None],
                           error: Optional[str] = None,
                           on_alert: Optional[Callable[[Alert],
                                                       None]] = None,
                           with_record: bool = False) -> EvalResult:
        """Answers a request that the hook left for later: `report` is the
        scanner's JSON, or None for a failed scan whose reason is `error`.
        Alerts as in evaluate_many. NotFoundError when the id is not
        pending."""
        if self._handle is None:
            raise FalconetError("the evaluator is closed")
        data = None if report is None else _native.encode(report, "report")
        reason = None if error is None else _native.encode(error, "error")
        call = _Call(on_alert, None, with_record)
        opts = _native.EvalOptions(_native.EVAL_OPTIONS_VERSION,
                                   _native.ALERT_CB(call.alert),
                                   _native.SKIP_CB(call.skip), None)
        result = _native.EvalResult(_native.EVAL_RESULT_VERSION)
        if not self._busy.acquire(blocking=False):
            raise FalconetError("this Evaluator is already evaluating")
        try:
            rc = _native.lib().falconet_evaluator_submit_scan_report(
                ctypes.byref(result), self._handle, request_id, data,
                0 if data is None else len(data), reason, ctypes.byref(opts))
        finally:
            self._busy.release()
        if call.error is not None:
            raise call.error
        if rc != _native.EUSER or not call.stopped:
            _native.check(rc)
        return EvalResult(result, call.alerts, call.skipped)

    def pending_scans(self) -> int:
        """How many requests wait for submit_scan_report."""
        return _native.lib().falconet_evaluator_pending_scan_count(
            self._handle)

    def evaluate(self, record: Union[bytes, str, dict]) -> List[Alert]:
        """The alerts of one record (or of every record of a buffer)."""
        return self.evaluate_many(record).alerts

    def close(self) -> None:
        """Frees the library's evaluator (not while it evaluates)."""
        if self._handle is None:
            return
        if not self._busy.acquire(blocking=False):
            raise FalconetError("cannot close an Evaluator while it evaluates")
        try:
            _native.lib().falconet_evaluator_free(self._handle)
            self._handle = None
        finally:
            self._busy.release()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __del__(self):
        # At interpreter exit the library may be gone already.
        if getattr(self, "_handle", None) is not None:
            try:
                self.close()
            except Exception:  # noqa: BLE001
                pass

"""The ctypes layer: finds libfalconet, declares every C function, and
turns return codes into exceptions.

Everything here mirrors capi/falconet.h one to one; the rest of the package
builds the Python API on top of it. ctypes releases the GIL around every
call into the library and takes it back when the library calls a Python
callback, so other Python threads run while records are evaluated.
"""

import ctypes
import ctypes.util
import os
import pathlib
import threading

from . import _errors

# The oldest library release this package works with, and the ABI major
# (the N of libfalconet.so.N) it was written for.
MIN_VERSION = (0, 1, 0)
SOVERSION = 0

c_int = ctypes.c_int
c_uint = ctypes.c_uint
c_size_t = ctypes.c_size_t
c_uint64 = ctypes.c_uint64
c_char_p = ctypes.c_char_p
c_void_p = ctypes.c_void_p
POINTER = ctypes.POINTER

# Error codes (falconet_error_code).
OK = 0
ERROR = -1
EINVALID = -2
ENOMEM = -3
ELOAD = -4
ENOTFOUND = -5
EUSER = -6
EVERSION = -7

RULESET_OPTIONS_VERSION = 1
EVALUATOR_OPTIONS_VERSION = 1
EVAL_OPTIONS_VERSION = 1
EVAL_RESULT_VERSION = 1
SCAN_OPTIONS_VERSION = 1

SCAN_ANSWERED = 0
SCAN_LATER = 1

SEVERITY_ERROR = 1
SEVERITY_WARNING = 2

FIELD_HIDDEN = 1
FIELD_LIST = 2
FIELD_ARG_INDEX = 4
FIELD_ARG_REQUIRED = 8


class Diagnostic(ctypes.Structure):
    _fields_ = [
        ("severity", c_int),
        ("code", c_char_p),
        ("text", c_char_p),
        ("message", c_char_p),
        ("file", c_char_p),
        ("line", c_int),
        ("column", c_int),
        ("item_type", c_char_p),
        ("item_name", c_char_p),
        ("snippet", c_char_p),
    ]


DIAGNOSTIC_CB = ctypes.CFUNCTYPE(None, POINTER(Diagnostic), c_void_p)


class RulesetOptions(ctypes.Structure):
    _fields_ = [
        ("version", c_uint),
        ("diagnostic_cb", DIAGNOSTIC_CB),
        ("payload", c_void_p),
        ("matching", c_int),
        ("min_priority", c_int),
    ]


class EvaluatorOptions(ctypes.Structure):
    _fields_ = [("version", c_uint), ("hostname", c_char_p)]


class SkippedRecord(ctypes.Structure):
    _fields_ = [
        ("index", c_uint64),
        ("line", c_uint64),
        ("offset", c_uint64),
        ("reason", c_char_p),
        ("detail", c_char_p),
    ]


# The alert arrives as a plain address: wrapping it in a ctypes pointer
# object per alert would cost more than the accessors themselves.
ALERT_CB = ctypes.CFUNCTYPE(c_int, c_void_p, c_void_p)
SKIP_CB = ctypes.CFUNCTYPE(c_int, POINTER(SkippedRecord), c_void_p)


class EvalOptions(ctypes.Structure):
    _fields_ = [
        ("version", c_uint),
        ("alert_cb", ALERT_CB),
        ("skip_cb", SKIP_CB),
        ("payload", c_void_p),
    ]


class EvalResult(ctypes.Structure):
    _fields_ = [
        ("version", c_uint),
        ("records_read", c_uint64),
        ("records_evaluated", c_uint64),
        ("records_skipped", c_uint64),
        ("alerts", c_uint64),
    ]


# The scan request, like the alert, arrives as a plain address.
SCAN_CB = ctypes.CFUNCTYPE(c_int, c_void_p, c_void_p)


class ImageLocation(ctypes.Structure):
    _fields_ = [
        ("event_source", c_char_p),
        ("event_name", c_char_p),
        ("pointer", c_char_p),
    ]


class ScanOptions(ctypes.Structure):
    _fields_ = [
        ("version", c_uint),
        ("scan_cb", SCAN_CB),
        ("payload", c_void_p),
        ("repeat_window_ns", c_uint64),
        ("extra_locations", POINTER(ImageLocation)),
        ("extra_location_count", c_size_t),
    ]


_P = c_void_p  # every handle is an opaque pointer
_PP = POINTER(c_void_p)
_STR_OUT = POINTER(c_char_p)

# name: (restype, argtypes), in the order of falconet.h.
_SIGNATURES = {
    "falconet_version": (c_char_p, [POINTER(c_int)] * 3),
    "falconet_error_last": (c_char_p, []),
    "falconet_error_clear": (None, []),
    "falconet_error_name": (c_char_p, [c_int]),
    "falconet_priority_name": (c_char_p, [c_int]),
    "falconet_ruleset_options_init": (c_int, [POINTER(RulesetOptions), c_uint]),
    "falconet_ruleset_builder_new": (c_int, [_PP, POINTER(RulesetOptions)]),
    "falconet_ruleset_builder_free": (None, [_P]),
    "falconet_ruleset_builder_add_file": (c_int, [_P, c_char_p]),
    "falconet_ruleset_builder_add_string": (
        c_int, [_P, c_char_p, c_char_p, c_size_t]),
    "falconet_ruleset_builder_enable_rules": (c_int, [_P, c_char_p]),
    "falconet_ruleset_builder_disable_rules": (c_int, [_P, c_char_p]),
    "falconet_ruleset_builder_enable_tag": (c_int, [_P, c_char_p]),
    "falconet_ruleset_builder_disable_tag": (c_int, [_P, c_char_p]),
    "falconet_ruleset_builder_add_output_field": (c_int, [_P, c_char_p]),
    "falconet_ruleset_builder_build": (c_int, [_PP, _P]),
    "falconet_ruleset_load_file": (
        c_int, [_PP, c_char_p, POINTER(RulesetOptions)]),
    "falconet_ruleset_load_string": (
        c_int, [_PP, c_char_p, c_char_p, c_size_t, POINTER(RulesetOptions)]),
    "falconet_ruleset_free": (None, [_P]),
    "falconet_ruleset_rule_count": (c_size_t, [_P]),
    "falconet_ruleset_rule_name": (c_char_p, [_P, c_size_t]),
    "falconet_ruleset_rule_source": (c_char_p, [_P, c_size_t]),
    "falconet_ruleset_rule_priority": (c_int, [_P, c_size_t]),
    "falconet_ruleset_rule_active": (c_int, [_P, c_size_t]),
    "falconet_alert_rule": (c_char_p, [_P]),
    "falconet_alert_source": (c_char_p, [_P]),
    "falconet_alert_output": (c_char_p, [_P]),
    "falconet_alert_priority": (c_int, [_P]),
    "falconet_alert_time": (c_uint64, [_P]),
    "falconet_alert_tag_count": (c_size_t, [_P]),
    "falconet_alert_tag": (c_char_p, [_P, c_size_t]),
    "falconet_alert_json": (c_int, [_STR_OUT, POINTER(c_size_t), _P]),
    "falconet_alert_record": (c_int, [POINTER(c_void_p), POINTER(c_size_t), _P]),
    "falconet_alert_field_count": (c_size_t, [_P]),
    "falconet_alert_field": (c_int, [_STR_OUT, _STR_OUT, _P, c_size_t]),
    "falconet_alert_field_by_name": (c_int, [_STR_OUT, _P, c_char_p]),
    "falconet_evaluator_options_init": (
        c_int, [POINTER(EvaluatorOptions), c_uint]),
    "falconet_evaluator_new": (c_int, [_PP, _P, POINTER(EvaluatorOptions)]),
    "falconet_evaluator_free": (None, [_P]),
    "falconet_eval_options_init": (c_int, [POINTER(EvalOptions), c_uint]),
    "falconet_evaluator_evaluate": (
        c_int,
        [POINTER(EvalResult), _P, c_char_p, c_size_t, POINTER(EvalOptions)]),
    "falconet_scan_request_id": (c_uint64, [_P]),
    "falconet_scan_request_image": (c_char_p, [_P]),
    "falconet_scan_request_registry": (c_char_p, [_P]),
    "falconet_scan_request_repository": (c_char_p, [_P]),
    "falconet_scan_request_tag": (c_char_p, [_P]),
    "falconet_scan_request_digest": (c_char_p, [_P]),
    "falconet_scan_request_account": (c_char_p, [_P]),
    "falconet_scan_request_region": (c_char_p, [_P]),
    "falconet_scan_request_principal": (c_char_p, [_P]),
    "falconet_scan_request_source_ip": (c_char_p, [_P]),
    "falconet_scan_request_event_id": (c_char_p, [_P]),
    "falconet_scan_request_event_name": (c_char_p, [_P]),
    "falconet_scan_request_event_time": (c_uint64, [_P]),
    "falconet_scan_request_rule_count": (c_size_t, [_P]),
    "falconet_scan_request_rule": (c_char_p, [_P, c_size_t]),
    "falconet_scan_request_report": (c_int, [_P, c_char_p, c_size_t]),
    "falconet_scan_request_fail": (c_int, [_P, c_char_p, c_char_p]),
    "falconet_scan_options_init": (c_int, [POINTER(ScanOptions), c_uint]),
    "falconet_evaluator_set_image_scan": (c_int, [_P, POINTER(ScanOptions)]),
    "falconet_evaluator_submit_scan_report": (
        c_int,
        [POINTER(EvalResult), _P, c_uint64, c_char_p, c_size_t, c_char_p,
         POINTER(EvalOptions)]),
    "falconet_evaluator_pending_scan_count": (c_size_t, [_P]),
    "falconet_field_list_new": (c_int, [_PP, c_char_p]),
    "falconet_field_list_free": (None, [_P]),
    "falconet_field_list_count": (c_size_t, [_P]),
    "falconet_field_list_name": (c_char_p, [_P, c_size_t]),
    "falconet_field_list_type": (c_char_p, [_P, c_size_t]),
    "falconet_field_list_description": (c_char_p, [_P, c_size_t]),
    "falconet_field_list_flags": (c_uint, [_P, c_size_t]),
}


def _candidates():
    """Where to look for the library, in order: $FALCONET_LIBRARY, next to
    this package, then the system's search path."""
    env = os.environ.get("FALCONET_LIBRARY")
    if env:
        return [env], True
    here = pathlib.Path(__file__).resolve().parent
    names = [f"libfalconet.so.{SOVERSION}", "libfalconet.so"]
    local = [str(here / n) for n in names if (here / n).exists()]
    system = [f"libfalconet.so.{SOVERSION}"]
    found = ctypes.util.find_library("falconet")
    if found:
        system.append(found)
    return local + system, False


def _open():
    candidates, from_env = _candidates()
    problems = []
    for path in candidates:
        try:
            lib = ctypes.CDLL(path)
        except OSError as e:
            problems.append(f"{path}: {e}")
            if from_env:
                break
            continue
        _declare(lib)
        _check_version(lib, path)
        return lib
    raise _errors.LibraryNotFoundError(
        "cannot load libfalconet (set FALCONET_LIBRARY to its path): "
        + "; ".join(problems))


def _declare(lib):
    for name, (restype, argtypes) in _SIGNATURES.items():
        function = getattr(lib, name)
        function.restype = restype
        function.argtypes = argtypes


def _check_version(lib, path):
    major, minor, patch = c_int(), c_int(), c_int()
    lib.falconet_version(ctypes.byref(major), ctypes.byref(minor),
                         ctypes.byref(patch))
    found = (major.value, minor.value, patch.value)
    if found < MIN_VERSION:
        raise _errors.LibraryNotFoundError(
            f"{path} is falconet {'.'.join(map(str, found))}; this package "
            f"needs {'.'.join(map(str, MIN_VERSION))} or newer")


_lock = threading.Lock()
_lib = None


def lib():
    """The loaded library (loaded on first use)."""
    global _lib
    if _lib is None:
        with _lock:
            if _lib is None:
                _lib = _open()
    return _lib


def check(rc, diagnostics=None):
    """Raises the exception for a negative return code; returns rc."""
    if rc >= 0:
        return rc
    message = lib().falconet_error_last().decode("utf-8", "replace")
    raise _errors.from_code(rc, message, diagnostics)


def text(value):
    """A C string from the library as str (None stays None)."""
    return None if value is None else value.decode("utf-8", "replace")


def encode(value, what):
    """A str or bytes argument as bytes for the library."""
    if isinstance(value, bytes):
        return value
    if isinstance(value, str):
        return value.encode("utf-8")
    if isinstance(value, os.PathLike):
        return os.fsencode(value)
    raise TypeError(f"{what} must be str or bytes, not {type(value).__name__}")

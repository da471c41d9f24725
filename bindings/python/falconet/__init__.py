"""falconet: Falco rules over AWS CloudTrail records, from Python.

A ctypes binding of libfalconet (its C ABI, capi/falconet.h). The library
is found through the FALCONET_LIBRARY environment variable (a path), then
next to this package, then on the system's library path.

    import falconet

    rules = falconet.Ruleset.from_file("rules.yaml")
    evaluator = falconet.Evaluator(rules)
    result = evaluator.evaluate_many(open("cloudtrail.json", "rb").read())
    for alert in result.alerts:
        print(alert.json)

A Ruleset may be shared by threads; an Evaluator belongs to one thread at a
time. The GIL is released while the library evaluates.
"""

from ._errors import (CallbackError, Diagnostic, FalconetError,
                      InvalidArgumentError, LibraryNotFoundError, LoadError,
                      NotFoundError, OutOfMemoryError, StopEvaluation,
                      VersionError)
from ._evaluator import (Alert, EvalResult, Evaluator, ScanRequest,
                         SkippedRecord)
from ._ruleset import (FieldInfo, Matching, Priority, RuleInfo, Ruleset,
                       list_fields)

__version__ = "0.1.0"


def library_version() -> str:
    """The version of the loaded libfalconet, e.g. "0.1.0"."""
    from . import _native
    return _native.text(_native.lib().falconet_version(None, None, None))


__all__ = [
    "Alert", "CallbackError", "Diagnostic", "EvalResult", "Evaluator",
    "FalconetError", "FieldInfo", "InvalidArgumentError",
    "LibraryNotFoundError", "LoadError", "Matching", "NotFoundError",
    "OutOfMemoryError", "Priority", "RuleInfo", "Ruleset", "ScanRequest",
    "SkippedRecord",
    "StopEvaluation", "VersionError", "library_version", "list_fields",
]

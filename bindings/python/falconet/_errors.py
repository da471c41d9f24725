"""Exceptions: one class per falconet error code, all under FalconetError.

A rules file that fails to load raises LoadError, which carries every
diagnostic the library reported (errors and warnings, each with its code,
message and position).
"""

import dataclasses
from typing import List, Optional, Tuple


@dataclasses.dataclass(frozen=True)
class Diagnostic:
    """One error or warning from loading rules, as Falco reports it."""

    severity: str  # "error" or "warning"
    code: str  # "LOAD_ERR_COMPILE_CONDITION", "LOAD_UNUSED_MACRO", ...
    text: str  # the code's short text: "Error compiling condition"
    message: str
    file: str
    line: int  # 1-based
    column: int  # 1-based
    item_type: str  # "rule", "macro", "condition expression", ...
    item_name: str
    snippet: str

    def __str__(self):
        return (f"{self.file}:{self.line}:{self.column}: {self.severity}: "
                f"{self.code} ({self.text}): {self.message}")


class FalconetError(Exception):
    """Base of every error the library reports.

    `code` is the library's negative return code (falconet_error_code).
    """

    code = -1

    def __init__(self, message: str, code: Optional[int] = None):
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code


class InvalidArgumentError(FalconetError, ValueError):
    """An argument the library refused (FALCONET_EINVALID)."""

    code = -2


class OutOfMemoryError(FalconetError, MemoryError):
    """The library ran out of memory (FALCONET_ENOMEM)."""

    code = -3


class LoadError(FalconetError):
    """Rules failed to load or build (FALCONET_ELOAD).

    `diagnostics` holds everything reported while loading, errors first.
    """

    code = -4

    def __init__(self, message: str, code: Optional[int] = None,
                 diagnostics: Tuple[Diagnostic, ...] = ()):
        super().__init__(message, code)
        self.diagnostics = tuple(diagnostics)

    @property
    def errors(self) -> List[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "error"]

    @property
    def warnings(self) -> List[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "warning"]

    def __str__(self):
        lines = [self.message]
        lines += [f"  {d}" for d in self.errors]
        return "\n".join(lines)


class NotFoundError(FalconetError, LookupError):
    """No such rule, field, source or index (FALCONET_ENOTFOUND)."""

    code = -5


class CallbackError(FalconetError):
    """A callback stopped the evaluation without a Python exception
    (FALCONET_EUSER); raised only if the library reports it unexpectedly."""

    code = -6


class VersionError(FalconetError):
    """An options struct version the library does not know
    (FALCONET_EVERSION): the library is older than this package expects."""

    code = -7


class LibraryNotFoundError(FalconetError, OSError):
    """libfalconet could not be loaded, or is too old."""


class StopEvaluation(Exception):
    """Raise it in an on_alert or on_skip callback to end the evaluation
    early, without an error: the call returns what was done so far."""


_BY_CODE = {
    cls.code: cls
    for cls in (InvalidArgumentError, OutOfMemoryError, LoadError,
                NotFoundError, CallbackError, VersionError)
}


def from_code(code: int, message: str, diagnostics=None) -> FalconetError:
    """The exception for a return code; unknown codes give FalconetError."""
    cls = _BY_CODE.get(code, FalconetError)
    if cls is LoadError:
        return LoadError(message, code, diagnostics or ())
    return cls(message, code)

"""Ruleset: Falco rules files compiled by the library.

A Ruleset is immutable once built and may be shared by any number of
threads, each evaluating with its own Evaluator.
"""

import ctypes
import dataclasses
import enum
import os
from typing import Iterable, List, Optional, Sequence, Tuple, Union

from . import _native
from ._errors import Diagnostic, FalconetError


class Priority(enum.IntEnum):
    """Falco's priorities, most severe first."""

    EMERGENCY = 0
    ALERT = 1
    CRITICAL = 2
    ERROR = 3
    WARNING = 4
    NOTICE = 5
    INFORMATIONAL = 6
    DEBUG = 7

    @property
    def falco_name(self) -> str:
        """Falco's name: "Emergency" ... "Informational", "Debug"."""
        return _native.text(_native.lib().falconet_priority_name(self))

    @classmethod
    def parse(cls, value: Union["Priority", int, str]) -> "Priority":
        """A Priority from itself, its number or a name such as "warning"
        or "info" (case-insensitive)."""
        if isinstance(value, str):
            name = value.strip().upper()
            name = {"INFO": "INFORMATIONAL", "WARN": "WARNING"}.get(name, name)
            try:
                return cls[name]
            except KeyError:
                raise ValueError(f"unknown priority {value!r}") from None
        return cls(value)


class Matching(enum.IntEnum):
    """Report the first rule that matches a record (Falco's default), or
    every rule that matches."""

    FIRST = 0
    ALL = 1


@dataclasses.dataclass(frozen=True)
class RuleInfo:
    name: str
    source: str
    priority: Priority
    active: bool  # evaluated, after selection


PathOrText = Union[str, bytes, os.PathLike]


class _DiagnosticCollector:
    """Gathers the diagnostics the library reports while loading."""

    def __init__(self):
        self.diagnostics: List[Diagnostic] = []
        self.callback = _native.DIAGNOSTIC_CB(self._on_diagnostic)

    def _on_diagnostic(self, diagnostic, _payload):
        d = diagnostic.contents
        t = _native.text
        self.diagnostics.append(
            Diagnostic(
                "error" if d.severity == _native.SEVERITY_ERROR else "warning",
                t(d.code), t(d.text), t(d.message), t(d.file), d.line,
                d.column, t(d.item_type), t(d.item_name), t(d.snippet)))

    def sorted(self) -> Tuple[Diagnostic, ...]:
        errors = [d for d in self.diagnostics if d.severity == "error"]
        warnings = [d for d in self.diagnostics if d.severity == "warning"]
        return tuple(errors + warnings)


class Ruleset:
    """Compiled Falco rules.

    Ruleset(files, strings=..., ...) loads the rules files (paths) and then
    the rules texts (name, text) in order, as Falco loads several files:
    later ones may append to or override earlier ones. Selection:

    - matching: Matching.FIRST (default) or Matching.ALL;
    - min_priority: rules less severe are not evaluated;
    - enable / disable: rule names, `*` wildcards allowed; enable_tags /
      disable_tags: tags. A rule is active when enabled in its file or
      enabled here, and not disabled here;
    - extra_fields: fields added to every alert's fields (not its text),
      such as "evt.num".

    Raises LoadError (with .diagnostics) when a file fails to load.
    Warnings are kept in .warnings.
    """

    def __init__(self,
                 files: Iterable[PathOrText] = (),
                 *,
                 strings: Iterable[Tuple[str, Union[str, bytes]]] = (),
                 matching: Union[Matching, int, str] = Matching.FIRST,
                 min_priority: Union[Priority, int, str] = Priority.DEBUG,
                 enable: Sequence[str] = (),
                 disable: Sequence[str] = (),
                 enable_tags: Sequence[str] = (),
                 disable_tags: Sequence[str] = (),
                 extra_fields: Sequence[str] = ()):
        self._handle = None
        lib = _native.lib()
        if isinstance(files, (str, bytes, os.PathLike)):
            files = [files]
        if isinstance(matching, str):
            matching = Matching[matching.upper()]

        collector = _DiagnosticCollector()
        opts = _native.RulesetOptions()
        _native.check(lib.falconet_ruleset_options_init(
            ctypes.byref(opts), _native.RULESET_OPTIONS_VERSION))
        opts.diagnostic_cb = collector.callback
        opts.matching = int(matching)
        opts.min_priority = int(Priority.parse(min_priority))

        builder = ctypes.c_void_p()
        _native.check(lib.falconet_ruleset_builder_new(
            ctypes.byref(builder), ctypes.byref(opts)))
        try:
            self._load(builder, files, strings, collector)
            self._select(builder, enable, disable, enable_tags, disable_tags,
                         extra_fields)
            handle = ctypes.c_void_p()
            _native.check(
                lib.falconet_ruleset_builder_build(ctypes.byref(handle),
                                                   builder),
                collector.sorted())
            self._handle = handle
        finally:
            lib.falconet_ruleset_builder_free(builder)
        self.warnings: Tuple[Diagnostic, ...] = tuple(
            d for d in collector.sorted() if d.severity == "warning")

    @staticmethod
    def _load(builder, files, strings, collector):
        lib = _native.lib()
        for path in files:
            _native.check(
                lib.falconet_ruleset_builder_add_file(
                    builder, _native.encode(path, "path")),
                collector.sorted())
        for name, content in strings:
            data = _native.encode(content, "rules text")
            _native.check(
                lib.falconet_ruleset_builder_add_string(
                    builder, _native.encode(name, "name"), data, len(data)),
                collector.sorted())

    @staticmethod
    def _select(builder, enable, disable, enable_tags, disable_tags, extra):
        lib = _native.lib()
        for values, function in (
            (enable, lib.falconet_ruleset_builder_enable_rules),
            (disable, lib.falconet_ruleset_builder_disable_rules),
            (enable_tags, lib.falconet_ruleset_builder_enable_tag),
            (disable_tags, lib.falconet_ruleset_builder_disable_tag),
            (extra, lib.falconet_ruleset_builder_add_output_field),
        ):
            if isinstance(values, str):
                values = [values]
            for value in values:
                _native.check(function(builder, _native.encode(value, "name")))

    @classmethod
    def from_file(cls, path: PathOrText, **options) -> "Ruleset":
        """The rules of one file; options as for Ruleset()."""
        return cls([path], **options)

    @classmethod
    def from_string(cls, text: Union[str, bytes], name: str = "rules.yaml",
                    **options) -> "Ruleset":
        """The rules of one text; `name` stands for the file in
        diagnostics. Options as for Ruleset()."""
        return cls(strings=[(name, text)], **options)

    @property
    def handle(self) -> ctypes.c_void_p:
        if self._handle is None:
            raise FalconetError("the ruleset is closed")
        return self._handle

    @property
    def rules(self) -> List[RuleInfo]:
        """Every rule, in evaluation order, active or not."""
        lib = _native.lib()
        h = self.handle
        out = []
        for i in range(lib.falconet_ruleset_rule_count(h)):
            out.append(
                RuleInfo(
                    _native.text(lib.falconet_ruleset_rule_name(h, i)),
                    _native.text(lib.falconet_ruleset_rule_source(h, i)),
                    Priority(_native.check(
                        lib.falconet_ruleset_rule_priority(h, i))),
                    _native.check(lib.falconet_ruleset_rule_active(h, i)) == 1,
                ))
        return out

    def close(self) -> None:
        """Frees the library's ruleset handle. Evaluators made from it go on
        working (they keep what they need)."""
        if self._handle is not None:
            _native.lib().falconet_ruleset_free(self._handle)
            self._handle = None

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

    def __repr__(self):
        if self._handle is None:
            return "<falconet.Ruleset closed>"
        count = _native.lib().falconet_ruleset_rule_count(self._handle)
        return f"<falconet.Ruleset {count} rules>"


def list_fields(source: str = "aws_cloudtrail",
                include_hidden: bool = False) -> List["FieldInfo"]:
    """The fields `source` offers, in Falco's listing order."""
    lib = _native.lib()
    handle = ctypes.c_void_p()
    _native.check(lib.falconet_field_list_new(ctypes.byref(handle),
                                              _native.encode(source, "source")))
    try:
        out = []
        for i in range(lib.falconet_field_list_count(handle)):
            flags = lib.falconet_field_list_flags(handle, i)
            if flags & _native.FIELD_HIDDEN and not include_hidden:
                continue
            out.append(
                FieldInfo(
                    _native.text(lib.falconet_field_list_name(handle, i)),
                    _native.text(lib.falconet_field_list_type(handle, i)),
                    _native.text(
                        lib.falconet_field_list_description(handle, i)),
                    bool(flags & _native.FIELD_HIDDEN),
                    bool(flags & _native.FIELD_LIST),
                    "required" if flags & _native.FIELD_ARG_REQUIRED else
                    "index" if flags & _native.FIELD_ARG_INDEX else None,
                ))
        return out
    finally:
        lib.falconet_field_list_free(handle)


@dataclasses.dataclass(frozen=True)
class FieldInfo:
    name: str
    type: str  # "string", "uint64", "bool", "abstime"
    description: str
    hidden: bool
    is_list: bool
    argument: Optional[str]  # None, "index" (optional) or "required"

"""Finding the library and the error classes."""

import os
import subprocess
import sys

import falconet
from falconet import _native


def test_version():
    assert falconet.library_version() == falconet.__version__


def test_every_function_is_declared():
    header = os.path.join(os.path.dirname(__file__), "..", "..", "..",
                          "capi", "falconet.h")
    with open(header) as f:
        text = f.read()
    import re
    declared = set(re.findall(r"\b(falconet_[a-z_]+)\(", text))
    assert declared == set(_native._SIGNATURES)


def run_python(code, **env):
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True,
        env={**os.environ, **env},
        cwd=os.path.join(os.path.dirname(__file__), ".."))


def test_falconet_library_names_the_library():
    bad = run_python("import falconet; falconet.library_version()",
                     FALCONET_LIBRARY="/nonexistent/libfalconet.so.0")
    assert bad.returncode != 0
    assert "LibraryNotFoundError" in bad.stderr
    assert "/nonexistent/libfalconet.so.0" in bad.stderr


def test_error_classes():
    assert issubclass(falconet.LoadError, falconet.FalconetError)
    assert issubclass(falconet.InvalidArgumentError, ValueError)
    assert issubclass(falconet.NotFoundError, LookupError)
    assert issubclass(falconet.OutOfMemoryError, MemoryError)
    error = _native._errors.from_code(-4, "x", ())
    assert type(error) is falconet.LoadError
    assert type(_native._errors.from_code(-99, "y")) is falconet.FalconetError

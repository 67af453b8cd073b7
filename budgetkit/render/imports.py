"""Importing papermill and nbconvert for less: both import ``nbformat``, which imports
``jsonschema``, whose format checkers, when the optional ``rfc3987_syntax`` is installed, build
some forty Lark grammars for IRI syntax at import (1.0 CPU-s, half of papermill's import, in
every worker and in the render process). No notebook schema checks an IRI format, so the
render's processes import ``jsonschema`` without them, as where that package is absent.
"""

from __future__ import annotations

import sys
from contextlib import contextmanager

__all__ = ["without_iri_grammars"]

_SKIPPED = "rfc3987_syntax"


@contextmanager
def without_iri_grammars():
    """Within: ``jsonschema``, if imported first here, is imported without its IRI checkers.
    Nothing else changes: ``rfc3987_syntax`` imports as before once the block is left."""
    if "jsonschema" in sys.modules or _SKIPPED in sys.modules:
        yield
        return
    sys.modules[_SKIPPED] = None  # an ImportError for jsonschema's optional import, which it expects
    try:
        yield
    finally:
        if sys.modules.get(_SKIPPED, 0) is None:
            del sys.modules[_SKIPPED]

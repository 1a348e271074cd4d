"""Lazy package exports (PEP 562), so importing a package costs only what is used.

rdflib, pyshacl and iiif-prezi3 take most of a second to import; a `tile` or `serve`
run, or a worker process, should not pay for them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from importlib import import_module
from typing import Any


def exports(package: str, names: Mapping[str, str]) -> Callable[[str], Any]:
    """A module `__getattr__` that imports each of `names` from its module on first use.

    `names` maps an exported name to the module (absolute) that defines it.
    """

    def __getattr__(name: str) -> Any:
        if name in names:
            return getattr(import_module(names[name]), name)
        raise AttributeError(f"module {package!r} has no attribute {name!r}")

    return __getattr__

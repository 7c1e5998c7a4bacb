"""A data file (YAML under data/) parsed once per version: read again only when it changes."""
from __future__ import annotations

import threading
from pathlib import Path
from typing import Any, Callable, TypeVar

import yaml

T = TypeVar("T")
_parsed: dict[tuple[str, float, Callable], Any] = {}  # (file, its version, parser) -> value
_lock = threading.Lock()


def load(path: Path, parse: Callable[[Any, str], T]) -> T:
    """``parse(data, path)`` of the YAML in ``path``, kept until the file's modification time
    changes. ``parse`` is a module-level function (it is part of the key)."""
    path = Path(path)
    key = (str(path.resolve()), path.stat().st_mtime, parse)
    with _lock:
        if key in _parsed:
            return _parsed[key]
    value = parse(yaml.safe_load(path.read_text(encoding="utf-8")), str(path))
    with _lock:
        _parsed[key] = value
    return value

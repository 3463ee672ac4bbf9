"""Deterministic column naming: the same raw header always yields the same, unique, printable names."""

from __future__ import annotations

import hashlib
import unicodedata

MAX_NAME_CHARS = 256


def _clean(raw: object) -> str:
    text = "" if raw is None else str(raw)
    # Drop NUL and other control characters (they break terminals, JSON consumers and databases).
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Cc")
    text = text.replace("\ufeff", "").strip()
    return " ".join(text.split())


def _shorten(name: str, limit: int) -> str:
    if len(name) <= limit:
        return name
    digest = hashlib.sha256(name.encode("utf-8")).hexdigest()[:8]
    return f"{name[: limit - 10]}~{digest}"


def normalise_column_names(raw_names: list[object], *, limit: int = MAX_NAME_CHARS) -> list[str]:
    """Unique, non-empty, printable names, position-stable.

    Empty names become `column_{i}` (1-based position); over-long names are cut and suffixed with a hash of
    the full name (so two long names sharing a prefix stay distinct); duplicates get `_2`, `_3`, ...
    """
    cleaned = [_shorten(_clean(raw), limit) for raw in raw_names]
    cleaned = [name or f"column_{position}" for position, name in enumerate(cleaned, start=1)]
    taken: set[str] = set()
    result: list[str] = []
    for name in cleaned:
        candidate = name
        suffix = 2
        while candidate in taken:
            candidate = f"{name}_{suffix}"
            suffix += 1
        taken.add(candidate)
        result.append(candidate)
    return result

"""The readers: `open_tables(source)` turns a file into named Arrow table streams (see opening.py);
`sniff` decides a format from content alone.

The package imports nothing heavy itself: `open_tables` and the table types load on first use. The API's
upload prescan needs only the sniffer, and the API process must stay small while uploads stream through it
(pyarrow, numpy and friends would add over 100 MB to every API process).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from orca_core.scan.readers.opening import open_tables
    from orca_core.scan.tables import ReaderLimits, TableStream

__all__ = ["ReaderLimits", "TableStream", "open_tables"]


def __getattr__(name: str) -> Any:
    if name == "open_tables":
        from orca_core.scan.readers.opening import open_tables

        return open_tables
    if name in ("ReaderLimits", "TableStream"):
        from orca_core.scan import tables

        return getattr(tables, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

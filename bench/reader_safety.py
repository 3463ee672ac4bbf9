"""How fast hostile inputs are refused: zip bombs (ratio, declared size, 100k entries), XML entity bombs and a
Parquet pickle payload. Prints the median time to the typed error over `--repeat` runs; nothing is asserted.

    uv run python bench/reader_safety.py [--repeat 7]
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from orca_core.scan.errors import ScanError
from orca_core.scan.readers import open_tables
from tests.scan import test_readers_xlsx as xlsx_cases


def _refusal_seconds(payload: bytes, repeat: int) -> tuple[float, str]:
    times, code = [], ""
    for _ in range(repeat):
        started = time.perf_counter()
        try:
            for table in open_tables(io.BytesIO(payload), filename="hostile.xlsx"):
                for _ in table.batches:
                    pass
            code = "ACCEPTED (!)"
        except ScanError as error:
            code = error.code
        times.append(time.perf_counter() - started)
    return statistics.median(times), code


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    base = xlsx_cases.workbook_bytes({"S": [["a"], ["1"]]})
    cases: dict[str, Callable[[], bytes]] = {
        "zip bomb, 20 MB of zeros at ~1000:1": lambda: xlsx_cases._bomb_by_ratio(20),
        "zip declaring 3.5 GB in 10 KB": lambda: xlsx_cases._with_declared_sizes(
            base, b"xl/worksheets/sheet1.xml", 3_500_000_000
        ),
        "zip with 100,000 entries": lambda: xlsx_cases._zip_with_many_entries(100_000),
    }
    for label, build in cases.items():
        payload = build()
        seconds, code = _refusal_seconds(payload, args.repeat)
        print(f"{label:40s} {len(payload) / 1024:9.1f} KiB  refused as {code:20s} in {seconds * 1000:8.2f} ms")


if __name__ == "__main__":
    main()

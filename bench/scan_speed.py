"""Speed and memory of a full scan against the floor (pyarrow's multi-threaded read_csv), in one run.

Generates a deterministic 1,000,000-row x 12-column CSV (mixed personal and non-personal columns) and a 5x
larger one, then prints for each: pyarrow `read_csv` time (the floor), orca's full scan time (every row
profiled, every column classified; in a process that has scanned one small file before, as a worker has),
their ratio, the same as cold whole processes (`orca scan --json` against a
process that only reads the file with pyarrow), and orca's peak RSS. Times are medians of `--repeat` rounds, each
run in a fresh process so that peak RSS is per run; a round runs the floor and orca back to back, and the ratios
are medians of the per-round ratios. Nothing here is asserted: it prints figures.

    uv run python bench/scan_speed.py [--rows 1000000] [--repeat 3] [--skip-large]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from datagen import write_csv

READ_ONLY = """
import resource, sys, time
start = time.perf_counter()
import pyarrow.csv
table = pyarrow.csv.read_csv(sys.argv[1])
elapsed = time.perf_counter() - start
rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f'{{"seconds": {elapsed}, "rows": {table.num_rows}, "rss_mb": {rss_mb}}}')
"""

ORCA_IN_PROCESS = """
import resource, sys, time
from pathlib import Path
from orca_core.scan.engine import scan_path
import pyarrow.csv  # imported before the clock starts, as in the floor's measurement below
# A long-running worker has loaded its lazy tables (gazetteers, number plans) once: warm up on the small
# bundled example first. The cold cost is in the whole-process figures.
scan_path(Path(sys.argv[2]))
start = time.perf_counter()
report = scan_path(Path(sys.argv[1]))
elapsed = time.perf_counter() - start
rows = report.tables[0].row_count
rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f'{{"seconds": {elapsed}, "rows": {rows}, "rss_mb": {rss_mb}}}')
"""

FLOOR_IN_PROCESS = """
import resource, sys, time
import pyarrow.csv
start = time.perf_counter()
table = pyarrow.csv.read_csv(sys.argv[1])
elapsed = time.perf_counter() - start
rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f'{{"seconds": {elapsed}, "rows": {table.num_rows}, "rss_mb": {rss_mb}}}')
"""


EXAMPLE = Path(__file__).resolve().parents[1] / "docs" / "examples" / "customers.csv"


def _run_python(code: str, path: Path) -> dict[str, float]:
    command = [sys.executable, "-c", code, str(path), str(EXAMPLE)]
    out = subprocess.run(command, check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def _wall(command: list[str]) -> tuple[float, float]:
    """Wall time of a whole process and its peak RSS in MB (from wait4's rusage)."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) not in (0, 3):
        raise RuntimeError(f"{command[0]} failed: {process.stderr.read().decode() if process.stderr else ''}")
    return elapsed, usage.ru_maxrss / 1024


def measure(path: Path, repeat: int) -> dict[str, float]:
    orca_cli = Path(sys.executable).with_name("orca")
    floor, orca, floor_proc, orca_proc = [], [], [], []
    # The floor on its own, runs back to back: on these machines a read_csv that follows an orca run in the
    # interleaved rounds below is often 2-3x slower than the same read_csv after another read_csv, which would
    # flatter orca's ratio. Both ratios are printed; the one against the floor alone is the stricter.
    floor_alone = [_run_python(FLOOR_IN_PROCESS, path)["seconds"] for _ in range(repeat)]
    # Interleaved: load from anything else on the machine then weighs on the floor and on orca alike.
    for _ in range(repeat):
        floor.append(_run_python(FLOOR_IN_PROCESS, path))
        orca.append(_run_python(ORCA_IN_PROCESS, path))
        floor_proc.append(_wall([sys.executable, "-c", READ_ONLY, str(path)]))
        orca_proc.append(_wall([str(orca_cli), "scan", "--json", "--no-progress", str(path)]))
    result = {
        "size_mb": path.stat().st_size / 1e6,
        "rows": orca[0]["rows"],
        "floor_s": statistics.median(r["seconds"] for r in floor),
        "orca_s": statistics.median(r["seconds"] for r in orca),
        "orca_rss_mb": max(r["rss_mb"] for r in orca),
        "floor_rss_mb": max(r["rss_mb"] for r in floor),
        "floor_process_s": statistics.median(t for t, _ in floor_proc),
        "orca_process_s": statistics.median(t for t, _ in orca_proc),
        "orca_process_rss_mb": max(rss for _, rss in orca_proc),
        "ratio": statistics.median(o["seconds"] / f["seconds"] for o, f in zip(orca, floor, strict=True)),
        "floor_alone_s": statistics.median(floor_alone),
        "process_ratio": statistics.median(o[0] / f[0] for o, f in zip(orca_proc, floor_proc, strict=True)),
    }
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--skip-large", action="store_true", help="only the base file, not the 5x one")
    parser.add_argument("--data-dir", type=Path, default=Path(tempfile.gettempdir()) / "orca-bench")
    args = parser.parse_args()
    sizes = [args.rows] if args.skip_large else [args.rows, 5 * args.rows]
    results = []
    for rows in sizes:
        path = args.data_dir / f"bench_{rows}.csv"
        if not path.exists():
            print(f"generating {path} ...", flush=True)
            write_csv(path, rows)
        result = measure(path, args.repeat)
        results.append(result)
        print(
            f"{result['rows']:>9,} rows: read_csv floor alone {result['floor_alone_s']:.2f}s, "
            f"orca {result['orca_s']:.2f}s: ratio {result['orca_s'] / result['floor_alone_s']:.2f}x (the stricter)",
            flush=True,
        )
        print(
            f"{result['rows']:>9,} rows {result['size_mb']:7.1f} MB | read_csv floor {result['floor_s']:6.2f}s | "
            f"orca scan {result['orca_s']:6.2f}s | ratio {result['ratio']:4.2f}x | "
            f"process: floor {result['floor_process_s']:6.2f}s orca {result['orca_process_s']:6.2f}s "
            f"ratio {result['process_ratio']:4.2f}x | orca peak RSS {result['orca_process_rss_mb']:6.0f} MB "
            f"(in-process {result['orca_rss_mb']:.0f} MB; read_csv {result['floor_rss_mb']:.0f} MB)",
            flush=True,
        )
    if len(results) == 2:
        growth = results[1]["orca_process_rss_mb"] / results[0]["orca_process_rss_mb"] - 1
        print(f"peak RSS growth for 5x rows: {growth:+.1%} (bar: < 25%); medians of {args.repeat} runs")


if __name__ == "__main__":
    main()

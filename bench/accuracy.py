"""Detection quality of orca's personal-data scanner on a labelled evaluation set (bench/eval by default).

    uv run python bench/accuracy.py                 # table of per-category P/R/F1, macro-F1, errors
    uv run python bench/accuracy.py --json          # the same figures, machine-readable
    uv run python bench/accuracy.py --files '*.xlsx'
    uv run python bench/accuracy.py --set heldout   # the held-out set (bench/heldout): generalisation check
    uv run python bench/accuracy.py --dir some/set  # any directory holding labels.json and files/

Every file in <set>/files/ is scanned with `orca_core.scan.engine.scan_path`; each column's verdict is
compared with <set>/labels.json. Macro-F1 is the unweighted mean of F1 over the categories that occur in
the labels, NONE included as a class of its own (a false alarm on a hash costs as much as a missed e-mail
column); macro-F1 without NONE is printed alongside. A column the scan does not report (or a file that fails)
counts as a miss for its label, predicted as MISSING. Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import fnmatch
import json
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
EVAL_DIR = BENCH_DIR / "eval"
SETS = {"eval": EVAL_DIR, "heldout": BENCH_DIR / "heldout"}
MISSING = "MISSING"  # the scan reported no verdict for a labelled column


def _load_engine() -> Any:
    try:
        from orca_core.scan.engine import scan_path
    except Exception as exc:  # ImportError, or a half-written module failing at import time
        print(
            f"orca_core.scan.engine is not importable yet ({type(exc).__name__}: {exc}).\n"
            "Nothing to measure; the labels can still be checked with `uv run pytest tests/bench`.",
            file=sys.stderr,
        )
        return None
    return scan_path


def _predictions(scan_path: Any, path: Path) -> tuple[dict[tuple[str, str], dict[str, Any]], str | None]:
    """(table, column) -> pii verdict dict, and an error message if the scan failed."""
    try:
        report = scan_path(path).to_dict()
    except Exception as exc:
        return {}, f"{type(exc).__name__}: {exc}"
    verdicts = {}
    for table in report.get("tables", []):
        for column in table.get("columns", []):
            verdicts[(table["name"], column["name"])] = column.get("pii") or {}
    return verdicts, None


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def _generate_hint(set_dir: Path) -> str:
    script = set_dir / "generate.py"
    try:
        shown = script.relative_to(BENCH_DIR.parent)
    except ValueError:
        shown = script
    return f"uv run python {shown}"


def evaluate(files_dir: Path, labels: dict[str, Any], pattern: str, scan_path: Any) -> dict[str, Any]:
    started = time.perf_counter()
    pairs: list[dict[str, Any]] = []  # one per labelled column
    file_errors: dict[str, str] = {}
    unlabelled: list[str] = []
    file_seconds: dict[str, float] = {}
    table_renames: list[str] = []
    for file_name in sorted(labels):
        if not fnmatch.fnmatch(file_name, pattern):
            continue
        path = files_dir / file_name
        t0 = time.perf_counter()
        if path.exists():
            verdicts, error = _predictions(scan_path, path)
        else:
            verdicts, error = {}, f"file missing (run {_generate_hint(files_dir.parent)})"
        file_seconds[file_name] = round(time.perf_counter() - t0, 3)
        if error:
            file_errors[file_name] = error
        reported_tables = {table for table, _ in verdicts}
        if len(labels[file_name]) == 1 and len(reported_tables) == 1 and reported_tables != set(labels[file_name]):
            # One table each side under different names: still score the detector, but flag the naming.
            expected = next(iter(labels[file_name]))
            got = next(iter(reported_tables))
            table_renames.append(f"{file_name}: reported table {got!r}, labelled {expected!r}")
            verdicts = {(expected, column): v for (_, column), v in verdicts.items()}
        labelled_keys = set()
        for table_name, columns in labels[file_name].items():
            for column_name, label in columns.items():
                labelled_keys.add((table_name, column_name))
                verdict = verdicts.get((table_name, column_name))
                pairs.append(
                    {
                        "file": file_name,
                        "table": table_name,
                        "column": column_name,
                        "label": label["category"],
                        "label_subtype": label["subtype"],
                        "predicted": verdict.get("category", MISSING) if verdict is not None else MISSING,
                        "predicted_subtype": verdict.get("subtype") if verdict is not None else None,
                        "confidence": verdict.get("confidence") if verdict is not None else None,
                    }
                )
        unlabelled += [f"{file_name} / {t} / {c}" for (t, c) in sorted(set(verdicts) - labelled_keys)]
    result = _summarise(pairs, file_errors, unlabelled, file_seconds, time.perf_counter() - started)
    result["table_name_mismatches"] = table_renames
    return result


def _summarise(
    pairs: list[dict[str, Any]],
    file_errors: dict[str, str],
    unlabelled: list[str],
    file_seconds: dict[str, float],
    wall: float,
) -> dict[str, Any]:
    support = Counter(p["label"] for p in pairs)
    predicted = Counter(p["predicted"] for p in pairs)
    correct = Counter(p["label"] for p in pairs if p["label"] == p["predicted"])
    per_category = {}
    for category in sorted(support, key=lambda c: (c == "NONE", c)):
        tp = correct[category]
        precision = tp / predicted[category] if predicted[category] else 0.0
        recall = tp / support[category]
        per_category[category] = {
            "precision": round(precision, 4),
            "recall": round(recall, 4),
            "f1": round(_f1(precision, recall), 4),
            "support": support[category],
            "predicted": predicted[category],
        }
    f1s = [m["f1"] for m in per_category.values()]
    f1s_personal = [m["f1"] for c, m in per_category.items() if c != "NONE"]
    national = [p for p in pairs if p["label"] == "NATIONAL_ID"]
    national_hit = [p for p in national if p["predicted"] == "NATIONAL_ID"]
    subtype_right = [p for p in national_hit if p["predicted_subtype"] == p["label_subtype"]]
    errors = [p for p in pairs if p["label"] != p["predicted"]]
    confusion: dict[tuple[str, str], list[str]] = defaultdict(list)
    for p in errors:
        confusion[(p["label"], p["predicted"])].append(f"{p['file']} / {p['table']} / {p['column']}")
    subtype_errors = [
        f"{p['file']} / {p['table']} / {p['column']}: {p['label_subtype']} -> {p['predicted_subtype']}"
        for p in national_hit
        if p["predicted_subtype"] != p["label_subtype"]
    ]
    return {
        "columns": len(pairs),
        "files": len(file_seconds),
        "accuracy": round(sum(correct.values()) / len(pairs), 4) if pairs else 0.0,
        "macro_f1": round(sum(f1s) / len(f1s), 4) if f1s else 0.0,
        "macro_f1_classes": "every category present in the labels, NONE included",
        "macro_f1_without_none": round(sum(f1s_personal) / len(f1s_personal), 4) if f1s_personal else 0.0,
        "per_category": per_category,
        "national_id_subtype": {
            "labelled": len(national),
            "detected_as_national_id": len(national_hit),
            "subtype_correct": len(subtype_right),
            "accuracy_when_detected": round(len(subtype_right) / len(national_hit), 4) if national_hit else 0.0,
            "accuracy_overall": round(len(subtype_right) / len(national), 4) if national else 0.0,
            "errors": subtype_errors,
        },
        "confusions": [
            {"label": label, "predicted": pred, "count": len(where), "columns": where}
            for (label, pred), where in sorted(confusion.items(), key=lambda kv: (-len(kv[1]), kv[0]))
        ],
        "errors": errors,
        "file_errors": file_errors,
        "unlabelled_columns": unlabelled,
        "file_seconds": file_seconds,
        "wall_seconds": round(wall, 3),
    }


def _print_report(result: dict[str, Any]) -> None:
    print(f"orca detection quality: {result['files']} files, {result['columns']} labelled columns\n")
    print(f"{'category':<22}{'precision':>10}{'recall':>9}{'F1':>8}{'support':>9}{'predicted':>11}")
    for category, m in result["per_category"].items():
        print(
            f"{category:<22}{m['precision']:>10.3f}{m['recall']:>9.3f}{m['f1']:>8.3f}"
            f"{m['support']:>9}{m['predicted']:>11}"
        )
    print()
    print(f"macro-F1          {result['macro_f1']:.4f}  ({result['macro_f1_classes']})")
    print(f"macro-F1 w/o NONE {result['macro_f1_without_none']:.4f}")
    print(f"column accuracy   {result['accuracy']:.4f}")
    nid = result["national_id_subtype"]
    print(
        f"NATIONAL_ID subtype accuracy: {nid['accuracy_when_detected']:.4f} of the "
        f"{nid['detected_as_national_id']} detected "
        f"({nid['subtype_correct']}/{nid['labelled']} = {nid['accuracy_overall']:.4f} of all labelled)"
    )
    for line in nid["errors"]:
        print(f"  subtype: {line}")
    if result["confusions"]:
        print("\nconfusions (label -> predicted, count):")
        for conf in result["confusions"]:
            print(f"  {conf['label']} -> {conf['predicted']}: {conf['count']}")
            for where in conf["columns"]:
                print(f"      {where}")
    for file_name, error in result["file_errors"].items():
        print(f"\nscan failed: {file_name}: {error}")
    if result["table_name_mismatches"]:
        print("\ntable names differing from the labels (scored anyway, one table each side):")
        for line in result["table_name_mismatches"]:
            print(f"  {line}")
    if result["unlabelled_columns"]:
        print(f"\n{len(result['unlabelled_columns'])} reported columns have no label (naming mismatch?):")
        for where in result["unlabelled_columns"][:30]:
            print(f"  {where}")
    slowest = sorted(result["file_seconds"].items(), key=lambda kv: -kv[1])[:3]
    print(
        f"\nwall time {result['wall_seconds']:.2f} s (slowest: " + ", ".join(f"{f} {s:.2f} s" for f, s in slowest) + ")"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--json", action="store_true", help="print machine-readable JSON")
    parser.add_argument("--files", default="*", help="glob over file names, e.g. '*.csv*' (default: all)")
    parser.add_argument(
        "--set", dest="set_name", choices=sorted(SETS), default="eval", help="which labelled set (default: eval)"
    )
    parser.add_argument(
        "--dir",
        "--eval-dir",
        dest="eval_dir",
        type=Path,
        default=None,
        help="directory holding labels.json and files/ (overrides --set)",
    )
    args = parser.parse_args(argv)
    if args.eval_dir is None:
        args.eval_dir = SETS[args.set_name]

    labels_path = args.eval_dir / "labels.json"
    if not labels_path.exists():
        print(f"{labels_path} not found; run `{_generate_hint(args.eval_dir)}` first.", file=sys.stderr)
        return 2
    labels = json.loads(labels_path.read_text(encoding="utf-8"))
    if not any(fnmatch.fnmatch(name, args.files) for name in labels):
        print(f"no labelled file matches {args.files!r}", file=sys.stderr)
        return 2
    scan_path = _load_engine()
    if scan_path is None:
        return 2
    result = evaluate(args.eval_dir / "files", labels, args.files, scan_path)
    if args.json:
        print(json.dumps(result, indent=1, ensure_ascii=False))
    else:
        _print_report(result)
    return 0


if __name__ == "__main__":
    sys.exit(main())

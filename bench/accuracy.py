"""Detection quality of orca's personal-data scanner on a labelled evaluation set (bench/eval by default).

    uv run python bench/accuracy.py                 # table of per-category P/R/F1, macro-F1, errors
    uv run python bench/accuracy.py --json          # the same figures, machine-readable
    uv run python bench/accuracy.py --files '*.xlsx'
    uv run python bench/accuracy.py --set heldout   # the held-out set (bench/heldout): generalisation check
    uv run python bench/accuracy.py --dir some/set  # any directory holding labels.json and files/
    uv run python bench/accuracy.py --llm           # macro-F1 without and with the LLM path (issue 5)

Every file in <set>/files/ is scanned with `orca_core.scan.engine.scan_path`; each column's verdict is
compared with <set>/labels.json. Macro-F1 is the unweighted mean of F1 over the categories that occur in
the labels, NONE included as a class of its own (a false alarm on a hash costs as much as a missed e-mail
column); macro-F1 without NONE is printed alongside. A column the scan does not report (or a file that fails)
counts as a miss for its label, predicted as MISSING. Figures are printed, never asserted.

`--llm` compares three rows on the same set, each through the real LLM path (masking, request building, the
google-genai client, merge; see docs/llm.md):

* built-in only;
* built-in + a scripted fake Gemini (tests/llm/fake_gemini.py, over HTTP). It is only as smart as a script and is
  kept honest: it answers from what the request carries and nothing else, namely the masked column name read
  with orca's own header lexicon (a category when the name clearly says one, NONE when it says nothing personal,
  otherwise the built-in verdict). It cannot see values, so it measures the merge rules and the plumbing, not
  what a model could add;
* built-in + Gemini with the key in ORCA_GEMINI_API_KEY (model ORCA_GEMINI_MODEL): the real gain. Without a key
  this row is skipped and the reason printed.
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
    """(table, column) -> pii verdict dict, and an error message if the scan failed. `scan_path` returns a
    ScanReport, or (LLM rows) the report document itself."""
    try:
        scanned = scan_path(path)
        report = scanned if isinstance(scanned, dict) else scanned.to_dict()
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


# --- issue 5: the LLM path ------------------------------------------------------------------------------------


def _header_semantics_fake() -> Any:
    """The scripted fake's decision, from the request alone: the masked column name, read with orca's lexicon."""
    from orca_core.scan.detect.lexicon import header_evidence

    def decide(column: dict[str, Any]) -> tuple[str, float, str]:
        builtin = column["builtin"]["category"]
        if column.get("name_mask") == "SHAPE":  # the name went out as a shape: nothing to read
            return builtin, 0.5, "the name is masked to its shape"
        priors = header_evidence(column["name"]).priors
        if priors:
            category, prior = max(priors.items(), key=lambda item: item[1])
            if prior >= 0.45:
                return category.value, min(0.95, prior + 0.35), "the column name says so"
        if builtin != "NONE" and column["builtin"]["confidence"] < 0.7:
            return "NONE", 0.75, "the column name names nothing personal"
        return builtin, 0.6, "nothing in the name contradicts the rules"

    return decide


class _LlmScanner:
    """scan_path followed by the worker's LLM step (in-memory cache and budget, no ledger); counts what it did."""

    def __init__(self, scan_path: Any, config: Any) -> None:
        from orca_core.llm.classifier import InMemoryCache

        self.scan_path, self.config, self.cache = scan_path, config, InMemoryCache()
        self.stats = {"requests": 0, "tokens_in": 0, "tokens_out": 0, "changed": 0, "failed_files": 0}

    def __call__(self, path: Path) -> dict[str, Any]:
        import asyncio

        from orca_core.llm.classifier import InMemoryBudget, LlmRun, NoLedger, classify_scan, render_report

        report = self.scan_path(path)
        outcome = asyncio.run(
            classify_scan(report, self.config, cache=self.cache, budget=InMemoryBudget(10**9), ledger=NoLedger())
        )
        document = render_report(report, outcome)
        if isinstance(outcome, LlmRun):
            section = document["llm"]
            self.stats["requests"] += len(section["requests"])
            self.stats["tokens_in"] += sum(r["tokens_in"] for r in section["requests"])
            self.stats["tokens_out"] += sum(r["tokens_out"] for r in section["requests"])
            self.stats["changed"] += section["columns"]["changed"]
            self.stats["failed_files"] += section["status"] != "applied"
        return document


def _row(name: str, result: dict[str, Any], stats: dict[str, Any] | None = None) -> dict[str, Any]:
    row = {
        "row": name,
        "macro_f1": result["macro_f1"],
        "macro_f1_without_none": result["macro_f1_without_none"],
        "accuracy": result["accuracy"],
        "columns": result["columns"],
        "wall_seconds": result["wall_seconds"],
        "confusions": [
            f"{c['label']} -> {c['predicted']}: {c['count']} ({'; '.join(c['columns'])})" for c in result["confusions"]
        ],
    }
    if stats is not None:
        row["llm"] = dict(stats)
    return row


def compare_llm(files_dir: Path, labels: dict[str, Any], pattern: str, scan_path: Any) -> list[dict[str, Any]]:
    import os
    from dataclasses import replace

    from pydantic import SecretStr

    from orca_core.llm.config import LlmConfig
    from orca_core.settings import Settings

    rows = [_row("built-in only", evaluate(files_dir, labels, pattern, scan_path))]

    sys.path.insert(0, str(BENCH_DIR.parent))  # the fake lives with the tests
    from tests.llm.fake_gemini import FakeGemini, answer

    base = Settings(_env_file=None, gemini_api_key="bench-fake-key")  # type: ignore[call-arg]
    with FakeGemini() as fake:
        fake.default = answer(_header_semantics_fake())
        config = LlmConfig.from_settings(base)
        assert config is not None
        config = replace(config, base_url=fake.url, retry_base_seconds=0.0)
        scanner = _LlmScanner(scan_path, config)
        rows.append(
            _row(
                "built-in + scripted fake (masked header semantics)",
                evaluate(files_dir, labels, pattern, scanner),
                scanner.stats,
            )
        )

    key = os.environ.get("ORCA_GEMINI_API_KEY", "").strip()
    real_row = "built-in + Gemini " + os.environ.get("ORCA_GEMINI_MODEL", base.gemini_model)
    if not key:
        rows.append({"row": real_row, "skipped": "ORCA_GEMINI_API_KEY is not set: the real accuracy gain needs a key"})
        return rows
    real = LlmConfig.from_settings(Settings())  # ORCA_GEMINI_* from the environment
    assert real is not None
    real = replace(real, api_key=SecretStr(key))
    scanner = _LlmScanner(scan_path, real)
    rows.append(_row(real_row, evaluate(files_dir, labels, pattern, scanner), scanner.stats))
    return rows


def _print_llm_rows(rows: list[dict[str, Any]]) -> None:
    print("orca detection quality with and without the LLM path\n")
    print(f"{'row':<58}{'macro-F1':>10}{'w/o NONE':>10}{'accuracy':>10}{'requests':>10}{'tokens':>10}{'changed':>9}")
    for row in rows:
        if "skipped" in row:
            print(f"{row['row']:<58}  skipped: {row['skipped']}")
            continue
        llm = row.get("llm") or {}
        tokens = llm.get("tokens_in", 0) + llm.get("tokens_out", 0)
        print(
            f"{row['row']:<58}{row['macro_f1']:>10.4f}{row['macro_f1_without_none']:>10.4f}{row['accuracy']:>10.4f}"
            f"{llm.get('requests', '-'):>10}{tokens if llm else '-':>10}{llm.get('changed', '-'):>9}"
        )
    for row in rows:
        if row.get("confusions"):
            print(f"\n{row['row']}: confusions (label -> predicted: count)")
            for line in row["confusions"]:
                print(f"  {line}")


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
    parser.add_argument(
        "--llm",
        action="store_true",
        help="macro-F1 without and with the LLM path: a scripted fake, and Gemini when ORCA_GEMINI_API_KEY is set",
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
    if args.llm:
        rows = compare_llm(args.eval_dir / "files", labels, args.files, scan_path)
        if args.json:
            print(json.dumps(rows, indent=1, ensure_ascii=False))
        else:
            _print_llm_rows(rows)
        return 0
    result = evaluate(args.eval_dir / "files", labels, args.files, scan_path)
    if args.json:
        print(json.dumps(result, indent=1, ensure_ascii=False))
    else:
        _print_report(result)
    return 0


if __name__ == "__main__":
    sys.exit(main())

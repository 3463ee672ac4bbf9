"""`orca` command line: a thin shell over orca_core.

Exit codes of `orca scan`: 0 all files scanned, 2 at least one file unreadable (its error code is printed),
3 raw passwords found in at least one file (3 wins over 2: it is the finding a pipeline must not miss).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from orca_core.scan.engine import Progress
    from orca_core.scan.report import ScanReport

EXIT_OK, EXIT_UNREADABLE, EXIT_RAW_PASSWORDS = 0, 2, 3
PROGRESS_MIN_BYTES = 8 * 1024 * 1024


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("orca")
    except PackageNotFoundError:  # running from a source tree without an install
        return "0+unknown"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="orca", description="orca: data profiling and GDPR personal-data scanning")
    parser.add_argument("--version", action="version", version=f"orca {_version()}")
    commands = parser.add_subparsers(dest="command", required=True)
    scan = commands.add_parser("scan", help="profile and PII-classify tabular files (CSV, XLSX, Parquet, JSON)")
    scan.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    scan.add_argument("--json", action="store_true", help="print the JSON report (JSON Lines for several paths)")
    scan.add_argument("--out", type=Path, help="write the output to FILE instead of standard output")
    scan.add_argument(
        "--sample-rows",
        type=int,
        default=10_000,
        metavar="N",
        help="values per column sampled for classification (default 10000)",
    )
    scan.add_argument(
        "--full",
        action="store_true",
        help="classify on up to 1,000,000 values per column instead of the sample",
    )
    scan.add_argument("--no-progress", action="store_true", help="never show a progress bar")
    scan.add_argument(
        "--llm",
        action="store_true",
        help="also classify with Gemini (masked samples only; needs ORCA_GEMINI_API_KEY; see docs/llm.md)",
    )
    _add_service_commands(commands)
    return parser


def _add_service_commands(commands: Any) -> None:
    audit = commands.add_parser("audit", help="the audit log")
    audit_commands = audit.add_subparsers(dest="audit_command", required=True)
    verify = audit_commands.add_parser(
        "verify", help="walk the hash chains and report the first broken link (exit 1 if any chain is broken)"
    )
    verify.add_argument("--org", metavar="ID", help="verify one org's chain (default: every chain)")
    verify.add_argument("--json", action="store_true", help="print one JSON line per chain")
    verify.add_argument(
        "--no-anchors", action="store_true", help="skip the check against the anchors in object storage"
    )
    audit_commands.add_parser(
        "anchor", help="write every chain's head to object storage now (the worker does so every minute)"
    )

    db = commands.add_parser("db", help="database set-up")
    db_commands = db.add_subparsers(dest="db_command", required=True)
    db_commands.add_parser(
        "bootstrap", help="create the owner and runtime roles and the database (needs ORCA_ADMIN_DATABASE_URL)"
    )
    db_commands.add_parser("migrate", help="apply the migrations as the owner role (alembic upgrade head)")

    llm = commands.add_parser("llm", help="the LLM egress ledger (docs/llm.md)")
    llm_commands = llm.add_subparsers(dest="llm_command", required=True)
    llm_verify = llm_commands.add_parser(
        "verify", help="check that every value a job sent to the LLM was masked and matches the ledger (exit 1 if not)"
    )
    llm_verify.add_argument("job", metavar="JOB", help="the job's id")
    llm_verify.add_argument("--json", action="store_true", help="print the result as JSON")

    # issue 4: read what the development SMTP sink of `make run` received (e.g. the verification link)
    dev = commands.add_parser("dev", help="development helpers")
    dev_commands = dev.add_subparsers(dest="dev_command", required=True)
    mail = dev_commands.add_parser("mail", help="print the emails the local SMTP sink of `make run` received")
    mail.add_argument("--json", action="store_true", help="one JSON object per message (with its links)")
    mail.add_argument("--to", metavar="EMAIL", help="only messages to this address")
    mail.add_argument("--last", type=int, metavar="N", help="only the N most recent messages")
    mail.add_argument("--mailbox", type=Path, help="the mailbox file (default: ORCA_DEV_MAILBOX_PATH or make run's)")


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "scan":
        if args.sample_rows < 100:
            print("orca scan: --sample-rows must be at least 100", file=sys.stderr)
            return EXIT_UNREADABLE
        if args.out:
            with args.out.open("w", encoding="utf-8") as out:
                return _scan(args, out)
        return _scan(args, sys.stdout)
    if args.command == "dev":  # issue 4
        from orca_core.mail.mailbox import dev_mail_command

        return dev_mail_command(args, sys.stdout)
    if args.command in ("audit", "db", "llm"):
        from orca_core import service_cli

        return service_cli.run(args)
    return EXIT_OK


def _scan(args: argparse.Namespace, out: TextIO) -> int:
    from orca_core.scan.engine import ScanOptions, scan_path
    from orca_core.scan.errors import ScanError

    options = ScanOptions(sample_rows=args.sample_rows, full=args.full)
    exit_code = EXIT_OK
    llm_session = None
    if args.llm:  # issue 5: the same LLM step as the worker; its cache lives in memory for this run only
        from orca_core.llm.local import LocalLlmSession

        llm_session = LocalLlmSession.from_environment(warn=sys.stderr)
    for path in args.paths:
        source = str(path)
        try:
            if not path.is_file():
                raise ScanError(f"{source} is not a readable file.", code="file_not_found")
            with _progress_bar(path, enabled=not args.no_progress) as on_progress:
                report = scan_path(path, options, progress=on_progress, source=source)
        except ScanError as error:
            exit_code = max(exit_code, EXIT_UNREADABLE)
            if args.json:
                out.write(json.dumps({"source": source, **error.to_dict()}, ensure_ascii=False) + "\n")
            else:
                print(f"{source}: {error.code}: {error.detail}", file=sys.stderr)
            continue
        if report.has_raw_passwords:
            exit_code = EXIT_RAW_PASSWORDS
        document = llm_session.classify(report) if llm_session is not None else report.to_dict()
        if args.json:
            out.write(json.dumps(document, ensure_ascii=False) + "\n")
        else:
            _print_table(report, out)
    return exit_code


class _progress_bar:
    """A rich progress bar on stderr for large files when stderr is a terminal; otherwise nothing."""

    def __init__(self, path: Path, *, enabled: bool) -> None:
        size = path.stat().st_size
        self.enabled = enabled and sys.stderr.isatty() and size >= PROGRESS_MIN_BYTES
        self.size = size
        self._progress: Any = None
        self._task: Any = None

    def __enter__(self) -> Any:
        if not self.enabled:
            return None
        from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn

        self._progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            DownloadColumn(),
            TimeRemainingColumn(),
            transient=True,
        )
        self._progress.__enter__()
        self._task = self._progress.add_task("scanning", total=self.size)
        return self._update

    def _update(self, progress: Progress) -> None:
        if progress.bytes_done is not None:
            self._progress.update(
                self._task,
                completed=progress.bytes_done,
                description=f"{progress.table}: {progress.rows_done:,} rows",
            )

    def __exit__(self, *exc: object) -> None:
        if self._progress is not None:
            self._progress.__exit__(*exc)


def _print_table(report: ScanReport, out: TextIO) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console(file=out, width=160)
    console.print(f"[bold]{report.source}[/bold] ({report.format}, {report.duration_seconds:.2f}s)")
    for table in report.tables:
        grid = Table(title=f"{table.name}: {table.row_count:,} rows", title_justify="left")
        for heading in (
            "column",
            "type",
            "nulls",
            "distinct",
            "category",
            "conf.",
            "Art.9",
            "masked examples",
        ):
            grid.add_column(heading, overflow="fold")
        for column in table.columns:
            data = column.to_dict()
            profile, pii = data["profile"], data["pii"]
            category = pii["category"] + (f" ({pii['subtype']})" if pii["subtype"] else "")
            examples = ", ".join(e["value"] for e in pii["evidence"]["exemplars"][:3])
            grid.add_row(
                column.profile.name,
                profile["inferred_type"],
                f"{profile['null_fraction']:.1%}",
                f"{profile['distinct_count']:,}" + ("" if profile["distinct_exact"] else "~"),
                category if pii["category"] != "NONE" else "-",
                f"{pii['confidence']:.2f}",
                "yes" if pii["special_category"] else "",
                examples,
            )
        console.print(grid)
        for note in table.notes:
            console.print(f"  note: {note.code}: {note.detail}")
        for finding in table.quasi_identifiers[:3]:
            console.print(
                f"  quasi-identifier {' + '.join(finding['columns'])}: "
                f"{finding['unique_share']:.0%} of sampled rows unique"
            )
    if report.has_raw_passwords:
        cols = ", ".join(f"{c['table']}.{c['column']}" for c in report.raw_passwords["columns"])
        console.print(f"[bold red]raw passwords found[/bold red] in {cols}")


if __name__ == "__main__":
    sys.exit(main())

"""How many words of real header, sheet, table and file names the LLM egress name masking takes away.

    uv run python bench/egress_names.py               # bench/eval and bench/heldout: counts
    uv run python bench/egress_names.py --show eval   # also list eval's masked words

`pii_masker.mask_name_for_egress` turns every word of a name that is a person's first or last name into `***`
(docs/llm.md). The labelled sets hold no person's name in their names (their column, table and file names
are schema vocabulary), so every word it masks there is over-masking: context the LLM loses. For each set this
prints the distinct names, their words (as orca's lexicon splits them) and how many words and names the name
rule masked beyond what `mask_name` already masks. Listing heldout's words is refused: the list in
orca_core/scan/detect/name_tokens.py must not be tuned on the held-out set (see bench/heldout/README.md).

It also prints how many entries of the name gazetteers survive as a word when used as a header on their own,
and what a few canary names turn into. Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterator
from pathlib import Path

from orca_core.scan.detect.gazetteers import first_names, last_names
from orca_core.scan.detect.lexicon import tokenize
from orca_core.scan.detect.name_tokens import HEADER_WORDS_IN_NAME_LISTS, MIN_NAME_LETTERS
from orca_core.scan.pii_masker import mask_name, mask_name_for_egress

BENCH_DIR = Path(__file__).resolve().parent
SETS = {"eval": BENCH_DIR / "eval", "heldout": BENCH_DIR / "heldout"}
CANARIES = (
    "jane",
    "jane_doe_export",
    "anna.svensson",
    "notes_for_mohammed",
    "Erik",
    "smith_family.xlsx",
    "AnnaSvensson",
    "larsnilsson",
    "JOHANSSON",
    "Jürgen Müller",
)


def names_of(set_dir: Path) -> Iterator[str]:
    """File, table and column names of a labelled set ({file: {table: {column: label}}})."""
    labels = json.loads((set_dir / "labels.json").read_text(encoding="utf-8"))
    for file_name, tables in labels.items():
        yield file_name
        for table_name, columns in tables.items():
            yield table_name
            yield from columns


def masked_words(name: str) -> list[str]:
    """Words of `name` that the egress name rule masked (words `mask_name` keeps but egress does not)."""
    kept = set(tokenize(mask_name_for_egress(name).text))
    return [word for word in tokenize(mask_name(name).text) if word not in kept]


def measure(set_dir: Path) -> dict[str, object]:
    names = list(dict.fromkeys(names_of(set_dir)))
    words = sum(len(tokenize(name)) for name in names)
    hits = {name: masked for name in names if (masked := masked_words(name))}
    return {
        "names": len(names),
        "words": words,
        "names_masked": len(hits),
        "words_masked": sum(len(masked) for masked in hits.values()),
        "hits": hits,
    }


def gazetteer_survivors() -> tuple[int, int, int]:
    """(entries checked, exempt by the header-word list, other survivors) over single-word gazetteer entries
    of 3+ letters, each masked as a header on its own."""
    entries = sorted(
        entry
        for entry in first_names() | last_names()
        if entry.isascii() and entry.isalpha() and len(entry) >= MIN_NAME_LETTERS
    )
    exempt = sum(1 for entry in entries if entry in HEADER_WORDS_IN_NAME_LISTS)
    survivors = sum(
        1 for entry in entries if entry not in HEADER_WORDS_IN_NAME_LISTS and mask_name_for_egress(entry).text != "***"
    )
    return len(entries), exempt, survivors


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--show", choices=["eval"], help="list the masked words of this set (never heldout)")
    args = parser.parse_args(argv)
    print(f"{'set':<8} {'names':>6} {'words':>6} {'names masked':>13} {'words masked':>13} {'over-masking':>13}")
    for set_name, set_dir in SETS.items():
        result = measure(set_dir)
        share = int(result["words_masked"]) / max(1, int(result["words"]))  # type: ignore[call-overload]
        print(
            f"{set_name:<8} {result['names']:>6} {result['words']:>6} {result['names_masked']:>13} "
            f"{result['words_masked']:>13} {share:>12.2%}"
        )
        if args.show == set_name:
            for name, masked in result["hits"].items():  # type: ignore[attr-defined]
                print(f"    {name!r}: {masked}")
    checked, exempt, survivors = gazetteer_survivors()
    print(
        f"\nname gazetteers: {checked} single-word entries of {MIN_NAME_LETTERS}+ letters; "
        f"{exempt} kept as header words; {survivors} others survive as a header of their own"
    )
    print("\ncanaries:")
    for canary in CANARIES:
        print(f"    {canary!r:<24} -> {mask_name_for_egress(canary).text!r}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Deterministic synthetic tables for the speed benchmarks (vectorised: a million rows in seconds).

12 columns, about 170 bytes a row: a mix of personal columns (email, name, phone, birth date, SSN, card, IP)
and non-personal ones (ids, amounts, timestamps, status, free-text comments without personal data).
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

FIRST = [
    "Anna",
    "Erik",
    "Maria",
    "Johan",
    "Sofia",
    "Lars",
    "Emma",
    "Karl",
    "Olivia",
    "Lucas",
    "Mia",
    "Noah",
    "Elena",
    "Pierre",
    "Hanna",
    "Jonas",
    "Clara",
    "Mateo",
    "Ingrid",
    "Pekka",
    "Sanna",
    "Jan",
]
LAST = [
    "Andersson",
    "Johansson",
    "Müller",
    "Schmidt",
    "Dubois",
    "Martin",
    "García",
    "López",
    "Jansen",
    "de Vries",
    "Nielsen",
    "Hansen",
    "Virtanen",
    "Korhonen",
    "Smith",
    "Brown",
    "Rossi",
    "Kowalski",
]
DOMAINS = ["example.com", "mail.se", "post.de", "orange.fr", "ziggo.nl", "gmail.com", "outlook.com"]
STATUS = ["pending", "shipped", "delivered", "returned", "cancelled"]
WORDS = [
    "great",
    "product",
    "arrived",
    "late",
    "box",
    "damaged",
    "quality",
    "good",
    "would",
    "buy",
    "again",
    "fast",
    "delivery",
    "colour",
    "size",
    "fits",
    "well",
    "cheap",
    "price",
    "ok",
]


def _pick(rng: np.random.Generator, words: list[str], n: int) -> pa.Array:
    return pa.array(np.array(words, dtype=object)[rng.integers(0, len(words), n)], pa.string())


def _digits(rng: np.random.Generator, n: int, width: int, low: int = 0) -> pa.Array:
    high = 10**width
    values = rng.integers(max(low, 0), high, n)
    return pc.utf8_lpad(pa.array(values).cast(pa.string()), width, "0")


def _luhn_cards(rng: np.random.Generator, n: int) -> pa.Array:
    body = np.column_stack([np.full(n, 4), rng.integers(0, 10, (n, 14))])  # Visa-like, 15 digits + check
    doubled = body.copy()
    doubled[:, -1::-2] *= 2  # from the right, every second digit starting with the last body digit
    doubled[doubled > 9] -= 9
    check = (10 - doubled.sum(axis=1) % 10) % 10
    digits = np.column_stack([body, check]).astype(np.uint8) + ord("0")
    groups = [digits[:, i : i + 4].copy().view("S4").ravel() for i in range(0, 16, 4)]
    return pa.array([b" ".join(g).decode() for g in zip(*groups, strict=True)], pa.string())


def make_table(rows: int, seed: int = 7, first_id: int = 1) -> pa.Table:
    rng = np.random.default_rng(seed)
    first, last = _pick(rng, FIRST, rows), _pick(rng, LAST, rows)
    email_local = pc.utf8_lower(pc.binary_join_element_wise(first, pc.utf8_replace_slice(last, 0, 0, ""), "."))
    email = pc.binary_join_element_wise(
        pc.binary_join_element_wise(email_local, _digits(rng, rows, 2), ""), _pick(rng, DOMAINS, rows), "@"
    )
    phone = pc.binary_join_element_wise(
        pa.array(["+46 70"] * rows), _digits(rng, rows, 3), _digits(rng, rows, 2), _digits(rng, rows, 2), " "
    )
    birth_days = rng.integers(-20000, 12000, rows).astype("datetime64[D]")
    ssn = pc.binary_join_element_wise(
        _digits(rng, rows, 3, 1).cast(pa.string()), _digits(rng, rows, 2, 1), _digits(rng, rows, 4, 1), "-"
    )
    created = np.datetime64("2023-01-01T00:00:00") + rng.integers(0, 60_000_000, rows).astype("timedelta64[s]")
    comment = pc.binary_join_element_wise(
        _pick(rng, WORDS, rows),
        _pick(rng, WORDS, rows),
        _pick(rng, WORDS, rows),
        _pick(rng, WORDS, rows),
        " ",
    )
    ip = pc.binary_join_element_wise(*[pa.array(rng.integers(1, 255, rows)).cast(pa.string()) for _ in range(4)], ".")
    return pa.table(
        {
            "customer_id": pa.array(np.arange(first_id, first_id + rows)),
            "email": email,
            "full_name": pc.binary_join_element_wise(first, last, " "),
            "phone": phone,
            "date_of_birth": pa.array(birth_days),
            "ssn": ssn,
            "card_number": _luhn_cards(rng, rows),
            "ip_address": ip,
            "order_total": pa.array(np.round(rng.gamma(2.0, 40.0, rows), 2)),
            "created_at": pa.array(created),
            "status": _pick(rng, STATUS, rows),
            "comment": comment,
        }
    )


def write_csv(path: Path, rows: int, seed: int = 7, chunk_rows: int = 250_000) -> Path:
    """Write `rows` rows in chunks so even the 5x file never sits in memory whole."""
    path.parent.mkdir(parents=True, exist_ok=True)
    options = pacsv.WriteOptions(quoting_style="needed")
    with pacsv.CSVWriter(str(path), make_table(1, seed).schema, write_options=options) as writer:
        done = 0
        while done < rows:
            n = min(chunk_rows, rows - done)
            writer.write_table(make_table(n, seed + done, first_id=done + 1))
            done += n
    return path


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("path", type=Path)
    parser.add_argument("--rows", type=int, default=1_000_000)
    args = parser.parse_args()
    print(write_csv(args.path, args.rows))

"""Decide what a byte stream holds from its content; a file name is only ever a tie-breaking hint.

Three questions, answered on the head of the stream: which container (gzip, zip, OLE2, Parquet, text, or
something we refuse), which text encoding and structure (delimited, JSON array, JSON Lines), and for delimited
text which delimiter/quote and whether the first row is a header.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePath
from typing import Literal

from orca_core.scan.errors import EmptyFile, UnsupportedFormat

HEAD_BYTES = 64 * 1024
SAMPLE_ROWS = 100

Container = Literal["gzip", "zip", "ole", "parquet", "text"]
TextFormat = Literal["csv", "json", "jsonl"]

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

# Recognised on sight so the user hears what the file is rather than "malformed CSV".
_KNOWN_BINARY: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "a PDF document"),
    (b"\x7fELF", "an executable program"),
    (b"\xca\xfe\xba\xbe", "a compiled program"),
    (b"\xcf\xfa\xed\xfe", "a compiled program"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"Rar!", "a RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"BZh91AY&SY", "a bzip2 archive"),
    (b"\xfd7zXZ\x00", "an xz archive"),
    (b"\x28\xb5\x2f\xfd", "a zstd archive"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"ARROW1", "an Arrow IPC file"),
    (b"Obj\x01", "an Avro file"),
    (b"{\\rtf", "an RTF document"),
    (b"\x00\x00\xfe\xff", "UTF-32 text"),
)
_MARKUP = re.compile(rb"\s*<(?:!doctype|html|head|body|\?xml|!--|table|svg|script|div|meta)", re.IGNORECASE)

DELIMITED_EXTENSIONS = {".csv": ",", ".tsv": "\t", ".tab": "\t", ".psv": "|", ".txt": None, ".dat": None}
JSON_EXTENSIONS = {".json", ".jsonl", ".ndjson"}
_TABLE_EXTENSIONS = {*DELIMITED_EXTENSIONS, *JSON_EXTENSIONS, ".parquet", ".pq", ".xlsx", ".xlsm"}


def sniff_container(head: bytes) -> Container:
    """Classify by magic bytes; raise for empty input and for formats orca refuses."""
    if not head:
        raise EmptyFile("The file is empty.")
    if head.startswith(b"\x1f\x8b"):
        return "gzip"
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")):
        return "zip"
    if head.startswith(OLE_MAGIC):
        return "ole"
    if head.startswith(b"PAR1"):
        return "parquet"
    if head.startswith(b"\xff\xfe\x00\x00"):
        raise UnsupportedFormat("The file is UTF-32 text, which orca does not read; save it as UTF-8.")
    for magic, label in _KNOWN_BINARY:
        if head.startswith(magic):
            raise UnsupportedFormat(f"The file is {label}, not a table orca can scan.")
    return "text"


@dataclass(frozen=True)
class TextSniff:
    format: TextFormat
    encoding: str  # a Python codec name
    bom_bytes: int  # leading bytes to drop before parsing (a UTF-8 BOM); UTF-16 codecs consume their own
    sample: str  # decoded head, cut at the last complete line when the head was truncated


def _detect_encoding(head: bytes, at_eof: bool) -> tuple[str, int, str]:
    if head.startswith(codecs.BOM_UTF8):
        encoding, bom = "utf-8", len(codecs.BOM_UTF8)
    elif head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding, bom = "utf-16", 0
    else:
        encoding, bom = "utf-8", 0
        # A stray NUL (in a header, say) is tolerated; NUL-laden input is binary or BOM-less UTF-16/32.
        if head.count(0) > max(2, len(head) // 1000):
            raise UnsupportedFormat("The file contains binary data and is not a text table.")
    body = head[bom:]
    decoder = codecs.getincrementaldecoder(encoding)()
    try:
        text = decoder.decode(body, final=at_eof)
    except UnicodeDecodeError:
        if encoding == "utf-16":
            raise UnsupportedFormat("The file claims to be UTF-16 text but cannot be decoded.") from None
        # Not UTF-8: CP1252 is the usual suspect; bytes CP1252 leaves undefined mean plain Latin-1.
        try:
            text, encoding = body.decode("cp1252"), "cp1252"
        except UnicodeDecodeError:
            text, encoding = body.decode("latin-1"), "latin-1"
    return encoding, bom, text


def _looks_binary(text: str) -> bool:
    if text.count("\x00") > max(2, len(text) // 1000):
        return True
    controls = sum(1 for ch in text[:HEAD_BYTES] if ch < " " and ch not in "\t\n\r\f\v")
    return controls > max(8, len(text) // 200)


def sniff_text(head: bytes, *, at_eof: bool, filename: str | None) -> TextSniff:
    """Encoding and structure of a text head; refuses binary, markup and empty input."""
    encoding, bom, text = _detect_encoding(head, at_eof)
    if not text.strip("\ufeff \t\r\n"):
        raise EmptyFile("The file is empty.")
    if _looks_binary(text):
        raise UnsupportedFormat("The file contains binary data and is not a text table.")
    if _MARKUP.match(text.lstrip("\ufeff").encode("utf-8", errors="replace")[:512]):
        raise UnsupportedFormat("The file is an HTML or XML document, not a table orca can scan.")
    if not at_eof:
        # Drop the last, probably partial, line so sniffing never sees half a row.
        cut = text.rfind("\n")
        if cut > 0:
            text = text[: cut + 1]
    first = text.lstrip("\ufeff \t\r\n")[:1]
    text_format: TextFormat = "csv"
    if first == "[":
        text_format = "json"
    elif first == "{":
        text_format = "jsonl"
    return TextSniff(format=text_format, encoding=encoding, bom_bytes=bom, sample=text)


def extension_of(filename: str | None) -> str:
    """Lower-case extension, ignoring a trailing `.gz`."""
    if not filename:
        return ""
    path = PurePath(filename)
    if path.suffix.lower() == ".gz":
        path = path.with_suffix("")
    return path.suffix.lower()


def table_name_for(filename: str | None) -> str:
    if not filename:
        return "data"
    path = PurePath(filename)
    if path.suffix.lower() == ".gz":
        path = path.with_suffix("")
    if path.suffix.lower() in _TABLE_EXTENSIONS:
        path = path.with_suffix("")
    return path.name or "data"


@dataclass(frozen=True)
class Dialect:
    delimiter: str
    quotechar: str


CANDIDATE_DELIMITERS = (",", ";", "\t", "|")
_SINGLE_QUOTED_FIELD = re.compile(r"(?:^|[,;\t|])'[^'\n]*'(?=[,;\t|]|\r?$)", re.MULTILINE)


def parse_sample(sample: str, dialect: Dialect, max_rows: int = SAMPLE_ROWS) -> list[list[str]]:
    reader = csv.reader(io.StringIO(sample), delimiter=dialect.delimiter, quotechar=dialect.quotechar)
    rows: list[list[str]] = []
    try:
        for row in reader:
            if row and any(cell.strip() for cell in row):
                rows.append(row)
            if len(rows) >= max_rows:
                break
    except csv.Error:
        pass  # a quote left open at the end of a truncated sample: the rows so far are still good evidence
    return rows


def sniff_dialect(sample: str, filename: str | None) -> Dialect:
    """Pick the delimiter that splits the sample rows into the most consistent number (> 1) of fields."""
    quotechar = '"'
    if '"' not in sample and len(_SINGLE_QUOTED_FIELD.findall(sample)) >= 2:
        quotechar = "'"
    hint = DELIMITED_EXTENSIONS.get(extension_of(filename))
    best: tuple[bool, float, bool, int] | None = None
    chosen = hint or ","
    for delimiter in CANDIDATE_DELIMITERS:
        rows = parse_sample(sample, Dialect(delimiter, quotechar), max_rows=SAMPLE_ROWS)
        if not rows:
            continue
        widths = Counter(len(row) for row in rows)
        width, frequency = widths.most_common(1)[0]
        score = (width > 1, round(frequency / len(rows), 2), delimiter == hint, width)
        if best is None or score > best:
            best, chosen = score, delimiter
    if best is not None and not best[0]:
        chosen = hint or ","  # a single column: the delimiter never occurs, any choice parses the same
    return Dialect(delimiter=chosen, quotechar=quotechar)


# --- header detection -----------------------------------------------------------------------------------

_NUMERIC = re.compile(r"^[\s$€£¥+\-(]*\d[\d\s.,:/\-+%()eE]*$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def _shape(value: str) -> str:
    text = value.strip()
    if _NUMERIC.match(text):
        return "number"
    if _EMAIL.match(text):
        return "email"
    if any(ch.isdigit() for ch in text):
        return "mixed"
    return "text"


def has_header(rows: Sequence[Sequence[str | None]]) -> bool:
    """Whether the first row names the columns, judged by how it differs from the rows below it.

    Header cells are text that is never a number, a date or an e-mail address, and they do not repeat as
    values further down. With no evidence either way (all-text tables) a header is assumed, as most exports
    have one.
    """
    if not rows:
        return False
    first = [(cell or "").strip() for cell in rows[0]]
    filled = [cell for cell in first if cell]
    if not filled:
        return False
    if any(_shape(cell) in {"number", "email"} for cell in filled):
        return False
    rest = rows[1:]
    votes = 0
    for position, label in enumerate(first):
        if not label:
            continue
        column = [(row[position] or "").strip() for row in rest if position < len(row) and row[position]]
        column = [value for value in column if value]
        if not column:
            continue
        if label in column:
            votes -= 1
            continue
        shapes = Counter(_shape(value) for value in column)
        dominant, frequency = shapes.most_common(1)[0]
        if dominant != _shape(label) and frequency * 2 >= len(column):
            votes += 1
    if votes != 0:
        return votes > 0
    return len(set(filled)) == len(filled)

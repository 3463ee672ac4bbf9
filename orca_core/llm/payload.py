"""The request boundary: the only types a request to the LLM can be built from, and the builder.

A request is built from `MaskedScan` alone: names and samples are `pii_masker.MaskedValue` (which only the
masker can mint, sealed), statistics are numbers, categories are enum members. Every constructor checks this at
run time as well (a raw `str` where a `MaskedValue` belongs raises `UnmaskedInputError` before anything is
serialised), and `build_request` re-checks each masked text against the masker's output grammar
(`grammar.py`), so a masker bug fails closed instead of leaking. The result, `EgressRequest`, is sealed the same
way `MaskedValue` is: the transport refuses any instance `build_request` did not make.

Column ids (`t0.c3`) are positions, never names: an answer cannot address a column by a header an attacker
wrote, and the ledger can count values per column without naming one.
"""

from __future__ import annotations

import enum
import hashlib
import hmac
import json
import math
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Final, NoReturn, final

from orca_core.llm.contract import PROMPT_VERSION, SYSTEM_INSTRUCTION
from orca_core.llm.grammar import MaskKind, NameMask, is_masked_name, is_masked_value
from orca_core.scan.categories import Category
from orca_core.scan.pii_masker import MaskedValue

_MINT: Final = object()
_SEAL_KEY: Final = secrets.token_bytes(32)


class UnmaskedInputError(TypeError):
    """Something other than masker output reached the request builder. The message never holds the value."""


class InferredType(enum.StrEnum):
    INTEGER = "integer"
    FLOAT = "float"
    BOOLEAN = "boolean"
    DATE = "date"
    DATETIME = "datetime"
    STRING = "string"
    LIST = "list"
    EMPTY = "empty"


def require_masked(value: object, what: str) -> MaskedValue:
    """`value` itself if it is a genuine, untampered `MaskedValue`; otherwise `UnmaskedInputError`."""
    if type(value) is not MaskedValue:
        raise UnmaskedInputError(f"{what} must be pii_masker output (MaskedValue), not {type(value).__name__}")
    try:
        value.text  # noqa: B018 - reading the text checks the masker's seal
    except TypeError:
        raise UnmaskedInputError(f"{what} is a forged MaskedValue") from None
    return value


def _number(value: object, what: str, *, integer: bool = False) -> None:
    kinds: tuple[type, ...] = (int,) if integer else (int, float)
    if type(value) not in kinds or (isinstance(value, float) and not math.isfinite(value)):
        raise UnmaskedInputError(f"{what} must be a finite number")


def _member(value: object, enum_type: type[enum.Enum], what: str) -> None:
    if type(value) is not enum_type:
        raise UnmaskedInputError(f"{what} must be a {enum_type.__name__}")


@dataclass(frozen=True, slots=True)
class ColumnStats:
    """Profile statistics that describe a column without any of its values (no min/max: those are values)."""

    inferred_type: InferredType
    row_count: int
    null_fraction: float
    distinct_count: int
    uniqueness: float
    free_text_score: float
    length_min: int | None = None
    length_max: int | None = None
    length_mean: float | None = None

    def __post_init__(self) -> None:
        _member(self.inferred_type, InferredType, "inferred_type")
        for name in ("row_count", "distinct_count"):
            _number(getattr(self, name), name, integer=True)
        for name in ("null_fraction", "uniqueness", "free_text_score"):
            _number(getattr(self, name), name)
        for name in ("length_min", "length_max"):
            if getattr(self, name) is not None:
                _number(getattr(self, name), name, integer=True)
        if self.length_mean is not None:
            _number(self.length_mean, "length_mean")

    def as_payload(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "type": self.inferred_type.value,
            "rows": self.row_count,
            "null_fraction": round(self.null_fraction, 4),
            "distinct": self.distinct_count,
            "uniqueness": round(self.uniqueness, 4),
            "free_text_score": round(self.free_text_score, 4),
        }
        if self.length_min is not None:
            out["length"] = {
                "min": self.length_min,
                "max": self.length_max,
                "mean": None if self.length_mean is None else round(self.length_mean, 2),
            }
        return out


@dataclass(frozen=True, slots=True)
class MaskedColumn:
    name: MaskedValue
    name_mask: NameMask
    mask: MaskKind  # how `samples` were masked
    samples: tuple[MaskedValue, ...]
    stats: ColumnStats
    builtin_category: Category
    builtin_confidence: float

    def __post_init__(self) -> None:
        require_masked(self.name, "a column name")
        _member(self.name_mask, NameMask, "name_mask")
        _member(self.mask, MaskKind, "mask")
        if type(self.samples) is not tuple:
            raise UnmaskedInputError("samples must be a tuple of MaskedValue")
        for sample in self.samples:
            require_masked(sample, "a sample value")
        if type(self.stats) is not ColumnStats:
            raise UnmaskedInputError("stats must be ColumnStats")
        _member(self.builtin_category, Category, "builtin_category")
        _number(self.builtin_confidence, "builtin_confidence")


@dataclass(frozen=True, slots=True)
class MaskedTable:
    name: MaskedValue
    name_mask: NameMask
    columns: tuple[MaskedColumn, ...]

    def __post_init__(self) -> None:
        require_masked(self.name, "a table or sheet name")
        _member(self.name_mask, NameMask, "name_mask")
        if type(self.columns) is not tuple or any(type(column) is not MaskedColumn for column in self.columns):
            raise UnmaskedInputError("columns must be a tuple of MaskedColumn")


@dataclass(frozen=True, slots=True)
class MaskedScan:
    """Everything of one scanned file that may be shown to the LLM."""

    file_name: MaskedValue
    file_name_mask: NameMask
    tables: tuple[MaskedTable, ...]

    def __post_init__(self) -> None:
        require_masked(self.file_name, "the file name")
        _member(self.file_name_mask, NameMask, "file_name_mask")
        if type(self.tables) is not tuple or any(type(table) is not MaskedTable for table in self.tables):
            raise UnmaskedInputError("tables must be a tuple of MaskedTable")


def column_id(table_index: int, column_index: int) -> str:
    return f"t{table_index}.c{column_index}"


def _seal(text: str) -> bytes:
    return hmac.new(_SEAL_KEY, text.encode("utf-8", "surrogatepass"), hashlib.sha256).digest()


@final
class EgressRequest:
    """One request's content, built by `build_request` from masked input only. Immutable and sealed."""

    __slots__ = ("_column_ids", "_masked_counts", "_seal", "_text")
    _text: str
    _seal: bytes
    _column_ids: tuple[str, ...]
    _masked_counts: tuple[tuple[str, int], ...]

    def __init__(
        self, text: str, column_ids: tuple[str, ...], masked_counts: tuple[tuple[str, int], ...], *, _token: object
    ) -> None:
        if _token is not _MINT:
            raise UnmaskedInputError("an EgressRequest can only be made by orca_core.llm.payload.build_request")
        object.__setattr__(self, "_text", text)
        object.__setattr__(self, "_column_ids", column_ids)
        object.__setattr__(self, "_masked_counts", masked_counts)
        object.__setattr__(self, "_seal", _seal(text))

    def __init_subclass__(cls, **kwargs: Any) -> NoReturn:
        raise TypeError("EgressRequest cannot be subclassed")

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("EgressRequest is immutable")

    def __reduce__(self) -> NoReturn:
        raise TypeError("EgressRequest cannot be pickled")

    @property
    def text(self) -> str:
        """The user-turn text (a JSON document of masked content), after checking the seal."""
        try:
            text = object.__getattribute__(self, "_text")
            seal = object.__getattribute__(self, "_seal")
        except AttributeError:
            raise UnmaskedInputError("EgressRequest was not built by build_request") from None
        if type(text) is not str or type(seal) is not bytes or not hmac.compare_digest(seal, _seal(text)):
            raise UnmaskedInputError("EgressRequest was not built by build_request")
        return text

    @property
    def column_ids(self) -> tuple[str, ...]:
        return self._column_ids

    @property
    def masked_values_per_column(self) -> dict[str, int]:
        return dict(self._masked_counts)

    def estimated_input_tokens(self) -> int:
        # About 3 characters per token for JSON-heavy text: errs on the side of reserving too much.
        return math.ceil((len(self.text) + len(SYSTEM_INSTRUCTION)) / 3)


def check_request(request: object) -> EgressRequest:
    """The transport's gate: only a sealed `EgressRequest` may be sent."""
    if type(request) is not EgressRequest:
        raise UnmaskedInputError(f"only an EgressRequest may be sent, not {type(request).__name__}")
    request.text  # noqa: B018 - checks the seal
    return request


def _checked_name(value: MaskedValue, mask: NameMask, what: str) -> str:
    text = require_masked(value, what).text
    if not is_masked_name(mask, text):
        raise UnmaskedInputError(f"{what} does not have the form of masker output")
    return text


def column_payload(column: MaskedColumn, identifier: str | None = None) -> dict[str, Any]:
    """The JSON object describing one column (also what its cache fingerprint covers, without the id)."""
    samples = []
    for sample in column.samples:
        text = require_masked(sample, "a sample value").text
        if not is_masked_value(column.mask, text):
            raise UnmaskedInputError(f"a sample masked as {column.mask.value} does not have the form of masker output")
        samples.append(text)
    out: dict[str, Any] = {}
    if identifier is not None:
        out["id"] = identifier
    out["name"] = _checked_name(column.name, column.name_mask, "a column name")
    if column.name_mask is not NameMask.NAME:
        out["name_mask"] = column.name_mask.value
    out["stats"] = column.stats.as_payload()
    out["builtin"] = {"category": column.builtin_category.value, "confidence": round(column.builtin_confidence, 4)}
    out["mask"] = column.mask.value
    out["samples"] = samples
    return out


def table_context(scan: MaskedScan, table_index: int) -> dict[str, Any]:
    """The masked file and table names and every column name of the table: the context each column is judged in."""
    table = scan.tables[table_index]
    context: dict[str, Any] = {
        "file": _checked_name(scan.file_name, scan.file_name_mask, "the file name"),
        "table": _checked_name(table.name, table.name_mask, "a table name"),
    }
    if scan.file_name_mask is not NameMask.NAME:
        context["file_mask"] = scan.file_name_mask.value
    if table.name_mask is not NameMask.NAME:
        context["table_mask"] = table.name_mask.value
    context["column_names"] = [_checked_name(c.name, c.name_mask, "a column name") for c in table.columns]
    return context


def build_request(scan: MaskedScan, table_index: int, column_indexes: Sequence[int]) -> EgressRequest:
    """The request asking for a verdict on some columns of one table, the whole table's names as context."""
    if type(scan) is not MaskedScan:
        raise UnmaskedInputError(f"a request is built from a MaskedScan, not {type(scan).__name__}")
    table = scan.tables[table_index]
    columns = []
    counts: list[tuple[str, int]] = []
    for index in column_indexes:
        identifier = column_id(table_index, index)
        columns.append(column_payload(table.columns[index], identifier))
        counts.append((identifier, len(table.columns[index].samples)))
    document = {
        "prompt_version": PROMPT_VERSION,
        "context": table_context(scan, table_index),
        "classify": columns,
    }
    text = json.dumps(document, ensure_ascii=False, separators=(",", ":"))
    ids = tuple(identifier for identifier, _ in counts)
    return EgressRequest(text, ids, tuple(counts), _token=_MINT)

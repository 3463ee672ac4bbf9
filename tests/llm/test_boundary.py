"""The request boundary: only pii_masker output (and numbers, enum members) can become a request to the LLM.

A raw `str` where masker output belongs fails type-checking (mypy strict) and is refused at run time, before
anything is serialised; masker output that is not a mask (the report's pass-through of non-personal values) is
refused by the grammar check; an `EgressRequest` cannot be made or sent except through the builder.
"""

from __future__ import annotations

import asyncio
import textwrap
from pathlib import Path

import pytest

from orca_core.llm.grammar import MaskKind, NameMask
from orca_core.llm.payload import (
    ColumnStats,
    EgressRequest,
    InferredType,
    MaskedColumn,
    MaskedScan,
    MaskedTable,
    UnmaskedInputError,
    build_request,
    check_request,
)
from orca_core.llm.transport import GeminiTransport
from orca_core.scan.categories import Category
from orca_core.scan.pii_masker import MaskedValue, mask_for_report, mask_name, mask_value

RAW_EMAIL = "jane.doe@acme.com"
REPO = Path(__file__).resolve().parents[2]


def stats() -> ColumnStats:
    return ColumnStats(InferredType.STRING, 10, 0.0, 10, 1.0, 0.1, 5, 20, 12.5)


def column(**overrides: object) -> MaskedColumn:
    values: dict[str, object] = {
        "name": mask_name("contact_email"),
        "name_mask": NameMask.NAME,
        "mask": MaskKind.EMAIL_ADDRESS,
        "samples": (mask_value(RAW_EMAIL, Category.EMAIL_ADDRESS),),
        "stats": stats(),
        "builtin_category": Category.EMAIL_ADDRESS,
        "builtin_confidence": 0.97,
    }
    values.update(overrides)
    return MaskedColumn(**values)  # type: ignore[arg-type]


def scan_of(*columns: MaskedColumn, table_name: str = "customers", file_name: str = "customers.csv") -> MaskedScan:
    table = MaskedTable(name=mask_name(table_name), name_mask=NameMask.NAME, columns=tuple(columns))
    return MaskedScan(file_name=mask_name(file_name), file_name_mask=NameMask.NAME, tables=(table,))


def test_a_request_from_masked_input_holds_only_masks():
    request = build_request(scan_of(column()), 0, [0])
    assert RAW_EMAIL not in request.text
    assert "j***@a***.com" in request.text
    assert request.column_ids == ("t0.c0",)
    assert request.masked_values_per_column == {"t0.c0": 1}


@pytest.mark.parametrize(
    "overrides",
    [
        {"name": "contact_email"},
        {"samples": (RAW_EMAIL,)},
        {"samples": [mask_value(RAW_EMAIL, Category.EMAIL_ADDRESS)]},  # a list could be mutated later
        {"samples": (mask_value(RAW_EMAIL, Category.EMAIL_ADDRESS), RAW_EMAIL)},
        {"mask": "EMAIL_ADDRESS"},
        {"builtin_category": "EMAIL_ADDRESS"},
        {"stats": {"rows": 10}},
    ],
)
def test_raw_input_is_refused_at_run_time_without_echoing_it(overrides):
    with pytest.raises(UnmaskedInputError) as refused:
        column(**overrides)
    assert RAW_EMAIL not in str(refused.value)


def test_raw_names_of_tables_and_files_are_refused():
    with pytest.raises(UnmaskedInputError):
        MaskedTable(name=RAW_EMAIL, name_mask=NameMask.NAME, columns=(column(),))  # type: ignore[arg-type]
    table = MaskedTable(name=mask_name("t"), name_mask=NameMask.NAME, columns=(column(),))
    with pytest.raises(UnmaskedInputError):
        MaskedScan(file_name=f"{RAW_EMAIL}_export.csv", file_name_mask=NameMask.NAME, tables=(table,))  # type: ignore[arg-type]
    with pytest.raises(UnmaskedInputError):
        build_request({"tables": []}, 0, [0])  # type: ignore[arg-type]


def test_statistics_cannot_carry_text():
    with pytest.raises(UnmaskedInputError):
        ColumnStats(InferredType.STRING, RAW_EMAIL, 0.0, 1, 1.0, 0.0)  # type: ignore[arg-type]
    with pytest.raises(UnmaskedInputError):
        ColumnStats("string", 1, 0.0, 1, 1.0, 0.0)  # type: ignore[arg-type]
    with pytest.raises(UnmaskedInputError):
        ColumnStats(InferredType.STRING, 1, float("nan"), 1, 1.0, 0.0)


def test_a_forged_masked_value_is_refused():
    forged = object.__new__(MaskedValue)
    object.__setattr__(forged, "_text", RAW_EMAIL)
    object.__setattr__(forged, "_seal", b"x" * 32)
    with pytest.raises(UnmaskedInputError):
        column(samples=(forged,))


def test_masker_output_that_is_not_a_mask_is_refused_by_the_grammar():
    """`mask_for_report(raw, NONE)` returns the raw value (reports may show non-personal values): it is a
    MaskedValue, but not a mask, and must never reach the LLM."""
    passthrough = mask_for_report(RAW_EMAIL, Category.NONE)
    assert passthrough.text == RAW_EMAIL
    for kind in (MaskKind.SHAPE, MaskKind.EMAIL_ADDRESS, MaskKind.PERSON_NAME):
        with pytest.raises(UnmaskedInputError):
            build_request(scan_of(column(samples=(passthrough,), mask=kind)), 0, [0])
    with pytest.raises(UnmaskedInputError):
        build_request(scan_of(column(name=mask_for_report("jane.doe@acme.com_export", Category.NONE))), 0, [0])
    with pytest.raises(UnmaskedInputError):
        build_request(scan_of(column(name=mask_for_report("Anna Svensson", Category.NONE))), 0, [0])


def test_only_a_built_request_can_be_sent(config):
    with pytest.raises(UnmaskedInputError):
        EgressRequest("{}", (), (), _token=object())
    with pytest.raises(UnmaskedInputError):
        check_request('{"classify": [{"samples": ["jane.doe@acme.com"]}]}')
    request = build_request(scan_of(column()), 0, [0])
    object.__setattr__(request, "_text", RAW_EMAIL)  # tampering after the fact breaks the seal
    with pytest.raises(UnmaskedInputError):
        check_request(request)

    async def send_raw() -> None:
        async with GeminiTransport(config) as transport:
            await transport.send(RAW_EMAIL, record=None)  # type: ignore[arg-type]

    with pytest.raises(UnmaskedInputError):
        asyncio.run(send_raw())


MYPY_SNIPPET = textwrap.dedent(
    """
    from orca_core.llm.grammar import MaskKind, NameMask
    from orca_core.llm.payload import ColumnStats, InferredType, MaskedColumn, MaskedScan, MaskedTable
    from orca_core.llm.transport import GeminiTransport
    from orca_core.scan.categories import Category

    raw = "jane.doe@acme.com"
    stats = ColumnStats(InferredType.STRING, 1, 0.0, 1, 1.0, 0.0)
    column = MaskedColumn(raw, NameMask.NAME, MaskKind.SHAPE, (raw,), stats, Category.NONE, 0.5)
    table = MaskedTable(raw, NameMask.NAME, (column,))
    scan = MaskedScan(raw, NameMask.NAME, (table,))


    async def send(transport: GeminiTransport) -> None:
        await transport.send(raw, record=None)
    """
)


def test_raw_strings_fail_type_checking(tmp_path):
    """mypy (strict, as on orca_core) rejects every place a raw str is passed where masker output belongs."""
    from mypy import api

    snippet = tmp_path / "leak_attempt.py"
    snippet.write_text(MYPY_SNIPPET)
    stdout, stderr, status = api.run(
        [
            "--strict",
            "--follow-imports=silent",
            "--no-error-summary",
            "--cache-dir",
            str(tmp_path / "mypy-cache"),
            str(snippet),
        ]
    )
    assert status == 1, stdout + stderr
    errors = [line for line in stdout.splitlines() if "error:" in line]
    # the column name, the sample tuple, the table name, the file name, and the transport's argument
    assert len([line for line in errors if "arg-type" in line]) >= 5, stdout
    assert 'Argument 1 to "MaskedColumn" has incompatible type "str"; expected "MaskedValue"' in stdout
    assert 'Argument 1 to "send" of "GeminiTransport" has incompatible type "str"; expected "EgressRequest"' in stdout
    assert 'Argument 1 to "MaskedScan" has incompatible type "str"; expected "MaskedValue"' in stdout

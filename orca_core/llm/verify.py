"""`orca llm verify JOB`: re-derive, from what is stored, that every value that went to the LLM was masked.

For one job:

1. the org's audit chain verifies (the ledger rows were not edited, removed or reordered);
2. every `llm_request` ledger row has its stored body (`egress_id`; bodies are stored before they are sent), the
   SHA-256 of that body is the ledger's `request_sha256`, and no stored body lacks a ledger row (that would be a
   request whose outcome was never recorded);
3. each body is decoded (the SDK's JSON, then orca's payload inside it) and every name and sample in it passes
   the masker's output grammar for its declared mask (`grammar.py`); the number of samples per column equals the
   ledger's `masked_values_per_column`;
4. every request the stored report lists (`llm.requests`) is in the ledger with the same hash.

Nothing here needs a raw value: the proof is that what went out could only have come out of the masker.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from orca_core.audit.service import verify_chain
from orca_core.llm.contract import SYSTEM_INSTRUCTION, response_schema
from orca_core.llm.grammar import MaskKind, NameMask, is_masked_name, is_masked_value
from orca_core.llm.payload import InferredType
from orca_core.llm.repository import job_evidence_unscoped, job_org_unscoped
from orca_core.scan.categories import Category


@dataclass
class RequestCheck:
    ledger_seq: int
    request_sha256: str
    columns: int = 0
    values: int = 0
    problems: list[str] = field(default_factory=list)


@dataclass
class VerifyResult:
    job_id: uuid.UUID
    org_id: uuid.UUID | None
    requests: list[RequestCheck] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems and all(not check.problems for check in self.requests)

    def as_dict(self) -> dict[str, Any]:
        return {
            "job_id": str(self.job_id),
            "org_id": str(self.org_id) if self.org_id else None,
            "ok": self.ok,
            "problems": self.problems,
            "requests": [
                {
                    "ledger_seq": check.ledger_seq,
                    "request_sha256": check.request_sha256,
                    "columns": check.columns,
                    "masked_values": check.values,
                    "problems": check.problems,
                }
                for check in self.requests
            ],
        }


def _payload_of(body: str) -> dict[str, Any]:
    """orca's payload from the SDK's request JSON; anything else that could carry text must be ours verbatim."""
    document = json.loads(body)
    if set(document) - {"contents", "systemInstruction", "generationConfig"}:
        raise ValueError("unexpected top-level fields")
    instruction = [part.get("text") for part in document["systemInstruction"]["parts"]]
    if instruction != [SYSTEM_INSTRUCTION]:
        raise ValueError("the system instruction is not orca's")
    generation = document.get("generationConfig", {})
    if set(generation) - {"temperature", "maxOutputTokens", "responseMimeType", "responseJsonSchema"}:
        raise ValueError("unexpected generation settings")
    if generation.get("responseJsonSchema") != response_schema() or not all(
        isinstance(generation.get(key, 0), int | float) for key in ("temperature", "maxOutputTokens")
    ):
        raise ValueError("the generation settings are not orca's")
    texts = [part["text"] for content in document["contents"] for part in content["parts"]]
    if len(texts) != 1:
        raise ValueError("expected exactly one text part")
    payload = json.loads(texts[0])
    if not isinstance(payload, dict) or set(payload) != {"prompt_version", "context", "classify"}:
        raise ValueError("the payload is not orca's")
    if set(payload["context"]) - {"file", "table", "file_mask", "table_mask", "column_names"}:
        raise ValueError("unexpected context fields")
    return payload


def _name_ok(text: object, mask: object) -> bool:
    if mask is None:
        mask = NameMask.NAME.value
    if not isinstance(mask, str) or mask not in NameMask.__members__:
        return False
    return isinstance(text, str) and is_masked_name(NameMask(mask), text)


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _stats_ok(stats: object) -> bool:
    """Statistics are numbers and the inferred type's name: no free text can hide in them."""
    if not isinstance(stats, dict) or stats.get("type") not in {kind.value for kind in InferredType}:
        return False
    for key, value in stats.items():
        if key == "type":
            continue
        if key == "length":
            if not isinstance(value, dict) or not all(v is None or _is_number(v) for v in value.values()):
                return False
        elif not _is_number(value):
            return False
    return True


def _builtin_ok(builtin: object) -> bool:
    if not isinstance(builtin, dict) or set(builtin) != {"category", "confidence"}:
        return False
    return builtin["category"] in Category.__members__ and _is_number(builtin["confidence"])


def check_body(body: str, expected_counts: dict[str, Any] | None, check: RequestCheck) -> None:
    """Every value in one stored request body is masker output of its declared kind."""
    try:
        payload = _payload_of(body)
        context = payload["context"]
        columns = payload["classify"]
    except (ValueError, KeyError, TypeError):
        check.problems.append("the body is not an orca LLM request")
        return
    if not _name_ok(context.get("file"), context.get("file_mask")):
        check.problems.append("the file name is not masked")
    if not _name_ok(context.get("table"), context.get("table_mask")):
        check.problems.append("the table name is not masked")
    for name in context.get("column_names", []):
        if not (_name_ok(name, None) or _name_ok(name, NameMask.SHAPE.value)):
            check.problems.append("a context column name is not masked")
    counts: dict[str, int] = {}
    allowed_keys = {"id", "name", "name_mask", "stats", "builtin", "mask", "samples"}
    for column in columns:
        identifier = column.get("id")
        if set(column) - allowed_keys:
            check.problems.append(f"column {identifier}: unexpected fields {sorted(set(column) - allowed_keys)}")
        if not _name_ok(column.get("name"), column.get("name_mask")):
            check.problems.append(f"column {identifier}: its name is not masked")
        try:
            kind = MaskKind(column.get("mask"))
        except ValueError:
            check.problems.append(f"column {identifier}: unknown mask kind")
            continue
        samples = column.get("samples", [])
        for position, sample in enumerate(samples):
            if not isinstance(sample, str) or not is_masked_value(kind, sample):
                check.problems.append(f"column {identifier}: sample {position} is not a {kind.value} mask")
        if not _stats_ok(column.get("stats")) or not _builtin_ok(column.get("builtin")):
            check.problems.append(f"column {identifier}: statistics or built-in verdict hold something else")
        counts[str(identifier)] = len(samples)
        check.values += len(samples)
    check.columns = len(columns)
    if expected_counts is not None and counts != dict(expected_counts):
        check.problems.append("masked values per column differ from the ledger")


async def verify_job(session: AsyncSession, job_id: uuid.UUID) -> VerifyResult:
    org_id = await job_org_unscoped(session, job_id)
    result = VerifyResult(job_id=job_id, org_id=org_id)
    if org_id is None:
        result.problems.append("no such job")
        return result
    chain = await verify_chain(session, org_id)
    if not chain.ok:
        result.problems.append(f"the org's audit chain is broken at seq {chain.first_broken_seq}")
    events, bodies, report = await job_evidence_unscoped(session, org_id, job_id)
    by_id = {str(body.id): body for body in bodies}
    for event in events:
        metadata = event.metadata_
        check = RequestCheck(ledger_seq=event.seq, request_sha256=str(metadata.get("request_sha256")))
        result.requests.append(check)
        stored = by_id.pop(str(metadata.get("egress_id")), None)
        if stored is None:
            check.problems.append("no stored body for this ledger row")
            continue
        actual = hashlib.sha256(stored.body.encode("utf-8", "surrogateescape")).hexdigest()
        if actual != check.request_sha256 or stored.request_sha256 != check.request_sha256:
            check.problems.append("the stored body's SHA-256 differs from the ledger's")
        check_body(stored.body, metadata.get("masked_values_per_column") or {}, check)
    for egress_id in sorted(by_id):
        # Stored before sending, but no outcome was recorded: the worker died mid-request or the database went
        # away after the body was sent. The body is still checked: it may have left.
        orphan = RequestCheck(ledger_seq=0, request_sha256=by_id[egress_id].request_sha256)
        check_body(by_id[egress_id].body, None, orphan)
        result.requests.append(orphan)
        result.problems.append(f"stored body {egress_id} has no ledger row (sent without a recorded outcome?)")
    ledger_hashes = {(event.seq, event.metadata_.get("request_sha256")) for event in events}
    listed = ((report or {}).get("llm") or {}).get("requests", [])
    for row in listed:
        if row.get("ledger_seq") is not None and (row["ledger_seq"], row.get("request_sha256")) not in ledger_hashes:
            result.problems.append(f"the report lists request {row['ledger_seq']} which the ledger does not hold")
    return result

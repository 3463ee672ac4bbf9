"""Pydantic models of the file endpoints (output only: uploads are multipart, not JSON)."""

from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel


class UploadResponse(BaseModel):
    file_id: uuid.UUID
    job_id: uuid.UUID


class AnalysisResponse(BaseModel):
    file_id: uuid.UUID
    job_id: uuid.UUID


class PrescanFindingResponse(BaseModel):
    column_index: int
    column_name: str  # masked
    confidence: float
    reason: str


class PrescanResponse(BaseModel):
    format: str
    raw_passwords_found: bool
    findings: list[PrescanFindingResponse]
    bytes_examined: int


class FileResponse(BaseModel):
    id: uuid.UUID
    filename: str
    size_bytes: int
    format: str
    status: str
    created_at: datetime
    purged_at: datetime | None


class FileDetailResponse(FileResponse):
    job_id: uuid.UUID | None
    job_status: str | None


class FilePage(BaseModel):
    items: list[FileResponse]
    total: int
    limit: int
    offset: int

"""Pydantic models of the job endpoints."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel


class JobResponse(BaseModel):
    id: uuid.UUID
    file_id: uuid.UUID
    status: str  # queued | running | completed | failed | rejected
    progress: dict[str, Any]  # phase, rows, bytes, bytes_total, percent: numbers and phase names only
    error_code: str | None
    attempts: int
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None

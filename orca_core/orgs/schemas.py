"""Pydantic models of the org endpoints."""

from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, ConfigDict


class OrgResponse(BaseModel):
    id: uuid.UUID
    name: str
    retention_policy: str
    gdpr_check_enabled: bool
    created_at: datetime


class OrgUpdateRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    gdpr_check_enabled: bool | None = None


class MemberResponse(BaseModel):
    user_id: uuid.UUID
    role: str
    created_at: datetime

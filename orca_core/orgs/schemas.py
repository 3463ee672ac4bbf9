"""Pydantic models of the org endpoints."""

from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, ConfigDict

from orca_core.orgs.models import RetentionPolicy, Role


class OrgResponse(BaseModel):
    id: uuid.UUID
    name: str
    retention_policy: str
    gdpr_check_enabled: bool
    llm_classification_enabled: bool
    require_2fa: bool  # issue 4: members without 2FA can only enrol
    created_at: datetime


class OrgUpdateRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    gdpr_check_enabled: bool | None = None
    llm_classification_enabled: bool | None = None
    retention_policy: RetentionPolicy | None = None  # issue 3: admins only, audited retention_policy_changed
    require_2fa: bool | None = None  # issue 4: admins only (and only with 2FA on themselves), audited


class MemberUpdateRequest(BaseModel):
    """Issue 4. An empty body changes nothing (answers the member as it is)."""

    model_config = ConfigDict(extra="forbid")

    role: Role | None = None


class MemberResponse(BaseModel):
    user_id: uuid.UUID
    role: str
    created_at: datetime

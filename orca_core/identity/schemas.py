"""Pydantic input and output models of the identity endpoints. Inputs forbid unknown fields."""

from __future__ import annotations

import uuid
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

# Deliberately loose: deliverability is proven by the verification email (next issue), not by a regex.
EMAIL_PATTERN = r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]+$"


class InputModel(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=False)


class RegisterRequest(InputModel):
    email: str = Field(max_length=320, pattern=EMAIL_PATTERN)
    # The policy (12 characters .. 72 bytes) is enforced by the service with its own error codes; this bound
    # only stops absurd payloads.
    password: str = Field(max_length=1024)
    org_name: str = Field(min_length=1, max_length=200)


class RegisterResponse(BaseModel):
    status: Literal["accepted"] = "accepted"
    detail: str = "If the email can be registered, the account is ready: log in with it."


class LoginRequest(InputModel):
    email: str = Field(max_length=320)
    password: str = Field(max_length=1024)


class RefreshRequest(InputModel):
    refresh_token: str = Field(min_length=1, max_length=512)


class TokenResponse(BaseModel):
    access_token: str
    refresh_token: str
    token_type: Literal["bearer"] = "bearer"  # noqa: S105 (the OAuth token type)
    expires_in: int


class MeResponse(BaseModel):
    user_id: uuid.UUID
    email: str
    org_id: uuid.UUID
    role: str

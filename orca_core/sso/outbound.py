"""Requests this service makes to an admin-configured OIDC issuer: guarded, because the URL is tenant input.

Every URL must be https (http only with `ORCA_SSO_ALLOW_INSECURE_ISSUERS`, for development and tests), carry no
credentials, and resolve only to public addresses (not loopback, private, link-local such as a cloud metadata
endpoint, or reserved ranges) unless that same setting allows it. Redirects are not followed, answers are size
capped, and errors never echo the remote body (it could be anything an internal service says).
"""

from __future__ import annotations

import asyncio
import ipaddress
import json
import socket
from typing import Any
from urllib.parse import urlsplit

import httpx

MAX_DOCUMENT_BYTES = 512 * 1024


class OutboundRefused(Exception):
    """Why a URL may not be fetched or its answer used; `reason` is a sentence safe to show the admin."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def check_url_shape(url: str, *, allow_insecure: bool) -> str:
    """The URL's host, if the URL is acceptable in shape (scheme, no credentials, no fragment)."""
    try:
        parts = urlsplit(url)
    except ValueError as error:
        raise OutboundRefused("is not a valid URL") from error
    allowed_schemes = ("https", "http") if allow_insecure else ("https",)
    if parts.scheme not in allowed_schemes:
        raise OutboundRefused("must be an https:// URL")
    if not parts.hostname:
        raise OutboundRefused("has no host")
    if parts.username is not None or parts.password is not None:
        raise OutboundRefused("must not carry credentials")
    if parts.fragment:
        raise OutboundRefused("must not have a fragment")
    return parts.hostname


async def check_destination(url: str, *, allow_insecure: bool) -> None:
    host = check_url_shape(url, allow_insecure=allow_insecure)
    if allow_insecure:
        return
    try:
        infos = await asyncio.get_running_loop().getaddrinfo(host, None, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise OutboundRefused("has a host name that does not resolve") from error
    for info in infos:
        address = ipaddress.ip_address(str(info[4][0]).split("%", 1)[0])
        if not address.is_global:
            raise OutboundRefused("resolves to a private, loopback or reserved address")


async def get_json(url: str, *, allow_insecure: bool, timeout: float) -> dict[str, Any]:
    await check_destination(url, allow_insecure=allow_insecure)
    try:
        async with (
            httpx.AsyncClient(timeout=timeout, follow_redirects=False, trust_env=False) as client,
            client.stream("GET", url, headers={"Accept": "application/json"}) as response,
        ):
            if response.status_code != 200:
                raise OutboundRefused(f"answered HTTP {response.status_code} instead of 200")
            body = bytearray()
            async for chunk in response.aiter_bytes():
                body.extend(chunk)
                if len(body) > MAX_DOCUMENT_BYTES:
                    raise OutboundRefused(f"answered more than {MAX_DOCUMENT_BYTES} bytes")
    except httpx.TimeoutException as error:
        raise OutboundRefused("did not answer in time") from error
    except httpx.HTTPError as error:
        raise OutboundRefused(f"could not be reached ({type(error).__name__})") from error
    try:
        document = json.loads(bytes(body))
    except ValueError as error:
        raise OutboundRefused("did not answer with JSON") from error
    if not isinstance(document, dict):
        raise OutboundRefused("did not answer with a JSON object")
    return document

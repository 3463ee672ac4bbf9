"""Where a browser may be sent after SSO: only a path of this service, never another site.

RelayState (SAML) and the `relay_state` query parameter (both protocols) come from the browser or the IdP and are
untrusted. Anything that is not a plain absolute path (a scheme, a host, `//host`, a backslash, a control
character, an encoded slash trick) becomes "/".
"""

from __future__ import annotations

from urllib.parse import unquote, urlsplit

DEFAULT_RELAY_STATE = "/"
MAX_RELAY_STATE_LENGTH = 512


def safe_relay_state(candidate: str | None) -> str:
    if not candidate or len(candidate) > MAX_RELAY_STATE_LENGTH:
        return DEFAULT_RELAY_STATE
    if any(ord(char) < 0x21 or ord(char) == 0x7F for char in candidate) or "\\" in candidate:
        return DEFAULT_RELAY_STATE
    if not candidate.startswith("/") or candidate.startswith("//"):
        return DEFAULT_RELAY_STATE
    # Browsers undo percent-encoding in some places: "/%2F%2Fevil.example" must not become "//evil.example".
    decoded = unquote(candidate)
    if decoded.startswith("//") or "\\" in decoded or any(ord(char) < 0x20 for char in decoded):
        return DEFAULT_RELAY_STATE
    parts = urlsplit(candidate)
    if parts.scheme or parts.netloc:
        return DEFAULT_RELAY_STATE
    # The fragment is ours: the one-time code travels in it.
    return parts.path + (f"?{parts.query}" if parts.query else "")

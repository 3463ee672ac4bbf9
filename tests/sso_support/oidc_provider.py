"""An OpenID Connect provider on 127.0.0.1 for tests: a real HTTP server (stdlib, in a thread) with discovery, a
JWKS, an authorization endpoint that signs in whichever user the test chose, and a token endpoint that checks
client authentication, the code, the redirect URI and the PKCE verifier (S256) before it returns an RS256 ID token.

One server hosts several issuers (`/<name>`), each with its own key, so "a second IdP" is a second issuer here.
Per-issuer knobs let a test make the provider misbehave in exactly one way (a wrong nonce, audience, issuer,
algorithm, expiry...), so the relying party's checks are exercised over the real protocol.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
from jwt.algorithms import RSAAlgorithm

from tests.sso_support.keys import KeyPair, make_key_pair


@dataclass
class OidcClient:
    client_id: str
    client_secret: str
    redirect_uris: list[str]


@dataclass
class IssuedCode:
    client_id: str
    redirect_uri: str
    nonce: str | None
    code_challenge: str
    user: dict[str, Any]
    used: bool = False


@dataclass
class Issuer:
    name: str
    url: str
    keys: KeyPair
    kid: str
    clients: dict[str, OidcClient] = field(default_factory=dict)
    codes: dict[str, IssuedCode] = field(default_factory=dict)
    # Who the next authorization signs in (the IdP's own user database, in one dict).
    user: dict[str, Any] = field(default_factory=dict)
    # Misbehaviour knobs, all off by default.
    claim_overrides: dict[str, Any] = field(default_factory=dict)
    drop_claims: set[str] = field(default_factory=set)
    sign_hs256_with_client_secret: bool = False
    sign_with: KeyPair | None = None  # a key the JWKS does not publish
    add_iss_to_redirect: str | None = None  # RFC 9207 `iss` parameter value on the redirect
    token_requests: list[dict[str, Any]] = field(default_factory=list)

    def jwks(self) -> dict[str, Any]:
        jwk = RSAAlgorithm.to_jwk(self.keys.private_key.public_key(), as_dict=True)
        jwk.update({"kid": self.kid, "use": "sig", "alg": "RS256"})
        return {"keys": [jwk]}

    def discovery(self) -> dict[str, Any]:
        return {
            "issuer": self.url,
            "authorization_endpoint": f"{self.url}/authorize",
            "token_endpoint": f"{self.url}/token",
            "jwks_uri": f"{self.url}/jwks",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "code_challenge_methods_supported": ["S256"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
            "scopes_supported": ["openid", "email", "profile"],
        }

    def id_token(self, issued: IssuedCode) -> str:
        now = int(time.time())
        claims: dict[str, Any] = {
            "iss": self.url,
            "aud": issued.client_id,
            "iat": now,
            "exp": now + 300,
            "nonce": issued.nonce,
            **issued.user,
        }
        claims.update(self.claim_overrides)
        for name in self.drop_claims:
            claims.pop(name, None)
        if self.sign_hs256_with_client_secret:
            secret = self.clients[issued.client_id].client_secret
            return jwt.encode(claims, secret, algorithm="HS256", headers={"kid": self.kid})
        signer = self.sign_with or self.keys
        kid = "rotated-unknown" if self.sign_with else self.kid
        return jwt.encode(claims, signer.private_key, algorithm="RS256", headers={"kid": kid})


class _Handler(BaseHTTPRequestHandler):
    provider: OidcTestProvider

    def log_message(self, format: str, *args: Any) -> None:
        return

    def _json(self, status: int, document: dict[str, Any]) -> None:
        body = json.dumps(document).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _issuer(self) -> tuple[Issuer | None, str]:
        path = urlsplit(self.path).path
        name, _, rest = path.lstrip("/").partition("/")
        return self.provider.issuers.get(name), "/" + rest

    def do_GET(self) -> None:
        issuer, route = self._issuer()
        if issuer is None:
            self._json(404, {"error": "not_found"})
        elif route == "/.well-known/openid-configuration":
            self._json(200, issuer.discovery())
        elif route == "/jwks":
            self._json(200, issuer.jwks())
        elif route == "/authorize":
            self._authorize(issuer, {key: values[0] for key, values in parse_qs(urlsplit(self.path).query).items()})
        else:
            self._json(404, {"error": "not_found"})

    def _authorize(self, issuer: Issuer, params: dict[str, str]) -> None:
        client = issuer.clients.get(params.get("client_id", ""))
        if client is None or params.get("redirect_uri") not in client.redirect_uris:
            self._json(400, {"error": "invalid_client"})  # never redirect to an unregistered URI
            return
        if params.get("response_type") != "code" or params.get("code_challenge_method") != "S256":
            self._json(400, {"error": "invalid_request"})
            return
        if "openid" not in params.get("scope", "").split():
            self._json(400, {"error": "invalid_scope"})
            return
        code = secrets.token_urlsafe(24)
        issuer.codes[code] = IssuedCode(
            client_id=client.client_id,
            redirect_uri=params["redirect_uri"],
            nonce=params.get("nonce"),
            code_challenge=params.get("code_challenge", ""),
            user=dict(issuer.user),
        )
        answer = {"code": code, "state": params.get("state", "")}
        if issuer.add_iss_to_redirect is not None:
            answer["iss"] = issuer.add_iss_to_redirect
        self.send_response(302)
        self.send_header("Location", f"{params['redirect_uri']}?{urlencode(answer)}")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_POST(self) -> None:
        issuer, route = self._issuer()
        if issuer is None or route != "/token":
            self._json(404, {"error": "not_found"})
            return
        length = int(self.headers.get("Content-Length", "0"))
        form = {key: values[0] for key, values in parse_qs(self.rfile.read(length).decode()).items()}
        issuer.token_requests.append({key: value for key, value in form.items() if key != "client_secret"})
        client = self._authenticate(issuer, form)
        if client is None:
            self._json(401, {"error": "invalid_client"})
            return
        issued = issuer.codes.get(form.get("code", ""))
        if (
            form.get("grant_type") != "authorization_code"
            or issued is None
            or issued.used
            or issued.client_id != client.client_id
            or issued.redirect_uri != form.get("redirect_uri")
        ):
            self._json(400, {"error": "invalid_grant"})
            return
        verifier = form.get("code_verifier", "")
        challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
        if not verifier or challenge != issued.code_challenge:
            self._json(400, {"error": "invalid_grant", "error_description": "PKCE verification failed"})
            return
        issued.used = True
        self._json(
            200,
            {
                "access_token": secrets.token_urlsafe(24),
                "token_type": "Bearer",
                "expires_in": 300,
                "id_token": issuer.id_token(issued),
            },
        )

    def _authenticate(self, issuer: Issuer, form: dict[str, str]) -> OidcClient | None:
        header = self.headers.get("Authorization", "")
        if header.startswith("Basic "):
            client_id, _, secret = base64.b64decode(header[6:]).decode().partition(":")
        else:
            client_id, secret = form.get("client_id", ""), form.get("client_secret", "")
        client = issuer.clients.get(client_id)
        if client is None or not secrets.compare_digest(client.client_secret, secret):
            return None
        return client


class OidcTestProvider:
    def __init__(self) -> None:
        self.issuers: dict[str, Issuer] = {}
        handler = type("Handler", (_Handler,), {"provider": self})
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.base_url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> OidcTestProvider:
        self.thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    def add_issuer(self, name: str) -> Issuer:
        issuer = Issuer(name=name, url=f"{self.base_url}/{name}", keys=make_key_pair(name), kid=f"{name}-key-1")
        self.issuers[name] = issuer
        return issuer

    def add_client(self, issuer: Issuer, redirect_uri: str) -> OidcClient:
        client = OidcClient(secrets.token_hex(8), secrets.token_urlsafe(32), [redirect_uri])
        issuer.clients[client.client_id] = client
        return client

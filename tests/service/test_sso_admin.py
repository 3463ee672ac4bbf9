"""The admin API of SSO connections: who may use it, what is checked when a connection is saved (certificates,
metadata, OIDC discovery and the addresses it may reach), and that secrets never come back out."""

from __future__ import annotations

import base64
import hashlib
import uuid
from types import SimpleNamespace

import pytest

from api.app import create_app
from tests.service.conftest import free_port, unique_email
from tests.sso_support.keys import make_key_pair
from tests.sso_support.oidc_provider import OidcTestProvider
from tests.sso_support.saml_idp import PERSISTENT_FORMAT, SamlTestIdp
from tests.sso_support.world import (
    audit_events,
    code_of,
    failure_reasons,
    new_browser,
    new_org,
    oidc_login,
    post_acs,
    saml_start,
    sign_in,
    sso_app,
)

CONNECTIONS = "/api/v1/org/sso/connections"


@pytest.fixture(scope="module")
def idp() -> SamlTestIdp:
    return SamlTestIdp(entity_id="https://admin-idp.example.test/saml")


@pytest.fixture(scope="module")
def provider():
    with OidcTestProvider() as running:
        running.add_issuer("admin")
        yield running


@pytest.fixture
async def world(settings):
    async with sso_app(settings) as application, new_browser(application) as http:
        yield SimpleNamespace(app=application, http=http, org=await new_org(http, "sso-admin"))


def saml_fields(idp: SamlTestIdp, **overrides):
    return {
        "protocol": "saml",
        "name": "Fields IdP",
        "idp_entity_id": idp.entity_id,
        "idp_sso_url": idp.sso_url,
        "idp_x509_cert": idp.keys.cert_pem,
        **overrides,
    }


async def test_only_admins_manage_connections_and_enforcement(world, idp):
    connection = await world.org.add_saml(idp)
    # A member of the org: signed in through that connection (JIT provisioning makes members).
    async with new_browser(world.app) as browser:
        request = await saml_start(browser, connection["id"])
        xml = idp.signed_response(
            request, uuid.uuid4().hex, name_id_format=PERSISTENT_FORMAT, attributes={"email": [unique_email("m")]}
        )
        answer = await post_acs(browser, connection["id"], xml)
        tokens = (await browser.post("/api/v1/auth/sso/exchange", json={"code": code_of(answer)})).json()
    member = {"Authorization": f"Bearer {tokens['access_token']}"}
    item = f"{CONNECTIONS}/{connection['id']}"
    for method, path, body in [
        ("GET", CONNECTIONS, None),
        ("POST", CONNECTIONS, saml_fields(idp)),
        ("GET", item, None),
        ("PATCH", item, {"enabled": False}),
        ("DELETE", item, None),
        ("PUT", "/api/v1/org/sso/enforcement", {"enforced": True}),
    ]:
        response = await world.http.request(method, path, json=body, headers=member)
        assert response.status_code == 403, (method, path, response.text)
        assert response.json()["error"] == "forbidden"
    # Members may see whether SSO is enforced (it tells them how to sign in).
    seen = await world.http.get("/api/v1/org/sso/enforcement", headers=member)
    assert seen.status_code == 200 and seen.json() == {"enforced": False}


async def test_saml_connection_from_fields_shows_a_fingerprint_never_the_certificate(world, idp, superuser):
    response = await world.http.post(CONNECTIONS, json=saml_fields(idp), headers=world.org.admin.auth)
    assert response.status_code == 201, response.text
    connection = response.json()
    body = idp.keys.cert_body
    der = base64.b64decode(body)
    expected = hashlib.sha256(der).hexdigest().upper()
    certificates = connection["saml"]["idp_certificates"]
    assert [cert["sha256_fingerprint"].replace(":", "") for cert in certificates] == [expected]
    assert body[:40] not in response.text
    assert connection["login_url"] == f"https://orca.test/api/v1/sso/saml/{connection['id']}/login"
    assert connection["saml"]["sp_acs_url"] == f"https://orca.test/api/v1/sso/saml/{connection['id']}/acs"
    created = await audit_events(superuser, world.org.id, "sso_connection_created")
    assert [(row["connection_id"], row["protocol"]) for row in created] == [(connection["id"], "saml")]
    fetched = await world.http.get(f"{CONNECTIONS}/{connection['id']}", headers=world.org.admin.auth)
    assert fetched.json() == connection


@pytest.mark.parametrize(
    ("overrides", "status", "error"),
    [
        (
            {"idp_x509_cert": "-----BEGIN CERTIFICATE-----\nnot a certificate\n-----END CERTIFICATE-----"},
            422,
            "sso_config_invalid",
        ),
        ({"idp_x509_cert": make_key_pair("weak", bits=1024).cert_pem}, 422, "sso_config_invalid"),
        ({"idp_sso_url": "ftp://idp.example.test/sso"}, 422, "sso_config_invalid"),
        ({"idp_sso_url": "https://user:pass@idp.example.test/sso"}, 422, "sso_config_invalid"),
        ({"idp_metadata_xml": "<x/>"}, 422, "validation_error"),  # metadata and fields together
        ({"idp_entity_id": None}, 422, "validation_error"),
        ({"unexpected": 1}, 422, "validation_error"),
    ],
)
async def test_bad_saml_settings_are_refused_precisely(world, idp, overrides, status, error):
    body = {key: value for key, value in saml_fields(idp, **overrides).items() if value is not None}
    response = await world.http.post(CONNECTIONS, json=body, headers=world.org.admin.auth)
    assert response.status_code == status, response.text
    assert response.json()["error"] == error


XXE_METADATA = """<?xml version="1.0"?>
<!DOCTYPE md [<!ENTITY leak SYSTEM "file:///etc/passwd">]>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="&leak;"/>"""


@pytest.mark.parametrize(
    "metadata",
    [XXE_METADATA, "not xml at all", '<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata"/>'],
)
async def test_bad_idp_metadata_is_refused(world, metadata):
    body = {"protocol": "saml", "name": "Bad metadata", "idp_metadata_xml": metadata}
    response = await world.http.post(CONNECTIONS, json=body, headers=world.org.admin.auth)
    assert response.status_code == 422, response.text
    assert response.json()["error"] == "sso_config_invalid"
    assert "root:" not in response.text


async def test_saml_certificate_rotation_and_attribute_mapping(world, idp, superuser):
    connection = await world.org.add_saml(idp, email_attribute="mail")
    rotated = SamlTestIdp(entity_id=idp.entity_id)
    item = f"{CONNECTIONS}/{connection['id']}"
    response = await world.http.patch(
        item, json={"idp_x509_cert": rotated.keys.cert_body, "email_attribute": None}, headers=world.org.admin.auth
    )
    assert response.status_code == 200, response.text
    assert response.json()["email_attribute"] is None
    assert response.json()["saml"]["idp_certificates"] != connection["saml"]["idp_certificates"]
    updated = await audit_events(superuser, world.org.id, "sso_connection_updated")
    assert updated[-1]["fields"] == ["email_attribute", "idp_x509_cert"]
    # The old key no longer signs for this connection; the new one does.
    async with new_browser(world.app) as browser:
        request = await saml_start(browser, connection["id"])
        stale = await post_acs(browser, connection["id"], idp.signed_response(request, unique_email("rot")))
        assert stale.status_code == 401
        request = await saml_start(browser, connection["id"])
        fresh = await post_acs(browser, connection["id"], rotated.signed_response(request, unique_email("rot")))
        assert fresh.status_code == 303
    # Another IdP (entity ID) is another connection, not an edit of this one.
    other = SamlTestIdp(entity_id="https://someone-else.example.test/saml")
    moved = await world.http.patch(item, json={"idp_metadata_xml": other.metadata_xml()}, headers=world.org.admin.auth)
    assert moved.status_code == 422 and moved.json()["error"] == "sso_config_invalid"


async def test_deleted_connection_is_gone_for_admins_and_browsers(world, idp, superuser):
    connection = await world.org.add_saml(idp)
    item = f"{CONNECTIONS}/{connection['id']}"
    assert (await world.http.delete(item, headers=world.org.admin.auth)).status_code == 204
    assert (await world.http.get(item, headers=world.org.admin.auth)).status_code == 404
    assert (await world.http.get(f"/api/v1/sso/saml/{connection['id']}/login")).status_code == 404
    deleted = await audit_events(superuser, world.org.id, "sso_connection_deleted")
    assert [row["connection_id"] for row in deleted] == [connection["id"]]


# --- OIDC ---------------------------------------------------------------------------------------------------------


async def test_oidc_discovery_must_name_the_configured_issuer(world, provider):
    issuer = provider.issuers["admin"]
    client = provider.add_client(issuer, "https://placeholder.invalid/")
    body = {"protocol": "oidc", "name": "x", "issuer": issuer.url + "/", "client_id": client.client_id}
    response = await world.http.post(
        CONNECTIONS, json={**body, "client_secret": client.client_secret}, headers=world.org.admin.auth
    )
    assert response.status_code == 422, response.text
    assert response.json()["error"] == "sso_discovery_failed"
    assert "another issuer" in response.json()["detail"]
    assert client.client_secret not in response.text


async def test_oidc_issuer_that_does_not_answer_is_refused(world):
    body = {
        "protocol": "oidc",
        "name": "down",
        "issuer": f"http://127.0.0.1:{free_port()}/nobody",
        "client_id": "c",
        "client_secret": "s",
    }
    response = await world.http.post(CONNECTIONS, json=body, headers=world.org.admin.auth)
    assert response.status_code == 422 and response.json()["error"] == "sso_discovery_failed"


@pytest.mark.parametrize(
    ("issuer", "error", "words"),
    [
        ("http://idp.example.test", "sso_config_invalid", "https://"),
        ("https://127.0.0.1:8443/realm", "sso_discovery_failed", "private, loopback or reserved"),
        ("https://169.254.169.254/latest", "sso_discovery_failed", "private, loopback or reserved"),
        ("https://[::1]/realm", "sso_discovery_failed", "private, loopback or reserved"),
        ("https://idp.example.test/realm?x=1", "sso_config_invalid", "query"),
    ],
)
async def test_oidc_issuer_must_be_https_and_public_outside_development(settings, issuer, error, words):
    """With the production policy (no insecure issuers), a tenant's issuer URL cannot reach internal addresses."""
    strict = settings.model_copy(update={"public_base_url": "https://orca.test", "sso_allow_insecure_issuers": False})
    application = create_app(strict)
    try:
        async with new_browser(application) as http:
            org = await new_org(http, "strict-owner")
            body = {"protocol": "oidc", "name": "x", "issuer": issuer, "client_id": "c", "client_secret": "s"}
            response = await http.post(CONNECTIONS, json=body, headers=org.admin.auth)
    finally:
        await application.state.engine.dispose()
    assert response.status_code == 422, response.text
    assert response.json()["error"] == error
    assert words in response.json()["detail"]


async def test_client_secret_is_replaceable_and_bound_to_its_connection(world, provider, superuser):
    issuer = provider.issuers["admin"]
    issuer.user = {"sub": f"s-{uuid.uuid4().hex}", "email": unique_email("oidc-admin"), "email_verified": True}
    first_client = provider.add_client(issuer, "https://placeholder.invalid/")
    second_client = provider.add_client(issuer, "https://placeholder.invalid/")
    first = await world.org.add_oidc(issuer, first_client)
    second = await world.org.add_oidc(issuer, second_client)

    # Copy the first connection's ciphertext onto the second: it does not decrypt there (the connection id is
    # the associated data), so the login is refused instead of authenticating as another client.
    await superuser.execute(
        "UPDATE sso_connections SET oidc_client_secret_encrypted = "
        "(SELECT oidc_client_secret_encrypted FROM sso_connections WHERE id = $1) WHERE id = $2",
        uuid.UUID(first["id"]),
        uuid.UUID(second["id"]),
    )
    async with new_browser(world.app) as browser:
        response = await oidc_login(browser, second["id"])
    assert response.status_code == 401
    assert (await failure_reasons(superuser, world.org.id, second["id"]))[-1] == "client_secret_unreadable"

    # An admin re-enters the secret: the login works again, and the secret is never answered.
    replaced = await world.http.patch(
        f"{CONNECTIONS}/{second['id']}",
        json={"client_secret": second_client.client_secret},
        headers=world.org.admin.auth,
    )
    assert replaced.status_code == 200 and second_client.client_secret not in replaced.text
    async with new_browser(world.app) as browser:
        assert (await sign_in(browser, await oidc_login(browser, second["id"])))["org_id"] == str(world.org.id)
    updated = await audit_events(superuser, world.org.id, "sso_connection_updated")
    assert updated[-1]["fields"] == ["client_secret"]


async def test_protocol_fields_do_not_mix(world, idp, provider):
    saml = await world.org.add_saml(idp)
    response = await world.http.patch(
        f"{CONNECTIONS}/{saml['id']}", json={"client_secret": "x"}, headers=world.org.admin.auth
    )
    assert response.status_code == 422 and response.json()["error"] == "sso_config_invalid"
    nothing = await world.http.patch(f"{CONNECTIONS}/{saml['id']}", headers=world.org.admin.auth)
    assert nothing.status_code == 200 and nothing.json() == saml

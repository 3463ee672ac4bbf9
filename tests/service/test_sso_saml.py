"""SAML 2.0 single sign-on over the real protocol (battery E25, E26): our SP sends an AuthnRequest (HTTP-Redirect),
a test IdP answers it with a Response whose assertion it signs with xmlsec, the browser posts it to our ACS.

Every negative case checks the same three things: the precise refusal, no one-time code (so no session) for the
flow, and exactly the audited `login_failed` reason.
"""

from __future__ import annotations

import base64
import uuid
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest
from lxml import etree
from onelogin.saml2.constants import OneLogin_Saml2_Constants as C

from tests.service.conftest import register_and_login, unique_email
from tests.sso_support.keys import make_key_pair
from tests.sso_support.saml_idp import (
    EMAIL_FORMAT,
    NS_SAML,
    NS_SAMLP,
    PERSISTENT_FORMAT,
    TRANSIENT_FORMAT,
    SamlTestIdp,
    strip_declaration,
)
from tests.sso_support.world import (
    audit_events,
    code_of,
    codes_issued,
    exchange,
    failure_reasons,
    new_browser,
    new_org,
    post_acs,
    saml_start,
    sessions_in_org,
    sign_in,
    sso_app,
    user_ids_with_email,
)

NS_DS = "http://www.w3.org/2000/09/xmldsig#"


@pytest.fixture(scope="module")
def idp() -> SamlTestIdp:
    return SamlTestIdp()


@pytest.fixture
async def sso(settings, idp):
    """An app, an org whose admin configured the test IdP, and a fresh browser."""
    async with sso_app(settings) as application, new_browser(application) as admin_http:
        org = await new_org(admin_http)
        connection = await org.add_saml(idp)
        async with new_browser(application) as browser:
            yield SimpleNamespace(app=application, org=org, connection=connection, id=connection["id"], browser=browser)


async def refused(sso, superuser, response, reason: str, *, status: int = 401, error: str = "sso_response_rejected"):
    """The refusal a user sees, the audit row an admin sees, and no code (so no session) for the flow."""
    assert response.status_code == status, response.text
    assert response.json()["error"] == error
    assert "location" not in response.headers
    reasons = await failure_reasons(superuser, sso.org.id, sso.id)
    assert reasons[-1:] == [reason]
    assert await codes_issued(superuser, sso.id) == 0
    # The admin's own session is the org's only one.
    assert await sessions_in_org(superuser, sso.org.id) == 1


# --- the happy path -------------------------------------------------------------------------------------------


async def test_sp_metadata_names_our_entity_id_and_acs(sso):
    response = await sso.browser.get(f"/api/v1/sso/saml/{sso.id}/metadata")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/samlmetadata+xml")
    root = etree.fromstring(response.content)
    assert root.get("entityID") == sso.connection["saml"]["sp_entity_id"]
    acs = root.find(".//{urn:oasis:names:tc:SAML:2.0:metadata}AssertionConsumerService")
    assert acs.get("Location") == sso.connection["saml"]["sp_acs_url"]
    assert acs.get("Binding") == C.BINDING_HTTP_POST
    # An unknown connection is a plain 404.
    assert (await sso.browser.get(f"/api/v1/sso/saml/{uuid.uuid4()}/metadata")).status_code == 404


async def test_saml_login_provisions_a_member_and_hands_over_tokens_through_a_one_time_code(sso, idp, superuser):
    email = unique_email("saml-alice")
    request = await saml_start(sso.browser, sso.id, relay_state="/files?tab=recent")
    assert request.acs_url == sso.connection["saml"]["sp_acs_url"]
    assert request.destination == idp.sso_url
    assert request.relay_state == "/files?tab=recent"
    subject = f"persistent-{uuid.uuid4().hex}"
    xml = idp.signed_response(
        request,
        subject,
        name_id_format=PERSISTENT_FORMAT,
        attributes={"email": [email], "displayName": ["Alice Example"]},
    )
    answer = await post_acs(sso.browser, sso.id, xml, relay_state=request.relay_state)

    # Redirected to the relay path with a code in the fragment: no token in any URL.
    location = answer.headers["location"]
    assert location.startswith("/files?tab=recent#sso_code=")
    assert "access_token" not in location and "refresh" not in location
    me = await sign_in(sso.browser, answer)
    assert me["email"] == email
    assert me["org_id"] == str(sso.org.id)
    assert me["role"] == "member"

    user_id = uuid.UUID(me["user_id"])
    provisioned = await audit_events(superuser, sso.org.id, "sso_user_provisioned")
    assert [(row["user_id"], row["method"], row["connection_id"]) for row in provisioned] == [(user_id, "saml", sso.id)]
    logins = await audit_events(superuser, sso.org.id, "sso_login")
    assert [(row["user_id"], row["method"]) for row in logins] == [(user_id, "saml")]
    sessions = [row for row in await audit_events(superuser, sso.org.id, "login") if row["user_id"] == user_id]
    assert [row["method"] for row in sessions] == ["saml"]
    identity = await superuser.fetchrow(
        "SELECT user_id, subject, display_name FROM sso_identities WHERE connection_id = $1", uuid.UUID(sso.id)
    )
    assert (identity["user_id"], identity["subject"], identity["display_name"]) == (user_id, subject, "Alice Example")
    assert await superuser.fetchval("SELECT password_hash FROM users WHERE id = $1", user_id) is None

    # A second login of the same subject is the same account, not a new one.
    again = await saml_start(sso.browser, sso.id)
    answer = await post_acs(
        sso.browser,
        sso.id,
        idp.signed_response(again, subject, name_id_format=PERSISTENT_FORMAT, attributes={"email": [email]}),
    )
    assert (await sign_in(sso.browser, answer))["user_id"] == str(user_id)
    assert len(await audit_events(superuser, sso.org.id, "sso_user_provisioned")) == 1


async def test_email_name_id_maps_to_the_account_email_and_a_signed_response_is_accepted(sso, idp):
    email = unique_email("saml-nameid")
    request = await saml_start(sso.browser, sso.id)
    answer = await post_acs(sso.browser, sso.id, idp.signed_response(request, email, sign_response=True))
    assert answer.headers["location"].startswith("/#sso_code=")
    assert (await sign_in(sso.browser, answer))["email"] == email


async def test_the_one_time_code_works_once_and_only_in_the_browser_that_started_the_login(sso, idp, superuser):
    request = await saml_start(sso.browser, sso.id)
    code = code_of(await post_acs(sso.browser, sso.id, idp.signed_response(request, unique_email("saml-code"))))
    async with new_browser(sso.app) as other_browser:
        stolen = await exchange(other_browser, code)
    assert stolen.status_code == 401 and stolen.json()["error"] == "sso_code_invalid"
    assert (await exchange(sso.browser, code)).status_code == 200
    again = await exchange(sso.browser, code)
    assert again.status_code == 401 and again.json()["error"] == "sso_code_invalid"
    unknown = await exchange(sso.browser, "x" * 43)
    assert unknown.status_code == 401
    reasons = [row["reason"] for row in await audit_events(superuser, sso.org.id, "login_failed")]
    assert reasons == ["other_browser", "code_already_used"]


# --- E25: signatures --------------------------------------------------------------------------------------------


async def test_e25_unsigned_response_is_rejected(sso, idp, superuser):
    request = await saml_start(sso.browser, sso.id)
    unsigned = idp.response_xml(request, idp.assertion(request, unique_email("saml-unsigned")).xml())
    await refused(sso, superuser, await post_acs(sso.browser, sso.id, unsigned), "unsigned")


async def test_e25_response_signed_with_a_foreign_certificate_is_rejected(sso, idp, superuser):
    request = await saml_start(sso.browser, sso.id)
    foreign = make_key_pair("attacker idp")
    assertion = idp.sign(idp.assertion(request, unique_email("saml-foreign")).xml(), keys=foreign)
    xml = idp.response_xml(request, strip_declaration(assertion))
    await refused(sso, superuser, await post_acs(sso.browser, sso.id, xml), "invalid_signature")


async def test_e25_response_altered_after_signing_is_rejected(sso, idp, superuser):
    """Both the Response and its assertion are signed; a changed Response attribute breaks the outer signature."""
    request = await saml_start(sso.browser, sso.id)
    xml = idp.signed_response(request, unique_email("saml-altered"), sign_response=True)
    root = etree.fromstring(xml.encode())
    root.set("IssueInstant", "2001-01-01T00:00:00Z")
    tampered = etree.tostring(root).decode()
    await refused(sso, superuser, await post_acs(sso.browser, sso.id, tampered), "invalid_signature")


async def test_e25_assertion_altered_after_signing_is_rejected(sso, idp, superuser):
    victim = await register_and_login(sso.org.http, label="saml-victim")
    request = await saml_start(sso.browser, sso.id)
    xml = idp.signed_response(request, unique_email("saml-attacker"))
    root = etree.fromstring(xml.encode())
    root.find(f".//{{{NS_SAML}}}NameID").text = victim.email
    tampered = etree.tostring(root).decode()
    await refused(sso, superuser, await post_acs(sso.browser, sso.id, tampered), "invalid_signature")


def _wrapped(idp: SamlTestIdp, request, variant: str, victim_email: str) -> str:
    """Signature-wrapping variants: the signed assertion (the attacker's own, legitimately signed) plus an evil
    unsigned one naming the victim, arranged so a naive SP would read the evil one."""
    signed_xml = idp.sign(idp.assertion(request, unique_email("saml-attacker")).xml())
    signed = etree.fromstring(signed_xml.encode())
    evil = etree.fromstring(idp.assertion(request, victim_email).xml().encode())
    response = etree.fromstring(idp.response_xml(request, "").encode())
    if variant == "duplicate_id":
        evil.set("ID", signed.get("ID"))
        response.append(evil)
        response.append(signed)
    elif variant == "evil_before_signed":
        response.append(evil)
        response.append(signed)
    elif variant == "evil_after_signed":
        response.append(signed)
        response.append(evil)
    elif variant == "signed_inside_extensions":
        extensions = etree.SubElement(response, f"{{{NS_SAMLP}}}Extensions")
        response.remove(extensions)
        response.insert(1, extensions)  # after Issuer, where the schema allows Extensions
        extensions.append(signed)
        response.append(evil)
    elif variant == "signed_inside_evil_advice":
        advice = etree.SubElement(evil, f"{{{NS_SAML}}}Advice")
        evil.remove(advice)
        evil.insert(3, advice)
        advice.append(signed)
        response.append(evil)
    elif variant == "moved_signature":
        # The signature leaves the (now altered) assertion and sits on the Response, still pointing at the ID.
        signature = signed.find(f"{{{NS_DS}}}Signature")
        signed.remove(signature)
        signed.find(f".//{{{NS_SAML}}}NameID").text = victim_email
        response.insert(1, signature)
        response.append(signed)
    else:
        raise AssertionError(variant)
    return etree.tostring(response).decode()


@pytest.mark.parametrize(
    ("variant", "reason"),
    [
        ("duplicate_id", "wrong_number_of_assertions"),
        ("evil_before_signed", "wrong_number_of_assertions"),
        ("evil_after_signed", "wrong_number_of_assertions"),
        ("signed_inside_extensions", "wrong_number_of_assertions"),
        ("signed_inside_evil_advice", "wrong_number_of_assertions"),
        ("moved_signature", "signature_wrapping"),
    ],
)
async def test_e25_signature_wrapping_is_rejected(sso, idp, superuser, variant, reason):
    victim = await register_and_login(sso.org.http, label="saml-wrap-victim")
    request = await saml_start(sso.browser, sso.id)
    xml = _wrapped(idp, request, variant, victim.email)
    await refused(sso, superuser, await post_acs(sso.browser, sso.id, xml), reason)
    assert not await audit_events(superuser, sso.org.id, "sso_login")


async def test_e25_rsa_sha1_signature_is_rejected(sso, idp, superuser):
    request = await saml_start(sso.browser, sso.id)
    assertion = idp.sign(idp.assertion(request, unique_email("saml-sha1")).xml(), algorithm=C.RSA_SHA1, digest=C.SHA1)
    xml = idp.response_xml(request, strip_declaration(assertion))
    await refused(sso, superuser, await post_acs(sso.browser, sso.id, xml), "deprecated_algorithm")


async def test_e25_comment_injected_name_id_does_not_log_in_as_the_victim(sso, idp, superuser):
    """The attacker owns admin@victim.example.evil.example at the IdP; a comment after signing would make a naive
    SP read admin@victim.example (canonicalisation drops comments, so the signature still verifies)."""
    victim_email = f"admin-{uuid.uuid4().hex[:8]}@victim.example"
    await superuser.execute("INSERT INTO users (email, password_hash) VALUES ($1, NULL)", victim_email)
    request = await saml_start(sso.browser, sso.id)
    xml = idp.signed_response(request, f"{victim_email}.evil.example", name_id_format=EMAIL_FORMAT)
    injected = xml.replace(f"{victim_email}.evil.example", f"{victim_email}<!---->.evil.example")
    assert injected != xml
    await refused(sso, superuser, await post_acs(sso.browser, sso.id, injected), "xml_comment")
    assert (
        await superuser.fetchval("SELECT count(*) FROM sso_identities WHERE connection_id = $1", uuid.UUID(sso.id)) == 0
    )
    assert len(await user_ids_with_email(superuser, victim_email)) == 1


async def test_transient_name_id_cannot_key_an_identity(sso, idp, superuser):
    request = await saml_start(sso.browser, sso.id)
    xml = idp.signed_response(
        request, uuid.uuid4().hex, name_id_format=TRANSIENT_FORMAT, attributes={"email": [unique_email("t")]}
    )
    await refused(sso, superuser, await post_acs(sso.browser, sso.id, xml), "transient_nameid")


# --- E26: replay, addressing, time, solicitation -----------------------------------------------------------------


async def test_e26_replayed_response_is_rejected_by_the_assertion_id_cache(sso, idp, superuser):
    request = await saml_start(sso.browser, sso.id)
    xml = idp.signed_response(request, unique_email("saml-replay"))
    first = await post_acs(sso.browser, sso.id, xml)
    assert first.status_code == 303
    # Replayed from the very browser whose login it answered (its flow cookie still set): the cache says no.
    replay = await post_acs(sso.browser, sso.id, xml)
    assert replay.status_code == 401 and replay.json()["error"] == "sso_response_rejected"
    assert (await failure_reasons(superuser, sso.org.id, sso.id))[-1] == "replayed"
    assert await codes_issued(superuser, sso.id) == 1  # the first answer's only
    await sign_in(sso.browser, first)
    # After the exchange the cookie is gone: a replay is not even tied to a login any more.
    late = await post_acs(sso.browser, sso.id, xml)
    assert late.status_code == 400 and late.json()["error"] == "sso_flow_missing"
    assert (
        await superuser.fetchval("SELECT count(*) FROM sso_saml_assertions WHERE connection_id = $1", uuid.UUID(sso.id))
        == 1
    )


async def test_e26_a_login_request_accepts_one_answer_only(sso, idp, superuser):
    request = await saml_start(sso.browser, sso.id)
    first = await post_acs(sso.browser, sso.id, idp.signed_response(request, unique_email("saml-once")))
    assert first.status_code == 303
    # A second, freshly signed assertion (new ID) for the same AuthnRequest.
    second = await post_acs(sso.browser, sso.id, idp.signed_response(request, unique_email("saml-twice")))
    assert second.status_code == 400 and second.json()["error"] == "sso_flow_missing"
    assert (await failure_reasons(superuser, sso.org.id, sso.id))[-1] == "flow_already_answered"
    assert await codes_issued(superuser, sso.id) == 1


async def test_e26_wrong_destination_is_rejected(sso, idp, superuser):
    request = await saml_start(sso.browser, sso.id)
    assertion = strip_declaration(idp.sign(idp.assertion(request, unique_email("saml-dest")).xml()))
    xml = idp.response_xml(request, assertion, destination=f"https://orca.test/api/v1/sso/saml/{uuid.uuid4()}/acs")
    await refused(sso, superuser, await post_acs(sso.browser, sso.id, xml), "wrong_destination")


async def test_e26_missing_destination_is_rejected(sso, idp, superuser):
    request = await saml_start(sso.browser, sso.id)
    assertion = strip_declaration(idp.sign(idp.assertion(request, unique_email("saml-nodest")).xml()))
    xml = idp.response_xml(request, assertion, destination=None)
    await refused(sso, superuser, await post_acs(sso.browser, sso.id, xml), "wrong_destination")


@pytest.mark.parametrize("audience", ["https://another-sp.example/metadata", None])
async def test_e26_wrong_or_missing_audience_is_rejected(sso, idp, superuser, audience):
    request = await saml_start(sso.browser, sso.id)
    xml = idp.signed_response(request, unique_email("saml-aud"), audience=audience)
    await refused(sso, superuser, await post_acs(sso.browser, sso.id, xml), "wrong_audience")


@pytest.mark.parametrize("recipient", ["embedded", "suffix", None])
async def test_e26_wrong_recipient_is_rejected(sso, idp, superuser, recipient):
    """Recipients that contain our ACS URL (which python3-saml's substring check accepts), and none at all."""
    request = await saml_start(sso.browser, sso.id)
    if recipient == "embedded":
        recipient = f"https://evil.example/acs?next={request.acs_url}"
    elif recipient == "suffix":
        recipient = f"{request.acs_url}.evil.example"
    xml = idp.signed_response(request, unique_email("saml-recipient"), recipient=recipient)
    await refused(sso, superuser, await post_acs(sso.browser, sso.id, xml), "wrong_recipient")


async def test_e26_expired_subject_confirmation_is_rejected(sso, idp, superuser):
    request = await saml_start(sso.browser, sso.id)
    past = datetime.now(UTC) - timedelta(minutes=1)
    xml = idp.signed_response(request, unique_email("saml-expired"), not_on_or_after=past)
    await refused(sso, superuser, await post_acs(sso.browser, sso.id, xml), "wrong_subject_confirmation")


async def test_e26_expired_conditions_are_rejected(sso, idp, superuser):
    request = await saml_start(sso.browser, sso.id)
    long_ago = datetime.now(UTC) - timedelta(minutes=30)
    xml = idp.signed_response(
        request, unique_email("saml-old"), issue_instant=long_ago, conditions_not_on_or_after=long_ago
    )
    await refused(sso, superuser, await post_acs(sso.browser, sso.id, xml), "expired")


async def test_e26_mismatched_in_response_to_is_rejected(sso, idp, superuser):
    other_request = await saml_start(sso.browser, sso.id)  # an earlier login in this browser...
    request = await saml_start(sso.browser, sso.id)  # ...replaced by this one (the cookie names this flow)
    assert other_request.id != request.id
    xml = idp.signed_response(other_request, unique_email("saml-irt"))
    await refused(sso, superuser, await post_acs(sso.browser, sso.id, xml), "in_response_to_mismatch")


async def test_e26_unsolicited_response_is_rejected(sso, idp, superuser):
    """An IdP-initiated response (no InResponseTo), posted by a browser that did start a login."""
    request = await saml_start(sso.browser, sso.id)
    assertion = strip_declaration(
        idp.sign(idp.assertion(request, unique_email("saml-unsolicited"), in_response_to=None).xml())
    )
    xml = idp.response_xml(request, assertion, in_response_to=None)
    await refused(sso, superuser, await post_acs(sso.browser, sso.id, xml), "unsolicited")


async def test_e26_response_without_a_login_in_progress_is_rejected(sso, idp, superuser):
    """The same response from a browser that never started a login (no flow cookie)."""
    request = await saml_start(sso.browser, sso.id)
    xml = idp.signed_response(request, unique_email("saml-nocookie"))
    async with new_browser(sso.app) as stranger:
        response = await post_acs(stranger, sso.id, xml)
        stranger.cookies.set("orca_sso", f"{uuid.uuid4().hex}.AAAA", domain="orca.test", path="/api/v1/")
        forged_response = await post_acs(stranger, sso.id, xml)
    await refused(sso, superuser, response, "no_login_in_progress", status=400, error="sso_flow_missing")
    await refused(sso, superuser, forged_response, "no_login_in_progress", status=400, error="sso_flow_missing")


@pytest.mark.parametrize(
    "relay_state",
    ["https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:alert(1)", "/%2F%2Fevil.example"],
)
async def test_e26_relay_state_only_ever_redirects_to_our_own_paths(sso, idp, relay_state):
    request = await saml_start(sso.browser, sso.id, relay_state=relay_state)
    assert request.relay_state == "/"  # not even sent to the IdP
    xml = idp.signed_response(request, unique_email("saml-relay"))
    answer = await post_acs(sso.browser, sso.id, xml, relay_state=relay_state)  # as if the IdP sent it back
    assert answer.status_code == 303
    assert answer.headers["location"].startswith("/#sso_code=")


async def test_disabled_connection_accepts_nothing(sso, idp):
    request = await saml_start(sso.browser, sso.id)
    xml = idp.signed_response(request, unique_email("saml-disabled"))
    disabled = await sso.org.http.patch(
        f"/api/v1/org/sso/connections/{sso.id}", json={"enabled": False}, headers=sso.org.admin.auth
    )
    assert disabled.status_code == 200 and disabled.json()["enabled"] is False
    assert (await post_acs(sso.browser, sso.id, xml)).status_code == 404
    assert (await sso.browser.get(f"/api/v1/sso/saml/{sso.id}/login")).status_code == 404


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="_x" Version="2.0">&lol2;</samlp:Response>"""


@pytest.mark.parametrize("payload", ["not base64 at all ###", "PGJyb2tlbg==", "doctype"])
async def test_malformed_saml_responses_are_refused_without_a_500(sso, superuser, payload):
    await saml_start(sso.browser, sso.id)
    if payload == "doctype":
        payload = base64.b64encode(BILLION_LAUGHS.encode()).decode()
    response = await sso.browser.post(f"/api/v1/sso/saml/{sso.id}/acs", data={"SAMLResponse": payload})
    await refused(sso, superuser, response, "malformed")


async def test_sso_endpoints_are_rate_limited_per_ip(settings, idp):
    strict = settings.model_copy(
        update={"rate_limit_auth_per_ip": "2/minute", "rate_limit_key_prefix": f"orca:test:rl:{uuid.uuid4().hex}"}
    )
    async with sso_app(strict) as application, new_browser(application) as http:
        org = await new_org(http, "rl-owner")
        connection = await org.add_saml(idp)
        async with new_browser(application, ip="198.51.100.77") as browser:
            statuses = [(await browser.get(f"/api/v1/sso/saml/{connection['id']}/login")).status_code for _ in range(3)]
            limited = await browser.get(f"/api/v1/sso/saml/{connection['id']}/login")
    assert statuses == [302, 302, 429]
    assert limited.status_code == 429 and int(limited.headers["retry-after"]) > 0

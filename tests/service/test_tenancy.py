"""Tenant isolation over the route table (battery group A). Cases are generated from `app.routes`, so a new
route is covered (or this test fails until its path parameters are given a B-owned object)."""

from __future__ import annotations

import re
import uuid

from tests.service.conftest import CLIENT_IP, object_keys, register_and_login, run_worker_burst, upload_file
from tests.sso_support.saml_idp import SamlTestIdp

PUBLIC_ROUTES = {
    ("POST", "/api/v1/auth/register"),
    ("POST", "/api/v1/auth/login"),
    ("POST", "/api/v1/auth/refresh"),
    ("GET", "/healthz"),
    # issue 4: public by design (each carries its own single-use token in the body)
    ("POST", "/api/v1/auth/verify-email"),
    ("POST", "/api/v1/auth/password-reset/request"),
    ("POST", "/api/v1/auth/password-reset/complete"),
    ("POST", "/api/v1/auth/2fa/complete"),
    # issue 4 SSO: the browser side of single sign-on (the IdP's answer and the one-time code authenticate)
    ("GET", "/api/v1/sso/saml/{connection_id}/metadata"),
    ("GET", "/api/v1/sso/saml/{connection_id}/login"),
    ("POST", "/api/v1/sso/saml/{connection_id}/acs"),
    ("GET", "/api/v1/sso/oidc/{connection_id}/login"),
    ("GET", "/api/v1/sso/oidc/{connection_id}/callback"),
    ("POST", "/api/v1/auth/sso/exchange"),
}


def api_routes(app):
    """Every (method, path) of the API, from the OpenAPI document the app itself generates."""
    for path, operations in app.openapi()["paths"].items():
        if path.startswith("/api/"):
            for method in sorted(operations):
                yield method.upper(), path


def fill(path: str, values: dict[str, str]) -> str:
    return re.sub(r"{(\w+)}", lambda match: values.get(match.group(1)) or str(uuid.uuid4()), path)


async def test_a1_every_private_route_needs_a_token(app, client):
    checked = 0
    for method, path in api_routes(app):
        if (method, path) in PUBLIC_ROUTES:
            continue
        response = await client.request(method, fill(path, {"user_id": str(uuid.uuid4())}), json={})
        assert response.status_code == 401, (method, path)
        assert response.json()["error"] == "invalid_token"
        checked += 1
    assert checked >= 6


SNAPSHOT_SQL = """
SELECT md5(coalesce((SELECT string_agg(m::text, ',' ORDER BY m.id) FROM memberships m), '')
        || coalesce((SELECT string_agg(f::text, ',' ORDER BY f.id) FROM files f), '')
        || coalesce((SELECT string_agg(j::text, ',' ORDER BY j.id) FROM jobs j), '')
        || coalesce((SELECT string_agg(r.job_id::text, ',' ORDER BY r.job_id) FROM reports r), '')
        || coalesce((SELECT string_agg(c::text, ',' ORDER BY c.id) FROM sso_connections c), ''))
"""
SUCCESS = {"GET": 200, "DELETE": 204, "POST": 201}  # POST: a sub-resource created (e.g. a re-analysis)
SUCCESS["PATCH"] = 200  # issue 4: PATCH /members/{id} with no body changes nothing and answers the member


async def test_a1_foreign_org_objects_are_404_identical_to_random_ids(app, client, two_orgs, superuser, settings):
    """Every templated route x method, from the route table, called by A with B's ids: a 404 byte-identical to
    a random id's, nothing changed in the database or S3; B itself gets its object (isolation, not a broken
    route). Destructive methods run last."""
    a, b = two_orgs.a, two_orgs.b
    # A second member in B, so B owns more than its owner.
    b_member = await register_and_login(client, label="member-b")
    await superuser.execute("DELETE FROM memberships WHERE user_id = $1", b_member.user_id)
    await superuser.execute(
        "INSERT INTO memberships (user_id, org_id, role) VALUES ($1, $2, 'member')", b_member.user_id, b.org_id
    )
    uploaded = await upload_file(client, b, "b.csv", b"id,city\n1,Oslo\n2,Lund\n")
    assert uploaded.status_code == 201, uploaded.text
    await run_worker_burst(settings)
    b_objects = {
        "user_id": [str(b.user_id), str(b_member.user_id)],
        "file_id": [uploaded.json()["file_id"]],
        "job_id": [uploaded.json()["job_id"]],
    }
    sso = await client.post(  # issue 4: B's SSO connection, for the /org/sso/connections/{connection_id} routes
        "/api/v1/org/sso/connections",
        json={"protocol": "saml", "name": "B's IdP", "idp_metadata_xml": SamlTestIdp().metadata_xml()},
        headers=b.auth,
    )
    assert sso.status_code == 201, sso.text
    b_objects["connection_id"] = [sso.json()["id"]]
    b_prefix = f"{settings.s3_prefix}/{b.org_id}/"
    before = (await superuser.fetchval(SNAPSHOT_SQL), object_keys(settings, b_prefix))
    assert before[1], "B has an object in S3"

    templated = [
        (method, path) for method, path in api_routes(app) if "{" in path and (method, path) not in PUBLIC_ROUTES
    ]
    templated.sort(key=lambda route: route[0] == "DELETE")
    assert {"GET", "DELETE"} <= {method for method, _ in templated}
    own_requests = []
    for method, path in templated:
        params = re.findall(r"{(\w+)}", path)
        assert all(param in b_objects for param in params), f"give {path} a B-owned object to try"
        random_response = await client.request(
            method, fill(path, {param: str(uuid.uuid4()) for param in params}), headers=a.auth
        )
        assert random_response.status_code == 404
        for index in range(len(b_objects[params[0]])):
            foreign = fill(path, {param: b_objects[param][index] for param in params})
            response = await client.request(method, foreign, headers=a.auth)
            assert response.status_code == 404, (method, foreign)
            assert response.content == random_response.content
            own_requests.append((method, foreign))
    after = (await superuser.fetchval(SNAPSHOT_SQL), object_keys(settings, b_prefix))
    assert before == after

    # Each probe of a real B object (and only those: the random ids left nothing) is audited once in A's chain.
    probes = await superuser.fetch(
        "SELECT user_id, ip, metadata FROM audit_events WHERE org_id = $1 AND event = 'authz_fail' ORDER BY seq",
        a.org_id,
    )
    assert len(probes) == len(own_requests)
    assert {row["user_id"] for row in probes} == {a.user_id}
    assert {str(row["ip"]) for row in probes} == {CLIENT_IP}
    assert (
        await superuser.fetchval(
            "SELECT count(*) FROM audit_events WHERE event = 'authz_fail' AND org_id = $1", b.org_id
        )
        == 0
    )

    # B sees (and may delete) its own objects: the 404s above are isolation, not broken routes.
    for method, foreign in own_requests:
        response = await client.request(method, foreign, headers=b.auth)
        assert response.status_code == SUCCESS[method], (method, foreign, response.text)


async def test_a2_lists_show_only_the_callers_org(client, two_orgs):
    a, b = two_orgs.a, two_orgs.b
    members = await client.get(f"/api/v1/members?org_id={b.org_id}", headers=a.auth)
    assert [member["user_id"] for member in members.json()] == [str(a.user_id)]
    org = await client.get(f"/api/v1/org?id={b.org_id}", headers=a.auth)
    assert org.json()["id"] == str(a.org_id)


async def test_a2_org_setting_changes_stay_in_the_callers_org(client, two_orgs, superuser):
    a, b = two_orgs.a, two_orgs.b
    response = await client.patch("/api/v1/org", json={"gdpr_check_enabled": False}, headers=a.auth)
    assert response.status_code == 200
    assert await superuser.fetchval("SELECT gdpr_check_enabled FROM orgs WHERE id = $1", b.org_id) is True
    assert (
        await superuser.fetchval(
            "SELECT count(*) FROM audit_events WHERE org_id = $1 AND event = 'gdpr_check_disabled'", b.org_id
        )
        == 0
    )


def test_org_scoped_repositories_refuse_a_missing_org():
    import pytest

    from orca_core.identity.repository import SessionRepository
    from orca_core.orgs.repository import MembershipRepository, OrgRepository

    for repository in (OrgRepository, MembershipRepository, SessionRepository):
        with pytest.raises(TypeError):
            repository(session=None, org_id=None)  # type: ignore[arg-type]

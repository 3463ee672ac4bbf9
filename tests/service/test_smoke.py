from tests.service.conftest import register_and_login


async def test_smoke(client):
    account = await register_and_login(client)
    response = await client.get("/api/v1/me", headers=account.auth)
    assert response.status_code == 200
    print(response.json(), dict(response.headers))

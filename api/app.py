"""The API application factory. `uvicorn --factory api.app:create_app` serves it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from api.client_ip import parse_networks
from api.errors import install_error_handlers
from api.middleware import CorsMiddleware, GuardMiddleware
from api.queueing import QueueClient
from api.ratelimits import create_limiter
from api.routers import audit, auth, files, health, jobs, me
from api.routers import llm as llm_router
from api.routers import sso as sso_router
from api.routers import twofactor as twofactor_router
from api.routers import ws as ws_router
from orca_core.db import create_engine, create_session_factory
from orca_core.identity.passwords import warm_up
from orca_core.logging import configure_logging
from orca_core.settings import Settings, get_settings
from orca_core.storage import ObjectStore


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()  # raises (refuses to start) on weak production secrets
    configure_logging(settings.log_level)

    engine = create_engine(
        settings.database_url.get_secret_value(), application_name="orca-api", pool_size=settings.database_pool_size
    )

    store = ObjectStore(settings)
    queue = QueueClient(settings)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        await warm_up(settings.bcrypt_rounds)
        if settings.s3_create_bucket:
            await store.ensure_bucket()
        yield
        await queue.close()
        await engine.dispose()

    app = FastAPI(
        title="orca",
        summary="Multi-tenant data profiling with a GDPR personal-data scanner",
        version="0.1.0",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.engine = engine
    app.state.session_factory = create_session_factory(engine)
    app.state.store = store
    app.state.queue = queue
    app.state.rate_limiter = create_limiter(settings)
    app.state.trusted_proxies = parse_networks(settings.trusted_proxies)

    install_error_handlers(app)
    for router in (health.router, auth.router, me.router, audit.router, files.router, jobs.router):
        app.include_router(router)
    app.include_router(ws_router.router)  # live progress: POST /api/v1/ws/tickets, WS /api/v1/ws/jobs/{id}
    app.include_router(llm_router.router)  # issue 5: GET /api/v1/llm/requests, the LLM egress ledger
    app.include_router(sso_router.router)  # issue 4 SSO: /api/v1/org/sso/..., /api/v1/sso/..., /auth/sso/exchange
    app.include_router(twofactor_router.router)  # issue 4: /api/v1/auth/2fa (TOTP enrolment and login step)

    # Added last = outermost: the guard wraps CORS so even preflight answers carry the security headers.
    app.add_middleware(CorsMiddleware, allow_origins=settings.cors_allow_origins)
    app.add_middleware(GuardMiddleware)
    return app

"""/api/v1/files: streamed upload (prescan -> S3 -> file + job rows -> enqueue), prescan only, list, read, delete."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response

from api.deps import ClientIp, CurrentPrincipal, Session
from api.multipart_stream import FRAMING_ALLOWANCE, FilePartStream
from api.queueing import enqueue_after_commit
from api.ratelimits import enforce
from orca_core.files.errors import FileTooLarge
from orca_core.files.schemas import (
    AnalysisResponse,
    FileDetailResponse,
    FilePage,
    FileResponse,
    PrescanFindingResponse,
    PrescanResponse,
    UploadResponse,
)
from orca_core.files.service import FileService, prescan_stream
from orca_core.jobs.service import JobService
from orca_core.ratelimit import Rule
from orca_core.settings import Settings
from orca_core.storage import ObjectStore

router = APIRouter(prefix="/api/v1/files", tags=["files"])

MULTIPART_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "properties": {"file": {"type": "string", "format": "binary"}},
                    "required": ["file"],
                }
            }
        },
    }
}


def _refuse_declared_oversize(request: Request, settings: Settings) -> None:
    """A Content-Length beyond the limit is refused before a byte is read (streamed bodies are counted)."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > settings.upload_max_bytes + FRAMING_ALLOWANCE:
        raise FileTooLarge()


@router.post("", status_code=201, response_model=UploadResponse, openapi_extra=MULTIPART_BODY)
async def upload(request: Request, principal: CurrentPrincipal, session: Session, ip: ClientIp) -> UploadResponse:
    settings: Settings = request.app.state.settings
    store: ObjectStore = request.app.state.store
    _refuse_declared_oversize(request, settings)
    service = FileService(session, principal.org_id)
    room = await service.quota_room(principal.user_id, ip=ip, settings=settings)
    # The authentication and quota transaction ends here, so no database connection is held while the body
    # streams.
    await session.commit()
    stream = FilePartStream(request, settings.upload_max_bytes)
    await stream.start()
    file, job = await service.upload(
        stream.chunks(),
        filename=stream.filename,
        user_id=principal.user_id,
        ip=ip,
        store=store,
        settings=settings,
        room=room,
    )
    try:
        await session.commit()
    except BaseException:
        await service.discard_object(store, file.s3_key)
        raise
    # Only now, with the rows committed, may the worker see the job.
    await enqueue_after_commit(request.app, job.id)
    return UploadResponse(file_id=file.id, job_id=job.id)


@router.post("/prescan", response_model=PrescanResponse, openapi_extra=MULTIPART_BODY)
async def prescan(request: Request, principal: CurrentPrincipal, session: Session, ip: ClientIp) -> PrescanResponse:
    settings: Settings = request.app.state.settings
    rule = Rule("prescan_user", settings.rate_limit_prescan_per_user)
    await enforce(
        request, session, rule, str(principal.user_id), ip=ip, org_id=principal.org_id, user_id=principal.user_id
    )
    _refuse_declared_oversize(request, settings)
    await session.commit()
    stream = FilePartStream(request, settings.upload_max_bytes)
    await stream.start()
    outcome = await prescan_stream(stream.chunks(), filename=stream.filename, settings=settings)
    return PrescanResponse(
        format=outcome.format,
        raw_passwords_found=outcome.raw_passwords_found,
        findings=[PrescanFindingResponse(**vars(finding)) for finding in outcome.findings],
        bytes_examined=outcome.bytes_examined,
    )


@router.get("", response_model=FilePage)
async def list_files(
    principal: CurrentPrincipal,
    session: Session,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> FilePage:
    files, total = await FileService(session, principal.org_id).page(limit=limit, offset=offset)
    items = [FileResponse.model_validate(file, from_attributes=True) for file in files]
    return FilePage(items=items, total=total, limit=limit, offset=offset)


@router.get("/{file_id}", response_model=FileDetailResponse)
async def get_file(file_id: uuid.UUID, principal: CurrentPrincipal, session: Session) -> FileDetailResponse:
    file = await FileService(session, principal.org_id).get(file_id)
    job = await JobService(session, principal.org_id).latest_for_file(file.id)
    base = FileResponse.model_validate(file, from_attributes=True)
    return FileDetailResponse(
        **base.model_dump(), job_id=job.id if job else None, job_status=job.status if job else None
    )


@router.post("/{file_id}/analyses", status_code=201, response_model=AnalysisResponse)
async def reanalyse(
    file_id: uuid.UUID, request: Request, principal: CurrentPrincipal, session: Session, ip: ClientIp
) -> AnalysisResponse:
    """Analyse a stored file again (a new job, same file). 409 `raw_file_deleted` once its raw bytes are gone,
    409 `analysis_in_progress` while an analysis of it is queued or running."""
    job = await FileService(session, principal.org_id).reanalyse(file_id, user_id=principal.user_id, ip=ip)
    await session.commit()
    await enqueue_after_commit(request.app, job.id)  # only now, with the row committed, may the worker see it
    return AnalysisResponse(file_id=file_id, job_id=job.id)


@router.delete("/{file_id}", status_code=204, response_class=Response)
async def delete_file(
    file_id: uuid.UUID, request: Request, principal: CurrentPrincipal, session: Session, ip: ClientIp
) -> Response:
    await FileService(session, principal.org_id).delete(
        file_id, store=request.app.state.store, user_id=principal.user_id, ip=ip
    )
    return Response(status_code=204)

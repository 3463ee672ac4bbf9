"""Why an upload is refused. Codes are stable: clients branch on them."""

from __future__ import annotations

from orca_core.errors import BadRequest, Conflict, OrcaError


class UploadRejected(OrcaError):
    status_code = 422
    code = "upload_rejected"
    detail = "The file was refused."


class RawPasswordsDetected(UploadRejected):
    code = "raw_passwords_detected"
    detail = "The file holds plaintext passwords; remove or hash that column and upload it again."
    # The refusal is audited even though nothing else of the request is kept.
    keep_changes = True


class UnsupportedUpload(UploadRejected):
    status_code = 415
    code = "unsupported_format"
    detail = "The file is not a table orca can scan (CSV/TSV, JSON, JSON Lines, XLSX, Parquet, optionally gzipped)."


class EmptyUpload(UploadRejected):
    code = "empty_file"
    detail = "The file is empty."


class FileTooLarge(UploadRejected):
    status_code = 413
    code = "file_too_large"
    detail = "The file is larger than the upload limit."


class QuotaExceeded(UploadRejected):
    """Past the uploader's quota: 429 when the file count is used up, 413 when this file would pass the bytes."""

    status_code = 429
    code = "quota_exceeded"
    detail = "Your upload quota is used up; delete files you no longer need."
    keep_changes = True  # the quota_exceeded audit row must survive the refusal

    def __init__(self, *, bytes_quota: bool) -> None:
        super().__init__()
        self.status_code = 413 if bytes_quota else 429
        self.limit = "bytes" if bytes_quota else "files"


class RawFileDeleted(Conflict):
    code = "raw_file_deleted"
    detail = "The file's raw bytes were deleted (retention policy or raw-password purge); it cannot be analysed again."


class AnalysisInProgress(Conflict):
    code = "analysis_in_progress"
    detail = "The file already has a queued or running analysis; wait for it to finish."


class MalformedUpload(BadRequest):
    code = "malformed_upload"
    detail = "The request is not a multipart/form-data upload with one `file` field."

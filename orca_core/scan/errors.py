"""Typed scan failures: every reader or engine failure carries a stable code and a sentence a user understands.

Codes are part of the public contract (CLI exit output, API error bodies); never rename one.
"""

from __future__ import annotations


class ScanError(Exception):
    """A file orca cannot scan, with a stable machine code and a human sentence.

    The message must never contain a raw cell value: it may travel to logs and API responses.
    """

    code: str = "scan_failed"

    def __init__(self, detail: str, *, code: str | None = None) -> None:
        super().__init__(detail)
        if code is not None:
            self.code = code
        self.detail = detail

    def to_dict(self) -> dict[str, str]:
        return {"error": self.code, "detail": self.detail}


class UnsupportedFormat(ScanError):
    code = "unsupported_format"


class MalformedCsv(ScanError):
    code = "malformed_csv"


class MalformedJson(ScanError):
    code = "malformed_json"


class MalformedXlsx(ScanError):
    code = "malformed_xlsx"


class MalformedParquet(ScanError):
    code = "malformed_parquet"


class ZipBomb(ScanError):
    code = "zip_bomb"


class EncryptedWorkbook(ScanError):
    code = "encrypted_workbook"


class UnsafeXml(ScanError):
    code = "unsafe_xml"


class UnsafeParquet(ScanError):
    code = "unsafe_parquet"


class TooManyColumns(ScanError):
    code = "too_many_columns"


class EmptyFile(ScanError):
    code = "empty_file"


class FileTooLarge(ScanError):
    code = "file_too_large"

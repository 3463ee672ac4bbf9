"""Streaming multipart/form-data: the `file` field's bytes are handed on as the request body arrives.

Starlette's `request.form()` spools the whole body (to memory, then a temporary file) before the endpoint runs;
an upload is instead parsed incrementally with python-multipart's push parser fed from `request.stream()`, so
the prescan sees the head while the rest is still in flight and memory stays bounded. Limits: the number of
parts, the size of part headers and of non-file fields, and bytes before the first part (preamble garbage).
"""

from __future__ import annotations

from collections.abc import AsyncIterator

from python_multipart.exceptions import MultipartParseError
from python_multipart.multipart import MultipartParser, parse_options_header
from starlette.requests import Request

from orca_core.files.errors import FileTooLarge, MalformedUpload

MAX_PARTS = 16
MAX_HEADER_BYTES = 16 * 1024
MAX_OTHER_FIELD_BYTES = 64 * 1024
MAX_PREAMBLE_BYTES = 64 * 1024
# Multipart framing around the file: boundaries and part headers.
FRAMING_ALLOWANCE = 64 * 1024


class FilePartStream:
    def __init__(self, request: Request, max_file_bytes: int) -> None:
        media_type, options = parse_options_header(request.headers.get("content-type", ""))
        boundary = options.get(b"boundary")
        if media_type != b"multipart/form-data" or not boundary:
            raise MalformedUpload()
        self._body = request.stream().__aiter__()
        self._max_body = max_file_bytes + FRAMING_ALLOWANCE
        self._body_bytes = 0
        self._parts = 0
        self._header_bytes = 0
        self._other_bytes = 0
        self._field = bytearray()
        self._value = bytearray()
        self._headers: dict[bytes, bytes] = {}
        self._in_file = False
        self._found_file = False
        self._file_done = False
        self._ended = False
        self._pending: list[bytes] = []
        self.filename: str | None = None
        self._parser = MultipartParser(
            boundary,
            callbacks={
                "on_part_begin": self._on_part_begin,
                "on_header_field": self._on_header_field,
                "on_header_value": self._on_header_value,
                "on_header_end": self._on_header_end,
                "on_headers_finished": self._on_headers_finished,
                "on_part_data": self._on_part_data,
                "on_part_end": self._on_part_end,
                "on_end": self._on_end,
            },
        )

    # parser callbacks -------------------------------------------------------------------------------------
    def _on_part_begin(self) -> None:
        self._parts += 1
        if self._parts > MAX_PARTS:
            raise MalformedUpload("The upload has too many form fields.", code="too_many_fields")
        self._headers = {}

    def _count_header(self, size: int) -> None:
        self._header_bytes += size
        if self._header_bytes > MAX_HEADER_BYTES:
            raise MalformedUpload("The upload's part headers are too large.")

    def _on_header_field(self, data: bytes, start: int, end: int) -> None:
        self._count_header(end - start)
        self._field += data[start:end]

    def _on_header_value(self, data: bytes, start: int, end: int) -> None:
        self._count_header(end - start)
        self._value += data[start:end]

    def _on_header_end(self) -> None:
        self._headers[bytes(self._field).lower()] = bytes(self._value)
        self._field.clear()
        self._value.clear()

    def _on_headers_finished(self) -> None:
        _, options = parse_options_header(self._headers.get(b"content-disposition", b""))
        if options.get(b"name") == b"file" and not self._found_file:
            self._in_file = True
            self._found_file = True
            self.filename = options.get(b"filename", b"").decode("utf-8", "replace")

    def _on_part_data(self, data: bytes, start: int, end: int) -> None:
        if self._in_file:
            self._pending.append(bytes(data[start:end]))
            return
        self._other_bytes += end - start
        if self._other_bytes > MAX_OTHER_FIELD_BYTES:
            raise MalformedUpload("Form fields other than `file` are too large.")

    def _on_part_end(self) -> None:
        if self._in_file:
            self._file_done = True
        self._in_file = False

    def _on_end(self) -> None:
        self._ended = True

    # feeding ------------------------------------------------------------------------------------------------
    async def _feed(self) -> bool:
        """Feed the next body chunk to the parser; False at the end of the body."""
        try:
            chunk = await self._body.__anext__()
        except StopAsyncIteration:
            return False
        self._body_bytes += len(chunk)
        if self._body_bytes > self._max_body:
            raise FileTooLarge()
        try:
            self._parser.write(chunk)
        except MultipartParseError:
            raise MalformedUpload() from None
        if self._parts == 0 and self._body_bytes > MAX_PREAMBLE_BYTES:
            raise MalformedUpload("No form field found at the start of the upload.")
        return True

    async def start(self) -> None:
        """Read until the `file` part's headers are parsed (its filename known)."""
        while not self._found_file:
            if self._ended or not await self._feed():
                raise MalformedUpload("The upload has no `file` field.", code="missing_file")

    async def chunks(self) -> AsyncIterator[bytes]:
        while True:
            if self._pending:
                data = b"".join(self._pending)
                self._pending.clear()
                yield data
            if self._file_done:
                return
            if self._ended or not await self._feed():
                raise MalformedUpload("The upload ended in the middle of the file.")

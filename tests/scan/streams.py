"""Test helpers: sources shaped like the ones the service passes to readers (S3 bodies cannot seek)."""

from __future__ import annotations

import io


class NonSeekable(io.RawIOBase):
    def __init__(self, payload: bytes) -> None:
        self._buffer = io.BytesIO(payload)

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return False

    def readinto(self, target: memoryview | bytearray) -> int:  # type: ignore[override]
        data = self._buffer.read(len(target))
        target[: len(data)] = data
        return len(data)

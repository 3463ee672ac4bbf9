"""Byte plumbing shared by the readers: a forward-only stream that can show its head, counts what it took
from the underlying source, and can be spooled to a temporary file for formats that need random access.

Sources may be S3 streaming bodies that cannot seek, so nothing here ever seeks the caller's object.
"""

from __future__ import annotations

import io
import shutil
import tempfile
import threading
from contextlib import ExitStack
from typing import IO, BinaryIO, Protocol

SPOOL_CHUNK_BYTES = 1024 * 1024


class ReadableBytes(Protocol):
    def read(self, size: int = -1, /) -> bytes: ...


class ByteSource(io.RawIOBase):
    """Replays a peeked head, then reads straight through; `consumed` counts bytes taken from `raw`."""

    def __init__(self, raw: ReadableBytes) -> None:
        super().__init__()
        self._raw = raw
        self._head = b""
        self._head_pos = 0
        self.consumed = 0
        self._exhausted = False

    def readable(self) -> bool:
        return True

    def _pull(self, size: int) -> bytes:
        chunks: list[bytes] = []
        wanted = size
        # Streaming bodies may return short reads; keep reading so callers see full blocks until EOF.
        while wanted > 0 and not self._exhausted:
            chunk = self._raw.read(wanted)
            if not chunk:
                self._exhausted = True
                break
            chunks.append(chunk)
            wanted -= len(chunk)
        data = b"".join(chunks)
        self.consumed += len(data)
        return data

    def peek_head(self, size: int) -> bytes:
        """The first `size` bytes (fewer at EOF) without consuming them; only valid before any read."""
        if self._head_pos:
            raise RuntimeError("peek_head must be called before reading")
        if len(self._head) < size:
            self._head += self._pull(size - len(self._head))
        return self._head[:size]

    def skip_head(self, count: int) -> None:
        """Drop `count` leading bytes (a byte-order mark) from the replayed head."""
        self._head_pos = min(count, len(self._head))

    def read(self, size: int | None = -1) -> bytes:
        if size is None or size < 0:
            rest = self._head[self._head_pos :]
            self._head_pos = len(self._head)
            return rest + self._pull_all()
        if self._head_pos < len(self._head):
            data = self._head[self._head_pos : self._head_pos + size]
            self._head_pos += len(data)
            if self._head_pos >= len(self._head):
                self._head = b""
                self._head_pos = 0
            return data
        return self._pull(size)

    def _pull_all(self) -> bytes:
        chunks = []
        while chunk := self._pull(SPOOL_CHUNK_BYTES):
            chunks.append(chunk)
        return b"".join(chunks)

    def readinto(self, buffer: memoryview | bytearray) -> int:  # type: ignore[override]
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


class Utf8Transcoder(io.RawIOBase):
    """Re-encodes a text stream as UTF-8 bytes, so byte-oriented parsers (ijson) can read UTF-16 or CP1252."""

    def __init__(self, text: IO[str]) -> None:
        super().__init__()
        self._text = text
        self._pending = b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview | bytearray) -> int:  # type: ignore[override]
        while len(self._pending) < len(buffer):
            chunk = self._text.read(SPOOL_CHUNK_BYTES // 4)
            if not chunk:
                break
            self._pending += chunk.encode("utf-8", errors="surrogatepass")
        size = min(len(buffer), len(self._pending))
        buffer[:size] = self._pending[:size]
        self._pending = self._pending[size:]
        return size


def text_stream(source: ByteSource, encoding: str) -> io.TextIOWrapper:
    return io.TextIOWrapper(io.BufferedReader(source, SPOOL_CHUNK_BYTES), encoding=encoding, errors="strict")


def random_access_file(raw: BinaryIO | None, source: ByteSource, stack: ExitStack) -> BinaryIO:
    """A seekable file holding the whole source: the caller's own object when it started at offset 0 and
    can seek (pass it as `raw`), else a temporary spool file deleted when `stack` closes (also on error)."""
    if raw is not None:
        raw.seek(0)
        return raw
    spool = stack.enter_context(tempfile.NamedTemporaryFile(prefix="orca-spool-"))  # noqa: SIM115
    shutil.copyfileobj(source, spool, SPOOL_CHUNK_BYTES)
    spool.flush()
    spool.seek(0)
    return spool  # type: ignore[return-value]


def seekable_at_start(raw: BinaryIO) -> bool:
    """True when `raw` can seek and sits at offset 0 (a later start shifts offsets inside a container)."""
    try:
        return bool(raw.seekable()) and raw.tell() == 0
    except (OSError, ValueError, AttributeError):
        return False


class ReadAheadGate(io.RawIOBase):
    """Backpressure for pyarrow's streaming CSV reader, whose I/O thread otherwise reads far ahead of the
    consumer (dozens of blocks, held as Python bytes outside Arrow's memory pool).

    `read` blocks while more than `ahead_bytes` have been handed out beyond what the consumer `release`d;
    `open_fully` (on close or error) lifts the limit so the I/O thread can never be left waiting.
    """

    def __init__(self, raw: ReadableBytes, ahead_bytes: int) -> None:
        super().__init__()
        self._raw = raw
        self._limit = ahead_bytes
        self._handed_out = 0
        self._released = 0
        self._unlimited = False
        self._condition = threading.Condition()

    def readable(self) -> bool:
        return True

    def release(self, count: int) -> None:
        with self._condition:
            self._released += count
            self._condition.notify_all()

    def open_fully(self) -> None:
        with self._condition:
            self._unlimited = True
            self._condition.notify_all()

    def read(self, size: int | None = -1) -> bytes:
        with self._condition:
            self._condition.wait_for(lambda: self._unlimited or self._handed_out - self._released < self._limit)
        data = self._raw.read(-1 if size is None else size)
        with self._condition:
            self._handed_out += len(data)
        return data

    def readinto(self, buffer: memoryview | bytearray) -> int:  # type: ignore[override]
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

"""Read ahead: pull items from an iterator on a background thread, a bounded number at a time.

Parsing the next Arrow batch (pyarrow releases the GIL while it parses) then overlaps with profiling the current
one. The queue depth bounds memory; an exception in the producer is re-raised in the consumer, and a consumer
that stops early releases the producer.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator
from typing import Generic, TypeVar

T = TypeVar("T")

_DONE = object()


class _Failure:
    def __init__(self, error: BaseException) -> None:
        self.error = error


class Prefetcher(Generic[T]):
    def __init__(self, source: Iterator[T], depth: int = 2) -> None:
        self._source = source
        self._queue: queue.Queue[object] = queue.Queue(maxsize=depth)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._produce, name="orca-prefetch", daemon=True)
        self._thread.start()

    def _put(self, item: object) -> bool:
        while not self._stop.is_set():
            try:
                self._queue.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def _produce(self) -> None:
        try:
            for item in self._source:
                if not self._put(item):
                    return
        except BaseException as error:
            self._put(_Failure(error))
            return
        self._put(_DONE)

    def __iter__(self) -> Iterator[T]:
        try:
            while True:
                item = self._queue.get()
                if item is _DONE:
                    return
                if isinstance(item, _Failure):
                    raise item.error
                yield item  # type: ignore[misc]
        finally:
            self._stop.set()
            self._thread.join(timeout=5)


def prefetch(source: Iterator[T], depth: int = 2) -> Iterator[T]:
    return iter(Prefetcher(source, depth))

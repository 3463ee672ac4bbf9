from __future__ import annotations

import threading
import time

import pytest

from orca_core.scan.prefetch import prefetch


def test_items_arrive_in_order() -> None:
    assert list(prefetch(iter(range(1000)), depth=3)) == list(range(1000))


def test_producer_error_reaches_the_consumer_after_the_items_before_it() -> None:
    def failing():
        yield 1
        yield 2
        raise ValueError("broken source")

    seen = []
    with pytest.raises(ValueError, match="broken source"):
        for item in prefetch(failing()):
            seen.append(item)
    assert seen == [1, 2]


def test_read_ahead_is_bounded_and_stops_when_the_consumer_stops() -> None:
    produced = []

    def source():
        for i in range(10_000):
            produced.append(i)
            yield i

    consumer = prefetch(source(), depth=2)
    assert next(consumer) == 0
    time.sleep(0.2)
    assert len(produced) <= 4  # the one consumed, two queued, one waiting to be queued
    consumer.close()
    time.sleep(0.3)
    assert not [t for t in threading.enumerate() if t.name == "orca-prefetch"]

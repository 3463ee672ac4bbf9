"""Parquet reader: native types, struct flattening, exotic types as strings, and the footer safety checks."""

from __future__ import annotations

import datetime as dt
import pickle
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from orca_core.scan.errors import FileTooLarge, MalformedParquet, TooManyColumns, UnsafeParquet
from orca_core.scan.readers import open_tables
from orca_core.scan.tables import ReaderLimits, TableStream
from tests.scan.streams import NonSeekable


def write(table: pa.Table, path: Path, **kwargs: object) -> Path:
    pq.write_table(table, path, **kwargs)  # type: ignore[arg-type]
    return path


def only_table(path: Path, **kwargs: object) -> TableStream:
    tables = list(open_tables(path, **kwargs))  # type: ignore[arg-type]
    assert len(tables) == 1
    return tables[0]


def collect(table: TableStream) -> pa.Table:
    return pa.Table.from_batches(list(table.batches))


def test_native_types_are_kept(tmp_path: Path) -> None:
    source = pa.table(
        {
            "id": pa.array([1, 2, 3], pa.int64()),
            "score": pa.array([1.5, None, 3.25], pa.float64()),
            "active": pa.array([True, False, None]),
            "seen": pa.array([dt.datetime(2024, 1, 1, 12), None, dt.datetime(2024, 3, 1)], pa.timestamp("us")),
            "born": pa.array([dt.date(1990, 1, 2), dt.date(1991, 2, 3), None], pa.date32()),
            "name": pa.array(["Ann", "Bob", None], pa.large_string()),
        }
    )
    table = only_table(write(source, tmp_path / "people.parquet"))
    assert (table.name, table.source_format, table.row_count_hint) == ("people", "parquet", 3)
    result = collect(table)
    assert result.schema.field("id").type == pa.int64()
    assert result.schema.field("seen").type == pa.timestamp("us")
    assert result.schema.field("name").type == pa.string()
    assert result.column("score").to_pylist() == [1.5, None, 3.25]
    assert result.column("name").to_pylist() == ["Ann", "Bob", None]


def test_structs_are_flattened_to_dotted_names(tmp_path: Path) -> None:
    address = pa.struct([("city", pa.string()), ("geo", pa.struct([("lat", pa.float64()), ("lon", pa.float64())]))])
    source = pa.table(
        {
            "name": ["Ann", "Bob", "Cy"],
            "address": pa.array(
                [
                    {"city": "Paris", "geo": {"lat": 48.8, "lon": 2.3}},
                    None,
                    {"city": "Rome", "geo": None},
                ],
                address,
            ),
            "address.city": ["dup-1", "dup-2", "dup-3"],  # collides with the flattened name
        }
    )
    table = only_table(write(source, tmp_path / "nested.parquet"))
    assert table.column_names == [
        "name",
        "address.city",
        "address.geo.lat",
        "address.geo.lon",
        "address.city_2",
    ]
    result = collect(table)
    assert result.column("address.city").to_pylist() == ["Paris", None, "Rome"]
    assert result.column("address.geo.lat").to_pylist() == [48.8, None, None]
    assert result.column("address.city_2").to_pylist() == ["dup-1", "dup-2", "dup-3"]


def test_exotic_types_become_strings(tmp_path: Path) -> None:
    source = pa.table(
        {
            "category": pa.array(["a", "b", "a"]).dictionary_encode(),
            "blob_text": pa.array([b"hello", None, b"world"], pa.binary()),
            "blob_raw": pa.array([b"\xff\x00", b"ok", None], pa.binary()),
            "tags": pa.array([["x", "y"], [], None], pa.list_(pa.string())),
            "counts": pa.array([[1, 2], None, [3]], pa.large_list(pa.int32())),
            "attrs": pa.array([[("k", "v")], None, []], pa.map_(pa.string(), pa.string())),
            "half": pa.array([1.5, None, 2.0], pa.float16()),
        }
    )
    result = collect(only_table(write(source, tmp_path / "exotic.parquet")))
    assert result.schema.field("category").type == pa.string()
    assert result.column("category").to_pylist() == ["a", "b", "a"]
    assert result.column("blob_text").to_pylist() == ["hello", None, "world"]
    assert result.column("blob_raw").to_pylist() == ["ff00", "ok", None]
    assert result.schema.field("tags").type == pa.list_(pa.string())
    assert result.column("tags").to_pylist() == [["x", "y"], [], None]
    assert result.schema.field("counts").type == pa.list_(pa.int32())
    assert result.schema.field("attrs").type == pa.string()
    assert result.column("attrs").to_pylist()[0] == '[["k", "v"]]'
    assert result.column("half").to_pylist() == [1.5, None, 2.0]


def test_row_groups_are_streamed_with_progress(tmp_path: Path) -> None:
    source = pa.table({"n": list(range(10_000)), "text": [f"row {i}" for i in range(10_000)]})
    path = write(source, tmp_path / "groups.parquet", row_group_size=1_000)
    table = only_table(path, limits=ReaderLimits(batch_rows=400))
    assert table.bytes_read is not None
    progress = [table.bytes_read()]
    sizes = []
    for batch in table.batches:
        sizes.append(batch.num_rows)
        progress.append(table.bytes_read())
    assert sum(sizes) == 10_000 and max(sizes) <= 400
    assert progress == sorted(progress) and progress[0] < progress[-1] <= path.stat().st_size


def test_non_seekable_source_is_spooled(tmp_path: Path) -> None:
    path = write(pa.table({"email": ["a@example.com", "b@example.com"]}), tmp_path / "x.parquet")
    [table] = list(open_tables(NonSeekable(path.read_bytes()), filename="x.parquet"))  # type: ignore[arg-type]
    assert collect(table).column("email").to_pylist() == ["a@example.com", "b@example.com"]


SENTINEL_NAME = "pwned-by-pickle"


class _CreatesSentinel:
    """Unpickling this calls open(path, "w"): the sentinel file appears if anything ever unpickles it."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __reduce__(self) -> tuple[object, tuple[str, str]]:
        return (open, (str(self.path), "w"))


def test_f32_python_extension_type_is_refused_without_unpickling(tmp_path: Path) -> None:
    sentinel = tmp_path / SENTINEL_NAME
    payload = pickle.dumps(_CreatesSentinel(sentinel))
    field = pa.field(
        "x",
        pa.binary(),
        metadata={b"ARROW:extension:name": b"arrow.py_extension_type", b"ARROW:extension:metadata": payload},
    )
    path = write(pa.table({"x": pa.array([b"a"])}, schema=pa.schema([field])), tmp_path / "evil.parquet")
    with pytest.raises(UnsafeParquet):
        list(open_tables(path))
    assert not sentinel.exists()
    # Sanity check that the payload is live: loading it by hand would have created the file.
    pickle.loads(payload).close()
    assert sentinel.exists()


def test_f32_pickle_in_key_value_metadata_is_refused(tmp_path: Path) -> None:
    sentinel = tmp_path / SENTINEL_NAME
    schema = pa.schema([pa.field("x", pa.int64())], metadata={b"model": pickle.dumps(_CreatesSentinel(sentinel))})
    path = write(pa.table({"x": [1]}, schema=schema), tmp_path / "meta.parquet")
    with pytest.raises(UnsafeParquet, match="pickle"):
        list(open_tables(path))
    assert not sentinel.exists()


def test_ordinary_metadata_is_accepted(tmp_path: Path) -> None:
    schema = pa.schema([pa.field("x", pa.int64(), metadata={b"unit": b"kg"})], metadata={b"origin": b"crm export"})
    path = write(pa.table({"x": [1]}, schema=schema), tmp_path / "ok.parquet")
    assert collect(only_table(path)).column("x").to_pylist() == [1]


def test_too_many_columns_is_refused_from_the_footer(tmp_path: Path) -> None:
    path = write(pa.table({f"c{i}": [i] for i in range(30)}), tmp_path / "wide.parquet")
    with pytest.raises(TooManyColumns):
        only_table(path, limits=ReaderLimits(max_columns=10))


def test_too_many_row_groups_is_refused(tmp_path: Path) -> None:
    path = write(pa.table({"n": list(range(100))}), tmp_path / "groups.parquet", row_group_size=10)
    with pytest.raises(FileTooLarge):
        only_table(path, limits=ReaderLimits(max_parquet_row_groups=5))


@pytest.mark.parametrize("cut", ["truncated", "garbage_body"])
def test_corrupt_files_are_malformed(tmp_path: Path, cut: str) -> None:
    path = write(pa.table({"n": list(range(1_000))}), tmp_path / "x.parquet")
    payload = path.read_bytes()
    if cut == "truncated":
        damaged = payload[: len(payload) // 2]
    else:
        damaged = b"PAR1" + b"\x17" * (len(payload) - 8) + b"PAR1"
    path.write_bytes(damaged)
    with pytest.raises(MalformedParquet):
        collect(only_table(path))

"""Service load: upload throughput, upload-to-report time, and GET /jobs/{id} latency under concurrent clients.

Brings up a private stack (bench/stack.py: PostgreSQL database, moto S3 server, uvicorn API, ARQ workers) and
prints figures; nothing is asserted. Run it with `make bench-service` (or, with the services up,
`uv run python bench/service_load.py`).

1. N concurrent uploads of a ~10 MB CSV through the API (streamed multipart -> prescan -> S3 multipart), and
   the same bytes put straight into S3 with boto3 by N threads: the obvious alternative, for the ratio.
2. Upload-to-report time for each of those files (the worker profiles and classifies them).
3. p50/p99 latency of GET /api/v1/jobs/{id} from C concurrent clients, on an idle stack and while uploads
   and scans run.
4. Optional (`--big-upload-gb 1`): one streamed upload of that size, sampling the API process's RSS.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import boto3
import httpx
import psutil
from botocore.config import Config

sys.path.insert(0, str(Path(__file__).resolve().parent))
from datagen import write_csv
from stack import Stack, new_account, running_stack

MB = 1024 * 1024


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))]


async def upload(http: httpx.AsyncClient, auth: dict[str, str], name: str, content: bytes) -> tuple[str, float]:
    started = time.perf_counter()
    response = await http.post("/api/v1/files", files={"file": (name, content, "text/csv")}, headers=auth, timeout=300)
    response.raise_for_status()
    return response.json()["job_id"], time.perf_counter() - started


async def wait_for_final(http: httpx.AsyncClient, auth: dict[str, str], job_id: str, timeout: float = 900) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        status = (await http.get(f"/api/v1/jobs/{job_id}", headers=auth)).json()["status"]
        if status in ("completed", "failed", "rejected"):
            return str(status)
        await asyncio.sleep(0.1)
    return "timeout"


async def poll_latencies(
    http: httpx.AsyncClient, auth: dict[str, str], job_id: str, clients: int, stop: asyncio.Event
) -> list[float]:
    latencies: list[float] = []

    async def client() -> None:
        while not stop.is_set():
            started = time.perf_counter()
            response = await http.get(f"/api/v1/jobs/{job_id}", headers=auth)
            latencies.append(time.perf_counter() - started)
            response.raise_for_status()

    await asyncio.gather(*(client() for _ in range(clients)))
    return latencies


def direct_s3_seconds(stack: Stack, content: bytes, uploads: int) -> float:
    """The obvious alternative: the same bytes put straight into the same S3 server by N threads."""
    s3 = boto3.client(
        "s3",
        endpoint_url=stack.env["ORCA_S3_ENDPOINT_URL"],
        aws_access_key_id="moto-bench-key",
        aws_secret_access_key="moto-bench-secret",
        region_name="us-east-1",
        config=Config(max_pool_connections=max(10, uploads)),
    )
    bucket = stack.env["ORCA_S3_BUCKET"]

    def put(n: int) -> None:
        s3.put_object(Bucket=bucket, Key=f"direct/{uuid.uuid4()}-{n}", Body=content, ServerSideEncryption="AES256")

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=uploads) as pool:
        list(pool.map(put, range(uploads)))
    return time.perf_counter() - started


async def latency_round(
    http: httpx.AsyncClient, auth: dict[str, str], job_id: str, clients: int, seconds: float
) -> list[float]:
    stop = asyncio.Event()
    task = asyncio.create_task(poll_latencies(http, auth, job_id, clients, stop))
    await asyncio.sleep(seconds)
    stop.set()
    return await task


def describe(label: str, latencies: list[float]) -> str:
    return (
        f"{label}: {len(latencies)} requests, p50 {percentile(latencies, 0.5) * 1000:.1f} ms, "
        f"p99 {percentile(latencies, 0.99) * 1000:.1f} ms"
    )


async def load_run(stack: Stack, content: bytes, uploads: int, clients: int, seconds: float) -> None:
    limits = httpx.Limits(max_connections=clients + uploads + 4)
    async with httpx.AsyncClient(base_url=stack.api_url, limits=limits, timeout=60) as http:
        auth = await new_account(http, "bench")
        # A finished job to poll, so the idle round measures the API and the database, not a scan.
        probe_job, _ = await upload(http, auth, "probe.csv", content[: 64 * 1024].rsplit(b"\n", 1)[0] + b"\n")
        await wait_for_final(http, auth, probe_job)

        idle = await latency_round(http, auth, probe_job, clients, seconds)
        print(describe(f"GET /jobs/{{id}}, {clients} clients, idle stack", idle))

        started = time.perf_counter()
        stop = asyncio.Event()
        polling = asyncio.create_task(poll_latencies(http, auth, probe_job, clients, stop))
        results = await asyncio.gather(*(upload(http, auth, f"load-{n}.csv", content) for n in range(uploads)))
        upload_wall = time.perf_counter() - started
        finals = await asyncio.gather(*(wait_for_final(http, auth, job_id) for job_id, _ in results))
        report_wall = time.perf_counter() - started
        stop.set()
        loaded = await polling

    direct = direct_s3_seconds(stack, content, uploads)
    total_mb = uploads * len(content) / MB
    per_upload = [seconds_ for _, seconds_ in results]
    print(
        f"uploads: {uploads} x {len(content) / MB:.1f} MB concurrently: {total_mb / upload_wall:.1f} MB/s through "
        f"the API into S3 (wall {upload_wall:.2f} s; per upload median {statistics.median(per_upload):.2f} s)"
    )
    print(
        f"direct boto3 put_object of the same bytes, {uploads} threads: {total_mb / direct:.1f} MB/s "
        f"(API/direct time ratio {upload_wall / direct:.2f}x)"
    )
    print(f"upload -> report for all {uploads} files: {report_wall:.2f} s wall; outcomes {sorted(set(finals))}")
    print(describe(f"GET /jobs/{{id}}, {clients} clients, during uploads and scans", loaded))


async def big_upload(stack: Stack, gigabytes: float, content: bytes) -> None:
    """Stream `gigabytes` of CSV (the sample repeated, header once) and sample the API's RSS while it passes."""
    total = int(gigabytes * 1024**3)
    header, body = content.split(b"\n", 1)
    boundary = uuid.uuid4().hex

    async def multipart() -> AsyncIterator[bytes]:
        yield (
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.csv"\r\n'
                "Content-Type: text/csv\r\n\r\n"
            ).encode()
            + header
            + b"\n"
        )
        sent = 0
        while sent < total:
            chunk = body[: total - sent]
            sent += len(chunk)
            yield chunk
        yield f"\r\n--{boundary}--\r\n".encode()

    api = psutil.Process(stack.api_pid)
    baseline = api.memory_info().rss
    peak = baseline
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, api.memory_info().rss)
            time.sleep(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    async with httpx.AsyncClient(base_url=stack.api_url, timeout=1800) as http:
        auth = await new_account(http, "big")
        started = time.perf_counter()
        response = await http.post(
            "/api/v1/files",
            content=multipart(),
            headers={**auth, "Content-Type": f"multipart/form-data; boundary={boundary}"},
        )
        seconds = time.perf_counter() - started
    done.set()
    sampler.join()
    print(
        f"big upload: {total / 1024**3:.2f} GB streamed in {seconds:.1f} s ({total / MB / seconds:.0f} MB/s), "
        f"status {response.status_code}; API RSS baseline {baseline / MB:.0f} MB, peak {peak / MB:.0f} MB"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--uploads", type=int, default=8, help="concurrent uploads (default 8)")
    parser.add_argument("--clients", type=int, default=50, help="concurrent GET /jobs clients (default 50)")
    parser.add_argument("--seconds", type=float, default=10.0, help="length of the idle latency round")
    parser.add_argument("--rows", type=int, default=60_000, help="rows of the upload CSV (~10 MB at 60k)")
    parser.add_argument("--workers", type=int, default=1, help="ARQ worker processes")
    parser.add_argument("--big-upload-gb", type=float, default=0.0, help="also stream one upload of this size")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as scratch:
        content = write_csv(Path(scratch) / "load.csv", args.rows).read_bytes()
    print(f"machine: {psutil.cpu_count()} CPUs; upload file {len(content) / MB:.1f} MB ({args.rows} rows)")
    with running_stack(workers=args.workers) as stack:
        asyncio.run(load_run(stack, content, args.uploads, args.clients, args.seconds))
        if args.big_upload_gb:
            asyncio.run(big_upload(stack, args.big_upload_gb, content))


if __name__ == "__main__":
    main()

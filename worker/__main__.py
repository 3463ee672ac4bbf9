"""`python -m worker`: run one ARQ worker with orca's settings (the same as `arq worker.settings.WorkerSettings`)."""

from __future__ import annotations

from arq.worker import run_worker

from worker.settings import WorkerSettings

if __name__ == "__main__":
    run_worker(WorkerSettings)  # type: ignore[arg-type]

"""Scan jobs and their reports: queued by an upload, run by the worker, read by the API."""

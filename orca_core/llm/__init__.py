"""LLM (Gemini) column classification behind the masker: masking.py -> payload.py (the boundary) -> transport.py
-> merge.py, orchestrated by classifier.py; service.py runs it in the worker, local.py for `orca scan --llm`,
verify.py is `orca llm verify`. It sits above orca_core.scan, which never imports it. See docs/llm.md."""

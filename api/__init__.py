"""The orca HTTP API (FastAPI). `api.app.create_app` builds it; routers stay thin and call orca_core services."""

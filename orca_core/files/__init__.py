"""Uploaded files: streamed prescan, storage in S3 under ids only, org-scoped listing and confirmed deletion."""

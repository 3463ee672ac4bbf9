"""Organisations (tenants) and memberships: who belongs to which org, with which role."""

"""The append-only audit log: one hash chain per org, written in the transaction of the change it records."""

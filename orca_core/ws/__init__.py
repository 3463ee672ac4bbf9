"""Live job progress over WebSockets: single-use tickets and the frames a socket sends (no transport code)."""

"""Helpers for the reading room's tests (tests/test_serve.py): browser and server."""

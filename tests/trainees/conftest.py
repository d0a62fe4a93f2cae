"""Fixtures shared with other folders live in tests/conftest.py."""

from tests.conftest import wear  # noqa: F401
